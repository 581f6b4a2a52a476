#ifndef SOCKETIOQT_CONVERSION_H
#define SOCKETIOQT_CONVERSION_H

#include <SocketIOQt/ackhandle.h>
#include <SocketIOQt/typedeventsfwd.h>
#include <SocketIOQt/socketioqt_export.h>

#include <QtCore/qbytearrayview.h>
#include <QtCore/qhash.h>
#include <QtCore/qlist.h>
#include <QtCore/qmap.h>
#include <QtCore/qmetatype.h>
#include <QtCore/qstring.h>
#include <QtCore/qvariant.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace SocketIOQt {

/*!
    \file conversion.h
    \brief Conversion between event arguments (QVariant trees) and native C++ types.

    Event arguments travel as QVariant trees: QVariantMap, QVariantList, QString, bool, int,
    qlonglong, double, \c nullptr for JSON null and QByteArray for binary. The functions here
    convert them to and from the types that typed handlers, typed emits and bound QObject
    methods use. Namespace::on() and Namespace::emitEvent() (with <SocketIOQt/TypedEvents>) and
    ObjectBinding call them for you; call them yourself for AckReply::arguments() or stored values.

    Incoming values are converted strictly, so that a protocol mismatch shows instead of
    turning into a silent default:

    | target type                               | accepts                                    |
    |-------------------------------------------|--------------------------------------------|
    | QVariant                                  | anything                                   |
    | QString                                   | a string                                   |
    | bool                                      | a boolean                                  |
    | int, qint64, uint, short, ... (integers)  | a number that is integral and in range     |
    | double, float                             | a number                                   |
    | QByteArray                                | binary                                     |
    | QVariantMap, QVariantHash, QJsonObject    | an object                                  |
    | QVariantList, QJsonArray                  | an array                                   |
    | QList<T>, std::vector<T>, QStringList     | an array whose elements all convert to T   |
    | QMap<QString, T>, QHash<QString, T>       | an object whose values all convert to T    |
    | std::optional<T>                          | null or a missing argument (empty), or T   |
    | QJsonValue                                | anything but binary                        |
    | \c std::nullptr_t                         | null                                       |
    | a Q_GADGET type                           | an object: each key that names a property is converted to the property's type; other keys are ignored, missing ones keep their default |
    | a Q_ENUM or other enumeration             | an integral number, or (Q_ENUM) a key name |
    | any other registered type                 | what QMetaType::convert() accepts (QUrl, QDateTime and QUuid from strings, ...) |

    A typed handler or ack callback whose parameter is none of these (a pointer such as
    \c QObject*, a class that is neither a Q_GADGET nor registered with Q_DECLARE_METATYPE)
    does not compile: a static_assert says why, rather than a handler that is never called.

    Outgoing values are converted into the same trees: QJsonObject, QJsonArray and QJsonValue
    into QVariantMap / QVariantList / scalars, gadgets into a QVariantMap of their properties,
    enumerations into numbers, containers of any of these into lists or maps, \c const \c char*
    into QString (UTF-8), std::optional into its value or null.
*/

/*!
    \brief Conversions between Socket.IO event arguments and native types.

    \code
    int points = 0;
    QString why;
    if (!Conversion::fromVariant(reply->arguments().value(0), &points, &why))
        qWarning() << "unexpected answer:" << why;

    const QVariantList args = Conversion::toArguments(QStringLiteral("up"), 3, QByteArray("\x01", 1));
    \endcode
*/
namespace Conversion {

/*!
    Converts \a value to the type \a type into \a out, which must point to a constructed
    object of that type. Returns \c false and sets \a error (when not null) to a description
    such as "expected int, got a string" when the value does not convert; \a out is then
    unchanged. The rules are in the table of conversion.h.
*/
SOCKETIOQT_EXPORT bool fromVariant(const QVariant &value, QMetaType type, void *out,
                                   QString *error = nullptr);

/*!
    Converts the object of type \a type at \a value into an argument value (a QVariant tree that
    the packet encoder writes as JSON with binary attachments).
*/
SOCKETIOQT_EXPORT QVariant toVariant(QMetaType type, const void *value);

/*!
    A short description of what \a value holds, for messages: "a string", "an object",
    "binary (3 bytes)", "null", "nothing" (an invalid QVariant), ...
*/
SOCKETIOQT_EXPORT QString describe(const QVariant &value);

/*!
    Logs the warning for an argument that did not convert, on the "socketio.client" category:
    \a what names the receiver ("event \"score\"", "ack of \"join\"", "slot Chat::message"),
    \a index is the 0-based argument index and \a error the reason.
*/
SOCKETIOQT_EXPORT void warnMismatch(const QString &what, int index, const QString &error);

namespace detail {
template <typename T> struct IsOptional : std::false_type {};
template <typename T> struct IsOptional<std::optional<T>> : std::true_type {};

template <typename T> struct IsList : std::false_type {};
template <typename T> struct IsList<QList<T>> : std::true_type {};
template <typename T, typename A> struct IsList<std::vector<T, A>> : std::true_type {};

template <typename T> struct IsStringMap : std::false_type {};
template <typename T> struct IsStringMap<QMap<QString, T>> : std::true_type {};
template <typename T> struct IsStringMap<QHash<QString, T>> : std::true_type {};

using SocketIOQt::detail::Bare;
using SocketIOQt::detail::IsDuration;

template <typename T>
constexpr bool isCharArray()
{
    using U = Bare<T>;
    if constexpr (std::is_array_v<U>)
        return std::is_same_v<std::remove_cv_t<std::remove_extent_t<U>>, char>;
    else
        return std::is_same_v<std::decay_t<U>, const char *> || std::is_same_v<std::decay_t<U>, char *>;
}

SOCKETIOQT_EXPORT QString elementError(const QString &where, const QString &error);
} // namespace detail

/*!
    Converts \a value into \a out with the rules of conversion.h; returns \c false and sets
    \a error when it does not convert (\a out is then unchanged or partly filled). Containers
    (QList, std::vector, QMap/QHash with QString keys) and std::optional are converted element by
    element, so \c QList<MyGadget> works.
*/
template <typename T>
bool fromVariant(const QVariant &value, T *out, QString *error = nullptr)
{
    if constexpr (std::is_same_v<T, QVariant>) {
        *out = value;
        return true;
    } else if constexpr (detail::IsOptional<T>::value) {
        if (!value.isValid() || value.typeId() == QMetaType::Nullptr) {
            out->reset();
            return true;
        }
        typename T::value_type inner{};
        if (!fromVariant(value, &inner, error))
            return false;
        *out = std::move(inner);
        return true;
    } else if constexpr (detail::IsList<T>::value && !std::is_same_v<T, QVariantList>) {
        if (value.typeId() != QMetaType::QVariantList) {
            if (error)
                *error = QStringLiteral("expected an array, got %1").arg(describe(value));
            return false;
        }
        const QVariantList list = value.toList();
        T result;
        result.reserve(list.size());
        for (qsizetype i = 0; i < list.size(); ++i) {
            typename T::value_type element{};
            if (!fromVariant(list.at(i), &element, error)) {
                if (error)
                    *error = detail::elementError(QLatin1Char('[') + QString::number(i) + QLatin1Char(']'), *error);
                return false;
            }
            result.push_back(std::move(element));
        }
        *out = std::move(result);
        return true;
    } else if constexpr (detail::IsStringMap<T>::value && !std::is_same_v<T, QVariantMap>
                         && !std::is_same_v<T, QVariantHash>) {
        if (value.typeId() != QMetaType::QVariantMap && value.typeId() != QMetaType::QVariantHash) {
            if (error)
                *error = QStringLiteral("expected an object, got %1").arg(describe(value));
            return false;
        }
        const QVariantMap map = value.toMap();
        T result;
        for (auto it = map.cbegin(); it != map.cend(); ++it) {
            typename T::mapped_type element{};
            if (!fromVariant(it.value(), &element, error)) {
                if (error)
                    *error = detail::elementError(QLatin1Char('.') + it.key(), *error);
                return false;
            }
            result.insert(it.key(), std::move(element));
        }
        *out = std::move(result);
        return true;
    } else {
        return fromVariant(value, QMetaType::fromType<T>(), out, error);
    }
}

namespace detail {
using SocketIOQt::detail::EncodedArguments;

// Typed handlers of plain events read their parameters from each argument as it came (JSON text
// or MessagePack), checked by the decoder, without the QVariant tree. The result is what fromVariant() makes of
// the tree: where these cannot tell, they return false, and the caller converts the tree of that
// one argument (which also words the mismatch).
// The value json holds converted to type into out; out is left alone when false.
SOCKETIOQT_EXPORT bool fromJson(QByteArrayView json, QMetaType type, void *out);
// The tree of json alone, as the decoder makes it.
SOCKETIOQT_EXPORT QVariant variantFromJson(QByteArrayView json);
// The elements of an array, one per call (see SocketIOJson::nextElement()).
SOCKETIOQT_EXPORT bool nextJsonElement(QByteArrayView *rest, QByteArrayView *element);
// fromJson() of argument i of args (or its MessagePack counterpart), which for a gadget takes
// the members the decoder found.
SOCKETIOQT_EXPORT bool fromEncodedArgument(const EncodedArguments &args, qsizetype i, QMetaType type, void *out);
// The tree of argument i of args alone, as the decoder makes it.
SOCKETIOQT_EXPORT QVariant variantFromArgument(const EncodedArguments &args, qsizetype i);

// Whether fromJson() reads a T through its meta-type (scalars, strings, gadgets, QVariantList,
// QVariantMap, ...) rather than through the templates below.
template <typename T>
constexpr bool readsThroughMetaType()
{
    return !std::is_same_v<T, QVariant> && !IsOptional<T>::value
            && !(IsList<T>::value && !std::is_same_v<T, QVariantList>)
            && !(IsStringMap<T>::value && !std::is_same_v<T, QVariantMap>
                 && !std::is_same_v<T, QVariantHash>);
}

template <typename T>
bool fromJson(QByteArrayView json, T *out)
{
    if constexpr (readsThroughMetaType<T>()) {
        return fromJson(json, QMetaType::fromType<T>(), out);
    } else if constexpr (std::is_same_v<T, QVariant>) {
        *out = variantFromJson(json);
        return true;
    } else if constexpr (IsOptional<T>::value) {
        if (json == QByteArrayView("null")) {
            out->reset();
            return true;
        }
        typename T::value_type inner{};
        if (!fromJson(json, &inner))
            return false;
        *out = std::move(inner);
        return true;
    } else if constexpr (IsList<T>::value && !std::is_same_v<T, QVariantList>) {
        if (!json.startsWith('['))
            return false;
        T result;
        QByteArrayView element;
        while (nextJsonElement(&json, &element)) {
            typename T::value_type value{};
            if (!fromJson(element, &value))
                return false;
            result.push_back(std::move(value));
        }
        *out = std::move(result);
        return true;
    } else {
        static_assert(IsStringMap<T>::value);
        return Conversion::fromVariant(variantFromJson(json), out);
    }
}

template <typename T>
bool fromEncodedArgument(const EncodedArguments &args, qsizetype i, T *out)
{
    if constexpr (readsThroughMetaType<T>())
        return fromEncodedArgument(args, i, QMetaType::fromType<T>(), out);
    else if (args.format == EncodedArguments::Json)
        return fromJson(args.data[i], out);
    else
        return Conversion::fromVariant(variantFromArgument(args, i), out);
}
} // namespace detail

/*!
    Returns argument \a index of \a args converted to \c T, or \c std::nullopt when it is missing
    or does not convert (without a warning).

    \code
    connect(reply, &AckReply::acknowledged, this, [](const QVariantList &args) {
        if (auto users = Conversion::argument<QStringList>(args, 0))
            qDebug() << *users;
    });
    \endcode
*/
template <typename T>
std::optional<T> argument(const QVariantList &args, qsizetype index)
{
    T value{};
    if (index < 0 || (index >= args.size() && !detail::IsOptional<T>::value))
        return std::nullopt;
    if (!fromVariant(args.value(index), &value))
        return std::nullopt;
    return value;
}

/*!
    Converts \a value into an argument value (see conversion.h): what the typed emits
    send for each argument.
*/
template <typename T>
QVariant toVariant(const T &value)
{
    using U = detail::Bare<T>;
    static_assert(!detail::IsDuration<U>::value,
                  "a std::chrono duration is not an event argument: a timeout goes last in "
                  "Namespace::emitWithAck(), or use Namespace::timeout()");
    if constexpr (detail::isCharArray<T>()) {
        return QString::fromUtf8(value);
    } else if constexpr (std::is_same_v<U, std::nullptr_t>) {
        return QVariant::fromValue(nullptr);
    } else if constexpr (std::is_same_v<U, QString> || std::is_same_v<U, QByteArray>
                         || std::is_same_v<U, bool> || std::is_same_v<U, int>
                         || std::is_same_v<U, double> || std::is_same_v<U, qlonglong>
                         || std::is_same_v<U, QVariantMap> || std::is_same_v<U, QVariantList>
                         || std::is_same_v<U, QStringList>) {
        return QVariant::fromValue(value);
    } else if constexpr (std::is_same_v<U, QLatin1String> || std::is_same_v<U, QStringView>) {
        return value.toString();
    } else if constexpr (detail::IsOptional<U>::value) {
        return value ? toVariant(*value) : QVariant::fromValue(nullptr);
    } else if constexpr (detail::IsList<U>::value) {
        QVariantList list;
        list.reserve(qsizetype(value.size()));
        for (const auto &element : value)
            list.append(toVariant(element));
        return list;
    } else if constexpr (detail::IsStringMap<U>::value && !std::is_same_v<U, QVariantHash>) {
        QVariantMap map;
        for (auto it = value.cbegin(); it != value.cend(); ++it)
            map.insert(it.key(), toVariant(it.value()));
        return map;
    } else {
        return toVariant(QMetaType::fromType<U>(), &value);
    }
}

/*!
    The argument list of an event made of native values, each converted with toVariant():
    \code
    ns->emitEvent(QStringLiteral("move"), Conversion::toArguments(3, "up", QByteArray(...)));
    \endcode
    (Namespace::emitEvent() takes native values directly as well.)
*/
template <typename... Args>
QVariantList toArguments(const Args &...args)
{
    QVariantList list;
    list.reserve(qsizetype(sizeof...(Args)));
    (list.append(toVariant(args)), ...);
    return list;
}

namespace detail {

using SocketIOQt::detail::CallableTraits;
using SocketIOQt::detail::IsRawList;

template <typename Tuple>
struct LastIsAck : std::false_type {};
template <typename H, typename... T>
struct LastIsAck<std::tuple<H, T...>>
    : std::is_same<Bare<std::tuple_element_t<sizeof...(T), std::tuple<H, T...>>>, AckHandle> {};

template <typename T>
struct Storage { using type = Bare<T>; };

template <typename T, typename = void> struct IsGadget : std::false_type {};
template <typename T> struct IsGadget<T, std::void_t<typename T::QtGadgetHelper>> : std::true_type {};

// Whether fromVariant() can produce a T at all (the table of conversion.h): what a typed
// handler's or ack callback's parameter may be. Pointers (QObject * included) and classes that
// are neither a Q_GADGET nor known to QMetaType (Q_DECLARE_METATYPE) never convert.
template <typename T>
constexpr bool isConvertibleParameter()
{
    using U = Bare<T>;
    if constexpr (IsOptional<U>::value)
        return isConvertibleParameter<typename U::value_type>();
    else if constexpr (IsList<U>::value)
        return isConvertibleParameter<typename U::value_type>();
    else if constexpr (IsStringMap<U>::value)
        return isConvertibleParameter<typename U::mapped_type>();
    else if constexpr (std::is_pointer_v<U> || std::is_member_pointer_v<U> || IsDuration<U>::value
                       || std::is_same_v<U, AckHandle>)
        return false;
    else if constexpr (std::is_arithmetic_v<U> || std::is_enum_v<U> || std::is_same_v<U, std::nullptr_t>)
        return true;
    else if constexpr (IsGadget<U>::value)
        return true;
    else
        return bool(QMetaTypeId2<U>::Defined);
}

// Converts args into typed storage and calls f; false (after a warning) on a mismatch.
template <typename R, typename Tuple, bool WithAck, typename Indices>
struct TypedCall;
template <typename R, typename... A, bool WithAck, std::size_t... I>
struct TypedCall<R, std::tuple<A...>, WithAck, std::index_sequence<I...>>
{
    using ArgTuple = std::tuple<A...>;

    // Args: the tree's QVariantList, or the EncodedArguments of a plain event.
    template <typename F, typename Args>
    static bool call(F &f, const QString &what, const Args &args, const AckHandle &ack, QVariant *result)
    {
        static_assert((isConvertibleParameter<std::tuple_element_t<I, ArgTuple>>() && ...),
                      "SocketIOQt: a typed handler or ack callback has a parameter that Conversion cannot "
                      "convert to (a pointer such as QObject *, or a class that is neither a Q_GADGET nor "
                      "registered with Q_DECLARE_METATYPE): it would never be called. Use QString, numbers, "
                      "bool, enums, QByteArray, QVariant, QVariantMap/List, QJson types, a Q_GADGET, or "
                      "QList/std::vector/QMap<QString, T>/std::optional of these; see conversion.h");
        std::tuple<typename Storage<std::tuple_element_t<I, ArgTuple>>::type...> values;
        bool ok = true;
        (void)((ok = convertOne<I>(what, args, std::get<I>(values))) && ...);
        if (!ok)
            return false;
        if constexpr (std::is_void_v<R>) {
            invoke(f, values, ack);
        } else {
            R r = invoke(f, values, ack);
            if (result)
                *result = toVariant(r);
        }
        return true;
    }

private:
    template <std::size_t N, typename V>
    static bool isMissing(const QString &what, qsizetype count)
    {
        if (qsizetype(N) < count || IsOptional<V>::value)
            return false;
        warnMismatch(what, int(N),
                     QStringLiteral("missing (the event has %1 argument%2)")
                             .arg(count).arg(count == 1 ? QString() : QStringLiteral("s")));
        return true;
    }

    template <std::size_t N, typename V>
    static bool convertTree(const QString &what, const QVariant &arg, V &value)
    {
        QString error;
        if (!fromVariant(arg, &value, &error)) {
            warnMismatch(what, int(N), error);
            return false;
        }
        return true;
    }

    template <std::size_t N, typename V>
    static bool convertOne(const QString &what, const QVariantList &args, V &value)
    {
        return !isMissing<N, V>(what, args.size()) && convertTree<N>(what, args.value(qsizetype(N)), value);
    }

    template <std::size_t N, typename V>
    static bool convertOne(const QString &what, const EncodedArguments &args, V &value)
    {
        if (isMissing<N, V>(what, args.size))
            return false;
        if (qsizetype(N) >= args.size) // a missing std::optional: empty, as from the tree
            return true;
        return fromEncodedArgument(args, qsizetype(N), &value)
                || convertTree<N>(what, variantFromArgument(args, qsizetype(N)), value);
    }

    template <typename F, typename Values>
    static decltype(auto) invoke(F &f, Values &values, [[maybe_unused]] const AckHandle &ack)
    {
        if constexpr (WithAck)
            return f(static_cast<std::tuple_element_t<I, ArgTuple> &&>(std::get<I>(values))..., ack);
        else
            return f(static_cast<std::tuple_element_t<I, ArgTuple> &&>(std::get<I>(values))...);
    }
};

// Calls f with (), the raw list, or typed arguments, as its signature asks; a non-void result
// goes into *result. False when the arguments did not convert.
template <typename F>
bool callHandler(F &f, const QString &what, const QVariantList &args, const AckHandle &ack, QVariant *result)
{
    using Traits = CallableTraits<F>;
    if constexpr (Traits::known) {
        using ArgsT = typename Traits::Args;
        using R = typename Traits::Return;
        if constexpr (IsRawList<ArgsT>::value || Traits::arity == 0) {
            auto run = [&]() -> decltype(auto) {
                if constexpr (Traits::arity == 0)
                    return f();
                else if constexpr (Traits::arity == 1)
                    return f(args);
                else
                    return f(args, ack);
            };
            if constexpr (std::is_void_v<R>) {
                run();
            } else {
                R r = run();
                if (result)
                    *result = toVariant(r);
            }
            return true;
        } else {
            constexpr bool withAck = LastIsAck<ArgsT>::value;
            constexpr std::size_t n = Traits::arity - (withAck ? 1 : 0);
            return TypedCall<R, ArgsT, withAck, std::make_index_sequence<n>>::call(f, what, args, ack, result);
        }
    } else {
        // Generic lambdas and other overloaded callables: the untyped forms.
        if constexpr (std::is_invocable_v<F &, const QVariantList &, const AckHandle &>) {
            using R = std::invoke_result_t<F &, const QVariantList &, const AckHandle &>;
            if constexpr (std::is_void_v<R>) { f(args, ack); } else { R r = f(args, ack); if (result) *result = toVariant(r); }
        } else if constexpr (std::is_invocable_v<F &, const QVariantList &>) {
            using R = std::invoke_result_t<F &, const QVariantList &>;
            if constexpr (std::is_void_v<R>) { f(args); } else { R r = f(args); if (result) *result = toVariant(r); }
        } else {
            static_assert(std::is_invocable_v<F &>,
                          "a handler takes (), (const QVariantList &), (const QVariantList &, const AckHandle &) "
                          "or typed arguments, optionally followed by const AckHandle &");
            using R = std::invoke_result_t<F &>;
            if constexpr (std::is_void_v<R>) { f(); } else { R r = f(); if (result) *result = toVariant(r); }
        }
        return true;
    }
}

// Whether callEncodedHandler() takes F: a handler with typed parameters.
template <typename F>
constexpr bool takesEncodedArguments()
{
    using Traits = CallableTraits<F>;
    if constexpr (Traits::known)
        return Traits::arity > 0 && !IsRawList<typename Traits::Args>::value;
    else
        return false;
}

// callHandler() for a typed handler of a plain event: the parameters read from args.
template <typename F>
bool callEncodedHandler(F &f, const QString &what, const EncodedArguments &args, const AckHandle &ack, QVariant *result)
{
    using Traits = CallableTraits<F>;
    using ArgsT = typename Traits::Args;
    constexpr bool withAck = LastIsAck<ArgsT>::value;
    constexpr std::size_t n = Traits::arity - (withAck ? 1 : 0);
    return TypedCall<typename Traits::Return, ArgsT, withAck, std::make_index_sequence<n>>::call(f, what, args, ack, result);
}

// Whether T is something to call (a handler or ack callback) rather than a value to send.
template <typename T>
constexpr bool isCallback()
{
    using U = Bare<T>;
    if constexpr (std::is_pointer_v<U> && std::is_base_of_v<QObject, std::remove_cv_t<std::remove_pointer_t<U>>>)
        return false;
    else
        return CallableTraits<U>::known || std::is_invocable_v<U &, const QVariantList &>;
}

template <typename T>
constexpr bool isContext()
{
    using U = Bare<T>;
    return std::is_pointer_v<U> && std::is_base_of_v<QObject, std::remove_cv_t<std::remove_pointer_t<U>>>;
}

// The argument list from tuple elements [Begin, End): one QVariantList is the list itself.
template <std::size_t Begin, typename Tuple, std::size_t... I>
QVariantList argumentsFrom(Tuple &tuple, std::index_sequence<I...>)
{
    if constexpr (sizeof...(I) == 1
                  && std::is_same_v<Bare<std::tuple_element_t<Begin, Tuple>>, QVariantList>) {
        return std::get<Begin>(tuple);
    } else {
        QVariantList list;
        list.reserve(qsizetype(sizeof...(I)));
        (list.append(toVariant(std::get<Begin + I>(tuple))), ...);
        return list;
    }
}

SOCKETIOQT_EXPORT void sendResultAsAck(const AckHandle &ack, const QVariant &result);

} // namespace detail

/*!
    Wraps a handler of any supported signature into one that takes the raw argument list and
    the ack handle; \a what names it in mismatch warnings (e.g. "event \"score\""). A non-void
    result answers the ack, when the server asked for one and the handler did not answer it.
*/
template <typename Func>
std::function<void(const QVariantList &, const AckHandle &)> makeHandler(const QString &what, Func &&f)
{
    return [what, f = std::decay_t<Func>(std::forward<Func>(f))](const QVariantList &args,
                                                                 const AckHandle &ack) mutable {
        QVariant result;
        if (detail::callHandler(f, what, args, ack, &result) && result.isValid())
            detail::sendResultAsAck(ack, result);
    };
}

namespace detail {
// makeHandler(), plus for a handler with typed parameters the same handler (one object, so
// that its state is shared) taking the arguments as they came; what Namespace::on() registers.
template <typename Func>
SocketIOQt::detail::Handlers makeHandlers(const QString &what, Func &&f)
{
    using F = std::decay_t<Func>;
    if constexpr (takesEncodedArguments<F>()) {
        auto shared = std::make_shared<F>(std::forward<Func>(f));
        return {[what, shared](const QVariantList &args, const AckHandle &ack) {
                    QVariant result;
                    if (callHandler(*shared, what, args, ack, &result) && result.isValid())
                        sendResultAsAck(ack, result);
                },
                [what, shared](const EncodedArguments &args, const AckHandle &ack) {
                    QVariant result;
                    if (callEncodedHandler(*shared, what, args, ack, &result) && result.isValid())
                        sendResultAsAck(ack, result);
                }};
    } else {
        return {makeHandler(what, std::forward<Func>(f)), {}};
    }
}
} // namespace detail

/*!
    Wraps an ack callback of any supported signature (as handlers, without the AckHandle) into
    one that takes the raw answer; \a what names it in mismatch warnings.
*/
template <typename Func>
std::function<void(const QVariantList &)> makeAckCallback(const QString &what, Func &&f)
{
    return [what, f = std::decay_t<Func>(std::forward<Func>(f))](const QVariantList &args) mutable {
        detail::callHandler(f, what, args, AckHandle(), nullptr);
    };
}

} // namespace Conversion

} // namespace SocketIOQt

#endif // SOCKETIOQT_CONVERSION_H
