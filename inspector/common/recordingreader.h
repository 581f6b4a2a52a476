#ifndef RECORDINGREADER_H
#define RECORDINGREADER_H

#include "recordinginfo.h"

#include <QtCore/qjsonobject.h>

class CaptureSession;
class QIODevice;

// Reads a recording (see RecordingWriter) into a capture. Also reads the
// output of `socketio-cli --raw` (packet records without "time": they get
// one millisecond each, in order). Lines that are not JSON objects, and
// packet records that make no sense, are skipped and counted.
class RecordingReader
{
public:
    // False only when nothing could be read at all (I/O error, or not one
    // usable line); info->skippedLines tells about the rest.
    static bool read(QIODevice *device, CaptureSession *session, RecordingInfo *info,
                     QString *error = nullptr);
    static bool load(const QString &path, CaptureSession *session, RecordingInfo *info,
                     QString *error = nullptr);

    // A quick look: does this file start like a recording?
    static bool looksLikeRecording(const QString &path);
};

#endif // RECORDINGREADER_H
