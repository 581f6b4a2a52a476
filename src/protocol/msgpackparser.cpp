#include "msgpackparser_p.h"
#include "msgpackcodec_p.h"
#include "msgpackscanner_p.h"
#include "eventspans_p.h"
#include "payloadrules_p.h"

#include <cmath>

namespace SocketIOQt {

namespace {

// A JavaScript number that Number.isInteger accepts, as qint64.
bool toInteger(const QVariant &v, qint64 *out)
{
    switch (v.typeId()) {
    case QMetaType::Int:
        *out = *static_cast<const int *>(v.constData());
        return true;
    case QMetaType::LongLong:
        *out = *static_cast<const qlonglong *>(v.constData());
        return true;
    case QMetaType::Double: {
        const double d = *static_cast<const double *>(v.constData());
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
    // The packet's own map is never built: its members go straight where they belong, and the
    // payload stays unshared (the namespace takes the event name off the list without copying).
    enum Member { Type, Nsp, Data, Id, Count };
    static constexpr QLatin1StringView names[Count] = {QLatin1StringView("type"), QLatin1StringView("nsp"),
                                                       QLatin1StringView("data"), QLatin1StringView("id")};
    QVariant members[Count];
    bool isMap = false;
    QString readError;
    if (!SocketIOMsgPack::readMapMembers(bytes, names, Count, members, &isMap, &readError,
                                         limits.maxDepth(), 1)) {
        return fail(error, QStringLiteral("invalid MessagePack: %1").arg(readError));
    }
    if (!isMap)
        return fail(error, QStringLiteral("the packet is not a map"));

    qint64 type = -1;
    if (!toInteger(members[Type], &type) || type < SocketIOPacket::Connect
        || type > SocketIOPacket::ConnectError) {
        return fail(error, QStringLiteral("invalid packet type"));
    }
    if (members[Nsp].typeId() != QMetaType::QString)
        return fail(error, QStringLiteral("invalid namespace"));
    qint64 id = -1;
    if (members[Id].isValid() && (!toInteger(members[Id], &id) || id < 0))
        return fail(error, QStringLiteral("invalid packet id"));

    QVariant data = std::move(members[Data]);
    const auto t = SocketIOPacket::Type(type);
    if (!SocketIOPayload::isValid(t, data, 5))
        return fail(error, QStringLiteral("invalid payload for %1").arg(SocketIOPacket::typeName(t)));
    *packet = SocketIOPacket(t, *static_cast<const QString *>(members[Nsp].constData()), std::move(data), id);
    return true;
}

namespace {

// The payload of an EVENT, at the scanner: the name (a string) and the arguments, each passed
// over at nesting level 1 as the decoder reads it, with the members of those that are maps.
bool splitPayload(MsgPackScanner &scanner, int maxDepth, EventSpans *event)
{
    qsizetype count = 0;
    if (!scanner.readArrayHeader(&count) || count == 0 || maxDepth <= 0)
        return false;
    QVarLengthArray<QByteArrayView, 32> &pairs = event->members.pairs;
    QVarLengthArray<qsizetype, 8> &index = event->members.index;
    index.append(0);
    const uchar *start = scanner.position();
    QByteArrayView name;
    if (!scanner.readString(&name))
        return false; // a number as the name is left to the decoder
    event->spans.append(scanner.since(start));
    event->name = QString::fromUtf8(name);
    for (qsizetype i = 1; i < count; ++i) {
        index.append(pairs.size() / 2);
        start = scanner.position();
        qsizetype members = 0;
        if (scanner.readMapHeader(&members)) {
            if (!scanner.skipMap(members, 1, &pairs))
                return false;
        } else if (!scanner.error.isEmpty() || !scanner.skip(1)) {
            return false;
        }
        event->spans.append(scanner.since(start));
    }
    index.append(pairs.size() / 2);
    return true;
}

} // namespace

bool MsgPackParser::splitEvent(QByteArrayView bytes, const Limits &limits, EventSpans *event)
{
    event->spans.clear();
    event->members.pairs.clear();
    event->members.index.clear();
    event->payload = {};
    if (bytes.size() > limits.maxPacketSize())
        return false;
    // The packet's map, its keys strings; socket.io-msgpack-parser writes "type" first, so
    // that other packets are told apart before their payload is looked at.
    MsgPackScanner scanner(bytes, limits.maxDepth());
    qsizetype members = 0;
    if (!scanner.readMapHeader(&members))
        return false;
    qint64 type = -1;
    qint64 id = -1;
    bool hasNsp = false, hasData = false;
    for (qsizetype m = 0; m < members; ++m) {
        QByteArrayView key, nsp;
        if (!scanner.readString(&key))
            return false;
        if (key == QByteArrayView("type")) {
            if (!scanner.readInteger(&type) || type != SocketIOPacket::Event)
                return false;
        } else if (key == QByteArrayView("nsp")) {
            if (!scanner.readString(&nsp))
                return false;
            event->nsp = QString::fromUtf8(nsp);
            hasNsp = true;
        } else if (key == QByteArrayView("id")) {
            if (!scanner.readInteger(&id) || id < 0)
                return false;
        } else if (key == QByteArrayView("data")) {
            if (hasData || !splitPayload(scanner, limits.maxDepth(), event))
                return false;
            hasData = true;
        } else if (!scanner.skip(0)) {
            return false;
        }
    }
    event->id = id;
    return scanner.atEnd() && type == SocketIOPacket::Event && hasNsp && hasData
            && !SocketIOPayload::isReservedEventName(event->name);
}

} // namespace SocketIOQt
