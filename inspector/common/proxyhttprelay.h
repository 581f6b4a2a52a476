#ifndef PROXYHTTPRELAY_H
#define PROXYHTTPRELAY_H

#include "engineiocodec.h"
#include <SocketIOQt/socketio.h>

#include <QtCore/qlist.h>
#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>

class CaptureProxy;
class QNetworkReply;
class QTcpSocket;

// One HTTP connection through the CaptureProxy, carrying Engine.IO
// long-polling requests (one at a time, keep-alive honoured): each request is
// forwarded to the target with QNetworkAccessManager and its answer written
// back; the payloads of POST requests (client to server) and of GET answers
// (server to client) are decoded into the capture.
class ProxyHttpRelay : public QObject
{
    Q_OBJECT
public:
    ProxyHttpRelay(CaptureProxy *proxy, QTcpSocket *client, QObject *parent = nullptr);
    ~ProxyHttpRelay() override;

Q_SIGNALS:
    void finished();

private:
    struct Request {
        QByteArray method;
        QByteArray target; // path and query
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;
        bool keepAlive = true;
    };

    void onReadyRead();
    bool parseRequest(Request *request); // false: incomplete so far
    void forward(const Request &request);
    void onReply(QNetworkReply *reply, const Request &request);
    void capturePayload(SocketIOQt::SocketIO::Direction direction, const QByteArray &body, bool binaryBody,
                        const QUrl &url, const QString &sid);
    void respond(int status, const QByteArray &reason, const QList<QPair<QByteArray, QByteArray>> &headers,
                 const QByteArray &body, bool keepAlive);
    void finish();

    CaptureProxy *const m_proxy;
    QTcpSocket *const m_client;
    QByteArray m_buffer;
    QPointer<QNetworkReply> m_reply;
    bool m_finished = false;
};

#endif // PROXYHTTPRELAY_H
