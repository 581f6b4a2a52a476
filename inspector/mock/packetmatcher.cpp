#include "packetmatcher.h"

#include "jsonvariant.h"

#include <QtCore/qurlquery.h>

using namespace SocketIOQt;
using namespace Qt::StringLiterals;

// BINARY_EVENT and EVENT differ only in whether the arguments hold binary, which the arguments'
// comparison sees; the same for acks.
static SocketIOPacket::Type baseType(SocketIOPacket::Type type)
{
    switch (type) {
    case SocketIOPacket::BinaryEvent:
        return SocketIOPacket::Event;
    case SocketIOPacket::BinaryAck:
        return SocketIOPacket::Ack;
    default:
        return type;
    }
}

static bool isEvent(const SocketIOPacket &packet)
{
    return baseType(packet.type()) == SocketIOPacket::Event;
}

// Compared as JSON: numbers by value whichever type the decoder picked (1 and 1.0 are equal).
static bool sameValue(const QVariant &a, const QVariant &b)
{
    return JsonVariant::toJson(a) == JsonVariant::toJson(b);
}

// Recordings mask credentials (SocketIO::traceSecrets() is off): each value of a CONNECT
// payload, and of a revision 4 namespace query, is "***". A masked value matches any value;
// the keys must be the same.
static const QString Masked = QStringLiteral("***");

static bool sameCredentials(const QVariantMap &expected, const QVariantMap &got)
{
    if (expected.keys() != got.keys())
        return false;
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        if (it.value() != QVariant(Masked) && !sameValue(it.value(), got.value(it.key())))
            return false;
    }
    return true;
}

static QVariantMap queryMap(const QString &nsp)
{
    QVariantMap map;
    const qsizetype mark = nsp.indexOf(u'?');
    if (mark >= 0) {
        for (const auto &item : QUrlQuery(nsp.mid(mark + 1)).queryItems(QUrl::FullyDecoded))
            map.insert(item.first, item.second);
    }
    return map;
}

// The namespace without a revision 4 query string.
static QString nspPath(const QString &nsp)
{
    return nsp.left(nsp.indexOf(u'?'));
}

PacketMatcher::PacketMatcher(bool ignoreArgs, const QStringList &ignoredEvents)
    : m_ignoreArgs(ignoreArgs), m_ignoredEvents(ignoredEvents)
{
}

bool PacketMatcher::sameKind(const SocketIOPacket &expected, const SocketIOPacket &got)
{
    if (baseType(expected.type()) != baseType(got.type()) || nspPath(expected.nsp()) != nspPath(got.nsp()))
        return false;
    if (isEvent(expected))
        return expected.eventName() == got.eventName();
    if (baseType(expected.type()) == SocketIOPacket::Ack)
        return expected.id() == got.id();
    return true;
}

QString PacketMatcher::difference(const SocketIOPacket &expected, const SocketIOPacket &got) const
{
    if (baseType(expected.type()) != baseType(got.type()))
        return u"type"_s;
    if (nspPath(expected.nsp()) != nspPath(got.nsp()))
        return u"namespace"_s;
    switch (baseType(expected.type())) {
    case SocketIOPacket::Connect:
        // Revision 5 sends the auth as the payload, revision 4 as the namespace's query.
        if (!sameCredentials(queryMap(expected.nsp()), queryMap(got.nsp())))
            return u"auth"_s;
        if (expected.data().typeId() == QMetaType::QVariantMap && got.data().typeId() == QMetaType::QVariantMap)
            return sameCredentials(expected.data().toMap(), got.data().toMap()) ? QString() : u"auth"_s;
        return sameValue(expected.data(), got.data()) ? QString() : u"auth"_s;
    case SocketIOPacket::Event:
        if (expected.eventName() != got.eventName())
            return u"event"_s;
        // The live ack id is the client's to choose; only whether it asked for one counts.
        if ((expected.id() >= 0) != (got.id() >= 0))
            return u"ack"_s;
        if (m_ignoreArgs || m_ignoredEvents.contains(expected.eventName()))
            return {};
        return sameValue(expected.eventArguments(), got.eventArguments()) ? QString() : u"args"_s;
    case SocketIOPacket::Ack:
        if (expected.id() != got.id())
            return u"ack"_s;
        return m_ignoreArgs || sameValue(expected.data(), got.data()) ? QString() : u"args"_s;
    default:
        return {};
    }
}

QJsonObject PacketMatcher::toJson(const SocketIOPacket &packet)
{
    QJsonObject json{{"type"_L1, SocketIOPacket::typeName(packet.type())}, {"nsp"_L1, packet.nsp()}};
    if (isEvent(packet)) {
        json.insert("event"_L1, packet.eventName());
        json.insert("args"_L1, JsonVariant::toJsonArray(packet.eventArguments()));
    } else if (baseType(packet.type()) == SocketIOPacket::Ack) {
        json.insert("args"_L1, JsonVariant::toJson(packet.data()));
    } else if (packet.data().isValid()) {
        json.insert(packet.type() == SocketIOPacket::Connect ? "auth"_L1 : "data"_L1, JsonVariant::toJson(packet.data()));
    }
    if (packet.id() >= 0)
        json.insert("id"_L1, packet.id());
    return json;
}
