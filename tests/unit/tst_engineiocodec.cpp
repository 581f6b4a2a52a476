// Engine.IO codec: frames, polling payloads (EIO 3 and 4) and the handshake.
// Wire strings come from the protocol documents (docs/engine.io-protocol/v3.md
// and v4-current.md in socketio/socket.io) and from the output of the real
// engine.io-parser packages (1.3.2, 2.2.1, 5.2.3) for the same packets.

#include "engineiocodec.h"

#include <QtTest/qtest.h>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

using Packets = QList<EngineIOPacket>;
using Options = EngineIOCodec::PayloadOptions;

Q_DECLARE_METATYPE(EngineIOCodec::Version)
Q_DECLARE_METATYPE(Options)

namespace {

EngineIOPacket text(EngineIOPacket::Type type, const QByteArray &data = {})
{
    return EngineIOPacket(type, data);
}

EngineIOPacket message(const QByteArray &data)
{
    return EngineIOPacket(EngineIOPacket::Message, data);
}

EngineIOPacket binary(const QByteArray &data)
{
    return EngineIOPacket(EngineIOPacket::Message, data, true);
}

Options options(bool base64, bool utf8Twice = false)
{
    Options o;
    o.base64 = base64;
    o.utf8Twice = utf8Twice;
    return o;
}

QString describe(const Packets &packets)
{
    QStringList parts;
    for (const EngineIOPacket &p : packets) {
        parts.append(EngineIOPacket::typeName(p.type()) + (p.isBinary() ? u" binary "_s : u" "_s)
                     + QString::fromLatin1(p.data().toHex(' ')));
    }
    return parts.join(u" | "_s);
}

const QByteArray euro = "\xe2\x82\xac"_ba; // €, one UTF-16 unit, three bytes
const QByteArray grin = "\xf0\x9f\x98\x80"_ba; // 😀, two UTF-16 units, four bytes
const QByteArray bytes1234("\x01\x02\x03\x04", 4);

} // namespace

class tst_EngineIOCodec : public QObject
{
    Q_OBJECT

private slots:
    void typeName();
    void packetValue();

    void encodeFrame_data();
    void encodeFrame();
    void decodeFrame_data();
    void decodeFrame();
    void decodeFrameErrors_data();
    void decodeFrameErrors();

    void encodePayload_data();
    void encodePayload();
    void decodePayload_data();
    void decodePayload();
    void decodePayloadErrors_data();
    void decodePayloadErrors();
    void payloadRoundTrip_data();
    void payloadRoundTrip();

    void handshake_data();
    void handshake();
    void handshakeErrors_data();
    void handshakeErrors();
};

void tst_EngineIOCodec::typeName()
{
    const QStringList expected{u"open"_s, u"close"_s, u"ping"_s, u"pong"_s, u"message"_s,
                               u"upgrade"_s, u"noop"_s};
    for (int type = EngineIOPacket::Open; type <= EngineIOPacket::Noop; ++type)
        QCOMPARE(EngineIOPacket::typeName(EngineIOPacket::Type(type)), expected.at(type));
}

// An implicitly shared value: copies are equal, and a write changes only the copy written to.
void tst_EngineIOCodec::packetValue()
{
    const EngineIOPacket noop;
    QCOMPARE(noop.type(), EngineIOPacket::Noop);
    QVERIFY(!noop.isBinary());
    QVERIFY(noop.data().isEmpty());
    QCOMPARE(noop, EngineIOPacket(EngineIOPacket::Noop));

    const EngineIOPacket original(EngineIOPacket::Message, "\x01\x02"_ba, true);
    EngineIOPacket copy = original;
    QCOMPARE(copy, original);
    QVERIFY(copy.data().constData() == original.data().constData()); // the bytes are shared
    copy.setType(EngineIOPacket::Ping);
    copy.setBinary(false);
    copy.setData("probe"_ba);
    QCOMPARE(copy.type(), EngineIOPacket::Ping);
    QVERIFY(!copy.isBinary());
    QCOMPARE(copy.data(), "probe"_ba);
    QCOMPARE(original.type(), EngineIOPacket::Message);
    QVERIFY(original.isBinary());
    QCOMPARE(original.data(), "\x01\x02"_ba);
    QVERIFY(copy != original);

    // Each field takes part in the comparison.
    QVERIFY(EngineIOPacket(EngineIOPacket::Message, "a"_ba) != EngineIOPacket(EngineIOPacket::Message, "a"_ba, true));
    QVERIFY(EngineIOPacket(EngineIOPacket::Message, "a"_ba) != EngineIOPacket(EngineIOPacket::Message, "b"_ba));
    QVERIFY(EngineIOPacket(EngineIOPacket::Ping, "a"_ba) != EngineIOPacket(EngineIOPacket::Pong, "a"_ba));

    EngineIOPacket moved = std::move(copy);
    QCOMPARE(moved.data(), "probe"_ba);
    copy = original; // a moved-from packet can be assigned to
    QCOMPARE(copy, original);
    copy.swap(moved);
    QCOMPARE(copy.data(), "probe"_ba);
    QCOMPARE(moved, original);
}

// ---------------------------------------------------------------------------
// WebSocket frames

void tst_EngineIOCodec::encodeFrame_data()
{
    QTest::addColumn<EngineIOPacket>("packet");
    QTest::addColumn<EngineIOCodec::Version>("version");
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<bool>("binaryFrame");

    for (auto version : {EngineIOCodec::V3, EngineIOCodec::V4}) {
        const QByteArray v = version == EngineIOCodec::V3 ? "v3 "_ba : "v4 "_ba;
        QTest::newRow(v + "close") << text(EngineIOPacket::Close) << version << "1"_ba << false;
        QTest::newRow(v + "ping") << text(EngineIOPacket::Ping) << version << "2"_ba << false;
        QTest::newRow(v + "ping probe") << text(EngineIOPacket::Ping, "probe") << version
                                        << "2probe"_ba << false;
        QTest::newRow(v + "pong probe") << text(EngineIOPacket::Pong, "probe") << version
                                        << "3probe"_ba << false;
        QTest::newRow(v + "message") << message("HelloWorld") << version << "4HelloWorld"_ba << false;
        QTest::newRow(v + "socket.io event") << message(R"(2["hello"])") << version
                                             << R"(42["hello"])"_ba << false;
        QTest::newRow(v + "utf-8 message") << message(euro) << version << "4" + euro << false;
        QTest::newRow(v + "upgrade") << text(EngineIOPacket::Upgrade) << version << "5"_ba << false;
        QTest::newRow(v + "noop") << text(EngineIOPacket::Noop) << version << "6"_ba << false;
        QTest::newRow(v + "binary flag only for messages")
                << EngineIOPacket(EngineIOPacket::Ping, "x", true) << version << "2x"_ba << false;
    }
    // EIO 4: "Binary payloads are sent as is"; EIO 3: the type byte first ("4|0|1|2|3|4|5").
    QTest::newRow("v4 binary") << binary(bytes1234) << EngineIOCodec::V4 << bytes1234 << true;
    QTest::newRow("v4 empty binary") << binary({}) << EngineIOCodec::V4 << QByteArray() << true;
    QTest::newRow("v3 binary") << binary(QByteArray("\x00\x01\x02\x03\x04\x05", 6))
                               << EngineIOCodec::V3 << QByteArray("\x04\x00\x01\x02\x03\x04\x05", 7)
                               << true;
    QTest::newRow("v3 empty binary") << binary({}) << EngineIOCodec::V3 << "\x04"_ba << true;
}

void tst_EngineIOCodec::encodeFrame()
{
    QFETCH(EngineIOPacket, packet);
    QFETCH(EngineIOCodec::Version, version);
    QFETCH(QByteArray, frame);
    QFETCH(bool, binaryFrame);
    bool isBinary = !binaryFrame;
    QCOMPARE(EngineIOCodec::encodeFrame(packet, version, &isBinary), frame);
    QCOMPARE(isBinary, binaryFrame);

    // And back, unless the frame cannot tell (a flag that only messages carry).
    if (packet.isBinary() && packet.type() != EngineIOPacket::Message)
        return;
    EngineIOPacket decoded;
    QString error;
    QVERIFY2(EngineIOCodec::decodeFrame(frame, binaryFrame, version, &decoded, &error), qPrintable(error));
    QVERIFY(decoded == packet);
}

void tst_EngineIOCodec::decodeFrame_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<bool>("binaryFrame");
    QTest::addColumn<EngineIOCodec::Version>("version");
    QTest::addColumn<EngineIOPacket>("packet");

    const QByteArray open = R"(0{"sid":"lv_VI97HAXpY6yYWAAAC","pingInterval":25000,"pingTimeout":5000})"_ba;
    QTest::newRow("v3 open (websocket only)") << open << false << EngineIOCodec::V3
                                              << text(EngineIOPacket::Open, open.mid(1));
    QTest::newRow("v4 message") << "4hey"_ba << false << EngineIOCodec::V4 << message("hey");
    QTest::newRow("v4 empty message") << "4"_ba << false << EngineIOCodec::V4 << message({});
    QTest::newRow("v4 text with base64 binary") << "bAQIDBA=="_ba << false << EngineIOCodec::V4
                                                << binary(bytes1234);
    QTest::newRow("v3 text with base64 binary") << "b4AQIDBA=="_ba << false << EngineIOCodec::V3
                                                << binary(bytes1234);
    QTest::newRow("v4 binary frame starting with 4") << "\x04\x05"_ba << true << EngineIOCodec::V4
                                                     << binary("\x04\x05"_ba);
    QTest::newRow("v3 binary frame") << "\x04\x05"_ba << true << EngineIOCodec::V3
                                     << binary("\x05"_ba);
}

void tst_EngineIOCodec::decodeFrame()
{
    QFETCH(QByteArray, frame);
    QFETCH(bool, binaryFrame);
    QFETCH(EngineIOCodec::Version, version);
    QFETCH(EngineIOPacket, packet);
    EngineIOPacket decoded;
    QString error;
    QVERIFY2(EngineIOCodec::decodeFrame(frame, binaryFrame, version, &decoded, &error), qPrintable(error));
    QVERIFY2(decoded == packet, qPrintable(describe({decoded})));
}

void tst_EngineIOCodec::decodeFrameErrors_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<bool>("binaryFrame");
    QTest::addColumn<EngineIOCodec::Version>("version");
    QTest::addColumn<QString>("error");

    QTest::newRow("empty text frame") << QByteArray() << false << EngineIOCodec::V4 << u"empty packet"_s;
    QTest::newRow("type 7") << "7"_ba << false << EngineIOCodec::V4 << u"unknown packet type '7'"_s;
    QTest::newRow("type letter") << "x1"_ba << false << EngineIOCodec::V3 << u"unknown packet type 'x'"_s;
    QTest::newRow("type control byte") << "\x01"_ba << false << EngineIOCodec::V4
                                       << u"unknown packet type 0x01"_s;
    QTest::newRow("type non-ascii") << euro << false << EngineIOCodec::V4 << u"unknown packet type 0xe2"_s;
    QTest::newRow("v4 bad base64") << "b@@"_ba << false << EngineIOCodec::V4
                                   << u"invalid base64 in binary packet"_s;
    QTest::newRow("v3 base64 without type") << "bAQID"_ba << false << EngineIOCodec::V3
                                            << u"base64 packet that is not a message"_s;
    QTest::newRow("v3 base64 ping") << "b2AQID"_ba << false << EngineIOCodec::V3
                                    << u"base64 packet that is not a message"_s;
    QTest::newRow("v3 empty binary frame") << QByteArray() << true << EngineIOCodec::V3
                                           << u"empty binary frame"_s;
    QTest::newRow("v3 binary ping") << "\x02probe"_ba << true << EngineIOCodec::V3
                                    << u"binary frame of packet type 0x02"_s;
    QTest::newRow("v3 binary with type digit") << "4abc"_ba << true << EngineIOCodec::V3
                                               << u"binary frame of packet type '4'"_s;
}

void tst_EngineIOCodec::decodeFrameErrors()
{
    QFETCH(QByteArray, frame);
    QFETCH(bool, binaryFrame);
    QFETCH(EngineIOCodec::Version, version);
    QFETCH(QString, error);
    EngineIOPacket packet;
    QString message;
    QVERIFY(!EngineIOCodec::decodeFrame(frame, binaryFrame, version, &packet, &message));
    QCOMPARE(message, error);
}

// ---------------------------------------------------------------------------
// Polling payloads

void tst_EngineIOCodec::encodePayload_data()
{
    QTest::addColumn<Packets>("packets");
    QTest::addColumn<EngineIOCodec::Version>("version");
    QTest::addColumn<Options>("options");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("binaryBody");

    const auto v3 = EngineIOCodec::V3;
    const auto v4 = EngineIOCodec::V4;
    const Packets helloEuro{message("hello"), message(euro)};
    const Packets euroBinary{message(euro), binary(bytes1234)};

    // EIO 4 (v4-current.md, "Packet encoding" and the Socket.IO sample session)
    QTest::newRow("v4 doc: 4hello\\x1e2\\x1e4world")
            << Packets{message("hello"), text(EngineIOPacket::Ping), message("world")} << v4
            << options(false) << "4hello\x1e" "2\x1e" "4world"_ba << false;
    QTest::newRow("v4 doc: 4hello\\x1ebAQIDBA==") << Packets{message("hello"), binary(bytes1234)}
                                                  << v4 << options(false)
                                                  << "4hello\x1e" "bAQIDBA=="_ba << false;
    QTest::newRow("v4 engine.io-parser 5: hello, euro, binary")
            << Packets{message("hello"), message(euro), binary(bytes1234)} << v4 << options(false)
            << "4hello\x1e" "4" + euro + "\x1e" "bAQIDBA==" << false;
    QTest::newRow("v4 sample session: two events")
            << Packets{message(R"(2["hello"])"), message(R"(2["world"])")} << v4 << options(false)
            << "42[\"hello\"]\x1e" "42[\"world\"]"_ba << false;
    QTest::newRow("v4 single packet") << Packets{message("0")} << v4 << options(false) << "40"_ba << false;
    QTest::newRow("v4 options ignored") << euroBinary << v4 << options(false, true)
                                        << "4" + euro + "\x1e" "bAQIDBA==" << false;

    // EIO 3 text (v3.md, "Payload" and the sample sessions)
    QTest::newRow("v3 doc: 6:4hello2:4€") << helloEuro << v3 << options(false)
                                          << "6:4hello2:4" + euro << false;
    QTest::newRow("v3 doc: 4:4hey") << Packets{message("hey")} << v3 << options(false) << "4:4hey"_ba
                                    << false;
    QTest::newRow("v3 doc: 6:4hello6:4world") << Packets{message("hello"), message("world")} << v3
                                              << options(false) << "6:4hello6:4world"_ba << false;
    const QByteArray open = R"(0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":5000})"_ba;
    QTest::newRow("v3 doc: 96:0{...}2:40")
            << Packets{text(EngineIOPacket::Open, open.mid(1)), message("0")} << v3 << options(false)
            << "96:" + open + "2:40" << false;
    QTest::newRow("v3 doc: 16:42[\"hey\",\"Jude\"]") << Packets{message(R"(2["hey","Jude"])")} << v3
                                                   << options(false) << R"(16:42["hey","Jude"])"_ba << false;
    QTest::newRow("v3 doc: 11:42[\"hello\"]11:42[\"world\"]")
            << Packets{message(R"(2["hello"])"), message(R"(2["world"])")} << v3 << options(false)
            << R"(11:42["hello"]11:42["world"])"_ba << false;
    QTest::newRow("v3 engine.io-parser 2: astral counts two") << Packets{message(euro + grin)} << v3
                                                               << options(false)
                                                               << "4:4" + euro + grin << false;
    QTest::newRow("v3 ping, upgrade, noop")
            << Packets{text(EngineIOPacket::Ping, "probe"), text(EngineIOPacket::Upgrade),
                       text(EngineIOPacket::Noop)}
            << v3 << options(false) << "6:2probe1:51:6"_ba << false;
    QTest::newRow("v3 no binary packets: text even with XHR2") << Packets{message(euro)} << v3
                                                               << options(false) << "2:4" + euro << false;

    // EIO 3 binary (v3.md examples, bytes checked against engine.io-parser 2.2.1:
    // the document's XHR2 example leaves out the binary record's type byte).
    QTest::newRow("v3 doc: base64 2:4€10:b4AQIDBA==") << euroBinary << v3 << options(true)
                                                     << "2:4" + euro + "10:b4AQIDBA==" << false;
    QTest::newRow("v3 XHR2 binary payload")
            << euroBinary << v3 << options(false)
            << QByteArray("\x00\x04\xff\x34\xe2\x82\xac\x01\x05\xff\x04\x01\x02\x03\x04", 15) << true;
    QTest::newRow("v3 XHR2, astral, one-digit lengths")
            << Packets{message(euro + grin), binary("\x01"_ba)} << v3 << options(false)
            << QByteArray("\x00\x08\xff\x34\xe2\x82\xac\xf0\x9f\x98\x80\x01\x02\xff\x04\x01", 16)
            << true;
    QTest::newRow("v3 XHR2, two-digit length")
            << Packets{binary(QByteArray(11, 'x'))} << v3 << options(false)
            << QByteArray("\x01\x01\x02\xff\x04", 5) + QByteArray(11, 'x') << true;

    // engine.io-parser 1.x (socket.io 1.x): strings UTF-8 encoded twice in text payloads only
    QTest::newRow("v3 utf8Twice: 8:4â¬ð") << Packets{message(euro + grin)} << v3
                                          << options(false, true)
                                          << QByteArray::fromHex("383a34c3a2c282c2acc3b0c29fc298c280")
                                          << false;
    QTest::newRow("v3 utf8Twice with base64")
            << euroBinary << v3 << options(true, true)
            << QByteArray::fromHex("343a34c3a2c282c2ac31303a62344151494442413d3d") << false;
    QTest::newRow("v3 utf8Twice, XHR2 unaffected")
            << euroBinary << v3 << options(false, true)
            << QByteArray::fromHex("0004ff34e282ac0105ff0401020304") << true;
    QTest::newRow("v3 utf8Twice, ASCII unaffected") << Packets{message("hey")} << v3
                                                    << options(false, true) << "4:4hey"_ba << false;

    QTest::newRow("v3 no packets") << Packets{} << v3 << options(false) << QByteArray() << false;
    QTest::newRow("v4 no packets") << Packets{} << v4 << options(false) << QByteArray() << false;
}

void tst_EngineIOCodec::encodePayload()
{
    QFETCH(Packets, packets);
    QFETCH(EngineIOCodec::Version, version);
    QFETCH(Options, options);
    QFETCH(QByteArray, body);
    QFETCH(bool, binaryBody);
    bool isBinary = !binaryBody;
    QCOMPARE(EngineIOCodec::encodePayload(packets, version, &isBinary, options), body);
    QCOMPARE(isBinary, binaryBody);

    if (packets.isEmpty())
        return;
    Packets decoded;
    QString error;
    QVERIFY2(EngineIOCodec::decodePayload(body, binaryBody, version, &decoded, &error, options),
             qPrintable(error));
    QVERIFY2(decoded == packets, qPrintable(describe(decoded)));
}

void tst_EngineIOCodec::decodePayload_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("binaryBody");
    QTest::addColumn<EngineIOCodec::Version>("version");
    QTest::addColumn<Options>("options");
    QTest::addColumn<Packets>("packets");

    const auto v3 = EngineIOCodec::V3;
    const auto v4 = EngineIOCodec::V4;
    QTest::newRow("v4 empty ping data") << "2\x1e" "4x"_ba << false << v4 << options(false)
                                        << Packets{text(EngineIOPacket::Ping), message("x")};
    QTest::newRow("v4 binary body flag ignored") << "4hi"_ba << true << v4 << options(false)
                                                 << Packets{message("hi")};
    QTest::newRow("v4 empty base64 record") << "b"_ba << false << v4 << options(false)
                                            << Packets{binary({})};
    QTest::newRow("v3 empty record skipped, as engine.io-parser 2") << "0:6:4hello"_ba << false << v3
                                                                   << options(false)
                                                                   << Packets{message("hello")};
    QTest::newRow("v3 record with a separator-like char") << "3:4:a"_ba << false << v3 << options(false)
                                                          << Packets{message(":a")};
    QTest::newRow("v3 length with leading zeros") << "02:40"_ba << false << v3 << options(false)
                                                  << Packets{message("0")};
    QTest::newRow("v3 base64 record without options") << "10:b4AQIDBA=="_ba << false << v3
                                                      << options(false) << Packets{binary(bytes1234)};
    QTest::newRow("v3 XHR2 strings only") << QByteArray("\x00\x02\xff\x34\x61\x00\x01\xff\x36", 9)
                                          << true << v3 << options(false)
                                          << Packets{message("a"), text(EngineIOPacket::Noop)};
    QTest::newRow("v3 XHR2 empty binary message") << QByteArray("\x01\x01\xff\x04", 4) << true << v3
                                                  << options(false) << Packets{binary({})};
    QTest::newRow("v3 utf8Twice decoded") << QByteArray::fromHex("343a34c3a2c282c2ac") << false << v3
                                          << options(false, true) << Packets{message(euro)};
}

void tst_EngineIOCodec::decodePayload()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, binaryBody);
    QFETCH(EngineIOCodec::Version, version);
    QFETCH(Options, options);
    QFETCH(Packets, packets);
    Packets decoded{message("replaced")};
    QString error;
    QVERIFY2(EngineIOCodec::decodePayload(body, binaryBody, version, &decoded, &error, options),
             qPrintable(error));
    QVERIFY2(decoded == packets, qPrintable(describe(decoded)));
}

void tst_EngineIOCodec::decodePayloadErrors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("binaryBody");
    QTest::addColumn<EngineIOCodec::Version>("version");
    QTest::addColumn<Options>("options");
    QTest::addColumn<QString>("error");

    const auto v3 = EngineIOCodec::V3;
    const auto v4 = EngineIOCodec::V4;
    const Options plain = options(false);
    const Options twice = options(false, true);

    QTest::newRow("v4 empty body") << QByteArray() << false << v4 << plain << u"empty payload"_s;
    QTest::newRow("v4 empty record") << "4a\x1e\x1e" "4b"_ba << false << v4 << plain
                                     << u"empty packet in record at offset 3"_s;
    QTest::newRow("v4 trailing separator") << "4a\x1e"_ba << false << v4 << plain
                                           << u"empty packet in record at offset 3"_s;
    QTest::newRow("v4 unknown type") << "4hello\x1e" "7"_ba << false << v4 << plain
                                     << u"unknown packet type '7' in record at offset 7"_s;
    QTest::newRow("v4 bad base64") << "b@@"_ba << false << v4 << plain
                                   << u"invalid base64 in binary packet in record at offset 0"_s;

    QTest::newRow("v3 empty body") << QByteArray() << false << v3 << plain << u"empty payload"_s;
    QTest::newRow("v3 no length") << "4hello"_ba << false << v3 << plain
                                  << u"invalid record length character 'h' at offset 1"_s;
    QTest::newRow("v3 no colon") << "12"_ba << false << v3 << plain
                                 << u"missing ':' after the record length at offset 0"_s;
    QTest::newRow("v3 empty length") << ":4a"_ba << false << v3 << plain
                                     << u"missing record length at offset 0"_s;
    QTest::newRow("v3 invalid length") << "x:4hi"_ba << false << v3 << plain
                                       << u"invalid record length character 'x' at offset 0"_s;
    QTest::newRow("v3 negative length") << "-1:4"_ba << false << v3 << plain
                                        << u"invalid record length character '-' at offset 0"_s;
    QTest::newRow("v3 absurd length") << "99999999999:4"_ba << false << v3 << plain
                                      << u"record length too long at offset 10"_s;
    QTest::newRow("v3 length exceeds payload") << "9:4hello"_ba << false << v3 << plain
                                               << u"record length 9 exceeds the 6 remaining bytes at offset 0"_s;
    QTest::newRow("v3 length counts units, not bytes") << "4:4" + euro << false << v3 << plain
                                                       << u"record shorter than its length 4 at offset 0"_s;
    QTest::newRow("v3 length splits a surrogate pair") << "2:4" + grin << false << v3 << plain
                                                       << u"record length 2 splits a character at offset 0"_s;
    QTest::newRow("v3 invalid UTF-8") << "2:4\xff"_ba << false << v3 << plain
                                      << u"invalid UTF-8 at offset 3"_s;
    QTest::newRow("v3 truncated UTF-8") << "2:4\xe2\x82"_ba << false << v3 << plain
                                        << u"invalid UTF-8 at offset 3"_s;
    QTest::newRow("v3 unknown type") << "1:7"_ba << false << v3 << plain
                                     << u"unknown packet type '7' at offset 2"_s;
    QTest::newRow("v3 second record bad") << "1:21:x"_ba << false << v3 << plain
                                          << u"unknown packet type 'x' at offset 5"_s;
    QTest::newRow("v3 truncated base64 marker") << "1:b"_ba << false << v3 << plain
                                                << u"base64 packet that is not a message at offset 2"_s;
    QTest::newRow("v3 base64 of another type") << "2:bx"_ba << false << v3 << plain
                                               << u"base64 packet that is not a message at offset 2"_s;
    QTest::newRow("v3 invalid base64") << "4:b4@@"_ba << false << v3 << plain
                                       << u"invalid base64 in binary packet at offset 2"_s;
    QTest::newRow("v3 utf8Twice, char above 0xFF") << "2:4" + euro << false << v3 << twice
                                                   << u"invalid double UTF-8 encoding at offset 2"_s;
    QTest::newRow("v3 utf8Twice, inner layer invalid") << "2:4\xc3\xa2"_ba << false << v3 << twice
                                                       << u"invalid double UTF-8 encoding at offset 2"_s;

    QTest::newRow("xhr2 invalid kind") << QByteArray("\x02\x01\xff\x36", 4) << true << v3 << plain
                                       << u"invalid record kind 0x02 at offset 0"_s;
    QTest::newRow("xhr2 ascii digit") << QByteArray("\x00\x31\xff\x36", 4) << true << v3 << plain
                                      << u"invalid length digit '1' at offset 1"_s;
    QTest::newRow("xhr2 digit 10") << QByteArray("\x00\x0a\xff\x34", 4) << true << v3 << plain
                                   << u"invalid length digit 0x0a at offset 1"_s;
    QTest::newRow("xhr2 missing terminator") << QByteArray("\x00\x04", 2) << true << v3 << plain
                                             << u"truncated record header at offset 0"_s;
    QTest::newRow("xhr2 missing length") << QByteArray("\x00\xff\x34", 3) << true << v3 << plain
                                         << u"missing record length at offset 1"_s;
    QTest::newRow("xhr2 too many digits") << QByteArray(1, 0) + QByteArray(11, 9) + '\xff' << true
                                          << v3 << plain << u"record length too long at offset 11"_s;
    QTest::newRow("xhr2 length exceeds payload") << QByteArray("\x00\x04\xff\x34", 4) << true << v3
                                                 << plain
                                                 << u"record length 4 exceeds the 1 remaining bytes at offset 0"_s;
    QTest::newRow("xhr2 empty string record") << QByteArray("\x00\x00\xff", 3) << true << v3 << plain
                                              << u"empty packet at offset 3"_s;
    QTest::newRow("xhr2 empty binary record") << QByteArray("\x01\x00\xff", 3) << true << v3 << plain
                                              << u"empty binary record at offset 3"_s;
    QTest::newRow("xhr2 binary record of type 7") << QByteArray("\x01\x01\xff\x07", 4) << true << v3
                                                  << plain << u"binary record of packet type 0x07 at offset 3"_s;
    QTest::newRow("xhr2 binary record with type digit") << QByteArray("\x01\x02\xff\x34\x01", 5) << true
                                                        << v3 << plain
                                                        << u"binary record of packet type '4' at offset 3"_s;
    QTest::newRow("xhr2 invalid UTF-8 in string") << QByteArray("\x00\x02\xff\x34\xff", 5) << true << v3
                                                  << plain << u"invalid UTF-8 in string record at offset 3"_s;
    QTest::newRow("xhr2 doc example (no type byte)")
            << QByteArray("\x00\x04\xff\x34\xe2\x82\xac\x01\x04\xff\x01\x02\x03\x04", 14) << true << v3
            << plain << u"binary record of packet type 0x01 at offset 10"_s;
}

void tst_EngineIOCodec::decodePayloadErrors()
{
    QFETCH(QByteArray, body);
    QFETCH(bool, binaryBody);
    QFETCH(EngineIOCodec::Version, version);
    QFETCH(Options, options);
    QFETCH(QString, error);
    Packets packets{message("untouched")};
    QString message;
    QVERIFY(!EngineIOCodec::decodePayload(body, binaryBody, version, &packets, &message, options));
    QCOMPARE(message, error);
    QCOMPARE(packets.size(), 1);
}

void tst_EngineIOCodec::payloadRoundTrip_data()
{
    QTest::addColumn<EngineIOCodec::Version>("version");
    QTest::addColumn<Options>("options");
    QTest::newRow("v4") << EngineIOCodec::V4 << options(false);
    QTest::newRow("v3 XHR2") << EngineIOCodec::V3 << options(false);
    QTest::newRow("v3 base64") << EngineIOCodec::V3 << options(true);
    QTest::newRow("v3 XHR2 utf8Twice") << EngineIOCodec::V3 << options(false, true);
    QTest::newRow("v3 base64 utf8Twice") << EngineIOCodec::V3 << options(true, true);
}

void tst_EngineIOCodec::payloadRoundTrip()
{
    QFETCH(EngineIOCodec::Version, version);
    QFETCH(Options, options);
    QByteArray allBytes;
    for (int i = 0; i < 256; ++i)
        allBytes.append(char(i));
    const Packets packets{
        text(EngineIOPacket::Ping, "probe"),
        message(R"(2["é€😀",{"a":[1,2]}])"),
        binary(allBytes),
        message(QByteArray(1234, 'x') + grin),
        binary({}),
        message({}),
        text(EngineIOPacket::Noop),
    };
    for (const bool withBinary : {true, false}) {
        Packets input = packets;
        if (!withBinary)
            input.removeIf([](const EngineIOPacket &p) { return p.isBinary(); });
        bool binaryBody = false;
        const QByteArray body = EngineIOCodec::encodePayload(input, version, &binaryBody, options);
        Packets decoded;
        QString error;
        QVERIFY2(EngineIOCodec::decodePayload(body, binaryBody, version, &decoded, &error, options),
                 qPrintable(error));
        QVERIFY2(decoded == input, qPrintable(describe(decoded)));
    }
}

// ---------------------------------------------------------------------------
// Handshake

void tst_EngineIOCodec::handshake_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("sid");
    QTest::addColumn<QStringList>("upgrades");
    QTest::addColumn<int>("pingInterval");
    QTest::addColumn<int>("pingTimeout");
    QTest::addColumn<qint64>("maxPayload");

    QTest::newRow("v4 doc")
            << R"({"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})"_ba
            << u"lv_VI97HAXpY6yYWAAAC"_s << QStringList{u"websocket"_s} << 25000 << 20000 << 1000000LL;
    QTest::newRow("v3 doc, no maxPayload")
            << R"({"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":5000})"_ba
            << u"lv_VI97HAXpY6yYWAAAC"_s << QStringList{u"websocket"_s} << 25000 << 5000 << 1000000LL;
    QTest::newRow("v3 websocket only, no upgrades")
            << R"({"sid":"abc","pingInterval":25000,"pingTimeout":5000})"_ba << u"abc"_s
            << QStringList{} << 25000 << 5000 << 1000000LL;
    QTest::newRow("fractional and zero numbers, extra members")
            << R"( {"sid":"s","upgrades":[],"pingInterval":300.7,"pingTimeout":0,"maxPayload":1e6,"x":{}} )"_ba
            << u"s"_s << QStringList{} << 300 << 0 << 1000000LL;
    QTest::newRow("maxPayload just below 2^63") << R"({"sid":"s","pingInterval":1,"pingTimeout":2,"maxPayload":9223372036854774784.0})"_ba
                                                << u"s"_s << QStringList{} << 1 << 2 << 9223372036854774784LL;
    QTest::newRow("large maxPayload") << R"({"sid":"s","pingInterval":1,"pingTimeout":2,"maxPayload":10000000000})"_ba
                                      << u"s"_s << QStringList{} << 1 << 2 << 10000000000LL;
}

void tst_EngineIOCodec::handshake()
{
    QFETCH(QByteArray, json);
    EngineIOHandshake handshake;
    QString error;
    QVERIFY2(EngineIOHandshake::parse(json, &handshake, &error), qPrintable(error));
    QTEST(handshake.sid, "sid");
    QTEST(handshake.upgrades, "upgrades");
    QTEST(handshake.pingInterval, "pingInterval");
    QTEST(handshake.pingTimeout, "pingTimeout");
    QTEST(handshake.maxPayload, "maxPayload");
}

void tst_EngineIOCodec::handshakeErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");

    const QByteArray pings = R"("pingInterval":25000,"pingTimeout":5000)"_ba;
    QTest::newRow("not JSON") << "{sid:1}"_ba
                              << u"invalid handshake JSON: expected a string key at offset 1"_s;
    QTest::newRow("empty") << QByteArray() << u"invalid handshake JSON: unexpected end of input at offset 0"_s;
    QTest::newRow("array") << "[]"_ba << u"handshake is not a JSON object"_s;
    QTest::newRow("missing sid") << "{" + pings + "}" << u"handshake without a session id"_s;
    QTest::newRow("numeric sid") << R"({"sid":12,)" + pings + "}" << u"handshake without a session id"_s;
    QTest::newRow("empty sid") << R"({"sid":"",)" + pings + "}" << u"handshake without a session id"_s;
    QTest::newRow("upgrades not an array") << R"({"sid":"a","upgrades":"websocket",)" + pings + "}"
                                           << u"handshake \"upgrades\" is not an array"_s;
    QTest::newRow("upgrades with a number") << R"({"sid":"a","upgrades":[1],)" + pings + "}"
                                            << u"handshake \"upgrades\" holds a non-string"_s;
    QTest::newRow("missing pingInterval") << R"({"sid":"a","pingTimeout":5000})"_ba
                                          << u"handshake without \"pingInterval\""_s;
    QTest::newRow("missing pingTimeout") << R"({"sid":"a","pingInterval":5000})"_ba
                                         << u"handshake without \"pingTimeout\""_s;
    QTest::newRow("string pingInterval") << R"({"sid":"a","pingInterval":"25000","pingTimeout":5000})"_ba
                                         << u"handshake \"pingInterval\" is not a number"_s;
    QTest::newRow("null pingTimeout") << R"({"sid":"a","pingInterval":1,"pingTimeout":null})"_ba
                                      << u"handshake \"pingTimeout\" is not a number"_s;
    QTest::newRow("negative pingTimeout") << R"({"sid":"a","pingInterval":1,"pingTimeout":-1})"_ba
                                          << u"handshake \"pingTimeout\" out of range"_s;
    QTest::newRow("pingInterval beyond int") << R"({"sid":"a","pingInterval":1e10,"pingTimeout":1})"_ba
                                             << u"handshake \"pingInterval\" out of range"_s;
    QTest::newRow("negative maxPayload") << "{\"sid\":\"a\"," + pings + ",\"maxPayload\":-5}"
                                         << u"handshake \"maxPayload\" out of range"_s;
    QTest::newRow("infinite maxPayload") << "{\"sid\":\"a\"," + pings + ",\"maxPayload\":1e999}"
                                         << u"handshake \"maxPayload\" out of range"_s;
    QTest::newRow("maxPayload 2^63") << "{\"sid\":\"a\"," + pings + ",\"maxPayload\":9223372036854775808}"
                                     << u"handshake \"maxPayload\" out of range"_s;
    QTest::newRow("pingInterval 2^31") << R"({"sid":"a","pingInterval":2147483648,"pingTimeout":1})"_ba
                                       << u"handshake \"pingInterval\" out of range"_s;
    QTest::newRow("boolean maxPayload") << "{\"sid\":\"a\"," + pings + ",\"maxPayload\":true}"
                                        << u"handshake \"maxPayload\" is not a number"_s;
}

void tst_EngineIOCodec::handshakeErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    EngineIOHandshake handshake;
    handshake.sid = u"untouched"_s;
    QString message;
    QVERIFY(!EngineIOHandshake::parse(json, &handshake, &message));
    QCOMPARE(message, error);
    QCOMPARE(handshake.sid, u"untouched"_s);
}

QTEST_GUILESS_MAIN(tst_EngineIOCodec)
#include "tst_engineiocodec.moc"
