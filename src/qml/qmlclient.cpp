#include "qmlclient_p.h"
#include "qmlnamespace_p.h"

#include <QtCore/qtimer.h>
#include <QtCore/qurlquery.h>

namespace SocketIOQt {

static_assert(int(QmlSocketIOClient::ReconnectFailedError) == int(SocketIO::ReconnectFailedError),
              "SocketIOClient.Error mirrors SocketIO::Error");
static_assert(int(QmlSocketIOClient::Disconnecting) == int(SocketIO::Disconnecting),
              "SocketIOClient.State mirrors SocketIO::State");

QmlSocketIOClient::QmlSocketIOClient(QObject *parent)
    : QObject(parent), m_io(new SocketIO(this))
{
    connect(m_io, &SocketIO::opened, this, &QmlSocketIOClient::opened);
    connect(m_io, &SocketIO::closed, this, &QmlSocketIOClient::closed);
    connect(m_io, &SocketIO::pingReceived, this, &QmlSocketIOClient::pingReceived);
    connect(m_io, &SocketIO::reconnectAttempt, this, &QmlSocketIOClient::reconnectAttempt);
    connect(m_io, &SocketIO::reconnected, this, &QmlSocketIOClient::reconnected);
    connect(m_io, &SocketIO::reconnectError, this, &QmlSocketIOClient::reconnectError);
    connect(m_io, &SocketIO::reconnectFailed, this, &QmlSocketIOClient::reconnectFailed);
    connect(m_io, &SocketIO::negotiatedProtocolChanged, this, &QmlSocketIOClient::negotiatedProtocolChanged);
    connect(m_io, &SocketIO::transportChanged, this, &QmlSocketIOClient::transportChanged);
    connect(m_io, &SocketIO::reconnectionChanged, this, &QmlSocketIOClient::reconnectionChanged);
    connect(m_io, &SocketIO::timeoutChanged, this, &QmlSocketIOClient::timeoutChanged);
    connect(m_io, &SocketIO::errorOccurred, this, &QmlSocketIOClient::errorChanged);
    connect(m_io, &SocketIO::stateChanged, this, [this] {
        const State s = state();
        const bool wasConnected = m_lastState == Connected;
        m_lastState = s;
        Q_EMIT stateChanged();
        if (wasConnected != (s == Connected))
            Q_EMIT connectedChanged();
    });
}

QmlSocketIOClient::~QmlSocketIOClient()
{
    for (const auto &ns : std::as_const(m_namespaces)) {
        if (ns)
            ns->clientDestroyed();
    }
}

QUrl QmlSocketIOClient::url() const { return m_io->url(); }
QString QmlSocketIOClient::path() const { return m_io->path(); }
QVariantMap QmlSocketIOClient::auth() const { return m_io->auth(); }
QStringList QmlSocketIOClient::transports() const { return m_io->transports(); }
QmlSocketIOClient::Protocol QmlSocketIOClient::protocol() const { return Protocol(m_io->protocol()); }
QmlSocketIOClient::Protocol QmlSocketIOClient::negotiatedProtocol() const { return Protocol(m_io->negotiatedProtocol()); }
QmlSocketIOClient::State QmlSocketIOClient::state() const { return State(m_io->state()); }
QString QmlSocketIOClient::engineId() const { return m_io->engineId(); }
QString QmlSocketIOClient::transport() const { return m_io->transport(); }
bool QmlSocketIOClient::reconnection() const { return m_io->reconnection(); }
void QmlSocketIOClient::setReconnection(bool enabled) { m_io->setReconnection(enabled); }
int QmlSocketIOClient::reconnectionAttempts() const { return m_io->reconnectionAttempts(); }
void QmlSocketIOClient::setReconnectionAttempts(int attempts) { m_io->setReconnectionAttempts(attempts); }
int QmlSocketIOClient::reconnectionDelay() const { return m_io->reconnectionDelay(); }
void QmlSocketIOClient::setReconnectionDelay(int ms) { m_io->setReconnectionDelay(ms); }
int QmlSocketIOClient::reconnectionDelayMax() const { return m_io->reconnectionDelayMax(); }
void QmlSocketIOClient::setReconnectionDelayMax(int ms) { m_io->setReconnectionDelayMax(ms); }
double QmlSocketIOClient::randomizationFactor() const { return m_io->randomizationFactor(); }
void QmlSocketIOClient::setRandomizationFactor(double factor) { m_io->setRandomizationFactor(factor); }
int QmlSocketIOClient::timeout() const { return m_io->timeout(); }
void QmlSocketIOClient::setTimeout(int ms) { m_io->setTimeout(ms); }
QmlSocketIOClient::Error QmlSocketIOClient::error() const { return Error(m_io->error()); }
QString QmlSocketIOClient::errorString() const { return m_io->errorString(); }

void QmlSocketIOClient::setUrl(const QUrl &url)
{
    if (m_io->url() == url)
        return;
    m_io->setUrl(url);
    Q_EMIT urlChanged();
    connectionSettingChanged();
}

void QmlSocketIOClient::setPath(const QString &path)
{
    if (m_io->path() == path)
        return;
    m_io->setPath(path);
    Q_EMIT pathChanged();
    connectionSettingChanged();
}

void QmlSocketIOClient::setQuery(const QVariantMap &query)
{
    if (m_query == query)
        return;
    m_query = query;
    QUrlQuery q;
    for (auto it = query.cbegin(); it != query.cend(); ++it)
        q.addQueryItem(it.key(), it.value().toString());
    m_io->setQuery(q);
    Q_EMIT queryChanged();
    connectionSettingChanged();
}

void QmlSocketIOClient::setExtraHeaders(const QVariantMap &headers)
{
    if (m_headers == headers)
        return;
    m_headers = headers;
    QHash<QByteArray, QByteArray> h;
    for (auto it = headers.cbegin(); it != headers.cend(); ++it)
        h.insert(it.key().toUtf8(), it.value().toString().toUtf8());
    m_io->setExtraHeaders(h);
    Q_EMIT extraHeadersChanged();
    connectionSettingChanged();
}

void QmlSocketIOClient::setAuth(const QVariantMap &auth)
{
    if (m_io->auth() == auth)
        return;
    m_io->setAuth(auth);
    Q_EMIT authChanged();
    connectionSettingChanged();
}

void QmlSocketIOClient::setTransports(const QStringList &transports)
{
    if (m_io->transports() == transports)
        return;
    m_io->setTransports(transports);
    Q_EMIT transportsChanged();
    connectionSettingChanged();
}

void QmlSocketIOClient::setProtocol(Protocol protocol)
{
    if (this->protocol() == protocol)
        return;
    m_io->setProtocol(SocketIO::ProtocolVersion(protocol));
    Q_EMIT protocolChanged();
    connectionSettingChanged();
}

void QmlSocketIOClient::setActive(bool active)
{
    if (m_active == active)
        return;
    m_active = active;
    Q_EMIT activeChanged();
    if (!m_complete)
        return;
    if (active)
        openNow();
    else
        m_io->close();
}

void QmlSocketIOClient::open() { setActive(true); }
void QmlSocketIOClient::close() { setActive(false); }

void QmlSocketIOClient::connectionSettingChanged()
{
    if (!m_complete || !m_active || m_restartPending)
        return;
    // Coalesce the changes of one binding update into one reconnection.
    m_restartPending = true;
    QTimer::singleShot(0, this, [this] {
        m_restartPending = false;
        if (!m_active)
            return;
        if (m_io->state() != SocketIO::Disconnected)
            m_io->close();
        openNow();
    });
}

void QmlSocketIOClient::openNow()
{
    if (m_io->url().isEmpty())
        return; // waits for a URL
    // The namespaces first, so that open() does not join "/" on its own.
    const auto list = m_namespaces;
    for (const auto &ns : list) {
        if (ns)
            ns->attach();
    }
    m_io->open();
}

QQmlListProperty<QObject> QmlSocketIOClient::data()
{
    return QQmlListProperty<QObject>(this, &m_data);
}

void QmlSocketIOClient::classBegin() {}

void QmlSocketIOClient::componentComplete()
{
    m_complete = true;
    if (m_active)
        openNow();
}

void QmlSocketIOClient::addNamespace(QmlSocketIONamespace *ns)
{
    if (!m_namespaces.contains(ns))
        m_namespaces.append(ns);
}

void QmlSocketIOClient::removeNamespace(QmlSocketIONamespace *ns)
{
    m_namespaces.removeAll(ns);
    m_namespaces.removeAll(nullptr);
}

bool QmlSocketIOClient::isNamespaceShared(const QString &name, const QmlSocketIONamespace *except) const
{
    for (const auto &ns : m_namespaces) {
        if (ns && ns != except && ns->attachedName() == name)
            return true;
    }
    return false;
}

} // namespace SocketIOQt
