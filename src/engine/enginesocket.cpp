#include "enginesocket.h"

#include "logging_p.h"
#include "pollingtransport.h"
#include "websockettransport.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qcoreevent.h>
#include <QtCore/qmetaobject.h>
#include <QtNetwork/qnetworkaccessmanager.h>
#include <QtNetwork/qnetworkcookie.h>
#include <QtNetwork/qnetworkcookiejar.h>

#include <algorithm>
#include <utility>

namespace SocketIOQt {

namespace {
const QString kWebSocket = QStringLiteral("websocket");
const QString kPolling = QStringLiteral("polling");
const QByteArray kProbe = QByteArrayLiteral("probe");
} // namespace

EngineSocket::EngineSocket(const Options &options, Listener *listener, QObject *parent)
    : QObject(parent), m_options(options), m_listener(listener), m_version(options.version)
{
}

void EngineSocket::timerEvent(QTimerEvent *event)
{
    if (event->timerId() == m_pingTimer.timerId()) {
        m_pingTimer.stop();
        qCDebug(lcEngine) << "heartbeat missed: the server is silent";
        finish(QStringLiteral("ping timeout"), PingTimeoutError, tr("No heartbeat from the server"));
    } else if (event->timerId() == m_pingSendTimer.timerId()) {
        // One ping in flight: until its pong comes, the next one would only pile up behind it
        // (at a server that stopped reading, without end).
        if (m_pingTimer.isActive())
            return;
        m_pingTimer.start(m_handshake.pingTimeout, this);
        send({EngineIOPacket(EngineIOPacket::Ping)});
    } else if (event->timerId() == m_probeTimer.timerId()) {
        m_probeTimer.stop();
        abortProbe(tr("The WebSocket upgrade probe got no answer"));
    } else {
        QObject::timerEvent(event);
    }
}

EngineSocket::~EngineSocket()
{
    for (EngineTransport *transport : {m_probe.data(), m_transport.data()}) {
        if (transport) {
            transport->setListener(nullptr);
            transport->abort();
        }
    }
}

QUrl EngineSocket::endpoint(const Options &options, const QString &transport, const QString &sid)
{
    QUrl url = options.url;
    const bool secure = url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("wss");
    if (transport == kWebSocket)
        url.setScheme(secure ? QStringLiteral("wss") : QStringLiteral("ws"));
    else
        url.setScheme(secure ? QStringLiteral("https") : QStringLiteral("http"));
    QString path = options.path;
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    if (!path.startsWith(QLatin1Char('/')))
        path.prepend(QLatin1Char('/'));
    url.setPath(path + QLatin1Char('/'));
    QUrlQuery query = options.query;
    for (const QString &key : {QStringLiteral("EIO"), QStringLiteral("transport"), QStringLiteral("sid"),
                               QStringLiteral("b64")})
        query.removeAllQueryItems(key);
    query.addQueryItem(QStringLiteral("EIO"), QString::number(int(options.version)));
    query.addQueryItem(QStringLiteral("transport"), transport);
    if (!sid.isEmpty())
        query.addQueryItem(QStringLiteral("sid"), sid);
    if (transport == kPolling && options.forceBase64 && options.version == EngineIOCodec::V3)
        query.addQueryItem(QStringLiteral("b64"), QStringLiteral("1"));
    url.setQuery(query);
    url.setFragment(QString());
    return url;
}

QString EngineSocket::transportName() const
{
    return m_transport ? m_transport->name() : QString();
}

EngineTransport *EngineSocket::createTransport(const QString &name, const QString &sid)
{
    Options options = m_options;
    options.version = m_version;
    EngineTransportOptions transportOptions;
    transportOptions.url = endpoint(options, name, sid);
    transportOptions.headers = m_options.headers;
    transportOptions.sslConfiguration = m_options.sslConfiguration;
    transportOptions.version = m_version;
    transportOptions.detectVersion = m_options.detectVersion && sid.isEmpty();
    transportOptions.ignoredSslErrors = m_options.ignoredSslErrors;
    transportOptions.proxy = m_options.proxy;
    transportOptions.maxMessageSize = m_options.maxMessageSize;
    EngineTransport *transport = nullptr;
    if (name == kPolling) {
        transport = new PollingTransport(transportOptions, m_options.manager, this);
        transport->setListener(this);
        return transport;
    }
    if (m_options.manager && m_options.manager->cookieJar()) {
        // QWebSocket has no cookie jar: cookies set on polling requests (sticky
        // sessions behind a load balancer) travel with the upgrade by hand.
        QUrl httpUrl = transportOptions.url;
        httpUrl.setScheme(httpUrl.scheme() == QLatin1String("wss") ? QStringLiteral("https") : QStringLiteral("http"));
        const QList<QNetworkCookie> cookies = m_options.manager->cookieJar()->cookiesForUrl(httpUrl);
        if (!cookies.isEmpty()) {
            QByteArray header;
            for (const QNetworkCookie &cookie : cookies) {
                if (!header.isEmpty())
                    header += "; ";
                header += cookie.toRawForm(QNetworkCookie::NameAndValueOnly);
            }
            transportOptions.headers.insert(QByteArrayLiteral("Cookie"), header);
        }
    }
    transport = new WebSocketTransport(transportOptions, this);
    transport->setListener(this);
    return transport;
}

void EngineSocket::open()
{
    if (m_state != Closed)
        return;
    m_state = Opening;
    m_error = NoError;
    m_errorString.clear();
    m_openTimer.start();
    m_transport = createTransport(m_options.transports.value(0, kWebSocket), QString());
    m_transport->open();
}

void EngineSocket::setVersion(EngineIOCodec::Version version)
{
    if (m_version == version)
        return;
    m_version = version;
    if (m_transport)
        m_transport->setVersion(version);
    if (m_state == Open)
        startHeartbeat();
}

void EngineSocket::send(const QList<EngineIOPacket> &packets)
{
    if (m_state != Open || !m_transport)
        return;
    if (m_upgrading) {
        m_writeBuffer.append(packets);
        return;
    }
    sendRaw(m_transport, packets);
}

void EngineSocket::sendRaw(EngineTransport *transport, const QList<EngineIOPacket> &packets)
{
    if (!transport)
        return;
    if (m_tracing) {
        const QString name = transport->name();
        for (const EngineIOPacket &packet : packets)
            trace(true, packet, name);
    }
    transport->send(packets);
    // Measured now, acted upon from the event loop: ending the session here would pull it from
    // under the caller, who is in the middle of sending. Nothing is queued below the limit (a
    // posted event per send would cost every emit a trip through the event loop).
    if (!m_writeCheckQueued && writeBufferExceeded()) {
        m_writeCheckQueued = true;
        QMetaObject::invokeMethod(this, &EngineSocket::checkWriteBuffer, Qt::QueuedConnection);
    }
}

bool EngineSocket::writeBufferExceeded() const
{
    if (m_state != Open || !m_transport)
        return false;
    qint64 held = 0;
    for (const EngineIOPacket &packet : m_writeBuffer)
        held += packet.data().size();
    return m_transport->bytesToWrite() + held > m_options.maxWriteBufferSize;
}

void EngineSocket::checkWriteBuffer()
{
    m_writeCheckQueued = false;
    if (writeBufferExceeded()) {
        finish(QStringLiteral("transport error"), ConnectionError,
               tr("The server does not take what is sent: more than %1 bytes wait to be written "
                  "(the write buffer limit)").arg(m_options.maxWriteBufferSize));
    }
}

void EngineSocket::flushWriteBuffer()
{
    if (m_writeBuffer.isEmpty() || !m_transport)
        return;
    const QList<EngineIOPacket> packets = std::move(m_writeBuffer);
    m_writeBuffer.clear();
    sendRaw(m_transport, packets);
}

void EngineSocket::close()
{
    if (m_state == Closed)
        return;
    qCDebug(lcEngine) << "closing session" << m_handshake.sid;
    m_state = Closed;
    m_pingTimer.stop();
    m_pingSendTimer.stop();
    m_probeTimer.stop();
    if (m_probe) {
        m_probe->setListener(nullptr);
        m_probe->abort();
        m_probe->deleteLater();
    }
    if (m_transport) {
        EngineTransport *transport = m_transport;
        m_transport = nullptr;
        transport->setListener(nullptr);
        // What an unfinished upgrade held back (a namespace's DISCONNECT, say) still goes,
        // on the transport that carried the session, ahead of its close packet.
        // (Not traced: the session is already closed for its listeners.)
        m_upgrading = false;
        if (!m_writeBuffer.isEmpty())
            transport->send(std::exchange(m_writeBuffer, {}));
        // It outlives us to finish closing (it deletes itself then); the
        // application object takes it over so that nothing leaks at exit.
        QObject *app = QCoreApplication::instance();
        transport->setParent(app && app->thread() == transport->thread() ? app : nullptr);
        transport->close();
    }
}

void EngineSocket::trace(bool outgoing, const EngineIOPacket &packet, const QString &transport)
{
    if (m_listener)
        m_listener->enginePacketTraced(outgoing, packet, transport);
}

void EngineSocket::transportOpened(EngineTransport *transport)
{
    // The current transport's opening is of no interest: its first packet is the handshake.
    if (transport == m_probe)
        sendRaw(transport, {EngineIOPacket(EngineIOPacket::Ping, kProbe)});
}

void EngineSocket::transportPacket(EngineTransport *transport, const EngineIOPacket &packet)
{
    if (transport == m_transport) {
        onTransportPacket(transport, packet);
    } else if (transport == m_probe) {
        QPointer<EngineSocket> guard(this);
        if (m_tracing)
            trace(false, packet, transport->name());
        // A trace handler may have closed the session (or deleted its owner).
        if (guard && m_state == Open && m_probe == transport)
            onProbePacket(packet);
    }
}

void EngineSocket::transportClosed(EngineTransport *transport, EngineTransport::Error error,
                                   const QString &description)
{
    if (transport == m_transport)
        onTransportClosed(error, description);
    else if (transport == m_probe)
        abortProbe(description);
}

void EngineSocket::transportSslErrors(EngineTransport *transport, const QList<QSslError> &errors)
{
    if ((transport == m_transport || transport == m_probe) && m_listener)
        m_listener->engineSslErrors(errors);
}

void EngineSocket::onTransportPacket(EngineTransport *transport, const EngineIOPacket &packet)
{
    QPointer<EngineSocket> guard(this);
    if (m_tracing)
        trace(false, packet, transport->name());
    if (!guard || m_state == Closed)
        return;
    if (m_state == Opening) {
        if (packet.type() == EngineIOPacket::Open)
            onHandshake(packet);
        else
            finish(QStringLiteral("parse error"), HandshakeError,
                   tr("Expected an Engine.IO open packet, got %1").arg(EngineIOPacket::typeName(packet.type())));
        return;
    }
    switch (packet.type()) {
    case EngineIOPacket::Message:
        if (m_listener)
            m_listener->engineMessage(packet);
        break;
    case EngineIOPacket::Ping:
        if (m_version == EngineIOCodec::V4) {
            resetPingTimer();
            send({EngineIOPacket(EngineIOPacket::Pong, packet.data())});
            if (m_listener)
                m_listener->enginePingReceived();
        }
        break;
    case EngineIOPacket::Pong:
        if (m_version == EngineIOCodec::V3) {
            m_pingTimer.stop();
            if (m_listener)
                m_listener->enginePingReceived();
        }
        break;
    case EngineIOPacket::Close:
        finish(QStringLiteral("transport close"), NoError, tr("The server closed the session"));
        break;
    case EngineIOPacket::Open:
        finish(QStringLiteral("parse error"), ProtocolError, tr("Unexpected open packet"));
        break;
    case EngineIOPacket::Upgrade:
    case EngineIOPacket::Noop:
        break;
    }
}

void EngineSocket::onHandshake(const EngineIOPacket &packet)
{
    QString error;
    if (!EngineIOHandshake::parse(packet.data(), &m_handshake, &error) || !validateHandshake(&error)) {
        finish(QStringLiteral("parse error"), HandshakeError, tr("Invalid handshake: %1").arg(error));
        return;
    }
    m_version = m_transport->version(); // polling may have found an EIO 3 server
    m_handshakeMs = m_openTimer.elapsed();
    qCDebug(lcEngine).nospace() << "session " << m_handshake.sid << " open over " << m_transport->name()
                                << " (Engine.IO " << int(m_version) << "), pingInterval "
                                << m_handshake.pingInterval << " ms, pingTimeout " << m_handshake.pingTimeout << " ms";
    m_state = Open;
    startHeartbeat();
    QPointer<EngineSocket> guard(this);
    if (m_listener)
        m_listener->engineOpened();
    if (guard && m_state == Open && m_transport->name() == kPolling && m_options.upgrade
        && m_options.transports.contains(kWebSocket) && m_handshake.upgrades.contains(kWebSocket))
        probe();
}

bool EngineSocket::validateHandshake(QString *error)
{
    // The sid goes into every request's URL: a real one is about 20 characters.
    constexpr qsizetype MaxSidLength = 256;
    const QString &sid = m_handshake.sid;
    if (sid.size() > MaxSidLength
        || std::any_of(sid.cbegin(), sid.cend(), [](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7f; })) {
        *error = tr("the session id is longer than %1 characters or holds control characters").arg(MaxSidLength);
        return false;
    }
    // Only the transports we know are of use; the rest of a long list is not kept.
    QStringList upgrades;
    for (const QString &name : std::as_const(m_handshake.upgrades)) {
        if ((name == kWebSocket || name == kPolling) && !upgrades.contains(name))
            upgrades.append(name);
    }
    m_handshake.upgrades = upgrades;
    const auto clamp = [](int &value, const char *name) {
        const int clamped = qBound(MinHeartbeatMs, value, MaxHeartbeatMs);
        if (clamped != value) {
            qCWarning(lcEngine, "the server's %s of %d ms is taken as %d ms", name, value, clamped);
            value = clamped;
        }
    };
    clamp(m_handshake.pingInterval, "pingInterval");
    clamp(m_handshake.pingTimeout, "pingTimeout");
    return true;
}

void EngineSocket::startHeartbeat()
{
    m_pingTimer.stop();
    m_pingSendTimer.stop();
    if (m_version == EngineIOCodec::V3)
        m_pingSendTimer.start(m_handshake.pingInterval, this);
    else
        resetPingTimer();
}

void EngineSocket::resetPingTimer()
{
    // EIO 4: the server pings every pingInterval; it is dead when a ping is
    // more than pingTimeout late.
    m_pingTimer.start(m_handshake.pingInterval + m_handshake.pingTimeout, this);
}

void EngineSocket::probe()
{
    qCDebug(lcEngine) << "probing websocket for an upgrade";
    m_probe = createTransport(kWebSocket, m_handshake.sid);
    m_probeTimer.start(qMax(m_handshake.pingTimeout, 1000), this);
    m_probe->open();
}

void EngineSocket::onProbePacket(const EngineIOPacket &packet)
{
    if (m_upgrading || packet.type() != EngineIOPacket::Pong || packet.data() != kProbe) {
        abortProbe(tr("Unexpected answer to the upgrade probe: %1").arg(EngineIOPacket::typeName(packet.type())));
        return;
    }
    m_probeTimer.stop();
    // Hold new packets, let polling finish what it has in flight, then send
    // the upgrade packet and everything held over the WebSocket, in order.
    m_upgrading = true;
    auto *polling = qobject_cast<PollingTransport *>(m_transport.data());
    polling->pause([this, polling] {
        if (!m_probe || m_state != Open)
            return;
        EngineTransport *ws = m_probe;
        m_probe = nullptr;
        sendRaw(ws, {EngineIOPacket(EngineIOPacket::Upgrade)});
        if (m_state != Open) { // closed by a trace handler meanwhile
            ws->setListener(nullptr);
            ws->abort();
            ws->deleteLater();
            return;
        }
        // From here on, what ws reports is the current transport's (see transportPacket()).
        m_transport = ws;
        polling->setListener(nullptr);
        polling->abort();
        polling->deleteLater();
        m_upgrading = false;
        qCDebug(lcEngine) << "upgraded to websocket";
        flushWriteBuffer();
        if (m_listener)
            m_listener->engineUpgraded();
    });
}

void EngineSocket::abortProbe(const QString &description)
{
    if (!m_probe)
        return;
    qCWarning(lcEngine).noquote() << "WebSocket upgrade failed, staying on polling:" << description;
    m_probeTimer.stop();
    EngineTransport *probe = m_probe;
    m_probe = nullptr;
    probe->setListener(nullptr);
    probe->abort();
    probe->deleteLater();
    if (m_upgrading) {
        // Polling was being paused for the switch: take it up again, with
        // what was held meanwhile.
        m_upgrading = false;
        if (auto *polling = qobject_cast<PollingTransport *>(m_transport.data()))
            polling->resume();
        flushWriteBuffer();
    }
    if (m_listener)
        m_listener->engineUpgradeFailed(description);
}

void EngineSocket::onTransportClosed(EngineTransport::Error error, const QString &description)
{
    switch (error) {
    case EngineTransport::NoError:
        finish(QStringLiteral("transport close"), m_state == Open ? NoError : ConnectionError, description);
        break;
    case EngineTransport::ProtocolError:
        finish(QStringLiteral("parse error"), m_state == Open ? ProtocolError : HandshakeError, description);
        break;
    case EngineTransport::SslError:
        finish(QStringLiteral("transport error"), SslError, description);
        break;
    case EngineTransport::ConnectionError:
        finish(QStringLiteral("transport error"), ConnectionError, description);
        break;
    case EngineTransport::ClosedError:
        finish(QStringLiteral("transport close"), ConnectionError, description);
        break;
    }
}

void EngineSocket::finish(const QString &reason, Error error, const QString &description)
{
    if (m_state == Closed)
        return;
    qCDebug(lcEngine) << "session ended:" << reason << description;
    m_error = error;
    m_errorString = description;
    close();
    if (m_listener)
        m_listener->engineClosed(reason);
}

} // namespace SocketIOQt
