#include "enginetransport.h"

EngineTransport::EngineTransport(const EngineTransportOptions &options, QObject *parent)
    : QObject(parent), m_options(options)
{
}
