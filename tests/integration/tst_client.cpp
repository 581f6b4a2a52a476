// The public API against a real socket.io 4.x server (tests/server/server.js).
#include "connectorfail.h"
#include "testserver.h"

#include <SocketIOQt/socketio.h>

#include <QtTest>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

namespace {
QVariantList eventArgs(QSignalSpy &spy, const QString &event)
{
    for (const QList<QVariant> &call : std::as_const(spy)) {
        if (call.at(0).toString() == event)
            return call.at(1).toList();
    }
    return {};
}

} // namespace

class tst_Client : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void connectsDefaultNamespace();
    void invalidUrl();
    void unreachableServer();
    void jsonTypesFromServer();
    void unicodeRoundTrip();
    void binaryNestedBothWays();
    void ackFromServer_data();
    void ackFromServer();
    void ackToServer();
    void ackTimeout();
    void namespacesShareOneConnection();
    void authAccepted();
    void authRefused();
    void serverDisconnect();
    void clientDisconnect();
    void engineClosedReconnects();
    void emitsBeforeConnectAreBuffered();
    void reservedEventsRefused();
    void largePayloads();
    void burstInOrder();
    void heartbeat();
    void listenersOnOnceOff();
    void queryAndHeaders();

private:
    TestServer m_server;
    TestServer m_bigServer{{u"--max-payload"_s, u"20000000"_s}};
    TestServer m_fastPingServer{{u"--ping-interval"_s, u"150"_s, u"--ping-timeout"_s, u"300"_s}};
};

void tst_Client::initTestCase()
{
    QVERIFY(m_server.start());
}

void tst_Client::connectsDefaultNamespace()
{
    SocketIO io(m_server.url());
    QCOMPARE(io.state(), SocketIO::Disconnected);
    Namespace *ns = io.socket();
    QCOMPARE(ns->name(), u"/"_s);
    QSignalSpy stateSpy(&io, &SocketIO::stateChanged);
    QSignalSpy openedSpy(&io, &SocketIO::opened);
    CONNECT_OR_FAIL(io, ns);
    QCOMPARE(openedSpy.size(), 1);
    QCOMPARE(io.state(), SocketIO::Connected);
    QCOMPARE(stateSpy.at(0).at(0).value<SocketIO::State>(), SocketIO::Connecting);
    QVERIFY(!io.engineId().isEmpty());
    QTRY_COMPARE(io.transport(), u"websocket"_s); // polling first, then the upgrade
    QCOMPARE(io.negotiatedProtocol(), SocketIO::Revision5);
    QVERIFY(ns->isConnected());
    QVERIFY(!ns->id().isEmpty());
    QVERIFY(ns->id() != io.engineId()); // revision 5: a Socket.IO id of its own

    // The server sees the same id.
    AckReply *reply = ns->emitWithAck(u"whoami"_s);
    QSignalSpy finished(reply, &AckReply::finished);
    QVERIFY(finished.wait());
    const QVariantMap who = reply->arguments().value(0).toMap();
    QCOMPARE(who.value(u"id"_s).toString(), ns->id());
    QCOMPARE(who.value(u"transport"_s).toString(), u"websocket"_s);
    QCOMPARE(who.value(u"protocol"_s).toInt(), 4);
}

void tst_Client::invalidUrl()
{
    SocketIO io(QUrl(u"ftp://example"_s));
    QSignalSpy errorSpy(&io, &SocketIO::errorOccurred);
    io.open();
    QCOMPARE(errorSpy.size(), 1);
    QCOMPARE(io.error(), SocketIO::InvalidUrlError);
    QVERIFY(io.errorString().contains(u"ftp://example"_s));
    QCOMPARE(io.state(), SocketIO::Disconnected);

    SocketIO noHost(QUrl(u"http://"_s));
    noHost.open();
    QCOMPARE(noHost.error(), SocketIO::InvalidUrlError);

    SocketIO noTransport(m_server.url());
    noTransport.setTransports({u"carrier-pigeon"_s});
    noTransport.open();
    QCOMPARE(noTransport.error(), SocketIO::InvalidOptionError);
    QVERIFY(noTransport.errorString().contains(u"carrier-pigeon"_s));
}

void tst_Client::unreachableServer()
{
    TestServer gone;
    QVERIFY(gone.start());
    const QUrl url = gone.url();
    gone.stop();

    SocketIO io(url);
    io.setReconnection(false);
    Namespace *ns = io.socket();
    QSignalSpy errorSpy(&io, &SocketIO::errorOccurred);
    QSignalSpy connectErrorSpy(ns, &Namespace::connectError);
    io.open();
    QVERIFY(errorSpy.wait());
    QCOMPARE(io.error(), SocketIO::ConnectionError);
    QTRY_COMPARE(io.state(), SocketIO::Disconnected);
    QCOMPARE(connectErrorSpy.size(), 1); // like the JS client's connect_error
    QVERIFY(!ns->isConnected());
}

void tst_Client::jsonTypesFromServer()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    CONNECT_OR_FAIL(io, ns);
    QSignalSpy events(ns, &Namespace::eventReceived);
    ns->emitEvent(u"types"_s);
    QTRY_VERIFY(!eventArgs(events, u"types"_s).isEmpty());
    const QVariantList args = eventArgs(events, u"types"_s);
    QCOMPARE(args.size(), 12);
    QCOMPARE(args.at(0), QVariant(u"str"_s));
    QCOMPARE(args.at(1).toInt(), 42);
    QCOMPARE(args.at(1).metaType().id(), QMetaType::Int);
    QCOMPARE(args.at(2).toDouble(), -1.5);
    QCOMPARE(args.at(3), QVariant(true));
    QCOMPARE(args.at(4), QVariant(false));
    QVERIFY(args.at(5).isNull());
    QCOMPARE(args.at(5).metaType().id(), QMetaType::Nullptr);
    const QVariantMap obj = args.at(6).toMap().value(u"obj"_s).toMap();
    QCOMPARE(obj.value(u"x"_s).toList(), (QVariantList{1, u"two"_s, QVariant::fromValue(nullptr)}));
    QCOMPARE(args.at(7).toList(), (QVariantList{1, 2, 3}));
    QCOMPARE(args.at(8).toString(), u"üñíçødé ✓ 😀"_s);
    QCOMPARE(args.at(9).toString(), QString());
    QCOMPARE(args.at(10).toLongLong(), 9007199254740991LL);
    QCOMPARE(args.at(11).toDouble(), 1e21);
}

void tst_Client::unicodeRoundTrip()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    CONNECT_OR_FAIL(io, ns);
    const QString text = u"Grüße, 世界! 😀 \"quoted\" \\ back\nslash\t\u0001"_s;
    const QVariantMap map{{u"ключ"_s, text}, {u"emoji 🎉"_s, QVariantList{text, 1.25, -7}}};
    QSignalSpy events(ns, &Namespace::eventReceived);
    ns->emitEvent(u"echo"_s, {text, map});
    QTRY_VERIFY(!eventArgs(events, u"echo"_s).isEmpty());
    const QVariantList back = eventArgs(events, u"echo"_s);
    QCOMPARE(back.value(0).toString(), text);
    QCOMPARE(back.value(1).toMap(), map);
}

void tst_Client::binaryNestedBothWays()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    CONNECT_OR_FAIL(io, ns);

    // Server to client: binary at several depths.
    QSignalSpy events(ns, &Namespace::eventReceived);
    ns->emitEvent(u"binary"_s);
    QTRY_VERIFY(!eventArgs(events, u"binary"_s).isEmpty());
    QVariantList args = eventArgs(events, u"binary"_s);
    QCOMPARE(args.size(), 2);
    const QVariantMap first = args.at(0).toMap();
    QCOMPARE(first.value(u"a"_s).toByteArray(), QByteArray("\x01\x02\x03"));
    const QVariantList list = first.value(u"nested"_s).toMap().value(u"list"_s).toList();
    QCOMPARE(list.at(0).toByteArray(), QByteArray("\x04\x05"));
    QCOMPARE(list.at(1).toString(), u"text"_s);
    QCOMPARE(list.at(2).toMap().value(u"deep"_s).toByteArray(), QByteArray("\x06"));
    QCOMPARE(args.at(1).toByteArray(), QByteArray("\x07\x08\x09"));

    // Client to server and back, with zero bytes and an empty buffer.
    const QByteArray blob("\x00\xff\x10 binary \x00", 11);
    const QVariantList sent{QVariantMap{{u"blob"_s, blob}, {u"more"_s, QVariantList{QByteArray(), u"x"_s, blob}}}, blob};
    events.clear();
    ns->emitEvent(u"echo"_s, sent);
    QTRY_VERIFY(!eventArgs(events, u"echo"_s).isEmpty());
    QCOMPARE(eventArgs(events, u"echo"_s), sent);

    // And binary in an ack, both ways.
    QVariantList acked;
    ns->emitEvent(u"ack-me"_s, {blob, u"plain"_s}, [&](const QVariantList &a) { acked = a; });
    QTRY_VERIFY(!acked.isEmpty());
    QCOMPARE(acked, (QVariantList{blob, u"plain"_s}));
}

void tst_Client::ackFromServer_data()
{
    QTest::addColumn<bool>("useReply");
    QTest::newRow("callback") << false;
    QTest::newRow("reply object") << true;
}

void tst_Client::ackFromServer()
{
    QFETCH(bool, useReply);
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    CONNECT_OR_FAIL(io, ns);
    const QVariantList sent{1, u"two"_s, QVariantMap{{u"three"_s, 3}}};
    if (useReply) {
        AckReply *reply = ns->emitWithAck(u"ack-me"_s, sent);
        QVERIFY(reply->ackId() >= 0);
        QSignalSpy finished(reply, &AckReply::finished);
        QSignalSpy acknowledged(reply, &AckReply::acknowledged);
        QVERIFY(finished.wait());
        QCOMPARE(finished.size(), 1);
        QCOMPARE(reply->error(), AckReply::NoError);
        QCOMPARE(reply->arguments(), sent);
        QCOMPARE(acknowledged.at(0).at(0).toList(), sent);
        QVERIFY(reply->elapsedMs() >= 0);
    } else {
        QVariantList acked;
        int calls = 0;
        QVERIFY(ns->emitEvent(u"ack-me"_s, sent, [&](const QVariantList &a) { acked = a; ++calls; }));
        QTRY_COMPARE(calls, 1);
        QCOMPARE(acked, sent);
    }
}

void tst_Client::ackToServer()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    CONNECT_OR_FAIL(io, ns);
    AckHandle kept;
    ns->on(u"question"_s, [&](const QVariantList &args, const AckHandle &ack) {
        QCOMPARE(args, (QVariantList{u"life"_s, 6}));
        QVERIFY(ack.isRequested());
        kept = ack; // answer later, from outside the handler
    });
    QSignalSpy events(ns, &Namespace::eventReceived);
    ns->emitEvent(u"ask"_s, {QVariantMap{{u"event"_s, u"question"_s}, {u"args"_s, QVariantList{u"life"_s, 6}}}});
    QTRY_VERIFY(kept.isRequested());
    QVERIFY(!kept.isAnswered());
    QVERIFY(kept.send({42, QByteArray("bin")}));
    QVERIFY(kept.isAnswered());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"already answered"_s));
    QVERIFY(!kept.send({43})); // only once
    QTRY_VERIFY(!eventArgs(events, u"answer"_s).isEmpty());
    QCOMPARE(eventArgs(events, u"answer"_s).value(0).toList(), (QVariantList{42, QByteArray("bin")}));
}

void tst_Client::ackTimeout()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    CONNECT_OR_FAIL(io, ns);
    AckReply *reply = ns->emitWithAck(u"nobody-answers-this"_s, {}, std::chrono::milliseconds(200));
    QSignalSpy finished(reply, &AckReply::finished);
    QVERIFY(finished.wait());
    QCOMPARE(reply->error(), AckReply::TimeoutError);
    QVERIFY(reply->errorString().contains(u"nobody-answers-this"_s));

    // The namespace-wide default applies to callbacks too: they are not called.
    ns->setAckTimeout(100);
    bool called = false;
    AckReply *second = ns->emitWithAck(u"nobody-answers-this"_s);
    ns->emitEvent(u"nobody-answers-this"_s, {}, [&](const QVariantList &) { called = true; });
    QSignalSpy secondFinished(second, &AckReply::finished);
    QVERIFY(secondFinished.wait());
    QCOMPARE(second->error(), AckReply::TimeoutError);
    QVERIFY(!called);
}

void tst_Client::namespacesShareOneConnection()
{
    SocketIO io(m_server.url());
    Namespace *root = io.socket(u"/"_s);
    Namespace *chat = io.socket(u"chat"_s); // the leading slash is optional
    QCOMPARE(chat->name(), u"/chat"_s);
    QCOMPARE(io.socket(u"/chat"_s), chat);
    QSignalSpy chatConnected(chat, &Namespace::connected);
    CONNECT_OR_FAIL(io, root);
    QTRY_VERIFY(chat->isConnected());
    QCOMPARE(io.namespaces().size(), 2);
    QVERIFY(root->id() != chat->id());

    QSignalSpy rootEvents(root, &Namespace::eventReceived);
    QSignalSpy chatEvents(chat, &Namespace::eventReceived);
    chat->emitEvent(u"echo"_s, {u"to chat"_s});
    root->emitEvent(u"echo"_s, {u"to root"_s});
    QTRY_VERIFY(!eventArgs(chatEvents, u"echo"_s).isEmpty() && !eventArgs(rootEvents, u"echo"_s).isEmpty());
    QCOMPARE(eventArgs(chatEvents, u"echo"_s), QVariantList{u"to chat"_s});
    QCOMPARE(eventArgs(rootEvents, u"echo"_s), QVariantList{u"to root"_s});
    QCOMPARE(chatEvents.size(), 1);
    QCOMPARE(rootEvents.size(), 1);

    // A namespace added while connected joins at once, on the same session.
    const QString engine = io.engineId();
    Namespace *slow = io.socket(u"/slow"_s);
    QSignalSpy slowConnected(slow, &Namespace::connected);
    QVERIFY(slowConnected.wait());
    QCOMPARE(io.engineId(), engine);

    // Leaving one namespace keeps the others.
    QSignalSpy chatDisconnected(chat, &Namespace::disconnected);
    chat->close();
    QCOMPARE(chatDisconnected.size(), 1);
    QCOMPARE(chatDisconnected.at(0).at(0).toString(), u"io client disconnect"_s);
    QVERIFY(root->isConnected());
    QCOMPARE(io.state(), SocketIO::Connected);
    root->emitEvent(u"echo"_s, {u"still here"_s});
    rootEvents.clear();
    QTRY_VERIFY(!eventArgs(rootEvents, u"echo"_s).isEmpty());
}

void tst_Client::authAccepted()
{
    SocketIO io(m_server.url());
    Namespace *admin = io.socket(u"/admin"_s);
    admin->setAuth({{u"token"_s, u"secret"_s}});
    CONNECT_OR_FAIL(io, admin);
    AckReply *reply = admin->emitWithAck(u"whoami"_s);
    QSignalSpy finished(reply, &AckReply::finished);
    QVERIFY(finished.wait());
    QCOMPARE(reply->arguments().value(0).toMap().value(u"auth"_s).toMap(),
             (QVariantMap{{u"token"_s, u"secret"_s}}));
    QCOMPARE(reply->arguments().value(0).toMap().value(u"nsp"_s).toString(), u"/admin"_s);

    // The connection-wide auth applies to namespaces without their own.
    SocketIO io2(m_server.url());
    io2.setAuth({{u"token"_s, u"secret"_s}});
    Namespace *admin2 = io2.socket(u"/admin"_s);
    CONNECT_OR_FAIL(io2, admin2);
}

void tst_Client::authRefused()
{
    SocketIO io(m_server.url());
    Namespace *root = io.socket(u"/"_s);
    Namespace *admin = io.socket(u"/admin"_s);
    admin->setAuth({{u"token"_s, u"wrong"_s}});
    QSignalSpy errorSpy(admin, &Namespace::connectError);
    CONNECT_OR_FAIL(io, root);
    QVERIFY(errorSpy.wait());
    QCOMPARE(errorSpy.at(0).at(0).toString(), u"not authorized"_s);
    QCOMPARE(errorSpy.at(0).at(1).toMap(), (QVariantMap{{u"reason"_s, u"bad token"_s}, {u"code"_s, 401}}));
    QCOMPARE(admin->error(), Namespace::ConnectError);
    QCOMPARE(admin->errorString(), u"not authorized"_s);
    QVERIFY(!admin->isConnected());
    QVERIFY(!admin->isActive()); // refused namespaces do not retry by themselves
    QVERIFY(root->isConnected());

    // Retrying with new credentials works on the same connection.
    admin->setAuth({{u"token"_s, u"secret"_s}});
    QSignalSpy connected(admin, &Namespace::connected);
    admin->open();
    QVERIFY(connected.wait());
}

void tst_Client::serverDisconnect()
{
    SocketIO io(m_server.url());
    io.setReconnectionDelay(20);
    io.setReconnectionDelayMax(20);
    Namespace *ns = io.socket();
    CONNECT_OR_FAIL(io, ns);
    QSignalSpy disconnected(ns, &Namespace::disconnected);
    QSignalSpy attempts(&io, &SocketIO::reconnectAttempt);
    ns->emitEvent(u"disconnect-me"_s);
    QVERIFY(disconnected.wait());
    QCOMPARE(disconnected.at(0).at(0).toString(), u"io server disconnect"_s);
    QVERIFY(!ns->isActive());
    // As the JS client: no reconnection after "io server disconnect"; the
    // connection closes with its last namespace.
    QTRY_COMPARE(io.state(), SocketIO::Disconnected);
    QTest::qWait(200); // ten times the reconnection delay: an attempt would have started
    QCOMPARE(attempts.size(), 0);
}

void tst_Client::clientDisconnect()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    CONNECT_OR_FAIL(io, ns);
    QSignalSpy disconnected(ns, &Namespace::disconnected);
    QSignalSpy closed(&io, &SocketIO::closed);
    io.close();
    QCOMPARE(disconnected.size(), 1);
    QCOMPARE(disconnected.at(0).at(0).toString(), u"io client disconnect"_s);
    QCOMPARE(closed.size(), 1);
    QCOMPARE(io.state(), SocketIO::Disconnected);
    QVERIFY(ns->id().isEmpty());
    QVERIFY(ns->isActive()); // closing the connection keeps its namespaces

    // And it opens again, rejoining them.
    CONNECT_OR_FAIL(io, ns);
}

void tst_Client::engineClosedReconnects()
{
    SocketIO io(m_server.url());
    io.setReconnectionDelay(50);
    io.setReconnectionDelayMax(100);
    Namespace *root = io.socket(u"/"_s);
    Namespace *chat = io.socket(u"/chat"_s);
    CONNECT_OR_FAIL(io, root);
    QTRY_VERIFY(chat->isConnected());
    const QString firstEngine = io.engineId();

    QSignalSpy disconnected(root, &Namespace::disconnected);
    QSignalSpy attempts(&io, &SocketIO::reconnectAttempt);
    QSignalSpy reconnected(&io, &SocketIO::reconnected);
    QSignalSpy rootConnected(root, &Namespace::connected);
    QSignalSpy chatConnected(chat, &Namespace::connected);
    root->emitEvent(u"close-engine"_s);
    QVERIFY(disconnected.wait());
    QCOMPARE(disconnected.at(0).at(0).toString(), u"transport close"_s);
    QVERIFY(reconnected.wait());
    QCOMPARE(reconnected.at(0).at(0).toInt(), 1);
    QCOMPARE(attempts.size(), 1);
    QTRY_VERIFY(rootConnected.size() == 1 && chatConnected.size() == 1);
    QVERIFY(io.engineId() != firstEngine);
}

void tst_Client::emitsBeforeConnectAreBuffered()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    QVariantList order;
    ns->on(u"echo"_s, [&](const QVariantList &args) { order.append(args.value(0)); });
    QVariantList acked;
    for (int i = 0; i < 5; ++i)
        QVERIFY(ns->emitEvent(u"echo"_s, {i}));
    QVERIFY(!ns->emitVolatile(u"echo"_s, {u"volatile"_s})); // dropped while offline
    ns->emitEvent(u"ack-me"_s, {u"buffered ack"_s}, [&](const QVariantList &a) { acked = a; });
    io.open();
    QTRY_COMPARE(order.size(), 5);
    QCOMPARE(order, (QVariantList{0, 1, 2, 3, 4}));
    QTRY_COMPARE(acked, QVariantList{u"buffered ack"_s});

    // The buffer is bounded: beyond the limit, emits are refused with a signal.
    SocketIO offline(m_server.url());
    offline.setSendBufferLimit(2);
    Namespace *o = offline.socket();
    QSignalSpy overflow(&offline, &SocketIO::sendBufferOverflow);
    QVERIFY(o->emitEvent(u"a"_s));
    QVERIFY(o->emitEvent(u"b"_s));
    QVERIFY(!o->emitEvent(u"c"_s));
    QCOMPARE(overflow.size(), 1);
    QCOMPARE(overflow.at(0).at(1).toString(), u"c"_s);
}

void tst_Client::reservedEventsRefused()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    for (const QString &name : {u"connect"_s, u"connect_error"_s, u"disconnect"_s, u"disconnecting"_s,
                                u"newListener"_s, u"removeListener"_s}) {
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"reserved event name"_s));
        QVERIFY(!ns->emitEvent(name, {1}));
        QCOMPARE(ns->error(), Namespace::ReservedEventError);
    }
    AckReply *reply = ns->emitWithAck(u"connect"_s);
    QVERIFY(reply->isFinished());
    QCOMPARE(reply->error(), AckReply::CanceledError);
    QVERIFY(ns->emitEvent(u"connection"_s)); // not reserved
}

void tst_Client::largePayloads()
{
    QVERIFY(m_bigServer.start());
    SocketIO io(m_bigServer.url());
    Namespace *ns = io.socket();
    CONNECT_OR_FAIL(io, ns);
    const int size = 1024 * 1024;

    // 1 MB of text and 1 MB of binary from the server.
    QSignalSpy events(ns, &Namespace::eventReceived);
    AckReply *reply = ns->emitWithAck(u"big"_s, {QVariantMap{{u"size"_s, size}}});
    QSignalSpy finished(reply, &AckReply::finished);
    QVERIFY(finished.wait());
    QCOMPARE(reply->arguments().value(0).toString(), QString(size, u'x'));
    QTRY_VERIFY(!eventArgs(events, u"big"_s).isEmpty());
    QCOMPARE(eventArgs(events, u"big"_s).value(0).toByteArray().size(), size);

    // And 1 MB of each to the server and back.
    QByteArray blob(size, '\0');
    for (int i = 0; i < size; ++i)
        blob[i] = char(i * 7);
    const QString text(size, u'é');
    QVariantList acked;
    ns->emitEvent(u"ack-me"_s, {blob, text}, [&](const QVariantList &a) { acked = a; });
    QTRY_VERIFY_WITH_TIMEOUT(!acked.isEmpty(), 20000);
    QCOMPARE(acked.value(0).toByteArray(), blob);
    QCOMPARE(acked.value(1).toString(), text);
}

void tst_Client::burstInOrder()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    CONNECT_OR_FAIL(io, ns);
    const int count = 5000;
    QList<int> seen;
    seen.reserve(count);
    ns->on(u"item"_s, [&](const QVariantList &args) { seen.append(args.value(0).toMap().value(u"i"_s).toInt()); });
    bool done = false;
    ns->on(u"burst-done"_s, [&] { done = true; });
    ns->emitEvent(u"burst"_s, {QVariantMap{{u"count"_s, count}}});
    QTRY_VERIFY_WITH_TIMEOUT(done, 30000);
    QCOMPARE(seen.size(), count);
    for (int i = 0; i < count; ++i)
        QCOMPARE(seen.at(i), i);

    // And thousands from the client, in order, each acknowledged.
    QList<int> acks;
    for (int i = 0; i < count; ++i)
        ns->emitEvent(u"ack-me"_s, {i}, [&](const QVariantList &a) { acks.append(a.value(0).toInt()); });
    QTRY_VERIFY_WITH_TIMEOUT(acks.size() == count, 30000);
    for (int i = 0; i < count; ++i)
        QCOMPARE(acks.at(i), i);
}

void tst_Client::heartbeat()
{
    QVERIFY(m_fastPingServer.start());
    SocketIO io(m_fastPingServer.url());
    Namespace *ns = io.socket();
    QSignalSpy pings(&io, &SocketIO::pingReceived);
    QSignalSpy disconnected(ns, &Namespace::disconnected);
    CONNECT_OR_FAIL(io, ns);
    // The server pings every 150 ms and drops clients that do not answer
    // within 300 ms: staying connected through several pings proves the pongs.
    QTRY_VERIFY_WITH_TIMEOUT(pings.size() >= 5, 5000);
    QCOMPARE(disconnected.size(), 0);
    QVERIFY(ns->isConnected());
}

void tst_Client::listenersOnOnceOff()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    CONNECT_OR_FAIL(io, ns);
    int always = 0, onceCount = 0, removed = 0, withContext = 0;
    ns->on(u"echo"_s, [&] { ++always; });
    ns->once(u"echo"_s, [&](const QVariantList &) { ++onceCount; });
    const auto id = ns->on(u"echo"_s, [&](const QVariantList &, const AckHandle &ack) {
        QVERIFY(!ack.isRequested());
        ++removed;
    });
    auto *context = new QObject;
    ns->on(u"echo"_s, context, [&] { ++withContext; });
    QCOMPARE(ns->listenerCount(u"echo"_s), 4);

    ns->emitEvent(u"echo"_s, {1});
    QTRY_COMPARE(always, 1);
    QCOMPARE(onceCount, 1);
    QCOMPARE(removed, 1);
    QCOMPARE(withContext, 1);
    QCOMPARE(ns->listenerCount(u"echo"_s), 3);

    ns->off(id);
    delete context; // a listener with a context goes with it
    ns->emitEvent(u"echo"_s, {2});
    QTRY_COMPARE(always, 2);
    QCOMPARE(onceCount, 1);
    QCOMPARE(removed, 1);
    QCOMPARE(withContext, 1);

    ns->off(u"echo"_s);
    QCOMPARE(ns->listenerCount(u"echo"_s), 0);
}

void tst_Client::queryAndHeaders()
{
    SocketIO io(m_server.url());
    QUrlQuery query;
    query.addQueryItem(u"room"_s, u"42"_s);
    io.setQuery(query);
    io.setExtraHeaders({{"x-api-key", "k-123"}});
    Namespace *ns = io.socket();
    CONNECT_OR_FAIL(io, ns);
    AckReply *reply = ns->emitWithAck(u"whoami"_s);
    QSignalSpy finished(reply, &AckReply::finished);
    QVERIFY(finished.wait());
    const QVariantMap who = reply->arguments().value(0).toMap();
    QCOMPARE(who.value(u"query"_s).toMap().value(u"room"_s).toString(), u"42"_s);
    QCOMPARE(who.value(u"query"_s).toMap().value(u"EIO"_s).toString(), u"4"_s);
    QCOMPARE(who.value(u"headers"_s).toMap().value(u"x-api-key"_s).toString(), u"k-123"_s);
}

QTEST_MAIN(tst_Client)
#include "tst_client.moc"
