#ifndef SOCKETIOQT_LOGGING_P_H
#define SOCKETIOQT_LOGGING_P_H

#include <QtCore/qloggingcategory.h>

namespace SocketIOQt {

// One category per layer; all are quiet below warnings unless enabled, e.g.
// QT_LOGGING_RULES="socketio.*.debug=true" or "socketio.packets.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcEngine)    // socketio.engine: handshake, heartbeat, upgrade
Q_DECLARE_LOGGING_CATEGORY(lcTransport) // socketio.transport: WebSocket and polling I/O
Q_DECLARE_LOGGING_CATEGORY(lcClient)    // socketio.client: connection, namespaces, reconnection
Q_DECLARE_LOGGING_CATEGORY(lcPackets)   // socketio.packets: every packet in and out

} // namespace SocketIOQt

#endif // SOCKETIOQT_LOGGING_P_H
