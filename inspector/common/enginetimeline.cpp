#include "enginetimeline.h"

using namespace Qt::StringLiterals;

QString EngineEvent::kindName(Kind kind)
{
    switch (kind) {
    case Open: return u"open"_s;
    case Ping: return u"ping"_s;
    case Pong: return u"pong"_s;
    case UpgradeProbe: return u"upgrade probe"_s;
    case Upgrade: return u"upgrade"_s;
    case Close: return u"close"_s;
    case NamespaceConnect: return u"join"_s;
    case NamespaceConnected: return u"connected"_s;
    case NamespaceRefused: return u"connect error"_s;
    case NamespaceDisconnect: return u"disconnect"_s;
    case ReconnectAttempt: return u"reconnect attempt"_s;
    case Reconnected: return u"reconnected"_s;
    case ReconnectFailed: return u"reconnect failed"_s;
    case ConnectionError: return u"error"_s;
    case HeartbeatLate: return u"late heartbeat"_s;
    }
    return {};
}

int EngineTimeline::append(const EngineEvent &event)
{
    m_events.append(event);
    return int(m_events.size() - 1);
}

void EngineTimeline::clear()
{
    m_events.clear();
    m_info.clear();
}

void EngineTimeline::setStreamInfo(int stream, const EngineStreamInfo &info)
{
    if (stream >= m_info.size())
        m_info.resize(stream + 1);
    m_info[stream] = info;
}
