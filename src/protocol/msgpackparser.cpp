#include "msgpackparser_p.h"
#include "msgpackcodec_p.h"
#include "payloadrules_p.h"

#include <cmath>

namespace SocketIOQt {

namespace {

// A JavaScript number that Number.isInteger accepts, as qint64.
bool toInteger(const QVariant &v, qint64 *out)
{
    switch (v.typeId()) {
    case QMetaType::Int:
    case QMetaType::LongLong:
        *out = v.toLongLong();
        return true;
    case QMetaType::Double: {
        const double d = v.toDouble();
        if (!std::isfinite(d) || std::floor(d) != d || std::abs(d) >= 9.2e18)
            return false;
        *out = qint64(d);
        return true;
    }
    default:
        return false;
    }
}

class MsgPackEncoder final : public PacketEncoder
{
public:
    QList<EngineIOPacket> encode(const SocketIOPacket &packet) override
    {
        return {EngineIOPacket(EngineIOPacket::Message, MsgPackParser::encodePacket(packet), true)};
    }
};

class MsgPackDecoder final : public PacketDecoder
{
public:
    explicit MsgPackDecoder(const Limits &limits) : m_limits(limits) {}

    Status addFrame(const EngineIOPacket &frame) override
    {
        m_packet = SocketIOPacket();
        m_error.clear();
        if (!frame.isBinary()) {
            // The first word of a server that kept the default parser is "0{...}".
            m_error = QStringLiteral("text message where the msgpack parser expects binary "
                                     "(does the server use socket.io-msgpack-parser?)");
            return Error;
        }
        return MsgPackParser::decodePacket(frame.data(), m_limits, &m_packet, &m_error) ? PacketReady
                                                                                        : Error;
    }
    SocketIOPacket takePacket() override { return std::exchange(m_packet, SocketIOPacket()); }
    QString errorString() const override { return m_error; }
    void reset() override
    {
        m_packet = SocketIOPacket();
        m_error.clear();
    }

private:
    Limits m_limits;
    SocketIOPacket m_packet;
    QString m_error;
};

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

} // namespace

QString MsgPackParser::name() const
{
    return QStringLiteral("msgpack");
}

std::unique_ptr<PacketEncoder> MsgPackParser::createEncoder(int revision) const
{
    Q_UNUSED(revision);
    return std::make_unique<MsgPackEncoder>();
}

std::unique_ptr<PacketDecoder> MsgPackParser::createDecoder(int revision, const Limits &limits) const
{
    Q_UNUSED(revision);
    return std::make_unique<MsgPackDecoder>(limits);
}

QByteArray MsgPackParser::encodePacket(const SocketIOPacket &packet)
{
    using Type = SocketIOPacket::Type;
    Type type = packet.type();
    if (type == Type::BinaryEvent)
        type = Type::Event;
    else if (type == Type::BinaryAck)
        type = Type::Ack;
    const QVariant data = packet.data();
    // As the JSON encoder: no payload and a null one are the same, and left out.
    const bool hasData = data.isValid() && data.typeId() != QMetaType::Nullptr;
    const bool hasId = packet.id() >= 0;

    // In the order of the keys of socket.io's packet objects: type, nsp, data, id.
    QByteArray out;
    out.reserve(64);
    SocketIOMsgPack::writeMapHeader(out, 2 + (hasData ? 1 : 0) + (hasId ? 1 : 0));
    SocketIOMsgPack::writeString(out, u"type");
    out.append(char(type)); // a positive fixint
    SocketIOMsgPack::writeString(out, u"nsp");
    const QString nsp = packet.nsp();
    SocketIOMsgPack::writeString(out, nsp.isEmpty() ? QStringLiteral("/") : nsp);
    if (hasData) {
        SocketIOMsgPack::writeString(out, u"data");
        SocketIOMsgPack::write(out, data);
    }
    if (hasId) {
        SocketIOMsgPack::writeString(out, u"id");
        SocketIOMsgPack::write(out, QVariant(qlonglong(packet.id())));
    }
    return out;
}

bool MsgPackParser::decodePacket(QByteArrayView bytes, const Limits &limits, SocketIOPacket *packet,
                                 QString *error)
{
    if (bytes.size() > limits.maxPacketSize()) {
        return fail(error, QStringLiteral("packet of %1 bytes exceeds the limit of %2")
                                   .arg(bytes.size()).arg(limits.maxPacketSize()));
    }
    QVariant value;
    QString readError;
    if (!SocketIOMsgPack::read(bytes, &value, &readError, limits.maxDepth(), 1))
        return fail(error, QStringLiteral("invalid MessagePack: %1").arg(readError));
    if (value.typeId() != QMetaType::QVariantMap)
        return fail(error, QStringLiteral("the packet is not a map"));
    // The tree is ours alone: the payload is moved out, so that it stays unshared (the namespace
    // takes the event name off the list without copying the rest).
    QVariantMap &map = *static_cast<QVariantMap *>(value.data());

    qint64 type = -1;
    if (!toInteger(map.value(QStringLiteral("type")), &type) || type < SocketIOPacket::Connect
        || type > SocketIOPacket::ConnectError) {
        return fail(error, QStringLiteral("invalid packet type"));
    }
    const QVariant nsp = map.value(QStringLiteral("nsp"));
    if (nsp.typeId() != QMetaType::QString)
        return fail(error, QStringLiteral("invalid namespace"));
    qint64 id = -1;
    const auto idIt = map.constFind(QStringLiteral("id"));
    if (idIt != map.cend() && idIt->isValid() && (!toInteger(*idIt, &id) || id < 0))
        return fail(error, QStringLiteral("invalid packet id"));

    const auto dataIt = map.find(QStringLiteral("data"));
    const QVariant data = dataIt != map.end() ? std::move(*dataIt) : QVariant();
    const auto t = SocketIOPacket::Type(type);
    if (!SocketIOPayload::isValid(t, data, 5))
        return fail(error, QStringLiteral("invalid payload for %1").arg(SocketIOPacket::typeName(t)));
    *packet = SocketIOPacket(t, nsp.toString(), data, id);
    return true;
}

} // namespace SocketIOQt
