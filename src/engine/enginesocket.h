#ifndef SOCKETIOQT_ENGINESOCKET_H
#define SOCKETIOQT_ENGINESOCKET_H

#include "enginetransport.h"

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>
#include <QtCore/qbasictimer.h>
#include <QtCore/qurlquery.h>

class QNetworkAccessManager;

namespace SocketIOQt {

// One Engine.IO session: opens the first transport, reads the handshake,
// keeps the heartbeat (EIO 4: answer the server's pings; EIO 3: ping the
// server), upgrades from polling to WebSocket, and hands Message packets up.
// Closing reasons use the JavaScript client's names ("transport close",
// "transport error", "ping timeout", "parse error").
class EngineSocket : public QObject, private EngineTransport::Listener
{
    Q_OBJECT
public:
    enum State { Closed, Opening, Open };
    Q_ENUM(State)
    enum Error { NoError, ConnectionError, HandshakeError, PingTimeoutError, ProtocolError, SslError };
    Q_ENUM(Error)

    struct Options {
        QUrl url;                 // http(s) or ws(s) server URL; its path is ignored
        QString path = QStringLiteral("/socket.io");
        QUrlQuery query;
        QHash<QByteArray, QByteArray> headers;
        // Unset unless the user set one: each default-constructed QSslConfiguration costs an allocation.
        std::optional<QSslConfiguration> sslConfiguration;
        QStringList transports = {QStringLiteral("polling"), QStringLiteral("websocket")};
        bool upgrade = true;      // from polling to websocket when the server offers it
        bool forceBase64 = false; // EIO 3 polling: b64=1, no binary payloads
        EngineIOCodec::Version version = EngineIOCodec::V4;
        bool detectVersion = false;
        QNetworkAccessManager *manager = nullptr; // for polling and cookies; not owned
        QList<QSslError> ignoredSslErrors;
        std::optional<QNetworkProxy> proxy; // unset: the default proxy, and no allocation
        qint64 maxMessageSize = 100000000;
        qint64 maxWriteBufferSize = 200000000; // bytes the server has not taken yet
    };

    // The heartbeat periods of the handshake are clamped to these (ms): 0 would spin, and
    // pingInterval + pingTimeout must fit a timer.
    static constexpr int MinHeartbeatMs = 100;
    static constexpr int MaxHeartbeatMs = (1 << 30) - 1;

    // What the session reports, to its owner (SocketIOPrivate). Direct calls rather than signals:
    // each signal connection costs memory in every connection of a process that holds thousands
    // (socketio-load). A call may close the session, or make the owner let go of it (setListener
    // (nullptr)); the owner never deletes the session from inside a call (deleteLater()).
    class Listener
    {
    public:
        virtual void engineOpened() = 0;
        virtual void engineMessage(const EngineIOPacket &packet) = 0;
        virtual void enginePingReceived() = 0;
        virtual void engineUpgraded() = 0; // now on WebSocket
        virtual void engineUpgradeFailed(const QString &description) = 0;
        virtual void engineSslErrors(const QList<QSslError> &errors) = 0;
        // The session ended on its own (not by close()): reason is a disconnect reason.
        virtual void engineClosed(const QString &reason) = 0;
        // Every packet in and out, once setTracing(true) was called.
        virtual void enginePacketTraced(bool outgoing, const EngineIOPacket &packet, const QString &transport) = 0;

    protected:
        ~Listener() = default;
    };

    EngineSocket(const Options &options, Listener *listener, QObject *parent = nullptr);
    ~EngineSocket() override;

    static QUrl endpoint(const Options &options, const QString &transport, const QString &sid = {});

    // nullptr: nothing more is reported.
    void setListener(Listener *listener) { m_listener = listener; }
    bool isTracing() const { return m_tracing; }
    void setTracing(bool tracing) { m_tracing = tracing; }

    void open();
    void send(const QList<EngineIOPacket> &packets);
    void close(); // no engineClosed() follows

    State state() const { return m_state; }
    const EngineIOHandshake &handshake() const { return m_handshake; }
    QString transportName() const;
    EngineIOCodec::Version version() const { return m_version; }
    // The owner found the server speaks EIO 3 although EIO 4 was asked for
    // (WebSocket auto-detection): heartbeat and binary frames follow suit.
    void setVersion(EngineIOCodec::Version version);
    qint64 handshakeMs() const { return m_handshakeMs; } // time the open took
    Error error() const { return m_error; }
    QString errorString() const { return m_errorString; }

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    // EngineTransport::Listener: what the current transport and the upgrade probe report.
    void transportOpened(EngineTransport *transport) override;
    void transportPacket(EngineTransport *transport, const EngineIOPacket &packet) override;
    void transportClosed(EngineTransport *transport, EngineTransport::Error error, const QString &description) override;
    void transportSslErrors(EngineTransport *transport, const QList<QSslError> &errors) override;

    void trace(bool outgoing, const EngineIOPacket &packet, const QString &transport);
    EngineTransport *createTransport(const QString &name, const QString &sid);
    void onTransportPacket(EngineTransport *transport, const EngineIOPacket &packet);
    void onTransportClosed(EngineTransport::Error error, const QString &description);
    void onHandshake(const EngineIOPacket &packet);
    void probe();
    void onProbePacket(const EngineIOPacket &packet);
    void abortProbe(const QString &description);
    void startHeartbeat();
    void resetPingTimer();
    void sendRaw(EngineTransport *transport, const QList<EngineIOPacket> &packets);
    void flushWriteBuffer();
    void checkWriteBuffer();
    bool writeBufferExceeded() const;
    bool validateHandshake(QString *error);
    void finish(const QString &reason, Error error, const QString &description);

    Options m_options;
    Listener *m_listener;
    EngineIOHandshake m_handshake;
    EngineIOCodec::Version m_version;
    QPointer<EngineTransport> m_transport;
    QPointer<EngineTransport> m_probe;
    QList<EngineIOPacket> m_writeBuffer; // held while the upgrade switches transports
    // QBasicTimers, not QTimers: no object and no connection each, which counts with
    // thousands of connections in one process (socketio-load).
    QBasicTimer m_pingTimer;     // single shot. EIO 4: no ping within interval + timeout; EIO 3: no pong in time
    QBasicTimer m_pingSendTimer; // EIO 3: the client pings
    QBasicTimer m_probeTimer;    // single shot
    QElapsedTimer m_openTimer;
    qint64 m_handshakeMs = -1;
    State m_state = Closed;
    bool m_upgrading = false;
    bool m_writeCheckQueued = false;
    bool m_tracing = false;
    Error m_error = NoError;
    QString m_errorString;
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_ENGINESOCKET_H
