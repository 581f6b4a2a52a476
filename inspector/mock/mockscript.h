#ifndef MOCKSCRIPT_H
#define MOCKSCRIPT_H

#include <SocketIOQt/socketiopacket.h>

#include <QtCore/qlist.h>
#include <QtCore/qstringlist.h>

class CaptureSession;

// One recorded Engine.IO session as socketio-mock serves it: its Socket.IO packets in order,
// decoded with their attachments, each marked as the server's (to send) or the client's (to
// check), and the Engine.IO settings the recorded server announced.
struct MockScript
{
    struct Step {
        bool fromClient = false;
        SocketIOQt::SocketIOPacket packet;
        qint64 delayMs = 0; // since the previous packet (the first: since the Engine.IO open)
        int row = -1;       // the capture row of its text frame
    };

    QList<Step> steps;
    int stream = 0;
    int engineVersion = 4;  // 3 or 4
    // From the recorded open packet; 0 where it said nothing (TestServer's defaults apply).
    int pingInterval = 0;
    int pingTimeout = 0;
    qint64 maxPayload = 0;

    int clientPacketCount() const;

    // The script of `stream` (-1: the first stream with Socket.IO packets). False, with
    // `error` set, when the stream holds nothing to serve or its packets cannot be decoded.
    static bool fromCapture(const CaptureSession &session, int stream, MockScript *script, QString *error);
    // Reads a recording or a HAR file (told by HarReader::looksLikeHar) and builds the script.
    static bool load(const QString &path, int stream, MockScript *script, QString *error);
};

#endif // MOCKSCRIPT_H
