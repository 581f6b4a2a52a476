#include "packetencoder.h"

namespace SocketIOQt {

PacketEncoder::~PacketEncoder() = default;

} // namespace SocketIOQt
