#include "packetrecord.h"

using namespace SocketIOQt;

QJsonObject PacketRecord::toJson(SocketIO::Direction direction, const EngineIOPacket &packet,
                                 const QString &transport)
{
    QJsonObject record{
        {QLatin1StringView("type"), QStringLiteral("raw")},
        {QLatin1StringView("dir"), direction == SocketIO::Direction::Incoming ? QStringLiteral("in")
                                                                               : QStringLiteral("out")},
        {QLatin1StringView("transport"), transport},
        {QLatin1StringView("eio"), EngineIOPacket::typeName(packet.type())},
    };
    if (packet.isBinary())
        record.insert(QLatin1StringView("binary"), QString::fromLatin1(packet.data().toBase64()));
    else
        record.insert(QLatin1StringView("data"), QString::fromUtf8(packet.data()));
    return record;
}
