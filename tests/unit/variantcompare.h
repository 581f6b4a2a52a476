#ifndef VARIANTCOMPARE_H
#define VARIANTCOMPARE_H

// Comparison of QVariant trees for the codec tests. QVariant's own operator==
// converts between numeric types (1 == 1.0 == 1LL) and cannot compare
// std::nullptr_t, while a codec test wants to see the exact types it produced.

#include <QtCore/qdebug.h>
#include <QtCore/qvariant.h>

#include <cmath>

namespace detail {

inline bool isNumber(const QVariant &v)
{
    switch (v.typeId()) {
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::Double:
        return true;
    default:
        return false;
    }
}

inline bool variantsMatch(const QVariant &a, const QVariant &b, bool exactTypes)
{
    if (!exactTypes && isNumber(a) && isNumber(b))
        return a.toDouble() == b.toDouble();
    if (a.typeId() != b.typeId())
        return false;
    switch (a.typeId()) {
    case QMetaType::UnknownType:
    case QMetaType::Nullptr:
        return true;
    case QMetaType::Double: {
        const double x = a.toDouble(), y = b.toDouble();
        return (std::isnan(x) && std::isnan(y)) || (x == y && std::signbit(x) == std::signbit(y));
    }
    case QMetaType::QVariantList: {
        const QVariantList x = a.toList(), y = b.toList();
        if (x.size() != y.size())
            return false;
        for (qsizetype i = 0; i < x.size(); ++i) {
            if (!variantsMatch(x.at(i), y.at(i), exactTypes))
                return false;
        }
        return true;
    }
    case QMetaType::QVariantMap: {
        const QVariantMap x = a.toMap(), y = b.toMap();
        if (x.keys() != y.keys())
            return false;
        for (auto it = x.cbegin(); it != x.cend(); ++it) {
            if (!variantsMatch(it.value(), y.value(it.key()), exactTypes))
                return false;
        }
        return true;
    }
    default:
        return a == b;
    }
}

} // namespace detail

// Same structure, same values and the same types at every level.
inline bool variantsIdentical(const QVariant &a, const QVariant &b)
{
    return detail::variantsMatch(a, b, true);
}

// Same structure and values, numbers compared as numbers whatever their type.
inline bool variantsEquivalent(const QVariant &a, const QVariant &b)
{
    return detail::variantsMatch(a, b, false);
}

inline QString describeVariant(const QVariant &v)
{
    QString text;
    QDebug(&text).nospace() << v;
    return text;
}

#endif // VARIANTCOMPARE_H
