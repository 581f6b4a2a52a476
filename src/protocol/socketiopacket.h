#ifndef SOCKETIOQT_SOCKETIOPACKET_H
#define SOCKETIOQT_SOCKETIOPACKET_H

#include <SocketIOQt/socketioqt_export.h>

#include <QtCore/qshareddata.h>
#include <QtCore/qstring.h>
#include <QtCore/qvariant.h>

namespace SocketIOQt {

class SocketIOPacketPrivate;

/// One Socket.IO packet. Values are QVariant trees: QVariantMap, QVariantList,
/// QString, bool, int / qlonglong / double, nullptr (std::nullptr_t) for JSON
/// null, and QByteArray for binary, which may appear at any depth.
///
/// An implicitly shared value: copies are cheap and share their data until one
/// is written to.
class SOCKETIOQT_EXPORT SocketIOPacket
{
public:
    /// The packet types, with their wire values.
    enum Type : quint8 {
        Connect = 0, Disconnect = 1, Event = 2, Ack = 3,
        ConnectError = 4, ///< ERROR in revisions 3 and 4
        BinaryEvent = 5, BinaryAck = 6
    };

    /// An empty EVENT packet for the namespace "/".
    SocketIOPacket();
    /// A packet of \a type for the namespace \a nsp, with \a data and the ack id \a id.
    SocketIOPacket(Type type, const QString &nsp, const QVariant &data = {}, qint64 id = -1);
    /// A copy of \a other, sharing its data.
    SocketIOPacket(const SocketIOPacket &other);
    /// Moves \a other into a new packet; \a other may then only be assigned to or destroyed.
    SocketIOPacket(SocketIOPacket &&other) noexcept;
    /// Makes this packet a copy of \a other, sharing its data.
    SocketIOPacket &operator=(const SocketIOPacket &other);
    /// Swaps this packet with \a other.
    SocketIOPacket &operator=(SocketIOPacket &&other) noexcept { swap(other); return *this; }
    /// Destroys the packet.
    ~SocketIOPacket();

    /// Swaps this packet with \a other; never fails.
    void swap(SocketIOPacket &other) noexcept { d.swap(other.d); }

    /// The name of \a type.
    static QString typeName(Type type); ///< "CONNECT", "EVENT", ...

    /// EVENT / BINARY_EVENT helpers: data is [name, args...]
    static SocketIOPacket event(const QString &nsp, const QString &name, const QVariantList &args,
                                qint64 id = -1);
    /// The event name of an EVENT packet.
    QString eventName() const;
    /// The arguments of an EVENT packet.
    QVariantList eventArguments() const;

    /// The packet type. Default Event.
    Type type() const;
    /// Sets the packet type.
    void setType(Type type);
    /// The namespace (the JavaScript parser's `nsp`). Default "/". In revisions 3 and 4 it may
    /// carry a query string: "/admin?token=1".
    QString nsp() const;
    /// Sets the namespace.
    void setNsp(const QString &nsp);
    /// The ack id; -1 (the default) for none.
    qint64 id() const;
    /// Sets the ack id; -1 for none.
    void setId(qint64 id);
    /// The payload; an invalid QVariant (the default) for none.
    QVariant data() const &;
    /// The payload, moved out of a packet that is about to go (`std::move(packet).data()`):
    /// a tree that the packet held alone can then be changed without being copied.
    QVariant data() &&;
    /// Sets the payload; an invalid QVariant for none.
    void setData(const QVariant &data);
    /// The number of binary attachments: set by the decoder, as the packet had it on the wire.
    /// Default 0. The encoder counts the attachments itself and ignores this value.
    int attachments() const;
    /// Sets the number of binary attachments.
    void setAttachments(int count);

    /// Whether \a lhs and \a rhs have the same type, namespace, ack id, attachment count and data.
    friend SOCKETIOQT_EXPORT bool operator==(const SocketIOPacket &lhs, const SocketIOPacket &rhs);
    /// Whether \a lhs and \a rhs differ in any field.
    friend bool operator!=(const SocketIOPacket &lhs, const SocketIOPacket &rhs) { return !(lhs == rhs); }

private:
    QSharedDataPointer<SocketIOPacketPrivate> d;
};

} // namespace SocketIOQt

Q_DECLARE_SHARED(SocketIOQt::SocketIOPacket)

#endif // SOCKETIOQT_SOCKETIOPACKET_H
