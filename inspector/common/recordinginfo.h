#ifndef RECORDINGINFO_H
#define RECORDINGINFO_H

#include <QtCore/qstring.h>
#include <QtCore/qurl.h>

// The header of a recording (its first line, optional): where it was
// captured and with which settings.
struct RecordingInfo
{
    static constexpr int FormatVersion = 1;

    QUrl url;             // the server (or the proxy's target)
    QString source;       // "connection", "proxy", "socketio-cli"
    int protocol = 0;     // the configured Socket.IO revision, 0 for auto
    QString parser;       // "json", "msgpack" or a custom parser's name; empty: json
    qint64 startedUs = 0; // microseconds since the Unix epoch

    // Filled in by the reader.
    int formatVersion = 0;
    int packets = 0;
    int skippedLines = 0;
    QString firstProblem; // the first skipped line's problem, "line 7: ..."
};

#endif // RECORDINGINFO_H
