// Typed handlers and typed emits, catch-all listeners (order, outgoing) and the manager-level
// signals, against the real socket.io 4.x server of tests/server.
#include "testserver.h"
#include "testtypes.h"

#include <SocketIOQt/socketio.h>
#include <SocketIOQt/typedevents.h>

#include <QtTest>

#include <optional>

#include <QJsonObject>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

namespace {
const QVariant kNull = QVariant::fromValue(nullptr);
}

// A receiver with typed slots, for on(event, receiver, &Slot).
class Receiver : public QObject
{
    Q_OBJECT
public:
    QString name;
    int points = -1;
    int calls = 0;
    void score(const QString &n, int p)
    {
        name = n;
        points = p;
        ++calls;
    }
    int twice(int n) const { return n * 2; }
};

class tst_TypedEvents : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void typedHandlerFromServer();
    void typedMemberSlot();
    void typedMismatchSkipsOnlyThatHandler();
    void typedAckHandleAnswers();
    void returnValueAnswersAck();
    void typedEmitWithTypedAckCallback();
    void typedEmitWithContext();
    void typedEmitWithAckReply();
    void typedEmitVolatile();
    void gadgetRoundTrip();
    void decodeOnceSameAsTree_data();
    void decodeOnceSameAsTree();
    void binaryBothWays();
    void onceTyped();

    void catchAllOrder();
    void catchAllOff();
    void outgoingCatchAllOrder();
    void managerSignals();
    void reconnectSignals();

private:
    bool connectNs(SocketIO &io, Namespace *ns);
    TestServer m_server;
    TestServer m_fastPing{{u"--ping-interval"_s, u"100"_s, u"--ping-timeout"_s, u"2000"_s}};
};

bool tst_TypedEvents::connectNs(SocketIO &io, Namespace *ns)
{
    if (ns->isConnected())
        return true;
    QSignalSpy spy(ns, &Namespace::connected);
    io.open();
    return spy.wait(10000) || ns->isConnected();
}

void tst_TypedEvents::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
}

void tst_TypedEvents::typedHandlerFromServer()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    QString name;
    int points = 0;
    double ratio = 0;
    bool flag = false;
    QVariantMap info;
    QStringList tags;
    std::optional<int> missing = 1;
    bool called = false;
    ns->on(u"echo"_s, [&](const QString &n, int p, double r, bool f, const QVariantMap &i,
                          const QStringList &t, std::optional<int> m) {
        name = n;
        points = p;
        ratio = r;
        flag = f;
        info = i;
        tags = t;
        missing = m;
        called = true;
    });
    QVERIFY(connectNs(io, ns));
    ns->emitEvent(u"echo"_s, u"alice"_s, 42, 0.25, true, QVariantMap{{u"k"_s, u"v"_s}},
                  QStringList{u"a"_s, u"b"_s});
    QTRY_VERIFY(called);
    QCOMPARE(name, u"alice"_s);
    QCOMPARE(points, 42);
    QCOMPARE(ratio, 0.25);
    QVERIFY(flag);
    QCOMPARE(info.value(u"k"_s), QVariant(u"v"_s));
    QCOMPARE(tags, QStringList({u"a"_s, u"b"_s}));
    QVERIFY(!missing.has_value());
}

void tst_TypedEvents::typedMemberSlot()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    Receiver receiver;
    ns->on(u"echo"_s, &receiver, &Receiver::score);
    QVERIFY(connectNs(io, ns));
    ns->emitEvent(u"echo"_s, "bob", 7);
    QTRY_COMPARE(receiver.calls, 1);
    QCOMPARE(receiver.name, u"bob"_s);
    QCOMPARE(receiver.points, 7);
}

void tst_TypedEvents::typedMismatchSkipsOnlyThatHandler()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    bool typedCalled = false;
    QVariantList raw;
    ns->on(u"echo"_s, [&](const QString &, int) { typedCalled = true; });
    ns->on(u"echo"_s, [&](const QVariantList &args) { raw = args; });
    QVERIFY(connectNs(io, ns));
    QTest::ignoreMessage(QtWarningMsg,
                         "handler of event \"echo\" not called: argument index 1: expected an integer (int), got a string (\"ten\")");
    ns->emitEvent(u"echo"_s, "alice", "ten");
    QTRY_COMPARE(raw, QVariantList({u"alice"_s, u"ten"_s}));
    QVERIFY(!typedCalled);

    // Too few arguments.
    raw.clear();
    QTest::ignoreMessage(QtWarningMsg,
                         "handler of event \"echo\" not called: argument index 1: missing (the event has 1 argument)");
    ns->emitEvent(u"echo"_s, "alice");
    QTRY_COMPARE(raw, QVariantList({u"alice"_s}));
    QVERIFY(!typedCalled);
}

void tst_TypedEvents::typedAckHandleAnswers()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    ns->on(u"sum"_s, [](int a, int b, const AckHandle &ack) { ack.send({a + b}); });
    QVariantList answer;
    ns->on(u"answer"_s, [&](const QVariantList &reply) { answer = reply; });
    QVERIFY(connectNs(io, ns));
    ns->emitEvent(u"ask"_s, QVariantMap{{u"event"_s, u"sum"_s}, {u"args"_s, QVariantList{2, 3}}});
    QTRY_COMPARE(answer, QVariantList{QVariant(QVariantList{5})});
}

void tst_TypedEvents::returnValueAnswersAck()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    Receiver receiver;
    ns->on(u"product"_s, [](int a, int b) { return a * b; });
    ns->on(u"greet"_s, [](const QString &who) { return QVariantMap{{u"hello"_s, who}}; });
    ns->on(u"twice"_s, &receiver, &Receiver::twice);
    QList<QVariantList> answers;
    ns->on(u"answer"_s, [&](const QVariantList &reply) { answers.append(reply); });
    QVERIFY(connectNs(io, ns));
    ns->emitEvent(u"ask"_s, QVariantMap{{u"event"_s, u"product"_s}, {u"args"_s, QVariantList{4, 5}}});
    QTRY_COMPARE(answers.size(), 1);
    QCOMPARE(answers.at(0), QVariantList{QVariant(QVariantList{20})});
    ns->emitEvent(u"ask"_s, QVariantMap{{u"event"_s, u"greet"_s}, {u"args"_s, QVariantList{u"qt"_s}}});
    QTRY_COMPARE(answers.size(), 2);
    QCOMPARE(answers.at(1), QVariantList{QVariant(QVariantList{QVariantMap{{u"hello"_s, u"qt"_s}}})});
    ns->emitEvent(u"ask"_s, QVariantMap{{u"event"_s, u"twice"_s}, {u"args"_s, QVariantList{21}}});
    QTRY_COMPARE(answers.size(), 3);
    QCOMPARE(answers.at(2), QVariantList{QVariant(QVariantList{42})});
}

void tst_TypedEvents::typedEmitWithTypedAckCallback()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    QVERIFY(connectNs(io, ns));
    QString s;
    int n = 0;
    QByteArray blob;
    bool done = false;
    ns->emitEvent(u"ack-me"_s, "x", 5, QByteArray("\x01\x02", 2),
                  [&](const QString &a, int b, const QByteArray &c) {
                      s = a;
                      n = b;
                      blob = c;
                      done = true;
                  });
    QTRY_VERIFY(done);
    QCOMPARE(s, u"x"_s);
    QCOMPARE(n, 5);
    QCOMPARE(blob, QByteArray("\x01\x02", 2));

    // An untyped callback after native values, and a QVariantList with a typed callback.
    QVariantList raw;
    ns->emitEvent(u"ack-me"_s, 1, 2, [&](const QVariantList &reply) { raw = reply; });
    QTRY_COMPARE(raw, QVariantList({1, 2}));
    int sum = 0;
    ns->emitEvent(u"ack-me"_s, QVariantList{3, 4}, [&](int a, int b) { sum = a + b; });
    QTRY_COMPARE(sum, 7);

    // A callback whose types do not match: a warning, no call.
    bool wrongCalled = false;
    QTest::ignoreMessage(QtWarningMsg,
                         "ack callback of \"ack-me\" not called: argument index 0: expected a string, got a number (1)");
    ns->emitEvent(u"ack-me"_s, 1, [&](const QString &) { wrongCalled = true; });
    QVariantList sync;
    ns->emitEvent(u"ack-me"_s, 9, [&](const QVariantList &reply) { sync = reply; });
    QTRY_COMPARE(sync, QVariantList{9});
    QVERIFY(!wrongCalled);
}

void tst_TypedEvents::typedEmitWithContext()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    QVERIFY(connectNs(io, ns));
    int got = 0;
    auto *context = new QObject;
    ns->emitEvent(u"ack-me"_s, 11, context, [&](int n) { got = n; });
    QTRY_COMPARE(got, 11);
    // The callback is dropped when its context is gone.
    got = 0;
    ns->emitEvent(u"ack-me"_s, 12, context, [&](int n) { got = n; });
    delete context;
    QVariantList sync;
    ns->emitEvent(u"ack-me"_s, 13, [&](const QVariantList &reply) { sync = reply; });
    QTRY_COMPARE(sync, QVariantList{13});
    QCOMPARE(got, 0);
}

void tst_TypedEvents::typedEmitWithAckReply()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    QVERIFY(connectNs(io, ns));
    AckReply *reply = ns->emitWithAck(u"ack-me"_s, "one", 2, QJsonObject{{u"three"_s, 3}});
    QSignalSpy finished(reply, &AckReply::finished);
    QVERIFY(finished.wait(5000));
    QCOMPARE(reply->error(), AckReply::NoError);
    QCOMPARE(reply->arguments().size(), 3);
    QCOMPARE(Conversion::argument<QString>(reply->arguments(), 0), std::optional<QString>(u"one"_s));
    QCOMPARE(Conversion::argument<QJsonObject>(reply->arguments(), 2)->value(u"three"_s).toInt(), 3);
    // The QVariantList overload with a timeout keeps its meaning.
    AckReply *reply2 = ns->emitWithAck(u"ack-me"_s, QVariantList{1}, std::chrono::seconds(5));
    QSignalSpy finished2(reply2, &AckReply::finished);
    QVERIFY(finished2.wait(5000));
    QCOMPARE(reply2->arguments(), QVariantList{1});
}

void tst_TypedEvents::typedEmitVolatile()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    QVariantList echoed;
    ns->on(u"echo"_s, [&](const QVariantList &args) { echoed = args; });
    QVERIFY(connectNs(io, ns));
    QVERIFY(ns->emitVolatile(u"echo"_s, "v", 1));
    QTRY_COMPARE(echoed, QVariantList({u"v"_s, 1}));
}

void tst_TypedEvents::gadgetRoundTrip()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    Path received;
    bool called = false;
    ns->on(u"echo"_s, [&](const Path &path) {
        received = path;
        called = true;
    });
    QVERIFY(connectNs(io, ns));
    Path sent;
    sent.name = u"route ✓"_s;
    sent.start = Point{1, 2, u"start"_s};
    sent.points = {Point{3, 4, {}}, Point{5, 6, u"end"_s}};
    sent.color = ApiTest::Color::Green;
    ns->emitEvent(u"echo"_s, sent);
    QTRY_VERIFY(called);
    QCOMPARE(received, sent);
}

// Typed handlers read plain JSON events without the QVariant tree unless something else wants
// it (issue 18): the same events give the same values, and the same warnings, either way.
void tst_TypedEvents::decodeOnceSameAsTree_data()
{
    QTest::addColumn<QString>("treeWanted"); // what makes the client build the tree
    QTest::newRow("nothing: straight from the JSON") << QString();
    QTest::newRow("eventReceived connected") << u"eventReceived"_s;
    QTest::newRow("catch-all listener") << u"onAny"_s;
    QTest::newRow("untyped listener of the event") << u"untyped"_s;
}

void tst_TypedEvents::decodeOnceSameAsTree()
{
    QFETCH(QString, treeWanted);
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    QList<Path> paths;
    QList<int> numbers;
    ns->on(u"echo"_s, [&](const Path &path, std::optional<int> n) {
        paths.append(path);
        numbers.append(n.value_or(-1));
    });
    int others = 0;
    if (treeWanted == u"eventReceived"_s)
        connect(ns, &Namespace::eventReceived, this, [&] { ++others; });
    else if (treeWanted == u"onAny"_s)
        ns->onAny([&](const QString &, const QVariantList &, const AckHandle &) { ++others; });
    else if (treeWanted == u"untyped"_s)
        ns->on(u"echo"_s, [&](const QVariantList &) { ++others; });
    QVERIFY(connectNs(io, ns));

    Path sent;
    sent.name = u"route \"✓\" \\ grüße"_s;
    sent.start = Point{-1, 2147483647, u"start"_s};
    sent.points = {Point{3, 4, {}}, Point{5, 6, u"end"_s}};
    sent.color = ApiTest::Color::Blue;
    ns->emitEvent(u"echo"_s, sent, 7);
    ns->emitEvent(u"echo"_s, sent);
    // Mismatches: no call, the same warning as from the tree.
    QTest::ignoreMessage(QtWarningMsg, "handler of event \"echo\" not called: argument index 0: "
                                       "expected an object (Path), got a string (\"x\")");
    ns->emitEvent(u"echo"_s, u"x"_s);
    QTest::ignoreMessage(QtWarningMsg, "handler of event \"echo\" not called: argument index 0: "
                                       ".start.x: expected an integer (int), got a number (1.5)");
    ns->emitEvent(u"echo"_s, QVariantMap{{u"start"_s, QVariantMap{{u"x"_s, 1.5}}}});
    ns->emitEvent(u"echo"_s, QVariantMap{{u"name"_s, u"last"_s}, {u"unknown"_s, QVariantList{1, 2}}}, 2.0);
    QTRY_COMPARE(paths.size(), 3);
    QCOMPARE(paths.at(0), sent);
    QCOMPARE(paths.at(1), sent);
    QCOMPARE(paths.at(2).name, u"last"_s);
    QCOMPARE(numbers, (QList<int>{7, -1, 2}));
    QCOMPARE(others, treeWanted.isEmpty() ? 0 : 5);
}

void tst_TypedEvents::binaryBothWays()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    QByteArray top;
    QVariantMap nested;
    ns->on(u"binary"_s, [&](const QVariantMap &first, const QByteArray &second) {
        nested = first;
        top = second;
    });
    QVERIFY(connectNs(io, ns));
    ns->emitEvent(u"binary"_s);
    QTRY_COMPARE(top, QByteArray("\x07\x08\x09"));
    QCOMPARE(nested.value(u"a"_s).toByteArray(), QByteArray("\x01\x02\x03"));
    QByteArray echoed;
    ns->on(u"echo"_s, [&](const QByteArray &b) { echoed = b; });
    const QByteArray blob("\x00\xff\x10", 3);
    ns->emitEvent(u"echo"_s, blob);
    QTRY_COMPARE(echoed, blob);
}

void tst_TypedEvents::onceTyped()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    int calls = 0;
    int last = 0;
    ns->once(u"echo"_s, [&](int n) { ++calls; last = n; });
    QVariantList sync;
    ns->on(u"echo"_s, [&](const QVariantList &args) { sync = args; });
    QVERIFY(connectNs(io, ns));
    ns->emitEvent(u"echo"_s, 1);
    QTRY_COMPARE(sync, QVariantList{1});
    ns->emitEvent(u"echo"_s, 2);
    QTRY_COMPARE(sync, QVariantList{2});
    QCOMPARE(calls, 1);
    QCOMPARE(last, 1);
}

void tst_TypedEvents::catchAllOrder()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    QStringList order;
    ns->onAny([&](const QString &event, const QVariantList &, const AckHandle &) { order << u"any1:"_s + event; });
    ns->onAny([&](const QString &event, const QVariantList &, const AckHandle &) { order << u"any2:"_s + event; });
    ns->prependAny([&](const QString &event, const QVariantList &, const AckHandle &) { order << u"prepended1:"_s + event; });
    ns->prependAny([&](const QString &event, const QVariantList &, const AckHandle &) { order << u"prepended2:"_s + event; });
    connect(ns, &Namespace::eventReceived, this,
            [&](const QString &event, const QVariantList &, const AckHandle &) { order << u"signal:"_s + event; });
    ns->on(u"echo"_s, [&](int) { order << u"on1"_s; });
    ns->on(u"echo"_s, [&] { order << u"on2"_s; });
    QVERIFY(connectNs(io, ns));
    ns->emitEvent(u"echo"_s, 1);
    QTRY_COMPARE(order.size(), 7);
    // As the JavaScript client: catch-all listeners (prepended first) before the event's own.
    QCOMPARE(order, QStringList({u"prepended2:echo"_s, u"prepended1:echo"_s, u"any1:echo"_s, u"any2:echo"_s,
                                 u"signal:echo"_s, u"on1"_s, u"on2"_s}));
}

void tst_TypedEvents::catchAllOff()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    QStringList order;
    const auto a = ns->onAny([&](const QString &, const QVariantList &, const AckHandle &) { order << u"a"_s; });
    ns->onAny([&](const QString &, const QVariantList &, const AckHandle &) { order << u"b"_s; });
    auto *context = new QObject;
    ns->onAny([&](const QString &, const QVariantList &, const AckHandle &) { order << u"ctx"_s; }, context);
    QVariantList sync;
    ns->on(u"echo"_s, [&](const QVariantList &args) { sync = args; });
    QVERIFY(connectNs(io, ns));
    ns->off(a);
    delete context;
    ns->emitEvent(u"echo"_s, 1);
    QTRY_COMPARE(sync, QVariantList{1});
    QCOMPARE(order, QStringList({u"b"_s}));
    ns->offAny();
    order.clear();
    ns->emitEvent(u"echo"_s, 2);
    QTRY_COMPARE(sync, QVariantList{2});
    QVERIFY(order.isEmpty());

    // A catch-all listener may answer the ack.
    ns->onAny([](const QString &event, const QVariantList &args, const AckHandle &ack) {
        if (event == u"q"_s && ack.isRequested())
            ack.send({args.value(0).toInt() + 1});
    });
    QVariantList answer;
    ns->on(u"answer"_s, [&](const QVariantList &reply) { answer = reply; });
    ns->emitEvent(u"ask"_s, QVariantMap{{u"event"_s, u"q"_s}, {u"args"_s, QVariantList{41}}});
    QTRY_COMPARE(answer, QVariantList{QVariant(QVariantList{42})});
}

void tst_TypedEvents::outgoingCatchAllOrder()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    QStringList order;
    QVariantList seenArgs;
    ns->onAnyOutgoing([&](const QString &event, const QVariantList &args) {
        order << u"out1:"_s + event;
        seenArgs = args;
    });
    ns->onAnyOutgoing([&](const QString &event, const QVariantList &) { order << u"out2:"_s + event; });
    const auto p = ns->prependAnyOutgoing([&](const QString &event, const QVariantList &) { order << u"first:"_s + event; });
    QVERIFY(connectNs(io, ns));
    ns->emitEvent(u"ack-me"_s, "x", QByteArray("b"));
    QCOMPARE(order, QStringList({u"first:ack-me"_s, u"out1:ack-me"_s, u"out2:ack-me"_s}));
    QCOMPARE(seenArgs, QVariantList({u"x"_s, QByteArray("b")}));
    // Outgoing listeners also see emits made while disconnected (buffered) and acks' emits,
    // but not acknowledgements themselves.
    ns->off(p);
    order.clear();
    ns->onAny([](const QString &, const QVariantList &, const AckHandle &ack) {
        if (ack.isRequested())
            ack.send({1});
    });
    QVariantList answer;
    ns->on(u"answer"_s, [&](const QVariantList &reply) { answer = reply; });
    ns->emitEvent(u"ask"_s, QVariantMap{{u"event"_s, u"q"_s}});
    QTRY_VERIFY(!answer.isEmpty());
    QCOMPARE(order, QStringList({u"out1:ask"_s, u"out2:ask"_s}));
    ns->offAnyOutgoing();
    order.clear();
    ns->emitEvent(u"echo"_s, 1);
    QVERIFY(order.isEmpty());
}

void tst_TypedEvents::managerSignals()
{
    QVERIFY2(m_fastPing.start(), qPrintable(m_fastPing.errorString()));
    SocketIO io(m_fastPing.url());
    Namespace *ns = io.socket();
    QSignalSpy opened(&io, &SocketIO::opened);
    QSignalSpy ping(&io, &SocketIO::pingReceived);
    QSignalSpy packets(&io, &SocketIO::packetTraced);
    QSignalSpy closed(&io, &SocketIO::closed);
    QSignalSpy state(&io, &SocketIO::stateChanged);
    QVERIFY(connectNs(io, ns));
    QCOMPARE(opened.size(), 1);
    QVERIFY(ping.wait(3000));
    // Packets both ways: the handshake and the CONNECT at least.
    bool in = false, out = false;
    for (const auto &call : std::as_const(packets)) {
        const auto direction = call.at(0).value<SocketIO::Direction>();
        in = in || direction == SocketIO::Direction::Incoming;
        out = out || direction == SocketIO::Direction::Outgoing;
    }
    QVERIFY(in && out);
    io.close();
    QCOMPARE(closed.size(), 1);
    QCOMPARE(closed.at(0).at(0).toString(), u"io client disconnect"_s);
    QCOMPARE(io.state(), SocketIO::Disconnected);
    QVERIFY(state.size() >= 2);
    QCOMPARE(state.first().at(0).value<SocketIO::State>(), SocketIO::Connecting);
}

void tst_TypedEvents::reconnectSignals()
{
    TestServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    SocketIO io(server.url());
    io.setReconnectionDelay(50);
    io.setReconnectionDelayMax(100);
    io.setReconnectionAttempts(3);
    Namespace *ns = io.socket();
    QSignalSpy attempts(&io, &SocketIO::reconnectAttempt);
    QSignalSpy reconnected(&io, &SocketIO::reconnected);
    QSignalSpy errors(&io, &SocketIO::reconnectError);
    QSignalSpy failed(&io, &SocketIO::reconnectFailed);
    QSignalSpy closed(&io, &SocketIO::closed);
    QVERIFY(connectNs(io, ns));

    // The server closes the engine: the client comes back by itself.
    ns->emitEvent(u"close-engine"_s);
    QVERIFY(reconnected.wait(5000));
    QCOMPARE(closed.size(), 1);
    QCOMPARE(attempts.size(), 1);
    QCOMPARE(reconnected.at(0).at(0).toInt(), 1);
    QTRY_VERIFY(ns->isConnected());

    // The server goes away: attempts, errors, then failure.
    server.kill();
    QVERIFY(failed.wait(10000));
    QCOMPARE(attempts.size(), 1 + 3);
    QCOMPARE(errors.size(), 3);
    QCOMPARE(io.error(), SocketIO::ReconnectFailedError);
}

QTEST_GUILESS_MAIN(tst_TypedEvents)
#include "tst_typedevents.moc"
