#ifndef JSONVARIANT_H
#define JSONVARIANT_H

#include <QtCore/qjsonarray.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qjsonvalue.h>
#include <QtCore/qvariant.h>

// Converts between JSON and the library's argument values (QVariant trees).
// JSON has no binary type, so a QByteArray travels as {"$binary":"<base64>"}
// at any depth. JSON null is QVariant::fromValue(nullptr); integral numbers
// become int, or qlonglong when they do not fit, and other numbers double.
class JsonVariant
{
public:
    static constexpr QLatin1StringView BinaryKey{"$binary"};

    // Conversion errors (bad base64) are reported through `error`, the first
    // one wins; the value converts on regardless (the bad binary as empty).
    static QVariant toVariant(const QJsonValue &value, QString *error = nullptr);
    static QVariantList toVariantList(const QJsonArray &array, QString *error = nullptr);

    static QJsonValue toJson(const QVariant &value);
    static QJsonArray toJsonArray(const QVariantList &list);
    // The compact JSON text of toJsonArray(list), written straight from the values when they
    // hold no binary: a large argument is then copied once, where QJsonValue and QJsonDocument
    // copy it about four times.
    static QByteArray toJsonText(const QVariantList &list);

private:
    static bool isBinary(const QJsonObject &object);
};

#endif // JSONVARIANT_H
