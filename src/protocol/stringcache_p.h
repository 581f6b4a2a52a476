#ifndef SOCKETIOQT_STRINGCACHE_P_H
#define SOCKETIOQT_STRINGCACHE_P_H

//
//  W A R N I N G
//  -------------
// Internal to SocketIOQt's protocol layer; not installed, may change at any time.
//

#include <QtCore/qstring.h>

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
    const QString &ascii(const uchar *s, qsizetype size);

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
