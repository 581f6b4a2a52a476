#include "namespace.h"
#include "namespace_p.h"

#include "logging_p.h"
#include "socketio.h"

#include <QtCore/qjsondocument.h>
#include <QtCore/qmetaobject.h>
#include <QtCore/qtimer.h>

#include <limits>

namespace SocketIOQt {

namespace {
const QString kReason_ServerDisconnect = QStringLiteral("io server disconnect");
const QString kReason_ClientDisconnect = QStringLiteral("io client disconnect");

// About the bytes a value takes once encoded: enough to bound a buffer of emits without
// encoding them twice.
qint64 approximateSize(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::QString:
        return value.toString().size() + 2;
    case QMetaType::QByteArray:
        return value.toByteArray().size() + 32;
    case QMetaType::QVariantList: {
        qint64 size = 2;
        for (const QVariant &item : value.toList())
            size += approximateSize(item) + 1;
        return size;
    }
    case QMetaType::QVariantMap: {
        const QVariantMap map = value.toMap();
        qint64 size = 2;
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            size += it.key().size() + 4 + approximateSize(it.value());
        return size;
    }
    default:
        return 8;
    }
}

} // namespace

NamespacePrivate::NamespacePrivate(Namespace *q, SocketIO *io, NamespaceHost *host, const QString &name)
    : q_ptr(q), io(io), host(host), name(name)
{
}

void NamespacePrivate::setConnected(bool c)
{
    Q_Q(Namespace);
    if (connected == c)
        return;
    connected = c;
    ++session;
    Q_EMIT q->connectedChanged(c);
}

void NamespacePrivate::setActive(bool a)
{
    Q_Q(Namespace);
    if (active == a)
        return;
    active = a;
    Q_EMIT q->activeChanged(a);
}

void NamespacePrivate::setError(Namespace::Error e, const QString &message)
{
    Q_Q(Namespace);
    error = e;
    errorString = message;
    Q_EMIT q->errorOccurred(e);
}

void NamespacePrivate::onEngineOpen()
{
    if (active && !connected && !connectPending)
        sendConnect();
}

void NamespacePrivate::scheduleConnect()
{
    if (connectQueued)
        return;
    connectQueued = true;
    // Queued, as the JavaScript client's next tick: what the caller sets up in the same
    // function (setAuth(), listeners) applies to this CONNECT.
    QMetaObject::invokeMethod(q_ptr, [this] {
        connectQueued = false;
        if (host->isOpen())
            onEngineOpen();
    }, Qt::QueuedConnection);
}

void NamespacePrivate::appendCredentials(QUrlQuery *query, const QVariantMap &credentials)
{
    for (auto it = credentials.cbegin(); it != credentials.cend(); ++it) {
        const QVariant &v = it.value();
        QString text;
        switch (v.metaType().id()) {
        case QMetaType::QString: case QMetaType::Int: case QMetaType::LongLong: case QMetaType::Double:
        case QMetaType::Bool: case QMetaType::UInt: case QMetaType::ULongLong:
            text = v.toString();
            break;
        default:
            text = QString::fromUtf8(QJsonDocument::fromVariant(QVariantList{v}).toJson(QJsonDocument::Compact));
            text = text.mid(1, text.size() - 2); // the value without the array around it
        }
        query->addQueryItem(it.key(), text);
    }
}

void NamespacePrivate::sendConnect()
{
    const QVariantMap credentials = hasAuth ? auth : host->defaultAuth();
    SocketIOPacket packet(SocketIOPacket::Connect, name);
    if (host->revision() < 5) {
        if (name == QLatin1String("/") && host->joinsRootImplicitly())
            return; // the server joins us to "/" by itself
        // No payload: the credentials ride in the namespace's query string.
        QUrlQuery query;
        appendCredentials(&query, credentials);
        if (!query.isEmpty())
            packet.setNsp(name + QLatin1Char('?') + query.toString(QUrl::FullyEncoded));
    } else {
        QVariantMap payload = credentials;
        if (!pid.isEmpty()) {
            // Connection state recovery: ask the server to restore the session.
            payload.insert(QStringLiteral("pid"), pid);
            payload.insert(QStringLiteral("offset"), lastOffset);
        }
        if (!payload.isEmpty())
            packet.setData(payload);
    }
    qCDebug(lcClient) << "joining namespace" << name;
    connectPending = true; // answered by CONNECT or CONNECT_ERROR, or lost with the connection
    host->sendPacket(packet);
}

void NamespacePrivate::onPacket(SocketIOPacket packet, qint64 wireSize)
{
    switch (packet.type()) {
    case SocketIOPacket::Connect:
        onConnect(packet);
        break;
    case SocketIOPacket::Event:
    case SocketIOPacket::BinaryEvent:
        if (connected) {
            onEvent(std::move(packet));
        } else if (active) {
            // Bounded in packets and in bytes: a server that never answers our CONNECT must not
            // fill memory. Dropping events silently would hide it: the connection ends instead.
            if (receiveBuffer.size() >= host->bufferLimit()
                || receiveBufferBytes + wireSize > host->bufferSizeLimit()) {
                host->failProtocol(Namespace::tr("The server sent more than %1 packets or %2 bytes to %3 "
                                                 "before answering its CONNECT (the buffer limits)")
                                           .arg(host->bufferLimit()).arg(host->bufferSizeLimit()).arg(name));
                return;
            }
            receiveBufferBytes += wireSize;
            receiveBuffer.append(std::move(packet));
        }
        break;
    case SocketIOPacket::Ack:
    case SocketIOPacket::BinaryAck:
        if (connected)
            onAck(packet);
        break;
    case SocketIOPacket::Disconnect:
        if (connected) {
            qCDebug(lcClient) << "namespace" << name << "disconnected by the server";
            QPointer<Namespace> guard(q_ptr);
            leave(kReason_ServerDisconnect, false);
            if (guard)
                host->namespaceLeft();
        }
        break;
    case SocketIOPacket::ConnectError:
        onConnectError(packet);
        break;
    }
}

void NamespacePrivate::onConnect(const SocketIOPacket &packet)
{
    Q_Q(Namespace);
    if (name == QLatin1String("/"))
        host->rootJoined();
    connectPending = false;
    if (!active) {
        // Revisions 3-4 join "/" unasked; a namespace we do not want is left.
        if (connected)
            return;
        qCDebug(lcClient) << "leaving" << name << "joined by the server";
        host->sendPacket(SocketIOPacket(SocketIOPacket::Disconnect, name));
        return;
    }
    const QVariantMap data = packet.data().toMap();
    const QString newId = host->revision() >= 5
            ? data.value(QStringLiteral("sid")).toString()
            : (name == QLatin1String("/") ? host->engineSessionId()
                                          : name + QLatin1Char('#') + host->engineSessionId());
    const QString newPid = data.value(QStringLiteral("pid")).toString();
    recovered = !pid.isEmpty() && pid == newPid;
    pid = newPid;
    if (!recovered)
        lastOffset.clear();
    error = Namespace::NoError;
    errorString.clear();
    const bool idChanged = id != newId;
    id = newId;
    qCDebug(lcClient) << "namespace" << name << "connected, id" << id << (recovered ? "(recovered)" : "");
    QPointer<Namespace> guard(q);
    setConnected(true);
    if (guard && idChanged)
        Q_EMIT q->idChanged();
    // Events that came before the answer (missed ones replayed by a recovering server) first.
    while (guard && connected && !receiveBuffer.isEmpty())
        onEvent(receiveBuffer.takeFirst());
    if (guard && receiveBuffer.isEmpty())
        receiveBufferBytes = 0;
    if (guard)
        flushSendBuffer();
    if (guard)
        drainQueue(true);
    if (guard)
        Q_EMIT q->connected();
}

void NamespacePrivate::onEvent(SocketIOPacket packet)
{
    Q_Q(Namespace);
    // The decoder's list is ours alone: taken over, the name comes off without copying the rest.
    const qint64 id = packet.id();
    QVariant data = std::move(packet).data();
    QVariantList args = data.typeId() == QMetaType::QVariantList
            ? std::move(*static_cast<QVariantList *>(data.data()))
            : data.toList();
    if (args.isEmpty())
        return;
    const QString event = args.takeFirst().toString();
    if (!pid.isEmpty() && id < 0 && !args.isEmpty()
        && args.constLast().metaType().id() == QMetaType::QString) {
        // With connection state recovery, the server appends the event's offset.
        lastOffset = args.constLast().toString();
    }
    const AckHandle ack = ackHandle(id);

    QPointer<Namespace> guard(q);
    // Catch-all listeners first, then the generic signal, then the event's own.
    if (!anyListeners.isEmpty()) {
        const ListenerList list = anyListeners;
        for (const auto &l : list) {
            if (!guard)
                return;
            if (l->alive())
                l->anyHandler(event, args, ack);
        }
    }
    if (!guard)
        return;
    Q_EMIT q->eventReceived(event, args, ack);
    if (!guard)
        return;
    const auto it = listeners.constFind(event);
    if (it == listeners.constEnd() || it->isEmpty())
        return;
    callListeners(*it, [&](const Listener &l) { l.handler(args, ack); });
}

template <typename Call>
void NamespacePrivate::callListeners(const ListenerList &listeners, Call call)
{
    // A copy (const: iterating it must not detach): handlers may add and remove listeners. Any of
    // them may destroy the namespace.
    const ListenerList list = listeners;
    QPointer<Namespace> guard(q_ptr);
    for (const auto &l : list) {
        if (!guard)
            return;
        if (!l->alive())
            continue;
        if (l->once)
            q_ptr->off(l->id);
        call(*l);
    }
}

AckHandle NamespacePrivate::ackHandle(qint64 id)
{
    if (id < 0)
        return AckHandle();
    auto state = QSharedPointer<AckHandle::State>::create();
    state->nsp = q_ptr;
    state->id = id;
    state->session = session;
    return AckHandle(state);
}

bool NamespacePrivate::takesEncodedEvents() const
{
    // The catch-all listeners, eventReceived and the recovery offset (the last argument, read
    // by onEvent()) need the tree; events before the CONNECT answer wait as packets.
    static const QMetaMethod eventReceived = QMetaMethod::fromSignal(&Namespace::eventReceived);
    return encodedListeners && connected && pid.isEmpty() && anyListeners.isEmpty()
            && !q_ptr->isSignalConnected(eventReceived);
}

bool NamespacePrivate::onEncodedEvent(const QString &event, qint64 id, const detail::EncodedArguments &args)
{
    const auto it = listeners.constFind(event);
    if (it == listeners.constEnd())
        return true; // nobody listens: checked, as the tree would have been, and dropped
    for (const auto &l : *it) {
        if (l->alive() && !l->encodedHandler)
            return false;
    }
    // As onEvent(), from the event's own listeners on.
    const AckHandle ack = ackHandle(id);
    callListeners(*it, [&](const Listener &l) { l.encodedHandler(args, ack); });
    return true;
}

void NamespacePrivate::onAck(const SocketIOPacket &packet)
{
    if (!acks.contains(packet.id())) {
        qCDebug(lcClient) << "ack" << packet.id() << "on" << name << "matches no pending emit";
        return;
    }
    finishAck(packet.id(), packet.data().toList(), AckReply::NoError);
}

void NamespacePrivate::finishAck(qint64 ackId, const QVariantList &args, AckReply::Error err)
{
    const PendingAck pending = acks.take(ackId);
    if (pending.deadline >= 0)
        ackDeadlines.remove(pending.deadline, ackId);
    if (pending.onAck)
        pending.onAck(args, err);
}

void NamespacePrivate::startAckTimeout(qint64 ackId, int ms)
{
    if (!ackClock.isValid())
        ackClock.start();
    const qint64 deadline = ackClock.elapsed() + ms;
    acks[ackId].deadline = deadline;
    ackDeadlines.insert(deadline, ackId);
    // A timer already armed for an earlier time stays: when it fires it re-arms for what is
    // left. Answered acks do not stop it either, so that emits answered in turn, the common
    // case, cost no timer (un)registration each.
    if (!ackTimer || !ackTimer->isActive() || deadline < ackTimerDeadline)
        armAckTimer();
}

void NamespacePrivate::armAckTimer()
{
    if (ackDeadlines.isEmpty()) {
        if (ackTimer)
            ackTimer->stop();
        return;
    }
    if (!ackTimer) {
        ackTimer = new QTimer(q_ptr);
        ackTimer->setSingleShot(true);
        QObject::connect(ackTimer, &QTimer::timeout, q_ptr, [this] { onAckTimeouts(); });
    }
    ackTimerDeadline = ackDeadlines.firstKey();
    ackTimer->start(int(qMax(qint64(0), ackTimerDeadline - ackClock.elapsed())));
}

void NamespacePrivate::onAckTimeouts()
{
    QPointer<Namespace> guard(q_ptr);
    while (guard && !ackDeadlines.isEmpty() && ackDeadlines.firstKey() <= ackClock.elapsed()) {
        const auto first = ackDeadlines.begin();
        const qint64 ackId = first.value();
        ackDeadlines.erase(first);
        // As the JS client: a packet still waiting in the send buffer is not sent after its
        // sender was told it failed.
        sendBuffer.removeIf([ackId](const SocketIOPacket &p) { return p.id() == ackId; });
        if (sendBuffer.isEmpty())
            sendBufferBytes = 0;
        finishAck(ackId, {}, AckReply::TimeoutError);
    }
    if (guard)
        armAckTimer();
}

void NamespacePrivate::failPendingAcks(AckReply::Error err)
{
    Q_Q(Namespace);
    QPointer<Namespace> guard(q);
    const QList<qint64> ids = acks.keys();
    for (qint64 ackId : ids) {
        if (!guard)
            return;
        if (acks.contains(ackId))
            finishAck(ackId, {}, err);
    }
}

void NamespacePrivate::onConnectError(const SocketIOPacket &packet)
{
    Q_Q(Namespace);
    QString message;
    QVariant data;
    const bool legacy = host->revision() < 5;
    if (packet.data().metaType().id() == QMetaType::QVariantMap && !legacy) {
        const QVariantMap map = packet.data().toMap();
        message = map.value(QStringLiteral("message")).toString();
        data = map.value(QStringLiteral("data"));
    } else if (packet.data().metaType().id() == QMetaType::QString) {
        message = packet.data().toString();
        data = packet.data();
    } else {
        // Revisions 3-4 send `err.data || err.message`: the data is all there is.
        data = packet.data();
        message = data.toMap().value(QStringLiteral("message")).toString();
    }
    if (message.isEmpty())
        message = Namespace::tr("The server refused the connection to %1").arg(name);
    qCDebug(lcClient) << "namespace" << name << "refused:" << message;
    connectPending = false;
    receiveBuffer.clear();
    receiveBufferBytes = 0;
    // As the JavaScript client: a refused namespace does not retry by itself.
    QPointer<Namespace> guard(q);
    setActive(false);
    if (guard)
        setError(Namespace::ConnectError, message);
    if (guard)
        Q_EMIT q->connectError(message, data);
    if (guard)
        host->namespaceLeft();
}

void NamespacePrivate::onEngineError(const QString &message)
{
    Q_Q(Namespace);
    if (active && !connected)
        Q_EMIT q->connectError(message, QVariant());
}

void NamespacePrivate::onEngineClose(const QString &reason)
{
    Q_Q(Namespace);
    receiveBuffer.clear(); // they belonged to that connection
    receiveBufferBytes = 0;
    connectPending = false; // an answer can no longer come
    if (!connected)
        return;
    QPointer<Namespace> guard(q);
    id.clear();
    setConnected(false);
    if (guard)
        Q_EMIT q->idChanged();
    if (guard)
        failPendingAcks(AckReply::DisconnectedError);
    if (guard)
        Q_EMIT q->disconnected(reason);
}

void NamespacePrivate::leave(const QString &reason, bool sendDisconnect)
{
    Q_Q(Namespace);
    QPointer<Namespace> guard(q);
    if (connected && sendDisconnect)
        host->sendPacket(SocketIOPacket(SocketIOPacket::Disconnect, name));
    setActive(false);
    if (!guard)
        return;
    if (connected) {
        pid.clear(); // a deliberate disconnection is not recoverable
        onEngineClose(reason);
    }
}

bool NamespacePrivate::emitPacket(const QString &event, const QVariantList &args,
                                  Namespace::AckCallback callback, const QObject *context,
                                  AckReply *reply, int timeoutMs, bool isVolatile)
{
    if (Namespace::isReservedEvent(event)) {
        const QString message = Namespace::tr("\"%1\" is a reserved event name and cannot be emitted").arg(event);
        qCWarning(lcClient).noquote() << message;
        QPointer<AckReply> guard(reply);
        setError(Namespace::ReservedEventError, message);
        if (guard)
            guard->finish({}, AckReply::CanceledError);
        return false;
    }
    AckResult onAck;
    if (reply) {
        onAck = [reply = QPointer<AckReply>(reply)](const QVariantList &a, AckReply::Error e) {
            if (reply)
                reply->finish(a, e);
        };
    } else if (callback) {
        // A plain callback hears only of success; its context ends it early.
        onAck = [callback = std::move(callback), ctx = QPointer<const QObject>(context),
                 hasContext = context != nullptr](const QVariantList &a, AckReply::Error e) {
            if (e == AckReply::NoError && (!hasContext || ctx))
                callback(a);
        };
    }
    if (retries > 0 && !isVolatile)
        return enqueueReliable(event, args, std::move(onAck));
    return sendEvent(event, args, std::move(onAck), timeoutMs, isVolatile, reply);
}

bool NamespacePrivate::sendEvent(const QString &event, const QVariantList &args, AckResult onAck,
                                 int timeoutMs, bool isVolatile, AckReply *reply, bool retried)
{
    Q_Q(Namespace);
    QVariantList data;
    data.reserve(args.size() + 1);
    data.append(event);
    data.append(args);
    SocketIOPacket packet(SocketIOPacket::Event, name, data);
    if (onAck) {
        packet.setId(nextAckId++);
        PendingAck pending;
        pending.event = event;
        pending.onAck = std::move(onAck);
        pending.reply = reply;
        pending.retried = retried;
        pending.elapsed.start();
        acks.insert(packet.id(), std::move(pending));
        const int ms = timeoutMs >= 0 ? timeoutMs : ackTimeout;
        if (ms > 0)
            startAckTimeout(packet.id(), ms);
    }
    if (!anyOutgoingListeners.isEmpty()) {
        QPointer<Namespace> guard(q);
        const ListenerList list = anyOutgoingListeners;
        for (const auto &l : list) {
            if (!guard)
                return false;
            if (l->alive())
                l->outgoingHandler(event, args);
        }
    }
    if (connected && host->isOpen()) {
        // The reply gets its id when the packet leaves (here, or in flushSendBuffer()).
        if (packet.id() >= 0) {
            const auto it = acks.find(packet.id());
            if (it != acks.end() && it->reply)
                it->reply->sent(packet.id());
        }
        host->sendPacket(packet);
        return true;
    }
    if (isVolatile) {
        qCDebug(lcClient) << "volatile emit" << event << "dropped while disconnected";
        return false;
    }
    const qint64 size = approximateSize(packet.data());
    if (sendBuffer.size() >= host->bufferLimit() || sendBufferBytes + size > host->bufferSizeLimit()) {
        qCWarning(lcClient).noquote() << "send buffer of" << name << "is full (" << host->bufferLimit()
                                      << "packets or" << host->bufferSizeLimit() << "bytes): emit"
                                      << event << "refused";
        QPointer<Namespace> guard(q);
        if (packet.id() >= 0)
            finishAck(packet.id(), {}, AckReply::CanceledError);
        if (guard)
            host->reportBufferOverflow(name, event);
        return false;
    }
    sendBufferBytes += size;
    sendBuffer.append(packet);
    return true;
}

bool NamespacePrivate::enqueueReliable(const QString &event, const QVariantList &args, AckResult onAck)
{
    // The retry queue holds packets not yet acknowledged: bounded like the send buffer.
    if (retryQueue.size() >= host->bufferLimit()) {
        qCWarning(lcClient) << "retry queue of" << name << "is full: emit" << event << "refused";
        QPointer<Namespace> guard(q_ptr);
        if (onAck)
            onAck({}, AckReply::CanceledError);
        if (guard)
            host->reportBufferOverflow(name, event);
        return false;
    }
    QueuedEmit item;
    item.seq = nextQueueSeq++;
    item.event = event;
    item.args = args;
    item.onAck = std::move(onAck);
    retryQueue.append(std::move(item));
    drainQueue(false);
    return true;
}

void NamespacePrivate::drainQueue(bool force)
{
    if (!connected || retryQueue.isEmpty())
        return;
    QueuedEmit &front = retryQueue.first();
    if (front.pending && !force)
        return;
    front.pending = true;
    ++front.tries;
    const quint64 seq = front.seq;
    sendEvent(front.event, front.args, [this, seq](const QVariantList &args, AckReply::Error error) {
        onQueuedAck(seq, args, error);
    }, ackTimeout, false, nullptr, true);
}

void NamespacePrivate::onQueuedAck(quint64 seq, const QVariantList &args, AckReply::Error error)
{
    if (retryQueue.isEmpty() || retryQueue.first().seq != seq)
        return; // an answer to an earlier try of a packet already settled
    QueuedEmit &front = retryQueue.first();
    front.pending = false;
    if (error == AckReply::DisconnectedError) {
        --front.tries; // not the server's fault: the packet goes again after the reconnection
        return;
    }
    if (error == AckReply::NoError || front.tries > retries) {
        const QueuedEmit done = retryQueue.takeFirst();
        if (error != AckReply::NoError)
            qCDebug(lcClient) << "giving up on" << done.event << "after" << done.tries << "tries";
        QPointer<Namespace> guard(q_ptr);
        if (done.onAck)
            done.onAck(args, error);
        if (!guard)
            return;
    }
    drainQueue(false);
}

void NamespacePrivate::flushSendBuffer()
{
    Q_Q(Namespace);
    QPointer<Namespace> guard(q);
    while (guard && connected && !sendBuffer.isEmpty()) {
        const SocketIOPacket packet = sendBuffer.takeFirst();
        const auto it = acks.find(packet.id());
        if (it != acks.end()) { // the round trip starts when the packet leaves
            it->elapsed.start();
            if (it->reply)
                it->reply->sent(packet.id());
        }
        host->sendPacket(packet);
    }
    if (guard && sendBuffer.isEmpty())
        sendBufferBytes = 0;
}

bool NamespacePrivate::sendAck(const AckHandle::State &state, const QVariantList &args)
{
    if (!connected || state.session != session) {
        qCWarning(lcClient) << "ack" << state.id << "not sent: the namespace" << name
                            << "disconnected since the server asked for it";
        return false;
    }
    host->sendPacket(SocketIOPacket(SocketIOPacket::Ack, name, args, state.id));
    return true;
}

// ---------------------------------------------------------------------------

Namespace::Namespace(SocketIO *io, NamespaceHost *host, const QString &name)
    : QObject(io), d_ptr(new NamespacePrivate(this, io, host, name))
{
}

Namespace::~Namespace()
{
    Q_D(Namespace);
    d->host->namespaceDestroyed(this, d->connected);
    // Whoever waits for an answer hears of the end (replies are children and
    // die with us, after finishing), never a call into a dead namespace.
    const QList<NamespacePrivate::QueuedEmit> queued = std::exchange(d->retryQueue, {});
    const QList<NamespacePrivate::PendingAck> pending = std::exchange(d->acks, {}).values();
    for (const auto &item : queued) {
        if (item.onAck)
            item.onAck({}, AckReply::CanceledError);
    }
    for (const auto &ack : pending) {
        if (ack.onAck && !ack.retried)
            ack.onAck({}, AckReply::CanceledError);
    }
}

SocketIO *Namespace::io() const { return d_func()->io; }
QString Namespace::name() const { return d_func()->name; }
QString Namespace::id() const { return d_func()->id; }
bool Namespace::isConnected() const { return d_func()->connected; }
bool Namespace::isActive() const { return d_func()->active; }
bool Namespace::isRecovered() const { return d_func()->recovered; }
QVariantMap Namespace::auth() const { return d_func()->hasAuth ? d_func()->auth : d_func()->host->defaultAuth(); }
int Namespace::ackTimeout() const { return d_func()->ackTimeout; }
int Namespace::retries() const { return d_func()->retries; }

void Namespace::setRetries(int retries)
{
    Q_D(Namespace);
    retries = qMax(0, retries);
    if (d->retries == retries)
        return;
    d->retries = retries;
    Q_EMIT retriesChanged();
}
Namespace::Error Namespace::error() const { return d_func()->error; }
QString Namespace::errorString() const { return d_func()->errorString; }

void Namespace::setAuth(const QVariantMap &auth)
{
    Q_D(Namespace);
    if (d->hasAuth && d->auth == auth)
        return;
    d->auth = auth;
    d->hasAuth = true;
    Q_EMIT authChanged();
}


void Namespace::setAckTimeout(int ms)
{
    Q_D(Namespace);
    ms = qMax(0, ms);
    if (d->ackTimeout == ms)
        return;
    d->ackTimeout = ms;
    Q_EMIT ackTimeoutChanged();
}

bool Namespace::isReservedEvent(const QString &event)
{
    static const QStringList reserved = {
        QStringLiteral("connect"), QStringLiteral("connect_error"), QStringLiteral("disconnect"),
        QStringLiteral("disconnecting"), QStringLiteral("newListener"), QStringLiteral("removeListener")};
    return reserved.contains(event);
}

bool Namespace::emitEvent(const QString &event, const QVariantList &args)
{
    return d_func()->emitPacket(event, args, nullptr, nullptr, nullptr, -1, false);
}

bool Namespace::emitEvent(const QString &event, const QVariantList &args, AckCallback callback)
{
    return d_func()->emitPacket(event, args, std::move(callback), nullptr, nullptr, -1, false);
}

bool Namespace::emitEvent(const QString &event, const QVariantList &args, const QObject *context,
                          AckCallback callback)
{
    return d_func()->emitPacket(event, args, std::move(callback), context, nullptr, -1, false);
}

namespace {
// A timeout given as a duration: 0 (or less) waits forever, as ackTimeout 0 does.
int timeoutToMs(std::chrono::milliseconds timeout)
{
    return int(qBound(qint64(0), qint64(timeout.count()), qint64(std::numeric_limits<int>::max())));
}
} // namespace

void Namespace::setAckTimeout(std::chrono::milliseconds timeout)
{
    setAckTimeout(timeoutToMs(timeout));
}

AckReply *Namespace::emitWithAck(const QString &event, const QVariantList &args)
{
    auto *reply = new AckReply(event, this);
    d_func()->emitPacket(event, args, nullptr, nullptr, reply, -1, false);
    return reply;
}

AckReply *Namespace::emitWithAck(const QString &event, const QVariantList &args, std::chrono::milliseconds timeout)
{
    auto *reply = new AckReply(event, this);
    d_func()->emitPacket(event, args, nullptr, nullptr, reply, timeoutToMs(timeout), false);
    return reply;
}

bool Namespace::emitWithResult(const QString &event, const QVariantList &args, const QObject *context,
                               AckResultCallback callback, std::chrono::milliseconds timeout)
{
    Q_D(Namespace);
    if (isReservedEvent(event)) {
        d->emitPacket(event, args, nullptr, nullptr, nullptr, -1, false); // reports the error
        if (callback)
            callback(AckReply::CanceledError, {});
        return false;
    }
    NamespacePrivate::AckResult onAck;
    if (callback) {
        onAck = [callback = std::move(callback), ctx = QPointer<const QObject>(context),
                 hasContext = context != nullptr](const QVariantList &a, AckReply::Error e) {
            if (!hasContext || ctx)
                callback(e, a);
        };
    }
    if (d->retries > 0)
        return d->enqueueReliable(event, args, std::move(onAck));
    return d->sendEvent(event, args, std::move(onAck), timeoutToMs(timeout), false, nullptr);
}

bool Namespace::emitVolatile(const QString &event, const QVariantList &args)
{
    return d_func()->emitPacket(event, args, nullptr, nullptr, nullptr, -1, true);
}

Namespace::ListenerId Namespace::addListener(const QString &event, const QObject *context,
                                             detail::Handlers handlers, bool once, bool prepend)
{
    Q_D(Namespace);
    auto l = std::make_shared<NamespacePrivate::Listener>();
    l->id = d->nextListenerId++;
    l->context = context;
    l->hasContext = context && context != this;
    l->once = once;
    l->handler = std::move(handlers.tree);
    l->encodedHandler = std::move(handlers.encoded);
    if (l->encodedHandler && !d->encodedListeners) {
        d->encodedListeners = true;
        d->host->typedListenerAdded();
    }
    auto &list = d->listeners[event];
    if (prepend)
        list.prepend(l);
    else
        list.append(l);
    return l->id;
}

Namespace::ListenerId Namespace::onAny(AnyHandler handler, const QObject *context)
{
    Q_D(Namespace);
    auto l = std::make_shared<NamespacePrivate::Listener>();
    l->id = d->nextListenerId++;
    l->context = context;
    l->hasContext = context != nullptr;
    l->anyHandler = std::move(handler);
    d->anyListeners.append(l);
    return l->id;
}

Namespace::ListenerId Namespace::prependAny(AnyHandler handler, const QObject *context)
{
    const ListenerId id = onAny(std::move(handler), context);
    d_func()->anyListeners.move(d_func()->anyListeners.size() - 1, 0);
    return id;
}

Namespace::ListenerId Namespace::onAnyOutgoing(AnyOutgoingHandler handler, const QObject *context)
{
    Q_D(Namespace);
    auto l = std::make_shared<NamespacePrivate::Listener>();
    l->id = d->nextListenerId++;
    l->context = context;
    l->hasContext = context != nullptr;
    l->outgoingHandler = std::move(handler);
    d->anyOutgoingListeners.append(l);
    return l->id;
}

Namespace::ListenerId Namespace::prependAnyOutgoing(AnyOutgoingHandler handler, const QObject *context)
{
    const ListenerId id = onAnyOutgoing(std::move(handler), context);
    d_func()->anyOutgoingListeners.move(d_func()->anyOutgoingListeners.size() - 1, 0);
    return id;
}

void Namespace::off(ListenerId id)
{
    Q_D(Namespace);
    const auto removeFrom = [id](NamespacePrivate::ListenerList &list) {
        for (qsizetype i = 0; i < list.size(); ++i) {
            if (list.at(i)->id == id) {
                list.at(i)->removed = true;
                list.removeAt(i);
                return true;
            }
        }
        return false;
    };
    if (removeFrom(d->anyListeners) || removeFrom(d->anyOutgoingListeners))
        return;
    for (auto it = d->listeners.begin(); it != d->listeners.end(); ++it) {
        if (removeFrom(*it)) {
            if (it->isEmpty())
                d->listeners.erase(it);
            return;
        }
    }
}

void Namespace::off(const QString &event)
{
    Q_D(Namespace);
    const auto list = d->listeners.take(event);
    for (const auto &l : list)
        l->removed = true;
}

void Namespace::offAny()
{
    Q_D(Namespace);
    for (const auto &l : std::as_const(d->anyListeners))
        l->removed = true;
    d->anyListeners.clear();
}

void Namespace::offAnyOutgoing()
{
    Q_D(Namespace);
    for (const auto &l : std::as_const(d->anyOutgoingListeners))
        l->removed = true;
    d->anyOutgoingListeners.clear();
}

int Namespace::listenerCount(const QString &event) const
{
    Q_D(const Namespace);
    int n = 0;
    for (const auto &l : d->listeners.value(event))
        n += l->alive() ? 1 : 0;
    return n;
}

void Namespace::open()
{
    Q_D(Namespace);
    d->setActive(true);
    // Idempotent: joined, joining (CONNECT sent or queued, answer pending) or waiting for the
    // connection.
    if (d->connected || d->connectPending || d->connectQueued)
        return;
    if (d->host->isOpen())
        d->scheduleConnect();
    else
        d->host->openFor(this);
}

void Namespace::close()
{
    Q_D(Namespace);
    if (!d->active && !d->connected)
        return;
    QPointer<Namespace> guard(this);
    d->leave(kReason_ClientDisconnect, true);
    if (guard)
        d->host->namespaceLeft();
}

} // namespace SocketIOQt
