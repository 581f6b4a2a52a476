#include "cborparser.h"

#include <QtCore/qcborarray.h>
#include <QtCore/qcbormap.h>
#include <QtCore/qcborvalue.h>

using namespace SocketIOQt;

namespace {

class CborEncoder final : public PacketEncoder
{
public:
    QList<EngineIOPacket> encode(const SocketIOPacket &packet) override
    {
        // CBOR carries binary natively: no attachments, so no BINARY_* types either.
        SocketIOPacket::Type type = packet.type();
        if (type == SocketIOPacket::BinaryEvent)
            type = SocketIOPacket::Event;
        else if (type == SocketIOPacket::BinaryAck)
            type = SocketIOPacket::Ack;
        QCborMap map{{QStringLiteral("type"), int(type)}, {QStringLiteral("nsp"), packet.nsp()}};
        if (packet.data().isValid())
            map.insert(QStringLiteral("data"), QCborValue::fromVariant(packet.data()));
        if (packet.id() >= 0)
            map.insert(QStringLiteral("id"), packet.id());
        return {EngineIOPacket(EngineIOPacket::Message, map.toCborValue().toCbor(), true)};
    }
};

class CborDecoder final : public PacketDecoder
{
public:
    explicit CborDecoder(const Limits &limits) : m_limits(limits) {}

    Status addFrame(const EngineIOPacket &frame) override
    {
        reset();
        // The Limits, as the library's own decoders apply them: size before parsing, depth after.
        if (!frame.isBinary())
            return fail(QStringLiteral("text message: the CBOR parser expects binary ones"));
        if (frame.data().size() > m_limits.maxPacketSize())
            return fail(QStringLiteral("packet of %1 bytes exceeds the limit").arg(frame.data().size()));
        QCborParserError error;
        const QCborValue value = QCborValue::fromCbor(frame.data(), &error);
        if (error.error != QCborError::NoError)
            return fail(QStringLiteral("invalid CBOR: %1").arg(error.errorString()));
        if (!value.isMap())
            return fail(QStringLiteral("the packet is not a map"));
        const QCborMap map = value.toMap();
        const QCborValue data = map.value(QStringLiteral("data"));
        if (depth(data) > m_limits.maxDepth())
            return fail(QStringLiteral("nesting deeper than %1").arg(m_limits.maxDepth()));
        const qint64 type = map.value(QStringLiteral("type")).toInteger(-1);
        if (type < SocketIOPacket::Connect || type > SocketIOPacket::ConnectError)
            return fail(QStringLiteral("invalid packet type"));
        if (!map.value(QStringLiteral("nsp")).isString())
            return fail(QStringLiteral("invalid namespace"));
        const QVariant payload = data.isUndefined() ? QVariant() : data.toVariant();
        if ((type == SocketIOPacket::Event || type == SocketIOPacket::Ack)
            && payload.typeId() != QMetaType::QVariantList) {
            return fail(QStringLiteral("invalid payload"));
        }
        m_packet = SocketIOPacket(SocketIOPacket::Type(type), map.value(QStringLiteral("nsp")).toString(), payload,
                                  map.value(QStringLiteral("id")).toInteger(-1));
        return PacketReady;
    }
    SocketIOPacket takePacket() override { return std::exchange(m_packet, SocketIOPacket()); }
    QString errorString() const override { return m_error; }
    void reset() override
    {
        m_packet = SocketIOPacket();
        m_error.clear();
    }

private:
    Status fail(const QString &message)
    {
        m_error = message;
        return Error;
    }
    static int depth(const QCborValue &value)
    {
        int deepest = 0;
        if (value.isArray()) {
            for (const QCborValue &v : value.toArray())
                deepest = std::max(deepest, depth(v));
        } else if (value.isMap()) {
            for (const auto &entry : value.toMap())
                deepest = std::max(deepest, depth(entry.second));
        } else {
            return 0;
        }
        return deepest + 1;
    }

    Limits m_limits;
    SocketIOPacket m_packet;
    QString m_error;
};

} // namespace

QString CborParser::name() const
{
    return QStringLiteral("cbor");
}

std::unique_ptr<PacketEncoder> CborParser::createEncoder(int) const
{
    return std::make_unique<CborEncoder>();
}

std::unique_ptr<PacketDecoder> CborParser::createDecoder(int, const Limits &limits) const
{
    return std::make_unique<CborDecoder>(limits);
}
