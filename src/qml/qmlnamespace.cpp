#include "qmlnamespace_p.h"

#include "jsconversion_p.h"
#include "qmlclient_p.h"
#include "qmlevent_p.h"

#include <SocketIOQt/ackreply.h>
#include <SocketIOQt/socketio.h>

#include <QtCore/qmetaobject.h>
#include <QtCore/qtimer.h>
#include <QtQml/qjsengine.h>

namespace SocketIOQt {

using namespace SocketIOQml;

namespace {
QString normalizedName(const QString &name)
{
    if (name.isEmpty())
        return QStringLiteral("/");
    return name.startsWith(QLatin1Char('/')) ? name : QLatin1Char('/') + name;
}

// The properties this type forwards to the Namespace: those both meta-objects have, except
// the declaration's own (name and active mean "which namespace" and "whether to join").
QList<QPair<QMetaProperty, QMetaProperty>> forwardedProperties()
{
    QList<QPair<QMetaProperty, QMetaProperty>> list;
    const QMetaObject &mine = QmlSocketIONamespace::staticMetaObject;
    const QMetaObject &theirs = Namespace::staticMetaObject;
    for (int i = mine.propertyOffset(); i < mine.propertyCount(); ++i) {
        const QMetaProperty p = mine.property(i);
        const int j = theirs.indexOfProperty(p.name());
        if (j < 0 || qstrcmp(p.name(), "name") == 0 || qstrcmp(p.name(), "active") == 0)
            continue;
        list.append({p, theirs.property(j)});
    }
    return list;
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
    if (!m_ns) {
        Q_EMIT authChanged();
        return;
    }
    m_ns->setAuth(auth); // notifies through the Namespace
    if (!m_complete || m_rejoinPending)
        return;
    m_rejoinPending = true;
    QTimer::singleShot(0, this, [this] {
        m_rejoinPending = false;
        rejoin();
    });
}

void QmlSocketIONamespace::setAckTimeout(int ms)
{
    m_ackTimeout = qMax(0, ms);
    m_ackTimeoutSet = true;
    if (m_ns)
        m_ns->setAckTimeout(ms); // notifies through the Namespace
    else
        Q_EMIT ackTimeoutChanged();
}

void QmlSocketIONamespace::setRetries(int retries)
{
    m_retries = qMax(0, retries);
    m_retriesSet = true;
    if (m_ns)
        m_ns->setRetries(retries); // notifies through the Namespace
    else
        Q_EMIT retriesChanged();
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

// Makes `ns` the Namespace this object stands for: relays its notify signals and notifies
// the forwarded properties whose value changed with it.
void QmlSocketIONamespace::setNamespace(Namespace *ns)
{
    static const auto forwarded = forwardedProperties();
    QVariantList before;
    for (const auto &p : forwarded)
        before.append(p.first.read(this));
    if (m_ns) {
        disconnect(m_ns, nullptr, this, nullptr);
        m_ns->off(m_outgoingListener);
        m_outgoingListener = 0;
    }
    m_ns = ns;
    if (ns) {
        for (const auto &p : forwarded) {
            if (p.second.hasNotifySignal() && p.first.hasNotifySignal())
                connect(ns, p.second.notifySignal(), this, p.first.notifySignal());
        }
        // A connection clears the error.
        connect(ns, &Namespace::connectedChanged, this, &QmlSocketIONamespace::errorChanged);
        connect(ns, &Namespace::connectedChanged, this, &QmlSocketIONamespace::errorStringChanged);
        connect(ns, &Namespace::disconnected, this, &QmlSocketIONamespace::disconnected);
        connect(ns, &Namespace::connectError, this, [this](const QString &message, const QVariant &data) {
            Q_EMIT connectError(message, toJS(qjsEngine(this), data));
        });
        connect(ns, &Namespace::eventReceived, this, &QmlSocketIONamespace::dispatch);
        m_outgoingListener = ns->onAnyOutgoing([this](const QString &event, const QVariantList &args) {
            static const QMetaMethod sent = QMetaMethod::fromSignal(&QmlSocketIONamespace::eventSent);
            if (isSignalConnected(sent))
                Q_EMIT eventSent(event, toJSArray(qjsEngine(this), args));
        }, this);
    }
    QPointer<QmlSocketIONamespace> guard(this);
    for (int i = 0; i < forwarded.size() && guard; ++i) {
        const auto &p = forwarded.at(i).first;
        if (p.hasNotifySignal() && p.read(this) != before.at(i))
            p.notifySignal().invoke(this);
    }
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
    SocketIO *io = m_client;
    if (!m_ns || m_ns->name() != name || m_ns->io() != io) {
        detach();
        Namespace *ns = io->socket(name); // joins as soon as the connection is open
        // What the declaration set applies to every Namespace it stands for.
        if (m_authSet)
            ns->setAuth(m_auth);
        if (m_ackTimeoutSet)
            ns->setAckTimeout(m_ackTimeout);
        if (m_retriesSet)
            ns->setRetries(m_retries);
        setNamespace(ns);
    }
    // With an active client, join now (this opens the connection when needed); otherwise
    // the namespace joins when the client opens.
    if (m_client->isActive() && m_client->isComplete() && !io->url().isEmpty())
        m_ns->open();
}

void QmlSocketIONamespace::detach()
{
    if (!m_ns)
        return;
    QPointer<Namespace> ns = m_ns;
    setNamespace(nullptr);
    if (ns && (!m_client || !m_client->isNamespaceShared(ns->name(), this)))
        ns->close();
}

void QmlSocketIONamespace::clientDestroyed()
{
    // The Namespace goes with its SocketIO.
    if (m_ns)
        disconnect(m_ns, nullptr, this, nullptr);
    m_ns = nullptr;
    m_outgoingListener = 0;
    m_client = nullptr;
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

// The one place that calls Namespace's emit API.
QJSValue QmlSocketIONamespace::emitArguments(const QString &event, const QJSValue &values, bool withPromise)
{
    QJSEngine *engine = qjsEngine(this);
    if (!engine)
        return QJSValue();
    QVariantList args;
    QJSValue callback;
    const int length = values.property(QStringLiteral("length")).toInt();
    args.reserve(length);
    for (int i = 0; i < length; ++i) {
        const QJSValue v = values.property(quint32(i));
        if (i == length - 1 && !withPromise && v.isCallable())
            callback = v;
        else
            args.append(fromJS(engine, v));
    }

    if (!withPromise) {
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

    const QJSValue d = deferred(engine);
    const QJSValue resolve = d.property(QStringLiteral("resolve"));
    const QJSValue reject = d.property(QStringLiteral("reject"));
    if (!m_ns) {
        call(reject, {engine->newErrorObject(QJSValue::GenericError,
                                             QStringLiteral("SocketIONamespace %1: no client, or not active").arg(m_name))},
             "emitWithAck");
        return d.property(QStringLiteral("promise"));
    }
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

} // namespace SocketIOQt
