#ifndef CAPTUREPROXY_H
#define CAPTUREPROXY_H

#include <QtCore/qhash.h>
#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>
#include <QtCore/qurl.h>
#include <QtNetwork/qhostaddress.h>

class CaptureSession;
class QNetworkAccessManager;
class QTcpServer;
class QTcpSocket;
class QWebSocketServer;

// A capturing reverse proxy: another application connects to it instead of
// its Socket.IO server, and it forwards everything to the target while
// decoding both directions into a CaptureSession, one stream per Engine.IO
// session. WebSocket connections are relayed frame by frame (a
// QWebSocketServer facing the client, a QWebSocket facing the server); HTTP
// long-polling requests are forwarded with QNetworkAccessManager and their
// payloads decoded. Both Engine.IO generations are read (EIO=3 or 4 in the
// request's query).
//
// It listens on the loopback interface unless told otherwise: it forwards
// whatever reaches it, so exposing it is a decision for the user.
class CaptureProxy : public QObject
{
    Q_OBJECT
public:
    explicit CaptureProxy(CaptureSession *session, QObject *parent = nullptr);
    ~CaptureProxy() override;

    QUrl target() const { return m_target; }
    void setTarget(const QUrl &target); // http(s):// or ws(s)://host:port

    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    void close();
    bool isListening() const;
    QHostAddress serverAddress() const;
    quint16 serverPort() const;
    QString errorString() const { return m_error; }
    int connectionCount() const { return m_connections; }

    CaptureSession *session() const { return m_session; }

    // Used by the relays: the stream of an Engine.IO session, by sid (a new
    // one for a session not seen before or an empty sid).
    int streamForSid(const QString &sid);
    void bindSid(int stream, const QString &sid);
    QUrl upstreamUrl(const QUrl &requestUrl, bool webSocket) const;
    QNetworkAccessManager *network();

Q_SIGNALS:
    void connectionCountChanged(int count);
    void errorOccurred(const QString &message);

private:
    void onNewConnection();
    void dispatch(QTcpSocket *socket);
    void track(QObject *relay);

    CaptureSession *const m_session;
    QTcpServer *m_server = nullptr;
    QWebSocketServer *m_webSockets = nullptr;
    QNetworkAccessManager *m_network = nullptr;
    QUrl m_target;
    QString m_error;
    QHash<QString, int> m_streams; // sid -> stream
    int m_connections = 0;
};

#endif // CAPTUREPROXY_H
