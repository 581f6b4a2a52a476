// The msgpack parser (Parser::msgpack()) against a real socket.io 4.8 server configured with
// socket.io-msgpack-parser 3.0.2 (tests/server/server.js --parser msgpack), over WebSocket and
// over polling (where Engine.IO 4 carries the binary messages as base64 "b" packets).
#include "connectorfail.h"
#include "testserver.h"

#include <SocketIOQt/socketio.h>
#include <SocketIOQt/typedevents.h>

#include <QtTest>

using namespace SocketIOQt;
using namespace Qt::StringLiterals;

// What a typed handler takes below: read from the event's MessagePack, binary included.
struct Blob
{
    Q_GADGET
    Q_PROPERTY(int i MEMBER i)
    Q_PROPERTY(QByteArray data MEMBER data)
    Q_PROPERTY(QString note MEMBER note)
public:
    int i = 0;
    QByteArray data;
    QString note;
};

namespace {

QVariantList eventArgs(QSignalSpy &spy, const QString &event)
{
    for (const QList<QVariant> &call : std::as_const(spy)) {
        if (call.at(0).toString() == event)
            return call.at(1).toList();
    }
    return {};
}

QVariantMap whoami(Namespace *ns)
{
    AckReply *reply = ns->emitWithAck(u"whoami"_s);
    QSignalSpy finished(reply, &AckReply::finished);
    if (!finished.wait(10000))
        return {};
    return reply->arguments().value(0).toMap();
}

} // namespace

class tst_MsgPack : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void eventsAndTypes_data();
    void eventsAndTypes();
    void binaryNestedBothWays_data();
    void binaryNestedBothWays();
    void acksBothWays_data();
    void acksBothWays();
    void typedHandlers_data();
    void typedHandlers();
    void namespacesAndAuth_data();
    void namespacesAndAuth();
    void options();
    void tracesMaskCredentials();
    void jsonServerRefusesMsgpack();

private:
    void addTransports();
    void configure(SocketIO &io);

    TestServer m_server{{u"--parser"_s, u"msgpack"_s}};
    TestServer m_jsonServer;
};

void tst_MsgPack::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
}

void tst_MsgPack::addTransports()
{
    QTest::addColumn<QString>("transport");
    QTest::newRow("websocket") << u"websocket"_s;
    QTest::newRow("polling") << u"polling"_s;
}

// One transport only, so that each row tests what it says.
void tst_MsgPack::configure(SocketIO &io)
{
    QFETCH(QString, transport);
    io.setParser(Parser::msgpack());
    io.setTransports({transport});
}

void tst_MsgPack::eventsAndTypes_data()
{
    addTransports();
}

void tst_MsgPack::eventsAndTypes()
{
    QFETCH(QString, transport);
    SocketIO io(m_server.url());
    configure(io);
    QCOMPARE(io.parserName(), u"msgpack"_s);
    Namespace *ns = io.socket();
    QSignalSpy traced(&io, &SocketIO::packetTraced);
    CONNECT_OR_FAIL(io, ns);
    QCOMPARE(io.transport(), transport);
    QCOMPARE(whoami(ns).value(u"transport"_s).toString(), transport);

    // Every Socket.IO message travels binary, both ways.
    int messages = 0;
    for (const QList<QVariant> &call : std::as_const(traced)) {
        const auto packet = call.at(1).value<EngineIOPacket>();
        if (packet.type() == EngineIOPacket::Message) {
            ++messages;
            QVERIFY(packet.isBinary());
        }
    }
    QVERIFY(messages >= 2);

    // The types socket.io sends, as notepack writes them.
    QSignalSpy events(ns, &Namespace::eventReceived);
    ns->emitEvent(u"types"_s);
    QTRY_VERIFY(!eventArgs(events, u"types"_s).isEmpty());
    const QVariantList types = eventArgs(events, u"types"_s);
    const QVariantList expected{u"str"_s, 42, -1.5, true, false, QVariant::fromValue(nullptr),
                                QVariantMap{{u"obj"_s, QVariantMap{{u"x"_s, QVariantList{1, u"two"_s, QVariant::fromValue(nullptr)}}}}},
                                QVariantList{1, 2, 3}, u"üñíçødé ✓ 😀"_s, u""_s, 9007199254740991LL, 1e21};
    QCOMPARE(types.size(), expected.size());
    // notepack writes integral numbers of 2^64 and more as uint 64, cut to 64 bits: 1e21 arrives
    // as what the JavaScript client gets too (the client itself writes 1e21 as float 64).
    QCOMPARE(types.last(), QVariant(double(3875820019684212736ULL)));
    for (qsizetype i = 0; i < types.size() - 1; ++i) {
        if (expected.at(i).typeId() == QMetaType::Nullptr)
            QCOMPARE(types.at(i).typeId(), int(QMetaType::Nullptr));
        else
            QCOMPARE(types.at(i), expected.at(i));
    }

    // A round trip of the same values.
    events.clear();
    ns->emitEvent(u"echo"_s, expected);
    QTRY_VERIFY(!eventArgs(events, u"echo"_s).isEmpty());
    const QVariantList echoed = eventArgs(events, u"echo"_s);
    QCOMPARE(echoed.size(), expected.size());
    QCOMPARE(echoed.at(8), expected.at(8));
    QCOMPARE(echoed.at(10), expected.at(10));
}

void tst_MsgPack::binaryNestedBothWays_data()
{
    addTransports();
}

void tst_MsgPack::binaryNestedBothWays()
{
    SocketIO io(m_server.url());
    configure(io);
    Namespace *ns = io.socket();
    CONNECT_OR_FAIL(io, ns);

    QSignalSpy events(ns, &Namespace::eventReceived);
    ns->emitEvent(u"binary"_s);
    QTRY_VERIFY(!eventArgs(events, u"binary"_s).isEmpty());
    const QVariantList args = eventArgs(events, u"binary"_s);
    QCOMPARE(args.size(), 2);
    const QVariantMap first = args.at(0).toMap();
    QCOMPARE(first.value(u"a"_s).toByteArray(), QByteArray("\x01\x02\x03"));
    const QVariantList list = first.value(u"nested"_s).toMap().value(u"list"_s).toList();
    QCOMPARE(list.at(0).toByteArray(), QByteArray("\x04\x05"));
    QCOMPARE(list.at(1).toString(), u"text"_s);
    QCOMPARE(list.at(2).toMap().value(u"deep"_s).toByteArray(), QByteArray("\x06"));
    QCOMPARE(args.at(1).toByteArray(), QByteArray("\x07\x08\x09"));

    const QByteArray blob("\x00\xff\x10 binary \x00", 11);
    const QVariantList sent{QVariantMap{{u"blob"_s, blob}, {u"more"_s, QVariantList{QByteArray(), u"x"_s, blob}}}, blob};
    events.clear();
    ns->emitEvent(u"echo"_s, sent);
    QTRY_VERIFY(!eventArgs(events, u"echo"_s).isEmpty());
    QCOMPARE(eventArgs(events, u"echo"_s), sent);
}

void tst_MsgPack::acksBothWays_data()
{
    addTransports();
}

void tst_MsgPack::acksBothWays()
{
    SocketIO io(m_server.url());
    configure(io);
    Namespace *ns = io.socket();
    CONNECT_OR_FAIL(io, ns);

    // Client asks, the server answers, binary included.
    const QByteArray blob("\x01\x00\x02", 3);
    AckReply *reply = ns->emitWithAck(u"ack-me"_s, {blob, u"plain"_s, QVariantMap{{u"n"_s, blob}}});
    QSignalSpy finished(reply, &AckReply::finished);
    QVERIFY(finished.wait());
    QCOMPARE(reply->error(), AckReply::NoError);
    QCOMPARE(reply->arguments(), (QVariantList{blob, u"plain"_s, QVariantMap{{u"n"_s, blob}}}));

    // The server asks, the client answers with binary.
    AckHandle kept;
    ns->on(u"question"_s, [&](const QVariantList &args, const AckHandle &ack) {
        QCOMPARE(args, (QVariantList{u"life"_s, 6}));
        kept = ack;
    });
    QSignalSpy events(ns, &Namespace::eventReceived);
    ns->emitEvent(u"ask"_s, {QVariantMap{{u"event"_s, u"question"_s}, {u"args"_s, QVariantList{u"life"_s, 6}}}});
    QTRY_VERIFY(kept.isRequested());
    QVERIFY(kept.send({42, QByteArray("bin")}));
    QTRY_VERIFY(!eventArgs(events, u"answer"_s).isEmpty());
    QCOMPARE(eventArgs(events, u"answer"_s).value(0).toList(), (QVariantList{42, QByteArray("bin")}));
}

void tst_MsgPack::typedHandlers_data()
{
    addTransports();
}

// Handlers with typed parameters, and nothing else wanting the event's QVariant tree (no
// eventReceived, no catch-all): their parameters are read from the event's MessagePack.
void tst_MsgPack::typedHandlers()
{
    SocketIO io(m_server.url());
    configure(io);
    Namespace *ns = io.socket();
    CONNECT_OR_FAIL(io, ns);

    // Every type socket.io sends.
    int typesCalls = 0;
    QString str, unicode, empty;
    int number = 0;
    double fraction = 0;
    bool yes = false, no = true;
    QVariantMap object;
    QList<int> list;
    qint64 big = 0;
    ns->on(u"types"_s, [&](const QString &a, int b, double c, bool d, bool e, std::nullptr_t, const QVariantMap &f,
                           const QList<int> &g, const QString &h, const QString &i, qint64 j) {
        ++typesCalls;
        std::tie(str, number, fraction, yes, no, object, list, unicode, empty, big) = std::tie(a, b, c, d, e, f, g, h, i, j);
    });
    ns->emitEvent(u"types"_s);
    QTRY_COMPARE(typesCalls, 1);
    QCOMPARE(str, u"str"_s);
    QCOMPARE(number, 42);
    QCOMPARE(fraction, -1.5);
    QVERIFY(yes);
    QVERIFY(!no);
    QCOMPARE(object, (QVariantMap{{u"obj"_s, QVariantMap{{u"x"_s, QVariantList{1, u"two"_s, QVariant::fromValue(nullptr)}}}}}));
    QCOMPARE(list, (QList<int>{1, 2, 3}));
    QCOMPARE(unicode, u"üñíçødé ✓ 😀"_s);
    QVERIFY(empty.isEmpty());
    QCOMPARE(big, 9007199254740991LL);

    // A gadget with binary, as the server sends it back.
    QList<Blob> blobs;
    ns->on(u"echo"_s, [&](const Blob &blob) { blobs.append(blob); });
    const QByteArray data("\x00\x01\xff", 3);
    ns->emitEvent(u"echo"_s, {QVariantMap{{u"i"_s, 7}, {u"data"_s, data}, {u"note"_s, u"grüße ✓"_s}, {u"skipped"_s, QVariantList{1, 2}}}});
    QTRY_COMPARE(blobs.size(), 1);
    QCOMPARE(blobs.first().i, 7);
    QCOMPARE(blobs.first().data, data);
    QCOMPARE(blobs.first().note, u"grüße ✓"_s);

    // The server asks (an event with an ack id), the typed handler's result is the answer.
    ns->on(u"question"_s, [](const QString &what, int times) { return what.repeated(times); });
    QStringList answer;
    ns->on(u"answer"_s, [&](const QStringList &reply) { answer = reply; });
    ns->emitEvent(u"ask"_s, {QVariantMap{{u"event"_s, u"question"_s}, {u"args"_s, QVariantList{u"ab"_s, 3}}}});
    QTRY_COMPARE(answer, QStringList{u"ababab"_s});
}

void tst_MsgPack::namespacesAndAuth_data()
{
    addTransports();
}

void tst_MsgPack::namespacesAndAuth()
{
    SocketIO io(m_server.url());
    configure(io);
    Namespace *root = io.socket(u"/"_s);
    Namespace *chat = io.socket(u"/chat"_s);
    Namespace *admin = io.socket(u"/admin"_s);
    admin->setAuth({{u"token"_s, u"wrong"_s}});
    QSignalSpy refused(admin, &Namespace::connectError);
    QSignalSpy chatConnected(chat, &Namespace::connected);
    CONNECT_OR_FAIL(io, root);
    QVERIFY(chatConnected.size() == 1 || chatConnected.wait());
    QCOMPARE(whoami(chat).value(u"nsp"_s).toString(), u"/chat"_s);

    // CONNECT_ERROR with its data.
    QVERIFY(refused.size() == 1 || refused.wait());
    QCOMPARE(refused.at(0).at(0).toString(), u"not authorized"_s);
    QCOMPARE(refused.at(0).at(1).toMap(), (QVariantMap{{u"reason"_s, u"bad token"_s}, {u"code"_s, 401}}));
    QVERIFY(!admin->isConnected());

    // CONNECT with auth.
    admin->setAuth({{u"token"_s, u"secret"_s}, {u"user"_s, u"ü"_s}});
    QSignalSpy connected(admin, &Namespace::connected);
    admin->open();
    QVERIFY(connected.wait());
    const QVariantMap who = whoami(admin);
    QCOMPARE(who.value(u"nsp"_s).toString(), u"/admin"_s);
    QCOMPARE(who.value(u"auth"_s).toMap().value(u"user"_s).toString(), u"ü"_s);
    QCOMPARE(who.value(u"id"_s).toString(), admin->id());
}

void tst_MsgPack::options()
{
    SocketIO io(m_server.url());
    QCOMPARE(io.parserName(), u"json"_s);
    QCOMPARE(io.parser(), Parser::json());
    QSignalSpy changed(&io, &SocketIO::parserChanged);
    io.setParserName(u"msgpack"_s);
    QCOMPARE(io.parser(), Parser::msgpack());
    QCOMPARE(changed.size(), 1);
    io.setParserName(u"msgpack"_s);
    QCOMPARE(changed.size(), 1);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"unknown parser.*cbor"_s));
    io.setParserName(u"cbor"_s);
    QCOMPARE(io.parserName(), u"msgpack"_s);

    // msgpack speaks revision 5 only: Auto means 5, 3 and 4 are refused.
    io.setProtocol(SocketIO::Revision4);
    QSignalSpy errors(&io, &SocketIO::errorOccurred);
    io.open();
    QCOMPARE(io.error(), SocketIO::InvalidOptionError);
    QVERIFY2(io.errorString().contains(u"msgpack"_s), qPrintable(io.errorString()));
    QCOMPARE(io.state(), SocketIO::Disconnected);

    io.setProtocol(SocketIO::Auto);
    io.setTransports({u"websocket"_s});
    Namespace *ns = io.socket();
    CONNECT_OR_FAIL(io, ns);
    QCOMPARE(io.negotiatedProtocol(), SocketIO::Revision5);

    io.setParser(nullptr);
    QCOMPARE(io.parser(), Parser::json());
}

void tst_MsgPack::tracesMaskCredentials()
{
    SocketIO io(m_server.url());
    io.setParser(Parser::msgpack());
    io.setTransports({u"websocket"_s});
    Namespace *admin = io.socket(u"/admin"_s);
    admin->setAuth({{u"token"_s, u"secret"_s}});
    QSignalSpy traced(&io, &SocketIO::packetTraced);
    CONNECT_OR_FAIL(io, admin);
    bool sawConnect = false;
    for (const QList<QVariant> &call : std::as_const(traced)) {
        const auto packet = call.at(1).value<EngineIOPacket>();
        if (call.at(0).value<SocketIO::Direction>() != SocketIO::Direction::Outgoing
            || packet.type() != EngineIOPacket::Message)
            continue;
        QVERIFY(!packet.data().contains("secret"));
        if (packet.data().contains("token") && packet.data().contains("***"))
            sawConnect = true;
    }
    QVERIFY(sawConnect);
}

// A server with the default parser cannot read the binary CONNECT: it closes the connection
// ("parse error" on its side), as it would for the JavaScript client; the namespace never connects.
void tst_MsgPack::jsonServerRefusesMsgpack()
{
    QVERIFY2(m_jsonServer.start(), qPrintable(m_jsonServer.errorString()));

    SocketIO io(m_jsonServer.url());
    io.setParser(Parser::msgpack());
    io.setTransports({u"websocket"_s});
    io.setReconnection(false);
    Namespace *ns = io.socket();
    QSignalSpy connected(ns, &Namespace::connected);
    QSignalSpy opened(&io, &SocketIO::opened);
    io.open();
    QVERIFY(opened.wait()); // the Engine.IO session opens
    QTRY_COMPARE_WITH_TIMEOUT(io.state(), SocketIO::Disconnected, 10000);
    QVERIFY(!ns->isConnected());
    QCOMPARE(connected.size(), 0);
}

QTEST_MAIN(tst_MsgPack)

#include "tst_msgpack.moc"
