#ifndef FUZZCOMMON_H
#define FUZZCOMMON_H

// Helpers shared by the libFuzzer targets: a checked abort that libFuzzer
// reports as a crash, and a comparison of values before and after an
// encode/decode round trip.

#include <QtCore/qbytearray.h>
#include <QtCore/qvariant.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>

#define FUZZ_CHECK(condition)                                                              \
    do {                                                                                   \
        if (!(condition)) {                                                                \
            std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
            std::abort();                                                                  \
        }                                                                                  \
    } while (false)

namespace Fuzz {

inline bool isNumber(const QVariant &v)
{
    const int type = v.typeId();
    return type == QMetaType::Int || type == QMetaType::LongLong || type == QMetaType::Double;
}

// Two value trees the same: lists and maps element by element, the other leaves with ==.
// `numbers` speaks first for each pair: it returns std::nullopt to leave the pair to the rest.
template<typename Numbers>
bool sameTree(const QVariant &a, const QVariant &b, const Numbers &numbers)
{
    if (const std::optional<bool> decided = numbers(a, b))
        return *decided;
    if (a.typeId() != b.typeId())
        return false;
    switch (a.typeId()) {
    case QMetaType::Nullptr:
    case QMetaType::UnknownType:
        return true;
    case QMetaType::QVariantList: {
        const QVariantList x = a.toList(), y = b.toList();
        if (x.size() != y.size())
            return false;
        for (qsizetype i = 0; i < x.size(); ++i) {
            if (!sameTree(x.at(i), y.at(i), numbers))
                return false;
        }
        return true;
    }
    case QMetaType::QVariantMap: {
        const QVariantMap x = a.toMap(), y = b.toMap();
        if (x.keys() != y.keys())
            return false;
        for (auto it = x.cbegin(); it != x.cend(); ++it) {
            if (!sameTree(it.value(), y.value(it.key()), numbers))
                return false;
        }
        return true;
    }
    default:
        return a == b;
    }
}

// True when b is what writing a and reading it back may give: numbers may
// change type (3.0 reads back as int 3), and infinities become null, as in
// JSON.stringify.
inline bool sameAfterRoundTrip(const QVariant &a, const QVariant &b)
{
    return sameTree(a, b, [](const QVariant &x, const QVariant &y) -> std::optional<bool> {
        if (!isNumber(x))
            return std::nullopt;
        const double v = x.toDouble();
        if (!std::isfinite(v))
            return y.typeId() == QMetaType::Nullptr;
        return isNumber(y) && v == y.toDouble();
    });
}

inline bool hasNonFinite(const QVariant &v)
{
    if (v.typeId() == QMetaType::Double)
        return !std::isfinite(v.toDouble());
    if (v.typeId() == QMetaType::QVariantList) {
        for (const QVariant &e : v.toList()) {
            if (hasNonFinite(e))
                return true;
        }
    } else if (v.typeId() == QMetaType::QVariantMap) {
        for (const QVariant &e : v.toMap()) {
            if (hasNonFinite(e))
                return true;
        }
    }
    return false;
}

} // namespace Fuzz

#endif // FUZZCOMMON_H
