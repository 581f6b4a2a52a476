#include "stringcache_p.h"

#include <cstring>
#include <iterator>
#include <memory>

namespace SocketIOQt {

const QString &StringCache::ascii(const uchar *s, qsizetype size)
{
    const size_t hash = size_t(size) * 31 + s[0] * 7 + s[size - 1] * 131 + s[size >> 1];
    Slot &slot = m_slots[hash % std::size(m_slots)];
    if (slot.size != size || std::memcmp(slot.raw, s, size_t(size)) != 0) {
        std::memcpy(slot.raw, s, size_t(size));
        slot.size = size;
        slot.string = QString::fromLatin1(reinterpret_cast<const char *>(s), size);
    }
    return slot.string;
}

StringCache &StringCache::forThisThread()
{
    thread_local std::unique_ptr<StringCache> cache;
    if (!cache)
        cache = std::make_unique<StringCache>();
    return *cache;
}

} // namespace SocketIOQt
