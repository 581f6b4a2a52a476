#include "httpconnection_p.h"
#include "testkitlogging_p.h"

#include <QtCore/qtimer.h>
#include <QtNetwork/qtcpsocket.h>

namespace SocketIOQt {
namespace Test {

static QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 413: return "Payload Too Large";
    case 431: return "Request Header Fields Too Large";
    default: return "Error";
    }
}

HttpConnection::HttpConnection(QTcpSocket *socket, qsizetype maxHeadSize, qint64 maxBodySize,
                               QObject *parent)
    : QObject(parent), m_socket(socket), m_maxHeadSize(maxHeadSize), m_maxBodySize(maxBodySize)
{
    socket->setParent(this);
    // Qt stops reading from the kernel past this: a peer that never ends its head, or sends
    // while its request waits, costs at most this much (the body is read as it comes).
    socket->setReadBufferSize(maxHeadSize);
    connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::readMore);
    connect(socket, &QTcpSocket::disconnected, this, [this] {
        if (m_state == Waiting)
            Q_EMIT droppedWhileWaiting(this);
        m_state = Done;
        deleteLater();
    });
}

void HttpConnection::readMore()
{
    while (m_state == Head || m_state == Body) {
        if (m_state == Head) {
            const QByteArray bytes = m_socket->peek(m_maxHeadSize);
            switch (HttpRequestHead::parse(bytes, m_maxHeadSize, &m_head)) {
            case HttpRequestHead::NeedMore:
                return;
            case HttpRequestHead::TooLarge:
                return reject(431, QStringLiteral("request head over %1 bytes").arg(m_maxHeadSize));
            case HttpRequestHead::Malformed:
                return reject(400, QStringLiteral("malformed HTTP request"));
            case HttpRequestHead::Ready:
                break;
            }
            if (m_head.isWebSocketUpgrade()) {
                m_state = Done;
                disconnect(m_socket, nullptr, this, nullptr);
                m_socket->setReadBufferSize(0);
                // Owned by the server until QWebSocket takes it (after the handshake), so
                // that a handshake cut short by the server's end is not a leak.
                m_socket->setParent(parent());
                Q_EMIT webSocketRequested(m_socket);
                m_socket = nullptr;
                deleteLater();
                return;
            }
            if (m_head.contentLength > m_maxBodySize)
                return reject(413, QStringLiteral("body of %1 bytes over maxPayload (%2)")
                                       .arg(m_head.contentLength).arg(m_maxBodySize));
            m_socket->skip(m_head.headSize);
            m_body.clear();
            m_state = Body;
        }
        const qint64 missing = m_head.contentLength - m_body.size();
        if (missing > 0) {
            m_body += m_socket->read(missing);
            if (m_body.size() < m_head.contentLength)
                return;
        }
        m_state = Waiting;
        Q_EMIT requestReceived(this, m_body);
    }
}

void HttpConnection::respond(int status, const QByteArray &contentType, const QByteArray &body,
                             const QList<QPair<QByteArray, QByteArray>> &extraHeaders)
{
    if (m_state != Waiting || !m_socket)
        return;
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status)
                     + "\r\nContent-Type: " + contentType
                     + "\r\nContent-Length: " + QByteArray::number(body.size())
                     + "\r\nCache-Control: no-store";
    for (const auto &header : extraHeaders)
        out += "\r\n" + header.first + ": " + header.second;
    out += m_head.keepAlive ? "\r\nConnection: keep-alive\r\n\r\n" : "\r\nConnection: close\r\n\r\n";
    out += body;
    m_socket->write(out);
    if (!m_head.keepAlive) {
        closeGracefully();
        return;
    }
    m_state = Head;
    m_body.clear();
    // The next request may already be buffered: no readyRead will announce it.
    QTimer::singleShot(0, this, &HttpConnection::readMore);
}

void HttpConnection::closeGracefully()
{
    m_state = Done;
    if (m_socket)
        m_socket->disconnectFromHost();
}

void HttpConnection::reject(int status, const QString &why)
{
    qCDebug(lcTestServer) << "HTTP" << status << why;
    Q_EMIT rejected(status, why);
    m_state = Waiting;
    m_head.keepAlive = false;
    respond(status, "text/plain; charset=UTF-8", why.toUtf8());
}

} // namespace Test
} // namespace SocketIOQt
