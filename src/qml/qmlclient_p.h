#ifndef SOCKETIOQT_SOCKETIO_QMLCLIENT_P_H
#define SOCKETIOQT_SOCKETIO_QMLCLIENT_P_H

#include <SocketIOQt/socketio.h>

#include <QtCore/qpointer.h>
#include <QtQml/qqml.h>
#include <QtQml/qqmlparserstatus.h>

namespace SocketIOQt {

class QmlSocketIONamespace;

/*!
    \brief QML type \c SocketIOClient: one connection to a Socket.IO server (the JavaScript
    client's Manager), a thin wrapper over SocketIO.

    \code{.qml}
    import SocketIO

    SocketIOClient {
        id: io
        url: "http://127.0.0.1:3000"
        auth: ({ token: login.token })
        SocketIONamespace { id: chat; name: "/chat" }
    }
    \endcode

    The connection opens once the component is complete, while \c active is true (the default)
    and \c url is set. Changing a property:
    - \c url, \c path, \c query, \c transports, \c protocol, \c auth: while the client is
      connected, connecting or waiting to reconnect, it reconnects with the new values (once per
      event-loop turn however many change together: the namespaces see \c disconnected("io client
      disconnect") and join again); while it is active but disconnected (e.g. after
      reconnectFailed), it tries to connect again; while inactive, the values apply at the next
      open().
    - reconnection options and \c timeout: apply from the next (re)connection attempt.
    - \c active: true opens (joins every active SocketIONamespace), false closes.
*/
class QmlSocketIOClient : public QObject, public QQmlParserStatus
{
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_NAMED_ELEMENT(SocketIOClient)

    /*! The server, e.g. "http://host:3000" (http, https, ws, wss). */
    Q_PROPERTY(QUrl url READ url WRITE setUrl NOTIFY urlChanged)
    /*! The Engine.IO path on the server, default "/socket.io". */
    Q_PROPERTY(QString path READ path WRITE setPath NOTIFY pathChanged)
    /*! Query parameters added to every request: an object of strings. */
    Q_PROPERTY(QVariantMap query READ query WRITE setQuery NOTIFY queryChanged)
    /*! HTTP headers sent with every request: an object of strings. */
    Q_PROPERTY(QVariantMap extraHeaders READ extraHeaders WRITE setExtraHeaders NOTIFY extraHeadersChanged)
    /*! Credentials for namespaces that have none of their own (the CONNECT payload). */
    Q_PROPERTY(QVariantMap auth READ auth WRITE setAuth NOTIFY authChanged)
    /*! Allowed transports, in order: "polling", "websocket". */
    Q_PROPERTY(QStringList transports READ transports WRITE setTransports NOTIFY transportsChanged)
    /*! The Socket.IO protocol revision to speak; SocketIOClient.Auto detects it. */
    Q_PROPERTY(Protocol protocol READ protocol WRITE setProtocol NOTIFY protocolChanged)
    /*! The revision in use on the current connection. */
    Q_PROPERTY(Protocol negotiatedProtocol READ negotiatedProtocol NOTIFY negotiatedProtocolChanged)
    /*! Whether the client wants to be connected; default true. */
    Q_PROPERTY(bool active READ isActive WRITE setActive NOTIFY activeChanged)
    /*! Disconnected, Connecting, Connected or Disconnecting. */
    Q_PROPERTY(State state READ state NOTIFY stateChanged)
    /*! state === SocketIOClient.Connected */
    Q_PROPERTY(bool connected READ isConnected NOTIFY connectedChanged)
    /*! The Engine.IO session id while connected. */
    Q_PROPERTY(QString engineId READ engineId NOTIFY stateChanged)
    /*! "websocket" or "polling" while connected. */
    Q_PROPERTY(QString transport READ transport NOTIFY transportChanged)
    /*! Reconnect automatically after an unexpected disconnection; default true. */
    Q_PROPERTY(bool reconnection READ reconnection WRITE setReconnection NOTIFY reconnectionChanged)
    /*! Attempts before giving up; -1 (default) for no limit. */
    Q_PROPERTY(int reconnectionAttempts READ reconnectionAttempts WRITE setReconnectionAttempts NOTIFY reconnectionChanged)
    /*! First delay between attempts in ms; default 1000. */
    Q_PROPERTY(int reconnectionDelay READ reconnectionDelay WRITE setReconnectionDelay NOTIFY reconnectionChanged)
    /*! Longest delay between attempts in ms; default 5000. */
    Q_PROPERTY(int reconnectionDelayMax READ reconnectionDelayMax WRITE setReconnectionDelayMax NOTIFY reconnectionChanged)
    /*! Jitter of the delay, 0 to 1; default 0.5. */
    Q_PROPERTY(double randomizationFactor READ randomizationFactor WRITE setRandomizationFactor NOTIFY reconnectionChanged)
    /*! Connection timeout in ms; default 20000. */
    Q_PROPERTY(int timeout READ timeout WRITE setTimeout NOTIFY timeoutChanged)
    /*! The last error. */
    Q_PROPERTY(Error error READ error NOTIFY errorChanged)
    /*! The last error, readable. */
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorChanged)
    /*! Child objects (SocketIONamespace children use this client). */
    Q_PROPERTY(QQmlListProperty<QObject> data READ data)
    Q_CLASSINFO("DefaultProperty", "data")

public:
    /*! SocketIO::State */
    enum State { Disconnected, Connecting, Connected, Disconnecting };
    Q_ENUM(State)
    /*! SocketIO::ProtocolVersion */
    enum Protocol { Auto = 0, Revision3 = 3, Revision4 = 4, Revision5 = 5 };
    Q_ENUM(Protocol)
    /*! SocketIO::Error */
    enum Error {
        NoError,
        InvalidUrlError,
        InvalidOptionError,
        ConnectionError,
        HandshakeError,
        TimeoutError,
        PingTimeoutError,
        ProtocolError,
        SslError,
        ReconnectFailedError
    };
    Q_ENUM(Error)

    /// \cond internal
    // The C++ side: accessors of the properties above, and the glue between the types.
    explicit QmlSocketIOClient(QObject *parent = nullptr);
    ~QmlSocketIOClient() override;

    /*! The C++ connection behind this object. */
    SocketIO *socketIO() const { return m_io; }

    QUrl url() const;
    void setUrl(const QUrl &url);
    QString path() const;
    void setPath(const QString &path);
    QVariantMap query() const { return m_query; }
    void setQuery(const QVariantMap &query);
    QVariantMap extraHeaders() const { return m_headers; }
    void setExtraHeaders(const QVariantMap &headers);
    QVariantMap auth() const;
    void setAuth(const QVariantMap &auth);
    QStringList transports() const;
    void setTransports(const QStringList &transports);
    Protocol protocol() const;
    void setProtocol(Protocol protocol);
    Protocol negotiatedProtocol() const;
    bool isActive() const { return m_active; }
    void setActive(bool active);
    State state() const;
    bool isConnected() const { return state() == Connected; }
    QString engineId() const;
    QString transport() const;
    bool reconnection() const;
    void setReconnection(bool enabled);
    int reconnectionAttempts() const;
    void setReconnectionAttempts(int attempts);
    int reconnectionDelay() const;
    void setReconnectionDelay(int ms);
    int reconnectionDelayMax() const;
    void setReconnectionDelayMax(int ms);
    double randomizationFactor() const;
    void setRandomizationFactor(double factor);
    int timeout() const;
    void setTimeout(int ms);
    Error error() const;
    QString errorString() const;
    QQmlListProperty<QObject> data();

    void classBegin() override;
    void componentComplete() override;

    bool isComplete() const { return m_complete; }
    void addNamespace(QmlSocketIONamespace *ns);
    void removeNamespace(QmlSocketIONamespace *ns);
    // Whether another wrapper than `except` uses the namespace `name`.
    bool isNamespaceShared(const QString &name, const QmlSocketIONamespace *except) const;
    /// \endcond

public Q_SLOTS:
    /*! Sets active to true: connects, then joins every active SocketIONamespace. */
    void open();
    /*! Sets active to false: leaves every namespace and closes the connection. */
    void close();

Q_SIGNALS:
    /*! The Engine.IO session opened (the JavaScript Manager's "open"). */
    void opened();
    /*! The connection closed with \a reason ("close"). */
    void closed(const QString &reason);
    /*! A heartbeat ("ping"). */
    void pingReceived();
    /*! Reconnection attempt number \a attempt starts ("reconnect_attempt"). */
    void reconnectAttempt(int attempt);
    /*! Reconnected after \a attempt attempts ("reconnect"). */
    void reconnected(int attempt);
    /*! A reconnection attempt failed ("reconnect_error"). */
    void reconnectError(const QString &message);
    /*! reconnectionAttempts were exhausted ("reconnect_failed"). */
    void reconnectFailed();

    /// \cond internal
    // Change signals of the properties (onUrlChanged, ... in QML).
    void urlChanged();
    void pathChanged();
    void queryChanged();
    void extraHeadersChanged();
    void authChanged();
    void transportsChanged();
    void protocolChanged();
    void negotiatedProtocolChanged();
    void activeChanged();
    void stateChanged();
    void connectedChanged();
    void transportChanged();
    void reconnectionChanged();
    void timeoutChanged();
    void errorChanged();
    /// \endcond

private:
    void connectionSettingChanged();
    void openNow();

    SocketIO *m_io;
    QVariantMap m_query;
    QVariantMap m_headers;
    bool m_active = true;
    bool m_complete = false;
    bool m_restartPending = false;
    State m_lastState = Disconnected;
    QList<QObject *> m_data;
    QList<QPointer<QmlSocketIONamespace>> m_namespaces;
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_SOCKETIO_QMLCLIENT_P_H
