#include "stringcache_p.h"

#include <memory>

namespace SocketIOQt {

StringCache &StringCache::forThisThread()
{
    thread_local std::unique_ptr<StringCache> cache;
    if (!cache)
        cache = std::make_unique<StringCache>();
    return *cache;
}

} // namespace SocketIOQt
