#ifndef CAPTUREDPACKET_H
#define CAPTUREDPACKET_H

#include <SocketIOQt/socketio.h>

// One Engine.IO packet as the inspector captured it, with the summary of the
// Socket.IO packet it carries. The summary is what the traffic table shows
// and filters on; the decoded arguments are not kept (the detail view decodes
// the raw frames again when a row is selected).
//
// A binary Socket.IO packet spans several Engine.IO packets: the text frame
// (which carries the summary once its attachments are in) and one binary
// frame per attachment, whose `parent` is the row of the text frame.
struct CapturedPacket
{
    enum Flag : quint8 {
        Incomplete = 0x1,   // a binary packet still waiting for attachments
        DecodeError = 0x2,  // the frame did not decode
        HasFinding = 0x4,   // the linter flagged it
    };

    qint64 timeUs = 0;      // microseconds since the Unix epoch
    SocketIOQt::SocketIO::Direction direction = SocketIOQt::SocketIO::Direction::Incoming;
    int stream = 0;         // the Engine.IO session it belongs to (CaptureSession::addStream)
    QString transport;      // "websocket", "polling"
    SocketIOQt::EngineIOPacket packet;  // as traced: type, binary flag and data

    // Socket.IO summary: only for message packets that decoded (or started to).
    qint8 sioType = -1;     // SocketIOQt::SocketIOPacket::Type, -1 for none
    QString nsp;
    QString event;
    qint64 ackId = -1;
    int attachments = 0;    // announced by a BINARY_* packet

    int parent = -1;        // attachment frames: the row of their text frame
    int attachmentIndex = -1;
    int ackEntry = -1;      // AckLedger entry of this request or answer
    int firstFinding = -1;  // ProtocolLinter finding index
    quint8 flags = 0;

    bool isAttachment() const { return parent >= 0; }
    bool isSocketIO() const { return sioType >= 0; }
    qint64 size() const { return packet.data().size(); }
};

#endif // CAPTUREDPACKET_H
