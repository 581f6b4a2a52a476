#include "packetdecoder.h"

namespace SocketIOQt {

PacketDecoder::~PacketDecoder() = default;

} // namespace SocketIOQt
