// Engine.IO WebSocket frames, EIO 3 and 4. First byte: bit 0 EIO 3, bit 1 binary frame.
// What decodes encodes back to a frame that decodes to the same packet.

#include "engineiocodec.h"
#include "fuzzcommon.h"

using namespace SocketIOQt;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const auto version = (data[0] & 1) ? EngineIOCodec::V3 : EngineIOCodec::V4;
    const bool binaryFrame = data[0] & 2;
    const QByteArray frame(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    EngineIOPacket packet;
    QString error;
    if (!EngineIOCodec::decodeFrame(frame, binaryFrame, version, &packet, &error)) {
        FUZZ_CHECK(!error.isEmpty());
        return 0;
    }
    bool binary = false;
    const QByteArray encoded = EngineIOCodec::encodeFrame(packet, version, &binary);
    EngineIOPacket again;
    FUZZ_CHECK(EngineIOCodec::decodeFrame(encoded, binary, version, &again, &error));
    FUZZ_CHECK(again == packet);
    return 0;
}
