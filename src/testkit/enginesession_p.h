#ifndef SOCKETIOQT_ENGINESESSION_P_H
#define SOCKETIOQT_ENGINESESSION_P_H

#include <engineiocodec.h>

#include <QtCore/qlist.h>
#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>
#include <QtCore/qstringlist.h>
#include <QtCore/qtimer.h>

QT_BEGIN_NAMESPACE
class QWebSocket;
QT_END_NAMESPACE

namespace SocketIOQt {
namespace Test {

class HttpConnection;

// The server's settings as the sessions read them, live: a fault switched on in the middle of
// a test applies to the sessions already open.
struct EngineConfig
{
    QStringList transports{QStringLiteral("polling"), QStringLiteral("websocket")};
    int pingInterval = 25000;
    int pingTimeout = 20000;
    qint64 maxPayload = 1000000;
    bool pingsAnswered = true;
    bool upgradeRefused = false;
};

// One Engine.IO session on the server side: the open packet, the heartbeat (server pings in
// EIO 4, client pings in EIO 3), long-polling (one GET held at a time, POSTs of payloads),
// WebSocket, and the upgrade from one to the other. Packets go through EngineIOCodec, the
// library's own codec. Messages come out of messageReceived(); the session ends once, with
// closed(reason) in engine.io's words.
class EngineSession : public QObject
{
    Q_OBJECT
public:
    enum Transport { Polling, WebSocket };

    EngineSession(const QString &sid, EngineIOCodec::Version version, const EngineConfig *config,
                  QObject *parent);
    ~EngineSession() override;

    QString id() const { return m_sid; }
    EngineIOCodec::Version version() const { return m_version; }
    Transport transport() const { return m_transport; }
    QString transportName() const;
    bool isUpgrading() const { return !m_probe.isNull(); }

    void setBase64(bool base64) { m_payloadOptions.base64 = base64; }
    // A header for the first polling response (the handshake).
    void setHandshakeHeader(const QByteArray &name, const QByteArray &value)
    { m_handshakeHeaders.append({name, value}); }
    // Sends the open packet and starts the heartbeat, over \a webSocket or (null) polling.
    void start(QWebSocket *webSocket);
    void handleGet(HttpConnection *connection);
    void handlePost(HttpConnection *connection, const QByteArray &body, bool binary);
    void pollingDropped(HttpConnection *connection);
    void probe(QWebSocket *webSocket);

    void send(const EngineIOPacket &packet);
    void sendRaw(const QByteArray &frame, bool binary);
    // After what is queued has gone out, ends the transport's connection ("transport close").
    void closeTransportAfterFlush();
    // Sends a close packet, then ends the session.
    void close(const QString &reason);
    // Ends the session at once, dropping its connections.
    void abort(const QString &reason);

Q_SIGNALS:
    void messageReceived(const SocketIOQt::EngineIOPacket &packet);
    void transportChanged(const QString &transport);
    void closed(const QString &reason);
    void protocolError(const QString &why);

private:
    void onPacket(const EngineIOPacket &packet);
    void onFrame(const QByteArray &frame, bool binary);
    void onProbeFrame(const QByteArray &frame, bool binary);
    void adoptWebSocket(QWebSocket *webSocket); // the session's transport from now on
    void writeFrame(QWebSocket *socket, const EngineIOPacket &packet);
    void flush();
    void finish(const QString &reason);
    void schedulePing();
    void armTimeout(int ms);

    const QString m_sid;
    const EngineIOCodec::Version m_version;
    const EngineConfig *m_config;
    EngineIOCodec::PayloadOptions m_payloadOptions;
    Transport m_transport = Polling;
    QPointer<QWebSocket> m_webSocket;
    QPointer<QWebSocket> m_probe;
    QPointer<HttpConnection> m_pendingGet;
    QList<EngineIOPacket> m_queue;
    QList<QPair<QByteArray, QByteArray>> m_handshakeHeaders;
    QList<QPair<QByteArray, bool>> m_rawQueue;
    QTimer m_pingTimer;
    QTimer m_timeoutTimer;
    bool m_closeAfterFlush = false;
    bool m_probed = false; // the probe's ping came: polling is paused
    bool m_closing = false;
    QString m_closeReason;
    bool m_finished = false;
};

} // namespace Test
} // namespace SocketIOQt

#endif // SOCKETIOQT_ENGINESESSION_P_H
