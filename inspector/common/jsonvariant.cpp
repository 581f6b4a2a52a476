#include "jsonvariant.h"

#include "jsoncodec_p.h"

#include <QtCore/qjsondocument.h>

#include <limits>

static void setError(QString *error, const QString &message)
{
    if (error && error->isEmpty())
        *error = message;
}

bool JsonVariant::isBinary(const QJsonObject &object)
{
    return object.size() == 1 && object.begin().key() == BinaryKey && object.begin()->isString();
}

QVariant JsonVariant::toVariant(const QJsonValue &value, QString *error)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QVariant::fromValue(nullptr);
    case QJsonValue::Bool:
        return value.toBool();
    case QJsonValue::Double: {
        // Qt keeps integers that were written without a fraction or exponent
        // as integers; toVariant() tells them apart from doubles.
        const QVariant number = value.toVariant();
        if (number.typeId() != QMetaType::LongLong)
            return value.toDouble();
        const qlonglong n = number.toLongLong();
        if (n >= std::numeric_limits<int>::min() && n <= std::numeric_limits<int>::max())
            return int(n);
        return n;
    }
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Array:
        return toVariantList(value.toArray(), error);
    case QJsonValue::Object: {
        const QJsonObject object = value.toObject();
        if (isBinary(object)) {
            const auto decoded = QByteArray::fromBase64Encoding(
                object.begin()->toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
            if (!decoded)
                setError(error, QStringLiteral("invalid base64 in %1").arg(BinaryKey));
            return decoded.decoded;
        }
        QVariantMap map;
        for (auto it = object.begin(); it != object.end(); ++it)
            map.insert(it.key(), toVariant(it.value(), error));
        return map;
    }
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

QVariantList JsonVariant::toVariantList(const QJsonArray &array, QString *error)
{
    QVariantList list;
    list.reserve(array.size());
    for (const QJsonValue &item : array)
        list.append(toVariant(item, error));
    return list;
}

QJsonValue JsonVariant::toJson(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::UnknownType:
    case QMetaType::Nullptr:
        return QJsonValue(QJsonValue::Null);
    case QMetaType::QByteArray:
        return QJsonObject{{BinaryKey, QString::fromLatin1(value.toByteArray().toBase64())}};
    case QMetaType::QVariantMap: {
        const QVariantMap map = value.toMap();
        QJsonObject object;
        for (auto it = map.begin(); it != map.end(); ++it)
            object.insert(it.key(), toJson(it.value()));
        return object;
    }
    case QMetaType::QVariantHash: {
        const QVariantHash hash = value.toHash();
        QJsonObject object;
        for (auto it = hash.begin(); it != hash.end(); ++it)
            object.insert(it.key(), toJson(it.value()));
        return object;
    }
    case QMetaType::QVariantList:
    case QMetaType::QStringList:
        return toJsonArray(value.toList());
    default:
        // Scalars; fromVariant() would turn a QByteArray nested in other
        // types into a string, but the library only produces the types above.
        return QJsonValue::fromVariant(value);
    }
}

QByteArray JsonVariant::toJsonText(const QVariantList &list)
{
    QList<QByteArray> attachments; // where the library's writer puts binaries: none, or the slow way
    QByteArray text = SocketIOQt::SocketIOJson::write(QVariant(list), &attachments);
    if (attachments.isEmpty())
        return text;
    return QJsonDocument(toJsonArray(list)).toJson(QJsonDocument::Compact);
}

QJsonArray JsonVariant::toJsonArray(const QVariantList &list)
{
    QJsonArray array;
    for (const QVariant &item : list)
        array.append(toJson(item));
    return array;
}
