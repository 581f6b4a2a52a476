#include "pollingtransport.h"

#include "logging_p.h"

#include <algorithm>
#include <utility>

#include <QtCore/qtimer.h>
#include <QtNetwork/qnetworkrequest.h>
#include <QtCore/qurlquery.h>
#include <QtNetwork/qnetworkaccessmanager.h>
#include <QtNetwork/qnetworkreply.h>

namespace SocketIOQt {

namespace {
// How much of an HTTP body Qt buffers before we take it (see PollingTransport::watch()).
constexpr qint64 ReadChunkSize = 1024 * 1024;
// How much of an error body is reported.
constexpr qint64 ErrorBodySize = 512;
const char ErrorBodyProperty[] = "_sio_errorBody";
// Redirects of the handshake followed, at most.
constexpr int MaxRedirects = 5;

// Server text in an error message: control characters (ANSI escapes, newlines) shown as
// \xNN, so that logging it cannot drive a terminal.
QString printable(const QByteArray &text)
{
    QString out;
    for (const QChar c : QString::fromUtf8(text)) {
        if (c.unicode() < 0x20 || (c.unicode() >= 0x7f && c.unicode() < 0xa0))
            out += QStringLiteral("\\x%1").arg(uint(c.unicode()), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

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
    // Qt's own following looks like a request sent twice (see watch()): followRedirect() does it.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
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
    m_body.clear();
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
    if (status >= 300 && status < 400) {
        // A redirect not followed (see followRedirect()): say where the server pointed.
        description = tr("HTTP %1 redirect to %2, not followed (a downgrade to http, more than %3 "
                         "redirects, or after the handshake)")
                              .arg(status)
                              .arg(printable(reply->rawHeader("Location").left(ErrorBodySize)))
                              .arg(MaxRedirects);
    } else if (status != 0 && status != 200) {
        // Engine.IO servers explain refusals in a small JSON body, e.g.
        // {"code":1,"message":"Session ID unknown"}.
        const QByteArray body = QByteArray(reply->property(ErrorBodyProperty).toByteArray() + reply->read(ErrorBodySize));
        description = tr("HTTP %1 from the server: %2").arg(status).arg(printable(body.left(ErrorBodySize)));
    }
    const bool ssl = reply->error() == QNetworkReply::SslHandshakeFailedError;
    fail(ssl ? SslError : ConnectionError, description);
    return false;
}

bool PollingTransport::followRedirect(QNetworkReply *reply)
{
    // As XHR does for the handshake: 301, 302, 307 and 308 lead on, a few hops at most, never
    // from https to http; the session then lives at the new address. Otherwise checkReply()
    // reports the status and the Location.
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (!m_sid.isEmpty() || (status != 301 && status != 302 && status != 307 && status != 308))
        return false;
    const QUrl target = reply->url().resolved(QUrl::fromEncoded(reply->rawHeader("Location")));
    const bool downgrade = reply->url().scheme() == QLatin1String("https") && target.scheme() != QLatin1String("https");
    if (!target.isValid() || downgrade
        || (target.scheme() != QLatin1String("http") && target.scheme() != QLatin1String("https"))
        || m_redirects >= MaxRedirects) {
        return false;
    }
    ++m_redirects;
    qCDebug(lcTransport) << "handshake redirected to" << target.toDisplayString(QUrl::RemoveQuery);
    m_options.url = target;
    m_poll = nullptr;
    poll();
    return true;
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
    connect(reply, &QNetworkReply::sslErrors, this, &PollingTransport::reportSslErrors);
    // Qt (6.4 at least) sends a request again, GET or POST, when its connection closes before
    // the response headers are in. A poll's packets are gone from the server once written, and
    // a POST may already have been taken: a silent second try loses or doubles packets. It is
    // a broken transport instead, as for any other client.
    connect(reply, &QNetworkReply::requestSent, this, [this, sent = 0]() mutable {
        if (++sent > 1)
            fail(ConnectionError, tr("The connection closed during an HTTP request"));
    });
    // Bodies are read as they arrive, through a small read buffer: Qt then stops reading the
    // socket until we take what it holds, so that a body larger than any packet we accept
    // (announced or chunked) is refused before it fills memory.
    reply->setReadBufferSize(ReadChunkSize);
    connect(reply, &QNetworkReply::readyRead, this, [this, reply] { onReadyRead(reply); });
    connect(reply, &QNetworkReply::downloadProgress, this, [this](qint64, qint64 total) {
        if (total > m_options.maxMessageSize)
            failOversized();
    });
}

void PollingTransport::failOversized()
{
    fail(ProtocolError, tr("The server sent an HTTP body of more than %1 bytes (the packet size limit)")
                                .arg(m_options.maxMessageSize));
}

void PollingTransport::onReadyRead(QNetworkReply *reply)
{
    if (m_done)
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200) {
        // An error body: checkReply() reports its start, the rest is dropped as it comes.
        const QByteArray kept = reply->property(ErrorBodyProperty).toByteArray();
        if (kept.size() < ErrorBodySize)
            reply->setProperty(ErrorBodyProperty, QByteArray(kept + reply->read(ErrorBodySize - kept.size())));
        reply->skip(reply->bytesAvailable());
        return;
    }
    if (reply != m_poll) {
        reply->skip(reply->bytesAvailable()); // a POST's "ok"
        return;
    }
    if (m_body.size() + reply->bytesAvailable() > m_options.maxMessageSize) {
        failOversized();
        return;
    }
    m_body += reply->readAll();
}

void PollingTransport::onPollFinished()
{
    QNetworkReply *reply = m_poll;
    reply->deleteLater();
    if (!m_done && followRedirect(reply))
        return;
    if (m_done || !checkReply(reply)) {
        m_poll = nullptr;
        return;
    }
    onReadyRead(reply); // what came with the end of the body
    m_poll = nullptr;
    if (m_done)
        return;
    QByteArray body = std::exchange(m_body, {});
    const bool binaryBody = reply->header(QNetworkRequest::ContentTypeHeader).toString()
                                    .startsWith(QLatin1String("application/octet-stream"));
    QList<EngineIOPacket> packets;
    QString error;
    if (!decodeBody(body, binaryBody, &packets, &error)) {
        fail(ProtocolError, tr("Malformed polling payload: %1").arg(error));
        return;
    }
    body = QByteArray(); // the packets hold copies: one copy fewer while they are handled
    QPointer<PollingTransport> guard(this);
    for (const EngineIOPacket &packet : std::as_const(packets)) {
        if (packet.type() == EngineIOPacket::Open && m_sid.isEmpty()) {
            EngineIOHandshake handshake;
            if (EngineIOHandshake::parse(packet.data(), &handshake)) {
                m_sid = handshake.sid;
                m_maxPayload = handshake.maxPayload;
                reportOpened();
                if (!guard || m_done)
                    return;
            }
        }
        reportPacket(packet);
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

qint64 PollingTransport::payloadSize(const EngineIOPacket &packet)
{
    return (packet.isBinary() ? (packet.data().size() * 4 + 2) / 3 : packet.data().size()) + 16;
}

void PollingTransport::send(const QList<EngineIOPacket> &packets)
{
    for (const EngineIOPacket &packet : packets)
        m_queuedBytes += payloadSize(packet);
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
        const qint64 packetSize = payloadSize(m_queue.at(count));
        if (count > 0 && m_maxPayload > 0 && size + packetSize > m_maxPayload)
            break;
        size += packetSize;
        ++count;
    }
    m_inFlight = m_queue.mid(0, count);
    m_inFlightBytes = size;
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
    m_queuedBytes -= std::exchange(m_inFlightBytes, 0);
    if (!m_queue.isEmpty())
        flush();
    else if (m_closing && !m_closeSent)
        sendClose();
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
    QTimer::singleShot(2000, this, &PollingTransport::finishClosing);
    if (!m_post && m_queue.isEmpty())
        sendClose(); // else once the queue is through (onPostFinished())
}

void PollingTransport::sendClose()
{
    // Alone in its POST, after the rest has been answered: socket.io hands each packet of a
    // payload on a tick later (process.nextTick) but ends the session on the close packet at
    // once, so a DISCONNECT in the same payload would come too late ("transport close" instead
    // of "client namespace disconnect"). The JavaScript client waits for its buffer to drain too.
    m_closeSent = true;
    send({EngineIOPacket(EngineIOPacket::Close)});
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
    reportClosed(error, description);
}

} // namespace SocketIOQt
