#ifndef SOCKETIOFRAMEHEADER_H
#define SOCKETIOFRAMEHEADER_H

#include <QtCore/qbytearray.h>
#include <QtCore/qstring.h>

// The header of a Socket.IO text packet, "<type>[<n>-][<nsp>,][<id>]<json>",
// read without decoding the JSON: the detail view uses it to show the payload
// exactly as it travelled (placeholders included), and the capture uses it to
// summarize packets that do not decode.
struct SocketIOFrameHeader
{
    bool valid = false;
    int type = -1;
    int attachments = 0;
    QString nsp = QStringLiteral("/");
    qint64 id = -1;
    qsizetype payloadOffset = 0; // where the JSON starts; == size when there is none

    static SocketIOFrameHeader parse(const QByteArray &text);
};

#endif // SOCKETIOFRAMEHEADER_H
