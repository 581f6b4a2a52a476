#ifndef PROXYWEBSOCKETRELAY_H
#define PROXYWEBSOCKETRELAY_H

#include "engineiocodec.h"
#include <SocketIOQt/socketio.h>

#include <QtCore/qlist.h>
#include <QtCore/qobject.h>

class CaptureProxy;
class QWebSocket;

// One WebSocket connection through the CaptureProxy: the client's socket, the
// one to the target, and the frames between them, each decoded as one
// Engine.IO packet into the capture. Frames from the client wait while the
// target's socket is still connecting. Either side closing closes the other.
class ProxyWebSocketRelay : public QObject
{
    Q_OBJECT
public:
    ProxyWebSocketRelay(CaptureProxy *proxy, QWebSocket *client, QObject *parent = nullptr);
    ~ProxyWebSocketRelay() override;

Q_SIGNALS:
    void finished();

private:
    void capture(SocketIOQt::SocketIO::Direction direction, const QByteArray &frame, bool binary);
    void fromClient(const QByteArray &frame, bool binary);
    void fromServer(const QByteArray &frame, bool binary);
    void finish();

    CaptureProxy *const m_proxy;
    QWebSocket *const m_client;
    QWebSocket *const m_server;
    SocketIOQt::EngineIOCodec::Version m_version = SocketIOQt::EngineIOCodec::V4;
    int m_stream = -1;
    QList<QPair<QByteArray, bool>> m_queued; // client frames before the target is connected
    bool m_finished = false;
};

#endif // PROXYWEBSOCKETRELAY_H
