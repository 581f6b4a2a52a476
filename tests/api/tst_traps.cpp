// The traps a new user walked into (issue "Public API 1.0"), one test each, against a real
// socket.io 4.x server (tests/server/server.js).
#include "testserver.h"

#include <SocketIOQt/SocketIO>

#include <QtTest>

using namespace SocketIOQt;
using namespace Qt::StringLiterals;

class tst_Traps : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_server.start()); }
    void openIsIdempotent();
    void emitVolatileReportsDrop();
    void ackIdWhileBuffered();

private:
    TestServer m_server;
};

// Namespace::open() while the CONNECT is on its way sends no second CONNECT (the inspector's
// Join used to show two), and neither does open() on a joined namespace.
void tst_Traps::openIsIdempotent()
{
    SocketIO io(m_server.url());
    int connects = 0;
    connect(&io, &SocketIO::packetTraced, this,
            [&](SocketIO::Direction direction, const EngineIOPacket &packet) {
                if (direction == SocketIO::Direction::Outgoing && packet.type == EngineIOPacket::Message
                    && packet.data.startsWith("0/slow"))
                    ++connects;
            });
    Namespace *root = io.socket();
    QSignalSpy rootConnected(root, &Namespace::connected);
    io.open();
    QVERIFY(rootConnected.wait(10000));

    // "/slow" answers its CONNECT after 200 ms: open it three times in the meantime.
    Namespace *slow = io.socket(u"/slow"_s);
    QSignalSpy connected(slow, &Namespace::connected);
    slow->open();
    slow->open();
    QCoreApplication::processEvents();
    slow->open();
    QVERIFY(connected.wait(10000));
    slow->open(); // joined: nothing to do
    QVERIFY(!connected.wait(400));
    QCOMPARE(connects, 1);
    QCOMPARE(connected.size(), 1);
}

// emitVolatile() says what happened: true when the packet went out, false when it was dropped.
void tst_Traps::emitVolatileReportsDrop()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    QVariantList echoed;
    ns->on(u"echo"_s, [&](const QVariantList &args) { echoed.append(args.value(0)); });
    QVERIFY(!ns->emitVolatile(u"echo"_s, {u"offline"_s}));
    QSignalSpy connected(ns, &Namespace::connected);
    io.open();
    QVERIFY(connected.wait(10000));
    QVERIFY(ns->emitVolatile(u"echo"_s, {u"online"_s}));
    QTRY_COMPARE(echoed, QVariantList{u"online"_s});
    QVERIFY(!ns->emitVolatile(u"connect"_s, {})); // a reserved name is refused
}

// AckReply::ackId() is what its documentation says: the id is given at emit time, also while
// the packet waits in the send buffer, and it is the id that then travels; -1 when refused.
void tst_Traps::ackIdWhileBuffered()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    QByteArray sentFrame;
    connect(&io, &SocketIO::packetTraced, this,
            [&](SocketIO::Direction direction, const EngineIOPacket &packet) {
                if (direction == SocketIO::Direction::Outgoing && packet.data.contains("ack-me"))
                    sentFrame = packet.data;
            });
    AckReply *reply = ns->emitWithAck(u"ack-me"_s, {1});
    QVERIFY(reply->ackId() >= 0); // buffered, with its id
    const qint64 id = reply->ackId();
    io.open();
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
    QCOMPARE(reply->error(), AckReply::NoError);
    QCOMPARE(reply->ackId(), id);
    QVERIFY2(sentFrame.startsWith("2" + QByteArray::number(id) + "["), sentFrame.constData());

    AckReply *refused = ns->emitWithAck(u"disconnect"_s, {}); // a reserved name
    QVERIFY(refused->isFinished());
    QCOMPARE(refused->ackId(), -1);
}

QTEST_MAIN(tst_Traps)
#include "tst_traps.moc"
