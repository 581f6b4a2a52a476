#ifndef SOCKETIOQT_HTTPCONNECTION_P_H
#define SOCKETIOQT_HTTPCONNECTION_P_H

#include "httprequest_p.h"

#include <QtCore/qlist.h>
#include <QtCore/qobject.h>
#include <QtCore/qpair.h>

QT_BEGIN_NAMESPACE
class QTcpSocket;
QT_END_NAMESPACE

namespace SocketIOQt {
namespace Test {

// One keep-alive HTTP/1.1 connection of TestServer: reads one request at a time (head bounded
// by maxHeadSize, answered 431; body bounded by maxBodySize, answered 413), holds it until
// respond() (a long-polling GET may wait), then reads the next. A WebSocket upgrade leaves the
// connection untouched and hands its socket over: QWebSocketServer reads the handshake itself.
class HttpConnection : public QObject
{
    Q_OBJECT
public:
    HttpConnection(QTcpSocket *socket, qsizetype maxHeadSize, qint64 maxBodySize, QObject *parent);

    const HttpRequestHead &request() const { return m_head; }
    bool isWaiting() const { return m_state == Waiting; }
    void respond(int status, const QByteArray &contentType, const QByteArray &body,
                 const QList<QPair<QByteArray, QByteArray>> &extraHeaders = {});
    // Ends the connection after what was written (a transport close as a client sees it).
    void closeGracefully();

Q_SIGNALS:
    void requestReceived(SocketIOQt::Test::HttpConnection *connection, const QByteArray &body);
    void webSocketRequested(QTcpSocket *socket);
    void rejected(int status, const QString &why);
    // The peer went away while its request was waiting for an answer.
    void droppedWhileWaiting(SocketIOQt::Test::HttpConnection *connection);

private:
    enum State { Head, Body, Waiting, Done };
    void readMore();
    void reject(int status, const QString &why);

    QTcpSocket *m_socket;
    qsizetype m_maxHeadSize;
    qint64 m_maxBodySize;
    State m_state = Head;
    HttpRequestHead m_head;
    QByteArray m_body;
};

} // namespace Test
} // namespace SocketIOQt

#endif // SOCKETIOQT_HTTPCONNECTION_P_H
