#include "liveconnection.h"

#include "capturesession.h"

#include <QtCore/qjsondocument.h>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

LiveConnection::LiveConnection(CaptureSession *session, QObject *parent)
    : QObject(parent), m_session(session)
{
    connect(&m_io, &SocketIO::packetTraced, this,
            [this](SocketIO::Direction direction, const EngineIOPacket &packet, const QString &transport) {
                m_session->addPacket(CaptureSession::currentTimeUs(), direction, packet, transport, 0);
            });
    connect(&m_io, &SocketIO::stateChanged, this, &LiveConnection::stateChanged);
    connect(&m_io, &SocketIO::transportChanged, this, &LiveConnection::stateChanged);
    connect(&m_io, &SocketIO::reconnectAttempt, this, [this](int attempt) {
        timelineNote(EngineEvent::ReconnectAttempt, QString::number(attempt));
        Q_EMIT message(u"Reconnecting (attempt %1)…"_s.arg(attempt));
    });
    connect(&m_io, &SocketIO::reconnected, this, [this](int attempt) {
        timelineNote(EngineEvent::Reconnected, QString::number(attempt));
    });
    connect(&m_io, &SocketIO::reconnectFailed, this, [this] {
        timelineNote(EngineEvent::ReconnectFailed, {});
        Q_EMIT message(u"Reconnection failed"_s);
    });
    connect(&m_io, &SocketIO::errorOccurred, this, [this] {
        timelineNote(EngineEvent::ConnectionError, m_io.errorString());
        Q_EMIT message(m_io.errorString());
        Q_EMIT stateChanged();
    });
    connect(&m_io, &SocketIO::closed, this, [this](const QString &reason) {
        // The close packet (if any) is on the lane already; this is the reason the client saw.
        EngineEvent e;
        e.kind = EngineEvent::Close;
        e.timeUs = CaptureSession::currentTimeUs();
        e.detail = reason;
        m_session->addEvent(e);
    });

    m_expiry.setInterval(250);
    connect(&m_expiry, &QTimer::timeout, this,
            [this] { m_session->expireAcks(CaptureSession::currentTimeUs()); });
    m_expiry.start();
}

LiveConnection::~LiveConnection()
{
    m_io.disconnect(this);
    for (Namespace *ns : std::as_const(m_tracked))
        ns->disconnect(this);
}

void LiveConnection::timelineNote(int kind, const QString &detail)
{
    EngineEvent e;
    e.kind = EngineEvent::Kind(kind);
    e.timeUs = CaptureSession::currentTimeUs();
    e.detail = detail;
    m_session->addEvent(e);
}

bool LiveConnection::open(const ConnectionSettings &settings, QString *error)
{
    QString problem;
    if (!settings.url.isValid() || settings.url.host().isEmpty()) {
        problem = u"enter a server URL such as http://localhost:3000"_s;
    } else if (!settings.apply(&m_io, &problem)) {
        // problem set by apply()
    }
    if (!problem.isEmpty()) {
        if (error)
            *error = problem;
        return false;
    }
    m_settings = settings;
    m_session->setConfiguredRevision(0, settings.protocol);
    m_session->setDefaultAckTimeout(settings.ackTimeoutMs);

    joinNamespace(settings.defaultNamespace());
    for (const ConnectionSettings::NamespaceEntry &n : settings.namespaces) {
        QVariantMap auth;
        if (!ConnectionSettings::parseAuth(n.authJson, &auth, &problem)) {
            if (error)
                *error = u"%1: %2"_s.arg(n.name, problem);
            return false;
        }
        joinNamespace(n.name, auth, !n.authJson.trimmed().isEmpty());
    }
    m_io.open();
    Q_EMIT stateChanged();
    return true;
}

void LiveConnection::close()
{
    m_io.close();
    for (NamespaceStatus &s : m_status) {
        if (s.state == NamespaceState::Connecting)
            s.state = NamespaceState::Idle;
    }
    Q_EMIT namespaceStatusChanged();
}

bool LiveConnection::isOpen() const
{
    return m_io.state() != SocketIO::Disconnected;
}

Namespace *LiveConnection::track(const QString &name)
{
    if (Namespace *ns = m_tracked.value(name))
        return ns;
    Namespace *ns = m_io.socket(name);
    m_tracked.insert(name, ns);
    connect(ns, &Namespace::connected, this, [this, ns] {
        setStatus(ns->name(), NamespaceState::Connected, ns->id());
    });
    connect(ns, &Namespace::connectError, this, [this, ns](const QString &message, const QVariant &data) {
        QString detail = message;
        if (data.isValid() && !data.isNull()) {
            detail += u"  "_s + QString::fromUtf8(QJsonDocument::fromVariant(QVariantList{data}).toJson(
                                                         QJsonDocument::Compact))
                                        .mid(1)
                                        .chopped(1);
        }
        setStatus(ns->name(), NamespaceState::Refused, detail);
    });
    connect(ns, &Namespace::disconnected, this, [this, ns](const QString &reason) {
        setStatus(ns->name(), ns->isActive() ? NamespaceState::Connecting : NamespaceState::Disconnected, reason);
        // Requests of the server die with its socket.
        m_waiting.removeIf([&](const ServerRequest &r) { return r.nsp == ns->name(); });
        Q_EMIT serverRequestsChanged();
    });
    connect(ns, &Namespace::eventReceived, this,
            [this, ns](const QString &event, const QVariantList &args, const AckHandle &ack) {
                onServerEvent(ns, event, args, ack);
            });
    return ns;
}

void LiveConnection::joinNamespace(const QString &nsp, const QVariantMap &auth, bool useAuth)
{
    const QString name = nsp.startsWith(u'/') ? nsp : u'/' + nsp;
    Namespace *ns = track(name);
    if (useAuth)
        ns->setAuth(auth);
    if (ns->isActive() || ns->isConnected())
        ns->close(); // a CONNECT carries the auth: join again
    setStatus(name, NamespaceState::Connecting);
    ns->open();
}

void LiveConnection::leaveNamespace(const QString &nsp)
{
    if (Namespace *ns = m_tracked.value(nsp)) {
        ns->close();
        setStatus(nsp, NamespaceState::Disconnected, u"left"_s);
    }
}

void LiveConnection::setStatus(const QString &nsp, NamespaceState state, const QString &detail)
{
    auto it = std::find_if(m_status.begin(), m_status.end(), [&](const NamespaceStatus &s) { return s.name == nsp; });
    if (it == m_status.end()) {
        m_status.append({nsp, state, detail});
    } else {
        it->state = state;
        it->detail = detail;
    }
    Q_EMIT namespaceStatusChanged();
}

QList<LiveConnection::NamespaceStatus> LiveConnection::namespaceStatus() const
{
    return m_status;
}

LiveConnection::NamespaceStatus LiveConnection::namespaceStatus(const QString &nsp) const
{
    for (const NamespaceStatus &s : m_status) {
        if (s.name == nsp)
            return s;
    }
    return {nsp, NamespaceState::Idle, {}};
}

bool LiveConnection::emitEvent(const QString &nsp, const QString &event, const QVariantList &args, bool ack,
                               int timeoutMs, QString *error)
{
    const QString name = nsp.isEmpty() ? u"/"_s : (nsp.startsWith(u'/') ? nsp : u'/' + nsp);
    if (event.isEmpty()) {
        if (error)
            *error = u"the event needs a name"_s;
        return false;
    }
    if (Namespace::isReservedEvent(event)) {
        if (error)
            *error = u"\"%1\" is reserved by Socket.IO"_s.arg(event);
        return false;
    }
    Namespace *ns = track(name);
    if (!ns->isActive()) {
        setStatus(name, NamespaceState::Connecting);
        ns->open();
    }
    if (!ack) {
        if (!ns->emitEvent(event, args)) {
            if (error)
                *error = ns->errorString();
            return false;
        }
        return true;
    }
    AckReply *reply = timeoutMs >= 0 ? ns->emitWithAck(event, args, std::chrono::milliseconds(timeoutMs))
                                     : ns->emitWithAck(event, args);
    if (!reply) {
        if (error)
            *error = ns->errorString();
        return false;
    }
    connect(reply, &AckReply::finished, this, [this, reply, name] {
        if (reply->error() == AckReply::TimeoutError && reply->ackId() >= 0)
            m_session->markAckTimedOut(0, SocketIO::Direction::Outgoing, name, reply->ackId());
        if (reply->error() == AckReply::TimeoutError)
            Q_EMIT message(u"No ack for \"%1\" within the timeout"_s.arg(reply->eventName()));
        reply->deleteLater();
    });
    return true;
}

void LiveConnection::setReplyPolicy(ReplyMode mode, const QVariantList &payload, bool echoArguments, int delayMs)
{
    m_replyMode = mode;
    m_replyPayload = payload;
    m_replyEcho = echoArguments;
    m_replyDelayMs = delayMs;
}

void LiveConnection::onServerEvent(Namespace *ns, const QString &event, const QVariantList &args,
                                   const AckHandle &ack)
{
    if (!ack.isRequested())
        return;
    const QVariantList answer = m_replyEcho ? args : m_replyPayload;
    switch (m_replyMode) {
    case ReplyMode::Immediately:
        ack.send(answer);
        break;
    case ReplyMode::AfterDelay: {
        const AckHandle handle = ack;
        QTimer::singleShot(m_replyDelayMs, this, [handle, answer] { handle.send(answer); });
        break;
    }
    case ReplyMode::Never:
        Q_EMIT message(u"Left the server's ack request %1 (\"%2\") unanswered"_s.arg(ack.id()).arg(event));
        break;
    case ReplyMode::Manual:
        m_waiting.append({ns->name(), event, args, ack.id(), CaptureSession::currentTimeUs(), ack});
        Q_EMIT serverRequestsChanged();
        break;
    }
}

bool LiveConnection::answerServerRequest(int index, const QVariantList &args)
{
    if (index < 0 || index >= m_waiting.size())
        return false;
    const ServerRequest request = m_waiting.takeAt(index);
    Q_EMIT serverRequestsChanged();
    return request.handle.send(args);
}

void LiveConnection::dropServerRequest(int index)
{
    if (index < 0 || index >= m_waiting.size())
        return;
    m_waiting.removeAt(index);
    Q_EMIT serverRequestsChanged();
}
