// Socket.IO decoder with attachments. First byte: revision (3, 4 or 5) and
// small limits; the rest is split at "\n--\n": the first part is the text
// frame, each following part a binary attachment. A packet that decodes is
// encoded again and must decode to the same packet.

#include "fuzzcommon.h"
#include "socketiodecoder.h"
#include "socketioencoder.h"

using namespace SocketIOQt;

namespace {

bool isBinaryType(SocketIOPacket::Type type)
{
    return type == SocketIOPacket::BinaryEvent || type == SocketIOPacket::BinaryAck;
}

SocketIOPacket::Type plainType(SocketIOPacket::Type type)
{
    switch (type) {
    case SocketIOPacket::BinaryEvent: return SocketIOPacket::Event;
    case SocketIOPacket::BinaryAck: return SocketIOPacket::Ack;
    default: return type;
    }
}

void checkRoundTrip(const SocketIOPacket &packet, int revision)
{
    if (Fuzz::hasNonFinite(packet.data())) // written as null, which may not be valid there
        return;
    const QList<QByteArray> frames = SocketIOEncoder::encode(packet, revision);
    SocketIODecoder decoder(revision);
    SocketIODecoder::Status status = decoder.addText(frames.first());
    for (qsizetype i = 1; i < frames.size(); ++i) {
        FUZZ_CHECK(status == SocketIODecoder::NeedAttachments);
        status = decoder.addBinary(frames.at(i));
    }
    if (status != SocketIODecoder::PacketReady)
        std::fprintf(stderr, "re-decode failed: %s\n", qPrintable(decoder.errorString()));
    FUZZ_CHECK(status == SocketIODecoder::PacketReady);
    const SocketIOPacket again = decoder.takePacket();
    FUZZ_CHECK(plainType(again.type()) == plainType(packet.type()));
    FUZZ_CHECK(again.nsp() == packet.nsp());
    FUZZ_CHECK(again.id() == packet.id());
    if (packet.data().typeId() == QMetaType::Nullptr) // a null payload is left out, as in socket.io-parser
        FUZZ_CHECK(!again.data().isValid());
    else
        FUZZ_CHECK(Fuzz::sameAfterRoundTrip(packet.data(), again.data()));
    FUZZ_CHECK(again.attachments() == frames.size() - 1);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const int revision = 3 + data[0] % 3;
    Limits limits;
    if (data[0] & 0x80) {
        limits.setMaxAttachments(3);
        limits.setMaxDepth(4);
        limits.setMaxPacketSize(64);
    }
    const QByteArray input(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    QList<QByteArray> parts;
    for (qsizetype start = 0;;) {
        const qsizetype next = input.indexOf("\n--\n", start);
        parts.append(input.mid(start, next < 0 ? -1 : next - start));
        if (next < 0)
            break;
        start = next + 4;
    }

    SocketIODecoder decoder(revision, limits);
    SocketIODecoder::Status status = decoder.addText(parts.first());
    for (qsizetype i = 1; i <= parts.size(); ++i) {
        if (status == SocketIODecoder::Error) {
            FUZZ_CHECK(!decoder.errorString().isEmpty());
            FUZZ_CHECK(!decoder.isAwaitingAttachments());
        } else if (status == SocketIODecoder::PacketReady) {
            FUZZ_CHECK(!decoder.isAwaitingAttachments());
            const SocketIOPacket packet = decoder.takePacket();
            FUZZ_CHECK(packet.attachments() <= limits.maxAttachments());
            FUZZ_CHECK(isBinaryType(packet.type()) || packet.attachments() == 0);
            checkRoundTrip(packet, revision);
        } else {
            FUZZ_CHECK(decoder.isAwaitingAttachments());
        }
        if (i == parts.size())
            break;
        // Extra parts after a complete packet exercise the unexpected-binary path.
        status = decoder.addBinary(parts.at(i));
    }
    return 0;
}
