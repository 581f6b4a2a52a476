#include "websockettransport.h"

#include "logging_p.h"
#include "websocketcompat_p.h"

#include <QtCore/qtimer.h>
#include <QtNetwork/qnetworkrequest.h>
#include <QtWebSockets/qwebsocket.h>

namespace SocketIOQt {

namespace {
// Characters of a text message past which it is handed on from the event loop.
constexpr qsizetype LargeMessage = 1024 * 1024;
} // namespace

WebSocketTransport::WebSocketTransport(const EngineTransportOptions &options, QObject *parent)
    : EngineTransport(options, parent), m_socket(new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this))
{
    if (m_options.sslConfiguration)
        m_socket->setSslConfiguration(*m_options.sslConfiguration);
    if (!m_options.ignoredSslErrors.isEmpty())
        m_socket->ignoreSslErrors(m_options.ignoredSslErrors);
    // Each setting and connection below costs memory in every connection of a process that
    // holds thousands (socketio-load): only what differs from QWebSocket's defaults is set.
    if (m_options.proxy)
        m_socket->setProxy(*m_options.proxy);
    m_socket->setMaxAllowedIncomingMessageSize(quint64(m_options.maxMessageSize));
    m_socket->setMaxAllowedIncomingFrameSize(quint64(m_options.maxMessageSize));
    connect(m_socket, &QWebSocket::connected, this, [this] {
        qCDebug(lcTransport) << "websocket connected";
        m_connected = true;
        reportOpened();
    });
    connect(m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        if (m_done)
            return;
        // A large message is handed on from the event loop, once QWebSocket has let go of its
        // UTF-16 copy (twice the size of the message): one copy fewer at the peak.
        const bool large = text.size() > LargeMessage;
        // Messages, nearly every frame: straight to the packet's UTF-8 data, rather than
        // converting the whole frame and copying it again without its type character.
        if (!text.isEmpty() && text.front() == QLatin1Char('0' + EngineIOPacket::Message)) {
            EngineIOPacket packet(EngineIOPacket::Message, QStringView(text).sliced(1).toUtf8());
            dispatch([this, packet] {
                if (!m_done)
                    reportPacket(packet);
            }, large);
            return;
        }
        dispatch([this, frame = text.toUtf8()] { onFrame(frame, false); }, large);
    });
    connect(m_socket, &QWebSocket::binaryMessageReceived, this,
            [this](const QByteArray &data) { dispatch([this, data] { onFrame(data, true); }, false); });
    connect(m_socket, webSocketError, this, [this](QAbstractSocket::SocketError error) {
        const bool ssl = error == QAbstractSocket::SslHandshakeFailedError
                || error == QAbstractSocket::SslInternalError || error == QAbstractSocket::SslInvalidUserDataError;
        // The peer closed the TCP connection (its process died, say): a closed connection.
        if (m_connected && error == QAbstractSocket::RemoteHostClosedError)
            failInOrder(ClosedError, m_socket->errorString());
        else
            failInOrder(ssl ? SslError : ConnectionError, m_socket->errorString());
    });
    if (m_options.url.scheme() == QLatin1String("wss")) // no TLS, no TLS errors
        connect(m_socket, &QWebSocket::sslErrors, this, &WebSocketTransport::reportSslErrors);
    connect(m_socket, &QWebSocket::disconnected, this, [this] {
        const auto code = m_socket->closeCode();
        if (!m_connected)
            failInOrder(ConnectionError, m_socket->errorString());
        else if (code == QWebSocketProtocol::CloseCodeNormal || code == QWebSocketProtocol::CloseCodeGoingAway)
            failInOrder(NoError, QStringLiteral("websocket closed by the server"));
        else // closed without an orderly close (1006 and the like): still a closed connection
            failInOrder(ClosedError, m_socket->closeReason().isEmpty() ? m_socket->errorString() : m_socket->closeReason());
    });
}

WebSocketTransport::~WebSocketTransport()
{
    abort();
}

void WebSocketTransport::open()
{
    QNetworkRequest request(m_options.url);
    for (auto it = m_options.headers.cbegin(); it != m_options.headers.cend(); ++it)
        request.setRawHeader(it.key(), it.value());
    qCDebug(lcTransport) << "websocket opening" << m_options.url.toDisplayString(QUrl::RemoveQuery);
    m_socket->open(request);
}

void WebSocketTransport::send(const QList<EngineIOPacket> &packets)
{
    // QTcpSocket only buffers a write and sends it once the event loop reports the socket
    // writable: one more trip through the loop (a poll) per emit. When nothing is waiting to go
    // out, the frames are written now, as Node's sockets do; when the kernel has not taken the
    // previous ones yet, they join the queue and the loop sends them.
    const bool idle = m_socket->bytesToWrite() == 0;
    for (const EngineIOPacket &packet : packets) {
        bool binary = false;
        const QByteArray frame = EngineIOCodec::encodeFrame(packet, m_options.version, &binary);
        if (binary)
            m_socket->sendBinaryMessage(frame);
        else
            m_socket->sendTextMessage(QString::fromUtf8(frame));
    }
    if (idle) {
        // A write that fails reports it from inside flush(): what follows (closed()) must not
        // pull the session from under the emit that is sending, so it comes from the loop.
        m_flushing = true;
        m_socket->flush();
        m_flushing = false;
    }
}

void WebSocketTransport::close()
{
    if (m_done || m_socket->state() != QAbstractSocket::ConnectedState) {
        abort();
        deleteLater();
        return;
    }
    m_done = true;
    m_socket->disconnect(this);
    // QWebSocket::close() sends the close frame after the queued frames; the
    // object lives until the server answers, or a bounded while.
    connect(m_socket, &QWebSocket::disconnected, this, &QObject::deleteLater);
    QTimer::singleShot(2000, this, &QObject::deleteLater);
    m_socket->close();
}

void WebSocketTransport::abort()
{
    if (m_done)
        return;
    m_done = true;
    m_deferred.clear();
    m_socket->disconnect(this);
    m_socket->abort();
}

qint64 WebSocketTransport::bytesToWrite() const
{
    return m_socket->bytesToWrite();
}

void WebSocketTransport::dispatch(std::function<void()> action, bool defer)
{
    if (!defer && !m_flushing && m_deferred.isEmpty()) {
        action();
        return;
    }
    m_deferred.append(std::move(action));
    if (m_deferred.size() == 1)
        QMetaObject::invokeMethod(this, &WebSocketTransport::runDeferred, Qt::QueuedConnection);
}

void WebSocketTransport::runDeferred()
{
    QPointer<WebSocketTransport> guard(this);
    while (guard && !m_done && !m_deferred.isEmpty())
        m_deferred.takeFirst()();
}

void WebSocketTransport::onFrame(const QByteArray &frame, bool binary)
{
    if (m_done)
        return;
    EngineIOPacket packet;
    QString error;
    if (!EngineIOCodec::decodeFrame(frame, binary, m_options.version, &packet, &error)) {
        fail(ProtocolError, error);
        return;
    }
    reportPacket(packet);
}

void WebSocketTransport::failInOrder(Error error, const QString &description)
{
    dispatch([this, error, description] { fail(error, description); }, false);
}

void WebSocketTransport::fail(Error error, const QString &description)
{
    if (m_done)
        return;
    qCDebug(lcTransport) << "websocket closed:" << error << description;
    abort();
    reportClosed(error, description);
}

} // namespace SocketIOQt
