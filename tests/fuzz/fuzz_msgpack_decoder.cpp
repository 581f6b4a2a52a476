// The msgpack parser's decoder (Parser::msgpack()) and its MessagePack reader. First byte: bit 7
// selects small limits (depth 4, 64 bytes); the rest is one binary message. Any value that reads
// reads the same a second time, and is written again and must read back the same; a packet that
// decodes is encoded again and must decode to the same packet. The split of typed handlers
// (MsgPackParser::splitEvent()) takes only what the decoder takes, and finds what it finds.

#include "fuzzcommon.h"
#include "msgpackcodec_p.h"
#include "msgpackparser_p.h"
#include "eventspans_p.h"

#include <QtCore/qdatetime.h>

#include <limits>

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
    EventSpans event;
    const bool split = MsgPackParser::splitEvent(input, limits, &event);
    if (status == PacketDecoder::Error) {
        FUZZ_CHECK(!decoder->errorString().isEmpty());
        FUZZ_CHECK(!split);
        return 0;
    }
    const SocketIOPacket packet = decoder->takePacket();
    if (split) {
        FUZZ_CHECK(packet.type() == SocketIOPacket::Event);
        FUZZ_CHECK(event.nsp == packet.nsp() && event.id == packet.id());
        const QVariantList args = packet.data().toList();
        FUZZ_CHECK(args.value(0).typeId() == QMetaType::QString && args.value(0).toString() == event.name);
        FUZZ_CHECK(event.argumentCount() == args.size() - 1);
        FUZZ_CHECK(event.members.index.size() == event.spans.size() + 1);
        for (qsizetype i = 0; i < event.argumentCount(); ++i) {
            QVariant alone;
            FUZZ_CHECK(SocketIOMsgPack::read(event.arguments()[i], &alone, &error, std::numeric_limits<int>::max()));
            FUZZ_CHECK(same(alone, args.at(i + 1)));
            // The members recorded are the map's, the last of a repeated key winning.
            QVariantMap members;
            for (qsizetype m = event.argumentMemberIndex()[i]; m < event.argumentMemberIndex()[i + 1]; ++m) {
                QVariant value;
                FUZZ_CHECK(SocketIOMsgPack::read(event.members.pairs[2 * m + 1], &value, &error,
                                                 std::numeric_limits<int>::max()));
                members.insert(QString::fromUtf8(event.members.pairs[2 * m]), value);
            }
            if (alone.typeId() == QMetaType::QVariantMap)
                FUZZ_CHECK(same(members, alone));
            else
                FUZZ_CHECK(members.isEmpty());
        }
    }
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
