#include "qmlclient_p.h"
#include "qmlnamespace_p.h"

#include <QtCore/qtimer.h>
#include <QtCore/qurlquery.h>

namespace SocketIOQt {

QmlSocketIOClient::QmlSocketIOClient(QObject *parent)
    : SocketIO(parent)
{
    // The connection settings, whoever changes them (QML or C++), reconnect.
    for (auto signal : {&SocketIO::urlChanged, &SocketIO::pathChanged, &SocketIO::authChanged,
                        &SocketIO::transportsChanged, &SocketIO::protocolChanged, &SocketIO::parserChanged})
        connect(this, signal, this, &QmlSocketIOClient::connectionSettingChanged);
    connect(this, &SocketIO::stateChanged, this, [this] {
        if (m_lastConnected != isConnected()) {
            m_lastConnected = isConnected();
            Q_EMIT connectedChanged();
        }
    });
}

QmlSocketIOClient::~QmlSocketIOClient()
{
    // ~SocketIO deletes the Namespace objects: the handles let go of them first.
    for (const auto &ns : std::as_const(m_namespaces)) {
        if (ns)
            ns->clientDestroyed();
    }
}

void QmlSocketIOClient::setQueryMap(const QVariantMap &query)
{
    if (m_query == query)
        return;
    m_query = query;
    QUrlQuery q;
    for (auto it = query.cbegin(); it != query.cend(); ++it)
        q.addQueryItem(it.key(), it.value().toString());
    setQuery(q);
    Q_EMIT queryChanged();
    connectionSettingChanged();
}

void QmlSocketIOClient::setExtraHeadersMap(const QVariantMap &headers)
{
    if (m_headers == headers)
        return;
    m_headers = headers;
    QHash<QByteArray, QByteArray> h;
    for (auto it = headers.cbegin(); it != headers.cend(); ++it)
        h.insert(it.key().toUtf8(), it.value().toString().toUtf8());
    setExtraHeaders(h);
    Q_EMIT extraHeadersChanged();
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
        SocketIO::close();
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
        if (state() != SocketIO::Disconnected)
            SocketIO::close();
        openNow();
    });
}

void QmlSocketIOClient::openNow()
{
    if (url().isEmpty())
        return; // waits for a URL
    // The namespaces first, so that open() does not join "/" on its own.
    const auto list = m_namespaces;
    for (const auto &ns : list) {
        if (ns)
            ns->attach();
    }
    SocketIO::open();
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
