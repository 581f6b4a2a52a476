#ifndef SOCKETIOQT_ENGINEIOPACKET_H
#define SOCKETIOQT_ENGINEIOPACKET_H

#include <SocketIOQt/socketioqt_export.h>

#include <QtCore/qbytearray.h>
#include <QtCore/qstring.h>

namespace SocketIOQt {

/// One Engine.IO packet, independent of transport and protocol version.
class SOCKETIOQT_EXPORT EngineIOPacket
{
public:
    /// The packet types, with their wire values.
    enum Type : quint8 { Open = 0, Close = 1, Ping = 2, Pong = 3, Message = 4, Upgrade = 5, Noop = 6 };

    /// A Noop packet.
    EngineIOPacket() = default;
    /// A packet of \a type with \a data.
    EngineIOPacket(Type type, const QByteArray &data = {}, bool binary = false)
        : type(type), binary(binary), data(data) {}

    /// The name of \a type.
    static QString typeName(Type type); ///< "open", "close", ...

    /// The packet type.
    Type type = Noop;
    bool binary = false; ///< Message only: data holds raw bytes rather than UTF-8 text
    QByteArray data;     ///< UTF-8 text, or the raw bytes of a binary message
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_ENGINEIOPACKET_H
