#ifndef FAKESERVER_H
#define FAKESERVER_H

#include <QtCore/qobject.h>
#include <QtCore/qurl.h>
#include <QtWebSockets/qwebsocket.h>
#include <QtWebSockets/qwebsocketserver.h>

#include <functional>

// An in-process Engine.IO 4 WebSocket endpoint for the faults a real
// socket.io server does not produce: garbled frames, broken handshakes, a
// server that stops answering. It speaks just enough of the protocol: the open
// packet (unless told otherwise) and an answer to each namespace CONNECT.
class FakeServer : public QObject
{
    Q_OBJECT
public:
    explicit FakeServer(QObject *parent = nullptr);

    bool listen();
    QUrl url() const;

    QByteArray openPacket = R"(0{"sid":"fake-sid","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})";
    bool answerConnect = true; // reply 40{"sid":...} to each CONNECT

    // Called with each text frame the client sends.
    std::function<void(QWebSocket *client, const QString &frame)> onText;

    QWebSocket *client() const { return m_client; }
    QStringList received;

Q_SIGNALS:
    void clientConnected();
    void textReceived(const QString &frame);

private:
    QWebSocketServer m_server;
    QWebSocket *m_client = nullptr;
};

#endif // FAKESERVER_H
