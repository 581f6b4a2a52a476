#include "jsonfields.h"

#include "jsonvariant.h"

#include <QtCore/qjsonarray.h>

#include <cmath>

using namespace Qt::StringLiterals;

namespace JsonFields {

void setError(QString *error, const QString &message)
{
    if (error->isEmpty())
        *error = message;
}

QString string(const QJsonObject &object, QLatin1StringView key, QString *error)
{
    const QJsonValue value = object.value(key);
    if (!value.isString() || value.toString().isEmpty())
        setError(error, u"\"%1\" must be a non-empty string"_s.arg(key));
    return value.toString();
}

qint64 integer(const QJsonObject &object, QLatin1StringView key, std::optional<qint64> fallback, qint64 min,
               QString *error)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined() && fallback)
        return *fallback;
    const double number = value.toDouble(std::nan(""));
    if (!value.isDouble() || std::floor(number) != number || number < double(min)) {
        setError(error, u"\"%1\" must be an integer >= %2"_s.arg(key).arg(min));
        return min;
    }
    return value.toInteger(qint64(number));
}

bool boolean(const QJsonObject &object, QLatin1StringView key, QString *error)
{
    const QJsonValue value = object.value(key);
    if (!value.isUndefined() && !value.isBool())
        setError(error, u"\"%1\" must be true or false"_s.arg(key));
    return value.toBool();
}

QVariantList arguments(const QJsonObject &object, QLatin1StringView key, QString *error)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined())
        return {};
    if (!value.isArray()) {
        setError(error, u"\"%1\" must be an array"_s.arg(key));
        return {};
    }
    QString conversionError;
    const QVariantList args = JsonVariant::toVariantList(value.toArray(), &conversionError);
    if (!conversionError.isEmpty())
        setError(error, u"\"%1\": %2"_s.arg(key, conversionError));
    return args;
}

QString namespaceName(const QString &name)
{
    return name.startsWith(u'/') ? name : u'/' + name;
}

} // namespace JsonFields
