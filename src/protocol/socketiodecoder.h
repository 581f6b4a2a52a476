#ifndef SOCKETIOQT_SOCKETIODECODER_H
#define SOCKETIOQT_SOCKETIODECODER_H

#include <SocketIOQt/socketiolimits.h>
#include <SocketIOQt/socketiopacket.h>

#include <memory>

namespace SocketIOQt {

class SocketIODecoderPrivate;

/// Incremental Socket.IO packet decoder, no I/O: feed it a text frame, then
/// the binary frames of its attachments. Malformed input is an Error with a
/// readable errorString(); the sizes it accepts are bounded by Limits. After an
/// Error the decoder is ready for the next packet. A decoder holds the packet in
/// progress: it can be moved, not copied.
///
/// The text is parsed as socket.io-parser 4.x does: type digit, "<count>-" for
/// the binary types, namespace when the next character is '/' (up to ',' or the
/// end), ack id digits, then JSON. Decoded packets keep the type they had on
/// the wire (BINARY_EVENT, BINARY_ACK) and their attachment count; the
/// placeholders are replaced by the attachments, at any depth. In packets of the
/// other types placeholders are ordinary objects, as in socket.io-parser.
///
/// Payload rules. Revision 5, as socket.io-parser's isPayloadValid and the
/// protocol document: CONNECT an object or nothing, DISCONNECT nothing,
/// CONNECT_ERROR a string or an object, EVENT a non-empty array whose first
/// element is a number or a string other than connect, connect_error,
/// disconnect, disconnecting, newListener and removeListener, ACK an array.
/// Revisions 3 and 4, whose parsers checked nothing: CONNECT and DISCONNECT as
/// above, EVENT the same but reserved names allowed, ACK an array or nothing,
/// ERROR any JSON, or raw text taken as a string. Revision 3 has no BINARY_ACK.
class SOCKETIOQT_EXPORT SocketIODecoder
{
public:
    /// What addText() and addBinary() found: a packet waiting for attachments, a packet, or an error.
    enum Status { NeedAttachments, PacketReady, Error };

    /// A decoder of protocol \a revision (3, 4 or 5) with the default limits.
    explicit SocketIODecoder(int revision = 5);
    /// A decoder of protocol \a revision with \a limits.
    SocketIODecoder(int revision, const Limits &limits);
    /// Moves \a other, with its packet in progress, into a new decoder; \a other may then only
    /// be assigned to or destroyed.
    SocketIODecoder(SocketIODecoder &&other) noexcept;
    /// Moves \a other, with its packet in progress, into this decoder; \a other may then only
    /// be assigned to or destroyed.
    SocketIODecoder &operator=(SocketIODecoder &&other) noexcept;
    /// Destroys the decoder and its packet in progress.
    ~SocketIODecoder();

    /// Decodes the text of a packet (without Engine.IO's leading '4').
    Status addText(const QByteArray &utf8);
    /// Adds the next attachment of the packet being decoded.
    Status addBinary(const QByteArray &attachment);

    /// The decoded packet.
    SocketIOPacket takePacket();       ///< valid after PacketReady
    /// Whether a packet waits for attachments.
    bool isAwaitingAttachments() const;
    /// Why the last input was an Error.
    QString errorString() const;
    /// Drops a packet in progress.
    void reset();

    /// The protocol revision.
    int revision() const;
    /// Sets the protocol revision (3, 4 or 5).
    void setRevision(int revision);
    /// The bounds on the input: attachments per packet, JSON depth, packet size.
    Limits limits() const;
    /// Sets the bounds on the input; they apply from the next packet.
    void setLimits(const Limits &limits);

    /// Reads only the header of a text packet, "<type>[<attachments>-][<nsp>,][<id>]", without
    /// its JSON: \a packet gets the type, attachment count, namespace and ack id (no data), and
    /// \a payloadOffset where the JSON starts (the size of \a text when there is none). The
    /// header is checked as addText() checks it, with the default Limits; on error returns false
    /// with \a error set. Tools use it to show a payload exactly as it travelled, placeholders
    /// included.
    static bool decodeHeader(const QByteArray &text, int revision, SocketIOPacket *packet,
                             qsizetype *payloadOffset, QString *error = nullptr);

private:
    Q_DISABLE_COPY(SocketIODecoder)
    Q_DECLARE_PRIVATE(SocketIODecoder)
    std::unique_ptr<SocketIODecoderPrivate> d_ptr;
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_SOCKETIODECODER_H
