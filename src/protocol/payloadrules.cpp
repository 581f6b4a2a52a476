#include "payloadrules_p.h"

#include <algorithm>
#include <iterator>

namespace SocketIOQt {

namespace SocketIOPayload {

bool isReservedEventName(const QString &name)
{
    static const QString reserved[] = {
        QStringLiteral("connect"), QStringLiteral("connect_error"), QStringLiteral("disconnect"),
        QStringLiteral("disconnecting"), QStringLiteral("newListener"), QStringLiteral("removeListener"),
    };
    return std::find(std::begin(reserved), std::end(reserved), name) != std::end(reserved);
}

static bool isNumber(const QVariant &v)
{
    const int type = v.typeId();
    return type == QMetaType::Int || type == QMetaType::LongLong || type == QMetaType::Double;
}

bool isValid(SocketIOPacket::Type type, const QVariant &data, int revision)
{
    const bool none = !data.isValid();
    const bool object = data.typeId() == QMetaType::QVariantMap;
    const bool array = data.typeId() == QMetaType::QVariantList;
    switch (type) {
    case SocketIOPacket::Connect:
        return none || object;
    case SocketIOPacket::Disconnect:
        return none;
    case SocketIOPacket::ConnectError:
        return revision < 5 || data.typeId() == QMetaType::QString || object;
    case SocketIOPacket::Event:
    case SocketIOPacket::BinaryEvent: {
        if (!array)
            return false;
        const auto &list = *static_cast<const QVariantList *>(data.constData());
        if (list.isEmpty())
            return false;
        const QVariant &name = list.first();
        if (isNumber(name))
            return true;
        return name.typeId() == QMetaType::QString
                && (revision < 5 || !isReservedEventName(name.toString()));
    }
    case SocketIOPacket::Ack:
    case SocketIOPacket::BinaryAck:
        return array || (none && revision < 5);
    }
    return false;
}

} // namespace SocketIOPayload

} // namespace SocketIOQt
