#ifndef SOCKETIO_H
#define SOCKETIO_H

#include "engineiopacket.h"
#include "namespace.h"
#include "socketiodecoder.h"

#include <QtCore/qhash.h>
#include <QtCore/qobject.h>
#include <QtCore/qurl.h>
#include <QtCore/qurlquery.h>
#include <QtNetwork/qnetworkproxy.h>
#include <QtNetwork/qsslconfiguration.h>
#include <QtNetwork/qsslerror.h>

#include <memory>

class QNetworkAccessManager;
class SocketIOPrivate;

// One connection to a Socket.IO server (the JavaScript client's Manager):
// the Engine.IO session, its transport, reconnection and the namespaces
// multiplexed over it. Options use the JavaScript client's names and defaults.
//
//     SocketIO io(QUrl("http://localhost:3000"));
//     Namespace *chat = io.socket("/chat");
//     chat->on("message", [](const QVariantList &args) { qDebug() << args; });
//     io.open();
class SOCKETIOQT_EXPORT SocketIO : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QUrl url READ url WRITE setUrl NOTIFY urlChanged)
    Q_PROPERTY(QString path READ path WRITE setPath NOTIFY pathChanged)
    Q_PROPERTY(QVariantMap auth READ auth WRITE setAuth NOTIFY authChanged)
    Q_PROPERTY(QStringList transports READ transports WRITE setTransports NOTIFY transportsChanged)
    Q_PROPERTY(bool upgrade READ upgrade WRITE setUpgrade NOTIFY transportsChanged)
    Q_PROPERTY(bool rememberUpgrade READ rememberUpgrade WRITE setRememberUpgrade NOTIFY transportsChanged)
    Q_PROPERTY(bool forceBase64 READ forceBase64 WRITE setForceBase64 NOTIFY transportsChanged)
    Q_PROPERTY(ProtocolVersion protocol READ protocol WRITE setProtocol NOTIFY protocolChanged)
    Q_PROPERTY(ProtocolVersion negotiatedProtocol READ negotiatedProtocol NOTIFY negotiatedProtocolChanged)
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    Q_PROPERTY(QString engineId READ engineId NOTIFY stateChanged)
    Q_PROPERTY(QString transport READ transport NOTIFY transportChanged)
    Q_PROPERTY(bool reconnection READ reconnection WRITE setReconnection NOTIFY reconnectionChanged)
    Q_PROPERTY(int reconnectionAttempts READ reconnectionAttempts WRITE setReconnectionAttempts NOTIFY reconnectionChanged)
    Q_PROPERTY(int reconnectionDelay READ reconnectionDelay WRITE setReconnectionDelay NOTIFY reconnectionChanged)
    Q_PROPERTY(int reconnectionDelayMax READ reconnectionDelayMax WRITE setReconnectionDelayMax NOTIFY reconnectionChanged)
    Q_PROPERTY(double randomizationFactor READ randomizationFactor WRITE setRandomizationFactor NOTIFY reconnectionChanged)
    Q_PROPERTY(int timeout READ timeout WRITE setTimeout NOTIFY timeoutChanged)
    Q_PROPERTY(int sendBufferLimit READ sendBufferLimit WRITE setSendBufferLimit NOTIFY sendBufferLimitChanged)
    Q_PROPERTY(bool traceSecrets READ traceSecrets WRITE setTraceSecrets NOTIFY traceSecretsChanged)
    Q_PROPERTY(Error error READ error NOTIFY errorOccurred)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorOccurred)

public:
    enum State { Disconnected, Connecting, Connected, Disconnecting };
    Q_ENUM(State)

    // Socket.IO protocol revision. Auto finds the server's generation.
    enum ProtocolVersion { Auto = 0, Revision3 = 3, Revision4 = 4, Revision5 = 5 };
    Q_ENUM(ProtocolVersion)

    enum Error {
        NoError,
        InvalidUrlError,     // not an http(s) or ws(s) URL
        InvalidOptionError,  // an option has a value or combination that cannot work
        ConnectionError,     // the transport could not connect or failed
        HandshakeError,      // the server refused or garbled the Engine.IO handshake
        TimeoutError,        // no handshake within `timeout`
        PingTimeoutError,    // the server fell silent
        ProtocolError,       // a malformed packet from the server ("parse error")
        SslError,
        ReconnectFailedError // reconnectionAttempts exhausted
    };
    Q_ENUM(Error)

    enum class Direction { Incoming, Outgoing };
    Q_ENUM(Direction)

    explicit SocketIO(QObject *parent = nullptr);
    explicit SocketIO(const QUrl &url, QObject *parent = nullptr);
    ~SocketIO() override;

    // The namespace with this name, created on first use and owned by this
    // object. Without a name: the URL's path, or "/" (as io(url) does).
    Namespace *socket(const QString &name = {});
    QList<Namespace *> namespaces() const;

    QUrl url() const;
    void setUrl(const QUrl &url);
    QString path() const;                 // default "/socket.io"
    void setPath(const QString &path);
    QUrlQuery query() const;              // added to every request
    void setQuery(const QUrlQuery &query);
    QHash<QByteArray, QByteArray> extraHeaders() const; // sent with every request
    void setExtraHeaders(const QHash<QByteArray, QByteArray> &headers);
    QVariantMap auth() const;             // default auth of namespaces without their own
    void setAuth(const QVariantMap &auth);
    QStringList transports() const;       // default {"polling", "websocket"}, in order of preference
    void setTransports(const QStringList &transports);
    bool upgrade() const;                 // default true: from polling to websocket when offered
    void setUpgrade(bool upgrade);
    bool rememberUpgrade() const;         // default false: start on websocket after a successful upgrade
    void setRememberUpgrade(bool remember);
    bool forceBase64() const;             // default false: Engine.IO 3 polling sends binary as base64 (b64=1)
    void setForceBase64(bool force);
    ProtocolVersion protocol() const;     // default Revision5
    void setProtocol(ProtocolVersion protocol);
    // Carries the polling requests, with its cookie jar (sticky sessions) and
    // proxy; cookies also travel with the WebSocket handshake. Not owned; by
    // default the SocketIO makes its own.
    QNetworkAccessManager *networkAccessManager() const;
    void setNetworkAccessManager(QNetworkAccessManager *manager);
    ProtocolVersion negotiatedProtocol() const;
    // TLS for https/wss: certificates are verified by default. A custom CA,
    // a client certificate, or (explicitly) QSslSocket::VerifyNone go here.
    QSslConfiguration sslConfiguration() const;
    void setSslConfiguration(const QSslConfiguration &configuration);
    // Errors to tolerate on every later TLS handshake (as QSslSocket::ignoreSslErrors).
    void ignoreSslErrors(const QList<QSslError> &errors);
    QNetworkProxy proxy() const;          // default: the application proxy
    void setProxy(const QNetworkProxy &proxy);
    // Bounds on what the server may send: attachments, nesting depth, packet size.
    SocketIODecoder::Limits decoderLimits() const;
    void setDecoderLimits(const SocketIODecoder::Limits &limits);
    // Whether packetTraced() and the socketio.packets log show credentials
    // (CONNECT payloads and queries) as they are. Default false: masked.
    bool traceSecrets() const;
    void setTraceSecrets(bool show);

    bool reconnection() const;            // default true
    void setReconnection(bool enabled);
    int reconnectionAttempts() const;     // default -1: infinite
    void setReconnectionAttempts(int attempts);
    int reconnectionDelay() const;        // ms, default 1000
    void setReconnectionDelay(int ms);
    int reconnectionDelayMax() const;     // ms, default 5000
    void setReconnectionDelayMax(int ms);
    double randomizationFactor() const;   // default 0.5
    void setRandomizationFactor(double factor);
    int timeout() const;                  // connection timeout in ms, default 20000
    void setTimeout(int ms);
    int sendBufferLimit() const;          // packets kept while offline, default 10000
    void setSendBufferLimit(int packets);

    State state() const;
    QString engineId() const;             // the Engine.IO session id
    QString transport() const;            // "websocket" or "polling" while connected
    Error error() const;
    QString errorString() const;

public Q_SLOTS:
    void open();  // connects, then joins every active namespace
    void close(); // leaves every namespace and closes the connection

Q_SIGNALS:
    void opened();                          // the Engine.IO session is open ("open")
    void closed(const QString &reason);     // it closed ("close"), with a disconnect reason
    void pingReceived();                    // a heartbeat ("ping")
    void reconnectAttempt(int attempt);
    void reconnected(int attempt);
    void reconnectError(const QString &message);
    void reconnectFailed();
    void upgraded();                        // the transport is now websocket
    void upgradeFailed(const QString &message);
    void sendBufferOverflow(const QString &nsp, const QString &event); // an emit was refused: buffer full
    void packetTraced(SocketIO::Direction direction, const EngineIOPacket &packet,
                      const QString &transport);
    void sslErrors(const QList<QSslError> &errors); // from every TLS handshake that found some

    void stateChanged(SocketIO::State state);
    void errorOccurred(SocketIO::Error error);
    void urlChanged();
    void pathChanged();
    void authChanged();
    void transportsChanged();
    void protocolChanged();
    void negotiatedProtocolChanged();
    void transportChanged();
    void reconnectionChanged();
    void timeoutChanged();
    void sendBufferLimitChanged();
    void traceSecretsChanged();

protected:
    void connectNotify(const QMetaMethod &signal) override;

private:
    friend class Namespace;
    friend class NamespacePrivate;
    Q_DECLARE_PRIVATE(SocketIO)
    std::unique_ptr<SocketIOPrivate> const d_ptr;
};

#endif // SOCKETIO_H
