#ifndef SOCKETIOQT_MAPBUILDER_P_H
#define SOCKETIOQT_MAPBUILDER_P_H

//
//  W A R N I N G
//  -------------
// Internal to SocketIOQt's protocol layer; not installed, may change at any time.
//

#include "scratchstack_p.h"

#include <QtCore/qstring.h>
#include <QtCore/qvariant.h>

#include <map>
#include <utility>
#include <vector>

namespace SocketIOQt {

// The maps of the JSON and MessagePack readers, built from their members in the order of the
// text: the members go to a stack first (nested maps above them), then into the map sorted, so
// that std::map appends each at its end with one comparison instead of searching its place.
// One builder per thread, kept from one read to the next like the StringCache.
class MapBuilder
{
public:
    static MapBuilder &forThisThread();

    // Where the members of the map about to be read start, for take() and finish().
    size_t mark() const { return m_members.mark(); }

    // A member read; the value is read before (nested maps use the stack).
    void append(QString &&key, QVariant &&value)
    {
        m_members.items.emplace_back(std::move(key), std::move(value));
    }

    // The map of the members appended since mark, which are removed: each key once, with the
    // value of its last occurrence (as in JavaScript).
    std::map<QString, QVariant> take(size_t mark);

    // At the end of a read begun at mark (see ScratchStack::finish()).
    void finish(size_t mark) { m_members.finish(mark); }

private:
    struct Member
    {
        Member(QString &&k, QVariant &&v) : key(std::move(k)), value(std::move(v)) {}
        QString key;
        QVariant value;
    };

    // The order of a map whose keys came unsorted, for the next maps with the same keys:
    // records repeat them, in a list and from one event to the next.
    struct KeyOrder
    {
        std::vector<QString> keys; // held, so that their data cannot be reused for other keys
        std::vector<qsizetype> order; // indexes into the map's members; repeated keys left out
    };

    static constexpr size_t KeptOrders = 8;
    static constexpr size_t MaxKeptKeys = 64; // larger maps are sorted every time

    const std::vector<qsizetype> &keyOrder(const Member *first, const Member *last);

    ScratchStack<Member> m_members;
    KeyOrder m_orders[KeptOrders];
    size_t m_nextOrder = 0; // the one replaced next
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_MAPBUILDER_P_H
