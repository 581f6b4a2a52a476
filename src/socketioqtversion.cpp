#include <SocketIOQt/socketioqtversion.h>

namespace SocketIOQt {

// Compiled into the library: the version of the build that is loaded, not of a program's headers.
const char *version() noexcept
{
    return SOCKETIOQT_VERSION_STR;
}

} // namespace SocketIOQt
