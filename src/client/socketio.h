#ifndef SOCKETIOQT_SOCKETIO_H
#define SOCKETIOQT_SOCKETIO_H

#include <SocketIOQt/engineiopacket.h>
#include <SocketIOQt/namespace.h>
#include <SocketIOQt/socketiolimits.h>
#include <SocketIOQt/socketioparser.h>

#include <QtCore/qhash.h>
#include <QtCore/qobject.h>
#include <QtCore/qurl.h>
#include <QtCore/qurlquery.h>
#include <QtNetwork/qnetworkproxy.h>
#include <QtNetwork/qsslconfiguration.h>
#include <QtNetwork/qsslerror.h>

#include <memory>

class QNetworkAccessManager;

namespace SocketIOQt {

class SocketIOPrivate;

/// One connection to a Socket.IO server (the JavaScript client's Manager):
/// the Engine.IO session, its transport, reconnection and the namespaces
/// multiplexed over it. Options use the JavaScript client's names and defaults.
///
///     SocketIO io(QUrl("http://localhost:3000"));
///     Namespace *chat = io.socket("/chat");
///     chat->on("message", [](const QVariantList &args) { qDebug() << args; });
///     io.open();
///
/// Threading: the connection, its namespaces and replies live in the thread of the SocketIO and
/// call every signal, listener and callback there. Use them from that thread only; move the
/// SocketIO with moveToThread() only while it is disconnected.
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
    Q_PROPERTY(QString parser READ parserName WRITE setParserName NOTIFY parserChanged)
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
    /// The connection state, as SocketIO::state() reports it.
    enum State { Disconnected, Connecting, Connected, Disconnecting };
    Q_ENUM(State)

    /// The Socket.IO protocol revision to speak (protocol()), or the one found (negotiatedProtocol()).
    enum ProtocolVersion {
        Auto = 0,      ///< find the server's generation: revision 5, else 4 (the default)
        Revision3 = 3, ///< socket.io 1.x servers, over Engine.IO 3
        Revision4 = 4, ///< socket.io 2.x servers, over Engine.IO 3
        Revision5 = 5  ///< socket.io 3.x and 4.x servers, over Engine.IO 4
    };
    Q_ENUM(ProtocolVersion)

    /// What went wrong (error(), errorOccurred()).
    enum Error {
        NoError,
        InvalidUrlError,     ///< not an http(s) or ws(s) URL
        InvalidOptionError,  ///< an option has a value or combination that cannot work
        ConnectionError,     ///< the transport could not connect or failed
        HandshakeError,      ///< the server refused or garbled the Engine.IO handshake
        TimeoutError,        ///< no handshake within `timeout`
        PingTimeoutError,    ///< the server fell silent
        ProtocolError,       ///< a malformed packet from the server ("parse error")
        SslError,
        ReconnectFailedError ///< reconnectionAttempts exhausted
    };
    Q_ENUM(Error)

    /// Which way a traced packet went (packetTraced()).
    enum class Direction { Incoming, Outgoing };
    Q_ENUM(Direction)

    /// A connection without a URL yet: set it with setUrl() before open().
    explicit SocketIO(QObject *parent = nullptr);
    /// A connection to \a url (http, https, ws or wss; its path, if any, names the default namespace). Nothing happens before open().
    explicit SocketIO(const QUrl &url, QObject *parent = nullptr);
    /// Closes the connection; the namespaces go with it.
    ~SocketIO() override;

    /// The namespace with this name, created on first use and owned by this
    /// object. Without a name: the URL's path, or "/" (as io(url) does).
    /// A new namespace joins by itself (the JavaScript client's autoConnect); on an open
    /// connection its CONNECT leaves from the event loop, so settings made right after this
    /// call (Namespace::setAuth(), listeners) apply to it.
    Namespace *socket(const QString &name = {});
    /// As socket(name), with the namespace's own credentials \a auth (Namespace::setAuth()),
    /// sent with its CONNECT. An existing namespace takes them for its next CONNECT.
    Namespace *socket(const QString &name, const QVariantMap &auth);
    /// The namespaces created with socket(), joined or not.
    QList<Namespace *> namespaces() const;

    /// The server's URL.
    QUrl url() const;
    /// Sets the server's URL; used by the next open().
    void setUrl(const QUrl &url);
    /// The Engine.IO path on the server.
    QString path() const;                 ///< default "/socket.io"
    /// Sets the Engine.IO path (the JavaScript client's `path` option).
    void setPath(const QString &path);
    /// Query parameters of every HTTP request and of the WebSocket handshake.
    QUrlQuery query() const;              ///< added to every request
    /// Sets the query parameters (the JavaScript client's `query` option).
    void setQuery(const QUrlQuery &query);
    /// HTTP headers of every request.
    QHash<QByteArray, QByteArray> extraHeaders() const; ///< sent with every request
    /// Sets the extra HTTP headers (the JavaScript client's `extraHeaders` option).
    void setExtraHeaders(const QHash<QByteArray, QByteArray> &headers);
    /// Credentials of the namespaces that have none of their own (Namespace::setAuth()).
    QVariantMap auth() const;             ///< default auth of namespaces without their own
    /// Sets the default credentials, sent with the next CONNECT of each namespace.
    void setAuth(const QVariantMap &auth);
    /// The transports to use: "polling", "websocket".
    QStringList transports() const;       ///< default {"polling", "websocket"}, in order of preference
    /// Sets the transports (the JavaScript client's `transports` option).
    void setTransports(const QStringList &transports);
    /// Whether to upgrade from polling to WebSocket.
    bool upgrade() const;                 ///< default true: from polling to websocket when offered
    /// Sets whether to upgrade from polling to WebSocket.
    void setUpgrade(bool upgrade);
    /// Whether to start on WebSocket once an upgrade worked.
    bool rememberUpgrade() const;         ///< default false: start on websocket after a successful upgrade
    /// Sets whether to start on WebSocket once an upgrade worked.
    void setRememberUpgrade(bool remember);
    /// Whether Engine.IO 3 polling asks for base64 binary.
    bool forceBase64() const;             ///< default false: Engine.IO 3 polling sends binary as base64 (b64=1)
    /// Sets whether Engine.IO 3 polling asks for base64 binary.
    void setForceBase64(bool force);
    /// The Socket.IO revision to speak; Auto detects the server's.
    ProtocolVersion protocol() const;     ///< default Revision5
    /// Sets the revision to speak: Revision3 (socket.io 1.0.x), Revision4 (1.x, 2.x), Revision5 (3.x, 4.x) or Auto.
    void setProtocol(ProtocolVersion protocol);
    /// How packets travel (the JavaScript client's `parser` option); it must be the server's.
    std::shared_ptr<const Parser> parser() const; ///< default Parser::json()
    /// Sets the parser, for the next open(): Parser::json(), Parser::msgpack() or one of the
    /// application's own; nullptr restores the default. A parser that speaks revision 5 only (as
    /// msgpack) makes Auto mean Revision5, and open() refuses Revision3 and Revision4 with
    /// InvalidOptionError.
    void setParser(std::shared_ptr<const Parser> parser);
    /// The name of the parser: "json" (the default), "msgpack", or Parser::name() of another.
    QString parserName() const;
    /// Sets the parser by name, for the next open(): "json" or "msgpack" (Parser::fromName()).
    /// Another name keeps the parser and logs a warning.
    void setParserName(const QString &name);
    /// Carries the polling requests, with its cookie jar (sticky sessions) and
    /// proxy; cookies also travel with the WebSocket handshake. Not owned; by
    /// default the SocketIO makes its own.
    QNetworkAccessManager *networkAccessManager() const;
    /// Sets the network access manager of the polling requests; not owned.
    void setNetworkAccessManager(QNetworkAccessManager *manager);
    /// The revision in use on the current (or last) connection.
    ProtocolVersion negotiatedProtocol() const;
    /// TLS for https/wss: certificates are verified by default. A custom CA,
    /// a client certificate, or (explicitly) QSslSocket::VerifyNone go here.
    QSslConfiguration sslConfiguration() const;
    /// Sets the TLS configuration of https and wss connections.
    void setSslConfiguration(const QSslConfiguration &configuration);
    /// Errors to tolerate on every later TLS handshake (as QSslSocket::ignoreSslErrors).
    void ignoreSslErrors(const QList<QSslError> &errors);
    /// The proxy of every request.
    QNetworkProxy proxy() const;          ///< default: the application proxy
    /// Sets the proxy of every request.
    void setProxy(const QNetworkProxy &proxy);
    /// The bounds on what the server can make this connection hold (attachments, nesting
    /// depth, packet size): a packet beyond them ends the connection with an error. Default: Limits().
    Limits limits() const;
    /// Sets the bounds on what the server can make this connection hold; used by the next open().
    void setLimits(const Limits &limits);
    /// Whether packetTraced() and the socketio.packets log show credentials
    /// (CONNECT payloads and queries) as they are. Default false: masked.
    bool traceSecrets() const;
    /// Sets whether packet traces show credentials.
    void setTraceSecrets(bool show);

    /// Whether to reconnect after an unexpected disconnection.
    bool reconnection() const;            ///< default true
    /// Sets whether to reconnect after an unexpected disconnection.
    void setReconnection(bool enabled);
    /// Reconnection attempts before reconnectFailed().
    int reconnectionAttempts() const;     ///< default -1: infinite
    /// Sets the reconnection attempts before reconnectFailed(); -1 for no limit.
    void setReconnectionAttempts(int attempts);
    /// The first delay between reconnection attempts, doubled at each attempt.
    int reconnectionDelay() const;        ///< ms, default 1000
    /// Sets the first delay between reconnection attempts.
    void setReconnectionDelay(int ms);
    /// The longest delay between reconnection attempts.
    int reconnectionDelayMax() const;     ///< ms, default 5000
    /// Sets the longest delay between reconnection attempts.
    void setReconnectionDelayMax(int ms);
    /// The jitter of the reconnection delay, from 0 to 1.
    double randomizationFactor() const;   ///< default 0.5
    /// Sets the jitter of the reconnection delay.
    void setRandomizationFactor(double factor);
    /// How long a connection attempt may take.
    int timeout() const;                  ///< connection timeout in ms, default 20000
    /// Sets how long a connection attempt may take.
    void setTimeout(int ms);
    /// How many packets may wait while disconnected.
    int sendBufferLimit() const;          ///< packets kept while offline (and per retry queue), default 10000
    /// Sets how many packets may wait while disconnected; more emits are refused (sendBufferOverflow()).
    void setSendBufferLimit(int packets);

    /// The connection state.
    State state() const;
    /// The Engine.IO session id while connected.
    QString engineId() const;             ///< the Engine.IO session id
    /// The transport in use.
    QString transport() const;            ///< "websocket" or "polling" while connected
    /// The last error.
    Error error() const;
    /// The last error, readable.
    QString errorString() const;

public Q_SLOTS:
    void open();  ///< connects, then joins every active namespace
    void close(); ///< leaves every namespace and closes the connection

Q_SIGNALS:
    void opened();                          ///< the Engine.IO session is open ("open")
    void closed(const QString &reason);     ///< it closed ("close"), with a disconnect reason
    // The signals nearly every user connects come first: Qt sizes a sender's table of
    // connections by the highest signal connected, in each of thousands of connections.
    /// The connection state changed.
    void stateChanged(SocketIO::State state);
    /// An error occurred; see errorString().
    void errorOccurred(SocketIO::Error error);
    void pingReceived();                    ///< a heartbeat ("ping")
    /// Reconnection attempt number \a attempt starts ("reconnect_attempt").
    void reconnectAttempt(int attempt);
    /// The connection is back after \a attempt attempts ("reconnect").
    void reconnected(int attempt);
    /// A reconnection attempt failed ("reconnect_error").
    void reconnectError(const QString &message);
    /// The reconnection attempts are exhausted ("reconnect_failed").
    void reconnectFailed();
    void upgraded();                        ///< the transport is now websocket
    /// The upgrade to WebSocket failed; polling goes on.
    void upgradeFailed(const QString &message);
    void sendBufferOverflow(const QString &nsp, const QString &event); ///< an emit was refused: buffer full
    /// Every Engine.IO packet in and out, with the transport that carried it ("packet"); credentials are masked unless traceSecrets().
    void packetTraced(SocketIO::Direction direction, const EngineIOPacket &packet,
                      const QString &transport);
    void sslErrors(const QList<QSslError> &errors); ///< from every TLS handshake that found some

    /// The URL changed.
    void urlChanged();
    /// The path changed.
    void pathChanged();
    /// The default credentials changed.
    void authChanged();
    /// The transports or the upgrade options changed.
    void transportsChanged();
    /// The protocol option changed.
    void protocolChanged();
    /// The parser changed.
    void parserChanged();
    /// The revision in use changed.
    void negotiatedProtocolChanged();
    /// The transport in use changed.
    void transportChanged();
    /// A reconnection option changed.
    void reconnectionChanged();
    /// The timeout changed.
    void timeoutChanged();
    /// The send buffer limit changed.
    void sendBufferLimitChanged();
    /// traceSecrets() changed.
    void traceSecretsChanged();

protected:
    void connectNotify(const QMetaMethod &signal) override;
    void timerEvent(QTimerEvent *event) override;

private:
    Q_DECLARE_PRIVATE(SocketIO)
    std::unique_ptr<SocketIOPrivate> const d_ptr;
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_SOCKETIO_H
