// Engine.IO polling payloads. First byte: bit 0 EIO 3, bit 1 binary (XHR2)
// body, bit 2 base64 (b64=1), bit 3 utf8Twice (engine.io-parser 1.x).
// What decodes encodes back to a body that decodes to the same packets.

#include "engineiocodec.h"
#include "fuzzcommon.h"

using namespace SocketIOQt;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const auto version = (data[0] & 1) ? EngineIOCodec::V3 : EngineIOCodec::V4;
    const bool binaryBody = data[0] & 2;
    EngineIOCodec::PayloadOptions options;
    options.base64 = data[0] & 4;
    options.utf8Twice = data[0] & 8;
    const QByteArray body(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    QList<EngineIOPacket> packets;
    QString error;
    if (!EngineIOCodec::decodePayload(body, binaryBody, version, &packets, &error, options)) {
        FUZZ_CHECK(!error.isEmpty());
        return 0;
    }
    if (packets.isEmpty()) // only empty EIO 3 records; an empty body is not a payload
        return 0;
    bool binary = false;
    const QByteArray encoded = EngineIOCodec::encodePayload(packets, version, &binary, options);
    QList<EngineIOPacket> again;
    FUZZ_CHECK(EngineIOCodec::decodePayload(encoded, binary, version, &again, &error, options));
    FUZZ_CHECK(again == packets);
    return 0;
}
