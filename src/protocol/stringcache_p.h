#ifndef SOCKETIOQT_STRINGCACHE_P_H
#define SOCKETIOQT_STRINGCACHE_P_H

//
//  W A R N I N G
//  -------------
// Internal to SocketIOQt's protocol layer; not installed, may change at any time.
//

#include <QtCore/qstring.h>

#include <cstring>
#include <iterator>

namespace SocketIOQt {

// Short strings met before, shared instead of allocated again: every event repeats its keys,
// and values such as names and ids often repeat too. Used by the JSON and MessagePack readers,
// one cache per thread (they call no outside code, so one read runs at a time on a thread).
// QString's reference count is atomic: a string handed out stays valid wherever it goes.
class StringCache
{
public:
    static constexpr qsizetype MaxSize = 32; // bytes of plain ASCII

    // The string of the size bytes at s, which are ASCII (< 0x80); 0 < size <= MaxSize.
    const QString &ascii(const uchar *s, qsizetype size)
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

    static StringCache &forThisThread();

private:
    struct Slot
    {
        qsizetype size = -1;
        uchar raw[MaxSize];
        QString string;
    };
    Slot m_slots[512];
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_STRINGCACHE_P_H
