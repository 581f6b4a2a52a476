#include "mapbuilder_p.h"
#include "stringcache_p.h"

#include <algorithm>

namespace SocketIOQt {

namespace {

// QString's own order (UTF-16 code units, then length), inline: keys are short and mostly
// shared, and std::map's comparison is an out-of-line call.
int compareKeys(const QString &a, const QString &b)
{
    const QChar *pa = a.constData();
    const QChar *pb = b.constData();
    const qsizetype n = std::min(a.size(), b.size());
    if (pa != pb) {
        for (qsizetype i = 0; i < n; ++i) {
            if (pa[i] != pb[i])
                return pa[i].unicode() < pb[i].unicode() ? -1 : 1;
        }
    }
    return a.size() == b.size() ? 0 : a.size() < b.size() ? -1 : 1;
}

} // namespace

MapBuilder &MapBuilder::forThisThread()
{
    thread_local MapBuilder builder;
    return builder;
}

std::map<QString, QVariant> MapBuilder::take(size_t mark)
{
    std::vector<Member> &members = m_members.items;
    Member *const first = members.data() + mark;
    Member *const last = members.data() + members.size();
    std::map<QString, QVariant> map;
    const bool increasing = std::adjacent_find(first, last, [](const Member &a, const Member &b) {
                                return compareKeys(a.key, b.key) >= 0;
                            }) == last;
    if (increasing) { // as this library writes them, and small maps often are
        for (Member *m = first; m != last; ++m)
            map.emplace_hint(map.end(), std::move(m->key), std::move(m->value));
    } else {
        for (qsizetype i : keyOrder(first, last))
            map.emplace_hint(map.end(), std::move(first[i].key), std::move(first[i].value));
    }
    members.erase(members.begin() + qsizetype(mark), members.end());
    return map;
}

// The members of [first, last) in key order, the last of each repeated key only.
const std::vector<qsizetype> &MapBuilder::keyOrder(const Member *first, const Member *last)
{
    const auto count = size_t(last - first);
    // The same keys as a map before: shared strings of the StringCache, compared by address.
    for (const KeyOrder &known : m_orders) {
        if (known.keys.size() == count
            && std::equal(first, last, known.keys.cbegin(), [](const Member &m, const QString &key) {
                   return m.key.constData() == key.constData() && m.key.size() == key.size();
               })) {
            return known.order;
        }
    }
    KeyOrder &result = m_orders[m_nextOrder];
    m_nextOrder = (m_nextOrder + 1) % KeptOrders;
    std::vector<QString> &keys = result.keys;
    std::vector<qsizetype> &order = result.order;
    keys.clear();
    order.clear();
    // Short keys of small maps only, so that what stays held after the read stays small.
    bool keep = count <= MaxKeptKeys;
    for (const Member *m = first; m != last; ++m) {
        keep = keep && m->key.size() <= StringCache::MaxSize;
        if (keep)
            keys.push_back(m->key);
        order.push_back(m - first);
    }
    if (!keep)
        keys.clear();
    std::sort(order.begin(), order.end(), [first](qsizetype a, qsizetype b) {
        const int c = compareKeys(first[a].key, first[b].key);
        return c < 0 || (c == 0 && a < b);
    });
    // A repeated key keeps the last value, as in JavaScript: unique() from the end.
    const auto kept = std::unique(order.rbegin(), order.rend(), [first](qsizetype a, qsizetype b) {
        return compareKeys(first[a].key, first[b].key) == 0;
    });
    order.erase(order.begin(), kept.base());
    return order;
}

} // namespace SocketIOQt
