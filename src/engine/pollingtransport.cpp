#include "pollingtransport.h"

#include "logging_p.h"

#include <algorithm>

#include <QtCore/qtimer.h>
#include <QtNetwork/qnetworkrequest.h>
#include <QtCore/qurlquery.h>
#include <QtNetwork/qnetworkaccessmanager.h>
#include <QtNetwork/qnetworkreply.h>

namespace SocketIOQt {

namespace {
// A POST body that cannot be rewound: the HTTP stack cannot send it a second time behind our
// back (see PollingTransport::watch()) and fails the request instead.
// (Not a QBuffer: Qt reads those through their byte array, rewinding at will.)
class OneShotBody : public QIODevice
{
public:
    OneShotBody(const QByteArray &data, QObject *parent) : QIODevice(parent), m_data(data)
    {
        open(QIODevice::ReadOnly);
    }
    qint64 size() const override { return m_data.size(); }
    bool reset() override { return false; }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        const qint64 n = qMin(maxSize, m_data.size() - pos());
        if (n <= 0)
            return n == 0 ? 0 : -1;
        memcpy(data, m_data.constData() + pos(), size_t(n));
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
};

// An EIO 3 payload starts with a length ("97:0{...") or, in the binary
// format, with a 0 or 1 type byte; an EIO 4 one with a packet type digit.
bool looksLikeV3(const QByteArray &body, bool binaryBody)
{
    if (binaryBody)
        return true;
    qsizetype i = 0;
    while (i < body.size() && i < 12 && body.at(i) >= '0' && body.at(i) <= '9')
        ++i;
    return i > 0 && i < body.size() && body.at(i) == ':';
}
} // namespace

PollingTransport::PollingTransport(const EngineTransportOptions &options, QNetworkAccessManager *manager,
                                   QObject *parent)
    : EngineTransport(options, parent), m_manager(manager)
{
    m_payloadOptions.base64 = QUrlQuery(options.url).hasQueryItem(QStringLiteral("b64"));
}

PollingTransport::~PollingTransport()
{
    abort();
}

QNetworkRequest PollingTransport::request() const
{
    QUrl url = m_options.url;
    if (!m_sid.isEmpty()) {
        QUrlQuery query(url);
        query.removeAllQueryItems(QStringLiteral("EIO"));
        query.addQueryItem(QStringLiteral("EIO"), QString::number(int(m_options.version)));
        query.removeAllQueryItems(QStringLiteral("sid"));
        query.addQueryItem(QStringLiteral("sid"), m_sid);
        url.setQuery(query);
    }
    QNetworkRequest request(url);
    for (auto it = m_options.headers.cbegin(); it != m_options.headers.cend(); ++it)
        request.setRawHeader(it.key(), it.value());
    if (m_options.sslConfiguration)
        request.setSslConfiguration(*m_options.sslConfiguration);
    // Long-polls must not be answered from a cache, and must not be retried
    // by the network stack behind the protocol's back.
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    return request;
}

void PollingTransport::open()
{
    qCDebug(lcTransport) << "polling opening" << m_options.url.toDisplayString(QUrl::RemoveQuery);
    poll();
}

void PollingTransport::poll()
{
    if (m_done || m_closing || m_poll || m_pausing)
        return;
    // As a custom verb: QNetworkAccessManager silently sends an idempotent GET again when its
    // connection closes before the response headers are in, but the server has already handed
    // this poll's packets over, and a second GET would never see them (lost without an error).
    m_poll = m_manager->sendCustomRequest(request(), QByteArrayLiteral("GET"));
    watch(m_poll);
    connect(m_poll, &QNetworkReply::finished, this, &PollingTransport::onPollFinished);
}

bool PollingTransport::checkReply(QNetworkReply *reply)
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() == QNetworkReply::NoError && status == 200)
        return true;
    if (reply->error() == QNetworkReply::OperationCanceledError && m_done)
        return false;
    // ContentReSendError: Qt wanted to send a POST again (see OneShotBody).
    QString description = reply->error() == QNetworkReply::ContentReSendError
            ? tr("The connection closed during an HTTP request")
            : reply->errorString();
    if (status != 0 && status != 200) {
        // Engine.IO servers explain refusals in a small JSON body, e.g.
        // {"code":1,"message":"Session ID unknown"}.
        const QByteArray body = reply->readAll().left(512);
        description = tr("HTTP %1 from the server: %2").arg(status).arg(QString::fromUtf8(body));
    }
    const bool ssl = reply->error() == QNetworkReply::SslHandshakeFailedError;
    fail(ssl ? SslError : ConnectionError, description);
    return false;
}

bool PollingTransport::decodeBody(const QByteArray &body, bool binaryBody, QList<EngineIOPacket> *packets,
                                  QString *error)
{
    if (m_sid.isEmpty() && m_options.version == EngineIOCodec::V4 && m_options.detectVersion
        && looksLikeV3(body, binaryBody)) {
        // Asked for EIO 4, answered by an EIO 3 server (socket.io 1.x or 2.x):
        // carry on in its protocol, on the session it just opened.
        qCDebug(lcTransport) << "the server answered in Engine.IO 3";
        m_options.version = EngineIOCodec::V3;
    }
    if (m_sid.isEmpty() && m_options.version == EngineIOCodec::V3 && binaryBody && !m_payloadOptions.base64) {
        // engine.io-parser 1.x answers in the binary format even when no
        // packet is binary, and is the one that encodes strings twice.
        QList<EngineIOPacket> probe;
        EngineIOCodec::PayloadOptions twice = m_payloadOptions;
        twice.utf8Twice = true;
        if (EngineIOCodec::decodePayload(body, true, EngineIOCodec::V3, &probe, nullptr, twice)
            && std::none_of(probe.cbegin(), probe.cend(), [](const EngineIOPacket &p) { return p.isBinary(); })) {
            qCDebug(lcTransport) << "engine.io 1.x server: strings in payloads carry an extra UTF-8 layer";
            m_payloadOptions.utf8Twice = true;
        }
    }
    return EngineIOCodec::decodePayload(body, binaryBody, m_options.version, packets, error, m_payloadOptions);
}

void PollingTransport::watch(QNetworkReply *reply)
{
    if (!m_options.ignoredSslErrors.isEmpty())
        reply->ignoreSslErrors(m_options.ignoredSslErrors);
    connect(reply, &QNetworkReply::sslErrors, this, &EngineTransport::sslErrors);
    // Qt (6.4 at least) sends a request again, GET or POST, when its connection closes before
    // the response headers are in. A poll's packets are gone from the server once written, and
    // a POST may already have been taken: a silent second try loses or doubles packets. It is
    // a broken transport instead, as for any other client.
    connect(reply, &QNetworkReply::requestSent, this, [this, sent = 0]() mutable {
        if (++sent > 1)
            fail(ConnectionError, tr("The connection closed during an HTTP request"));
    });
    // A body larger than any packet we accept is refused while it arrives,
    // before it fills memory.
    connect(reply, &QNetworkReply::downloadProgress, this, [this, reply](qint64 received, qint64 total) {
        if (qMax(received, total) > m_options.maxMessageSize)
            fail(ProtocolError, tr("The server sent a body of more than %1 bytes").arg(m_options.maxMessageSize));
        Q_UNUSED(reply);
    });
}

void PollingTransport::onPollFinished()
{
    QNetworkReply *reply = m_poll;
    m_poll = nullptr;
    reply->deleteLater();
    if (m_done || !checkReply(reply))
        return;
    const QByteArray body = reply->readAll();
    const bool binaryBody = reply->header(QNetworkRequest::ContentTypeHeader).toString()
                                    .startsWith(QLatin1String("application/octet-stream"));
    QList<EngineIOPacket> packets;
    QString error;
    if (!decodeBody(body, binaryBody, &packets, &error)) {
        fail(ProtocolError, tr("Malformed polling payload: %1").arg(error));
        return;
    }
    QPointer<PollingTransport> guard(this);
    for (const EngineIOPacket &packet : std::as_const(packets)) {
        if (packet.type() == EngineIOPacket::Open && m_sid.isEmpty()) {
            EngineIOHandshake handshake;
            if (EngineIOHandshake::parse(packet.data(), &handshake)) {
                m_sid = handshake.sid;
                m_maxPayload = handshake.maxPayload;
                Q_EMIT opened();
                if (!guard || m_done)
                    return;
            }
        }
        Q_EMIT packetReceived(packet);
        if (!guard || m_done)
            return;
    }
    if (m_sid.isEmpty()) {
        fail(ProtocolError, tr("The server's first answer holds no open packet"));
        return;
    }
    if (m_pausing)
        checkPaused();
    else
        poll();
}

void PollingTransport::send(const QList<EngineIOPacket> &packets)
{
    m_queue.append(packets);
    flush();
}

void PollingTransport::flush()
{
    if (m_done || m_post || m_queue.isEmpty() || m_sid.isEmpty())
        return;
    // Batch what fits in the server's maxPayload (an oversized single packet
    // still goes: the server then answers with an error we report).
    qsizetype count = 0;
    qint64 size = 0;
    while (count < m_queue.size()) {
        const EngineIOPacket &p = m_queue.at(count);
        const qint64 packetSize = (p.isBinary() ? (p.data().size() * 4 + 2) / 3 : p.data().size()) + 16;
        if (count > 0 && m_maxPayload > 0 && size + packetSize > m_maxPayload)
            break;
        size += packetSize;
        ++count;
    }
    m_inFlight = m_queue.mid(0, count);
    m_queue.remove(0, count);
    bool binaryBody = false;
    const QByteArray body = EngineIOCodec::encodePayload(m_inFlight, m_options.version, &binaryBody, m_payloadOptions);
    QNetworkRequest req = request();
    req.setHeader(QNetworkRequest::ContentTypeHeader,
                  binaryBody ? QByteArrayLiteral("application/octet-stream")
                             : QByteArrayLiteral("text/plain;charset=UTF-8"));
    auto *device = new OneShotBody(body, this);
    m_post = m_manager->post(req, device);
    device->setParent(m_post);
    watch(m_post);
    connect(m_post, &QNetworkReply::finished, this, &PollingTransport::onPostFinished);
}

void PollingTransport::onPostFinished()
{
    QNetworkReply *reply = m_post;
    m_post = nullptr;
    reply->deleteLater();
    if (m_done || !checkReply(reply)) {
        if (m_closing)
            finishClosing();
        return;
    }
    m_inFlight.clear();
    if (!m_queue.isEmpty())
        flush();
    else if (m_closing)
        finishClosing(); // the close packet is through
    else if (m_pausing)
        checkPaused();
}

void PollingTransport::pause(std::function<void()> done)
{
    m_pausing = true;
    m_onPaused = std::move(done);
    checkPaused();
}

void PollingTransport::resume()
{
    m_pausing = false;
    m_onPaused = nullptr;
    poll();
    flush();
}

void PollingTransport::checkPaused()
{
    if (!m_pausing || m_poll || m_post || !m_onPaused)
        return;
    qCDebug(lcTransport) << "polling paused";
    auto done = std::move(m_onPaused);
    m_onPaused = nullptr;
    done();
}

void PollingTransport::close()
{
    if (m_done || m_closing || m_sid.isEmpty()) {
        abort();
        deleteLater();
        return;
    }
    // Tell the server, then go. What is still queued (a namespace's DISCONNECT, say) goes first,
    // then the close packet; each POST waits for the one in flight, since a server refuses
    // overlapping ones. A server that does not answer gets two seconds.
    m_closing = true;
    // The poll in flight is left to the server, which ends it on the close packet: aborting it
    // would end the session first ("transport error", which a server keeps for recovery) and
    // turn away the POSTs below.
    if (m_poll)
        m_poll->disconnect(this);
    m_queue.append(EngineIOPacket(EngineIOPacket::Close));
    QTimer::singleShot(2000, this, &PollingTransport::finishClosing);
    flush();
}

void PollingTransport::finishClosing()
{
    abort();
    deleteLater();
}

void PollingTransport::abort()
{
    if (m_done && !m_poll && !m_post)
        return;
    m_done = true;
    for (QNetworkReply *reply : {m_poll.data(), m_post.data()}) {
        if (reply) {
            reply->disconnect(this);
            if (reply->isRunning()) // aborting a reply that already failed makes Qt complain
                reply->abort();
            reply->deleteLater();
        }
    }
}

void PollingTransport::fail(Error error, const QString &description)
{
    if (m_done)
        return;
    qCDebug(lcTransport) << "polling failed:" << error << description;
    abort();
    Q_EMIT closed(error, description);
}

} // namespace SocketIOQt
