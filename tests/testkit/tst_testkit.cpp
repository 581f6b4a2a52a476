// SocketIOQt's own client against SocketIOQt::Test::TestServer, over each transport and both
// Engine.IO generations: every feature of the server and each fault it can inject.
#include <SocketIOQt/AckHandle>
#include <SocketIOQt/Namespace>
#include <SocketIOQt/SocketIO>
#include <SocketIOQt/TestServer>

#include "namespacesetup.h"

#include <QtNetwork/qnetworkaccessmanager.h>
#include <QtNetwork/qnetworkcookiejar.h>
#include <QtNetwork/qnetworkreply.h>
#include <QtNetwork/qtcpsocket.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

using SocketIOQt::Namespace;
using SocketIOQt::SocketIO;
using SocketIOQt::Test::TestServer;

class tst_TestKit : public QObject
{
    Q_OBJECT
private:
    // One client, configured by the current data row.
    std::unique_ptr<SocketIO> client(TestServer &server, const QString &path = {})
    {
        QFETCH_GLOBAL(QString, transport);
        QFETCH_GLOBAL(int, revision);
        QUrl url = server.url();
        url.setPath(path);
        auto io = std::make_unique<SocketIO>(url);
        io->setProtocol(SocketIO::ProtocolVersion(revision));
        io->setReconnectionDelay(50);
        io->setReconnectionDelayMax(100);
        if (transport == QLatin1String("websocket"))
            io->setTransports({QStringLiteral("websocket")});
        else if (transport == QLatin1String("polling"))
            io->setTransports({QStringLiteral("polling")});
        return io;
    }

private Q_SLOTS:
    void initTestCase_data()
    {
        QTest::addColumn<QString>("transport");
        QTest::addColumn<int>("revision");
        for (const char *transport : {"websocket", "polling", "upgrade"}) {
            QTest::addRow("eio4-%s", transport) << QString::fromLatin1(transport) << 5;
            QTest::addRow("eio3-%s", transport) << QString::fromLatin1(transport) << 4;
        }
    }

    void connectAndEvents()
    {
        QFETCH_GLOBAL(QString, transport);
        QFETCH_GLOBAL(int, revision);
        TestServer server;
        QVERIFY(server.listen());
        server.on(QStringLiteral("echo"), [](const QString &, const QVariantList &args,
                                             const TestServer::Reply &reply) {
            if (reply)
                reply(args);
        });
        auto io = client(server);
        Namespace *socket = io->socket();
        io->open();
        const QString id = server.waitForClient();
        QVERIFY(!id.isEmpty());
        QTRY_VERIFY(socket->isConnected());
        QCOMPARE(socket->id(), id);
        QCOMPARE(server.engineVersion(server.sessionId(id)), revision == 5 ? 4 : 3);
        if (transport == QLatin1String("upgrade"))
            QTRY_COMPARE(server.transport(server.sessionId(id)), QStringLiteral("websocket"));
        else
            QCOMPARE(server.transport(server.sessionId(id)), transport);

        // client -> server, with the handler's ack reply
        QVariantList answer;
        socket->emitEvent(QStringLiteral("echo"), {1, QStringLiteral("two")},
                          [&](const QVariantList &args) { answer = args; });
        QTRY_COMPARE(answer, (QVariantList{1, QStringLiteral("two")}));

        // waitForEvent
        QVariantList args;
        socket->emitEvent(QStringLiteral("hello"), {QStringLiteral("world")});
        QVERIFY(server.waitForEvent(QStringLiteral("hello"), 5000, &args));
        QCOMPARE(args, QVariantList{QStringLiteral("world")});

        // server -> client, with the client's ack
        QSignalSpy received(socket, &Namespace::eventReceived);
        connect(socket, &Namespace::eventReceived, this,
                [](const QString &, const QVariantList &args, const SocketIOQt::AckHandle &ack) {
            ack.send(QVariantList{args.value(0).toInt() * 2});
        });
        QVariantList ackArgs;
        bool timedOut = true;
        server.sendWithAck(id, QStringLiteral("double"), {21},
                           [&](bool late, const QVariantList &values) { timedOut = late; ackArgs = values; });
        QTRY_COMPARE(ackArgs, QVariantList{42});
        QVERIFY(!timedOut);

        // binary, nested, both ways
        const QVariantMap nested{{QStringLiteral("blob"), QByteArray("\x00\x01\xff", 3)},
                                 {QStringLiteral("list"), QVariantList{QByteArray("b2")}}};
        socket->emitEvent(QStringLiteral("echo"), {nested},
                          [&](const QVariantList &values) { answer = values; });
        QTRY_COMPARE(answer, QVariantList{nested});
        server.send(id, QStringLiteral("bin"), {nested});
        QTRY_VERIFY(received.count() >= 2);
        QCOMPARE(received.last().at(0).toString(), QStringLiteral("bin"));
        QCOMPARE(received.last().at(1).toList(), QVariantList{nested});

        // server-side disconnect
        QSignalSpy disconnected(socket, &Namespace::disconnected);
        QSignalSpy serverSide(&server, &TestServer::clientDisconnected);
        server.disconnectSocket(id);
        QVERIFY(disconnected.wait());
        QCOMPARE(disconnected.first().at(0).toString(), QStringLiteral("io server disconnect"));
        QCOMPARE(serverSide.first().at(2).toString(), QStringLiteral("server namespace disconnect"));
    }

    void clientCloseRightAfterConnect()
    {
        // The client closes as soon as it is connected (with the upgrade: inside the upgrade's
        // window): the server still hears the DISCONNECT, as socket.io would.
        TestServer server;
        QVERIFY(server.listen());
        QSignalSpy serverSide(&server, &TestServer::clientDisconnected);
        auto io = client(server);
        connect(io->socket(), &Namespace::connected, io.get(), [&] { io->close(); });
        io->open();
        QVERIFY(!server.waitForClient().isEmpty());
        QTRY_COMPARE(serverSide.size(), 1);
        QCOMPARE(serverSide.first().at(2).toString(), QStringLiteral("client namespace disconnect"));
    }

    void heartbeat()
    {
        QFETCH_GLOBAL(int, revision);
        TestServer server;
        server.setPingInterval(100);
        server.setPingTimeout(200);
        QVERIFY(server.listen());
        auto io = client(server);
        QSignalSpy disconnected(io->socket(), &Namespace::disconnected);
        QSignalSpy traced(io.get(), &SocketIO::packetTraced);
        io->open();
        QVERIFY(!server.waitForClient().isEmpty());
        // Five heartbeats both ways (EIO 4: server pings, client pongs; EIO 3: the reverse)
        // with pingTimeout shorter than the wait: the connection stays up.
        const auto pongs = [&] {
            int count = 0;
            for (const QList<QVariant> &call : std::as_const(traced)) {
                const auto packet = call.at(1).value<SocketIOQt::EngineIOPacket>();
                const auto direction = call.at(0).value<SocketIO::Direction>();
                if (packet.type() == SocketIOQt::EngineIOPacket::Pong
                    && direction == (revision == 5 ? SocketIO::Direction::Outgoing
                                                   : SocketIO::Direction::Incoming))
                    ++count;
            }
            return count;
        };
        QTRY_VERIFY_WITH_TIMEOUT(pongs() >= 5, 10000);
        QCOMPARE(disconnected.count(), 0);
    }

    void webSocketMaxPayload()
    {
        QFETCH_GLOBAL(QString, transport);
        TestServer server;
        server.setMaxPayload(10000);
        QVERIFY(server.listen());
        auto io = client(server);
        io->setReconnection(false);
        QSignalSpy closed(&server, &TestServer::sessionClosed);
        io->open();
        const QString id = server.waitForClient();
        QVERIFY(!id.isEmpty());
        if (transport == QLatin1String("upgrade"))
            QTRY_COMPARE(server.transport(server.sessionId(id)), QStringLiteral("websocket"));
        io->socket()->emitEvent(QStringLiteral("big"), {QString(20000, QLatin1Char('x'))});
        QVERIFY(closed.wait());
        QCOMPARE(server.socketCount(), 0);
    }

    void serverCloseEndsSessions()
    {
        TestServer server;
        QVERIFY(server.listen());
        auto io = client(server);
        io->setReconnection(false);
        QSignalSpy serverSide(&server, &TestServer::clientDisconnected);
        QSignalSpy disconnected(io->socket(), &Namespace::disconnected);
        io->open();
        QVERIFY(!server.waitForClient().isEmpty());
        QTRY_VERIFY(io->socket()->isConnected());
        server.close();
        QVERIFY(!server.isListening());
        QCOMPARE(serverSide.count(), 1);
        QCOMPARE(serverSide.first().at(2).toString(), QStringLiteral("server shutting down"));
        QVERIFY(disconnected.count() || disconnected.wait());
    }

    void binaryAsBase64()
    {
        QFETCH_GLOBAL(QString, transport);
        if (transport != QLatin1String("polling"))
            QSKIP("base64 payloads are a polling matter");
        TestServer server;
        server.on(QStringLiteral("echo"), [](const QString &, const QVariantList &args,
                                             const TestServer::Reply &reply) { reply(args); });
        QVERIFY(server.listen());
        auto io = client(server);
        io->setForceBase64(true); // EIO 3: b64=1, "b4" records; EIO 4: "b" records anyway
        io->open();
        QVERIFY(!server.waitForClient().isEmpty());
        const QVariantList nested{QVariantMap{{QStringLiteral("x"), QByteArray("\x00\xfe", 2)}}};
        QVariantList answer;
        io->socket()->emitEvent(QStringLiteral("echo"), nested,
                                [&](const QVariantList &args) { answer = args; });
        QTRY_COMPARE(answer, nested);
    }

    void ackTimeout()
    {
        TestServer server;
        QVERIFY(server.listen());
        auto io = client(server);
        io->socket()->on(QStringLiteral("never"), [](const QVariantList &) {});
        io->open();
        const QString id = server.waitForClient();
        QVERIFY(!id.isEmpty());
        bool timedOut = false;
        server.sendWithAck(id, QStringLiteral("never"), {}, [&](bool late, const QVariantList &) {
            timedOut = late;
        }, 100);
        QTRY_VERIFY(timedOut);
    }

    void namespacesAndAuth()
    {
        QFETCH_GLOBAL(int, revision);
        TestServer server;
        QVERIFY(server.listen());
        setUpNamespaces(server);
        auto io = client(server);
        Namespace *dynamic = io->socket(QStringLiteral("/dyn-1"));
        Namespace *unknown = io->socket(QStringLiteral("/nope"));
        Namespace *refused = io->socket(QStringLiteral("/admin"), {{QStringLiteral("token"), QStringLiteral("bad")}});
        QSignalSpy unknownError(unknown, &Namespace::connectError);
        QSignalSpy refusedError(refused, &Namespace::connectError);
        io->open();
        QTRY_VERIFY(dynamic->isConnected());
        QVERIFY(unknownError.count() || unknownError.wait());
        QVERIFY(refusedError.count() || refusedError.wait());
        if (revision == 5) {
            QCOMPARE(unknownError.first().at(0).toString(), QStringLiteral("Invalid namespace"));
            QCOMPARE(refusedError.first().at(0).toString(), QStringLiteral("not authorized"));
            QCOMPARE(refusedError.first().at(1).toMap().value(QStringLiteral("code")).toInt(), 401);
        } else {
            // Revision 4: the ERROR packet carries the data when there is some.
            QCOMPARE(refusedError.first().at(1).toMap().value(QStringLiteral("code")).toInt(), 401);
        }
        QVERIFY(!refused->isConnected());
        QCOMPARE(server.sockets(QStringLiteral("/dyn-1")).size(), 1);

        // accepted with the right credentials
        auto io2 = client(server);
        Namespace *admin = io2->socket(QStringLiteral("/admin"), {{QStringLiteral("token"), QStringLiteral("good")}});
        io2->open();
        QTRY_VERIFY(admin->isConnected());
    }

    void rooms()
    {
        TestServer server;
        QVERIFY(server.listen());
        auto a = client(server);
        auto b = client(server);
        QSignalSpy aEvents(a->socket(), &Namespace::eventReceived);
        QSignalSpy bEvents(b->socket(), &Namespace::eventReceived);
        a->open();
        const QString idA = server.waitForClient();
        b->open();
        const QString idB = server.waitForClient();
        QVERIFY(!idA.isEmpty() && !idB.isEmpty());
        server.join(idA, QStringLiteral("red"));
        QVERIFY(server.rooms(idA).contains(QStringLiteral("red")));
        QVERIFY(server.rooms(idA).contains(idA)); // every socket is in its own room
        server.broadcastToRoom(QStringLiteral("/"), QStringLiteral("red"), QStringLiteral("r"), {1});
        server.broadcast(QStringLiteral("/"), QStringLiteral("all"), {2});
        QTRY_COMPARE(aEvents.count(), 2);
        QTRY_COMPARE(bEvents.count(), 1);
        QCOMPARE(aEvents.at(0).at(0).toString(), QStringLiteral("r"));
        QCOMPARE(bEvents.at(0).at(0).toString(), QStringLiteral("all"));
        server.leave(idA, QStringLiteral("red"));
        server.broadcastToRoom(QStringLiteral("/"), QStringLiteral("red"), QStringLiteral("r"), {3});
        server.broadcast(QStringLiteral("/"), QStringLiteral("all"), {4});
        QTRY_COMPARE(aEvents.count(), 3);
        QCOMPARE(aEvents.at(2).at(0).toString(), QStringLiteral("all"));
    }

    void recovery()
    {
        QFETCH_GLOBAL(int, revision);
        if (revision != 5)
            QSKIP("connection state recovery is a socket.io 4 feature (Engine.IO 4)");
        TestServer server;
        server.setConnectionStateRecovery(true);
        QVERIFY(server.listen());
        auto io = client(server);
        Namespace *socket = io->socket();
        QSignalSpy events(socket, &Namespace::eventReceived);
        io->open();
        const QString id = server.waitForClient();
        QVERIFY(!id.isEmpty());
        server.join(id, QStringLiteral("room"));
        server.send(id, QStringLiteral("first"), {1});
        QTRY_COMPARE(events.count(), 1);
        // The transport dies; an event goes out while the client is away.
        QSignalSpy gone(&server, &TestServer::clientDisconnected);
        server.closeSession(server.sessionId(id), true);
        QVERIFY(gone.count() || gone.wait());
        server.broadcastToRoom(QStringLiteral("/"), QStringLiteral("room"), QStringLiteral("missed"), {2});
        QSignalSpy back(&server, &TestServer::clientConnected);
        QVERIFY(back.wait(10000));
        QCOMPARE(back.first().at(0).toString(), id);
        QVERIFY(back.first().at(2).toBool());
        QVERIFY(server.isRecovered(id));
        QTRY_COMPARE(events.count(), 2);
        QCOMPARE(events.last().at(0).toString(), QStringLiteral("missed"));
        QTRY_VERIFY(socket->isRecovered());
        QVERIFY(server.rooms(id).contains(QStringLiteral("room")));
    }

    void faultDropAndDelay()
    {
        TestServer server;
        QVERIFY(server.listen());
        auto io = client(server);
        QSignalSpy events(io->socket(), &Namespace::eventReceived);
        io->open();
        const QString id = server.waitForClient();
        QVERIFY(!id.isEmpty());
        server.dropPackets(2);
        for (int i = 0; i < 4; ++i)
            server.send(id, QStringLiteral("n"), {i});
        QTRY_COMPARE(events.count(), 2);
        QCOMPARE(events.at(0).at(1).toList(), QVariantList{2});
        server.setDropFilter([](const QString &, const SocketIOQt::SocketIOPacket &packet,
                                TestServer::Direction direction) {
            return direction == TestServer::Direction::FromClient && packet.eventName() == QLatin1String("lost");
        });
        QSignalSpy serverEvents(&server, &TestServer::eventReceived);
        io->socket()->emitEvent(QStringLiteral("lost"));
        io->socket()->emitEvent(QStringLiteral("kept"));
        QVERIFY(server.waitForEvent(QStringLiteral("kept")));
        QCOMPARE(serverEvents.count(), 1);
        server.setDropFilter({});

        server.setPacketDelay(300);
        QElapsedTimer timer;
        timer.start();
        server.send(id, QStringLiteral("late"));
        QTRY_COMPARE(events.count(), 3);
        QVERIFY(timer.elapsed() >= 300);
    }

    void faultCloseAfter()
    {
        TestServer server;
        QVERIFY(server.listen());
        auto io = client(server);
        QSignalSpy events(io->socket(), &Namespace::eventReceived);
        QSignalSpy disconnected(io->socket(), &Namespace::disconnected);
        io->open();
        const QString id = server.waitForClient();
        QVERIFY(!id.isEmpty());
        QTRY_VERIFY(io->socket()->isConnected());
        server.closeTransportAfter(2);
        for (int i = 0; i < 3; ++i)
            server.send(id, QStringLiteral("n"), {i});
        QVERIFY(disconnected.count() || disconnected.wait());
        QCOMPARE(events.count(), 2);
        QVERIFY(disconnected.first().at(0).toString().startsWith(QLatin1String("transport")));
        QVERIFY(!server.waitForClient(10000).isEmpty()); // the client reconnects
    }

    void faultPingTimeout()
    {
        TestServer server;
        server.setPingInterval(200);
        server.setPingTimeout(200);
        QVERIFY(server.listen());
        auto io = client(server);
        io->setReconnection(false);
        QSignalSpy disconnected(io->socket(), &Namespace::disconnected);
        io->open();
        QVERIFY(!server.waitForClient().isEmpty());
        server.setPingsAnswered(false);
        QVERIFY(disconnected.wait(5000));
        QCOMPARE(disconnected.first().at(0).toString(), QStringLiteral("ping timeout"));
    }

    void faultUpgradeRefused()
    {
        QFETCH_GLOBAL(QString, transport);
        if (transport != QLatin1String("upgrade"))
            QSKIP("only the upgrade rows upgrade");
        TestServer server;
        server.setUpgradeRefused(true);
        QVERIFY(server.listen());
        auto io = client(server);
        io->open();
        const QString id = server.waitForClient();
        QVERIFY(!id.isEmpty());
        server.on(QStringLiteral("echo"), [](const QString &, const QVariantList &args,
                                             const TestServer::Reply &reply) { reply(args); });
        QVariantList answer;
        io->socket()->emitEvent(QStringLiteral("echo"), {7}, [&](const QVariantList &a) { answer = a; });
        QTRY_COMPARE(answer, QVariantList{7});
        QCOMPARE(server.transport(server.sessionId(id)), QStringLiteral("polling"));
        QCOMPARE(io->transport(), QStringLiteral("polling"));
    }

    void faultMalformedFrame()
    {
        TestServer server;
        QVERIFY(server.listen());
        auto io = client(server);
        io->setReconnection(false);
        QSignalSpy disconnected(io->socket(), &Namespace::disconnected);
        io->open();
        const QString id = server.waitForClient();
        QVERIFY(!id.isEmpty());
        QTRY_VERIFY(io->socket()->isConnected());
        server.sendMalformedFrame(server.sessionId(id));
        QVERIFY(disconnected.wait());
        QCOMPARE(disconnected.first().at(0).toString(), QStringLiteral("parse error"));
    }

    void lowLevelHook()
    {
        QFETCH_GLOBAL(int, revision);
        TestServer server;
        server.setAutomaticReplies(false);
        QVERIFY(server.listen());
        QSignalSpy packets(&server, &TestServer::packetReceived);
        auto io = client(server);
        QSignalSpy events(io->socket(), &Namespace::eventReceived);
        io->open();
        if (revision == 5) {
            QVERIFY(packets.wait());
            QCOMPARE(packets.first().at(1).value<SocketIOQt::SocketIOPacket>().type(),
                     SocketIOQt::SocketIOPacket::Connect);
        }
        QTRY_COMPARE(server.sessions().size(), 1);
        const QString sid = server.sessions().first();
        // Nothing answered the CONNECT: the caller does.
        server.sendPacket(sid, SocketIOQt::SocketIOPacket(
            SocketIOQt::SocketIOPacket::Connect, QStringLiteral("/"),
            revision == 5 ? QVariant(QVariantMap{{QStringLiteral("sid"), QStringLiteral("mock")}}) : QVariant()));
        QTRY_VERIFY(io->socket()->isConnected());
        // Raw: one WebSocket frame, or a whole polling body (EIO 3: "<length>:" records).
        const bool eio3Polling = revision == 4 && server.transport(sid) == QLatin1String("polling");
        server.sendRawFrame(sid, eio3Polling ? QByteArrayLiteral("11:42[\"raw\",1]")
                                             : QByteArrayLiteral("42[\"raw\",1]"));
        QTRY_COMPARE(events.count(), 1);
        QCOMPARE(events.first().at(0).toString(), QStringLiteral("raw"));
    }

    void cookieAndLimits()
    {
        QFETCH_GLOBAL(QString, transport);
        if (transport != QLatin1String("polling"))
            QSKIP("HTTP only");
        QFETCH_GLOBAL(int, revision);
        TestServer server;
        server.setCookie(QStringLiteral("io"));
        server.setMaxPayload(1000);
        QVERIFY(server.listen());
        QNetworkAccessManager manager;
        QUrl url = server.url();
        url.setPath(QStringLiteral("/socket.io/"));
        url.setQuery(QStringLiteral("EIO=%1&transport=polling").arg(revision == 5 ? 4 : 3));
        QNetworkReply *reply = manager.get(QNetworkRequest(url));
        QTRY_VERIFY(reply->isFinished());
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        const QList<QNetworkCookie> cookies = manager.cookieJar()->cookiesForUrl(url);
        QCOMPARE(cookies.size(), 1);
        QCOMPARE(cookies.first().name(), QByteArray("io"));
        QCOMPARE(server.sessions(), QStringList{QString::fromLatin1(cookies.first().value())});

        // A body over maxPayload: 413, the session closed.
        QSignalSpy closed(&server, &TestServer::sessionClosed);
        url.setQuery(url.query() + QStringLiteral("&sid=") + server.sessions().first());
        QNetworkRequest post(url);
        post.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("text/plain"));
        reply = manager.post(post, QByteArray(2000, 'x'));
        QTRY_VERIFY(reply->isFinished());
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 413);
        QCOMPARE(server.error(), TestServer::LimitError);
        QVERIFY(closed.count() || closed.wait());
        QCOMPARE(closed.first().at(1).toString(), QStringLiteral("transport error"));
        QVERIFY(server.sessions().isEmpty());

        // Not HTTP: 400.
        {
            QTcpSocket bad;
            bad.connectToHost(QHostAddress::LocalHost, server.port());
            QVERIFY(bad.waitForConnected());
            bad.write("HELLO\r\n\r\n");
            QTRY_VERIFY(bad.bytesAvailable() > 0);
            QVERIFY(bad.readAll().startsWith("HTTP/1.1 400"));
            QCOMPARE(server.error(), TestServer::ProtocolError);
        }

        // A head that never ends: 431 after 16 KiB, whatever follows.
        QTcpSocket raw;
        raw.connectToHost(QHostAddress::LocalHost, server.port());
        QVERIFY(raw.waitForConnected());
        raw.write("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nX: " + QByteArray(64 * 1024, 'a'));
        QTRY_VERIFY(raw.bytesAvailable() > 0 || raw.state() != QAbstractSocket::ConnectedState);
        QVERIFY(raw.readAll().startsWith("HTTP/1.1 431"));
    }
};

QTEST_MAIN(tst_TestKit)
#include "tst_testkit.moc"
