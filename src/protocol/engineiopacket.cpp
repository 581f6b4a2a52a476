#include "engineiopacket.h"

namespace SocketIOQt {

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

} // namespace SocketIOQt
