#include "logging_p.h"

namespace SocketIOQt {

Q_LOGGING_CATEGORY(lcEngine, "socketio.engine", QtWarningMsg)
Q_LOGGING_CATEGORY(lcTransport, "socketio.transport", QtWarningMsg)
Q_LOGGING_CATEGORY(lcClient, "socketio.client", QtInfoMsg)
Q_LOGGING_CATEGORY(lcPackets, "socketio.packets", QtWarningMsg)

} // namespace SocketIOQt
