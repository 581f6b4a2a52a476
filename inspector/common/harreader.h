#ifndef HARREADER_H
#define HARREADER_H

#include "recordinginfo.h"

class CaptureSession;
class QIODevice;

// Reads the Socket.IO sessions of a browser's HAR file ("Save all as HAR with content") into a
// capture, one stream per Engine.IO session (told apart by its sid):
// - entries whose URL has an EIO query parameter; other traffic is ignored;
// - polling: a POST's request body (postData.text) holds packets the client sent at
//   startedDateTime; a GET's response body (content.text, base64 when content.encoding says
//   so) holds packets the server sent, at startedDateTime + time;
// - WebSocket: Chrome's `_webSocketMessages`, each {type "send"|"receive", time (seconds since
//   the epoch), opcode 1 (text) or 2 (binary, data in base64), data}.
// Frames that do not decode are kept as malformed frames for the linter.
class HarReader
{
public:
    // False when the file is not a HAR or holds no Socket.IO traffic.
    static bool read(QIODevice *device, CaptureSession *session, RecordingInfo *info, QString *error = nullptr);
    static bool load(const QString &path, CaptureSession *session, RecordingInfo *info, QString *error = nullptr);
    // By its name (.har) or its start ({"log": ...}).
    static bool looksLikeHar(const QString &path);

    static constexpr qint64 MaxFileSize = qint64(256) << 20; // larger files are refused (JSON trees take several times their size)
};

#endif // HARREADER_H
