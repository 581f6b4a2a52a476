#ifndef SOCKETIOQT_NAMESPACE_H
#define SOCKETIOQT_NAMESPACE_H

#include <SocketIOQt/ackhandle.h>
#include <SocketIOQt/ackreply.h>
#include <SocketIOQt/typedeventsfwd.h>

#include <QtCore/qobject.h>
#include <QtCore/qvariant.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

namespace SocketIOQt {

class SocketIO;
class NamespacePrivate;
class NamespaceHost;

/// One Socket.IO namespace on a SocketIO connection (the JavaScript client's
/// Socket). Obtained from SocketIO::socket(), owned by the SocketIO.
///
/// Arguments travel as QVariantList: QVariantMap, QVariantList, QString, bool,
/// numbers, nullptr for null, and QByteArray for binary at any depth.
class SOCKETIOQT_EXPORT Namespace : public QObject
{
    Q_OBJECT
    Q_PROPERTY(QString name READ name CONSTANT)
    Q_PROPERTY(QString id READ id NOTIFY idChanged)
    Q_PROPERTY(bool connected READ isConnected NOTIFY connectedChanged)
    Q_PROPERTY(bool active READ isActive NOTIFY activeChanged)
    Q_PROPERTY(bool recovered READ isRecovered NOTIFY connectedChanged)
    Q_PROPERTY(QVariantMap auth READ auth WRITE setAuth NOTIFY authChanged)
    Q_PROPERTY(int ackTimeout READ ackTimeout WRITE setAckTimeout NOTIFY ackTimeoutChanged)
    Q_PROPERTY(int retries READ retries WRITE setRetries NOTIFY retriesChanged)
    Q_PROPERTY(Error error READ error NOTIFY errorOccurred)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorOccurred)

public:
    /// What went wrong (error(), errorOccurred()).
    enum Error {
        NoError,
        ConnectError,       ///< the server refused the namespace (CONNECT_ERROR)
        ReservedEventError, ///< an emit used a reserved event name
        InvalidArgumentError
    };
    Q_ENUM(Error)

    /// Identifies a listener, for off().
    using ListenerId = quint64;
    /// The untyped form of an event handler (see on() for the others).
    using Handler = std::function<void(const QVariantList &args, const AckHandle &ack)>;
    /// The untyped form of an ack callback: the server's answer.
    using AckCallback = std::function<void(const QVariantList &args)>;

    /// Leaves the namespace; pending AckReply objects finish with CanceledError.
    ~Namespace() override;

    /// The connection this namespace belongs to.
    SocketIO *io() const;
    /// The namespace, e.g. "/" or "/chat".
    QString name() const;
    QString id() const;          ///< the socket id given by the server, empty while disconnected
    /// Whether the namespace is joined.
    bool isConnected() const;
    bool isActive() const;       ///< open() was called and close() was not: reconnects rejoin
    bool isRecovered() const;    ///< the last connection restored a previous session
    /// The credentials of the next CONNECT: this namespace's, or the connection's (SocketIO::auth()).
    QVariantMap auth() const;
    /// Sets this namespace's own credentials, sent with the next CONNECT: also the first one
    /// when called right after SocketIO::socket() (see also SocketIO::socket(name, auth)).
    void setAuth(const QVariantMap &auth);
    /// How long emits that ask for an ack wait for it.
    int ackTimeout() const;      ///< ms, 0: wait forever (the default)
    /// Sets how long emits that ask for an ack wait for it, in milliseconds (0: forever).
    void setAckTimeout(int ms);
    /// Sets how long emits that ask for an ack wait for it (0: forever).
    void setAckTimeout(std::chrono::milliseconds timeout);
    /// At-least-once delivery, as the JavaScript client's `retries` option:
    /// with retries > 0 every emit waits for an acknowledgement (ackTimeout
    /// each try), one packet in flight at a time, in order, and is sent again
    /// up to `retries` times. A disconnection does not count as a try: the
    /// packet in flight goes again after the reconnection. Default 0.
    int retries() const;
    /// Sets the number of retries (see retries()).
    void setRetries(int retries);

    /// The last error.
    Error error() const;
    /// The last error, readable.
    QString errorString() const;

    // Sending. Qt reserves the word "emit"; these keep the JavaScript names'
    // meaning. While disconnected, packets wait in the send buffer (see
    // SocketIO::sendBufferLimit) unless volatile.
    /// Sends \a event with \a args. Returns false when it is refused (reserved name, send buffer full).
    bool emitEvent(const QString &event, const QVariantList &args = {});
    /// Sends \a event with \a args and asks for an ack, which \a callback receives.
    bool emitEvent(const QString &event, const QVariantList &args, AckCallback callback);
    /// As above; \a callback is dropped when \a context is destroyed first.
    bool emitEvent(const QString &event, const QVariantList &args, const QObject *context,
                   AckCallback callback);
    /// Sends \a event asking for an ack; the AckReply (a child of this namespace) finishes with the
    /// answer or an error. The reply waits ackTimeout().
    AckReply *emitWithAck(const QString &event, const QVariantList &args = {});
    /// As above, waiting \a timeout instead of ackTimeout() (0: forever); then the reply
    /// finishes with AckReply::TimeoutError. The timeout is a duration, never an int: a number
    /// passed to the typed emitWithAck() is an event argument.
    /// \code
    /// using namespace std::chrono_literals;
    /// ns->emitWithAck("join", {"lobby"}, 500ms);
    /// ns->emitWithAck("join", QString("lobby"), 500ms); // typed, the duration last
    /// ns->timeout(500ms)->emitWithAck("join", QString("lobby"));
    /// \endcode
    AckReply *emitWithAck(const QString &event, const QVariantList &args, std::chrono::milliseconds timeout);

    class TimedEmit;
    /// The JavaScript client's `socket.timeout(ms)`: the emits of the returned value wait
    /// \a timeout for their acknowledgement (0: forever) instead of ackTimeout(). With
    /// retries() > 0, as for every emit, each try waits ackTimeout() instead.
    /// \code
    /// ns->timeout(5s)->emitWithAck("ping");
    /// ns->timeout(5s).emitEvent("ping", {}, [](AckReply::Error error, const QVariantList &args) { ... });
    /// \endcode
    TimedEmit timeout(std::chrono::milliseconds timeout);
    /// The callback of an emit with a timeout (TimedEmit::emitEvent()): \a error is NoError and
    /// \a args the server's answer, or the reason no answer came (TimeoutError, ...), as the
    /// JavaScript client's `(err, ...args)`.
    using AckResultCallback = std::function<void(AckReply::Error error, const QVariantList &args)>;
    /// Sends \a event, or drops it when not connected (the JavaScript client's `volatile`):
    /// it never waits in the send buffer. Returns true when the packet was handed to the
    /// transport, false when it was dropped (the namespace is not connected) or refused
    /// (reserved name).
    bool emitVolatile(const QString &event, const QVariantList &args = {});
    /// Sends the event "message" (the JavaScript client's send()) with \a args, taken as
    /// emitEvent() takes them: native values (optionally ended by an ack callback, itself
    /// optionally preceded by a context object), or one QVariantList that is the argument list.
    /// \code
    /// ns->send("hello", 42);                 // ["message", "hello", 42]
    /// ns->send(QVariantList{"hello", 42});   // the same
    /// \endcode
    /// Returns what emitEvent() returns.
    template <typename... Args>
    bool send(Args &&...args) { return emitEvent(QStringLiteral("message"), std::forward<Args>(args)...); }

    // Listening. A handler is callable as f(), f(args) or f(args, ack); the
    // context overloads disconnect the listener when the context is destroyed.
    /// Adds a listener of \a event: \a f is called as f(), f(args), f(args, ack), or with typed
    /// parameters (e.g. `(const QString &name, int points)`, optionally followed by `const AckHandle &`)
    /// that receive the arguments converted by Conversion (typed handlers, and handlers whose
    /// return value answers the ack, need <SocketIOQt/TypedEvents>); a mismatch is a warning on
    /// "socketio.client" and the handler is not called. A parameter type that nothing converts
    /// to (a pointer such as QObject *, a class that is neither a Q_GADGET nor registered with
    /// Q_DECLARE_METATYPE) is a compile error (static_assert). A non-void return value answers the
    /// server's ack request, when there is one and the handler did not answer it. When every
    /// listener of an event is typed and nothing else wants the event's QVariant tree (no
    /// onAny(), no eventReceived() connection), the parameters are read straight from the frame,
    /// JSON text or MessagePack, with the same conversions, warnings and limits.
    /// \code
    /// ns->on("score", [](const QString &name, int points) { ... });
    /// \endcode
    template <typename Func>
    ListenerId on(const QString &event, Func &&f) { return addListener(event, this, wrap(event, std::forward<Func>(f)), false, false); }
    /// As on(event, f); the listener goes when \a context is destroyed.
    template <typename Func>
    ListenerId on(const QString &event, const QObject *context, Func &&f)
    { return addListener(event, context, wrap(event, std::forward<Func>(f)), false, false); }
    /// Calls the member function \a slot of \a receiver, its parameters converted as on(event, f) does.
    template <typename Obj, typename Ret, typename... Args>
    ListenerId on(const QString &event, Obj *receiver, Ret (Obj::*slot)(Args...))
    { return addListener(event, receiver, wrapMember(event, receiver, slot), false, false); }

    /// As on(), for the next occurrence only.
    template <typename Func>
    ListenerId once(const QString &event, Func &&f) { return addListener(event, this, wrap(event, std::forward<Func>(f)), true, false); }
    /// As on(event, context, f), for the next occurrence only.
    template <typename Func>
    ListenerId once(const QString &event, const QObject *context, Func &&f)
    { return addListener(event, context, wrap(event, std::forward<Func>(f)), true, false); }

    // Catch-all listeners (the JavaScript onAny / prependAny): f(event, args, ack).
    /// A catch-all listener.
    using AnyHandler = std::function<void(const QString &event, const QVariantList &args, const AckHandle &ack)>;
    /// Adds a catch-all listener, called for every incoming event before the event's own listeners.
    ListenerId onAny(AnyHandler handler, const QObject *context = nullptr);
    /// Adds a catch-all listener before the others.
    ListenerId prependAny(AnyHandler handler, const QObject *context = nullptr);
    /// An outgoing catch-all listener.
    using AnyOutgoingHandler = std::function<void(const QString &event, const QVariantList &args)>;
    /// Adds a listener of every event sent (or buffered) through this namespace.
    ListenerId onAnyOutgoing(AnyOutgoingHandler handler, const QObject *context = nullptr);
    /// Adds an outgoing catch-all listener before the others.
    ListenerId prependAnyOutgoing(AnyOutgoingHandler handler, const QObject *context = nullptr);

    /// Removes the listener \a id.
    void off(ListenerId id);           ///< any kind of listener
    /// Removes the listeners of \a event.
    void off(const QString &event);    ///< every listener of this event
    /// Removes every catch-all listener.
    void offAny();
    /// Removes every outgoing catch-all listener.
    void offAnyOutgoing();
    /// The number of listeners of \a event.
    int listenerCount(const QString &event) const;

    /// Whether \a event is a name that applications may not emit (connect, disconnect, ...).
    static bool isReservedEvent(const QString &event);

public Q_SLOTS:
    /// Joins the namespace, opening the connection if needed; on an open connection the
    /// CONNECT leaves from the event loop, so settings made in the same function apply.
    /// Idempotent: while the connection opens, while the CONNECT waits (to leave or for its
    /// answer) and once joined it sends nothing more.
    void open();
    void close(); ///< leaves it: "io client disconnect", no automatic rejoin

Q_SIGNALS:
    /// The namespace is joined ("connect").
    void connected();
    /// The namespace was left, for \a reason ("disconnect").
    void disconnected(const QString &reason);
    /// Joining failed: the server refused (\a data: its details) or the connection failed ("connect_error").
    void connectError(const QString &message, const QVariant &data);
    /// Every incoming event, after the catch-all listeners and before the event's own.
    void eventReceived(const QString &event, const QVariantList &args, const AckHandle &ack);
    /// The socket id changed.
    void idChanged();
    /// The namespace was joined or left.
    void connectedChanged(bool connected);
    /// isActive() changed.
    void activeChanged(bool active);
    /// The credentials changed.
    void authChanged();
    /// The ack timeout changed.
    void ackTimeoutChanged();
    /// The number of retries changed.
    void retriesChanged();
    /// An error occurred; see errorString().
    void errorOccurred(Namespace::Error error);

private:
    friend class SocketIO;
    friend class SocketIOPrivate;
    friend class NamespacePrivate;
    friend class AckHandle;
    Namespace(SocketIO *io, NamespaceHost *host, const QString &name);

    ListenerId addListener(const QString &event, const QObject *context, detail::Handlers handlers,
                           bool once, bool prepend);
    bool emitWithResult(const QString &event, const QVariantList &args, const QObject *context,
                        AckResultCallback callback, std::chrono::milliseconds timeout);

public:
    // Typed emits: native values, each converted with Conversion::toVariant(); optionally ended
    // by an ack callback (typed or not), itself optionally preceded by a context object. A
    // single QVariantList still is the whole argument list. They need <SocketIOQt/TypedEvents>.
    template <typename... Args, std::enable_if_t<detail::isTypedEmit<Args...>(), bool> = true>
    /// Sends \a event with native values (see Conversion::toVariant()), optionally ended by an
    /// ack callback (typed or not), itself optionally preceded by a context object.
    /// A single QVariantList is the argument list itself. Needs <SocketIOQt/TypedEvents>.
    /// \code
    /// ns->emitEvent("move", 3, "up", QByteArray("\\x01", 1), [](bool ok) { ... });
    /// \endcode
    bool emitEvent(const QString &event, Args &&...args)
    { return detail::TypedEvents<Args...>::emitEvent(this, event, std::forward<Args>(args)...); }
    template <typename... Args, std::enable_if_t<detail::isTypedEmitWithAck<Args...>(), bool> = true>
    /// emitWithAck() with native values (a number is an argument, never a timeout), waiting
    /// ackTimeout(), or the std::chrono duration given last. Needs <SocketIOQt/TypedEvents>.
    AckReply *emitWithAck(const QString &event, Args &&...args)
    { return detail::TypedEvents<Args...>::emitWithAck(this, event, std::nullopt, std::forward<Args>(args)...); }
    template <typename... Args, std::enable_if_t<detail::isTypedEmitVolatile<Args...>(), bool> = true>
    /// emitVolatile() with native values; returns what emitVolatile() returns. Needs
    /// <SocketIOQt/TypedEvents>.
    bool emitVolatile(const QString &event, Args &&...args)
    { return detail::TypedEvents<Args...>::emitVolatile(this, event, std::forward<Args>(args)...); }
    /// As on(event, receiver, slot), for a const member function.
    template <typename Obj, typename Ret, typename... Args>
    ListenerId on(const QString &event, const Obj *receiver, Ret (Obj::*slot)(Args...) const)
    { return addListener(event, receiver, wrapMember(event, receiver, slot), false, false); }
    /// As on(event, receiver, slot), for the next occurrence only.
    template <typename Obj, typename Ret, typename... Args>
    ListenerId once(const QString &event, Obj *receiver, Ret (Obj::*slot)(Args...))
    { return addListener(event, receiver, wrapMember(event, receiver, slot), true, false); }

private:
    // Handlers take (), (const QVariantList &args), (const QVariantList &args, const AckHandle &)
    // as they are; typed arguments (optionally followed by an AckHandle) and return values go
    // through Conversion, from <SocketIOQt/TypedEvents>. See on().
    template <typename Func>
    static detail::Handlers wrap(const QString &event, Func &&f)
    {
        if constexpr (detail::isTypedHandler<std::decay_t<Func>>())
            return detail::TypedEvents<std::decay_t<Func>>::handlers(event, std::forward<Func>(f));
        else
            return {detail::plainHandler(std::forward<Func>(f)), {}};
    }
    template <typename Obj, typename Ret, typename... Args>
    static detail::Handlers wrapMember(const QString &event, Obj *receiver, Ret (Obj::*slot)(Args...))
    {
        return wrap(event, [receiver, slot](Args... a) -> Ret { return (receiver->*slot)(std::forward<Args>(a)...); });
    }
    template <typename Obj, typename Ret, typename... Args>
    static detail::Handlers wrapMember(const QString &event, const Obj *receiver, Ret (Obj::*slot)(Args...) const)
    {
        return wrap(event, [receiver, slot](Args... a) -> Ret { return (receiver->*slot)(std::forward<Args>(a)...); });
    }

    Q_DECLARE_PRIVATE(Namespace)
    std::unique_ptr<NamespacePrivate> const d_ptr;
};

/// What Namespace::timeout() returns: the namespace's emits with a timeout of their own for
/// the acknowledgement. A small value, to use at once:
/// `ns->timeout(500ms)->emitWithAck(...)` or `ns->timeout(500ms).emitWithAck(...)`.
class Namespace::TimedEmit
{
public:
    /// Namespace::emitWithAck() waiting timeout().
    AckReply *emitWithAck(const QString &event, const QVariantList &args = {}) const
    { return m_ns->emitWithAck(event, args, m_timeout); }
    /// The typed Namespace::emitWithAck() waiting timeout(). Needs <SocketIOQt/TypedEvents>.
    template <typename... Args, std::enable_if_t<detail::isTypedEmitWithAck<Args...>(), bool> = true>
    AckReply *emitWithAck(const QString &event, Args &&...args) const
    { return detail::TypedEvents<Args...>::emitWithAck(m_ns, event, m_timeout, std::forward<Args>(args)...); }
    /// Sends \a event with \a args asking for an ack: \a callback receives the answer, or
    /// the error (TimeoutError after timeout(), DisconnectedError, CanceledError). Returns
    /// false when the emit is refused (the callback then hears CanceledError).
    bool emitEvent(const QString &event, const QVariantList &args, AckResultCallback callback) const
    { return m_ns->emitWithResult(event, args, nullptr, std::move(callback), m_timeout); }
    /// As above; \a callback is dropped when \a context is destroyed first.
    bool emitEvent(const QString &event, const QVariantList &args, const QObject *context,
                   AckResultCallback callback) const
    { return m_ns->emitWithResult(event, args, context, std::move(callback), m_timeout); }

    /// The namespace the emits go through.
    Namespace *ns() const { return m_ns; }
    /// How long the emits wait for their acknowledgement (0: forever).
    std::chrono::milliseconds timeout() const { return m_timeout; }
    /// For the JavaScript spelling `ns->timeout(500ms)->emitWithAck(...)`.
    const TimedEmit *operator->() const { return this; }

private:
    friend class Namespace;
    TimedEmit(Namespace *ns, std::chrono::milliseconds timeout) : m_ns(ns), m_timeout(timeout) {}
    Namespace *m_ns;
    std::chrono::milliseconds m_timeout;
};

inline Namespace::TimedEmit Namespace::timeout(std::chrono::milliseconds timeout)
{
    return TimedEmit(this, timeout);
}

} // namespace SocketIOQt

#endif // SOCKETIOQT_NAMESPACE_H
