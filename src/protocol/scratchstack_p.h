#ifndef SOCKETIOQT_SCRATCHSTACK_P_H
#define SOCKETIOQT_SCRATCHSTACK_P_H

//
//  W A R N I N G
//  -------------
// Internal to SocketIOQt's protocol layer; not installed, may change at any time.
//

#include <QtCore/qglobal.h>

#include <vector>

namespace SocketIOQt {

// Where the readers keep the pieces of a value while they read it (the elements of open arrays,
// the members of open maps): one per thread, kept from one read to the next so that a read
// allocates no scratch space of its own. A read notes mark() when it begins and calls finish()
// with it at the end, whether it succeeded or not.
template <typename T>
class ScratchStack
{
public:
    // Capacity kept after the outermost read; one large value must not pin its memory.
    static constexpr size_t MaxKept = 4096;

    size_t mark() const { return items.size(); }

    // Drops what a failed read left above mark, and after the outermost read (mark 0) gives back
    // what a large value made the stack hold.
    void finish(size_t mark)
    {
        items.erase(items.begin() + qptrdiff(mark), items.end());
        if (mark == 0 && items.capacity() > MaxKept)
            std::vector<T>().swap(items);
    }

    std::vector<T> items;
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_SCRATCHSTACK_P_H
