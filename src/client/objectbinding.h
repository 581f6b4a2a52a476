#ifndef SOCKETIOQT_OBJECTBINDING_H
#define SOCKETIOQT_OBJECTBINDING_H

#include <SocketIOQt/namespace.h>

#include <QtCore/qhash.h>
#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>

namespace SocketIOQt {

class ObjectBindingPrivate;

/*!
    \brief Binds the events of a Namespace to the signals and slots of an application QObject.

    A protocol becomes a plain QObject interface: each incoming event calls the public slot or
    Q_INVOKABLE method of the same name, with its arguments converted to the method's parameter
    types (see conversion.h); each signal of the object sends the event of the same name,
    with the signal's arguments.

    \code
    class ChatClient : public QObject
    {
        Q_OBJECT
        Q_CLASSINFO("socketio.event.say", "chat message")
    Q_SIGNALS:
        void say(const QString &text);                 // sends "chat message"
        void join(const QVariantMap &user);            // sends "join", asks for an ack...
    public Q_SLOTS:
        void joinReply(const QVariantMap &reply);     // ...which arrives here
        void chatMessage(const ChatLine &line);        // "chat message" from the server (a Q_GADGET)
        void welcome(const QVariantMap &info);         // "welcome"
        QVariantMap hello(const QVariantMap &server);  // "hello": the return value answers the ack
    };

    ChatClient chat;
    ObjectBinding::bind(io.socket(), &chat);
    \endcode

    <b>Incoming events.</b> An event is delivered to the public slots and Q_INVOKABLE methods
    named, in this order of preference: the name given by setEventName() (or a
    <tt>Q_CLASSINFO("socketio.event.&lt;method&gt;", "&lt;event&gt;")</tt>); the event name itself when it is
    a valid C++ identifier; its camelCase form ("chat message", "chat-message" and "chat_message"
    all call \c chatMessage). When several overloads have that name, the first one (most
    parameters first) whose parameters the arguments convert to is called. If the last parameter
    is an AckHandle, the method receives the event's ack handle; otherwise a non-void return
    value answers the server's ack request. Arguments that do not convert produce a warning on
    the "socketio.client" logging category naming the event, the method and the argument index,
    and the method is not called. Events for which the object has no method are ignored.

    <b>Outgoing events.</b> Every signal sends an event when emitted, named after the signal as
    outgoingNames() says (or as setEventName() / Q_CLASSINFO say). Property NOTIFY signals are
    not bound. When the object also has a public slot or invokable method called
    <tt>&lt;signal&gt;Reply</tt>, the event asks for an acknowledgement and the answer calls that
    method, its arguments converted like those of incoming events (and such reply methods do not
    receive incoming events).

    <b>Which methods.</b> By default, only the methods that the object's own class declares are
    bound: the methods of its superclasses (QObject, QWidget, ...) are not, so that a server
    cannot call QWidget::close(). Pass the meta-object of a superclass as \c base to bind the
    methods declared below it instead.

    The binding is a child of the object (it ends with it) and has to live in the namespace's
    thread. Deleting it unbinds.
*/
class SOCKETIOQT_EXPORT ObjectBinding : public QObject
{
    Q_OBJECT
    Q_PROPERTY(EventNaming outgoingNames READ outgoingNames WRITE setOutgoingNames NOTIFY outgoingNamesChanged)

public:
    /*! Which way events flow through the binding. */
    enum Direction {
        Incoming = 0x1, //!< incoming events call slots
        Outgoing = 0x2, //!< signals send events
        Both = Incoming | Outgoing
    };
    /*! A combination of Direction values. */
    Q_DECLARE_FLAGS(Directions, Direction)
    Q_FLAG(Directions)

    /*! How outgoing event names are made from signal names (e.g. for \c chatMessage). */
    enum EventNaming {
        DeclaredNames, //!< "chatMessage", the signal's name as it is (the default)
        SpacedNames,   //!< "chat message"
        KebabNames,    //!< "chat-message"
        SnakeNames     //!< "chat_message"
    };
    Q_ENUM(EventNaming)

    /*!
        Binds \a object to \a nsp in the given \a directions. Methods declared by \a base's
        subclasses are bound; by default (\c nullptr) only those of the object's own class.
        The binding becomes a child of \a object.
    */
    ObjectBinding(Namespace *nsp, QObject *object, Directions directions = Both,
                    const QMetaObject *base = nullptr);
    ~ObjectBinding() override;

    /*! Creates a binding of \a object to \a nsp; see the constructor. */
    static ObjectBinding *bind(Namespace *nsp, QObject *object, Directions directions = Both,
                                 const QMetaObject *base = nullptr);

    /*! The namespace, or \c nullptr once it is destroyed. */
    Namespace *socket() const;
    /*! The bound object. */
    QObject *object() const;
    /*! The directions given at construction. */
    Directions directions() const;

    /*! How outgoing event names are made from signal names; default DeclaredNames. */
    EventNaming outgoingNames() const;
    /*! Sets how outgoing event names are made from signal names. */
    void setOutgoingNames(EventNaming naming);

    /*!
        Maps the method (signal or slot) named \a method to the event \a event, both ways: the
        signal sends \a event, and \a event calls the slot. Overrides the automatic names.
    */
    void setEventName(const QByteArray &method, const QString &event);
    /*! The event that the signal \a method sends, or that calls the slot \a method by name. */
    QString eventName(const QByteArray &method) const;

    /*! The signatures of the slots and methods that incoming events can call. */
    QStringList incomingMethods() const;
    /*! The signatures of the signals that send events. */
    QStringList outgoingSignals() const;

    /*!
        Calls \a method of \a object with \a args converted to its parameter types (and \a ack as
        its last argument if it takes an AckHandle). Returns \c false, setting \a error, when the
        arguments do not convert or the method cannot be called; \a result receives the return
        value when the method has one. The helper behind incoming events, usable on its own.
    */
    static bool invoke(QObject *object, const QMetaMethod &method, const QVariantList &args,
                       const AckHandle &ack = AckHandle(), QVariant *result = nullptr,
                       QString *error = nullptr, int *errorIndex = nullptr);

Q_SIGNALS:
    /*! The outgoing event naming changed. */
    void outgoingNamesChanged();

private:
    friend class SocketIOSignalRelay;
    Q_DECLARE_PRIVATE(ObjectBinding)
    std::unique_ptr<ObjectBindingPrivate> const d_ptr;
};

Q_DECLARE_OPERATORS_FOR_FLAGS(ObjectBinding::Directions)

} // namespace SocketIOQt

#endif // SOCKETIOQT_OBJECTBINDING_H
