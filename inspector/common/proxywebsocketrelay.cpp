#include "proxywebsocketrelay.h"

#include "captureproxy.h"
#include "capturesession.h"
#include "websocketcompat_p.h"

#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qurlquery.h>
#include <QtWebSockets/qwebsocket.h>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

// Headers that belong to one hop or to the WebSocket handshake itself.
static bool isHopHeader(const QByteArray &name)
{
    const QByteArray n = name.toLower();
    return n == "host" || n == "connection" || n == "upgrade" || n.startsWith("sec-websocket")
            || n == "content-length" || n == "keep-alive" || n == "origin";
}

ProxyWebSocketRelay::ProxyWebSocketRelay(CaptureProxy *proxy, QWebSocket *client, QObject *parent)
    : QObject(parent), m_proxy(proxy), m_client(client), m_server(new QWebSocket(client->origin()))
{
    m_client->setParent(this);
    m_server->setParent(this);

    const QNetworkRequest incoming = client->request();
    const QUrlQuery query(incoming.url());
    m_version = query.queryItemValue(u"EIO"_s) == "3"_L1 ? EngineIOCodec::V3 : EngineIOCodec::V4;
    m_stream = m_proxy->streamForSid(query.queryItemValue(u"sid"_s));

    QNetworkRequest outgoing(m_proxy->upstreamUrl(incoming.url(), true));
    for (const QByteArray &name : incoming.rawHeaderList()) {
        if (!isHopHeader(name))
            outgoing.setRawHeader(name, incoming.rawHeader(name));
    }

    connect(m_client, &QWebSocket::textMessageReceived, this,
            [this](const QString &text) { fromClient(text.toUtf8(), false); });
    connect(m_client, &QWebSocket::binaryMessageReceived, this,
            [this](const QByteArray &data) { fromClient(data, true); });
    connect(m_server, &QWebSocket::textMessageReceived, this,
            [this](const QString &text) { fromServer(text.toUtf8(), false); });
    connect(m_server, &QWebSocket::binaryMessageReceived, this,
            [this](const QByteArray &data) { fromServer(data, true); });
    connect(m_server, &QWebSocket::connected, this, [this] {
        for (const auto &[frame, binary] : std::as_const(m_queued)) {
            if (binary)
                m_server->sendBinaryMessage(frame);
            else
                m_server->sendTextMessage(QString::fromUtf8(frame));
        }
        m_queued.clear();
    });
    connect(m_client, &QWebSocket::disconnected, this, &ProxyWebSocketRelay::finish);
    connect(m_server, &QWebSocket::disconnected, this, &ProxyWebSocketRelay::finish);
    connect(m_server, webSocketError, this, [this] {
        Q_EMIT m_proxy->errorOccurred(u"WebSocket to %1: %2"_s.arg(m_server->requestUrl().toString(),
                                                                   m_server->errorString()));
        finish();
    });
    if (outgoing.url().scheme() == "wss"_L1)
        m_server->setSslConfiguration(m_proxy->upstreamSslConfiguration());
    m_server->open(outgoing);
}

ProxyWebSocketRelay::~ProxyWebSocketRelay()
{
    m_finished = true;
    m_client->disconnect(this);
    m_server->disconnect(this);
}

void ProxyWebSocketRelay::capture(SocketIO::Direction direction, const QByteArray &frame, bool binary)
{
    CaptureSession *session = m_proxy->session();
    const qint64 now = CaptureSession::currentTimeUs();
    EngineIOPacket packet;
    QString error;
    if (!EngineIOCodec::decodeFrame(frame, binary, m_version, &packet, &error)) {
        session->addMalformedFrame(now, direction, frame, binary, u"websocket"_s, m_stream, error);
        return;
    }
    if (packet.type() == EngineIOPacket::Open) {
        const QString sid = QJsonDocument::fromJson(packet.data()).object().value("sid"_L1).toString();
        m_proxy->bindSid(m_stream, sid);
    }
    session->addPacket(now, direction, packet, u"websocket"_s, m_stream);
}

void ProxyWebSocketRelay::fromClient(const QByteArray &frame, bool binary)
{
    capture(SocketIO::Direction::Outgoing, frame, binary);
    if (m_server->state() != QAbstractSocket::ConnectedState) {
        m_queued.append({frame, binary});
    } else if (binary) {
        m_server->sendBinaryMessage(frame);
    } else {
        m_server->sendTextMessage(QString::fromUtf8(frame));
    }
}

void ProxyWebSocketRelay::fromServer(const QByteArray &frame, bool binary)
{
    capture(SocketIO::Direction::Incoming, frame, binary);
    if (binary)
        m_client->sendBinaryMessage(frame);
    else
        m_client->sendTextMessage(QString::fromUtf8(frame));
}

void ProxyWebSocketRelay::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_client->state() != QAbstractSocket::UnconnectedState)
        m_client->close(m_server->closeCode(), m_server->closeReason());
    if (m_server->state() != QAbstractSocket::UnconnectedState)
        m_server->close(m_client->closeCode(), m_client->closeReason());
    Q_EMIT finished();
    deleteLater();
}
