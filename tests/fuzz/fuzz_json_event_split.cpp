// The decode-once path of typed handlers against the full decoder (issue 18), on any text frame:
// - what SocketIODecoder::addText() refuses, SocketIOTextEvent (header and split) refuses too
//   (the decoder then words the error);
// - what the split takes, the decoder takes with the same namespace, ack id, event name and
//   arguments: each argument's text reads back to the decoder's tree of it;
// - a typed parameter read straight from an argument's text (Conversion::detail::fromJson()) is
//   either refused (the tree then decides) or equal to what Conversion makes of the tree;
// - the members the split records for an object argument are those its text has, and a gadget
//   read from them (Conversion::detail::fromEncodedArgument()) is the one read from the text.
#include "fuzzcommon.h"
#include "socketiodecoder.h"
#include "socketiodecoder_p.h"

#include <SocketIOQt/conversion.h>

#include <optional>

using namespace SocketIOQt;

struct FuzzItem
{
    Q_GADGET
    Q_PROPERTY(qint64 i MEMBER i)
    Q_PROPERTY(double score MEMBER score)
    Q_PROPERTY(QString name MEMBER name)
    Q_PROPERTY(QList<int> vals MEMBER vals)
    Q_PROPERTY(QVariant any MEMBER any)
public:
    qint64 i = 0;
    double score = 0;
    QString name;
    QList<int> vals;
    QVariant any;
    bool operator==(const FuzzItem &o) const
    {
        return i == o.i && (score == o.score || (score != score && o.score != o.score)) && name == o.name
                && vals == o.vals && any == o.any;
    }
};

namespace {

template <typename T>
bool same(const T &a, const T &b)
{
    if constexpr (std::is_floating_point_v<T>)
        return a == b || (a != a && b != b);
    else
        return a == b;
}

template <typename T>
void checkTyped(QByteArrayView json, const QVariant &tree)
{
    T fromJson{};
    if (!Conversion::detail::fromJson(json, &fromJson))
        return; // the tree decides
    T fromTree{};
    FUZZ_CHECK(Conversion::fromVariant(tree, &fromTree));
    FUZZ_CHECK(same(fromJson, fromTree));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    Limits limits;
    limits.setMaxDepth(16);
    limits.setMaxPacketSize(8192);
    for (int revision : {4, 5}) {
        SocketIODecoder decoder(revision, limits);
        const bool decoded = decoder.addText(text) == SocketIODecoder::PacketReady;
        EventSpans event;
        const bool split = SocketIOTextEvent::readHeader(text, revision, limits, &event)
                && SocketIOTextEvent::split(revision, limits, &event);
        if (!split)
            continue;
        FUZZ_CHECK(decoded);
        const SocketIOPacket packet = decoder.takePacket();
        FUZZ_CHECK(packet.type() == SocketIOPacket::Event);
        FUZZ_CHECK(packet.nsp() == event.nsp);
        FUZZ_CHECK(packet.id() == event.id);
        QVariantList args = packet.data().toList();
        FUZZ_CHECK(!args.isEmpty() && args.takeFirst() == QVariant(event.name));
        FUZZ_CHECK(args.size() == event.argumentCount());
        for (qsizetype i = 0; i < args.size(); ++i) {
            const QByteArrayView json = event.arguments()[i];
            FUZZ_CHECK(Fuzz::sameTree(Conversion::detail::variantFromJson(json), args.at(i),
                                      [](const QVariant &, const QVariant &) { return std::optional<bool>(); }));
            checkTyped<int>(json, args.at(i));
            checkTyped<qint64>(json, args.at(i));
            checkTyped<quint8>(json, args.at(i));
            checkTyped<double>(json, args.at(i));
            checkTyped<float>(json, args.at(i));
            checkTyped<bool>(json, args.at(i));
            checkTyped<QString>(json, args.at(i));
            checkTyped<QList<int>>(json, args.at(i));
            checkTyped<std::optional<QStringList>>(json, args.at(i));
            checkTyped<FuzzItem>(json, args.at(i));
            checkTyped<QList<FuzzItem>>(json, args.at(i));

            QList<QByteArrayView> pairs;
            QByteArrayView rest = json, key, value;
            while (SocketIOJson::nextMember(&rest, &key, &value))
                pairs << key << value;
            const qsizetype first = event.argumentMemberIndex()[i];
            const qsizetype last = event.argumentMemberIndex()[i + 1];
            FUZZ_CHECK(QList<QByteArrayView>(event.members.pairs.constData() + 2 * first,
                                             event.members.pairs.constData() + 2 * last) == pairs);
            const detail::EncodedArguments arguments{event.arguments(), event.argumentCount(),
                                                  event.members.pairs.constData(),
                                                  event.argumentMemberIndex()};
            FuzzItem fromText, fromMembers;
            const bool readText = Conversion::detail::fromJson(json, &fromText);
            FUZZ_CHECK(Conversion::detail::fromEncodedArgument(arguments, i, &fromMembers) == readText);
            FUZZ_CHECK(!readText || fromMembers == fromText);
        }
    }
    return 0;
}

#include "fuzz_json_event_split.moc"
