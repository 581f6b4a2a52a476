#include "qmlevent_p.h"

#include "qmlnamespace_p.h"

namespace SocketIOQt {

QmlSocketIOEvent::QmlSocketIOEvent(QObject *parent)
    : QObject(parent)
{
}

QmlSocketIOEvent::~QmlSocketIOEvent()
{
    if (m_socket)
        m_socket->removeHandler(this);
}

void QmlSocketIOEvent::setSocket(QmlSocketIONamespace *socket)
{
    m_socketSet = true;
    if (m_socket == socket)
        return;
    if (m_socket)
        m_socket->removeHandler(this);
    m_socket = socket;
    if (m_socket)
        m_socket->addHandler(this);
    Q_EMIT socketChanged();
}

void QmlSocketIOEvent::setEvent(const QString &event)
{
    if (m_event == event)
        return;
    m_event = event;
    Q_EMIT eventChanged();
}

void QmlSocketIOEvent::setEnabled(bool enabled)
{
    if (m_enabled == enabled)
        return;
    m_enabled = enabled;
    Q_EMIT enabledChanged();
}

void QmlSocketIOEvent::classBegin() {}

void QmlSocketIOEvent::componentComplete()
{
    if (m_socketSet)
        return;
    if (auto *ns = qobject_cast<QmlSocketIONamespace *>(parent())) {
        m_socket = ns;
        ns->addHandler(this);
        Q_EMIT socketChanged();
    }
}

void QmlSocketIOEvent::deliver(const QJSValue &args, const QJSValue &ack)
{
    m_args = args;
    ++m_count;
    QPointer<QmlSocketIOEvent> guard(this);
    Q_EMIT argsChanged();
    if (guard)
        Q_EMIT countChanged();
    if (guard)
        Q_EMIT received(args, ack);
}

} // namespace SocketIOQt
