#ifndef JSONFIELDS_H
#define JSONFIELDS_H

#include <QtCore/qjsonobject.h>
#include <QtCore/qvariant.h>

#include <optional>

// Readers for the fields of a JSON operation, shared by socketio-cli's commands and
// socketio-load's scenario steps. Each records the first problem in `error` and returns a
// harmless value, so that an operation reads all its fields, then checks once.
namespace JsonFields {

void setError(QString *error, const QString &message);

// A non-empty string.
QString string(const QJsonObject &object, QLatin1StringView key, QString *error);
// An integer >= min; nullopt `fallback`: the field is required.
qint64 integer(const QJsonObject &object, QLatin1StringView key, std::optional<qint64> fallback, qint64 min,
               QString *error);
// true or false; absent is false.
bool boolean(const QJsonObject &object, QLatin1StringView key, QString *error);
// An array of event arguments (JsonVariant's conversion: {"$binary": ...} for bytes); absent is empty.
QVariantList arguments(const QJsonObject &object, QLatin1StringView key, QString *error);
// "/name" for "name" or "/name": how users may spell namespaces.
QString namespaceName(const QString &name);

} // namespace JsonFields

#endif // JSONFIELDS_H
