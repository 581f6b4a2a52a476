#ifndef SOCKETIOQT_PACKETENCODER_H
#define SOCKETIOQT_PACKETENCODER_H

#include <SocketIOQt/engineiopacket.h>
#include <SocketIOQt/socketiopacket.h>

#include <QtCore/qlist.h>

namespace SocketIOQt {

/// The sending half of a Parser: turns a Socket.IO packet into the Engine.IO messages that
/// carry it. No I/O. A SocketIO makes one per connection, through Parser::createEncoder(), and
/// calls it from its own thread only.
///
/// An interface without data, to be subclassed: see Parser for how the pieces fit together.
class SOCKETIOQT_EXPORT PacketEncoder
{
public:
    /// Destroys the encoder.
    virtual ~PacketEncoder();

    /// The frames of \a packet, in sending order: Engine.IO messages (EngineIOPacket::Message),
    /// each text or binary. Never empty. The packet's type may be BinaryEvent or BinaryAck for
    /// packets that hold a QByteArray, or Event and Ack for the same: an encoder picks what its
    /// format needs. An invalid data() means no payload; id() -1 means no ack id.
    virtual QList<EngineIOPacket> encode(const SocketIOPacket &packet) = 0;

protected:
    /// Constructs the encoder.
    PacketEncoder() = default;

private:
    Q_DISABLE_COPY(PacketEncoder)
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_PACKETENCODER_H
