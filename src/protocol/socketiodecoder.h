#ifndef SOCKETIODECODER_H
#define SOCKETIODECODER_H

#include "socketiopacket.h"

#include <QtCore/qlist.h>

// Incremental Socket.IO packet decoder, no I/O: feed it a text frame, then
// the binary frames of its attachments. Malformed input is an Error with a
// readable errorString(); the sizes it accepts are bounded by Limits. After an
// Error the decoder is ready for the next packet.
//
// The text is parsed as socket.io-parser 4.x does: type digit, "<count>-" for
// the binary types, namespace when the next character is '/' (up to ',' or the
// end), ack id digits, then JSON. Decoded packets keep the type they had on
// the wire (BINARY_EVENT, BINARY_ACK) and their attachment count; the
// placeholders are replaced by the attachments, at any depth. In packets of the
// other types placeholders are ordinary objects, as in socket.io-parser.
//
// Payload rules. Revision 5, as socket.io-parser's isPayloadValid and the
// protocol document: CONNECT an object or nothing, DISCONNECT nothing,
// CONNECT_ERROR a string or an object, EVENT a non-empty array whose first
// element is a number or a string other than connect, connect_error,
// disconnect, disconnecting, newListener and removeListener, ACK an array.
// Revisions 3 and 4, whose parsers checked nothing: CONNECT and DISCONNECT as
// above, EVENT the same but reserved names allowed, ACK an array or nothing,
// ERROR any JSON, or raw text taken as a string. Revision 3 has no BINARY_ACK.
class SOCKETIOQT_EXPORT SocketIODecoder
{
public:
    enum Status { NeedAttachments, PacketReady, Error };

    struct Limits {
        int maxAttachments = 1000;
        int maxDepth = 128;              // JSON nesting
        qint64 maxPacketSize = 100000000; // text plus attachments, bytes
    };

    explicit SocketIODecoder(int revision = 5);
    SocketIODecoder(int revision, const Limits &limits);

    Status addText(const QByteArray &utf8);
    Status addBinary(const QByteArray &attachment);

    SocketIOPacket takePacket();       // valid after PacketReady
    bool isAwaitingAttachments() const;
    QString errorString() const;
    void reset();

    int revision() const;
    void setRevision(int revision);
    Limits limits() const;
    void setLimits(const Limits &limits);

private:
    Status fail(const QString &message);
    bool isPayloadValid(const SocketIOPacket &packet) const;

    SocketIOPacket m_packet;
    QByteArray m_payload; // JSON of a binary packet, parsed again once its attachments are in
    QList<QByteArray> m_attachments;
    QString m_error;
    Limits m_limits;
    qint64 m_bytes = 0;
    int m_revision = 5;
    bool m_awaiting = false;
};

#endif // SOCKETIODECODER_H
