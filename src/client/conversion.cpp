#include "conversion.h"

#include "jsoncodec_p.h"
#include "logging_p.h"
#include "msgpackcodec_p.h"
#include "msgpackscanner_p.h"
#include "stringcache_p.h"

#include <QtCore/qassociativeiterable.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qjsonvalue.h>
#include <QtCore/qmetaobject.h>
#include <QtCore/qscopeguard.h>
#include <QtCore/qsequentialiterable.h>
#include <QtCore/qvarlengtharray.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace SocketIOQt {

namespace Conversion {

namespace {

bool isNumber(int id)
{
    switch (id) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Double:
    case QMetaType::Float:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Long:
    case QMetaType::ULong:
    case QMetaType::SChar:
    case QMetaType::UChar:
        return true;
    default:
        return false;
    }
}

// The range of an integer type, or false when id is not one.
bool integerRange(int id, long double *min, long double *max)
{
    switch (id) {
#define SIO_RANGE(T)                                                     \
    *min = static_cast<long double>(std::numeric_limits<T>::min());      \
    *max = static_cast<long double>(std::numeric_limits<T>::max());      \
    return true;
    case QMetaType::Int: SIO_RANGE(int)
    case QMetaType::UInt: SIO_RANGE(uint)
    case QMetaType::LongLong: SIO_RANGE(qlonglong)
    case QMetaType::ULongLong: SIO_RANGE(qulonglong)
    case QMetaType::Short: SIO_RANGE(short)
    case QMetaType::UShort: SIO_RANGE(ushort)
    case QMetaType::Long: SIO_RANGE(long)
    case QMetaType::ULong: SIO_RANGE(ulong)
    case QMetaType::SChar: SIO_RANGE(signed char)
    case QMetaType::UChar: SIO_RANGE(uchar)
    case QMetaType::Char: SIO_RANGE(char)
#undef SIO_RANGE
    default:
        return false;
    }
}

// Copies the object of type `type` at `from` over the one at `out`.
bool assign(QMetaType type, void *out, const void *from)
{
    type.destruct(out);
    type.construct(out, from);
    return true;
}

QString friendlyName(QMetaType type)
{
    switch (type.id()) {
    case QMetaType::QVariantMap:
    case QMetaType::QVariantHash:
    case QMetaType::QJsonObject:
        return QStringLiteral("an object (%1)").arg(QString::fromLatin1(type.name()));
    case QMetaType::QVariantList:
    case QMetaType::QJsonArray:
        return QStringLiteral("an array (%1)").arg(QString::fromLatin1(type.name()));
    case QMetaType::QByteArray:
        return QStringLiteral("binary (QByteArray)");
    case QMetaType::QString:
        return QStringLiteral("a string");
    case QMetaType::Bool:
        return QStringLiteral("a boolean");
    default:
        break;
    }
    return QString::fromLatin1(type.name());
}

// The integer a value holds, when it is of an integral type and fits in qint64.
bool exactInteger(const QVariant &value, qint64 *out)
{
    const void *p = value.constData();
    switch (value.typeId()) {
    case QMetaType::Int: *out = *static_cast<const int *>(p); return true;
    case QMetaType::UInt: *out = *static_cast<const uint *>(p); return true;
    case QMetaType::LongLong: *out = *static_cast<const qlonglong *>(p); return true;
    case QMetaType::Short: *out = *static_cast<const short *>(p); return true;
    case QMetaType::UShort: *out = *static_cast<const ushort *>(p); return true;
    case QMetaType::Long: *out = *static_cast<const long *>(p); return true;
    case QMetaType::SChar: *out = *static_cast<const signed char *>(p); return true;
    case QMetaType::UChar: *out = *static_cast<const uchar *>(p); return true;
    case QMetaType::ULong:
    case QMetaType::ULongLong: {
        const qulonglong u = value.typeId() == QMetaType::ULong ? *static_cast<const ulong *>(p)
                                                                : *static_cast<const qulonglong *>(p);
        *out = qint64(u);
        return u <= qulonglong(std::numeric_limits<qint64>::max());
    }
    default:
        return false;
    }
}

// A property's name as the key of a map: from the per-thread cache of short strings when it is
// one, as the keys the readers make are, instead of a new string for every value converted.
QString propertyKey(const QMetaProperty &property)
{
    const char *name = property.name();
    const auto size = qsizetype(qstrlen(name));
    const auto *bytes = reinterpret_cast<const uchar *>(name);
    if (StringCache::takes(bytes, size))
        return StringCache::forThisThread().ascii(bytes, size);
    return QString::fromLatin1(name, size);
}

// Types that fromVariant() takes from a value of the same type as they are: what the readers
// make (a gadget's member of such a type needs no conversion).
bool copiedAsIs(int id)
{
    switch (id) {
    case QMetaType::QString:
    case QMetaType::QByteArray:
    case QMetaType::Bool:
    case QMetaType::Double:
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::QVariantMap:
    case QMetaType::QVariantList:
        return true;
    default:
        return false;
    }
}

bool fromList(const QVariant &value, QMetaType type, void *out, QString *error);
bool fromGadget(const QVariant &value, QMetaType type, void *out, QString *error);
bool storeIntegerOfType(qint64 v, int id, void *out);

} // namespace

QString describe(const QVariant &value)
{
    const int id = value.typeId();
    switch (id) {
    case QMetaType::UnknownType:
        return QStringLiteral("nothing");
    case QMetaType::Nullptr:
        return QStringLiteral("null");
    case QMetaType::Bool:
        return value.toBool() ? QStringLiteral("a boolean (true)") : QStringLiteral("a boolean (false)");
    case QMetaType::QString: {
        QString s = value.toString();
        if (s.size() > 40)
            s = s.left(37) + QStringLiteral("...");
        return QStringLiteral("a string (\"%1\")").arg(s);
    }
    case QMetaType::QByteArray:
        return QStringLiteral("binary (%1 bytes)").arg(value.toByteArray().size());
    case QMetaType::QVariantMap:
    case QMetaType::QVariantHash:
        return QStringLiteral("an object");
    case QMetaType::QVariantList:
    case QMetaType::QStringList: {
        const qsizetype n = value.toList().size();
        return QStringLiteral("an array of %1 element%2").arg(n).arg(n == 1 ? QString() : QStringLiteral("s"));
    }
    default:
        if (isNumber(id))
            return QStringLiteral("a number (%1)").arg(value.toString());
        return QStringLiteral("a value of type %1").arg(QString::fromLatin1(value.metaType().name()));
    }
}

void warnMismatch(const QString &what, int index, const QString &error)
{
    qCWarning(lcClient).noquote() << QStringLiteral("%1 not called: argument index %2: %3").arg(what).arg(index).arg(error);
}

QString detail::elementError(const QString &where, const QString &error)
{
    if (error.startsWith(QLatin1Char('[')) || error.startsWith(QLatin1Char('.')))
        return where + error;
    return where + QStringLiteral(": ") + error;
}

void detail::sendResultAsAck(const AckHandle &ack, const QVariant &result)
{
    if (!ack.isRequested()) {
        qCDebug(lcClient) << "a handler returned a value but the server asked for no ack; dropped";
        return;
    }
    if (!ack.isAnswered())
        ack.send({result});
}

bool fromVariant(const QVariant &value, QMetaType type, void *out, QString *error)
{
    const int from = value.typeId();
    const auto fail = [&](const QString &expected) {
        if (error)
            *error = QStringLiteral("expected %1, got %2").arg(expected, describe(value));
        return false;
    };

    const int to = type.id();
    switch (to) {
    case QMetaType::QVariant:
        *static_cast<QVariant *>(out) = value;
        return true;
    case QMetaType::QString:
        if (from != QMetaType::QString)
            return fail(QStringLiteral("a string"));
        *static_cast<QString *>(out) = value.toString();
        return true;
    case QMetaType::Bool:
        if (from != QMetaType::Bool)
            return fail(QStringLiteral("a boolean"));
        *static_cast<bool *>(out) = value.toBool();
        return true;
    case QMetaType::QByteArray:
        if (from != QMetaType::QByteArray)
            return fail(QStringLiteral("binary (QByteArray)"));
        *static_cast<QByteArray *>(out) = value.toByteArray();
        return true;
    case QMetaType::Double:
    case QMetaType::Float: {
        if (!isNumber(from))
            return fail(QStringLiteral("a number (%1)").arg(QString::fromLatin1(type.name())));
        if (to == QMetaType::Double)
            *static_cast<double *>(out) = value.toDouble();
        else
            *static_cast<float *>(out) = float(value.toDouble());
        return true;
    }
    case QMetaType::QVariantMap:
    case QMetaType::QVariantHash:
        if (from != QMetaType::QVariantMap && from != QMetaType::QVariantHash)
            return fail(friendlyName(type));
        if (to == QMetaType::QVariantMap)
            *static_cast<QVariantMap *>(out) = value.toMap();
        else
            *static_cast<QVariantHash *>(out) = value.toHash();
        return true;
    case QMetaType::QVariantList:
        if (from != QMetaType::QVariantList && from != QMetaType::QStringList)
            return fail(friendlyName(type));
        *static_cast<QVariantList *>(out) = value.toList();
        return true;
    case QMetaType::QJsonObject:
        if (from != QMetaType::QVariantMap && from != QMetaType::QVariantHash)
            return fail(friendlyName(type));
        *static_cast<QJsonObject *>(out) = QJsonObject::fromVariantMap(value.toMap());
        return true;
    case QMetaType::QJsonArray:
        if (from != QMetaType::QVariantList)
            return fail(friendlyName(type));
        *static_cast<QJsonArray *>(out) = QJsonArray::fromVariantList(value.toList());
        return true;
    case QMetaType::QJsonDocument:
        if (from == QMetaType::QVariantMap)
            *static_cast<QJsonDocument *>(out) = QJsonDocument(QJsonObject::fromVariantMap(value.toMap()));
        else if (from == QMetaType::QVariantList)
            *static_cast<QJsonDocument *>(out) = QJsonDocument(QJsonArray::fromVariantList(value.toList()));
        else
            return fail(QStringLiteral("an object or an array (QJsonDocument)"));
        return true;
    case QMetaType::QJsonValue:
        if (from == QMetaType::QByteArray)
            return fail(QStringLiteral("JSON (QJsonValue cannot hold binary)"));
        *static_cast<QJsonValue *>(out) = QJsonValue::fromVariant(value);
        return true;
    case QMetaType::Nullptr:
        if (from != QMetaType::Nullptr)
            return fail(QStringLiteral("null"));
        return true;
    default:
        break;
    }

    long double min = 0, max = 0;
    if (integerRange(to, &min, &max)) {
        if (!isNumber(from))
            return fail(QStringLiteral("an integer (%1)").arg(QString::fromLatin1(type.name())));
        qint64 exact = 0;
        if (exactInteger(value, &exact)) { // what the readers give: no detour through QVariant
            if (storeIntegerOfType(exact, to, out))
                return true;
            return fail(QStringLiteral("an integer in the range of %1").arg(QString::fromLatin1(type.name())));
        }
        long double n;
        if (from == QMetaType::Double || from == QMetaType::Float) {
            const double d = value.toDouble();
            if (!std::isfinite(d) || std::floor(d) != d)
                return fail(QStringLiteral("an integer (%1)").arg(QString::fromLatin1(type.name())));
            n = d;
        } else if (from == QMetaType::ULongLong || from == QMetaType::ULong || from == QMetaType::UInt) {
            n = static_cast<long double>(value.toULongLong());
        } else {
            n = static_cast<long double>(value.toLongLong());
        }
        if (n < min || n > max)
            return fail(QStringLiteral("an integer in the range of %1").arg(QString::fromLatin1(type.name())));
        QVariant v = n < 0 ? QVariant(qlonglong(n)) : QVariant(qulonglong(n));
        if (!v.convert(type))
            return fail(QString::fromLatin1(type.name()));
        return assign(type, out, v.constData());
    }

    if (from == to)
        return assign(type, out, value.constData());

    if (type.flags() & QMetaType::IsGadget)
        return fromGadget(value, type, out, error);

    if (type.flags() & QMetaType::IsEnumeration) {
        if (isNumber(from)) {
            const double d = value.toDouble();
            if (std::floor(d) != d)
                return fail(QStringLiteral("an integral value of the enumeration %1").arg(QString::fromLatin1(type.name())));
        } else if (from != QMetaType::QString) {
            return fail(QStringLiteral("a value of the enumeration %1").arg(QString::fromLatin1(type.name())));
        }
        QVariant v = value;
        if (!v.convert(type))
            return fail(QStringLiteral("a value of the enumeration %1").arg(QString::fromLatin1(type.name())));
        if (from == QMetaType::QString && v.toLongLong() == 0) {
            // QMetaType answers 0 for unknown keys: check that the key exists.
            const QMetaObject *mo = type.metaObject();
            QByteArray name = type.name();
            name = name.mid(name.lastIndexOf(':') + 1);
            const int index = mo ? mo->indexOfEnumerator(name.constData()) : -1;
            bool ok = false;
            if (index >= 0)
                mo->enumerator(index).keysToValue(value.toString().toUtf8().constData(), &ok);
            if (!ok)
                return fail(QStringLiteral("a key of the enumeration %1").arg(QString::fromLatin1(type.name())));
        }
        return assign(type, out, v.constData());
    }

    if (from == QMetaType::QVariantList && QMetaType::canView(type, QMetaType::fromType<QSequentialIterable>()))
        return fromList(value, type, out, error);

    if (from != QMetaType::UnknownType && from != QMetaType::Nullptr
        && QMetaType::canConvert(value.metaType(), type)) {
        QVariant v = value;
        if (v.convert(type))
            return assign(type, out, v.constData());
    }
    return fail(friendlyName(type));
}

namespace {

bool fromList(const QVariant &value, QMetaType type, void *out, QString *error)
{
    void *container = type.create();
    const auto cleanup = qScopeGuard([&] { type.destroy(container); });
    QSequentialIterable iterable;
    if (!QMetaType::view(type, container, QMetaType::fromType<QSequentialIterable>(), &iterable)
        || !iterable.metaContainer().canAddValue()) {
        if (error)
            *error = QStringLiteral("cannot fill a %1").arg(QString::fromLatin1(type.name()));
        return false;
    }
    const QMetaType elementType = iterable.metaContainer().valueMetaType();
    const QVariantList list = value.toList();
    for (qsizetype i = 0; i < list.size(); ++i) {
        QVariant element(elementType);
        if (elementType.id() == QMetaType::QVariant) {
            element = list.at(i);
        } else if (!fromVariant(list.at(i), elementType, element.data(), error)) {
            if (error)
                *error = detail::elementError(QLatin1Char('[') + QString::number(i) + QLatin1Char(']'), *error);
            return false;
        }
        iterable.metaContainer().addValue(container, elementType.id() == QMetaType::QVariant
                                                             ? static_cast<const void *>(&element)
                                                             : element.constData());
    }
    return assign(type, out, container);
}

bool fromGadget(const QVariant &value, QMetaType type, void *out, QString *error)
{
    const int from = value.typeId();
    if (from != QMetaType::QVariantMap && from != QMetaType::QVariantHash) {
        if (error)
            *error = QStringLiteral("expected an object (%1), got %2").arg(QString::fromLatin1(type.name()), describe(value));
        return false;
    }
    const QMetaObject *mo = type.metaObject();
    if (!mo) {
        if (error)
            *error = QStringLiteral("%1 has no meta-object").arg(QString::fromLatin1(type.name()));
        return false;
    }
    const QVariantMap map = value.toMap();
    void *gadget = type.create(out); // starts as a copy of *out (default constructed by the caller)
    const auto cleanup = qScopeGuard([&] { type.destroy(gadget); });
    for (int i = 0; i < mo->propertyCount(); ++i) {
        const QMetaProperty property = mo->property(i);
        const auto it = map.constFind(propertyKey(property));
        if (it == map.constEnd() || !property.isWritable())
            continue;
        const QMetaType propertyType = property.metaType();
        const int id = propertyType.id();
        if (id == QMetaType::QVariant || (it->metaType() == propertyType && copiedAsIs(id))) {
            property.writeOnGadget(gadget, *it);
            continue;
        }
        QVariant converted(propertyType);
        QString why;
        if (!fromVariant(*it, propertyType, converted.data(), &why)) {
            if (error)
                *error = detail::elementError(QLatin1Char('.') + it.key(), why);
            return false;
        }
        property.writeOnGadget(gadget, converted);
    }
    return assign(type, out, gadget);
}

// An integer of the type id (see integerRange()) in out; false when v is out of its range.
template <typename T>
bool storeInteger(qint64 v, void *out)
{
    if constexpr (std::is_signed_v<T>) {
        if (v < qint64(std::numeric_limits<T>::min()) || v > qint64(std::numeric_limits<T>::max()))
            return false;
    } else {
        if (v < 0 || quint64(v) > quint64(std::numeric_limits<T>::max()))
            return false;
    }
    *static_cast<T *>(out) = T(v);
    return true;
}

// v in out, an integer of the type id (see integerRange()); false when out of its range.
bool storeIntegerOfType(qint64 v, int id, void *out)
{
    switch (id) {
    case QMetaType::Int: return storeInteger<int>(v, out);
    case QMetaType::UInt: return storeInteger<uint>(v, out);
    case QMetaType::LongLong: return storeInteger<qlonglong>(v, out);
    case QMetaType::ULongLong: return storeInteger<qulonglong>(v, out);
    case QMetaType::Short: return storeInteger<short>(v, out);
    case QMetaType::UShort: return storeInteger<ushort>(v, out);
    case QMetaType::Long: return storeInteger<long>(v, out);
    case QMetaType::ULong: return storeInteger<ulong>(v, out);
    case QMetaType::SChar: return storeInteger<signed char>(v, out);
    case QMetaType::UChar: return storeInteger<uchar>(v, out);
    case QMetaType::Char: return storeInteger<char>(v, out);
    default: return false;
    }
}

// d in out, a double or a float (the type id).
bool storeReal(double d, int id, void *out)
{
    if (id == QMetaType::Double)
        *static_cast<double *>(out) = d;
    else
        *static_cast<float *>(out) = float(d);
    return true;
}

bool integerFromJson(QByteArrayView json, int id, void *out)
{
    qint64 v = 0;
    if (!SocketIOJson::readInteger(json, &v))
        return false; // a fraction, an exponent, beyond 2^53 or no number: the tree decides
    return storeIntegerOfType(v, id, out);
}

using Format = detail::EncodedArguments::Format;

bool fromMsgPack(QByteArrayView bytes, QMetaType type, void *out);

// One value as it came, converted (detail::fromJson() or fromMsgPack()), or its tree.
bool fromEncoded(Format format, QByteArrayView value, QMetaType type, void *out)
{
    return format == Format::Json ? detail::fromJson(value, type, out) : fromMsgPack(value, type, out);
}

QVariant variantFromEncoded(Format format, QByteArrayView value)
{
    if (format == Format::Json)
        return detail::variantFromJson(value);
    // Checked by the decoder, depth included.
    QVariant tree;
    const bool ok = SocketIOMsgPack::read(value, &tree, nullptr, std::numeric_limits<int>::max());
    Q_ASSERT(ok);
    Q_UNUSED(ok);
    return tree;
}

// fromGadget() on the members of an object, count pairs of key (JSON: its text between the
// quotes, escapes as they are; MessagePack: the string's bytes) and value as it came: each
// property, in the order of the meta-object, takes the last member of its name, converted by
// fromEncoded(); the other members are not read.
bool gadgetFromMembers(const QByteArrayView *pairs, qsizetype count, QMetaType type, void *out, Format format)
{
    const QMetaObject *mo = type.metaObject();
    if (!mo)
        return false;
    // fromGadget() compares keys with QString::fromLatin1(property name): here the key's
    // Latin-1 with the name's bytes, or no match at all for a key beyond Latin-1.
    struct Member
    {
        QByteArrayView key;  // the name as written, when plain ASCII
        QByteArray decoded;  // else its Latin-1
        QByteArrayView value;
        bool matchable = true;
    };
    const auto plainByte = [format](char c) { return uchar(c) < 0x80 && (c != '\\' || format != Format::Json); };
    QVarLengthArray<Member, 16> members;
    for (qsizetype m = 0; m < count; ++m) {
        const QByteArrayView key = pairs[2 * m];
        Member member{key, {}, pairs[2 * m + 1]};
        if (!std::all_of(key.begin(), key.end(), plainByte)) {
            QString name;
            if (format == Format::Json)
                SocketIOJson::readString(QByteArrayView(key.data() - 1, key.size() + 2), &name);
            else
                name = QString::fromUtf8(key);
            member.matchable = std::all_of(name.cbegin(), name.cend(), [](QChar c) { return c.unicode() <= 0xff; });
            member.decoded = name.toLatin1();
            member.key = member.decoded;
        }
        members.append(std::move(member));
    }
    void *gadget = type.create(out);
    const auto cleanup = qScopeGuard([&] { type.destroy(gadget); });
    for (int i = 0; i < mo->propertyCount(); ++i) {
        const QMetaProperty property = mo->property(i);
        const QByteArrayView name(property.name());
        const Member *found = nullptr;
        for (qsizetype m = members.size() - 1; m >= 0 && !found; --m) {
            if (members.at(m).matchable && members.at(m).key == name)
                found = &members.at(m);
        }
        if (!found || !property.isWritable())
            continue;
        const QMetaType propertyType = property.metaType();
        if (propertyType.id() == QMetaType::QVariant) {
            property.writeOnGadget(gadget, variantFromEncoded(format, found->value));
            continue;
        }
        QVariant converted(propertyType);
        if (!fromEncoded(format, found->value, propertyType, converted.data()))
            return false;
        property.writeOnGadget(gadget, converted);
    }
    return assign(type, out, gadget);
}

// gadgetFromMembers() on the text of an object.
bool gadgetFromJson(QByteArrayView json, QMetaType type, void *out)
{
    if (!json.startsWith('{'))
        return false;
    QVarLengthArray<QByteArrayView, 32> pairs;
    QByteArrayView rest = json, key, value;
    while (SocketIOJson::nextMember(&rest, &key, &value)) {
        pairs.append(key);
        pairs.append(value);
    }
    return gadgetFromMembers(pairs.constData(), pairs.size() / 2, type, out, Format::Json);
}

// detail::fromJson() for one MessagePack value, checked by the decoder.
bool fromMsgPack(QByteArrayView bytes, QMetaType type, void *out)
{
    MsgPackScanner value(bytes, std::numeric_limits<int>::max());
    const int to = type.id();
    switch (to) {
    case QMetaType::Bool:
        return value.readBoolean(static_cast<bool *>(out));
    case QMetaType::QString: {
        QByteArrayView utf8;
        if (!value.readString(&utf8))
            return false;
        *static_cast<QString *>(out) =
                StringCache::forThisThread().utf8(reinterpret_cast<const uchar *>(utf8.data()), utf8.size());
        return true;
    }
    case QMetaType::QByteArray: {
        QByteArrayView bytesValue;
        if (!value.readBinary(&bytesValue))
            return false;
        *static_cast<QByteArray *>(out) = bytesValue.toByteArray();
        return true;
    }
    case QMetaType::Double:
    case QMetaType::Float: {
        double d = 0;
        return value.readNumber(&d) && storeReal(d, to, out);
    }
    default:
        break;
    }
    long double min = 0, max = 0;
    if (integerRange(to, &min, &max)) {
        qint64 v = 0;
        // A float, or an integer beyond 2^53: the tree decides.
        return value.readInteger(&v) && storeIntegerOfType(v, to, out);
    }
    if (type.flags() & QMetaType::IsGadget) {
        qsizetype count = 0;
        QVarLengthArray<QByteArrayView, 32> pairs;
        if (!value.readMapHeader(&count) || !value.skipMap(count, 0, &pairs))
            return false; // not a map, or an integer key: the tree decides
        return gadgetFromMembers(pairs.constData(), count, type, out, Format::MsgPack);
    }
    // The rest from the tree of this value alone, as for JSON.
    QVariant converted(type);
    if (!fromVariant(variantFromEncoded(Format::MsgPack, bytes), type, converted.data()))
        return false;
    return assign(type, out, converted.constData());
}

bool isPlain(int id)
{
    switch (id) {
    case QMetaType::UnknownType:
    case QMetaType::Nullptr:
    case QMetaType::Bool:
    case QMetaType::QString:
    case QMetaType::QByteArray:
    case QMetaType::QVariantMap:
    case QMetaType::QVariantHash:
    case QMetaType::QVariantList:
    case QMetaType::QStringList:
    case QMetaType::QByteArrayList:
    case QMetaType::QUrl:
    case QMetaType::QDateTime:
    case QMetaType::QDate:
    case QMetaType::QTime:
    case QMetaType::QUuid:
    case QMetaType::QChar:
        return true;
    default:
        return isNumber(id);
    }
}

} // namespace

QVariant toVariant(QMetaType type, const void *value)
{
    const int id = type.id();
    if (isPlain(id))
        return QVariant(type, value);
    switch (id) {
    case QMetaType::QVariant: {
        const QVariant &v = *static_cast<const QVariant *>(value);
        return isPlain(v.typeId()) ? v : toVariant(v.metaType(), v.constData());
    }
    case QMetaType::QJsonObject:
        return static_cast<const QJsonObject *>(value)->toVariantMap();
    case QMetaType::QJsonArray:
        return static_cast<const QJsonArray *>(value)->toVariantList();
    case QMetaType::QJsonValue: {
        const QJsonValue &v = *static_cast<const QJsonValue *>(value);
        return v.isNull() ? QVariant::fromValue(nullptr) : v.toVariant();
    }
    case QMetaType::QJsonDocument: {
        const QJsonDocument &doc = *static_cast<const QJsonDocument *>(value);
        if (doc.isArray())
            return doc.array().toVariantList();
        if (doc.isObject())
            return doc.object().toVariantMap();
        return QVariant::fromValue(nullptr);
    }
    default:
        break;
    }
    if ((type.flags() & QMetaType::IsGadget) && type.metaObject()) {
        const QMetaObject *mo = type.metaObject();
        QVariantMap map;
        for (int i = 0; i < mo->propertyCount(); ++i) {
            const QMetaProperty property = mo->property(i);
            if (!property.isReadable())
                continue;
            const QVariant v = property.readOnGadget(value);
            map.insert(propertyKey(property), toVariant(v.metaType(), v.constData()));
        }
        return map;
    }
    if (type.flags() & QMetaType::IsEnumeration) {
        QVariant v(type, value);
        if (v.convert(QMetaType::fromType<qlonglong>()))
            return v;
        return QVariant(type, value);
    }
    const QVariant v(type, value);
    if (QMetaType::canView(type, QMetaType::fromType<QSequentialIterable>())) {
        const QSequentialIterable iterable = v.value<QSequentialIterable>();
        QVariantList list;
        list.reserve(iterable.size());
        for (const QVariant &element : iterable)
            list.append(toVariant(element.metaType(), element.constData()));
        return list;
    }
    if (QMetaType::canView(type, QMetaType::fromType<QAssociativeIterable>())) {
        const QAssociativeIterable iterable = v.value<QAssociativeIterable>();
        QVariantMap map;
        for (auto it = iterable.begin(); it != iterable.end(); ++it) {
            const QVariant element = it.value();
            map.insert(it.key().toString(), toVariant(element.metaType(), element.constData()));
        }
        return map;
    }
    return v;
}

QVariant detail::variantFromJson(QByteArrayView json)
{
    // Checked by the decoder, depth included (Limits::maxDepth() may exceed the reader's default).
    SocketIOJson::ReadOptions options;
    options.maxDepth = std::numeric_limits<int>::max();
    QVariant value;
    const bool ok = SocketIOJson::read(json, &value, nullptr, options);
    Q_ASSERT(ok);
    Q_UNUSED(ok);
    return value;
}

bool detail::nextJsonElement(QByteArrayView *rest, QByteArrayView *element)
{
    return SocketIOJson::nextElement(rest, element);
}

bool detail::fromEncodedArgument(const EncodedArguments &args, qsizetype i, QMetaType type, void *out)
{
    const QByteArrayView value = args.data[i];
    const Format format = args.format;
    // The decoder recorded the members of objects (maps) only.
    const bool isObject = format == Format::Json
            ? value.startsWith('{')
            : !value.isEmpty() && MsgPackScanner::isMap(uchar(value.front()));
    if (args.memberPairs && (type.flags() & QMetaType::IsGadget) && isObject) {
        const qsizetype first = args.memberIndex[i];
        return gadgetFromMembers(args.memberPairs + 2 * first, args.memberIndex[i + 1] - first, type, out, format);
    }
    return fromEncoded(format, value, type, out);
}

QVariant detail::variantFromArgument(const EncodedArguments &args, qsizetype i)
{
    return variantFromEncoded(args.format, args.data[i]);
}

bool detail::fromJson(QByteArrayView json, QMetaType type, void *out)
{
    const int to = type.id();
    switch (to) {
    case QMetaType::Bool:
        if (json == QByteArrayView("true") || json == QByteArrayView("false")) {
            *static_cast<bool *>(out) = json.front() == 't';
            return true;
        }
        return false;
    case QMetaType::QString:
        return SocketIOJson::readString(json, static_cast<QString *>(out));
    case QMetaType::Double:
    case QMetaType::Float: {
        double d = 0;
        return SocketIOJson::readDouble(json, &d) && storeReal(d, to, out);
    }
    default:
        break;
    }
    long double min = 0, max = 0;
    if (integerRange(to, &min, &max))
        return integerFromJson(json, to, out);
    if (type.flags() & QMetaType::IsGadget)
        return gadgetFromJson(json, type, out);
    // The rest (QVariant, maps, lists, QJson types, enumerations, QUrl...) from the tree of this
    // value alone: still no tree for the whole event.
    QVariant converted(type);
    if (!fromVariant(variantFromJson(json), type, converted.data()))
        return false;
    return assign(type, out, converted.constData());
}

} // namespace Conversion

} // namespace SocketIOQt
