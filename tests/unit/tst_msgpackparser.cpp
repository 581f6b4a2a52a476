// The msgpack parser (Parser::msgpack()) and its MessagePack codec. The wire bytes are those that
// socket.io-msgpack-parser 3.0.2 (notepack.io 2.2.0) writes for the same packets, printed by
//     node -e 'const p = require("socket.io-msgpack-parser");
//              console.log(new p.Encoder().encode(PACKET)[0].toString("hex"))'
// in tests/server.

#include "msgpackcodec_p.h"
#include "msgpackparser_p.h"
#include "variantcompare.h"

#include <SocketIOQt/socketioparser.h>

#include <QtCore/qdatetime.h>
#include <QtCore/qtimezone.h>
#include <QtTest/qtest.h>

using namespace SocketIOQt;
using namespace Qt::StringLiterals;

using Type = SocketIOPacket::Type;

Q_DECLARE_METATYPE(SocketIOPacket)

namespace {

QVariant null()
{
    return QVariant::fromValue(nullptr);
}

QString describe(const SocketIOPacket &p)
{
    return u"%1 nsp=%2 id=%3 data=%4"_s.arg(SocketIOPacket::typeName(p.type()), p.nsp())
            .arg(p.id()).arg(describeVariant(p.data()));
}

EngineIOPacket binaryFrame(const QByteArray &bytes)
{
    return EngineIOPacket(EngineIOPacket::Message, bytes, true);
}

// Bytes written by hand, for inputs that the encoder never makes.
QByteArray handMade(const QByteArray &hex)
{
    return QByteArray::fromHex(hex);
}

} // namespace

class tst_MsgPackParser : public QObject
{
    Q_OBJECT
private slots:
    void wire_data();
    void wire();
    void roundTrip_data();
    void roundTrip();
    void maps_data();
    void maps();
    void invalid_data();
    void invalid();
    void limits();
    void textFrameIsAnError();
    void parserApi();
    void decoderRecoversAfterError();
};

void tst_MsgPackParser::wire_data()
{
    QTest::addColumn<QByteArray>("hex");
    QTest::addColumn<SocketIOPacket>("packet");
    QTest::addColumn<bool>("encodesTheSame"); // false where JavaScript's key order is not ours

    QTest::newRow("CONNECT /") << "82a47479706500a36e7370a12f"_ba << SocketIOPacket(Type::Connect, u"/"_s) << true;
    QTest::newRow("CONNECT with auth")
            << "83a47479706500a36e7370a62f61646d696ea46461746181a5746f6b656ea6736563726574"_ba
            << SocketIOPacket(Type::Connect, u"/admin"_s, QVariantMap{{u"token"_s, u"secret"_s}}) << true;
    QTest::newRow("EVENT with scalars")
            << "83a47479706502a36e7370a12fa46461746196a568656c6c6f01cbbff8000000000000c3c0a6c3bcc3b1c3ad"_ba
            << SocketIOPacket(Type::Event, u"/"_s,
                              QVariantList{u"hello"_s, 1, -1.5, true, null(), u"üñí"_s}) << true;
    QTest::newRow("EVENT with ack id, namespace")
            << "84a47479706502a36e7370a52f63686174a46461746192a361736b81a161920102a26964cd012c"_ba
            << SocketIOPacket(Type::Event, u"/chat"_s,
                              QVariantList{u"ask"_s, QVariantMap{{u"a"_s, QVariantList{1, 2}}}}, 300)
            << true;
    QTest::newRow("ACK with nested binary")
            << "84a47479706503a36e7370a12fa46461746192c40301020381a178c400a2696407"_ba
            << SocketIOPacket(Type::Ack, u"/"_s,
                              QVariantList{QByteArray("\1\2\3"), QVariantMap{{u"x"_s, QByteArray("")}}}, 7)
            << true;
    QTest::newRow("EVENT with Date and undefined")
            << "83a47479706502a36e7370a12fa46461746193a164d7000000018bcfe5687bd40000"_ba
            << SocketIOPacket(Type::Event, u"/"_s,
                              QVariantList{u"d"_s, QDateTime::fromMSecsSinceEpoch(1700000000123, QTimeZone(0)),
                                           QVariant()})
            << true;
    QTest::newRow("EVENT with wide integers")
            << "83a47479706502a36e7370a12fa46461746196a16ecf0000000100000000d3ffffffff7fffffffcf0020000000000000ce00010000d1ff7f"_ba
            << SocketIOPacket(Type::Event, u"/"_s,
                              QVariantList{u"n"_s, 4294967296LL, -2147483649LL, 9007199254740992LL, 65536, -129})
            << true;
    QTest::newRow("CONNECT_ERROR")
            << "83a47479706504a36e7370a62f61646d696ea46461746182a76d657373616765ae6e6f7420617574686f72697a6564a46461746181a4636f6465cd0191"_ba
            << SocketIOPacket(Type::ConnectError, u"/admin"_s,
                              QVariantMap{{u"message"_s, u"not authorized"_s},
                                          {u"data"_s, QVariantMap{{u"code"_s, 401}}}})
            << false; // QVariantMap sorts its keys
}

void tst_MsgPackParser::wire()
{
    QFETCH(QByteArray, hex);
    QFETCH(SocketIOPacket, packet);
    QFETCH(bool, encodesTheSame);
    const QByteArray bytes = QByteArray::fromHex(hex);

    SocketIOPacket decoded;
    QString error;
    QVERIFY2(MsgPackParser::decodePacket(bytes, Limits(), &decoded, &error), qPrintable(error));
    QVERIFY2(decoded.type() == packet.type() && decoded.nsp() == packet.nsp() && decoded.id() == packet.id()
                     && variantsIdentical(decoded.data(), packet.data()),
             qPrintable(describe(decoded) + u" != "_s + describe(packet)));

    const QByteArray encoded = MsgPackParser::encodePacket(packet);
    if (encodesTheSame)
        QCOMPARE(encoded.toHex(), hex);
    SocketIOPacket again;
    QVERIFY2(MsgPackParser::decodePacket(encoded, Limits(), &again, &error), qPrintable(error));
    QVERIFY(variantsIdentical(again.data(), packet.data()));
}

void tst_MsgPackParser::roundTrip_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QVariant>("expected");

    QTest::newRow("long string") << QVariant(QString(300, u'é')) << QVariant(QString(300, u'é'));
    QTest::newRow("64 KiB string") << QVariant(QString(70000, u'x')) << QVariant(QString(70000, u'x'));
    QTest::newRow("bin 16") << QVariant(QByteArray(300, 'b')) << QVariant(QByteArray(300, 'b'));
    QTest::newRow("bin 32") << QVariant(QByteArray(70000, 'b')) << QVariant(QByteArray(70000, 'b'));
    QVariantList many;
    for (int i = 0; i < 20; ++i)
        many.append(i * 1000);
    QTest::newRow("array 16") << QVariant(many) << QVariant(many);
    QVariantMap wide;
    for (int i = 0; i < 20; ++i)
        wide.insert(QString::number(i), i);
    QTest::newRow("map 16") << QVariant(wide) << QVariant(wide);
    QTest::newRow("integral double as integer") << QVariant(3.0) << QVariant(3);
    QTest::newRow("uint") << QVariant(4000000000u) << QVariant(4000000000LL);
    QTest::newRow("QStringList") << QVariant(QStringList{u"a"_s, u"b"_s}) << QVariant(QVariantList{u"a"_s, u"b"_s});
    QTest::newRow("QVariantHash") << QVariant(QVariantHash{{u"k"_s, true}}) << QVariant(QVariantMap{{u"k"_s, true}});
    QTest::newRow("nested") << QVariant(QVariantList{QVariant(QVariantList{QVariantMap{{u"x"_s, null()}}})})
                            << QVariant(QVariantList{QVariant(QVariantList{QVariantMap{{u"x"_s, null()}}})});
}

void tst_MsgPackParser::roundTrip()
{
    QFETCH(QVariant, value);
    QFETCH(QVariant, expected);
    QByteArray bytes;
    SocketIOMsgPack::write(bytes, value);
    QVariant read;
    QString error;
    QVERIFY2(SocketIOMsgPack::read(bytes, &read, &error), qPrintable(error));
    QVERIFY2(variantsIdentical(read, expected), qPrintable(describeVariant(read)));
}

// Maps as other writers send them: keys unsorted, repeated (the last value wins, as in
// JavaScript), of every kind; lists of records whose maps repeat the same keys.
void tst_MsgPackParser::maps_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QVariant>("expected");

    auto map = [](std::initializer_list<std::pair<QString, QVariant>> members) {
        QVariantMap m;
        for (const auto &[key, value] : members)
            m.insert(key, value);
        return QVariant(m);
    };
    QTest::newRow("unsorted") << handMade("82a16201a16102") << map({{u"a"_s, 2}, {u"b"_s, 1}});
    QTest::newRow("repeated key") << handMade("83a16101a16202a16103") << map({{u"a"_s, 3}, {u"b"_s, 2}});
    QTest::newRow("records, keys in changing order and repeated")
            << handMade("9582a16201a1610282a16203a1610482a16105a1620683a16207a16108a16209"
                        "83a1620aa1610ba1620c")
            << QVariant(QVariantList{map({{u"a"_s, 2}, {u"b"_s, 1}}), map({{u"a"_s, 4}, {u"b"_s, 3}}),
                                     map({{u"a"_s, 5}, {u"b"_s, 6}}), map({{u"a"_s, 8}, {u"b"_s, 9}}),
                                     map({{u"a"_s, 11}, {u"b"_s, 12}})});
    QTest::newRow("non-ASCII, integer and digit keys")
            << handMade("84a2c3a901a17a020a03a13904")
            << map({{u"é"_s, 1}, {u"z"_s, 2}, {u"10"_s, 3}, {u"9"_s, 4}});
    QTest::newRow("integer key repeated as text") << handMade("8201a178a131a179") << map({{u"1"_s, u"y"_s}});
    QTest::newRow("invalid UTF-8 keys that read alike")
            << handMade("82a1ff01a1fe02") << map({{u"\uFFFD"_s, 2}});
    const QString x = u"aaaaaaaaaaXaaaaaaaaa"_s;
    const QString y = u"aaaaaaaaaaYaaaaaaaaa"_s;
    QTest::newRow("long keys alike but in the middle")
            << handMade("9382b4616161616161616161615961616161616161616101b461616161616161616161586161616161"
                        "616161610282b4616161616161616161615961616161616161616101b461616161616161616161586161"
                        "6161616161616102b46161616161616161616158616161616161616161")
            << QVariant(QVariantList{map({{x, 2}, {y, 1}}), map({{x, 2}, {y, 1}}), x});
}

void tst_MsgPackParser::maps()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QVariant, expected);
    QVariant read;
    QString error;
    QVERIFY2(SocketIOMsgPack::read(bytes, &read, &error), qPrintable(error));
    QVERIFY2(variantsIdentical(read, expected), qPrintable(describeVariant(read)));
}

void tst_MsgPackParser::invalid_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("error");

    QTest::newRow("empty") << QByteArray() << u"unexpected end of data"_s;
    QTest::newRow("not a map") << handMade("92a16101") << u"not a map"_s;
    QTest::newRow("truncated string") << handMade("82a474797065") << u"unexpected end of data"_s;
    QTest::newRow("trailing bytes") << handMade("82a47479706500a36e7370a12fc0") << u"trailing bytes"_s;
    QTest::newRow("0xc1") << handMade("c1") << u"invalid byte 0xc1"_s;
    QTest::newRow("array count beyond the input") << handMade("ddffffffff00") << u"unexpected end of data"_s;
    QTest::newRow("map count beyond the input") << handMade("dfffffffff0000") << u"unexpected end of data"_s;
    QTest::newRow("bin length beyond the input") << handMade("c6ffffffff00") << u"unexpected end of data"_s;
    QTest::newRow("type 5") << handMade("82a47479706505a36e7370a12f") << u"invalid packet type"_s;
    QTest::newRow("type missing") << handMade("81a36e7370a12f") << u"invalid packet type"_s;
    QTest::newRow("type a string") << handMade("82a474797065a130a36e7370a12f") << u"invalid packet type"_s;
    QTest::newRow("nsp missing") << handMade("81a47479706500") << u"invalid namespace"_s;
    QTest::newRow("nsp a number") << handMade("82a47479706500a36e737001") << u"invalid namespace"_s;
    QTest::newRow("id negative") << handMade("83a47479706503a36e7370a12fa26964ff") << u"invalid packet id"_s;
    QTest::newRow("id a string") << handMade("83a47479706503a36e7370a12fa26964a131") << u"invalid packet id"_s;
    QTest::newRow("EVENT without data") << handMade("82a47479706502a36e7370a12f") << u"invalid payload for EVENT"_s;
    QTest::newRow("EVENT empty") << handMade("83a47479706502a36e7370a12fa464617461" "90")
                                 << u"invalid payload for EVENT"_s;
    QTest::newRow("EVENT reserved name") << handMade("83a47479706502a36e7370a12fa464617461" "91a7636f6e6e656374")
                                         << u"invalid payload for EVENT"_s;
    QTest::newRow("DISCONNECT with data") << handMade("83a47479706501a36e7370a12fa464617461" "01")
                                          << u"invalid payload for DISCONNECT"_s;
    QTest::newRow("CONNECT with an array") << handMade("83a47479706500a36e7370a12fa464617461" "90")
                                           << u"invalid payload for CONNECT"_s;
    QTest::newRow("map key an array") << handMade("8190c0") << u"map key is neither"_s;
}

void tst_MsgPackParser::invalid()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, error);
    const std::unique_ptr<PacketDecoder> decoder = Parser::msgpack()->createDecoder(5, Limits());
    QCOMPARE(decoder->addFrame(binaryFrame(bytes)), PacketDecoder::Error);
    QVERIFY2(decoder->errorString().contains(error), qPrintable(decoder->errorString()));
}

void tst_MsgPackParser::limits()
{
    Limits limits;
    limits.setMaxDepth(3);
    limits.setMaxPacketSize(64);
    const std::unique_ptr<PacketDecoder> decoder = Parser::msgpack()->createDecoder(5, limits);

    // ["e", [[1]]]: the payload is 3 deep, as far as the limit goes.
    const QVariantList threeDeep{u"e"_s, QVariantList{QVariant(QVariantList{1})}}; // QVariant(): no copy by braces
    QByteArray bytes = MsgPackParser::encodePacket(SocketIOPacket(Type::Event, u"/"_s, threeDeep));
    QCOMPARE(decoder->addFrame(binaryFrame(bytes)), PacketDecoder::PacketReady);
    QVERIFY(variantsIdentical(decoder->takePacket().data(), threeDeep));

    // One level more. The packet's own map is not counted: the depth is the payload's, as in JSON.
    const QVariantList fourDeep{u"e"_s, QVariantList{QVariant(QVariantList{QVariant(QVariantList{1})})}};
    bytes = MsgPackParser::encodePacket(SocketIOPacket(Type::Event, u"/"_s, fourDeep));
    QCOMPARE(decoder->addFrame(binaryFrame(bytes)), PacketDecoder::Error);
    QVERIFY2(decoder->errorString().contains(u"nesting deeper than 3"_s), qPrintable(decoder->errorString()));

    bytes = MsgPackParser::encodePacket(SocketIOPacket(Type::Event, u"/"_s, QVariantList{u"e"_s, QByteArray(60, 'x')}));
    QVERIFY(bytes.size() > 64);
    QCOMPARE(decoder->addFrame(binaryFrame(bytes)), PacketDecoder::Error);
    QVERIFY2(decoder->errorString().contains(u"exceeds the limit of 64"_s), qPrintable(decoder->errorString()));
}

void tst_MsgPackParser::textFrameIsAnError()
{
    const std::unique_ptr<PacketDecoder> decoder = Parser::msgpack()->createDecoder(5, Limits());
    QCOMPARE(decoder->addFrame(EngineIOPacket(EngineIOPacket::Message, R"(0{"sid":"x"})")),
             PacketDecoder::Error);
    QVERIFY2(decoder->errorString().contains(u"socket.io-msgpack-parser"_s), qPrintable(decoder->errorString()));
}

void tst_MsgPackParser::parserApi()
{
    QCOMPARE(Parser::msgpack()->name(), u"msgpack"_s);
    QCOMPARE(Parser::json()->name(), u"json"_s);
    QCOMPARE(Parser::fromName(u"msgpack"_s), Parser::msgpack());
    QCOMPARE(Parser::fromName(u"json"_s), Parser::json());
    QVERIFY(!Parser::fromName(u"cbor"_s));
    QVERIFY(Parser::msgpack()->supportsRevision(5));
    QVERIFY(!Parser::msgpack()->supportsRevision(4));
    QVERIFY(Parser::json()->supportsRevision(3));

    // Binary types become plain ones: msgpack has no attachments.
    const SocketIOPacket binaryEvent(Type::BinaryEvent, u"/"_s, QVariantList{u"b"_s, QByteArray("\xff")}, 2);
    const QList<EngineIOPacket> frames = Parser::msgpack()->createEncoder(5)->encode(binaryEvent);
    QCOMPARE(frames.size(), 1);
    QVERIFY(frames.first().isBinary());
    const std::unique_ptr<PacketDecoder> decoder = Parser::msgpack()->createDecoder(5, Limits());
    QCOMPARE(decoder->addFrame(frames.first()), PacketDecoder::PacketReady);
    const SocketIOPacket back = decoder->takePacket();
    QCOMPARE(back.type(), Type::Event);
    QCOMPARE(back.id(), 2);
    QVERIFY(variantsIdentical(back.data(), binaryEvent.data()));

    // The JSON parser: text then attachments, NeedMoreFrames in between.
    const QList<EngineIOPacket> json = Parser::json()->createEncoder(5)->encode(binaryEvent);
    QCOMPARE(json.size(), 2);
    QVERIFY(!json.first().isBinary());
    QVERIFY(json.last().isBinary());
    const std::unique_ptr<PacketDecoder> jsonDecoder = Parser::json()->createDecoder(5, Limits());
    QCOMPARE(jsonDecoder->addFrame(json.first()), PacketDecoder::NeedMoreFrames);
    QCOMPARE(jsonDecoder->addFrame(json.last()), PacketDecoder::PacketReady);
    QVERIFY(variantsIdentical(jsonDecoder->takePacket().data(), binaryEvent.data()));
}

void tst_MsgPackParser::decoderRecoversAfterError()
{
    const std::unique_ptr<PacketDecoder> decoder = Parser::msgpack()->createDecoder(5, Limits());
    QCOMPARE(decoder->addFrame(binaryFrame(handMade("c1"))), PacketDecoder::Error);
    QVERIFY(!decoder->errorString().isEmpty());
    decoder->reset();
    QVERIFY(decoder->errorString().isEmpty());
    QCOMPARE(decoder->addFrame(binaryFrame(handMade("82a47479706500a36e7370a12f"))), PacketDecoder::PacketReady);
    QCOMPARE(decoder->takePacket().type(), Type::Connect);
}

QTEST_APPLESS_MAIN(tst_MsgPackParser)

#include "tst_msgpackparser.moc"
