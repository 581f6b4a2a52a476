#ifndef SOCKETIOQT_SOCKETIO_QMLNAMESPACE_P_H
#define SOCKETIOQT_SOCKETIO_QMLNAMESPACE_P_H

#include <SocketIOQt/namespace.h>

#include <QtCore/qpointer.h>
#include <QtQml/qjsvalue.h>
#include <QtQml/qqml.h>
#include <QtQml/qqmlparserstatus.h>

#include "qmlclient_p.h"

namespace SocketIOQt {

class QmlSocketIOEvent;

/*!
    \brief QML type \c SocketIONamespace: one namespace on a SocketIOClient (the JavaScript
    client's Socket), a thin wrapper over Namespace.

    \code{.qml}
    SocketIONamespace {
        id: chat
        client: io                      // or declare it inside the SocketIOClient
        name: "/chat"
        auth: ({ token: login.token })
        onConnectedChanged: if (connected) emit("join", { user: "qt" }, reply => console.log(reply.users))
        onConnectError: (message, data) => console.warn(message, JSON.stringify(data))
        onEventReceived: (event, args, ack) => console.log("catch-all:", event, args)

        SocketIOEvent {                 // declarative, per event
            event: "chat message"
            onReceived: (args, ack) => messages.append(args[0])
        }
    }
    \endcode

    Arguments reach JavaScript as arrays of plain values, binary as ArrayBuffer at any depth;
    JavaScript values are sent the same way (ArrayBuffer and typed arrays as binary). An \c ack
    argument is a function to call with the answer's arguments, \c ack(a, b), or undefined
    when the server asked for no acknowledgement.

    The namespace joins when the component is complete and both it and its client are active.
    Changing a property:
    - \c client or \c name: leaves the namespace it was on (unless another SocketIONamespace
      uses it) and joins the new one.
    - \c auth: stored as the credentials of the next CONNECT; when the namespace is connected,
      it leaves and joins again with them (once per event-loop turn; if it was the only
      namespace, the connection reopens); when the server had refused it (connectError), it
      tries again. Without an \c auth of its own, the namespace uses the client's.
    - \c active: true joins, false leaves ("io client disconnect"; the connection closes
      with its last namespace, as in the JavaScript client).
    - \c ackTimeout: applies to the next emits.
*/
class QmlSocketIONamespace : public QObject, public QQmlParserStatus
{
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_NAMED_ELEMENT(SocketIONamespace)

    /*! The connection; by default the SocketIOClient this object is declared in. */
    Q_PROPERTY(QmlSocketIOClient *client READ client WRITE setClient NOTIFY clientChanged)
    /*! The namespace, default "/". */
    Q_PROPERTY(QString name READ name WRITE setName NOTIFY nameChanged)
    /*! Credentials sent with CONNECT (revision 5) or as the namespace's query (3 and 4). */
    Q_PROPERTY(QVariantMap auth READ auth WRITE setAuth NOTIFY authChanged)
    /*! Whether to be joined; default true. */
    Q_PROPERTY(bool active READ isActive WRITE setActive NOTIFY activeChanged)
    /*! Milliseconds to wait for acknowledgements of emitWithAck() (0: forever, the default). */
    Q_PROPERTY(int ackTimeout READ ackTimeout WRITE setAckTimeout NOTIFY ackTimeoutChanged)
    /*! Whether the namespace is joined. */
    Q_PROPERTY(bool connected READ isConnected NOTIFY connectedChanged)
    /*! The socket id given by the server while connected. */
    Q_PROPERTY(QString id READ id NOTIFY idChanged)
    /*! Whether the last connection restored the previous session (connection state recovery). */
    Q_PROPERTY(bool recovered READ isRecovered NOTIFY connectedChanged)
    /*! The last error (SocketIONamespace.ConnectError when the server refused the namespace). */
    Q_PROPERTY(Error error READ error NOTIFY errorChanged)
    /*! The last error, readable (the server's message for a refusal). */
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorChanged)
    /*! Child objects: SocketIOEvent children handle this namespace's events. */
    Q_PROPERTY(QQmlListProperty<QObject> data READ data)
    Q_CLASSINFO("DefaultProperty", "data")

public:
    /*! Namespace::Error */
    enum Error { NoError, ConnectError, ReservedEventError, InvalidArgumentError };
    Q_ENUM(Error)

    /// \cond internal
    // The C++ side: accessors of the properties above, and the glue between the types.
    explicit QmlSocketIONamespace(QObject *parent = nullptr);
    ~QmlSocketIONamespace() override;

    /*! The C++ namespace behind this object, or null while not attached. */
    Namespace *nativeNamespace() const { return m_ns; }

    QmlSocketIOClient *client() const { return m_client; }
    void setClient(QmlSocketIOClient *client);
    QString name() const { return m_name; }
    void setName(const QString &name);
    QVariantMap auth() const { return m_auth; }
    void setAuth(const QVariantMap &auth);
    bool isActive() const { return m_active; }
    void setActive(bool active);
    int ackTimeout() const { return m_ackTimeout; }
    void setAckTimeout(int ms);
    bool isConnected() const;
    QString id() const;
    bool isRecovered() const;
    Error error() const;
    QString errorString() const;
    QQmlListProperty<QObject> data();

    void classBegin() override;
    void componentComplete() override;

    // For SocketIOClient and SocketIOEvent.
    void attach();
    void clientDestroyed();
    QString attachedName() const { return m_ns ? m_ns->name() : QString(); }
    void addHandler(QmlSocketIOEvent *handler);
    void removeHandler(QmlSocketIOEvent *handler);
    /// \endcond

    /*!
        emit(event, ...args[, callback]): sends \a event with up to nine arguments (JavaScript
        values: objects, arrays, strings, numbers, booleans, null, ArrayBuffer or typed arrays for
        binary). When the last argument is a function, it asks for an acknowledgement and calls
        the function with the server's answer as arguments (ArrayBuffer for binary):
        \code{.qml}
        chat.emit("join", { user: "qt" }, function (reply) { console.log(reply.users) })
        \endcode
        Returns false when the event cannot be sent (reserved name, send buffer full, no
        namespace). While disconnected, events wait in the send buffer.
    */
    Q_INVOKABLE bool emit(const QString &event);
    /// \cond overloads
    Q_INVOKABLE bool emit(const QString &event, const QJSValue &a1);
    Q_INVOKABLE bool emit(const QString &event, const QJSValue &a1, const QJSValue &a2);
    Q_INVOKABLE bool emit(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3);
    Q_INVOKABLE bool emit(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4);
    Q_INVOKABLE bool emit(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5);
    Q_INVOKABLE bool emit(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6);
    Q_INVOKABLE bool emit(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6, const QJSValue &a7);
    Q_INVOKABLE bool emit(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6, const QJSValue &a7, const QJSValue &a8);
    Q_INVOKABLE bool emit(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6, const QJSValue &a7, const QJSValue &a8, const QJSValue &a9);
    /// \endcond
    /*! The same as emit(), under the C++ API's name. */
    Q_INVOKABLE bool emitEvent(const QString &event);
    /// \cond overloads
    Q_INVOKABLE bool emitEvent(const QString &event, const QJSValue &a1);
    Q_INVOKABLE bool emitEvent(const QString &event, const QJSValue &a1, const QJSValue &a2);
    Q_INVOKABLE bool emitEvent(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3);
    Q_INVOKABLE bool emitEvent(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4);
    Q_INVOKABLE bool emitEvent(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5);
    Q_INVOKABLE bool emitEvent(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6);
    Q_INVOKABLE bool emitEvent(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6, const QJSValue &a7);
    Q_INVOKABLE bool emitEvent(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6, const QJSValue &a7, const QJSValue &a8);
    Q_INVOKABLE bool emitEvent(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6, const QJSValue &a7, const QJSValue &a8, const QJSValue &a9);
    /// \endcond
    /*! send(...args[, callback]): emit("message", ...args[, callback]), as the JavaScript client's send(). */
    Q_INVOKABLE bool send();
    /// \cond overloads
    Q_INVOKABLE bool send(const QJSValue &a1);
    Q_INVOKABLE bool send(const QJSValue &a1, const QJSValue &a2);
    Q_INVOKABLE bool send(const QJSValue &a1, const QJSValue &a2, const QJSValue &a3);
    Q_INVOKABLE bool send(const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4);
    Q_INVOKABLE bool send(const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5);
    Q_INVOKABLE bool send(const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6);
    Q_INVOKABLE bool send(const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6, const QJSValue &a7);
    Q_INVOKABLE bool send(const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6, const QJSValue &a7, const QJSValue &a8);
    Q_INVOKABLE bool send(const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6, const QJSValue &a7, const QJSValue &a8, const QJSValue &a9);
    /// \endcond
    /*!
        emitWithAck(event, ...args): sends \a event asking for an acknowledgement; returns a
        Promise resolved with the first argument of the answer (as the JavaScript client's
        emitWithAck()), or rejected with an Error on timeout (see ackTimeout) or disconnection.
        \code{.qml}
        chat.emitWithAck("ping").then(function (pong) { ... }, function (error) { ... })
        \endcode
    */
    Q_INVOKABLE QJSValue emitWithAck(const QString &event);
    /// \cond overloads
    Q_INVOKABLE QJSValue emitWithAck(const QString &event, const QJSValue &a1);
    Q_INVOKABLE QJSValue emitWithAck(const QString &event, const QJSValue &a1, const QJSValue &a2);
    Q_INVOKABLE QJSValue emitWithAck(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3);
    Q_INVOKABLE QJSValue emitWithAck(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4);
    Q_INVOKABLE QJSValue emitWithAck(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5);
    Q_INVOKABLE QJSValue emitWithAck(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6);
    Q_INVOKABLE QJSValue emitWithAck(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6, const QJSValue &a7);
    Q_INVOKABLE QJSValue emitWithAck(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6, const QJSValue &a7, const QJSValue &a8);
    Q_INVOKABLE QJSValue emitWithAck(const QString &event, const QJSValue &a1, const QJSValue &a2, const QJSValue &a3, const QJSValue &a4, const QJSValue &a5, const QJSValue &a6, const QJSValue &a7, const QJSValue &a8, const QJSValue &a9);
    /// \endcond

public Q_SLOTS:
    /*! Sets active to true: joins the namespace (opening the connection if needed). */
    void open();
    /*! Sets active to false: leaves the namespace. */
    void close();

Q_SIGNALS:
    /*! The namespace was left, for \a reason ("io server disconnect", "transport close", ...). */
    void disconnected(const QString &reason);
    /*! Joining failed: the server refused (\a data: its details) or the connection failed. */
    void connectError(const QString &message, const QJSValue &data);
    /*! Catch-all: every incoming \a event, before the SocketIOEvent handlers. */
    void eventReceived(const QString &event, const QJSValue &args, const QJSValue &ack);
    /*! Outgoing catch-all: every event sent (or buffered) through this namespace. */
    void eventSent(const QString &event, const QJSValue &args);

    /// \cond internal
    // Change signals of the properties (onUrlChanged, ... in QML).
    void clientChanged();
    void nameChanged();
    void authChanged();
    void activeChanged();
    void ackTimeoutChanged();
    void connectedChanged();
    void idChanged();
    void errorChanged();
    /// \endcond

private:
    void detach();
    void rejoin();
    void dispatch(const QString &event, const QVariantList &args, const AckHandle &ack);
    bool emitValues(const QString &event, QJSValueList values);
    QJSValue emitWithAckValues(const QString &event, const QJSValueList &values);

    QPointer<QmlSocketIOClient> m_client;
    bool m_clientSet = false;
    QPointer<Namespace> m_ns;
    Namespace::ListenerId m_outgoingListener = 0;
    QString m_name = QStringLiteral("/");
    QVariantMap m_auth;
    bool m_authSet = false;
    bool m_active = true;
    int m_ackTimeout = 0;
    bool m_complete = false;
    bool m_rejoinPending = false;
    bool m_lastConnected = false;
    QString m_lastId;
    QList<QObject *> m_data;
    QList<QPointer<QmlSocketIOEvent>> m_handlers;
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_SOCKETIO_QMLNAMESPACE_P_H
