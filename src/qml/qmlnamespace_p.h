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
    \brief The C++ part of the QML type \c SocketIONamespace: one namespace on a
    SocketIOClient (the JavaScript client's Socket). SocketIONamespace.qml adds the
    variadic emit(), emitEvent(), send() and emitWithAck() to it.

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

    Why a handle and not the Namespace itself: a Namespace is made and owned by its SocketIO
    (SocketIO::socket(), no public constructor) and its name is constant, while a declaration
    exists before its client and may change \c client and \c name, i.e. which Namespace it
    stands for. So this object declares the Namespace's properties with the Namespace's types
    and enum (QML_EXTENDED_NAMESPACE: SocketIONamespace.ConnectError is Namespace::ConnectError),
    reads and writes them on the current Namespace, and relays the Namespace's own notify
    signals (matched by property name through the meta-objects), so that a change made in C++
    on the Namespace reaches QML bindings. Only \c client, \c name, \c active and \c data are
    the declaration's own; \c auth, \c ackTimeout and \c retries set in QML are also kept for
    the next Namespace it stands for.

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
    - \c ackTimeout, \c retries: apply to the next emits.
*/
class QmlSocketIONamespace : public QObject, public QQmlParserStatus
{
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    // Internal name: SocketIONamespace is SocketIONamespace.qml, which derives from this.
    QML_NAMED_ELEMENT(SocketIONamespaceBase)
    QML_EXTENDED_NAMESPACE(SocketIOQt::Namespace)

    // The declaration's own.
    /*! The connection; by default the SocketIOClient this object is declared in. */
    Q_PROPERTY(SocketIOQt::QmlSocketIOClient *client READ client WRITE setClient NOTIFY clientChanged)
    /*! The namespace, default "/". */
    Q_PROPERTY(QString name READ name WRITE setName NOTIFY nameChanged)
    /*! Whether to be joined; default true. */
    Q_PROPERTY(bool active READ isActive WRITE setActive NOTIFY activeChanged)
    /*! Child objects: SocketIOEvent children handle this namespace's events. */
    Q_PROPERTY(QQmlListProperty<QObject> data READ data)
    Q_CLASSINFO("DefaultProperty", "data")

    // The Namespace's (see Namespace for their meaning); the notify signals relay its own.
    /*! The socket id (Namespace::id). */
    Q_PROPERTY(QString id READ id NOTIFY idChanged)
    /*! Whether the namespace is joined (Namespace::isConnected). */
    Q_PROPERTY(bool connected READ isConnected NOTIFY connectedChanged)
    /*! Whether the last join restored a session (Namespace::isRecovered). */
    Q_PROPERTY(bool recovered READ isRecovered NOTIFY recoveredChanged)
    /*! The credentials of the next CONNECT (Namespace::auth). */
    Q_PROPERTY(QVariantMap auth READ auth WRITE setAuth NOTIFY authChanged)
    /*! The default ack timeout in ms (Namespace::ackTimeout). */
    Q_PROPERTY(int ackTimeout READ ackTimeout WRITE setAckTimeout NOTIFY ackTimeoutChanged)
    /*! At-least-once delivery retries (Namespace::retries). */
    Q_PROPERTY(int retries READ retries WRITE setRetries NOTIFY retriesChanged)
    /*! The last error (Namespace::error). */
    Q_PROPERTY(SocketIOQt::Namespace::Error error READ error NOTIFY errorChanged)
    /*! The last error, readable (Namespace::errorString). */
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorStringChanged)

public:
    /// \cond internal
    explicit QmlSocketIONamespace(QObject *parent = nullptr);
    ~QmlSocketIONamespace() override;

    /*! The C++ namespace behind this object, or null while not attached. */
    Namespace *nativeNamespace() const { return m_ns; }

    QmlSocketIOClient *client() const { return m_client; }
    void setClient(QmlSocketIOClient *client);
    QString name() const { return m_name; }
    void setName(const QString &name);
    bool isActive() const { return m_active; }
    void setActive(bool active);
    QQmlListProperty<QObject> data();

    QString id() const { return m_ns ? m_ns->id() : QString(); }
    bool isConnected() const { return m_ns && m_ns->isConnected(); }
    bool isRecovered() const { return m_ns && m_ns->isRecovered(); }
    QVariantMap auth() const { return m_ns ? m_ns->auth() : m_auth; }
    void setAuth(const QVariantMap &auth);
    int ackTimeout() const { return m_ns ? m_ns->ackTimeout() : m_ackTimeout; }
    void setAckTimeout(int ms);
    int retries() const { return m_ns ? m_ns->retries() : m_retries; }
    void setRetries(int retries);
    Namespace::Error error() const { return m_ns ? m_ns->error() : Namespace::NoError; }
    QString errorString() const { return m_ns ? m_ns->errorString() : QString(); }

    void classBegin() override;
    void componentComplete() override;

    // For SocketIOClient and SocketIOEvent.
    void attach();
    void clientDestroyed();
    QString attachedName() const { return m_ns ? m_ns->name() : QString(); }
    void addHandler(QmlSocketIOEvent *handler);
    void removeHandler(QmlSocketIOEvent *handler);

    // For SocketIONamespace.qml, whose emit(event, ...args), emitEvent(), send() and
    // emitWithAck() collect their arguments into the array `args`. Without `withPromise`
    // (emit): a function last in `args` is the ack callback; returns whether the event was
    // sent or buffered. With it (emitWithAck): returns a Promise of the answer.
    Q_INVOKABLE QJSValue emitArguments(const QString &event, const QJSValue &args, bool withPromise);
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
    void clientChanged();
    void nameChanged();
    void activeChanged();
    void idChanged();
    void connectedChanged();
    void recoveredChanged();
    void authChanged();
    void ackTimeoutChanged();
    void retriesChanged();
    void errorChanged();
    void errorStringChanged();
    /// \endcond

private:
    void setNamespace(Namespace *ns);
    void detach();
    void rejoin();
    void dispatch(const QString &event, const QVariantList &args, const AckHandle &ack);

    QPointer<QmlSocketIOClient> m_client;
    bool m_clientSet = false;
    QPointer<Namespace> m_ns;
    Namespace::ListenerId m_outgoingListener = 0;
    QString m_name = QStringLiteral("/");
    QVariantMap m_auth;
    bool m_authSet = false;
    int m_ackTimeout = 0;
    bool m_ackTimeoutSet = false;
    int m_retries = 0;
    bool m_retriesSet = false;
    bool m_active = true;
    bool m_complete = false;
    bool m_rejoinPending = false;
    QList<QObject *> m_data;
    QList<QPointer<QmlSocketIOEvent>> m_handlers;
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_SOCKETIO_QMLNAMESPACE_P_H
