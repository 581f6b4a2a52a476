#include "jsconversion_p.h"

#include <QtCore/qdatetime.h>
#include <QtCore/qhash.h>
#include <QtCore/qloggingcategory.h>
#include <QtQml/qjsengine.h>
#include <QtQml/qjsvalueiterator.h>

#include <cmath>
#include <limits>

namespace SocketIOQt {

Q_LOGGING_CATEGORY(lcQml, "socketio.qml", QtWarningMsg)

namespace SocketIOQml {

namespace {

// Small JavaScript helpers, compiled once per engine.
struct Helpers
{
    QJSValue viewBytes; // typed array or DataView -> a copy of its bytes as an ArrayBuffer
    QJSValue makeAck;   // AckObject -> function (...args)
    QJSValue makeDeferred;
};

Helpers &helpers(QJSEngine *engine)
{
    static QHash<QJSEngine *, Helpers> all;
    auto it = all.find(engine);
    if (it != all.end())
        return *it;
    Helpers h;
    h.viewBytes = engine->evaluate(QStringLiteral(
            "(function (v) { return ArrayBuffer.isView(v)"
            " ? v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength) : undefined; })"));
    h.makeAck = engine->evaluate(QStringLiteral(
            "(function (o) { return function () { return o.send(Array.prototype.slice.call(arguments)); }; })"));
    h.makeDeferred = engine->evaluate(QStringLiteral(
            "(function () { var d = {}; d.promise = new Promise(function (resolve, reject) {"
            " d.resolve = resolve; d.reject = reject; }); return d; })"));
    QObject::connect(engine, &QObject::destroyed, engine, [engine] { all.remove(engine); });
    return *all.insert(engine, h);
}

} // namespace

QVariant fromJS(QJSEngine *engine, const QJSValue &value)
{
    if (value.isUndefined() || value.isNull())
        return QVariant::fromValue(nullptr);
    if (value.isBool())
        return value.toBool();
    if (value.isString())
        return value.toString();
    if (value.isNumber()) {
        const double d = value.toNumber();
        // Integers as integers, so that C++ listeners see what the decoder would give them.
        if (std::isfinite(d) && d == std::floor(d) && std::abs(d) <= 9007199254740992.0) {
            if (d >= std::numeric_limits<int>::min() && d <= std::numeric_limits<int>::max())
                return int(d);
            return qlonglong(d);
        }
        return d;
    }
    if (value.isArray()) {
        const int length = value.property(QStringLiteral("length")).toInt();
        QVariantList list;
        list.reserve(length);
        for (int i = 0; i < length; ++i)
            list.append(fromJS(engine, value.property(quint32(i))));
        return list;
    }
    if (value.isDate())
        return value.toDateTime();
    if (value.isCallable() || value.isQObject() || value.isQMetaObject())
        return QVariant::fromValue(nullptr);
    if (value.isObject()) {
        // What the engine holds as a C++ value (a wrapped QVariant, an ArrayBuffer's QByteArray)
        // comes back as that value; only JS objects stay QJSValues. (QJSValue::isVariant(), which
        // told the first case apart, is deprecated since Qt 6.9.)
        const QVariant retained = value.toVariant(QJSValue::RetainJSObjects);
        if (retained.metaType() != QMetaType::fromType<QJSValue>())
            return retained;
        if (engine && value.property(QStringLiteral("byteLength")).isNumber()) {
            // A typed array or a DataView: its own bytes only.
            const QJSValue buffer = helpers(engine).viewBytes.call({value});
            if (!buffer.isUndefined())
                return buffer.toVariant(QJSValue::RetainJSObjects);
        }
        QVariantMap map;
        QJSValueIterator it(value);
        while (it.hasNext()) {
            it.next();
            const QJSValue member = it.value();
            if (member.isUndefined() || member.isCallable())
                continue;
            map.insert(it.name(), fromJS(engine, member));
        }
        return map;
    }
    return value.toVariant();
}

QVariantList argumentsFromJS(QJSEngine *engine, const QJSValue &array)
{
    return fromJS(engine, array).toList();
}

QJSValue toJS(QJSEngine *engine, const QVariant &value)
{
    if (!engine)
        return QJSValue();
    if (value.typeId() == QMetaType::Nullptr || !value.isValid())
        return QJSValue(QJSValue::NullValue);
    return engine->toScriptValue(value);
}

QJSValue toJSArray(QJSEngine *engine, const QVariantList &list)
{
    if (!engine)
        return QJSValue();
    return engine->toScriptValue(list);
}

QJSValue ackFunction(QJSEngine *engine, const AckHandle &ack)
{
    if (!engine || !ack.isRequested())
        return QJSValue();
    auto *object = new AckObject(ack);
    QJSEngine::setObjectOwnership(object, QJSEngine::JavaScriptOwnership);
    return helpers(engine).makeAck.call({engine->newQObject(object)});
}

QJSValue deferred(QJSEngine *engine)
{
    return helpers(engine).makeDeferred.call();
}

void call(QJSValue function, const QJSValueList &args, const char *what)
{
    if (!function.isCallable())
        return;
    const QJSValue result = function.call(args);
    if (result.isError()) {
        qCWarning(lcQml).noquote() << what << "threw:" << result.toString()
                                   << result.property(QStringLiteral("stack")).toString();
    }
}

bool AckObject::send(const QJSValue &args)
{
    if (m_ack.isAnswered()) {
        qCWarning(lcQml) << "ack" << m_ack.id() << "was already answered";
        return false;
    }
    return m_ack.send(argumentsFromJS(qjsEngine(this), args));
}

} // namespace SocketIOQml

} // namespace SocketIOQt
