#include "socketiopacket.h"

namespace SocketIOQt {

QString SocketIOPacket::typeName(Type type)
{
    switch (type) {
    case Connect: return QStringLiteral("CONNECT");
    case Disconnect: return QStringLiteral("DISCONNECT");
    case Event: return QStringLiteral("EVENT");
    case Ack: return QStringLiteral("ACK");
    case ConnectError: return QStringLiteral("CONNECT_ERROR");
    case BinaryEvent: return QStringLiteral("BINARY_EVENT");
    case BinaryAck: return QStringLiteral("BINARY_ACK");
    }
    return QStringLiteral("UNKNOWN(%1)").arg(int(type));
}

SocketIOPacket SocketIOPacket::event(const QString &nsp, const QString &name,
                                     const QVariantList &args, qint64 id)
{
    QVariantList data;
    data.reserve(args.size() + 1);
    data.append(name);
    data.append(args);
    return SocketIOPacket(Event, nsp, data, id);
}

// The name is the first element of the data array: a string, or a number,
// which socket.io-parser accepts as well (returned here in decimal).
QString SocketIOPacket::eventName() const
{
    if (data.typeId() != QMetaType::QVariantList)
        return QString();
    const auto &list = *static_cast<const QVariantList *>(data.constData());
    if (list.isEmpty())
        return QString();
    switch (list.first().typeId()) {
    case QMetaType::QString:
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::Double:
        return list.first().toString();
    default:
        return QString();
    }
}

QVariantList SocketIOPacket::eventArguments() const
{
    if (data.typeId() != QMetaType::QVariantList)
        return {};
    return static_cast<const QVariantList *>(data.constData())->mid(1);
}

} // namespace SocketIOQt
