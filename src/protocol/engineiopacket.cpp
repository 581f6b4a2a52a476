#include "engineiopacket.h"

namespace SocketIOQt {

class EngineIOPacketPrivate : public QSharedData
{
public:
    EngineIOPacketPrivate(EngineIOPacket::Type type, const QByteArray &data, bool binary)
        : data(data), type(type), binary(binary)
    {}

    QByteArray data;
    EngineIOPacket::Type type;
    bool binary;
};

namespace {

// Default-constructed packets (as QList::resize() makes them) share one private: no
// allocation until a setter writes to them.
const EngineIOPacket &defaultPacket()
{
    static const EngineIOPacket packet(EngineIOPacket::Noop);
    return packet;
}

} // namespace

EngineIOPacket::EngineIOPacket()
    : EngineIOPacket(defaultPacket())
{}

EngineIOPacket::EngineIOPacket(Type type, const QByteArray &data, bool binary)
    : d(new EngineIOPacketPrivate(type, data, binary))
{}

EngineIOPacket::EngineIOPacket(const EngineIOPacket &other) = default;
EngineIOPacket::EngineIOPacket(EngineIOPacket &&other) noexcept = default;
EngineIOPacket &EngineIOPacket::operator=(const EngineIOPacket &other) = default;
EngineIOPacket::~EngineIOPacket() = default;

QString EngineIOPacket::typeName(Type type)
{
    switch (type) {
    case Open: return QStringLiteral("open");
    case Close: return QStringLiteral("close");
    case Ping: return QStringLiteral("ping");
    case Pong: return QStringLiteral("pong");
    case Message: return QStringLiteral("message");
    case Upgrade: return QStringLiteral("upgrade");
    case Noop: return QStringLiteral("noop");
    }
    return QStringLiteral("unknown(%1)").arg(int(type));
}

EngineIOPacket::Type EngineIOPacket::type() const
{
    return d->type;
}

void EngineIOPacket::setType(Type type)
{
    d->type = type;
}

bool EngineIOPacket::isBinary() const
{
    return d->binary;
}

void EngineIOPacket::setBinary(bool binary)
{
    d->binary = binary;
}

QByteArray EngineIOPacket::data() const
{
    return d->data;
}

void EngineIOPacket::setData(const QByteArray &data)
{
    d->data = data;
}

bool operator==(const EngineIOPacket &lhs, const EngineIOPacket &rhs)
{
    const EngineIOPacketPrivate &a = *lhs.d;
    const EngineIOPacketPrivate &b = *rhs.d;
    return &a == &b || (a.type == b.type && a.binary == b.binary && a.data == b.data);
}

} // namespace SocketIOQt
