// Socket.IO packet encoder and decoder, revisions 3, 4 and 5. Wire strings are
// those of the protocol documents (socketio/socket.io-protocol Readme.md and
// docs/socket.io-protocol/v3.md, v4.md in socketio/socket.io) and of
// socket.io-parser's own tests (test/parser.js); the Engine.IO '4' in front of
// the documents' sample sessions is the engine's business and not part of them.

#include "socketiodecoder.h"
#include "socketioencoder.h"
#include "variantcompare.h"

#include <QtTest/qtest.h>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

using Frames = QList<QByteArray>;
using Type = SocketIOPacket::Type;

Q_DECLARE_METATYPE(SocketIOPacket)

namespace {

QVariant null()
{
    return QVariant::fromValue(nullptr);
}

QVariant list(std::initializer_list<QVariant> values)
{
    return QVariantList(values);
}

QVariant map(std::initializer_list<std::pair<QString, QVariant>> members)
{
    return QVariantMap(members);
}

SocketIOPacket packet(Type type, const QString &nsp, const QVariant &data = {}, qint64 id = -1,
                      int attachments = 0)
{
    SocketIOPacket p(type, nsp, data, id);
    p.setAttachments(attachments);
    return p;
}

QByteArray placeholder(int num)
{
    return R"({"_placeholder":true,"num":)" + QByteArray::number(num) + '}';
}

QString describe(const SocketIOPacket &p)
{
    return u"%1 nsp=%2 id=%3 attachments=%4 data=%5"_s.arg(SocketIOPacket::typeName(p.type()), p.nsp())
            .arg(p.id()).arg(p.attachments()).arg(describeVariant(p.data()));
}

bool samePacket(const SocketIOPacket &a, const SocketIOPacket &b)
{
    return a.type() == b.type() && a.nsp() == b.nsp() && a.id() == b.id() && a.attachments() == b.attachments()
            && variantsIdentical(a.data(), b.data());
}

// Feeds the text frame then the attachments; the status after the last one.
SocketIODecoder::Status feed(SocketIODecoder &decoder, const Frames &frames)
{
    SocketIODecoder::Status status = decoder.addText(frames.first());
    for (qsizetype i = 1; i < frames.size(); ++i) {
        if (status != SocketIODecoder::NeedAttachments)
            return status;
        status = decoder.addBinary(frames.at(i));
    }
    return status;
}

const QByteArray buffer1234("\x01\x02\x03\x04", 4);
const QByteArray buffer123("\x01\x02\x03", 3);
const QByteArray buffer321("\x03\x02\x01", 3);

} // namespace

class tst_SocketIOCodec : public QObject
{
    Q_OBJECT

private slots:
    void packetHelpers();
    void packetValue();
    void packetDataMovedOut();

    void encode_data();
    void encode();
    void decode_data();
    void decode();
    void decodeErrors_data();
    void decodeErrors();
    void decoderState();
    void decoderMoved();
    void limits();
    void limitsValue();
};

void tst_SocketIOCodec::packetHelpers()
{
    const QStringList names{u"CONNECT"_s, u"DISCONNECT"_s, u"EVENT"_s, u"ACK"_s, u"CONNECT_ERROR"_s,
                            u"BINARY_EVENT"_s, u"BINARY_ACK"_s};
    for (int type = Type::Connect; type <= Type::BinaryAck; ++type)
        QCOMPARE(SocketIOPacket::typeName(Type(type)), names.at(type));

    const SocketIOPacket event = SocketIOPacket::event(u"/chat"_s, u"message"_s, {1, u"two"_s}, 7);
    QCOMPARE(event.type(), Type::Event);
    QCOMPARE(event.nsp(), u"/chat"_s);
    QCOMPARE(event.id(), 7);
    QCOMPARE(event.eventName(), u"message"_s);
    QCOMPARE(event.eventArguments(), (QVariantList{1, u"two"_s}));
    QVERIFY(variantsIdentical(event.data(), list({u"message"_s, 1, u"two"_s})));
    QCOMPARE(SocketIOEncoder::encode(event), Frames{R"(2/chat,7["message",1,"two"])"_ba});

    QCOMPARE(SocketIOPacket(Type::Event, u"/"_s, list({42, true})).eventName(), u"42"_s);
    QCOMPARE(SocketIOPacket(Type::Event, u"/"_s, list({true})).eventName(), QString());
    QCOMPARE(SocketIOPacket(Type::Event, u"/"_s, list({})).eventName(), QString());
    QCOMPARE(SocketIOPacket(Type::Event, u"/"_s, map({})).eventName(), QString());
    QCOMPARE(SocketIOPacket(Type::Event, u"/"_s, list({u"a"_s})).eventArguments(), QVariantList());
    QCOMPARE(SocketIOPacket().eventArguments(), QVariantList());
}

// An implicitly shared value: copies are equal, and a write changes only the copy written to.
void tst_SocketIOCodec::packetValue()
{
    const SocketIOPacket empty;
    QCOMPARE(empty.type(), Type::Event);
    QCOMPARE(empty.nsp(), u"/"_s);
    QCOMPARE(empty.id(), -1);
    QVERIFY(!empty.data().isValid());
    QCOMPARE(empty.attachments(), 0);
    QCOMPARE(empty, SocketIOPacket(Type::Event, u"/"_s));

    const SocketIOPacket original = packet(Type::BinaryEvent, u"/chat"_s, list({u"a"_s, buffer123}), 4, 1);
    SocketIOPacket copy = original;
    QCOMPARE(copy, original);
    copy.setType(Type::Ack);
    copy.setNsp(u"/admin"_s);
    copy.setId(9);
    copy.setData(list({1}));
    copy.setAttachments(0);
    QCOMPARE(copy.type(), Type::Ack);
    QCOMPARE(copy.nsp(), u"/admin"_s);
    QCOMPARE(copy.id(), 9);
    QVERIFY(variantsIdentical(copy.data(), list({1})));
    QCOMPARE(copy.attachments(), 0);
    QVERIFY2(samePacket(original, packet(Type::BinaryEvent, u"/chat"_s, list({u"a"_s, buffer123}), 4, 1)),
             qPrintable(describe(original)));
    QVERIFY(copy != original);

    // Each field takes part in the comparison.
    const SocketIOPacket base(Type::Event, u"/"_s, list({u"a"_s}), 1);
    SocketIOPacket other = base;
    other.setType(Type::BinaryEvent);
    QVERIFY(other != base);
    other = base;
    other.setNsp(u"/x"_s);
    QVERIFY(other != base);
    other = base;
    other.setId(2);
    QVERIFY(other != base);
    other = base;
    other.setData(list({u"b"_s}));
    QVERIFY(other != base);
    other = base;
    other.setAttachments(1);
    QVERIFY(other != base);
    other = base;
    QVERIFY(other == base);

    SocketIOPacket moved = std::move(other);
    QCOMPARE(moved, base);
    other = original; // a moved-from packet can be assigned to
    QCOMPARE(other, original);
    other.swap(moved);
    QCOMPARE(other, base);
    QCOMPARE(moved, original);
}

// data() && hands the payload of a packet about to go over as it is: a tree the packet held
// alone comes out unshared (changing it copies nothing); other copies of the packet keep theirs.
void tst_SocketIOCodec::packetDataMovedOut()
{
    SocketIODecoder decoder;
    QCOMPARE(decoder.addText(R"(2["a",1,2])"), SocketIODecoder::PacketReady);
    SocketIOPacket alone = decoder.takePacket();
    QVariant data = std::move(alone).data();
    QCOMPARE(data.typeId(), QMetaType::QVariantList);
    QVERIFY(static_cast<const QVariantList *>(data.constData())->isDetached());

    QCOMPARE(decoder.addText(R"(2["a",1,2])"), SocketIODecoder::PacketReady);
    SocketIOPacket shared = decoder.takePacket();
    const SocketIOPacket kept = shared;
    data = std::move(shared).data();
    QVERIFY(!static_cast<const QVariantList *>(data.constData())->isDetached());
    QVERIFY(variantsIdentical(kept.data(), list({u"a"_s, 1, 2})));
    QVERIFY(variantsIdentical(data, list({u"a"_s, 1, 2})));
}

// Rows: packet -> frames. The frames are decoded back and compared with the
// packet as it travels (binary types, attachment count) unless noted.
void tst_SocketIOCodec::encode_data()
{
    QTest::addColumn<SocketIOPacket>("input");
    QTest::addColumn<int>("revision");
    QTest::addColumn<Frames>("frames");
    QTest::addColumn<bool>("roundTrip");

    const QString admin = u"/admin"_s;
    const QString root = u"/"_s;

    // Revision 5 (socket.io-protocol Readme.md, "Packet encoding" and "Sample session")
    QTest::newRow("v5 CONNECT /") << packet(Type::Connect, root) << 5 << Frames{"0"} << true;
    QTest::newRow("v5 CONNECT / with sid")
            << packet(Type::Connect, root, map({{u"sid"_s, u"wZX3oN0bSVIhsaknAAAI"_s}})) << 5
            << Frames{R"(0{"sid":"wZX3oN0bSVIhsaknAAAI"})"} << true;
    QTest::newRow("v5 CONNECT /admin") << packet(Type::Connect, admin) << 5 << Frames{"0/admin,"} << true;
    QTest::newRow("v5 CONNECT /admin with sid")
            << packet(Type::Connect, admin, map({{u"sid"_s, u"oSO0OpakMV_3jnilAAAA"_s}})) << 5
            << Frames{R"(0/admin,{"sid":"oSO0OpakMV_3jnilAAAA"})"} << true;
    QTest::newRow("v5 CONNECT /admin with auth")
            << packet(Type::Connect, admin, map({{u"token"_s, u"123"_s}})) << 5
            << Frames{R"(0/admin,{"token":"123"})"} << true;
    QTest::newRow("v5 CONNECT_ERROR")
            << packet(Type::ConnectError, root, map({{u"message"_s, u"Not authorized"_s}})) << 5
            << Frames{R"(4{"message":"Not authorized"})"} << true;
    QTest::newRow("v5 EVENT") << packet(Type::Event, root, list({u"foo"_s})) << 5
                              << Frames{R"(2["foo"])"} << true;
    QTest::newRow("v5 EVENT /admin") << packet(Type::Event, admin, list({u"bar"_s})) << 5
                                     << Frames{R"(2/admin,["bar"])"} << true;
    QTest::newRow("v5 BINARY_EVENT")
            << packet(Type::Event, root, list({u"baz"_s, buffer1234})) << 5
            << Frames{R"(51-["baz",)" + placeholder(0) + "]", buffer1234} << true;
    QTest::newRow("v5 BINARY_EVENT /admin, two buffers")
            << packet(Type::Event, admin, list({u"baz"_s, "\x01\x02"_ba, "\x03\x04"_ba})) << 5
            << Frames{R"(52-/admin,["baz",)" + placeholder(0) + "," + placeholder(1) + "]",
                      "\x01\x02", "\x03\x04"}
            << true;
    QTest::newRow("v5 EVENT with ack id") << packet(Type::Event, root, list({u"foo"_s}), 12) << 5
                                          << Frames{R"(212["foo"])"} << true;
    QTest::newRow("v5 ACK empty") << packet(Type::Ack, root, list({}), 12) << 5 << Frames{"312[]"} << true;
    QTest::newRow("v5 EVENT /admin with ack id") << packet(Type::Event, admin, list({u"foo"_s}), 13)
                                                 << 5 << Frames{R"(2/admin,13["foo"])"} << true;
    QTest::newRow("v5 ACK /admin") << packet(Type::Ack, admin, list({u"bar"_s}), 13) << 5
                                   << Frames{R"(3/admin,13["bar"])"} << true;
    QTest::newRow("v5 BINARY_EVENT with ack id")
            << packet(Type::Event, root, list({u"foo"_s, buffer1234}), 14) << 5
            << Frames{R"(51-14["foo",)" + placeholder(0) + "]", buffer1234} << true;
    QTest::newRow("v5 ACK 14") << packet(Type::Ack, root, list({u"bar"_s}), 14) << 5
                               << Frames{R"(314["bar"])"} << true;
    QTest::newRow("v5 BINARY_ACK")
            << packet(Type::Ack, root, list({u"bar"_s, buffer1234}), 15) << 5
            << Frames{R"(61-15["bar",)" + placeholder(0) + "]", buffer1234} << true;
    QTest::newRow("v5 DISCONNECT /") << packet(Type::Disconnect, root) << 5 << Frames{"1"} << true;
    QTest::newRow("v5 DISCONNECT /admin") << packet(Type::Disconnect, admin) << 5 << Frames{"1/admin,"}
                                          << true;
    QTest::newRow("v5 sample: tellme") << packet(Type::Event, admin, list({u"tellme"_s}), 1) << 5
                                       << Frames{R"(2/admin,1["tellme"])"} << true;
    QTest::newRow("v5 sample: BINARY_ACK with placeholder")
            << packet(Type::Ack, admin, list({buffer123}), 1) << 5
            << Frames{"61-/admin,1[" + placeholder(0) + "]", buffer123} << true;
    QTest::newRow("v5 socket.io-parser: event with integer name")
            << packet(Type::Event, root, list({1, u"a"_s, map({})})) << 5 << Frames{R"(2[1,"a",{}])"} << true;
    QTest::newRow("v5 socket.io-parser: connect error string")
            << packet(Type::ConnectError, root, u"Unauthorized"_s) << 5 << Frames{R"(4"Unauthorized")"}
            << true;

    // Binary handling
    QTest::newRow("binary at depth, depth-first order")
            << packet(Type::Event, root,
                      list({u"upload"_s,
                            map({{u"file"_s, map({{u"parts"_s, list({"p0"_ba, list({"p1"_ba})})},
                                                  {u"meta"_s, map({{u"name"_s, u"a"_s}})}})},
                                 {u"thumb"_s, "t"_ba}})}))
            << 5
            << Frames{R"(53-["upload",{"file":{"meta":{"name":"a"},"parts":[)" + placeholder(0) + ",["
                              + placeholder(1) + R"(]]},"thumb":)" + placeholder(2) + "}]",
                      "p0", "p1", "t"}
            << true;
    QTest::newRow("empty buffer") << packet(Type::Event, root, list({u"e"_s, QByteArray()})) << 5
                                  << Frames{R"(51-["e",)" + placeholder(0) + "]", QByteArray()} << true;
    Frames twelve{R"(512-["many")"};
    QVariantList many{u"many"_s};
    for (int i = 0; i < 12; ++i) {
        twelve.first() += "," + placeholder(i);
        twelve.append(QByteArray::number(i));
        many.append(QByteArray::number(i));
    }
    twelve.first() += "]";
    QTest::newRow("twelve attachments") << packet(Type::Event, root, many) << 5 << twelve << true;
    QTest::newRow("BINARY_EVENT without binary is an EVENT")
            << packet(Type::BinaryEvent, root, list({u"a"_s})) << 5 << Frames{R"(2["a"])"} << false;
    QTest::newRow("BINARY_ACK without binary is an ACK")
            << packet(Type::BinaryAck, root, list({}), 3) << 5 << Frames{"33[]"} << false;
    QTest::newRow("binary in CONNECT auth goes as base64")
            << packet(Type::Connect, root, map({{u"key"_s, buffer123}})) << 5
            << Frames{R"(0{"key":"AQID"})"} << false;

    // Payload and id details
    QTest::newRow("null data left out") << packet(Type::Connect, root, null()) << 5 << Frames{"0"} << false;
    QTest::newRow("empty namespace is /") << packet(Type::Event, QString(), list({u"a"_s})) << 5
                                          << Frames{R"(2["a"])"} << false;
    QTest::newRow("non-ascii namespace and data")
            << packet(Type::Event, u"/ñ"_s, list({u"é€😀"_s, u"\n\u0001"_s})) << 5
            << Frames{"2/\xc3\xb1,[\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\",\"\\n\\u0001\"]"} << true;
    QTest::newRow("ack id 0") << packet(Type::Ack, root, list({}), 0) << 5 << Frames{"30[]"} << true;
    QTest::newRow("large ack id") << packet(Type::Event, root, list({u"a"_s}), 9007199254740993LL) << 5
                                  << Frames{R"(29007199254740993["a"])"} << true;

    // Revision 4 (docs/socket.io-protocol/v4.md)
    QTest::newRow("v4 CONNECT /") << packet(Type::Connect, root) << 4 << Frames{"0"} << true;
    QTest::newRow("v4 CONNECT /admin") << packet(Type::Connect, admin) << 4 << Frames{"0/admin,"} << true;
    QTest::newRow("v4 CONNECT with query") << packet(Type::Connect, u"/admin?token=1234&uid=abcd"_s) << 4
                                           << Frames{"0/admin?token=1234&uid=abcd,"} << true;
    QTest::newRow("v4 DISCONNECT /admin") << packet(Type::Disconnect, admin) << 4 << Frames{"1/admin,"}
                                          << true;
    QTest::newRow("v4 EVENT") << packet(Type::Event, root, list({u"hello"_s, 1})) << 4
                              << Frames{R"(2["hello",1])"} << true;
    QTest::newRow("v4 EVENT with ack id")
            << packet(Type::Event, admin, list({u"project:delete"_s, 123}), 456) << 4
            << Frames{R"(2/admin,456["project:delete",123])"} << true;
    QTest::newRow("v4 ACK") << packet(Type::Ack, admin, list({}), 456) << 4 << Frames{"3/admin,456[]"}
                            << true;
    QTest::newRow("v4 ERROR") << packet(Type::ConnectError, admin, u"Not authorized"_s) << 4
                              << Frames{R"(4/admin,"Not authorized")"} << true;
    QTest::newRow("v4 ERROR with a bare number, not an ack id")
            << packet(Type::ConnectError, root, 42) << 4 << Frames{"4 42"} << true;
    QTest::newRow("v4 ERROR /admin with a bare number") << packet(Type::ConnectError, admin, 0.5) << 4
                                                        << Frames{"4/admin, 0.5"} << true;
    QTest::newRow("v4 ERROR with a negative number") << packet(Type::ConnectError, root, -1) << 4
                                                     << Frames{"4-1"} << true;
    QTest::newRow("v4 BINARY_EVENT") << packet(Type::Event, root, list({u"hello"_s, buffer123})) << 4
                                     << Frames{R"(51-["hello",)" + placeholder(0) + "]", buffer123}
                                     << true;
    QTest::newRow("v4 BINARY_EVENT with ack id")
            << packet(Type::Event, admin, list({u"project:delete"_s, buffer123}), 456) << 4
            << Frames{R"(51-/admin,456["project:delete",)" + placeholder(0) + "]", buffer123} << true;
    QTest::newRow("v4 BINARY_ACK") << packet(Type::Ack, admin, list({buffer321}), 456) << 4
                                   << Frames{"61-/admin,456[" + placeholder(0) + "]", buffer321} << true;

    // Revision 3 (docs/socket.io-protocol/v3.md): no BINARY_ACK, no comma after a bare namespace
    QTest::newRow("v3 CONNECT /") << packet(Type::Connect, root) << 3 << Frames{"0"} << true;
    QTest::newRow("v3 CONNECT /admin") << packet(Type::Connect, admin) << 3 << Frames{"0/admin"} << true;
    QTest::newRow("v3 DISCONNECT /admin") << packet(Type::Disconnect, admin) << 3 << Frames{"1/admin"}
                                          << true;
    QTest::newRow("v3 EVENT") << packet(Type::Event, root, list({u"hello"_s, 1})) << 3
                              << Frames{R"(2["hello",1])"} << true;
    QTest::newRow("v3 EVENT with ack id")
            << packet(Type::Event, admin, list({u"project:delete"_s, 123}), 456) << 3
            << Frames{R"(2/admin,456["project:delete",123])"} << true;
    QTest::newRow("v3 ACK") << packet(Type::Ack, admin, list({}), 456) << 3 << Frames{"3/admin,456[]"}
                            << true;
    QTest::newRow("v3 ERROR") << packet(Type::ConnectError, admin, u"Not authorized"_s) << 3
                              << Frames{R"(4/admin,"Not authorized")"} << true;
    QTest::newRow("v3 BINARY_EVENT") << packet(Type::Event, root, list({u"hello"_s, buffer123})) << 3
                                     << Frames{R"(51-["hello",)" + placeholder(0) + "]", buffer123}
                                     << true;
    QTest::newRow("v3 BINARY_EVENT with ack id")
            << packet(Type::Event, admin, list({u"project:delete"_s, buffer123}), 456) << 3
            << Frames{R"(51-/admin,456["project:delete",)" + placeholder(0) + "]", buffer123} << true;
    QTest::newRow("v3 ACK with binary as base64") << packet(Type::Ack, admin, list({buffer321}), 456) << 3
                                                  << Frames{R"(3/admin,456["AwIB"])"} << false;
    QTest::newRow("v3 BINARY_ACK requested, ACK sent") << packet(Type::BinaryAck, root, list({buffer123}), 1)
                                                       << 3 << Frames{R"(31["AQID"])"} << false;
}

void tst_SocketIOCodec::encode()
{
    QFETCH(SocketIOPacket, input);
    QFETCH(int, revision);
    QFETCH(Frames, frames);
    QFETCH(bool, roundTrip);

    QCOMPARE(SocketIOEncoder::encode(input, revision), frames);
    if (!roundTrip)
        return;

    SocketIOPacket expected = input;
    expected.setAttachments(int(frames.size() - 1));
    if (expected.attachments())
        expected.setType(input.type() == Type::Event ? Type::BinaryEvent : Type::BinaryAck);
    SocketIODecoder decoder(revision);
    QCOMPARE(feed(decoder, frames), SocketIODecoder::PacketReady);
    const SocketIOPacket decoded = decoder.takePacket();
    QVERIFY2(samePacket(decoded, expected), qPrintable(describe(decoded)));
}

// Rows: frames -> packet, for what the encoder does not produce.
void tst_SocketIOCodec::decode_data()
{
    QTest::addColumn<int>("revision");
    QTest::addColumn<Frames>("frames");
    QTest::addColumn<SocketIOPacket>("expected");

    const QString admin = u"/admin"_s;
    const QString root = u"/"_s;
    const QVariant a = QByteArray("a"), b = QByteArray("b");

    QTest::newRow("v5 CONNECT answer with pid")
            << 5 << Frames{R"(0{"sid":"x","pid":"y"})"}
            << packet(Type::Connect, root, map({{u"sid"_s, u"x"_s}, {u"pid"_s, u"y"_s}}));
    QTest::newRow("v5 namespace without comma") << 5 << Frames{"0/admin"} << packet(Type::Connect, admin);
    QTest::newRow("v5 namespace with comma only") << 5 << Frames{"1/admin,"} << packet(Type::Disconnect, admin);
    QTest::newRow("v5 event, empty namespace name") << 5 << Frames{R"(2/,["a"])"}
                                                    << packet(Type::Event, root, list({u"a"_s}));
    QTest::newRow("v5 placeholder in EVENT is an object")
            << 5 << Frames{R"(2["a",)" + placeholder(0) + "]"}
            << packet(Type::Event, root,
                      list({u"a"_s, map({{u"_placeholder"_s, true}, {u"num"_s, 0}})}));
    QTest::newRow("v5 attachments out of order, repeated")
            << 5 << Frames{"52-[\"x\"," + placeholder(1) + "," + placeholder(0) + "," + placeholder(1) + "]",
                           "a", "b"}
            << packet(Type::BinaryEvent, root, list({u"x"_s, b, a, b}), -1, 2);
    QTest::newRow("v5 attachment not referenced") << 5 << Frames{"52-[\"x\"," + placeholder(0) + "]", "a", "b"}
                                                  << packet(Type::BinaryEvent, root, list({u"x"_s, a}), -1, 2);
    QTest::newRow("v5 BINARY_ACK, placeholder at top of a map")
            << 5 << Frames{"61-/admin,7[{\"k\":" + placeholder(0) + "}]", "a"}
            << packet(Type::BinaryAck, admin, list({map({{u"k"_s, a}})}), 7, 1);
    QTest::newRow("v5 ack id with leading zeros") << 5 << Frames{"3007[]"} << packet(Type::Ack, root, list({}), 7);
    QTest::newRow("v5 number event name (double)") << 5 << Frames{"2[1.5]"}
                                                   << packet(Type::Event, root, list({1.5}));
    QTest::newRow("v5 CONNECT_ERROR with data")
            << 5 << Frames{R"(4/admin,{"message":"no","data":{"code":3}})"}
            << packet(Type::ConnectError, admin,
                      map({{u"message"_s, u"no"_s}, {u"data"_s, map({{u"code"_s, 3}})}}));
    QTest::newRow("v5 whitespace around JSON") << 5 << Frames{"2 [\"a\"] "} << packet(Type::Event, root, list({u"a"_s}));

    QTest::newRow("v4 ERROR raw text") << 4 << Frames{"4/admin,Not authorized"}
                                       << packet(Type::ConnectError, admin, u"Not authorized"_s);
    QTest::newRow("v4 ERROR JSON object") << 4 << Frames{R"(4{"message":"x"})"}
                                          << packet(Type::ConnectError, root, map({{u"message"_s, u"x"_s}}));
    QTest::newRow("v4 ERROR number") << 4 << Frames{"4/admin,[1]"} << packet(Type::ConnectError, admin, list({1}));
    QTest::newRow("v4 ERROR without payload") << 4 << Frames{"4"} << packet(Type::ConnectError, root);
    QTest::newRow("v4 reserved event name allowed") << 4 << Frames{R"(2["connect"])"}
                                                    << packet(Type::Event, root, list({u"connect"_s}));
    QTest::newRow("v4 ACK without payload") << 4 << Frames{"31"} << packet(Type::Ack, root, {}, 1);
    QTest::newRow("v4 BINARY_EVENT with no attachments") << 4 << Frames{R"(50-["a"])"}
                                                         << packet(Type::BinaryEvent, root, list({u"a"_s}));
    QTest::newRow("v4 CONNECT with query") << 4 << Frames{"0/admin?token=1,"}
                                           << packet(Type::Connect, u"/admin?token=1"_s);
    QTest::newRow("v3 ERROR raw text") << 3 << Frames{"4/admin,Not authorized"}
                                       << packet(Type::ConnectError, admin, u"Not authorized"_s);
    QTest::newRow("v3 BINARY_EVENT") << 3 << Frames{"51-[\"a\"," + placeholder(0) + "]", "a"}
                                     << packet(Type::BinaryEvent, root, list({u"a"_s, a}), -1, 1);
}

void tst_SocketIOCodec::decode()
{
    QFETCH(int, revision);
    QFETCH(Frames, frames);
    QFETCH(SocketIOPacket, expected);
    SocketIODecoder decoder(revision);
    QCOMPARE(feed(decoder, frames), SocketIODecoder::PacketReady);
    QVERIFY(!decoder.isAwaitingAttachments());
    const SocketIOPacket decoded = decoder.takePacket();
    QVERIFY2(samePacket(decoded, expected), qPrintable(describe(decoded)));
}

void tst_SocketIOCodec::decodeErrors_data()
{
    QTest::addColumn<int>("revision");
    QTest::addColumn<Frames>("frames");
    QTest::addColumn<QString>("error");

    const QString invalidEvent = u"invalid payload for EVENT"_s;

    QTest::newRow("empty") << 5 << Frames{""} << u"empty packet"_s;
    QTest::newRow("socket.io-parser: 999") << 5 << Frames{"999"} << u"unknown packet type '9'"_s;
    QTest::newRow("type 7") << 5 << Frames{"7"} << u"unknown packet type '7'"_s;
    QTest::newRow("type letter") << 5 << Frames{"a"} << u"unknown packet type 'a'"_s;
    QTest::newRow("type byte") << 5 << Frames{"\xff"} << u"unknown packet type 0xff"_s;
    QTest::newRow("v3 has no BINARY_ACK") << 3 << Frames{"61-[" + placeholder(0) + "]"}
                                          << u"unknown packet type '6'"_s;

    QTest::newRow("socket.io-parser: bad binary packet \"5\"") << 5 << Frames{"5"} << u"invalid attachment count"_s;
    QTest::newRow("count without digits") << 5 << Frames{R"(5-["a"])"} << u"invalid attachment count"_s;
    QTest::newRow("count without dash") << 5 << Frames{R"(51["a"])"} << u"invalid attachment count"_s;
    QTest::newRow("count with letter") << 5 << Frames{R"(51a-["a"])"} << u"invalid attachment count"_s;
    QTest::newRow("count zero") << 5 << Frames{R"(50-["a"])"} << u"invalid attachment count"_s;
    QTest::newRow("count over the limit") << 5 << Frames{R"(51001-["a"])"}
                                          << u"too many attachments (the limit is 1000)"_s;
    QTest::newRow("absurd count") << 5 << Frames{"5" + QByteArray(5000, '9') + "-[\"a\"]"}
                                  << u"too many attachments (the limit is 1000)"_s;
    QTest::newRow("count mismatch: placeholder beyond count")
            << 5 << Frames{"51-[\"a\"," + placeholder(1) + "]"}
            << u"invalid JSON payload: binary placeholder without a valid \"num\" (0 to 0) at offset 5"_s;
    QTest::newRow("v4 placeholder with no attachments") << 4 << Frames{"50-[\"a\"," + placeholder(0) + "]"}
            << u"invalid JSON payload: binary placeholder in a packet without attachments at offset 5"_s;

    QTest::newRow("invalid UTF-8 namespace") << 5 << Frames{"2/\xff,[\"a\"]"} << u"invalid UTF-8 in namespace"_s;
    QTest::newRow("ack id overflow") << 5 << Frames{R"(29223372036854775808["a"])"} << u"ack id out of range"_s;
    QTest::newRow("ack id qint64 max is fine, then bad JSON") << 5 << Frames{"29223372036854775807x"}
            << u"invalid JSON payload: unexpected character at offset 0"_s;

    // socket.io-parser test/parser.js, "throw an error upon parsing error"
    QTest::newRow("socket.io-parser: 442[\"some\",\"data\"") << 5 << Frames{R"(442["some","data")"}
            << u"invalid JSON payload: unterminated array at offset 14"_s;
    QTest::newRow("socket.io-parser: 0/admin,\"invalid\"") << 5 << Frames{R"(0/admin,"invalid")"}
                                                          << u"invalid payload for CONNECT"_s;
    QTest::newRow("socket.io-parser: 0[]") << 5 << Frames{"0[]"} << u"invalid payload for CONNECT"_s;
    QTest::newRow("socket.io-parser: 1/admin,{}") << 5 << Frames{"1/admin,{}"} << u"invalid payload for DISCONNECT"_s;
    QTest::newRow("socket.io-parser: 2/admin,\"invalid") << 5 << Frames{R"(2/admin,"invalid)"}
            << u"invalid JSON payload: unterminated string at offset 0"_s;
    QTest::newRow("socket.io-parser: 2/admin,{}") << 5 << Frames{"2/admin,{}"} << invalidEvent;
    QTest::newRow("socket.io-parser: 2[{\"toString\":\"foo\"}]") << 5 << Frames{R"(2[{"toString":"foo"}])"}
                                                               << invalidEvent;
    QTest::newRow("socket.io-parser: 2[true,\"foo\"]") << 5 << Frames{R"(2[true,"foo"])"} << invalidEvent;
    QTest::newRow("socket.io-parser: 2[null,\"bar\"]") << 5 << Frames{R"(2[null,"bar"])"} << invalidEvent;
    QTest::newRow("socket.io-parser: 2[\"connect\"]") << 5 << Frames{R"(2["connect"])"} << invalidEvent;
    QTest::newRow("socket.io-parser: 2[\"disconnect\",\"123\"]") << 5 << Frames{R"(2["disconnect","123"])"}
                                                                 << invalidEvent;
    for (const char *name : {"connect_error", "disconnecting", "newListener", "removeListener"}) {
        QTest::addRow("reserved name %s", name) << 5 << Frames{"2[\"" + QByteArray(name) + "\"]"} << invalidEvent;
    }
    QTest::newRow("reserved name in BINARY_EVENT") << 5 << Frames{"51-[\"connect\"," + placeholder(0) + "]"}
                                                   << u"invalid payload for BINARY_EVENT"_s;
    QTest::newRow("binary as event name") << 5 << Frames{"51-[" + placeholder(0) + "]"}
                                          << u"invalid payload for BINARY_EVENT"_s;
    QTest::newRow("EVENT empty array") << 5 << Frames{"2[]"} << invalidEvent;
    QTest::newRow("EVENT without payload") << 5 << Frames{"2"} << invalidEvent;
    QTest::newRow("EVENT string payload") << 5 << Frames{R"(2"a")"} << invalidEvent;
    QTest::newRow("v4 EVENT empty array") << 4 << Frames{"2[]"} << invalidEvent;
    QTest::newRow("v4 EVENT object") << 4 << Frames{"2{}"} << invalidEvent;
    QTest::newRow("ACK without payload") << 5 << Frames{"31"} << u"invalid payload for ACK"_s;
    QTest::newRow("ACK object") << 5 << Frames{"31{}"} << u"invalid payload for ACK"_s;
    QTest::newRow("v4 ACK object") << 4 << Frames{"31{}"} << u"invalid payload for ACK"_s;
    QTest::newRow("BINARY_ACK object") << 5 << Frames{"61-1{\"a\":" + placeholder(0) + "}"}
                                       << u"invalid payload for BINARY_ACK"_s;
    QTest::newRow("CONNECT_ERROR array") << 5 << Frames{"4[1]"} << u"invalid payload for CONNECT_ERROR"_s;
    QTest::newRow("CONNECT_ERROR without payload") << 5 << Frames{"4"} << u"invalid payload for CONNECT_ERROR"_s;
    QTest::newRow("CONNECT_ERROR raw text") << 5 << Frames{"4Not authorized"}
                                            << u"invalid JSON payload: unexpected character at offset 0"_s;
    QTest::newRow("v4 CONNECT string") << 4 << Frames{R"(0"x")"} << u"invalid payload for CONNECT"_s;
    QTest::newRow("v4 DISCONNECT with payload") << 4 << Frames{"1[]"} << u"invalid payload for DISCONNECT"_s;

    QTest::newRow("too deep") << 5 << Frames{"2[\"a\"," + QByteArray(200, '[') + QByteArray(201, ']')}
            << u"invalid JSON payload: nesting deeper than 128 levels at offset 132"_s;
    QTest::newRow("invalid UTF-8 in JSON") << 5 << Frames{"2[\"\xc0\x80\"]"}
                                           << u"invalid JSON payload: invalid UTF-8 at offset 2"_s;
    QTest::newRow("trailing garbage") << 5 << Frames{R"(2["a"]x)"}
                                      << u"invalid JSON payload: unexpected data after the value at offset 5"_s;
}

void tst_SocketIOCodec::decodeErrors()
{
    QFETCH(int, revision);
    QFETCH(Frames, frames);
    QFETCH(QString, error);
    SocketIODecoder decoder(revision);
    QCOMPARE(feed(decoder, frames), SocketIODecoder::Error);
    QCOMPARE(decoder.errorString(), error);
    QVERIFY(!decoder.isAwaitingAttachments());

    // Ready for the next packet.
    QCOMPARE(decoder.addText(R"(2["ok"])"), SocketIODecoder::PacketReady);
    QVERIFY(decoder.errorString().isEmpty());
    QCOMPARE(decoder.takePacket().eventName(), u"ok"_s);
}

void tst_SocketIOCodec::decoderState()
{
    SocketIODecoder decoder;
    QCOMPARE(decoder.revision(), 5);
    QVERIFY(!decoder.isAwaitingAttachments());

    // Binary without a packet that announced it.
    QCOMPARE(decoder.addBinary("x"), SocketIODecoder::Error);
    QCOMPARE(decoder.errorString(), u"unexpected binary attachment"_s);

    // Attachments arrive one by one.
    const QByteArray text = "52-/admin,3[\"up\"," + placeholder(0) + "," + placeholder(1) + "]";
    QCOMPARE(decoder.addText(text), SocketIODecoder::NeedAttachments);
    QVERIFY(decoder.isAwaitingAttachments());
    QCOMPARE(decoder.addBinary("a"), SocketIODecoder::NeedAttachments);
    QVERIFY(decoder.isAwaitingAttachments());
    QCOMPARE(decoder.addBinary("b"), SocketIODecoder::PacketReady);
    QVERIFY(!decoder.isAwaitingAttachments());
    SocketIOPacket p = decoder.takePacket();
    QVERIFY2(samePacket(p, packet(Type::BinaryEvent, u"/admin"_s, list({u"up"_s, "a"_ba, "b"_ba}), 3, 2)),
             qPrintable(describe(p)));
    QVERIFY(samePacket(decoder.takePacket(), SocketIOPacket())); // taken once

    // A text packet while attachments are missing: error, then back to normal.
    QCOMPARE(decoder.addText(text), SocketIODecoder::NeedAttachments);
    QCOMPARE(decoder.addBinary("a"), SocketIODecoder::NeedAttachments);
    QCOMPARE(decoder.addText(R"(2["b"])"), SocketIODecoder::Error);
    QCOMPARE(decoder.errorString(), u"text packet while 1 of 2 binary attachments are missing"_s);
    QCOMPARE(decoder.addBinary("b"), SocketIODecoder::Error); // the half packet was dropped
    QCOMPARE(decoder.addText(R"(2["b"])"), SocketIODecoder::PacketReady);

    // reset() drops a half-received packet.
    QCOMPARE(decoder.addText(text), SocketIODecoder::NeedAttachments);
    decoder.reset();
    QVERIFY(!decoder.isAwaitingAttachments());
    QCOMPARE(decoder.addText(R"(2["c"])"), SocketIODecoder::PacketReady);
    QCOMPARE(decoder.takePacket().eventName(), u"c"_s);

    // The revision decides what is valid.
    decoder.setRevision(4);
    QCOMPARE(decoder.revision(), 4);
    QCOMPARE(decoder.addText(R"(2["connect"])"), SocketIODecoder::PacketReady);
    decoder.setRevision(5);
    QCOMPARE(decoder.addText(R"(2["connect"])"), SocketIODecoder::Error);
}

// A decoder moves with its packet in progress, its revision and its limits.
void tst_SocketIOCodec::decoderMoved()
{
    Limits limits;
    limits.setMaxDepth(3);
    SocketIODecoder decoder(4, limits);
    QCOMPARE(decoder.addText("51-[\"up\"," + placeholder(0) + "]"), SocketIODecoder::NeedAttachments);

    SocketIODecoder moved(std::move(decoder));
    QVERIFY(moved.isAwaitingAttachments());
    QCOMPARE(moved.revision(), 4);
    QCOMPARE(moved.limits(), limits);
    QCOMPARE(moved.addBinary("a"), SocketIODecoder::PacketReady);
    const SocketIOPacket p = moved.takePacket();
    QVERIFY2(samePacket(p, packet(Type::BinaryEvent, u"/"_s, list({u"up"_s, "a"_ba}), -1, 1)),
             qPrintable(describe(p)));

    decoder = SocketIODecoder(5); // a moved-from decoder can be assigned to
    QCOMPARE(decoder.revision(), 5);
    QCOMPARE(decoder.limits(), Limits());
    QCOMPARE(decoder.addText(R"(2["connect"])"), SocketIODecoder::Error);
    QCOMPARE(moved.addText(R"(2["connect"])"), SocketIODecoder::PacketReady); // revision 4 allows it
    moved = std::move(decoder);
    QCOMPARE(moved.revision(), 5);
    QVERIFY(!moved.errorString().isEmpty()); // the error came along
}

void tst_SocketIOCodec::limits()
{
    Limits limits;
    limits.setMaxAttachments(2);
    limits.setMaxDepth(3);
    limits.setMaxPacketSize(30);
    SocketIODecoder decoder(5, limits);
    QCOMPARE(decoder.limits(), limits);

    QCOMPARE(decoder.addText("53-[\"a\"]"), SocketIODecoder::Error);
    QCOMPARE(decoder.errorString(), u"too many attachments (the limit is 2)"_s);

    QCOMPARE(decoder.addText(R"(2["a",[[1]]])"), SocketIODecoder::PacketReady);
    QCOMPARE(decoder.addText(R"(2["a",[[[1]]]])"), SocketIODecoder::Error);
    QCOMPARE(decoder.errorString(), u"invalid JSON payload: nesting deeper than 3 levels at offset 7"_s);

    QCOMPARE(decoder.addText("2[\"" + QByteArray(25, 'x') + "\"]"), SocketIODecoder::PacketReady);
    QCOMPARE(decoder.addText("2[\"" + QByteArray(26, 'x') + "\"]"), SocketIODecoder::Error);
    QCOMPARE(decoder.errorString(), u"packet of 31 bytes exceeds the limit of 30"_s);

    // Text and attachments count together.
    const QByteArray text = "51-[\"a\"," + placeholder(0) + "]";
    limits.setMaxPacketSize(text.size() + 4);
    decoder.setLimits(limits);
    QCOMPARE(decoder.addText(text), SocketIODecoder::NeedAttachments);
    QCOMPARE(decoder.addBinary("12345"), SocketIODecoder::Error);
    QCOMPARE(decoder.errorString(),
             u"packet with attachments exceeds the limit of %1 bytes"_s.arg(limits.maxPacketSize()));
    QCOMPARE(decoder.addText(text), SocketIODecoder::NeedAttachments);
    QCOMPARE(decoder.addBinary("1234"), SocketIODecoder::PacketReady);
}

void tst_SocketIOCodec::limitsValue()
{
    const Limits defaults;
    QCOMPARE(defaults.maxAttachments(), 1000);
    QCOMPARE(defaults.maxDepth(), 128);
    QCOMPARE(defaults.maxPacketSize(), Q_INT64_C(100000000));
    QCOMPARE(SocketIODecoder().limits(), defaults);

    Limits copy = defaults;
    QCOMPARE(copy, defaults);
    copy.setMaxAttachments(1);
    QCOMPARE(copy.maxAttachments(), 1);
    QVERIFY(copy != defaults);
    copy.setMaxDepth(2);
    QCOMPARE(copy.maxDepth(), 2);
    copy.setMaxPacketSize(Q_INT64_C(5000000000)); // beyond 32 bits
    QCOMPARE(copy.maxPacketSize(), Q_INT64_C(5000000000));
    QCOMPARE(defaults.maxAttachments(), 1000); // the original is untouched
    QCOMPARE(defaults.maxDepth(), 128);
    QCOMPARE(defaults.maxPacketSize(), Q_INT64_C(100000000));

    // Each bound takes part in the comparison.
    Limits other;
    other.setMaxDepth(127);
    QVERIFY(other != defaults);
    other = defaults;
    other.setMaxPacketSize(1);
    QVERIFY(other != defaults);
    other.setMaxPacketSize(defaults.maxPacketSize());
    QCOMPARE(other, defaults);

    Limits moved = std::move(copy);
    QCOMPARE(moved.maxDepth(), 2);
    copy = defaults; // a moved-from value can be assigned to
    copy.swap(moved);
    QCOMPARE(copy.maxDepth(), 2);
    QCOMPARE(moved, defaults);
}

QTEST_GUILESS_MAIN(tst_SocketIOCodec)
#include "tst_socketiocodec.moc"
