#ifndef PACKETMATCHER_H
#define PACKETMATCHER_H

#include <SocketIOQt/socketiopacket.h>

#include <QtCore/qjsonobject.h>
#include <QtCore/qstringlist.h>

// Compares a packet a client sent with the one the recording has at its place, field by field,
// leaving out the arguments the user declared volatile (--ignore-args, --ignore-event).
class PacketMatcher
{
public:
    PacketMatcher(bool ignoreArgs, const QStringList &ignoredEvents);

    // Whether `got` is the same kind of packet as `expected`: type (binary or not aside),
    // namespace and event name, or ack id. The candidate for a field-by-field comparison.
    static bool sameKind(const SocketIOQt::SocketIOPacket &expected, const SocketIOQt::SocketIOPacket &got);
    // The first field that differs: "type", "namespace", "event", "ack", "auth", "args"; empty
    // when the packets match.
    QString difference(const SocketIOQt::SocketIOPacket &expected, const SocketIOQt::SocketIOPacket &got) const;

    // A packet as the reports show it: {"type","nsp", "event","args" | "auth", "id"}; binary as
    // {"$binary":"<base64>"}.
    static QJsonObject toJson(const SocketIOQt::SocketIOPacket &packet);

private:
    bool m_ignoreArgs;
    QStringList m_ignoredEvents;
};

#endif // PACKETMATCHER_H
