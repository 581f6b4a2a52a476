#include "proxyhttprelay.h"

#include "captureproxy.h"
#include "capturesession.h"

#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qurlquery.h>
#include <QtNetwork/qnetworkaccessmanager.h>
#include <QtNetwork/qnetworkreply.h>
#include <QtNetwork/qtcpsocket.h>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

static constexpr qsizetype MaxRequestSize = 110 * 1000 * 1000; // above any sane maxHttpBufferSize

static bool isHopHeader(const QByteArray &name)
{
    const QByteArray n = name.toLower();
    return n == "host" || n == "connection" || n == "keep-alive" || n == "content-length"
            || n == "transfer-encoding" || n == "accept-encoding" || n == "content-encoding"
            || n == "proxy-connection" || n == "te" || n == "trailer" || n == "upgrade";
}

ProxyHttpRelay::ProxyHttpRelay(CaptureProxy *proxy, QTcpSocket *client, QObject *parent)
    : QObject(parent), m_proxy(proxy), m_client(client)
{
    m_client->setParent(this);
    connect(m_client, &QTcpSocket::readyRead, this, &ProxyHttpRelay::onReadyRead);
    connect(m_client, &QTcpSocket::disconnected, this, &ProxyHttpRelay::finish);
    onReadyRead(); // the head is already buffered
}

ProxyHttpRelay::~ProxyHttpRelay()
{
    m_finished = true;
    m_client->disconnect(this);
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
}

void ProxyHttpRelay::onReadyRead()
{
    m_buffer += m_client->readAll();
    if (m_reply)
        return; // one request at a time: the next waits in the buffer
    Request request;
    if (!parseRequest(&request))
        return;
    forward(request);
}

bool ProxyHttpRelay::parseRequest(Request *request)
{
    const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
    if (headEnd < 0) {
        if (m_buffer.size() > 64 * 1024) {
            respond(431, "Request Header Fields Too Large", {}, {}, false);
        }
        return false;
    }
    const QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    if (requestLine.size() < 3) {
        respond(400, "Bad Request", {}, {}, false);
        return false;
    }
    request->method = requestLine[0];
    request->target = requestLine[1];
    request->keepAlive = requestLine[2] != "HTTP/1.0";
    qsizetype contentLength = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed();
        const QByteArray value = line.mid(colon + 1).trimmed();
        const QByteArray lower = name.toLower();
        if (lower == "content-length")
            contentLength = value.toLongLong();
        if (lower == "connection")
            request->keepAlive = value.toLower() != "close";
        if (lower == "transfer-encoding" && value.toLower().contains("chunked")) {
            respond(411, "Length Required", {}, {}, false); // Engine.IO clients always send a length
            return false;
        }
        request->headers.append({name, value});
    }
    if (contentLength < 0 || contentLength > MaxRequestSize) {
        respond(413, "Payload Too Large", {}, {}, false);
        return false;
    }
    if (m_buffer.size() < headEnd + 4 + contentLength)
        return false;
    request->body = m_buffer.mid(headEnd + 4, contentLength);
    m_buffer.remove(0, headEnd + 4 + contentLength);
    return true;
}

void ProxyHttpRelay::forward(const Request &request)
{
    const QUrl requestUrl(QString::fromLatin1(request.target));
    const QUrl url = m_proxy->upstreamUrl(requestUrl, false);
    QNetworkRequest outgoing(url);
    if (url.scheme() == "https"_L1)
        outgoing.setSslConfiguration(m_proxy->upstreamSslConfiguration());
    outgoing.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    outgoing.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    outgoing.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    outgoing.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    QByteArray contentType;
    for (const auto &[name, value] : request.headers) {
        if (name.toLower() == "content-type")
            contentType = value;
        if (!isHopHeader(name))
            outgoing.setRawHeader(name, value);
    }

    const QString sid = QUrlQuery(requestUrl).queryItemValue(u"sid"_s);
    if (request.method == "POST" && !request.body.isEmpty()) {
        capturePayload(SocketIO::Direction::Outgoing, request.body, contentType.contains("octet-stream"),
                       requestUrl, sid);
    }

    m_reply = m_proxy->network()->sendCustomRequest(outgoing, request.method, request.body);
    QNetworkReply *reply = m_reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply, request] { onReply(reply, request); });
}

void ProxyHttpRelay::onReply(QNetworkReply *reply, const Request &request)
{
    reply->deleteLater();
    m_reply = nullptr;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 0) {
        Q_EMIT m_proxy->errorOccurred(u"HTTP to %1: %2"_s.arg(reply->url().toString(), reply->errorString()));
        respond(502, "Bad Gateway", {{"Content-Type", "text/plain"}},
                reply->errorString().toUtf8(), false);
        return;
    }
    const QByteArray body = reply->readAll();
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray contentType;
    for (const auto &[name, value] : reply->rawHeaderPairs()) {
        if (name.toLower() == "content-type")
            contentType = value;
        if (!isHopHeader(name))
            headers.append({name, value});
    }
    const QUrl requestUrl(QString::fromLatin1(request.target));
    if (request.method == "GET" && status == 200) {
        capturePayload(SocketIO::Direction::Incoming, body, contentType.contains("octet-stream"), requestUrl,
                       QUrlQuery(requestUrl).queryItemValue(u"sid"_s));
    }
    respond(status, reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray(), headers, body,
            request.keepAlive);
    // A pipelined request may already wait in the buffer.
    if (!m_finished && !m_buffer.isEmpty())
        onReadyRead();
}

void ProxyHttpRelay::capturePayload(SocketIO::Direction direction, const QByteArray &body, bool binaryBody,
                                    const QUrl &url, const QString &sid)
{
    const QUrlQuery query(url);
    const auto version = query.queryItemValue(u"EIO"_s) == "3"_L1 ? EngineIOCodec::V3 : EngineIOCodec::V4;
    EngineIOPayloadOptions options;
    options.base64 = query.queryItemValue(u"b64"_s) == "1"_L1;
    CaptureSession *session = m_proxy->session();
    const qint64 now = CaptureSession::currentTimeUs();
    int stream = m_proxy->streamForSid(sid);

    QList<EngineIOPacket> packets;
    QString error;
    if (!EngineIOCodec::decodePayload(body, binaryBody, version, &packets, &error, options)) {
        session->addMalformedFrame(now, direction, body, binaryBody, u"polling"_s, stream, error);
        return;
    }
    for (const EngineIOPacket &packet : std::as_const(packets)) {
        if (packet.type() == EngineIOPacket::Open) {
            const QString newSid = QJsonDocument::fromJson(packet.data()).object().value("sid"_L1).toString();
            m_proxy->bindSid(stream, newSid);
        }
        session->addPacket(now, direction, packet, u"polling"_s, stream);
    }
}

void ProxyHttpRelay::respond(int status, const QByteArray &reason,
                             const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &body,
                             bool keepAlive)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' '
            + (reason.isEmpty() ? QByteArray("OK") : reason) + "\r\n";
    for (const auto &[name, value] : headers)
        out += name + ": " + value + "\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
    out += "\r\n";
    out += body;
    m_client->write(out);
    if (!keepAlive)
        m_client->disconnectFromHost(); // flushes, then disconnected() finishes
}

void ProxyHttpRelay::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
    Q_EMIT finished();
    deleteLater();
}
