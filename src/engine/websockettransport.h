#ifndef SOCKETIOQT_WEBSOCKETTRANSPORT_H
#define SOCKETIOQT_WEBSOCKETTRANSPORT_H

#include "enginetransport.h"

#include <QtCore/qpointer.h>

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
    void fail(Error error, const QString &description);

    QWebSocket *m_socket = nullptr;
    bool m_connected = false;
    bool m_done = false;
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_WEBSOCKETTRANSPORT_H
