// ChatClient's tests, against SocketIOQt::Test::TestServer: an in-process Socket.IO server, no
// Node.js, no sleeps. The last two inject faults: a lost acknowledgement and a dead transport.
#include "chatclient.h"

#include <SocketIOQt/TestServer>

#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

using SocketIOQt::Test::TestServer;

class tst_ChatClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<TestServer>();
        // The server side the application expects: rooms, and an ack for each message.
        m_server->on(QStringLiteral("join"), [this](const QString &socket, const QVariantList &args,
                                                    const TestServer::Reply &) {
            m_server->join(socket, args.value(0).toString());
        });
        m_server->on(QStringLiteral("say"), [this](const QString &socket, const QVariantList &args,
                                                   const TestServer::Reply &reply) {
            m_server->broadcastToRoom(QStringLiteral("/"), args.value(0).toString(),
                                      QStringLiteral("message"), {socket, args.value(1)});
            if (reply)
                reply({});
        });
        QVERIFY(m_server->listen());
    }

    void messageIsDeliveredAndEchoed()
    {
        ChatClient client(m_server->url());
        QVERIFY(!m_server->waitForClient().isEmpty());
        QTRY_VERIFY(client.isOnline());
        client.join(QStringLiteral("lobby"));
        QVERIFY(m_server->waitForEvent(QStringLiteral("join")));

        QSignalSpy delivered(&client, &ChatClient::delivered);
        QSignalSpy received(&client, &ChatClient::messageReceived);
        const int id = client.say(QStringLiteral("hello"));
        QVERIFY(delivered.wait());
        QCOMPARE(delivered.first().at(0).toInt(), id);
        QTRY_COMPARE(received.count(), 1);
        QCOMPARE(received.first().at(1).toString(), QStringLiteral("hello"));
    }

    void messageFromServerIsShown()
    {
        ChatClient client(m_server->url());
        const QString socket = m_server->waitForClient();
        QVERIFY(!socket.isEmpty());
        QSignalSpy received(&client, &ChatClient::messageReceived);
        m_server->send(socket, QStringLiteral("message"), {QStringLiteral("bot"), QStringLiteral("hi")});
        QVERIFY(received.wait());
        QCOMPARE(received.first(), (QVariantList{QStringLiteral("bot"), QStringLiteral("hi")}));
    }

    // Fault injection: the server's acknowledgement is lost on the way.
    void lostAckReportsFailure()
    {
        ChatClient client(m_server->url());
        QVERIFY(!m_server->waitForClient().isEmpty());
        QTRY_VERIFY(client.isOnline());
        m_server->setDropFilter([](const QString &, const SocketIOQt::SocketIOPacket &packet,
                                   TestServer::Direction direction) {
            return direction == TestServer::Direction::ToClient
                   && packet.type() == SocketIOQt::SocketIOPacket::Ack;
        });
        QSignalSpy failed(&client, &ChatClient::failed);
        const int id = client.say(QStringLiteral("anyone?"));
        QVERIFY(failed.wait(3000));
        QCOMPARE(failed.first().at(0).toInt(), id);
    }

    // Fault injection: the transport dies; the client reconnects and rejoins its room.
    void rejoinsRoomAfterTransportLoss()
    {
        ChatClient client(m_server->url());
        const QString first = m_server->waitForClient();
        QVERIFY(!first.isEmpty());
        client.join(QStringLiteral("lobby"));
        QVERIFY(m_server->waitForEvent(QStringLiteral("join")));

        m_server->closeSession(m_server->sessionId(first), /*abort*/ true);
        const QString second = m_server->waitForClient(10000);
        QVERIFY(!second.isEmpty());
        QVERIFY(m_server->waitForEvent(QStringLiteral("join")));
        QVERIFY(m_server->rooms(second).contains(QStringLiteral("lobby")));
    }

private:
    std::unique_ptr<TestServer> m_server;
};

QTEST_MAIN(tst_ChatClient)
#include "tst_chatclient.moc"
