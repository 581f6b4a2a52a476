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
    client's Manager). It \e is a SocketIO: every property, enum, signal and slot of
    SocketIO (url, path, auth, transports, protocol, state, error, reconnection options, ...)
    is inherited, not repeated; this class adds only what a declaration needs.

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
    - \c url, \c path, \c query, \c extraHeaders, \c transports (and the upgrade options),
      \c protocol, \c parser, \c auth: while the client is connected, connecting or waiting to reconnect,
      it reconnects with the new values (once per event-loop turn however many change together:
      the namespaces see \c disconnected("io client disconnect") and join again); while it is
      active but disconnected (e.g. after reconnectFailed), it tries to connect again; while
      inactive, the values apply at the next open(). The same holds when C++ changes them.
    - reconnection options and \c timeout: apply from the next (re)connection attempt.
    - \c active: true opens (joins every active SocketIONamespace), false closes.
*/
class QmlSocketIOClient : public SocketIOQt::SocketIO, public QQmlParserStatus // qualified: for qmltyperegistrar
{
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_NAMED_ELEMENT(SocketIOClient)

    // Only what QML needs beyond SocketIO's own properties:
    /*! Query parameters added to every request: an object of strings (SocketIO::query()). */
    Q_PROPERTY(QVariantMap query READ queryMap WRITE setQueryMap NOTIFY queryChanged)
    /*! HTTP headers sent with every request: an object of strings (SocketIO::extraHeaders()). */
    Q_PROPERTY(QVariantMap extraHeaders READ extraHeadersMap WRITE setExtraHeadersMap NOTIFY extraHeadersChanged)
    /*! Whether the client wants to be connected; default true. */
    Q_PROPERTY(bool active READ isActive WRITE setActive NOTIFY activeChanged)
    /*! state === SocketIOClient.Connected */
    Q_PROPERTY(bool connected READ isConnected NOTIFY connectedChanged)
    /*! Child objects (SocketIONamespace children use this client). */
    Q_PROPERTY(QQmlListProperty<QObject> data READ data)
    Q_CLASSINFO("DefaultProperty", "data")

public:
    /// \cond internal
    explicit QmlSocketIOClient(QObject *parent = nullptr);
    ~QmlSocketIOClient() override;

    QVariantMap queryMap() const { return m_query; }
    void setQueryMap(const QVariantMap &query);
    QVariantMap extraHeadersMap() const { return m_headers; }
    void setExtraHeadersMap(const QVariantMap &headers);
    bool isActive() const { return m_active; }
    void setActive(bool active);
    bool isConnected() const { return state() == Connected; }
    QQmlListProperty<QObject> data();

    void classBegin() override;
    void componentComplete() override;

    bool isComplete() const { return m_complete; }
    void addNamespace(QmlSocketIONamespace *ns);
    void removeNamespace(QmlSocketIONamespace *ns);
    // Whether another SocketIONamespace than `except` uses the namespace `name`.
    bool isNamespaceShared(const QString &name, const QmlSocketIONamespace *except) const;
    /// \endcond

public Q_SLOTS:
    // In QML these hide SocketIO::open() and close(): they set `active`, so that the
    // declaration and the connection agree.
    /*! Sets active to true: connects, then joins every active SocketIONamespace. */
    void open();
    /*! Sets active to false: leaves every namespace and closes the connection. */
    void close();

Q_SIGNALS:
    /// \cond internal
    void queryChanged();
    void extraHeadersChanged();
    void activeChanged();
    void connectedChanged();
    /// \endcond

private:
    void connectionSettingChanged();
    void openNow();

    QVariantMap m_query;
    QVariantMap m_headers;
    bool m_active = true;
    bool m_complete = false;
    bool m_restartPending = false;
    bool m_lastConnected = false;
    QList<QObject *> m_data;
    QList<QPointer<QmlSocketIONamespace>> m_namespaces;
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_SOCKETIO_QMLCLIENT_P_H
