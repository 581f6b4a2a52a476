#ifndef ENGINETIMELINE_H
#define ENGINETIMELINE_H

#include <SocketIOQt/socketio.h>

#include <QtCore/qlist.h>
#include <QtCore/qstringlist.h>

// Something that happened to an Engine.IO session or a namespace on it: the
// events the engine lane draws on one time axis.
struct EngineEvent
{
    enum Kind {
        Open,              // handshake: sid, pingInterval, pingTimeout
        Ping,
        Pong,
        UpgradeProbe,      // "2probe" / "3probe"
        Upgrade,           // "5": the transport switched
        Close,
        NamespaceConnect,  // the client asked to join
        NamespaceConnected,
        NamespaceRefused,  // CONNECT_ERROR
        NamespaceDisconnect,
        ReconnectAttempt,
        Reconnected,
        ReconnectFailed,
        ConnectionError,
        HeartbeatLate      // a ping or pong arrived later than the session allows
    };

    Kind kind = Open;
    qint64 timeUs = 0;
    int stream = 0;
    SocketIOQt::SocketIO::Direction direction = SocketIOQt::SocketIO::Direction::Incoming;
    int row = -1;            // the packet, when a packet caused it
    QString nsp;
    QString detail;
    double latencyMs = -1;   // Pong: since its ping

    static QString kindName(Kind kind);
};

// What the Engine.IO handshake of one stream said.
struct EngineStreamInfo
{
    QString sid;
    QStringList upgrades;
    int eioVersion = 0;      // 3 or 4 once the handshake is in; 0 before
    int pingInterval = 0;    // ms
    int pingTimeout = 0;     // ms
    qint64 maxPayload = 0;
    qint64 openTimeUs = 0;
};

class EngineTimeline
{
public:
    int append(const EngineEvent &event);
    void clear();

    int count() const { return int(m_events.size()); }
    const EngineEvent &event(int index) const { return m_events[index]; }
    const QList<EngineEvent> &events() const { return m_events; }

    EngineStreamInfo streamInfo(int stream) const { return m_info.value(stream); }
    void setStreamInfo(int stream, const EngineStreamInfo &info);

private:
    QList<EngineEvent> m_events;
    QList<EngineStreamInfo> m_info;
};

#endif // ENGINETIMELINE_H
