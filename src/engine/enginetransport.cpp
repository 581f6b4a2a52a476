#include "enginetransport.h"

namespace SocketIOQt {

EngineTransport::EngineTransport(const EngineTransportOptions &options, QObject *parent)
    : QObject(parent), m_options(options)
{
}

void EngineTransport::reportOpened()
{
    if (m_listener)
        m_listener->transportOpened(this);
}

void EngineTransport::reportPacket(const EngineIOPacket &packet)
{
    if (m_listener)
        m_listener->transportPacket(this, packet);
}

void EngineTransport::reportClosed(Error error, const QString &description)
{
    if (m_listener)
        m_listener->transportClosed(this, error, description);
}

void EngineTransport::reportSslErrors(const QList<QSslError> &errors)
{
    if (m_listener)
        m_listener->transportSslErrors(this, errors);
}

} // namespace SocketIOQt
