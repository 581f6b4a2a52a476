// The custom parser example (examples/cbor-parser): what it writes is CBOR that any CBOR reader
// understands, it reads back what it writes, and its decoder applies the Limits it was given.
#include "cborparser.h"

#include <QtCore/qcbormap.h>
#include <QtCore/qcborvalue.h>
#include <QtTest/qtest.h>

using namespace SocketIOQt;
using namespace Qt::StringLiterals;

class tst_CborParser : public QObject
{
    Q_OBJECT
private slots:
    void roundTrip();
    void errorsAndLimits();
};

void tst_CborParser::roundTrip()
{
    CborParser parser;
    QCOMPARE(parser.name(), u"cbor"_s);
    QVERIFY(parser.supportsRevision(5));
    QVERIFY(!parser.supportsRevision(4));
    const QVariantList args{u"upload"_s, QByteArray("\x00\xff", 2),
                            QVariantMap{{u"nested"_s, QVariantList{QByteArray("x"), 1.5, true}}}};
    const SocketIOPacket sent(SocketIOPacket::BinaryEvent, u"/chat"_s, args, 12);
    const QList<EngineIOPacket> frames = parser.createEncoder(5)->encode(sent);
    QCOMPARE(frames.size(), 1);
    QVERIFY(frames.first().isBinary());

    const QCborMap map = QCborValue::fromCbor(frames.first().data()).toMap();
    QCOMPARE(map.value(u"type"_s).toInteger(), 2); // EVENT: binary needs no type of its own
    QCOMPARE(map.value(u"nsp"_s).toString(), u"/chat"_s);
    QVERIFY(map.value(u"data"_s).toArray().at(1).isByteArray());
    QCOMPARE(map.value(u"id"_s).toInteger(), 12);

    const std::unique_ptr<PacketDecoder> decoder = parser.createDecoder(5, Limits());
    QCOMPARE(decoder->addFrame(frames.first()), PacketDecoder::PacketReady);
    const SocketIOPacket received = decoder->takePacket();
    QCOMPARE(received.type(), SocketIOPacket::Event);
    QCOMPARE(received.nsp(), u"/chat"_s);
    QCOMPARE(received.id(), 12);
    QCOMPARE(received.eventName(), u"upload"_s);
    QCOMPARE(received.eventArguments().at(0).toByteArray(), QByteArray("\x00\xff", 2));
    QCOMPARE(received.eventArguments().at(1).toMap().value(u"nested"_s).toList().at(0).toByteArray(),
             QByteArray("x"));
}

void tst_CborParser::errorsAndLimits()
{
    CborParser parser;
    Limits limits;
    limits.setMaxDepth(2);
    limits.setMaxPacketSize(100);
    const std::unique_ptr<PacketDecoder> decoder = parser.createDecoder(5, limits);
    const auto frame = [&](const QVariant &data) {
        return parser.createEncoder(5)->encode(SocketIOPacket(SocketIOPacket::Event, u"/"_s, data)).first();
    };

    QCOMPARE(decoder->addFrame(frame(QVariantList{u"e"_s, QVariantList{1}})), PacketDecoder::PacketReady);
    // QVariant(): braces around a single QVariantList would copy it, not nest it (clang).
    QCOMPARE(decoder->addFrame(frame(QVariantList{u"e"_s, QVariantList{QVariant(QVariantList{1})}})), PacketDecoder::Error);
    QVERIFY(decoder->errorString().contains(u"deeper"_s));
    QCOMPARE(decoder->addFrame(frame(QVariantList{u"e"_s, QByteArray(200, 'x')})), PacketDecoder::Error);
    QVERIFY(decoder->errorString().contains(u"exceeds"_s));
    QCOMPARE(decoder->addFrame(EngineIOPacket(EngineIOPacket::Message, "2[\"e\"]")), PacketDecoder::Error);
    QCOMPARE(decoder->addFrame(EngineIOPacket(EngineIOPacket::Message, QByteArray("\xff\x00", 2), true)),
             PacketDecoder::Error);
    QVERIFY(decoder->errorString().startsWith(u"invalid CBOR"_s));
    QCOMPARE(decoder->addFrame(frame(u"not a list"_s)), PacketDecoder::Error);
    decoder->reset();
    QVERIFY(decoder->errorString().isEmpty());
}

QTEST_APPLESS_MAIN(tst_CborParser)

#include "tst_cborparser.moc"
