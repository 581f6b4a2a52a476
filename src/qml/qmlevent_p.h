#ifndef SOCKETIOQT_SOCKETIO_QMLEVENT_P_H
#define SOCKETIOQT_SOCKETIO_QMLEVENT_P_H

#include <QtCore/qpointer.h>
#include <QtQml/qjsvalue.h>
#include <QtQml/qqml.h>
#include <QtQml/qqmlparserstatus.h>

#include "qmlnamespace_p.h"

namespace SocketIOQt {

/*!
    \brief QML type \c SocketIOEvent: a declarative handler for one event of a namespace.

    \code{.qml}
    SocketIOEvent {
        id: score
        socket: game                    // or declare it inside the SocketIONamespace
        event: "score"
        onReceived: (args, ack) => { if (ack) ack("thanks") }
    }
    Text { text: score.count > 0 ? score.args[0] + ": " + score.args[1] : "no score yet" }
    \endcode

    \c args holds the arguments of the last event received (an array, binary as ArrayBuffer)
    and \c count how many were received, both usable in bindings. \c ack, in \c received, is a
    function that answers the server's acknowledgement request, or undefined when there is none.
*/
class QmlSocketIOEvent : public QObject, public QQmlParserStatus
{
    Q_OBJECT
    Q_INTERFACES(QQmlParserStatus)
    QML_NAMED_ELEMENT(SocketIOEvent)

    /*! The namespace; by default the SocketIONamespace this object is declared in. */
    Q_PROPERTY(QmlSocketIONamespace *socket READ socket WRITE setSocket NOTIFY socketChanged)
    /*! The event name, e.g. "chat message". */
    Q_PROPERTY(QString event READ eventName WRITE setEvent NOTIFY eventChanged)
    /*! Whether events are delivered; default true. */
    Q_PROPERTY(bool enabled READ isEnabled WRITE setEnabled NOTIFY enabledChanged)
    /*! The arguments of the last event (an array; undefined before the first). */
    Q_PROPERTY(QJSValue args READ args NOTIFY argsChanged)
    /*! How many events were received. */
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    /// \cond internal
    // The C++ side: accessors of the properties above, and the glue between the types.
    explicit QmlSocketIOEvent(QObject *parent = nullptr);
    ~QmlSocketIOEvent() override;

    QmlSocketIONamespace *socket() const { return m_socket; }
    void setSocket(QmlSocketIONamespace *socket);
    QString eventName() const { return m_event; }
    void setEvent(const QString &event);
    bool isEnabled() const { return m_enabled; }
    void setEnabled(bool enabled);
    QJSValue args() const { return m_args; }
    int count() const { return m_count; }

    void classBegin() override;
    void componentComplete() override;

    void deliver(const QJSValue &args, const QJSValue &ack); // for SocketIONamespace
    /// \endcond

Q_SIGNALS:
    /*! The event arrived with \a args; \a ack answers it (undefined when not requested). */
    void received(const QJSValue &args, const QJSValue &ack);
    /// \cond internal
    // Change signals of the properties (onUrlChanged, ... in QML).
    void socketChanged();
    void eventChanged();
    void enabledChanged();
    void argsChanged();
    void countChanged();
    /// \endcond

private:
    QPointer<QmlSocketIONamespace> m_socket;
    bool m_socketSet = false;
    QString m_event;
    bool m_enabled = true;
    QJSValue m_args;
    int m_count = 0;
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_SOCKETIO_QMLEVENT_P_H
