#ifndef SOCKETIOQT_STRINGCACHE_P_H
#define SOCKETIOQT_STRINGCACHE_P_H

//
//  W A R N I N G
//  -------------
// Internal to SocketIOQt's protocol layer; not installed, may change at any time.
//

#include <QtCore/qendian.h>
#include <QtCore/qstring.h>

#include <cstring>
#include <iterator>
#include <utility>

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
        // Two slots per set, so that two strings of one event that hash alike do not evict each
        // other on every event; the one found or added last is kept in the first slot.
        const Words words(s, size);
        Slot *slot = &m_slots[words.hash() & ~size_t(1)];
        if (slot[0].matches(words, s))
            return slot[0].string;
        std::swap(slot[0], slot[1]);
        if (!slot[0].matches(words, s)) {
            slot[0].words = words;
            std::memcpy(slot[0].raw, s, size_t(size));
            slot[0].string = QString::fromLatin1(reinterpret_cast<const char *>(s), size);
        }
        return slot[0].string;
    }

    // The string of the size bytes at s, known to be ASCII: from the cache when short.
    QString knownAscii(const uchar *s, qsizetype size)
    {
        if (size > 0 && size <= MaxSize)
            return ascii(s, size);
        return QString::fromLatin1(reinterpret_cast<const char *>(s), size);
    }

    // The string of the size bytes of UTF-8 at s: from the cache when short plain ASCII.
    QString utf8(const uchar *s, qsizetype size)
    {
        if (takes(s, size))
            return ascii(s, size);
        return QString::fromUtf8(reinterpret_cast<const char *>(s), size);
    }

    // Whether the size bytes at s are all ASCII; 0 < size <= MaxSize.
    static bool isAscii(const uchar *s, qsizetype size)
    {
        quint64 bits = 0;
        if (size >= 8) {
            for (qsizetype i = 0; i + 8 < size; i += 8)
                bits |= qFromUnaligned<quint64>(s + i);
            bits |= qFromUnaligned<quint64>(s + size - 8);
        } else if (size >= 4) {
            bits = qFromUnaligned<quint32>(s) | qFromUnaligned<quint32>(s + size - 4);
        } else {
            bits = s[0] | s[size >> 1] | s[size - 1];
        }
        return (bits & 0x8080808080808080ull) == 0;
    }

    // Whether the size bytes at s are what ascii() takes: short plain ASCII.
    static bool takes(const uchar *s, qsizetype size)
    {
        return size > 0 && size <= MaxSize && isAscii(s, size);
    }

    static StringCache &forThisThread();

private:
    // The size, the first and the last eight bytes (overlapping, or fewer when shorter): the
    // whole string up to 16 bytes, which most keys are.
    struct Words
    {
        Words() = default;
        Words(const uchar *s, qsizetype n) : size(n)
        {
            if (n >= 8) {
                head = qFromUnaligned<quint64>(s);
                tail = qFromUnaligned<quint64>(s + n - 8);
            } else if (n >= 4) {
                head = qFromUnaligned<quint32>(s) | quint64(qFromUnaligned<quint32>(s + n - 4)) << 32;
            } else {
                head = s[0] | quint64(s[n >> 1]) << 8 | quint64(s[n - 1]) << 16;
            }
        }
        // The top bits of a product depend on every bit of the factor: keys often differ in
        // their last byte only ("item1", "item2").
        size_t hash() const
        {
            return size_t((head * 0x9e3779b97f4a7c15ull ^ tail * 0xbf58476d1ce4e5b9ull
                           ^ quint64(size) * 0x94d049bb133111ebull) >> 55);
        }
        bool operator==(const Words &o) const { return size == o.size && head == o.head && tail == o.tail; }

        qsizetype size = -1;
        quint64 head = 0;
        quint64 tail = 0;
    };

    struct Slot
    {
        bool matches(const Words &w, const uchar *s) const
        {
            return words == w && (w.size <= 16 || std::memcmp(raw + 8, s + 8, size_t(w.size - 16)) == 0);
        }

        Words words;
        QString string;
        uchar raw[MaxSize];
    };
    Slot m_slots[512]; // Words::hash() has 9 bits
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_STRINGCACHE_P_H
