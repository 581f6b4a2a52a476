#ifndef SOCKETIOQT_TYPEDEVENTS_H
#define SOCKETIOQT_TYPEDEVENTS_H

#include <SocketIOQt/conversion.h>
#include <SocketIOQt/namespace.h>

/*!
    \file typedevents.h
    \brief Typed handlers and emits: native C++ values in and out of Namespace.

    Include <SocketIOQt/TypedEvents> (or the module header <SocketIOQt/SocketIOQt>) to call
    Namespace::on() with typed parameters, Namespace::emitEvent(), emitWithAck(), emitVolatile()
    and send() with native values, and to answer an ack with a handler's return value. The
    values are converted by Conversion (see conversion.h). namespace.h alone keeps the untyped
    forms (QVariantList arguments) and does not pull in the conversion templates.

    \code
    #include <SocketIOQt/TypedEvents>

    ns->on("score", [](const QString &name, int points) { ... });
    ns->emitEvent("move", 3, "up", [](bool ok) { ... });
    ns->emitWithAck("join", QString("lobby"), 500ms);
    \endcode
*/

namespace SocketIOQt {
namespace detail {

// The typed forms of Namespace's template members (see typedeventsfwd.h). Args is the pack of
// the emit, or the handler's type alone.
template <typename... Args>
struct TypedEvents
{
    template <typename Func>
    static Handlers handlers(const QString &event, Func &&f)
    {
        return Conversion::detail::makeHandlers(QStringLiteral("handler of event \"%1\"").arg(event),
                                                std::forward<Func>(f));
    }

    static bool emitEvent(Namespace *ns, const QString &event, Args &&...args)
    {
        auto tuple = std::forward_as_tuple(std::forward<Args>(args)...);
        return emitTuple(ns, event, tuple, std::index_sequence_for<Args...>());
    }

    // A std::chrono duration last is the timeout; \a timeout (TimedEmit's) otherwise, or
    // ackTimeout() when it is empty.
    static AckReply *emitWithAck(Namespace *ns, const QString &event,
                                 std::optional<std::chrono::milliseconds> timeout, Args &&...args)
    {
        auto tuple = std::forward_as_tuple(std::forward<Args>(args)...);
        constexpr std::size_t n = sizeof...(Args);
        if constexpr (IsDuration<std::tuple_element_t<n - 1, decltype(tuple)>>::value) {
            return ns->emitWithAck(event, Conversion::detail::argumentsFrom<0>(tuple, std::make_index_sequence<n - 1>()),
                                   std::chrono::ceil<std::chrono::milliseconds>(std::get<n - 1>(tuple)));
        } else if (timeout) {
            return ns->emitWithAck(event, Conversion::toArguments(args...), *timeout);
        } else {
            return ns->emitWithAck(event, Conversion::toArguments(args...));
        }
    }

    static bool emitVolatile(Namespace *ns, const QString &event, Args &&...args)
    {
        return ns->emitVolatile(event, Conversion::toArguments(args...));
    }

private:
    template <typename Func>
    static Namespace::AckCallback ackCallback(const QString &event, Func &&f)
    {
        return Conversion::makeAckCallback(QStringLiteral("ack callback of \"%1\"").arg(event),
                                           std::forward<Func>(f));
    }

    // Values, optionally ended by an ack callback, itself optionally preceded by a context.
    template <typename Tuple, std::size_t... I>
    static bool emitTuple(Namespace *ns, const QString &event, Tuple &tuple, std::index_sequence<I...>)
    {
        using namespace Conversion::detail;
        constexpr std::size_t n = sizeof...(I);
        using Last = std::tuple_element_t<n - 1, Tuple>;
        if constexpr (isCallback<Last>()) {
            if constexpr (n >= 2 && isContext<std::tuple_element_t<(n >= 2 ? n - 2 : 0), Tuple>>()) {
                return ns->emitEvent(event, argumentsFrom<0>(tuple, std::make_index_sequence<n - 2>()),
                                     std::get<n - 2>(tuple), ackCallback(event, std::get<n - 1>(tuple)));
            } else {
                return ns->emitEvent(event, argumentsFrom<0>(tuple, std::make_index_sequence<n - 1>()),
                                     ackCallback(event, std::get<n - 1>(tuple)));
            }
        } else {
            return ns->emitEvent(event, argumentsFrom<0>(tuple, std::make_index_sequence<n>()));
        }
    }
};

} // namespace detail
} // namespace SocketIOQt

#endif // SOCKETIOQT_TYPEDEVENTS_H
