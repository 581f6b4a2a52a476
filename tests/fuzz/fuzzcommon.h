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

// True when b is what writing a and reading it back may give: numbers may
// change type (3.0 reads back as int 3), and infinities become null, as in
// JSON.stringify.
inline bool sameAfterRoundTrip(const QVariant &a, const QVariant &b)
{
    if (isNumber(a)) {
        const double x = a.toDouble();
        if (!std::isfinite(x))
            return b.typeId() == QMetaType::Nullptr;
        return isNumber(b) && x == b.toDouble();
    }
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
            if (!sameAfterRoundTrip(x.at(i), y.at(i)))
                return false;
        }
        return true;
    }
    case QMetaType::QVariantMap: {
        const QVariantMap x = a.toMap(), y = b.toMap();
        if (x.keys() != y.keys())
            return false;
        for (auto it = x.cbegin(); it != x.cend(); ++it) {
            if (!sameAfterRoundTrip(it.value(), y.value(it.key())))
                return false;
        }
        return true;
    }
    default:
        return a == b;
    }
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
