#ifndef NAMESPACE_H
#define NAMESPACE_H

#include "ackhandle.h"
#include "ackreply.h"
#include "eventconversion.h"

#include <QtCore/qobject.h>
#include <QtCore/qvariant.h>

#include <functional>
#include <memory>
#include <type_traits>

class SocketIO;
class NamespacePrivate;

// One Socket.IO namespace on a SocketIO connection (the JavaScript client's
// Socket). Obtained from SocketIO::socket(), owned by the SocketIO.
//
// Arguments travel as QVariantList: QVariantMap, QVariantList, QString, bool,
// numbers, nullptr for null, and QByteArray for binary at any depth.
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
    Q_PROPERTY(Error error READ error NOTIFY errorOccurred)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorOccurred)

public:
    enum Error {
        NoError,
        ConnectError,       // the server refused the namespace (CONNECT_ERROR)
        ReservedEventError, // an emit used a reserved event name
        InvalidArgumentError
    };
    Q_ENUM(Error)

    using ListenerId = quint64;
    using Handler = std::function<void(const QVariantList &args, const AckHandle &ack)>;
    using AckCallback = std::function<void(const QVariantList &args)>;

    ~Namespace() override;

    SocketIO *io() const;
    QString name() const;
    QString id() const;          // the socket id given by the server, empty while disconnected
    bool isConnected() const;
    bool isActive() const;       // open() was called and close() was not: reconnects rejoin
    bool isRecovered() const;    // the last connection restored a previous session
    QVariantMap auth() const;
    void setAuth(const QVariantMap &auth); // sent with the next CONNECT
    int ackTimeout() const;      // ms, 0: wait forever (the default)
    void setAckTimeout(int ms);

    Error error() const;
    QString errorString() const;

    // Sending. Qt reserves the word "emit"; these keep the JavaScript names'
    // meaning. While disconnected, packets wait in the send buffer (see
    // SocketIO::sendBufferLimit) unless volatile.
    bool emitEvent(const QString &event, const QVariantList &args = {});
    bool emitEvent(const QString &event, const QVariantList &args, AckCallback callback);
    bool emitEvent(const QString &event, const QVariantList &args, const QObject *context,
                   AckCallback callback);
    AckReply *emitWithAck(const QString &event, const QVariantList &args = {}, int timeoutMs = -1);
    bool emitVolatile(const QString &event, const QVariantList &args = {});
    bool send(const QVariantList &args) { return emitEvent(QStringLiteral("message"), args); }

    // Listening. A handler is callable as f(), f(args) or f(args, ack); the
    // context overloads disconnect the listener when the context is destroyed.
    template <typename Func>
    ListenerId on(const QString &event, Func &&f) { return addListener(event, this, wrap(event, std::forward<Func>(f)), false, false); }
    template <typename Func>
    ListenerId on(const QString &event, const QObject *context, Func &&f)
    { return addListener(event, context, wrap(event, std::forward<Func>(f)), false, false); }
    template <typename Obj, typename Ret, typename... Args>
    ListenerId on(const QString &event, Obj *receiver, Ret (Obj::*slot)(Args...))
    { return addListener(event, receiver, wrapMember(event, receiver, slot), false, false); }

    template <typename Func>
    ListenerId once(const QString &event, Func &&f) { return addListener(event, this, wrap(event, std::forward<Func>(f)), true, false); }
    template <typename Func>
    ListenerId once(const QString &event, const QObject *context, Func &&f)
    { return addListener(event, context, wrap(event, std::forward<Func>(f)), true, false); }

    // Catch-all listeners (the JavaScript onAny / prependAny): f(event, args, ack).
    using AnyHandler = std::function<void(const QString &event, const QVariantList &args, const AckHandle &ack)>;
    ListenerId onAny(AnyHandler handler, const QObject *context = nullptr);
    ListenerId prependAny(AnyHandler handler, const QObject *context = nullptr);
    using AnyOutgoingHandler = std::function<void(const QString &event, const QVariantList &args)>;
    ListenerId onAnyOutgoing(AnyOutgoingHandler handler, const QObject *context = nullptr);
    ListenerId prependAnyOutgoing(AnyOutgoingHandler handler, const QObject *context = nullptr);

    void off(ListenerId id);           // any kind of listener
    void off(const QString &event);    // every listener of this event
    void offAny();
    void offAnyOutgoing();
    int listenerCount(const QString &event) const;

    static bool isReservedEvent(const QString &event);

public Q_SLOTS:
    void open();  // joins the namespace, opening the connection if needed
    void close(); // leaves it: "io client disconnect", no automatic rejoin

Q_SIGNALS:
    void connected();
    void disconnected(const QString &reason);
    void connectError(const QString &message, const QVariant &data);
    void eventReceived(const QString &event, const QVariantList &args, const AckHandle &ack);
    void idChanged();
    void connectedChanged(bool connected);
    void activeChanged(bool active);
    void authChanged();
    void ackTimeoutChanged();
    void errorOccurred(Namespace::Error error);

private:
    friend class SocketIO;
    friend class SocketIOPrivate;
    friend class NamespacePrivate;
    friend class AckHandle;
    Namespace(SocketIO *io, const QString &name);

    ListenerId addListener(const QString &event, const QObject *context, Handler handler,
                           bool once, bool prepend);

public:
    // Typed emits: native values, each converted with SocketIOConversion::toVariant();
    // optionally ended by an ack callback (typed or not), itself optionally preceded by a
    // context object. A single QVariantList still is the whole argument list.
    //     ns->emitEvent("move", 3, "up", QByteArray(...), [](bool ok) { ... });
    template <typename... Args,
              std::enable_if_t<SocketIOConversion::detail::isTypedEmit<Args...>(), bool> = true>
    bool emitEvent(const QString &event, Args &&...args)
    {
        auto tuple = std::forward_as_tuple(std::forward<Args>(args)...);
        return emitTuple(event, tuple, std::index_sequence_for<Args...>());
    }
    template <typename... Args,
              std::enable_if_t<SocketIOConversion::detail::isTypedEmitWithAck<Args...>(), bool> = true>
    AckReply *emitWithAck(const QString &event, Args &&...args)
    {
        return emitWithAck(event, SocketIOConversion::toArguments(args...));
    }
    template <typename... Args,
              std::enable_if_t<SocketIOConversion::detail::isTypedEmitVolatile<Args...>(), bool> = true>
    bool emitVolatile(const QString &event, Args &&...args)
    {
        return emitVolatile(event, SocketIOConversion::toArguments(args...));
    }
    template <typename Obj, typename Ret, typename... Args>
    ListenerId on(const QString &event, const Obj *receiver, Ret (Obj::*slot)(Args...) const)
    { return addListener(event, receiver, wrapMember(event, receiver, slot), false, false); }
    template <typename Obj, typename Ret, typename... Args>
    ListenerId once(const QString &event, Obj *receiver, Ret (Obj::*slot)(Args...))
    { return addListener(event, receiver, wrapMember(event, receiver, slot), true, false); }

private:
    // Handlers take (), (const QVariantList &args), (const QVariantList &args, const AckHandle &)
    // or typed arguments converted with SocketIOConversion (optionally followed by an
    // AckHandle); see on().
    template <typename Func>
    static Handler wrap(const QString &event, Func &&f)
    {
        return SocketIOConversion::makeHandler(QStringLiteral("handler of event \"%1\"").arg(event),
                                               std::forward<Func>(f));
    }
    template <typename Obj, typename Ret, typename... Args>
    static Handler wrapMember(const QString &event, Obj *receiver, Ret (Obj::*slot)(Args...))
    {
        return wrap(event, [receiver, slot](Args... a) -> Ret { return (receiver->*slot)(std::forward<Args>(a)...); });
    }
    template <typename Obj, typename Ret, typename... Args>
    static Handler wrapMember(const QString &event, const Obj *receiver, Ret (Obj::*slot)(Args...) const)
    {
        return wrap(event, [receiver, slot](Args... a) -> Ret { return (receiver->*slot)(std::forward<Args>(a)...); });
    }
    template <typename Func>
    static AckCallback wrapAck(const QString &event, Func &&f)
    {
        return SocketIOConversion::makeAckCallback(QStringLiteral("ack callback of \"%1\"").arg(event),
                                                   std::forward<Func>(f));
    }
    template <typename Tuple, std::size_t... I>
    bool emitTuple(const QString &event, Tuple &tuple, std::index_sequence<I...>)
    {
        constexpr std::size_t n = sizeof...(I);
        using Last = std::tuple_element_t<n - 1, Tuple>;
        if constexpr (SocketIOConversion::detail::isCallback<Last>()) {
            if constexpr (n >= 2 && SocketIOConversion::detail::isContext<std::tuple_element_t<(n >= 2 ? n - 2 : 0), Tuple>>()) {
                return emitEvent(event,
                                 SocketIOConversion::detail::argumentsFrom<0>(tuple, std::make_index_sequence<n - 2>()),
                                 std::get<n - 2>(tuple), wrapAck(event, std::get<n - 1>(tuple)));
            } else {
                return emitEvent(event,
                                 SocketIOConversion::detail::argumentsFrom<0>(tuple, std::make_index_sequence<n - 1>()),
                                 wrapAck(event, std::get<n - 1>(tuple)));
            }
        } else {
            return emitEvent(event, SocketIOConversion::detail::argumentsFrom<0>(tuple, std::make_index_sequence<n>()));
        }
    }

    Q_DECLARE_PRIVATE(Namespace)
    std::unique_ptr<NamespacePrivate> const d_ptr;
};

#endif // NAMESPACE_H
