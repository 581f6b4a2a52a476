#ifndef CAPTUREPROXY_H
#define CAPTUREPROXY_H

#include <QtCore/qhash.h>
#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>
#include <QtCore/qurl.h>
#include <QtNetwork/qhostaddress.h>
#include <QtNetwork/qsslconfiguration.h>

class CaptureSession;
class CertificateAuthority;
class QNetworkAccessManager;
class QSslSocket;
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
// TLS: the same port takes TLS clients too (their first byte says so). With
// a certificate authority set, the proxy answers each with a certificate for
// the host it asks for (SNI; the address it connected to when it names none),
// issued on the fly, and decodes what it then reads like plain traffic. An
// https or wss target is reached with full verification, against the system's
// CAs plus those of setUpstreamCaCertificates().
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

    // Who signs the certificates shown to TLS clients; none: TLS clients are turned away.
    CertificateAuthority *certificateAuthority() const { return m_authority; }
    void setCertificateAuthority(CertificateAuthority *authority);
    // CAs trusted for an https/wss target, on top of the system's (like socketio-cli --ca).
    void setUpstreamCaCertificates(const QList<QSslCertificate> &certificates);
    QSslConfiguration upstreamSslConfiguration() const { return m_upstreamSsl; }

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
    bool startTls(QSslSocket *socket, const QByteArray &start);
    void track(QObject *relay);

    CaptureSession *const m_session;
    QTcpServer *m_server = nullptr;
    QWebSocketServer *m_webSockets = nullptr;
    QNetworkAccessManager *m_network = nullptr;
    QUrl m_target;
    CertificateAuthority *m_authority = nullptr;
    QSslConfiguration m_upstreamSsl = QSslConfiguration::defaultConfiguration();
    QString m_error;
    QHash<QString, int> m_streams; // sid -> stream
    int m_connections = 0;
};

#endif // CAPTUREPROXY_H
