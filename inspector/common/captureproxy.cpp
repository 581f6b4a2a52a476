#include "captureproxy.h"

#include "capturesession.h"
#include "certificateauthority.h"
#include "proxyhttprelay.h"
#include "proxywebsocketrelay.h"
#include "tlsclienthello.h"

#include <QtCore/qpointer.h>
#include <QtNetwork/qnetworkaccessmanager.h>
#include <QtNetwork/qsslsocket.h>
#include <QtNetwork/qtcpserver.h>
#include <QtNetwork/qtcpsocket.h>
#include <QtWebSockets/qwebsocket.h>
#include <QtWebSockets/qwebsocketserver.h>

using namespace Qt::StringLiterals;

// The request head must fit in this much; Engine.IO requests are small.
static constexpr qsizetype MaxHeadSize = 64 * 1024;

namespace {
// Accepts every connection as a QSslSocket (in plain mode until the client's first bytes show
// TLS): the encryption can only start on the socket that owns the descriptor.
class ProxyListener : public QTcpServer
{
public:
    using QTcpServer::QTcpServer;

protected:
    void incomingConnection(qintptr descriptor) override
    {
        if (!QSslSocket::supportsSsl())
            return QTcpServer::incomingConnection(descriptor);
        auto *socket = new QSslSocket(this);
        if (socket->setSocketDescriptor(descriptor))
            addPendingConnection(socket);
        else
            delete socket;
    }
};
} // namespace

CaptureProxy::CaptureProxy(CaptureSession *session, QObject *parent)
    : QObject(parent), m_session(session)
{
}

CaptureProxy::~CaptureProxy()
{
    close();
}

void CaptureProxy::setTarget(const QUrl &target)
{
    m_target = target;
}

void CaptureProxy::setCertificateAuthority(CertificateAuthority *authority)
{
    m_authority = authority;
}

void CaptureProxy::setUpstreamCaCertificates(const QList<QSslCertificate> &certificates)
{
    m_upstreamSsl = QSslConfiguration::defaultConfiguration();
    m_upstreamSsl.addCaCertificates(certificates);
}

bool CaptureProxy::listen(const QHostAddress &address, quint16 port)
{
    close();
    const QString scheme = m_target.scheme();
    if (!m_target.isValid() || m_target.host().isEmpty()
            || !(scheme == "http"_L1 || scheme == "https"_L1 || scheme == "ws"_L1 || scheme == "wss"_L1)) {
        m_error = u"the target must be an http(s):// or ws(s):// URL with a host"_s;
        return false;
    }
    m_server = new ProxyListener(this);
    // The server never accepts on its own: connections are peeked at first,
    // then handed to the WebSocket server or an HTTP relay.
    connect(m_server, &QTcpServer::newConnection, this, &CaptureProxy::onNewConnection);
    if (!m_server->listen(address, port)) {
        m_error = m_server->errorString();
        delete m_server;
        m_server = nullptr;
        return false;
    }
    m_webSockets = new QWebSocketServer(u"socketio-inspector"_s, QWebSocketServer::NonSecureMode, this);
    connect(m_webSockets, &QWebSocketServer::newConnection, this, [this] {
        while (QWebSocket *client = m_webSockets->nextPendingConnection())
            track(new ProxyWebSocketRelay(this, client, this));
    });
    m_error.clear();
    return true;
}

void CaptureProxy::close()
{
    if (m_server) {
        m_server->close();
        delete m_server;
        m_server = nullptr;
    }
    if (m_webSockets) {
        m_webSockets->close();
        delete m_webSockets;
        m_webSockets = nullptr;
    }
    // Deleting one relay can take others with it (an HTTP relay ends the polling session's
    // other requests): track them, and delete only those still alive.
    QList<QPointer<QObject>> relays;
    for (QObject *child : children()) {
        if (qobject_cast<ProxyWebSocketRelay *>(child) || qobject_cast<ProxyHttpRelay *>(child))
            relays.append(child);
    }
    for (const QPointer<QObject> &relay : relays)
        delete relay.data();
}

bool CaptureProxy::isListening() const
{
    return m_server && m_server->isListening();
}

QHostAddress CaptureProxy::serverAddress() const
{
    return m_server ? m_server->serverAddress() : QHostAddress();
}

quint16 CaptureProxy::serverPort() const
{
    return m_server ? m_server->serverPort() : 0;
}

QNetworkAccessManager *CaptureProxy::network()
{
    if (!m_network) {
        m_network = new QNetworkAccessManager(this);
        m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    }
    return m_network;
}

int CaptureProxy::streamForSid(const QString &sid)
{
    if (!sid.isEmpty()) {
        const auto it = m_streams.constFind(sid);
        if (it != m_streams.constEnd())
            return *it;
    }
    // Stream 0 exists from the start: use it for the first session.
    const bool firstUnused = m_streams.isEmpty() && m_session->packetCount() == 0;
    const int stream = firstUnused ? 0 : m_session->addStream(sid);
    if (firstUnused)
        m_session->setStreamLabel(0, sid);
    if (!sid.isEmpty())
        m_streams.insert(sid, stream);
    else
        m_streams.insert(u"#%1"_s.arg(stream), stream); // reserved until its sid is known
    return stream;
}

void CaptureProxy::bindSid(int stream, const QString &sid)
{
    if (sid.isEmpty() || m_streams.contains(sid))
        return;
    m_streams.insert(sid, stream);
    m_session->setStreamLabel(stream, sid);
}

QUrl CaptureProxy::upstreamUrl(const QUrl &requestUrl, bool webSocket) const
{
    QUrl url = m_target;
    const bool secure = m_target.scheme() == "https"_L1 || m_target.scheme() == "wss"_L1;
    url.setScheme(webSocket ? (secure ? u"wss"_s : u"ws"_s) : (secure ? u"https"_s : u"http"_s));
    url.setPath(requestUrl.path(QUrl::FullyEncoded), QUrl::StrictMode);
    url.setQuery(requestUrl.query(QUrl::FullyEncoded), QUrl::StrictMode);
    return url;
}

void CaptureProxy::track(QObject *relay)
{
    ++m_connections;
    Q_EMIT connectionCountChanged(m_connections);
    connect(relay, &QObject::destroyed, this, [this] {
        --m_connections;
        Q_EMIT connectionCountChanged(m_connections);
    });
}

void CaptureProxy::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { dispatch(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void CaptureProxy::dispatch(QTcpSocket *socket)
{
    // A TLS client's first record is a handshake (byte 22); an HTTP request starts with a letter.
    auto *ssl = qobject_cast<QSslSocket *>(socket);
    if (ssl && ssl->mode() == QSslSocket::UnencryptedMode) {
        const QByteArray start = socket->peek(TlsClientHello::MaxRecordSize);
        if (start.startsWith(char(22))) {
            if (!startTls(ssl, start))
                socket->abort();
            return;
        }
    }
    // Peek, do not read: the WebSocket server wants the handshake untouched.
    const QByteArray head = socket->peek(MaxHeadSize);
    const qsizetype end = head.indexOf("\r\n\r\n");
    if (end < 0) {
        if (head.size() >= MaxHeadSize)
            socket->abort();
        return;
    }
    disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
    disconnect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);

    bool upgrade = false;
    for (const QByteArray &line : head.left(end).split('\n')) {
        const QByteArray l = line.trimmed().toLower();
        if (l.startsWith("upgrade:") && l.contains("websocket"))
            upgrade = true;
    }
    if (upgrade && m_webSockets) {
        m_webSockets->handleConnection(socket);
    } else {
        track(new ProxyHttpRelay(this, socket, this));
    }
}

bool CaptureProxy::startTls(QSslSocket *socket, const QByteArray &start)
{
    QString host;
    switch (TlsClientHello::serverName(start, &host)) {
    case TlsClientHello::Result::NeedMore:
        return true; // peeked, not read: the next readyRead brings the rest
    case TlsClientHello::Result::NotTls:
        return false;
    case TlsClientHello::Result::Read:
        break;
    }
    if (!m_authority || !m_authority->isValid()) {
        Q_EMIT errorOccurred(u"a client spoke TLS, but this proxy has no certificate authority%1"_s.arg(
                m_authority ? u": "_s + m_authority->errorString() : QString()));
        return false;
    }
    if (host.isEmpty()) { // no SNI: clients send none for an IP address
        QHostAddress local = socket->localAddress();
        bool mapped = false;
        const QHostAddress v4(local.toIPv4Address(&mapped));
        host = (mapped ? v4 : local).toString();
    }
    QSslCertificate certificate;
    QSslKey key;
    if (!m_authority->issue(host, &certificate, &key)) {
        Q_EMIT errorOccurred(u"no certificate for a TLS client: %1"_s.arg(m_authority->errorString()));
        return false;
    }
    disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setLocalCertificateChain({certificate, m_authority->certificate()});
    conf.setPrivateKey(key);
    conf.setPeerVerifyMode(QSslSocket::VerifyNone);
    conf.setProtocol(QSsl::TlsV1_2OrLater);
    conf.setAllowedNextProtocols({"http/1.1"}); // the relays speak HTTP/1.1 (a browser would offer h2)
    socket->setSslConfiguration(conf);
    connect(socket, &QSslSocket::encrypted, this, [this, socket] {
        disconnect(socket, &QAbstractSocket::errorOccurred, this, nullptr);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { dispatch(socket); });
        if (socket->bytesAvailable() > 0)
            dispatch(socket);
    });
    connect(socket, &QAbstractSocket::errorOccurred, this, [this, socket, host] {
        Q_EMIT errorOccurred(u"TLS handshake with a client for %1 failed: %2 (does it trust the inspector's "
                             "certificate authority?)"_s.arg(host, socket->errorString()));
        disconnect(socket, &QAbstractSocket::errorOccurred, this, nullptr);
    });
    socket->startServerEncryption();
    return true;
}
