#ifndef SOCKETIOQT_TESTKITLOGGING_P_H
#define SOCKETIOQT_TESTKITLOGGING_P_H

#include <QtCore/qloggingcategory.h>

namespace SocketIOQt {
namespace Test {

// socketio.testserver: sessions, rejected requests, protocol errors of clients.
Q_DECLARE_LOGGING_CATEGORY(lcTestServer)

} // namespace Test
} // namespace SocketIOQt

#endif // SOCKETIOQT_TESTKITLOGGING_P_H
