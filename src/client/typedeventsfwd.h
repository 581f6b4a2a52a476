#ifndef SOCKETIOQT_TYPEDEVENTSFWD_H
#define SOCKETIOQT_TYPEDEVENTSFWD_H

#include <SocketIOQt/ackhandle.h>

#include <QtCore/qbytearrayview.h>
#include <QtCore/qvariant.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <tuple>
#include <type_traits>
#include <utility>

/*!
    \file typedeventsfwd.h
    \brief What namespace.h needs to tell typed handlers and emits from untyped ones.

    Not a header to include: namespace.h does. Handlers of the untyped shapes (`()`,
    `(const QVariantList &)`, `(const QVariantList &, const AckHandle &)`, returning nothing)
    and emits of a QVariantList work with namespace.h alone. Typed handlers, typed emits and
    handlers that answer with their return value need <SocketIOQt/TypedEvents>; without it they
    do not compile, and the error names detail::TypedEvents.
*/

namespace SocketIOQt {
namespace detail {

template <typename T>
using Bare = std::remove_cv_t<std::remove_reference_t<T>>;

template <typename T> struct IsDurationImpl : std::false_type {};
template <typename R, typename P> struct IsDurationImpl<std::chrono::duration<R, P>> : std::true_type {};
// A std::chrono duration: a timeout (the last of emitWithAck()'s values), never an argument.
template <typename T> struct IsDuration : IsDurationImpl<Bare<T>> {};

// --- What a handler looks like ------------------------------------------------------------------

template <typename R, typename... A>
struct Signature
{
    static constexpr bool known = true;
    using Return = R;
    using Args = std::tuple<A...>;
    static constexpr std::size_t arity = sizeof...(A);
};

template <typename F, typename = void>
struct CallableTraits { static constexpr bool known = false; };
template <typename R, typename... A>
struct CallableTraits<R (*)(A...), void> : Signature<R, A...> {};
template <typename R, typename... A>
struct CallableTraits<R (*)(A...) noexcept, void> : Signature<R, A...> {};
template <typename R, typename C, typename... A>
struct CallableTraits<R (C::*)(A...), void> : Signature<R, A...> {};
template <typename R, typename C, typename... A>
struct CallableTraits<R (C::*)(A...) const, void> : Signature<R, A...> {};
template <typename R, typename C, typename... A>
struct CallableTraits<R (C::*)(A...) noexcept, void> : Signature<R, A...> {};
template <typename R, typename C, typename... A>
struct CallableTraits<R (C::*)(A...) const noexcept, void> : Signature<R, A...> {};
template <typename F>
struct CallableTraits<F, std::void_t<decltype(&F::operator())>> : CallableTraits<decltype(&F::operator())> {};

// (const QVariantList &) or (const QVariantList &, const AckHandle &): the raw argument list.
template <typename Tuple>
struct IsRawList : std::false_type {};
template <typename A>
struct IsRawList<std::tuple<A>> : std::is_same<Bare<A>, QVariantList> {};
template <typename A, typename B>
struct IsRawList<std::tuple<A, B>>
    : std::bool_constant<std::is_same_v<Bare<A>, QVariantList> && std::is_same_v<Bare<B>, AckHandle>> {};

// Whether a handler needs <SocketIOQt/TypedEvents>: typed parameters, or a return value that
// answers the ack. The untyped shapes, (), (const QVariantList &) and
// (const QVariantList &, const AckHandle &) returning void, do not.
template <typename F>
constexpr bool isTypedHandler()
{
    using Traits = CallableTraits<F>;
    if constexpr (Traits::known) {
        return !std::is_void_v<typename Traits::Return>
                || (Traits::arity > 0 && !IsRawList<typename Traits::Args>::value);
    } else if constexpr (std::is_invocable_v<F &, const QVariantList &, const AckHandle &>) {
        // Generic lambdas and other overloaded callables: the untyped forms.
        return !std::is_void_v<std::invoke_result_t<F &, const QVariantList &, const AckHandle &>>;
    } else if constexpr (std::is_invocable_v<F &, const QVariantList &>) {
        return !std::is_void_v<std::invoke_result_t<F &, const QVariantList &>>;
    } else {
        static_assert(std::is_invocable_v<F &>,
                      "a handler takes (), (const QVariantList &), (const QVariantList &, const AckHandle &) "
                      "or typed arguments, optionally followed by const AckHandle &");
        return !std::is_void_v<std::invoke_result_t<F &>>;
    }
}

// The untyped shapes, called as they are.
template <typename Func>
std::function<void(const QVariantList &, const AckHandle &)> plainHandler(Func &&f)
{
    using F = std::decay_t<Func>;
    return [f = F(std::forward<Func>(f))](const QVariantList &args, const AckHandle &ack) mutable {
        using Traits = CallableTraits<F>;
        if constexpr (Traits::known) {
            if constexpr (Traits::arity == 0)
                f();
            else if constexpr (Traits::arity == 1)
                f(args);
            else
                f(args, ack);
        } else if constexpr (std::is_invocable_v<F &, const QVariantList &, const AckHandle &>) {
            f(args, ack);
        } else if constexpr (std::is_invocable_v<F &, const QVariantList &>) {
            f(args);
        } else {
            f();
        }
    };
}

// --- Typed handlers without the QVariant tree ---------------------------------------------------
// Each argument of a plain event (no attachments) as it came, JSON text or MessagePack, checked
// by the decoder: typed handlers read their parameters straight from it
// (Conversion::detail::fromEncodedArgument()).
struct EncodedArguments
{
    enum Format : quint8 { Json, MsgPack };

    const QByteArrayView *data = nullptr;
    qsizetype size = 0;
    // The members of the arguments that are objects (maps), as the decoder found them while
    // checking (so that a gadget's properties are found without reading the object again):
    // argument i's are the pairs memberIndex[i] to memberIndex[i + 1] - 1 of memberPairs, each
    // a key (JSON: its text between the quotes, escapes as they are; MessagePack: the string's
    // bytes) and its value as it came. Null when not known.
    const QByteArrayView *memberPairs = nullptr;
    const qsizetype *memberIndex = nullptr;
    Format format = Json;
};
using EncodedHandler = std::function<void(const EncodedArguments &args, const AckHandle &ack)>;

// What Namespace::on() registers: the handler, and for a typed one the same handler taking
// the arguments as they came (empty for the untyped shapes, which take the tree).
struct Handlers
{
    std::function<void(const QVariantList &args, const AckHandle &ack)> tree;
    EncodedHandler encoded;
};

// --- Which argument packs the typed (variadic) emits take ---------------------------------------
// Every pack but the shapes of the QVariantList overloads, so that those keep their meaning and
// the two never recurse. Rest tells whether the elements after the leading QVariantList make
// one of those shapes.
template <template <typename...> class Rest, typename First, typename... A>
constexpr bool isTypedPack()
{
    if constexpr (!std::is_same_v<Bare<First>, QVariantList>)
        return true;
    else
        return !Rest<A...>::value;
}

template <typename... A> struct IsUntypedEmitRest : std::false_type {};
template <> struct IsUntypedEmitRest<> : std::true_type {};
template <typename C>
struct IsUntypedEmitRest<C> : std::is_convertible<C, std::function<void(const QVariantList &)>> {};
template <typename O, typename C>
struct IsUntypedEmitRest<O, C>
    : std::bool_constant<std::is_convertible_v<O, const QObject *>
                         && std::is_convertible_v<C, std::function<void(const QVariantList &)>>> {};

template <typename... A> struct IsUntypedAckRest : std::false_type {};
template <> struct IsUntypedAckRest<> : std::true_type {};
template <typename D> struct IsUntypedAckRest<D> : IsDuration<D> {};

template <typename... A> struct IsUntypedVolatileRest : std::bool_constant<sizeof...(A) == 0> {};

// emitEvent(): every pack but (list), (list, callback), (list, context, callback).
template <typename... A>
constexpr bool isTypedEmit()
{
    if constexpr (sizeof...(A) == 0)
        return false;
    else
        return isTypedPack<IsUntypedEmitRest, A...>();
}

// emitWithAck(): every pack but (list) and (list, duration): a number after a QVariantList is an
// argument, as anywhere else.
template <typename... A>
constexpr bool isTypedEmitWithAck()
{
    if constexpr (sizeof...(A) == 0)
        return false;
    else
        return isTypedPack<IsUntypedAckRest, A...>();
}

// emitVolatile(): every pack but (list).
template <typename... A>
constexpr bool isTypedEmitVolatile()
{
    if constexpr (sizeof...(A) == 0)
        return false;
    else
        return isTypedPack<IsUntypedVolatileRest, A...>();
}

// Defined in <SocketIOQt/TypedEvents> (typedevents.h): the conversions typed handlers and emits
// need. A use without that header fails here, as an incomplete type.
template <typename... T>
struct TypedEvents;

} // namespace detail
} // namespace SocketIOQt

#endif // SOCKETIOQT_TYPEDEVENTSFWD_H
