#include "qmlnamespace_p.h"

#include "jsconversion_p.h"
#include "qmlclient_p.h"
#include "qmlevent_p.h"

#include <SocketIOQt/ackreply.h>
#include <SocketIOQt/socketio.h>

#include <QtCore/qtimer.h>
#include <QtQml/qjsengine.h>

namespace SocketIOQt {

static_assert(int(QmlSocketIONamespace::InvalidArgumentError) == int(Namespace::InvalidArgumentError),
              "SocketIONamespace.Error mirrors Namespace::Error");

using namespace SocketIOQml;

namespace {
QString normalizedName(const QString &name)
{
    if (name.isEmpty())
        return QStringLiteral("/");
    return name.startsWith(QLatin1Char('/')) ? name : QLatin1Char('/') + name;
}
} // namespace

QmlSocketIONamespace::QmlSocketIONamespace(QObject *parent)
    : QObject(parent)
{
}

QmlSocketIONamespace::~QmlSocketIONamespace()
{
    detach();
    if (m_client)
        m_client->removeNamespace(this);
}

bool QmlSocketIONamespace::isConnected() const { return m_ns && m_ns->isConnected(); }
QString QmlSocketIONamespace::id() const { return m_ns ? m_ns->id() : QString(); }
bool QmlSocketIONamespace::isRecovered() const { return m_ns && m_ns->isRecovered(); }
QmlSocketIONamespace::Error QmlSocketIONamespace::error() const { return m_ns ? Error(m_ns->error()) : NoError; }
QString QmlSocketIONamespace::errorString() const { return m_ns ? m_ns->errorString() : QString(); }

void QmlSocketIONamespace::setClient(QmlSocketIOClient *client)
{
    m_clientSet = true;
    if (m_client == client)
        return;
    detach();
    if (m_client)
        m_client->removeNamespace(this);
    m_client = client;
    if (m_client)
        m_client->addNamespace(this);
    Q_EMIT clientChanged();
    attach();
}

void QmlSocketIONamespace::setName(const QString &name)
{
    if (m_name == name)
        return;
    m_name = name;
    Q_EMIT nameChanged();
    attach();
}

void QmlSocketIONamespace::setAuth(const QVariantMap &auth)
{
    if (m_authSet && m_auth == auth)
        return;
    m_auth = auth;
    m_authSet = true;
    Q_EMIT authChanged();
    if (!m_ns)
        return;
    m_ns->setAuth(auth);
    if (!m_complete || m_rejoinPending)
        return;
    m_rejoinPending = true;
    QTimer::singleShot(0, this, [this] {
        m_rejoinPending = false;
        rejoin();
    });
}

void QmlSocketIONamespace::rejoin()
{
    if (!m_ns || !m_active || !m_client || !m_client->isActive())
        return;
    QPointer<Namespace> ns = m_ns;
    if (ns->isConnected() || ns->isActive())
        ns->close();
    if (ns)
        ns->open();
}

void QmlSocketIONamespace::setActive(bool active)
{
    if (m_active == active)
        return;
    m_active = active;
    Q_EMIT activeChanged();
    if (active)
        attach();
    else
        detach();
}

void QmlSocketIONamespace::setAckTimeout(int ms)
{
    ms = qMax(0, ms);
    if (m_ackTimeout == ms)
        return;
    m_ackTimeout = ms;
    if (m_ns)
        m_ns->setAckTimeout(ms);
    Q_EMIT ackTimeoutChanged();
}

void QmlSocketIONamespace::open() { setActive(true); }
void QmlSocketIONamespace::close() { setActive(false); }

QQmlListProperty<QObject> QmlSocketIONamespace::data()
{
    return QQmlListProperty<QObject>(this, &m_data);
}

void QmlSocketIONamespace::classBegin() {}

void QmlSocketIONamespace::componentComplete()
{
    m_complete = true;
    if (!m_clientSet) {
        // Declared inside a SocketIOClient: that one.
        if (auto *client = qobject_cast<QmlSocketIOClient *>(parent())) {
            m_client = client;
            client->addNamespace(this);
            Q_EMIT clientChanged();
        }
    }
    attach();
}

void QmlSocketIONamespace::attach()
{
    if (!m_complete)
        return;
    if (!m_client || !m_active) {
        detach();
        return;
    }
    const QString name = normalizedName(m_name);
    SocketIO *io = m_client->socketIO();
    if (!m_ns || m_ns->name() != name || m_ns->io() != io) {
        detach();
        m_ns = io->socket(name); // joins as soon as the connection is open
        if (m_authSet)
            m_ns->setAuth(m_auth);
        if (m_ackTimeout > 0)
            m_ns->setAckTimeout(m_ackTimeout);
        connect(m_ns, &Namespace::connectedChanged, this, [this] {
            if (m_lastConnected != isConnected()) {
                m_lastConnected = isConnected();
                Q_EMIT errorChanged(); // a connection clears the error
                Q_EMIT connectedChanged();
            }
        });
        connect(m_ns, &Namespace::idChanged, this, [this] {
            if (m_lastId != id()) {
                m_lastId = id();
                Q_EMIT idChanged();
            }
        });
        connect(m_ns, &Namespace::disconnected, this, &QmlSocketIONamespace::disconnected);
        connect(m_ns, &Namespace::errorOccurred, this, &QmlSocketIONamespace::errorChanged);
        connect(m_ns, &Namespace::connectError, this, [this](const QString &message, const QVariant &data) {
            Q_EMIT connectError(message, toJS(qjsEngine(this), data));
        });
        connect(m_ns, &Namespace::eventReceived, this, &QmlSocketIONamespace::dispatch);
        m_outgoingListener = m_ns->onAnyOutgoing([this](const QString &event, const QVariantList &args) {
            static const QMetaMethod sent = QMetaMethod::fromSignal(&QmlSocketIONamespace::eventSent);
            if (isSignalConnected(sent))
                Q_EMIT eventSent(event, toJSArray(qjsEngine(this), args));
        }, this);
    }
    // With an active client, join now (this opens the connection when needed); otherwise
    // the namespace joins when the client opens.
    if (m_client->isActive() && m_client->isComplete() && !io->url().isEmpty())
        m_ns->open();
    if (m_lastConnected != isConnected()) {
        m_lastConnected = isConnected();
        Q_EMIT connectedChanged();
    }
    if (m_lastId != id()) {
        m_lastId = id();
        Q_EMIT idChanged();
    }
}

void QmlSocketIONamespace::detach()
{
    if (!m_ns)
        return;
    QPointer<Namespace> ns = m_ns;
    m_ns = nullptr;
    disconnect(ns, nullptr, this, nullptr);
    ns->off(m_outgoingListener);
    m_outgoingListener = 0;
    if (!m_client || !m_client->isNamespaceShared(ns->name(), this))
        ns->close();
    if (m_lastConnected) {
        m_lastConnected = false;
        Q_EMIT connectedChanged();
    }
    if (!m_lastId.isEmpty()) {
        m_lastId.clear();
        Q_EMIT idChanged();
    }
}

void QmlSocketIONamespace::clientDestroyed()
{
    // The Namespace goes with its SocketIO.
    m_ns = nullptr;
    m_client = nullptr;
    m_lastConnected = false;
    m_lastId.clear();
}

void QmlSocketIONamespace::addHandler(QmlSocketIOEvent *handler)
{
    if (!m_handlers.contains(handler))
        m_handlers.append(handler);
}

void QmlSocketIONamespace::removeHandler(QmlSocketIOEvent *handler)
{
    m_handlers.removeAll(handler);
    m_handlers.removeAll(nullptr);
}

void QmlSocketIONamespace::dispatch(const QString &event, const QVariantList &args, const AckHandle &ack)
{
    static const QMetaMethod received = QMetaMethod::fromSignal(&QmlSocketIONamespace::eventReceived);
    const bool catchAll = isSignalConnected(received);
    QList<QPointer<QmlSocketIOEvent>> handlers;
    for (const auto &h : std::as_const(m_handlers)) {
        if (h && h->isEnabled() && h->eventName() == event)
            handlers.append(h);
    }
    if (!catchAll && handlers.isEmpty())
        return;
    QJSEngine *engine = qjsEngine(this);
    const QJSValue jsArgs = toJSArray(engine, args);
    const QJSValue jsAck = ackFunction(engine, ack);
    QPointer<QmlSocketIONamespace> guard(this);
    if (catchAll)
        Q_EMIT eventReceived(event, jsArgs, jsAck);
    for (const auto &h : std::as_const(handlers)) {
        if (!guard)
            return;
        if (h)
            h->deliver(jsArgs, jsAck);
    }
}

bool QmlSocketIONamespace::emitValues(const QString &event, QJSValueList values)
{
    QJSEngine *engine = qjsEngine(this);
    QJSValue callback;
    if (!values.isEmpty() && values.constLast().isCallable())
        callback = values.takeLast();
    QVariantList args;
    args.reserve(values.size());
    for (const QJSValue &v : std::as_const(values))
        args.append(fromJS(engine, v));
    if (!m_ns) {
        qCWarning(lcQml).noquote() << QStringLiteral("SocketIONamespace %1: cannot emit \"%2\": no client, or not active")
                                              .arg(m_name, event);
        return false;
    }
    if (!callback.isCallable())
        return m_ns->emitEvent(event, args);
    return m_ns->emitEvent(event, args, this, [this, callback](const QVariantList &reply) {
        QJSEngine *e = qjsEngine(this);
        QJSValueList jsReply;
        jsReply.reserve(reply.size());
        for (const QVariant &v : reply)
            jsReply.append(toJS(e, v));
        call(callback, jsReply, "ack callback");
    });
}

QJSValue QmlSocketIONamespace::emitWithAckValues(const QString &event, const QJSValueList &values)
{
    QJSEngine *engine = qjsEngine(this);
    if (!engine)
        return QJSValue();
    const QJSValue d = deferred(engine);
    const QJSValue resolve = d.property(QStringLiteral("resolve"));
    const QJSValue reject = d.property(QStringLiteral("reject"));
    if (!m_ns) {
        call(reject, {engine->newErrorObject(QJSValue::GenericError,
                                             QStringLiteral("SocketIONamespace %1: no client, or not active").arg(m_name))},
             "emitWithAck");
        return d.property(QStringLiteral("promise"));
    }
    QVariantList args;
    args.reserve(values.size());
    for (const QJSValue &v : values)
        args.append(fromJS(engine, v));
    AckReply *reply = m_ns->emitWithAck(event, args);
    const auto settle = [this, reply, resolve, reject] {
        QJSEngine *e = qjsEngine(this);
        if (e) {
            if (reply->error() == AckReply::NoError)
                call(resolve, {toJS(e, reply->arguments().value(0))}, "emitWithAck");
            else
                call(reject, {e->newErrorObject(QJSValue::GenericError, reply->errorString())}, "emitWithAck");
        }
        reply->deleteLater();
    };
    if (reply->isFinished())
        QTimer::singleShot(0, this, settle);
    else
        connect(reply, &AckReply::finished, this, settle);
    return d.property(QStringLiteral("promise"));
}

bool QmlSocketIONamespace::emit(const QString &event)
{
    return emitValues(event, {});
}

bool QmlSocketIONamespace::emit(const QString &event, const QJSValue &a1)
{
    return emitValues(event, {a1});
}

bool QmlSocketIONamespace::emit(const QString &event, const QJSValue &a1, const QJSValue &a2)
{
    return emitValues(event, {a1, a2});
}

bool QmlSocketIONamespace::emit(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3)
{
    return emitValues(event, {a1, a2, a3});
}

bool QmlSocketIONamespace::emit(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4)
{
    return emitValues(event, {a1, a2, a3, a4});
}

bool QmlSocketIONamespace::emit(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5)
{
    return emitValues(event, {a1, a2, a3, a4, a5});
}

bool QmlSocketIONamespace::emit(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6)
{
    return emitValues(event, {a1, a2, a3, a4, a5, a6});
}

bool QmlSocketIONamespace::emit(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6, const QJSValue &a7)
{
    return emitValues(event, {a1, a2, a3, a4, a5, a6, a7});
}

bool QmlSocketIONamespace::emit(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6, const QJSValue &a7, const QJSValue &a8)
{
    return emitValues(event, {a1, a2, a3, a4, a5, a6, a7, a8});
}

bool QmlSocketIONamespace::emit(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6, const QJSValue &a7, const QJSValue &a8, const QJSValue &a9)
{
    return emitValues(event, {a1, a2, a3, a4, a5, a6, a7, a8, a9});
}

bool QmlSocketIONamespace::emitEvent(const QString &event)
{
    return emitValues(event, {});
}

bool QmlSocketIONamespace::emitEvent(const QString &event, const QJSValue &a1)
{
    return emitValues(event, {a1});
}

bool QmlSocketIONamespace::emitEvent(const QString &event, const QJSValue &a1, const QJSValue &a2)
{
    return emitValues(event, {a1, a2});
}

bool QmlSocketIONamespace::emitEvent(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3)
{
    return emitValues(event, {a1, a2, a3});
}

bool QmlSocketIONamespace::emitEvent(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4)
{
    return emitValues(event, {a1, a2, a3, a4});
}

bool QmlSocketIONamespace::emitEvent(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5)
{
    return emitValues(event, {a1, a2, a3, a4, a5});
}

bool QmlSocketIONamespace::emitEvent(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6)
{
    return emitValues(event, {a1, a2, a3, a4, a5, a6});
}

bool QmlSocketIONamespace::emitEvent(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6, const QJSValue &a7)
{
    return emitValues(event, {a1, a2, a3, a4, a5, a6, a7});
}

bool QmlSocketIONamespace::emitEvent(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6, const QJSValue &a7, const QJSValue &a8)
{
    return emitValues(event, {a1, a2, a3, a4, a5, a6, a7, a8});
}

bool QmlSocketIONamespace::emitEvent(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6, const QJSValue &a7, const QJSValue &a8, const QJSValue &a9)
{
    return emitValues(event, {a1, a2, a3, a4, a5, a6, a7, a8, a9});
}

bool QmlSocketIONamespace::send()
{
    return emitValues(QStringLiteral("message"), {});
}

bool QmlSocketIONamespace::send(const QJSValue &a1)
{
    return emitValues(QStringLiteral("message"), {a1});
}

bool QmlSocketIONamespace::send(const QJSValue &a1, const QJSValue &a2)
{
    return emitValues(QStringLiteral("message"), {a1, a2});
}

bool QmlSocketIONamespace::send(const QJSValue &a1, const QJSValue &a2, const QJSValue &a3)
{
    return emitValues(QStringLiteral("message"), {a1, a2, a3});
}

bool QmlSocketIONamespace::send(const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4)
{
    return emitValues(QStringLiteral("message"), {a1, a2, a3, a4});
}

bool QmlSocketIONamespace::send(const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5)
{
    return emitValues(QStringLiteral("message"), {a1, a2, a3, a4, a5});
}

bool QmlSocketIONamespace::send(const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6)
{
    return emitValues(QStringLiteral("message"), {a1, a2, a3, a4, a5, a6});
}

bool QmlSocketIONamespace::send(const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6, const QJSValue &a7)
{
    return emitValues(QStringLiteral("message"), {a1, a2, a3, a4, a5, a6, a7});
}

bool QmlSocketIONamespace::send(const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6, const QJSValue &a7, const QJSValue &a8)
{
    return emitValues(QStringLiteral("message"), {a1, a2, a3, a4, a5, a6, a7, a8});
}

bool QmlSocketIONamespace::send(const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6, const QJSValue &a7, const QJSValue &a8, const QJSValue &a9)
{
    return emitValues(QStringLiteral("message"), {a1, a2, a3, a4, a5, a6, a7, a8, a9});
}

QJSValue QmlSocketIONamespace::emitWithAck(const QString &event)
{
    return emitWithAckValues(event, {});
}

QJSValue QmlSocketIONamespace::emitWithAck(const QString &event, const QJSValue &a1)
{
    return emitWithAckValues(event, {a1});
}

QJSValue QmlSocketIONamespace::emitWithAck(const QString &event, const QJSValue &a1, const QJSValue &a2)
{
    return emitWithAckValues(event, {a1, a2});
}

QJSValue QmlSocketIONamespace::emitWithAck(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3)
{
    return emitWithAckValues(event, {a1, a2, a3});
}

QJSValue QmlSocketIONamespace::emitWithAck(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4)
{
    return emitWithAckValues(event, {a1, a2, a3, a4});
}

QJSValue QmlSocketIONamespace::emitWithAck(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5)
{
    return emitWithAckValues(event, {a1, a2, a3, a4, a5});
}

QJSValue QmlSocketIONamespace::emitWithAck(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6)
{
    return emitWithAckValues(event, {a1, a2, a3, a4, a5, a6});
}

QJSValue QmlSocketIONamespace::emitWithAck(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6, const QJSValue &a7)
{
    return emitWithAckValues(event, {a1, a2, a3, a4, a5, a6, a7});
}

QJSValue QmlSocketIONamespace::emitWithAck(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6, const QJSValue &a7, const QJSValue &a8)
{
    return emitWithAckValues(event, {a1, a2, a3, a4, a5, a6, a7, a8});
}

QJSValue QmlSocketIONamespace::emitWithAck(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6, const QJSValue &a7, const QJSValue &a8, const QJSValue &a9)
{
    return emitWithAckValues(event, {a1, a2, a3, a4, a5, a6, a7, a8, a9});
}

} // namespace SocketIOQt
