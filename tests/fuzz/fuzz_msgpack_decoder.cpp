// The msgpack parser's decoder (Parser::msgpack()) and its MessagePack reader. First byte: bit 7
// selects small limits (depth 4, 64 bytes); the rest is one binary message. Any value that reads
// reads the same a second time, and is written again and must read back the same; a packet that
// decodes is encoded again and must decode to the same packet.

#include "fuzzcommon.h"
#include "msgpackcodec_p.h"
#include "msgpackparser_p.h"

#include <QtCore/qdatetime.h>

using namespace SocketIOQt;

namespace {

// Numbers compare as numbers (NaN equal to itself: MessagePack keeps it); the rest by type.
bool same(const QVariant &a, const QVariant &b)
{
    return Fuzz::sameTree(a, b, [](const QVariant &x, const QVariant &y) -> std::optional<bool> {
        if (!Fuzz::isNumber(x) || !Fuzz::isNumber(y))
            return std::nullopt;
        const double u = x.toDouble(), v = y.toDouble();
        return u == v || (std::isnan(u) && std::isnan(v));
    });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    Limits limits;
    if (data[0] & 0x80) {
        limits.setMaxDepth(4);
        limits.setMaxPacketSize(64);
    }
    const QByteArray input(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));

    QVariant value;
    QString error;
    if (SocketIOMsgPack::read(input, &value, &error, limits.maxDepth())) {
        // Read again, the reader's per-thread state (string cache, orders of unsorted maps) now
        // filled by this very input: the same tree.
        QVariant twice;
        FUZZ_CHECK(SocketIOMsgPack::read(input, &twice, &error, limits.maxDepth()));
        FUZZ_CHECK(same(value, twice));
        QByteArray written;
        SocketIOMsgPack::write(written, value);
        QVariant again;
        FUZZ_CHECK(SocketIOMsgPack::read(written, &again, &error, limits.maxDepth()));
        FUZZ_CHECK(same(value, again));
    } else {
        FUZZ_CHECK(!error.isEmpty());
    }

    const std::unique_ptr<PacketDecoder> decoder = Parser::msgpack()->createDecoder(5, limits);
    const EngineIOPacket frame(EngineIOPacket::Message, input, true);
    const PacketDecoder::Status status = decoder->addFrame(frame);
    FUZZ_CHECK(status != PacketDecoder::NeedMoreFrames);
    if (status == PacketDecoder::Error) {
        FUZZ_CHECK(!decoder->errorString().isEmpty());
        return 0;
    }
    const SocketIOPacket packet = decoder->takePacket();
    const QList<EngineIOPacket> frames = Parser::msgpack()->createEncoder(5)->encode(packet);
    FUZZ_CHECK(frames.size() == 1 && frames.first().isBinary());
    SocketIOPacket again;
    if (!MsgPackParser::decodePacket(frames.first().data(), Limits(), &again, &error))
        std::fprintf(stderr, "re-decode failed: %s\n", qPrintable(error));
    FUZZ_CHECK(again.type() == packet.type());
    FUZZ_CHECK(again.nsp() == packet.nsp());
    FUZZ_CHECK(again.id() == packet.id());
    FUZZ_CHECK(same(again.data(), packet.data()));
    return 0;
}
