#include "enginesession_p.h"
#include "httpconnection_p.h"
#include "testkitlogging_p.h"

#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtWebSockets/qwebsocket.h>

namespace SocketIOQt {
namespace Test {

EngineSession::EngineSession(const QString &sid, EngineIOCodec::Version version,
                             const EngineConfig *config, QObject *parent)
    : QObject(parent), m_sid(sid), m_version(version), m_config(config)
{
    m_pingTimer.setSingleShot(true);
    m_timeoutTimer.setSingleShot(true);
    connect(&m_pingTimer, &QTimer::timeout, this, [this] {
        // EIO 4: the server pings; the client must answer within pingTimeout.
        if (!m_config->pingsAnswered)
            return schedulePing();
        send(EngineIOPacket(EngineIOPacket::Ping));
        armTimeout(m_config->pingTimeout);
    });
    connect(&m_timeoutTimer, &QTimer::timeout, this, [this] {
        if (!m_config->pingsAnswered) { // the fault: this side stays silent, and keeps waiting
            armTimeout(m_config->pingInterval + m_config->pingTimeout);
            return;
        }
        abort(QStringLiteral("ping timeout"));
    });
}

EngineSession::~EngineSession()
{
    if (m_webSocket)
        m_webSocket->abort();
    if (m_probe)
        m_probe->abort();
}

QString EngineSession::transportName() const
{
    return m_transport == Polling ? QStringLiteral("polling") : QStringLiteral("websocket");
}

void EngineSession::start(QWebSocket *webSocket)
{
    QJsonArray upgrades;
    if (!webSocket && m_config->transports.contains(QLatin1String("websocket")))
        upgrades.append(QStringLiteral("websocket"));
    QJsonObject open{{QStringLiteral("sid"), m_sid},
                     {QStringLiteral("upgrades"), upgrades},
                     {QStringLiteral("pingInterval"), m_config->pingInterval},
                     {QStringLiteral("pingTimeout"), m_config->pingTimeout}};
    if (m_version == EngineIOCodec::V4)
        open.insert(QStringLiteral("maxPayload"), double(m_config->maxPayload));
    if (webSocket) {
        webSocket->setParent(this);
        adoptWebSocket(webSocket);
    }
    send(EngineIOPacket(EngineIOPacket::Open, QJsonDocument(open).toJson(QJsonDocument::Compact)));
    if (m_version == EngineIOCodec::V4)
        schedulePing();
    else
        armTimeout(m_config->pingInterval + m_config->pingTimeout);
}

void EngineSession::adoptWebSocket(QWebSocket *webSocket)
{
    m_webSocket = webSocket;
    m_transport = WebSocket;
    connect(webSocket, &QWebSocket::textMessageReceived, this,
            [this](const QString &text) { onFrame(text.toUtf8(), false); });
    connect(webSocket, &QWebSocket::binaryMessageReceived, this,
            [this](const QByteArray &bytes) { onFrame(bytes, true); });
    connect(webSocket, &QWebSocket::disconnected, this,
            [this] { finish(QStringLiteral("transport close")); });
}

void EngineSession::schedulePing()
{
    m_pingTimer.start(m_config->pingInterval);
}

void EngineSession::armTimeout(int ms)
{
    m_timeoutTimer.start(ms);
}

void EngineSession::handleGet(HttpConnection *connection)
{
    if (m_pendingGet) {
        // engine.io answers a second concurrent GET with 400 and closes the session.
        connection->respond(400, "application/json", R"({"code":3,"message":"Bad request"})");
        return abort(QStringLiteral("transport error"));
    }
    m_pendingGet = connection;
    if (m_transport == WebSocket || (m_probe && m_probed)) {
        // A GET left over from before (or during) the upgrade: released with a noop.
        m_pendingGet = nullptr;
        bool binary = false;
        connection->respond(200, "text/plain; charset=UTF-8",
                            EngineIOCodec::encodePayload({EngineIOPacket(EngineIOPacket::Noop)},
                                                         m_version, &binary, m_payloadOptions));
        return;
    }
    flush();
}

void EngineSession::handlePost(HttpConnection *connection, const QByteArray &body, bool binary)
{
    QList<EngineIOPacket> packets;
    QString error;
    if (!EngineIOCodec::decodePayload(body, binary, m_version, &packets, &error, m_payloadOptions)) {
        connection->respond(400, "application/json", R"({"code":3,"message":"Bad request"})");
        Q_EMIT protocolError(error);
        return abort(QStringLiteral("parse error"));
    }
    connection->respond(200, "text/html", "ok");
    for (const EngineIOPacket &packet : std::as_const(packets)) {
        if (m_finished)
            break;
        onPacket(packet);
    }
}

void EngineSession::pollingDropped(HttpConnection *connection)
{
    if (connection == m_pendingGet && m_transport == Polling)
        abort(QStringLiteral("transport error"));
}

void EngineSession::probe(QWebSocket *webSocket)
{
    webSocket->setParent(this);
    if (m_config->upgradeRefused || m_probe || m_transport != Polling) {
        webSocket->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("upgrade refused"));
        return;
    }
    m_probe = webSocket;
    connect(webSocket, &QWebSocket::textMessageReceived, this,
            [this](const QString &text) { onProbeFrame(text.toUtf8(), false); });
    connect(webSocket, &QWebSocket::binaryMessageReceived, this,
            [this](const QByteArray &bytes) { onProbeFrame(bytes, true); });
    connect(webSocket, &QWebSocket::disconnected, webSocket, &QObject::deleteLater);
}

void EngineSession::onProbeFrame(const QByteArray &frame, bool binary)
{
    if (sender() != m_probe)
        return onFrame(frame, binary);
    EngineIOPacket packet;
    QString error;
    if (!EngineIOCodec::decodeFrame(frame, binary, m_version, &packet, &error)) {
        Q_EMIT protocolError(error);
        m_probe->abort();
        return;
    }
    if (packet.type() == EngineIOPacket::Ping && packet.data() == "probe") {
        writeFrame(m_probe, EngineIOPacket(EngineIOPacket::Pong, "probe"));
        m_probed = true;
        // The client pauses polling before it upgrades: release the GET it holds.
        if (m_pendingGet && m_queue.isEmpty() && m_rawQueue.isEmpty())
            m_queue.append(EngineIOPacket(EngineIOPacket::Noop));
        flush();
        return;
    }
    if (packet.type() == EngineIOPacket::Upgrade) {
        QWebSocket *webSocket = m_probe;
        m_probe = nullptr;
        disconnect(webSocket, nullptr, this, nullptr);
        disconnect(webSocket, &QWebSocket::disconnected, webSocket, &QObject::deleteLater);
        adoptWebSocket(webSocket);
        if (m_pendingGet) {
            HttpConnection *get = m_pendingGet;
            m_pendingGet = nullptr;
            bool binaryBody = false;
            get->respond(200, "text/plain; charset=UTF-8",
                         EngineIOCodec::encodePayload({EngineIOPacket(EngineIOPacket::Noop)},
                                                      m_version, &binaryBody, m_payloadOptions));
        }
        Q_EMIT transportChanged(transportName());
        flush();
    }
}

void EngineSession::onFrame(const QByteArray &frame, bool binary)
{
    EngineIOPacket packet;
    QString error;
    if (!EngineIOCodec::decodeFrame(frame, binary, m_version, &packet, &error)) {
        Q_EMIT protocolError(error);
        return abort(QStringLiteral("parse error"));
    }
    onPacket(packet);
}

void EngineSession::onPacket(const EngineIOPacket &packet)
{
    switch (packet.type()) {
    case EngineIOPacket::Ping:
        // EIO 3: the client's heartbeat; the answer proves the server alive.
        if (!m_config->pingsAnswered)
            return;
        armTimeout(m_config->pingInterval + m_config->pingTimeout);
        send(EngineIOPacket(EngineIOPacket::Pong, packet.data()));
        return;
    case EngineIOPacket::Pong:
        m_timeoutTimer.stop();
        schedulePing();
        return;
    case EngineIOPacket::Message:
        Q_EMIT messageReceived(packet);
        return;
    case EngineIOPacket::Close:
        return abort(QStringLiteral("transport close"));
    case EngineIOPacket::Open:
    case EngineIOPacket::Upgrade:
    case EngineIOPacket::Noop:
        return;
    }
}

void EngineSession::writeFrame(QWebSocket *socket, const EngineIOPacket &packet)
{
    bool binary = false;
    const QByteArray frame = EngineIOCodec::encodeFrame(packet, m_version, &binary);
    if (binary)
        socket->sendBinaryMessage(frame);
    else
        socket->sendTextMessage(QString::fromUtf8(frame));
}

void EngineSession::send(const EngineIOPacket &packet)
{
    if (m_finished || m_closeAfterFlush) // nothing after the packet the fault closes on
        return;
    m_queue.append(packet);
    flush();
}

void EngineSession::sendRaw(const QByteArray &frame, bool binary)
{
    if (m_finished)
        return;
    m_rawQueue.append({frame, binary});
    flush();
}

void EngineSession::closeTransportAfterFlush()
{
    m_closeAfterFlush = true;
    flush();
}

void EngineSession::flush()
{
    if (m_finished)
        return;
    if (m_transport == WebSocket) {
        if (!m_webSocket)
            return;
        for (const EngineIOPacket &packet : std::as_const(m_queue))
            writeFrame(m_webSocket, packet);
        for (const auto &raw : std::as_const(m_rawQueue)) {
            if (raw.second)
                m_webSocket->sendBinaryMessage(raw.first);
            else
                m_webSocket->sendTextMessage(QString::fromUtf8(raw.first));
        }
        m_queue.clear();
        m_rawQueue.clear();
        // finish() first: closing may emit disconnected() at once, which finishes too.
        if (m_closing || m_closeAfterFlush) {
            finish(m_closing ? m_closeReason : QStringLiteral("transport close"));
            m_webSocket->close();
        }
        return;
    }
    if (!m_pendingGet || (m_queue.isEmpty() && m_rawQueue.isEmpty()))
        return;
    HttpConnection *get = m_pendingGet;
    m_pendingGet = nullptr;
    if (!m_rawQueue.isEmpty()) {
        // A raw frame is a whole response body of its own.
        const auto raw = m_rawQueue.takeFirst();
        get->respond(200, raw.second ? "application/octet-stream" : "text/plain; charset=UTF-8",
                     raw.first);
    } else {
        bool binary = false;
        const QByteArray body = EngineIOCodec::encodePayload(m_queue, m_version, &binary,
                                                             m_payloadOptions);
        m_queue.clear();
        get->respond(200, binary ? "application/octet-stream" : "text/plain; charset=UTF-8", body,
                     std::exchange(m_handshakeHeaders, {}));
    }
    if (m_closing)
        return finish(m_closeReason);
    if (m_closeAfterFlush) {
        get->closeGracefully();
        return finish(QStringLiteral("transport close"));
    }
}

void EngineSession::close(const QString &reason)
{
    if (m_finished || m_closing)
        return;
    m_closing = true;
    m_closeReason = reason;
    m_queue.append(EngineIOPacket(EngineIOPacket::Close));
    flush();
    if (!m_finished) // polling without a GET: the client's next one finds the session gone
        finish(reason);
}

void EngineSession::abort(const QString &reason)
{
    if (m_finished)
        return;
    if (m_webSocket)
        m_webSocket->abort();
    if (m_probe)
        m_probe->abort();
    if (m_pendingGet)
        m_pendingGet->closeGracefully();
    finish(reason);
}

void EngineSession::finish(const QString &reason)
{
    if (m_finished)
        return;
    m_finished = true;
    m_pingTimer.stop();
    m_timeoutTimer.stop();
    qCDebug(lcTestServer) << "session" << m_sid << "closed:" << reason;
    Q_EMIT closed(reason);
}

} // namespace Test
} // namespace SocketIOQt
