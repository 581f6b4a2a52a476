#ifndef SOCKETIOQT_WEBSOCKETTRANSPORT_H
#define SOCKETIOQT_WEBSOCKETTRANSPORT_H

#include "enginetransport.h"

#include <QtCore/qpointer.h>

#include <functional>

class QWebSocket;

namespace SocketIOQt {

// Engine.IO over one QWebSocket: one packet per frame.
class WebSocketTransport : public EngineTransport
{
    Q_OBJECT
public:
    explicit WebSocketTransport(const EngineTransportOptions &options, QObject *parent = nullptr);
    ~WebSocketTransport() override;

    QString name() const override { return QStringLiteral("websocket"); }
    void open() override;
    void send(const QList<EngineIOPacket> &packets) override;
    void close() override;
    void abort() override;
    qint64 bytesToWrite() const override;

private:
    void onFrame(const QByteArray &frame, bool binary);
    void dispatch(std::function<void()> action, bool defer);
    void runDeferred();
    void fail(Error error, const QString &description);
    void failInOrder(Error error, const QString &description); // after what came before

    QWebSocket *m_socket = nullptr;
    QList<std::function<void()>> m_deferred; // in the order the socket reported them
    bool m_connected = false;
    bool m_done = false;
    bool m_flushing = false; // in send(): what the socket reports waits for the event loop
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_WEBSOCKETTRANSPORT_H
