#include "enginetransport.h"

namespace SocketIOQt {

EngineTransport::EngineTransport(const EngineTransportOptions &options, QObject *parent)
    : QObject(parent), m_options(options)
{
}

} // namespace SocketIOQt
