#include "socketiopacket.h"

namespace SocketIOQt {

class SocketIOPacketPrivate : public QSharedData
{
public:
    SocketIOPacketPrivate(SocketIOPacket::Type type, const QString &nsp, const QVariant &data, qint64 id)
        : nsp(nsp), data(data), id(id), type(type)
    {}

    QString nsp;
    QVariant data;
    qint64 id;
    int attachments = 0;
    SocketIOPacket::Type type;
};

namespace {

// Default-constructed packets (the decoder makes one per packet it hands out) share one
// private: no allocation until a setter writes to them.
const SocketIOPacket &defaultPacket()
{
    static const SocketIOPacket packet(SocketIOPacket::Event, QStringLiteral("/"));
    return packet;
}

} // namespace

SocketIOPacket::SocketIOPacket()
    : SocketIOPacket(defaultPacket())
{}

SocketIOPacket::SocketIOPacket(Type type, const QString &nsp, const QVariant &data, qint64 id)
    : d(new SocketIOPacketPrivate(type, nsp, data, id))
{}

SocketIOPacket::SocketIOPacket(const SocketIOPacket &other) = default;
SocketIOPacket::SocketIOPacket(SocketIOPacket &&other) noexcept = default;
SocketIOPacket &SocketIOPacket::operator=(const SocketIOPacket &other) = default;
SocketIOPacket::~SocketIOPacket() = default;

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
    if (d->data.typeId() != QMetaType::QVariantList)
        return QString();
    const auto &list = *static_cast<const QVariantList *>(d->data.constData());
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
    if (d->data.typeId() != QMetaType::QVariantList)
        return {};
    return static_cast<const QVariantList *>(d->data.constData())->mid(1);
}

SocketIOPacket::Type SocketIOPacket::type() const
{
    return d->type;
}

void SocketIOPacket::setType(Type type)
{
    d->type = type;
}

QString SocketIOPacket::nsp() const
{
    return d->nsp;
}

void SocketIOPacket::setNsp(const QString &nsp)
{
    d->nsp = nsp;
}

qint64 SocketIOPacket::id() const
{
    return d->id;
}

void SocketIOPacket::setId(qint64 id)
{
    d->id = id;
}

QVariant SocketIOPacket::data() const &
{
    return d->data;
}

// Detaching first (a no-op when the packet is not shared) keeps other copies intact.
QVariant SocketIOPacket::data() &&
{
    return std::move(d->data);
}

void SocketIOPacket::setData(const QVariant &data)
{
    d->data = data;
}

int SocketIOPacket::attachments() const
{
    return d->attachments;
}

void SocketIOPacket::setAttachments(int count)
{
    d->attachments = count;
}

bool operator==(const SocketIOPacket &lhs, const SocketIOPacket &rhs)
{
    const SocketIOPacketPrivate &a = *lhs.d;
    const SocketIOPacketPrivate &b = *rhs.d;
    return &a == &b
            || (a.type == b.type && a.id == b.id && a.attachments == b.attachments && a.nsp == b.nsp
                && a.data == b.data);
}

} // namespace SocketIOQt
