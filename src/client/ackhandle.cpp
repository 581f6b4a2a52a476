#include "ackhandle.h"
#include "ackhandle_p.h"

#include "logging_p.h"
#include "namespace.h"
#include "namespace_p.h"

namespace SocketIOQt {

bool AckHandle::isAnswered() const
{
    return m_state && m_state->answered;
}

qint64 AckHandle::id() const
{
    return m_state ? m_state->id : -1;
}

bool AckHandle::send(const QVariantList &args) const
{
    if (!m_state) {
        qCWarning(lcClient) << "AckHandle::send: the server did not ask for an acknowledgement";
        return false;
    }
    if (m_state->answered) {
        qCWarning(lcClient) << "AckHandle::send: ack" << m_state->id << "was already answered";
        return false;
    }
    if (!m_state->nsp) {
        qCWarning(lcClient) << "AckHandle::send: the namespace no longer exists";
        return false;
    }
    m_state->answered = true;
    return m_state->nsp->d_func()->sendAck(*m_state, args);
}

} // namespace SocketIOQt
