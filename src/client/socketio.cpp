#include "socketio.h"
#include "socketio_p.h"

#include "boundedcookiejar_p.h"
#include "logging_p.h"
#include "msgpackparser_p.h"
#include "namespace_p.h"
#include "socketiodecoder_p.h"
#include "socketioencoder.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qcoreevent.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qmetaobject.h>
#include <QtNetwork/qnetworkaccessmanager.h>

#include <cmath>
#include <utility>

namespace SocketIOQt {

SocketIOPrivate::SocketIOPrivate(SocketIO *q)
    : q_ptr(q)
{
}

void SocketIOPrivate::startWait(Wait wait, int ms)
{
    armedWait = wait;
    waitTimer.start(ms, q_ptr);
}

void SocketIOPrivate::stopWait(Wait wait)
{
    if (armedWait != wait)
        return;
    armedWait = Wait::None;
    waitTimer.stop();
}

void SocketIOPrivate::onWaitTimeout()
{
    waitTimer.stop(); // single shot
    switch (std::exchange(armedWait, Wait::None)) {
    case Wait::Connect:
        onConnectTimeout();
        break;
    case Wait::Detect:
        finishDetection();
        break;
    case Wait::Reconnect:
        onReconnectTimer();
        break;
    case Wait::None:
        break;
    }
}

SocketIO::State SocketIOPrivate::publicState(Phase phase)
{
    switch (phase) {
    case Phase::Idle:
    case Phase::Lost:
        return SocketIO::Disconnected;
    case Phase::Opening:
    case Phase::Detecting:
    case Phase::Failed:
    case Phase::WaitingToReconnect:
        return SocketIO::Connecting;
    case Phase::Open:
        return SocketIO::Connected;
    case Phase::Closing:
        return SocketIO::Disconnecting;
    }
    return SocketIO::Disconnected;
}

bool SocketIOPrivate::isOpen() const
{
    return phase == Phase::Open && engine && engine->state() == EngineSocket::Open;
}

QString SocketIOPrivate::engineSessionId() const
{
    return engine ? engine->handshake().sid : QString();
}

QNetworkAccessManager *SocketIOPrivate::networkManager()
{
    Q_Q(SocketIO);
    if (manager)
        return manager;
    if (!ownManager) {
        ownManager = new QNetworkAccessManager(q);
        if (proxy)
            ownManager->setProxy(*proxy);
        auto *jar = new BoundedCookieJar(ownManager);
        jar->setBounds(limits.maxCookiesPerHost(), limits.maxCookieJarSize());
        ownManager->setCookieJar(jar);
    }
    return ownManager;
}

QStringList SocketIOPrivate::sharedTransports(const QStringList &transports)
{
    // One copy of each common list for all connections: a list of its own is an allocation in
    // each of the thousands of connections a process may hold.
    static const QStringList both = {QStringLiteral("polling"), QStringLiteral("websocket")};
    static const QStringList websocket = {QStringLiteral("websocket")};
    static const QStringList polling = {QStringLiteral("polling")};
    for (const QStringList *known : {&both, &websocket, &polling}) {
        if (transports == *known)
            return *known;
    }
    return transports;
}

QUrlQuery SocketIOPrivate::engineQuery() const
{
    // Revisions 3-4 have no CONNECT payload: "/" (joined implicitly) takes its
    // credentials from the handshake's query string.
    QUrlQuery q = query;
    if (protocol == SocketIO::Revision3 || protocol == SocketIO::Revision4) {
        const Namespace *root = namespaces.value(QStringLiteral("/"));
        const QVariantMap credentials = root ? root->auth() : auth;
        NamespacePrivate::appendCredentials(&q, credentials);
    }
    return q;
}

QString SocketIOPrivate::defaultNamespace() const
{
    const QString p = url.path();
    return p.isEmpty() || p == QLatin1String("/") ? QStringLiteral("/") : p;
}

void SocketIOPrivate::setPhase(Phase p)
{
    Q_Q(SocketIO);
    const SocketIO::State before = publicState(phase);
    phase = p;
    const SocketIO::State after = publicState(p);
    if (after != before)
        Q_EMIT q->stateChanged(after);
}

void SocketIOPrivate::setError(SocketIO::Error e, const QString &message, bool expected)
{
    Q_Q(SocketIO);
    error = e;
    errorString = message;
    if (expected)
        qCDebug(lcClient).noquote() << "error:" << message << "(reconnecting)";
    else
        qCWarning(lcClient).noquote() << "error:" << message;
    Q_EMIT q->errorOccurred(e);
}

bool SocketIOPrivate::validateOptions()
{
    const QString scheme = url.scheme();
    if (!url.isValid() || url.host().isEmpty()
        || (scheme != QLatin1String("http") && scheme != QLatin1String("https")
            && scheme != QLatin1String("ws") && scheme != QLatin1String("wss"))) {
        setError(SocketIO::InvalidUrlError,
                 SocketIO::tr("Invalid URL \"%1\": expected http(s)://host[:port][/namespace] or ws(s)://...")
                         .arg(url.toString()));
        return false;
    }
    if ((protocol == SocketIO::Revision3 || protocol == SocketIO::Revision4)
        && !parser->supportsRevision(int(protocol))) {
        setError(SocketIO::InvalidOptionError,
                 SocketIO::tr("The %1 parser does not speak Socket.IO revision %2")
                         .arg(parser->name()).arg(int(protocol)));
        return false;
    }
    if (transports.isEmpty()) {
        setError(SocketIO::InvalidOptionError, SocketIO::tr("No transport is allowed: transports is empty"));
        return false;
    }
    for (const QString &t : std::as_const(transports)) {
        if (t != QLatin1String("websocket") && t != QLatin1String("polling")) {
            setError(SocketIO::InvalidOptionError,
                     SocketIO::tr("Unsupported transport \"%1\" (supported: polling, websocket)").arg(t));
            return false;
        }
    }
    return true;
}

void SocketIOPrivate::openEngine()
{
    Q_Q(SocketIO);
    if (engine)
        closeEngine();
    EngineSocket::Options options;
    options.url = url;
    options.path = path;
    options.query = engineQuery();
    options.headers = extraHeaders;
    options.sslConfiguration = sslConfiguration;
    options.transports = transports;
    if (rememberUpgrade && websocketWorked && transports.contains(QLatin1String("websocket")))
        options.transports = sharedTransports({QStringLiteral("websocket")});
    options.upgrade = upgrade;
    options.forceBase64 = forceBase64;
    // A WebSocket-only connection needs no QNetworkAccessManager of its own
    // (it costs about a kilobyte per connection); one the user set is used.
    if (manager || options.transports.contains(QLatin1String("polling")))
        options.manager = networkManager();
    options.ignoredSslErrors = ignoredSslErrors;
    options.proxy = proxy;
    // Room for the framing around the largest packet we accept.
    options.maxMessageSize = limits.maxPacketSize() + 1024;
    options.maxWriteBufferSize = limits.maxWriteBufferSize();
    const bool legacy = protocol == SocketIO::Revision3 || protocol == SocketIO::Revision4;
    options.version = legacy ? EngineIOCodec::V3 : EngineIOCodec::V4;
    options.detectVersion = protocol == SocketIO::Auto && parser->supportsRevision(4);
    makeCodecs(legacy ? int(protocol) : 5);
    incomingBytes = 0;
    engine = new EngineSocket(options, this, q);
    updateTracing();
    QPointer<SocketIO> guard(q);
    setPhase(Phase::Opening);
    if (!guard)
        return; // deleted by a stateChanged handler
    if (timeout > 0)
        startWait(Wait::Connect, timeout);
    qCDebug(lcClient) << "connecting to" << url.toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery);
    engine->open();
}

void SocketIOPrivate::closeEngine()
{
    stopWait(Wait::Connect);
    stopWait(Wait::Detect);
    if (!engine)
        return;
    EngineSocket *e = engine;
    engine = nullptr;
    e->setListener(nullptr);
    e->close();
    // Not our child any more: we may be deleted from inside one of its (or its transports')
    // signals, which must not delete it under their feet.
    e->setParent(nullptr);
    e->deleteLater();
    if (decoder)
        decoder->reset();
    incomingBytes = 0;
}

QByteArray SocketIOPrivate::maskSecrets(const QByteArray &text)
{
    // Only CONNECT packets carry credentials: "0[/nsp[?query]][,]{payload}".
    if (!text.startsWith('0'))
        return text;
    QByteArray masked = text;
    const qsizetype brace = masked.indexOf('{');
    const qsizetype comma = masked.indexOf(',');
    const qsizetype queryEnd = comma >= 0 ? comma : (brace >= 0 ? brace : masked.size());
    const qsizetype question = masked.indexOf('?');
    if (question >= 0 && question < queryEnd) {
        QUrlQuery query(QString::fromUtf8(masked.mid(question + 1, queryEnd - question - 1)));
        auto items = query.queryItems();
        for (auto &item : items)
            item.second = QStringLiteral("***");
        query.setQueryItems(items);
        masked = masked.left(question + 1) + query.toString().toUtf8() + masked.mid(queryEnd);
    }
    const qsizetype payload = masked.indexOf('{');
    if (payload >= 0) {
        QJsonObject object = QJsonDocument::fromJson(masked.mid(payload)).object();
        for (auto it = object.begin(); it != object.end(); ++it)
            it.value() = QStringLiteral("***");
        masked = masked.left(payload) + QJsonDocument(object).toJson(QJsonDocument::Compact);
    }
    return masked;
}

EngineIOPacket SocketIOPrivate::maskBinarySecrets(const EngineIOPacket &packet) const
{
    // A parser that sends whole packets as binary (msgpack): read the frame back with the parser
    // itself; a CONNECT with a payload goes out again with its values masked.
    const std::unique_ptr<PacketDecoder> reader = parser->createDecoder(currentRevision, limits);
    if (reader->addFrame(packet) != PacketDecoder::PacketReady)
        return packet;
    SocketIOPacket p = reader->takePacket();
    if (p.type() != SocketIOPacket::Connect || p.data().typeId() != QMetaType::QVariantMap)
        return packet;
    QVariantMap auth = p.data().toMap();
    for (auto it = auth.begin(); it != auth.end(); ++it)
        it.value() = QStringLiteral("***");
    p.setData(auth);
    const QList<EngineIOPacket> frames = parser->createEncoder(currentRevision)->encode(p);
    return frames.size() == 1 ? frames.first() : packet;
}

void SocketIOPrivate::updateTracing()
{
    Q_Q(SocketIO);
    // Tracing costs a call per packet: only when someone listens.
    if (!engine || engine->isTracing())
        return;
    if (!q->isSignalConnected(QMetaMethod::fromSignal(&SocketIO::packetTraced)) && !lcPackets().isDebugEnabled())
        return;
    engine->setTracing(true);
}

void SocketIOPrivate::enginePingReceived()
{
    Q_EMIT q_ptr->pingReceived();
}

void SocketIOPrivate::engineUpgraded()
{
    Q_Q(SocketIO);
    websocketWorked = true;
    QPointer<SocketIO> guard(q);
    Q_EMIT q->transportChanged();
    if (guard)
        Q_EMIT q->upgraded();
}

void SocketIOPrivate::engineUpgradeFailed(const QString &description)
{
    Q_EMIT q_ptr->upgradeFailed(description);
}

void SocketIOPrivate::engineSslErrors(const QList<QSslError> &errors)
{
    QStringList texts;
    for (const QSslError &e : errors)
        texts << e.errorString();
    qCWarning(lcClient).noquote() << "TLS errors:" << texts.join(QStringLiteral("; "));
    Q_EMIT q_ptr->sslErrors(errors);
}

void SocketIOPrivate::tracePacket(bool outgoing, const EngineIOPacket &packet, const QString &transport)
{
    Q_Q(SocketIO);
    EngineIOPacket shown = packet;
    // Outgoing CONNECT packets hold the credentials; the server's replies hold none.
    if (!traceSecrets && outgoing && packet.type() == EngineIOPacket::Message)
        shown = packet.isBinary() ? maskBinarySecrets(packet) : EngineIOPacket(packet.type(), maskSecrets(packet.data()));
    qCDebug(lcPackets).noquote().nospace()
            << (outgoing ? "> " : "< ") << transport << ' ' << EngineIOPacket::typeName(packet.type()) << ' '
            << (packet.isBinary() ? QByteArray("<binary, ") + QByteArray::number(packet.data().size()) + " bytes>"
                                  : shown.data().left(512));
    Q_EMIT q->packetTraced(outgoing ? SocketIO::Direction::Outgoing : SocketIO::Direction::Incoming, shown,
                           transport);
}

void SocketIOPrivate::onEngineOpened()
{
    stopWait(Wait::Connect);
    if (engine->transportName() == QLatin1String("websocket"))
        websocketWorked = true;
    if (engine->version() == EngineIOCodec::V3) {
        finishOpen(protocol == SocketIO::Revision3 ? 3 : 4);
    } else if (protocol == SocketIO::Auto && engine->transportName() == QLatin1String("websocket")
               && parser->supportsRevision(4)) {
        // Over WebSocket, EIO 3 servers answer an EIO 4 handshake in the same
        // words. What gives them away: a revision-4 server joins the client to
        // "/" on its own, at once; a revision-5 server waits for our CONNECT.
        // Waiting one handshake round trip for that costs at most one round trip.
        setPhase(Phase::Detecting);
        startWait(Wait::Detect, int(qBound(qint64(20), engine->handshakeMs(), qint64(2000))));
    } else {
        finishOpen(5);
    }
}

void SocketIOPrivate::finishDetection()
{
    if (phase == Phase::Detecting && engine)
        finishOpen(5); // no word from the server: it waits for our CONNECT
}

void SocketIOPrivate::finishOpen(int rev)
{
    Q_Q(SocketIO);
    stopWait(Wait::Detect);
    rootConnectImplicit = rev < 5;
    if (rev != currentRevision)
        makeCodecs(rev);
    if (rev < 5 && engine->version() != EngineIOCodec::V3)
        engine->setVersion(EngineIOCodec::V3);
    const auto found = SocketIO::ProtocolVersion(rev);
    if (protocol == SocketIO::Auto)
        qCInfo(lcClient).nospace() << "protocol auto-detection: the server speaks Socket.IO revision " << rev
                                   << " (Engine.IO " << int(engine->version()) << ") over " << engine->transportName();
    QPointer<SocketIO> guard(q);
    if (negotiated != found) {
        negotiated = found;
        Q_EMIT q->negotiatedProtocolChanged();
        if (!guard)
            return;
    }
    error = SocketIO::NoError;
    errorString.clear();
    setPhase(Phase::Open);
    if (!guard)
        return;
    Q_EMIT q->transportChanged();
    if (!guard)
        return;
    Q_EMIT q->opened();
    if (!guard)
        return;
    if (attempts > 0) {
        const int n = std::exchange(attempts, 0);
        qCInfo(lcClient) << "reconnected after" << n << (n == 1 ? "attempt" : "attempts");
        Q_EMIT q->reconnected(n);
        if (!guard)
            return;
    }
    const auto list = namespaces.values();
    for (Namespace *ns : list) {
        if (!guard || !isOpen())
            return;
        ns->d_func()->onEngineOpen();
    }
}

void SocketIOPrivate::makeCodecs(int revision)
{
    currentRevision = revision;
    encoder = parser->createEncoder(revision);
    decoder = parser->createDecoder(revision, limits);
    decoderLimits = limits;
    decoderFormat = parser == Parser::json()      ? DecoderFormat::Json
            : parser == Parser::msgpack() ? DecoderFormat::MsgPack
                                          : DecoderFormat::Other;
}

void SocketIOPrivate::onEngineMessage(const EngineIOPacket &packet)
{
    if (phase == Phase::Detecting) {
        // The first word of the server decides (see onEngineOpened).
        finishOpen(!packet.isBinary() && packet.data() == "0" ? 4 : 5);
        if (!engine)
            return;
    }
    // A frame that starts a packet may be a plain event for typed handlers.
    if (typedListeners && incomingBytes == 0 && takeTypedEvent(packet))
        return;
    incomingBytes += packet.data().size();
    const PacketDecoder::Status status = decoder->addFrame(packet);
    if (status == PacketDecoder::NeedMoreFrames)
        return;
    const qint64 wireSize = std::exchange(incomingBytes, 0);
    if (status == PacketDecoder::Error) {
        const QString message = decoder->errorString();
        decoder->reset();
        failProtocol(SocketIO::tr("Malformed packet from the server: %1").arg(message));
        return;
    }
    SocketIOPacket p = decoder->takePacket();
    Namespace *ns = namespaces.value(p.nsp());
    if (!ns) {
        qCDebug(lcClient) << "packet for unknown namespace" << p.nsp() << "ignored";
        return;
    }
    ns->d_func()->onPacket(std::move(p), wireSize);
}

// The decode-once path of typed handlers: a plain EVENT whose listeners all have typed
// parameters, when nothing else wants its QVariant tree, is checked as the decoder would check
// it and split into its arguments as they came (JSON text or MessagePack), which the handlers
// read their parameters from. Anything else (or anything the decoder would refuse, which it
// then words) goes through the decoder: false.
bool SocketIOPrivate::takeTypedEvent(const EngineIOPacket &packet)
{
    EventSpans event;
    Namespace *ns = nullptr;
    detail::EncodedArguments::Format format = detail::EncodedArguments::Json;
    if (decoderFormat == DecoderFormat::Json && !packet.isBinary()) {
        if (!SocketIOTextEvent::readHeader(packet.data(), currentRevision, decoderLimits, &event))
            return false;
        ns = namespaces.value(event.nsp);
        if (!ns || !ns->d_func()->takesEncodedEvents()
            || !SocketIOTextEvent::split(currentRevision, decoderLimits, &event)) {
            return false;
        }
    } else if (decoderFormat == DecoderFormat::MsgPack && packet.isBinary()) {
        // The namespace is inside the packet's map: split first.
        if (!MsgPackParser::splitEvent(packet.data(), decoderLimits, &event))
            return false;
        ns = namespaces.value(event.nsp);
        if (!ns || !ns->d_func()->takesEncodedEvents())
            return false;
        format = detail::EncodedArguments::MsgPack;
    } else {
        return false;
    }
    return ns->d_func()->onEncodedEvent(event.name, event.id,
                                        {event.arguments(), event.argumentCount(),
                                         event.members.pairs.constData(), event.argumentMemberIndex(),
                                         format});
}

void SocketIOPrivate::failProtocol(const QString &message)
{
    QPointer<SocketIO> guard(q_ptr);
    setError(SocketIO::ProtocolError, message);
    if (guard && engine)
        onEngineClosed(QStringLiteral("parse error"));
}

void SocketIOPrivate::onEngineClosed(const QString &reason)
{
    Q_Q(SocketIO);
    // The engine is already closed here: whether the session had opened is ours to know.
    const bool wasOpen = phase == Phase::Open;
    const EngineSocket::Error engineError = engine ? engine->error() : EngineSocket::NoError;
    const QString engineErrorString = engine ? engine->errorString() : QString();
    closeEngine();
    // Every signal below may delete us (a handler may delete the SocketIO).
    QPointer<SocketIO> guard(q);
    if (!wasOpen) {
        phase = Phase::Failed; // still Connecting, as Opening and Detecting are
        const SocketIO::Error e = engineError == EngineSocket::SslError ? SocketIO::SslError
                : engineError == EngineSocket::ConnectionError           ? SocketIO::ConnectionError
                                                                         : SocketIO::HandshakeError;
        // A failed reconnection attempt is part of reconnecting; the first failure is an error.
        setError(e, engineErrorString.isEmpty() ? reason : engineErrorString,
                 attempts > 0 && reconnection);
        if (guard)
            onOpenFailed(errorString);
        return;
    }
    // A lost connection that reconnection takes care of is no warning.
    const bool willReconnect = reconnection;
    if (willReconnect)
        qCInfo(lcClient).noquote().nospace()
                << "connection lost (" << reason << "): "
                << (engineErrorString.isEmpty() ? QStringLiteral("closed by the server") : engineErrorString)
                << "; reconnecting";
    else
        qCDebug(lcClient) << "connection closed:" << reason;
    switch (engineError) {
    case EngineSocket::NoError:
        break; // an orderly close by the server
    case EngineSocket::PingTimeoutError:
        setError(SocketIO::PingTimeoutError, engineErrorString, willReconnect);
        break;
    case EngineSocket::SslError:
        setError(SocketIO::SslError, engineErrorString);
        break;
    case EngineSocket::ConnectionError:
        setError(SocketIO::ConnectionError, engineErrorString, willReconnect);
        break;
    case EngineSocket::HandshakeError:
    case EngineSocket::ProtocolError:
        // Malformed traffic or a limit passed (the description says which).
        setError(SocketIO::ProtocolError, SocketIO::tr("Protocol error: %1").arg(engineErrorString));
        break;
    }
    if (!guard)
        return;
    setPhase(Phase::Lost);
    const auto list = namespaces.values();
    for (Namespace *ns : list) {
        if (!guard)
            return;
        ns->d_func()->onEngineClose(reason);
    }
    if (!guard)
        return;
    Q_EMIT q->transportChanged();
    if (!guard)
        return;
    Q_EMIT q->closed(reason);
    if (guard)
        afterFailure();
}

void SocketIOPrivate::afterFailure()
{
    // A handler of the signals before may have called open() or close(): then that decides.
    if (phase != Phase::Failed && phase != Phase::Lost)
        return;
    if (reconnection) {
        scheduleReconnect();
        return;
    }
    attempts = 0;
    setPhase(Phase::Idle);
}

void SocketIOPrivate::onOpenFailed(const QString &message)
{
    Q_Q(SocketIO);
    QPointer<SocketIO> guard(q);
    const auto list = namespaces.values();
    for (Namespace *ns : list) {
        if (!guard)
            return;
        ns->d_func()->onEngineError(message);
    }
    if (!guard)
        return;
    if (attempts > 0 && phase == Phase::Failed)
        Q_EMIT q->reconnectError(message);
    if (guard)
        afterFailure();
}

int SocketIOPrivate::nextReconnectDelay()
{
    // As the JavaScript client's backoff: delay * 2^attempt with +/- jitter, capped.
    double ms = reconnectionDelay * std::pow(2.0, qMin(attempts, 31));
    if (randomizationFactor > 0) {
        const double rand = QRandomGenerator::global()->generateDouble();
        const double deviation = std::floor(rand * randomizationFactor * ms);
        ms = (int(std::floor(rand * 10)) & 1) == 0 ? ms - deviation : ms + deviation;
    }
    return int(qBound(0.0, ms, double(qMax(reconnectionDelayMax, 0))));
}

void SocketIOPrivate::scheduleReconnect()
{
    Q_Q(SocketIO);
    if (reconnectionAttempts >= 0 && attempts >= reconnectionAttempts) {
        qCDebug(lcClient) << "reconnection failed after" << attempts << "attempts";
        attempts = 0;
        QPointer<SocketIO> guard(q);
        setPhase(Phase::Idle);
        if (guard)
            setError(SocketIO::ReconnectFailedError, SocketIO::tr("Reconnection failed"));
        if (guard)
            Q_EMIT q->reconnectFailed();
        return;
    }
    const int delay = nextReconnectDelay();
    qCDebug(lcClient) << "reconnecting in" << delay << "ms";
    QPointer<SocketIO> guard(q);
    setPhase(Phase::WaitingToReconnect);
    if (guard && phase == Phase::WaitingToReconnect)
        startWait(Wait::Reconnect, delay);
}

void SocketIOPrivate::onReconnectTimer()
{
    Q_Q(SocketIO);
    if (phase != Phase::WaitingToReconnect)
        return;
    ++attempts;
    qCDebug(lcClient) << "reconnection attempt" << attempts;
    QPointer<SocketIO> guard(q);
    Q_EMIT q->reconnectAttempt(attempts);
    if (guard && phase == Phase::WaitingToReconnect) // a handler may have called close()
        openEngine();
}

void SocketIOPrivate::onConnectTimeout()
{
    Q_Q(SocketIO);
    if (phase != Phase::Opening || !engine)
        return;
    closeEngine();
    phase = Phase::Failed;
    QPointer<SocketIO> guard(q);
    setError(SocketIO::TimeoutError, SocketIO::tr("No connection within %1 ms").arg(timeout),
             attempts > 0 && reconnection);
    if (guard)
        onOpenFailed(errorString);
}

void SocketIOPrivate::reportBufferOverflow(const QString &nsp, const QString &event)
{
    Q_EMIT q_ptr->sendBufferOverflow(nsp, event);
}

void SocketIOPrivate::openFor(Namespace *ns)
{
    Q_UNUSED(ns);
    // Opening, detecting, waiting to reconnect: the namespace joins when the connection opens.
    if (publicState(phase) == SocketIO::Disconnected)
        q_ptr->open();
}

void SocketIOPrivate::namespaceDestroyed(Namespace *ns, bool joined)
{
    const QString name = ns->name();
    if (namespaces.value(name) != ns)
        return;
    namespaces.remove(name);
    if (joined)
        sendPacket(SocketIOPacket(SocketIOPacket::Disconnect, name));
}

void SocketIOPrivate::sendPacket(const SocketIOPacket &packet)
{
    if (!isOpen())
        return;
    engine->send(encoder->encode(packet));
}

void SocketIOPrivate::namespaceLeft()
{
    Q_Q(SocketIO);
    const auto list = namespaces.values();
    for (Namespace *ns : list) {
        if (ns->d_func()->active)
            return;
    }
    // As the JavaScript Manager: the connection closes with its last namespace.
    q->close();
}

// ---------------------------------------------------------------------------

SocketIO::SocketIO(QObject *parent)
    : QObject(parent), d_ptr(new SocketIOPrivate(this))
{
}

SocketIO::SocketIO(const QUrl &url, QObject *parent)
    : SocketIO(parent)
{
    d_func()->url = url;
}

SocketIO::~SocketIO()
{
    Q_D(SocketIO);
    d->phase = SocketIOPrivate::Phase::Idle; // no signals, no reconnection from here on
    d->stopWait(SocketIOPrivate::Wait::Reconnect);
    d->closeEngine();
    // Namespaces are children; delete them now, while the private part still exists.
    const auto list = d->namespaces.values();
    d->namespaces.clear();
    qDeleteAll(list);
}

void SocketIO::connectNotify(const QMetaMethod &signal)
{
    if (signal == QMetaMethod::fromSignal(&SocketIO::packetTraced))
        d_func()->updateTracing();
}

void SocketIO::timerEvent(QTimerEvent *event)
{
    Q_D(SocketIO);
    if (event->timerId() == d->waitTimer.timerId())
        d->onWaitTimeout();
    else
        QObject::timerEvent(event);
}

Namespace *SocketIO::socket(const QString &name)
{
    Q_D(SocketIO);
    QString n = name.isEmpty() ? d->defaultNamespace() : name;
    if (!n.startsWith(QLatin1Char('/')))
        n.prepend(QLatin1Char('/'));
    if (Namespace *existing = d->namespaces.value(n))
        return existing;
    auto *ns = new Namespace(this, d, n);
    d->namespaces.insert(n, ns);
    // Like the JavaScript client's autoConnect: a new namespace joins as soon
    // as the connection is (or becomes) open; from the event loop, after the
    // caller's settings.
    ns->d_func()->active = true;
    if (d->isOpen())
        ns->d_func()->scheduleConnect();
    return ns;
}

Namespace *SocketIO::socket(const QString &name, const QVariantMap &auth)
{
    Namespace *ns = socket(name);
    ns->setAuth(auth);
    return ns;
}

QList<Namespace *> SocketIO::namespaces() const
{
    return d_func()->namespaces.values();
}

void SocketIO::open()
{
    Q_D(SocketIO);
    switch (d->phase) {
    case SocketIOPrivate::Phase::Idle:
    case SocketIOPrivate::Phase::Failed: // from a handler of the failure's signals
    case SocketIOPrivate::Phase::Lost:
        break;
    case SocketIOPrivate::Phase::Opening:
    case SocketIOPrivate::Phase::Detecting:
    case SocketIOPrivate::Phase::Open:
    case SocketIOPrivate::Phase::Closing:
    case SocketIOPrivate::Phase::WaitingToReconnect:
        return;
    }
    d->attempts = 0;
    if (!d->validateOptions())
        return;
    if (d->namespaces.isEmpty())
        socket();
    d->openEngine();
}

void SocketIO::close()
{
    Q_D(SocketIO);
    d->attempts = 0;
    d->stopWait(SocketIOPrivate::Wait::Reconnect);
    const bool wasOpen = d->isOpen();
    const bool hadEngine = d->engine;
    QPointer<SocketIO> guard(this);
    if (wasOpen) {
        const auto list = d->namespaces.values();
        for (Namespace *ns : list) {
            if (!guard)
                return;
            if (ns->d_func()->connected)
                d->sendPacket(SocketIOPacket(SocketIOPacket::Disconnect, ns->name()));
        }
        if (!guard)
            return;
        d->setPhase(SocketIOPrivate::Phase::Closing);
        if (!guard)
            return;
    }
    // From here on nothing reconnects, whatever the signals below lead to; stateChanged()
    // follows the namespaces' disconnections.
    d->closeEngine();
    const SocketIO::State before = state();
    d->phase = SocketIOPrivate::Phase::Idle;
    const auto list = d->namespaces.values();
    for (Namespace *ns : list) {
        if (!guard)
            return;
        ns->d_func()->pid.clear(); // a deliberate disconnection is not recoverable
        ns->d_func()->onEngineClose(QStringLiteral("io client disconnect"));
    }
    if (!guard)
        return;
    if (before != Disconnected && d->phase == SocketIOPrivate::Phase::Idle)
        Q_EMIT stateChanged(Disconnected);
    if (guard && hadEngine) {
        Q_EMIT transportChanged();
        if (guard && wasOpen)
            Q_EMIT closed(QStringLiteral("io client disconnect"));
    }
}

// --- properties -------------------------------------------------------------

#define SOCKETIO_SETTER(member, value, signal) \
    Q_D(SocketIO);                             \
    if (d->member == (value))                  \
        return;                                \
    d->member = (value);                       \
    Q_EMIT signal();

QUrl SocketIO::url() const { return d_func()->url; }
void SocketIO::setUrl(const QUrl &url) { SOCKETIO_SETTER(url, url, urlChanged) }
QString SocketIO::path() const { return d_func()->path; }
void SocketIO::setPath(const QString &path) { SOCKETIO_SETTER(path, path, pathChanged) }
QUrlQuery SocketIO::query() const { return d_func()->query; }
void SocketIO::setQuery(const QUrlQuery &query) { d_func()->query = query; }
QHash<QByteArray, QByteArray> SocketIO::extraHeaders() const { return d_func()->extraHeaders; }
void SocketIO::setExtraHeaders(const QHash<QByteArray, QByteArray> &headers) { d_func()->extraHeaders = headers; }
QVariantMap SocketIO::auth() const { return d_func()->auth; }
void SocketIO::setAuth(const QVariantMap &auth) { SOCKETIO_SETTER(auth, auth, authChanged) }
QStringList SocketIO::transports() const { return d_func()->transports; }
void SocketIO::setTransports(const QStringList &transports)
{
    SOCKETIO_SETTER(transports, SocketIOPrivate::sharedTransports(transports), transportsChanged)
}
bool SocketIO::upgrade() const { return d_func()->upgrade; }
void SocketIO::setUpgrade(bool upgrade) { SOCKETIO_SETTER(upgrade, upgrade, transportsChanged) }
bool SocketIO::rememberUpgrade() const { return d_func()->rememberUpgrade; }
void SocketIO::setRememberUpgrade(bool remember) { SOCKETIO_SETTER(rememberUpgrade, remember, transportsChanged) }
bool SocketIO::forceBase64() const { return d_func()->forceBase64; }
void SocketIO::setForceBase64(bool force) { SOCKETIO_SETTER(forceBase64, force, transportsChanged) }
QNetworkAccessManager *SocketIO::networkAccessManager() const { return const_cast<SocketIOPrivate *>(d_func())->networkManager(); }
void SocketIO::setNetworkAccessManager(QNetworkAccessManager *manager) { d_func()->manager = manager; }
SocketIO::ProtocolVersion SocketIO::protocol() const { return d_func()->protocol; }
void SocketIO::setProtocol(ProtocolVersion protocol) { SOCKETIO_SETTER(protocol, protocol, protocolChanged) }
std::shared_ptr<const Parser> SocketIO::parser() const { return d_func()->parser; }

void SocketIO::setParser(std::shared_ptr<const Parser> parser)
{
    Q_D(SocketIO);
    if (!parser)
        parser = Parser::json();
    if (d->parser == parser)
        return;
    d->parser = std::move(parser);
    Q_EMIT parserChanged();
}

QString SocketIO::parserName() const { return d_func()->parser->name(); }

void SocketIO::setParserName(const QString &name)
{
    Q_D(SocketIO);
    if (name == d->parser->name())
        return;
    std::shared_ptr<const Parser> parser = Parser::fromName(name);
    if (!parser) {
        qCWarning(lcClient).noquote() << "unknown parser" << name << "(known: json, msgpack); keeping"
                                      << d->parser->name();
        return;
    }
    setParser(std::move(parser));
}

SocketIO::ProtocolVersion SocketIO::negotiatedProtocol() const { return d_func()->negotiated; }
QSslConfiguration SocketIO::sslConfiguration() const { return d_func()->sslConfiguration.value_or(QSslConfiguration()); }

void SocketIO::setSslConfiguration(const QSslConfiguration &configuration)
{
    Q_D(SocketIO);
    d->sslConfiguration = configuration;
}

void SocketIO::ignoreSslErrors(const QList<QSslError> &errors) { d_func()->ignoredSslErrors = errors; }
QNetworkProxy SocketIO::proxy() const
{
    return d_func()->proxy.value_or(QNetworkProxy(QNetworkProxy::DefaultProxy));
}

void SocketIO::setProxy(const QNetworkProxy &proxy)
{
    Q_D(SocketIO);
    d->proxy = proxy;
    if (d->ownManager)
        d->ownManager->setProxy(proxy);
}

Limits SocketIO::limits() const { return d_func()->limits; }
void SocketIO::setLimits(const Limits &limits)
{
    Q_D(SocketIO);
    d->limits = limits;
    if (d->ownManager) {
        if (auto *jar = qobject_cast<BoundedCookieJar *>(d->ownManager->cookieJar()))
            jar->setBounds(limits.maxCookiesPerHost(), limits.maxCookieJarSize());
    }
}
bool SocketIO::traceSecrets() const { return d_func()->traceSecrets; }
void SocketIO::setTraceSecrets(bool show) { SOCKETIO_SETTER(traceSecrets, show, traceSecretsChanged) }

bool SocketIO::reconnection() const { return d_func()->reconnection; }
void SocketIO::setReconnection(bool enabled) { SOCKETIO_SETTER(reconnection, enabled, reconnectionChanged) }
int SocketIO::reconnectionAttempts() const { return d_func()->reconnectionAttempts; }
void SocketIO::setReconnectionAttempts(int attempts) { SOCKETIO_SETTER(reconnectionAttempts, qMax(-1, attempts), reconnectionChanged) }
int SocketIO::reconnectionDelay() const { return d_func()->reconnectionDelay; }
void SocketIO::setReconnectionDelay(int ms) { SOCKETIO_SETTER(reconnectionDelay, qMax(0, ms), reconnectionChanged) }
int SocketIO::reconnectionDelayMax() const { return d_func()->reconnectionDelayMax; }
void SocketIO::setReconnectionDelayMax(int ms) { SOCKETIO_SETTER(reconnectionDelayMax, qMax(0, ms), reconnectionChanged) }
double SocketIO::randomizationFactor() const { return d_func()->randomizationFactor; }
void SocketIO::setRandomizationFactor(double factor) { SOCKETIO_SETTER(randomizationFactor, qBound(0.0, factor, 1.0), reconnectionChanged) }
int SocketIO::timeout() const { return d_func()->timeout; }
void SocketIO::setTimeout(int ms) { SOCKETIO_SETTER(timeout, qMax(0, ms), timeoutChanged) }
int SocketIO::sendBufferLimit() const { return d_func()->sendBufferLimit; }
void SocketIO::setSendBufferLimit(int packets) { SOCKETIO_SETTER(sendBufferLimit, qMax(0, packets), sendBufferLimitChanged) }

#undef SOCKETIO_SETTER

SocketIO::State SocketIO::state() const { return SocketIOPrivate::publicState(d_func()->phase); }
QString SocketIO::engineId() const { return d_func()->isOpen() ? d_func()->engine->handshake().sid : QString(); }
QString SocketIO::transport() const { return d_func()->isOpen() ? d_func()->engine->transportName() : QString(); }
SocketIO::Error SocketIO::error() const { return d_func()->error; }
QString SocketIO::errorString() const { return d_func()->errorString; }

} // namespace SocketIOQt
