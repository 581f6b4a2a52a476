#ifndef SOCKETIOQT_WEBSOCKETCOMPAT_P_H
#define SOCKETIOQT_WEBSOCKETCOMPAT_P_H

#include <QtCore/qglobal.h>
#include <QtWebSockets/qwebsocket.h>

namespace SocketIOQt {

// Qt 6.5 renamed the signal QWebSocket::error() to errorOccurred() and deprecated the old name.
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
inline constexpr auto webSocketError = &QWebSocket::errorOccurred;
#else
inline constexpr auto webSocketError = QOverload<QAbstractSocket::SocketError>::of(&QWebSocket::error);
#endif

} // namespace SocketIOQt

#endif // SOCKETIOQT_WEBSOCKETCOMPAT_P_H
