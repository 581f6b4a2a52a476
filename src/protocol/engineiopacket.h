#ifndef SOCKETIOQT_ENGINEIOPACKET_H
#define SOCKETIOQT_ENGINEIOPACKET_H

#include <SocketIOQt/socketioqt_export.h>

#include <QtCore/qbytearray.h>
#include <QtCore/qshareddata.h>
#include <QtCore/qstring.h>

namespace SocketIOQt {

class EngineIOPacketPrivate;

/// One Engine.IO packet, independent of transport and protocol version.
///
/// An implicitly shared value: copies are cheap and share their data until one
/// is written to.
class SOCKETIOQT_EXPORT EngineIOPacket
{
public:
    /// The packet types, with their wire values.
    enum Type : quint8 { Open = 0, Close = 1, Ping = 2, Pong = 3, Message = 4, Upgrade = 5, Noop = 6 };

    /// A Noop packet.
    EngineIOPacket();
    /// A packet of \a type with \a data; \a binary for a message of raw bytes.
    EngineIOPacket(Type type, const QByteArray &data = {}, bool binary = false);
    /// A copy of \a other, sharing its data.
    EngineIOPacket(const EngineIOPacket &other);
    /// Moves \a other into a new packet; \a other may then only be assigned to or destroyed.
    EngineIOPacket(EngineIOPacket &&other) noexcept;
    /// Makes this packet a copy of \a other, sharing its data.
    EngineIOPacket &operator=(const EngineIOPacket &other);
    /// Swaps this packet with \a other.
    EngineIOPacket &operator=(EngineIOPacket &&other) noexcept { swap(other); return *this; }
    /// Destroys the packet.
    ~EngineIOPacket();

    /// Swaps this packet with \a other; never fails.
    void swap(EngineIOPacket &other) noexcept { d.swap(other.d); }

    /// The name of \a type.
    static QString typeName(Type type); ///< "open", "close", ...

    /// The packet type. Default Noop.
    Type type() const;
    /// Sets the packet type.
    void setType(Type type);
    /// Whether data() holds the raw bytes of a binary message rather than UTF-8 text. Default false.
    bool isBinary() const;
    /// Sets whether data() holds raw bytes; only messages can be binary.
    void setBinary(bool binary);
    /// The UTF-8 text, or the raw bytes of a binary message.
    QByteArray data() const;
    /// Sets the text or the raw bytes.
    void setData(const QByteArray &data);

    /// Whether \a lhs and \a rhs have the same type, binary flag and data.
    friend SOCKETIOQT_EXPORT bool operator==(const EngineIOPacket &lhs, const EngineIOPacket &rhs);
    /// Whether \a lhs and \a rhs differ in any field.
    friend bool operator!=(const EngineIOPacket &lhs, const EngineIOPacket &rhs) { return !(lhs == rhs); }

private:
    QSharedDataPointer<EngineIOPacketPrivate> d;
};

} // namespace SocketIOQt

Q_DECLARE_SHARED(SocketIOQt::EngineIOPacket)

#endif // SOCKETIOQT_ENGINEIOPACKET_H
