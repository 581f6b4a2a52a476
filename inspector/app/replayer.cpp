#include "replayer.h"

#include "liveconnection.h"

using namespace Qt::StringLiterals;

Replayer::Replayer(LiveConnection *connection, const ReplayScript &script, bool keepTiming, QObject *parent)
    : QObject(parent), m_connection(connection), m_script(script), m_keepTiming(keepTiming)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &Replayer::sendDue);
    m_joinTimeout.setSingleShot(true);
    m_joinTimeout.setInterval(10000);
    connect(&m_joinTimeout, &QTimer::timeout, this, [this] {
        if (!m_sending) {
            Q_EMIT m_connection->message(u"Replay: not every namespace joined in time; sending anyway"_s);
            m_sending = true;
            m_clock.start();
            sendDue();
        }
    });
}

void Replayer::start()
{
    for (const QString &nsp : m_script.namespaces) {
        const auto status = m_connection->namespaceStatus(nsp);
        if (status.state == LiveConnection::NamespaceState::Idle
                || status.state == LiveConnection::NamespaceState::Disconnected) {
            const bool hasAuth = m_script.auth.contains(nsp);
            m_connection->joinNamespace(nsp, m_script.auth.value(nsp), hasAuth);
        }
    }
    connect(m_connection, &LiveConnection::namespaceStatusChanged, this, &Replayer::checkJoined);
    m_joinTimeout.start();
    checkJoined();
}

void Replayer::checkJoined()
{
    if (m_sending)
        return;
    for (const QString &nsp : m_script.namespaces) {
        const auto state = m_connection->namespaceStatus(nsp).state;
        if (state != LiveConnection::NamespaceState::Connected && state != LiveConnection::NamespaceState::Refused)
            return;
    }
    m_sending = true;
    m_joinTimeout.stop();
    m_clock.start();
    QTimer::singleShot(0, this, &Replayer::sendDue);
}

void Replayer::sendDue()
{
    while (m_next < m_script.emits.size()) {
        const ReplayScript::Emit &e = m_script.emits[m_next];
        if (m_keepTiming && e.offsetMs > m_clock.elapsed()) {
            m_timer.start(int(e.offsetMs - m_clock.elapsed()));
            return;
        }
        m_connection->emitEvent(e.nsp, e.event, e.args, e.ack, m_connection->settings().ackTimeoutMs);
        ++m_next;
        Q_EMIT progress(m_next, total());
    }
    if (!m_finished) {
        m_finished = true;
        Q_EMIT m_connection->message(u"Replayed %1 emits"_s.arg(total()));
        Q_EMIT finished();
    }
}
