#ifndef HARWRITER_H
#define HARWRITER_H

#include "recordinginfo.h"

class CaptureSession;
class QIODevice;

// Writes a capture as a HAR 1.2 file that browsers' developer tools open, in the layout
// HarReader reads: per stream, one WebSocket entry with its frames in `_webSocketMessages`, and
// polling as ordinary entries, a POST per run of packets the client sent and a GET per run the
// server sent, each with its body. Times keep millisecond precision (HAR's).
class HarWriter
{
public:
    static bool write(const CaptureSession &session, const RecordingInfo &info, QIODevice *device,
                      QString *error = nullptr);
    static bool save(const CaptureSession &session, const RecordingInfo &info, const QString &path,
                     QString *error = nullptr);
};

#endif // HARWRITER_H
