#ifndef SOCKETIOQT_SOCKETIOPACKET_H
#define SOCKETIOQT_SOCKETIOPACKET_H

#include <SocketIOQt/socketioqt_export.h>

#include <QtCore/qstring.h>
#include <QtCore/qvariant.h>

namespace SocketIOQt {

/// One Socket.IO packet. Values are QVariant trees: QVariantMap, QVariantList,
/// QString, bool, int / qlonglong / double, nullptr (std::nullptr_t) for JSON
/// null, and QByteArray for binary, which may appear at any depth.
class SOCKETIOQT_EXPORT SocketIOPacket
{
public:
    /// The packet types, with their wire values.
    enum Type : quint8 {
        Connect = 0, Disconnect = 1, Event = 2, Ack = 3,
        ConnectError = 4, ///< ERROR in revisions 3 and 4
        BinaryEvent = 5, BinaryAck = 6
    };

    /// An empty EVENT packet.
    SocketIOPacket() = default;
    /// A packet of \a type for the namespace \a nsp.
    SocketIOPacket(Type type, const QString &nsp, const QVariant &data = {}, qint64 id = -1)
        : type(type), nsp(nsp), id(id), data(data) {}

    /// The name of \a type.
    static QString typeName(Type type); ///< "CONNECT", "EVENT", ...

    /// EVENT / BINARY_EVENT helpers: data is [name, args...]
    static SocketIOPacket event(const QString &nsp, const QString &name, const QVariantList &args,
                                qint64 id = -1);
    /// The event name of an EVENT packet.
    QString eventName() const;
    /// The arguments of an EVENT packet.
    QVariantList eventArguments() const;

    /// The packet type.
    Type type = Event;
    /// The namespace.
    QString nsp = QStringLiteral("/"); ///< may carry a query string in revisions 3 and 4: "/admin?token=1"
    /// The ack id.
    qint64 id = -1;                    ///< ack id, -1 for none
    /// The payload.
    QVariant data;                     ///< invalid QVariant: no payload
    /// The number of binary attachments.
    int attachments = 0;               ///< filled in by the encoder and the decoder
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_SOCKETIOPACKET_H
