// Faults a real server does not produce, from an in-process fake: malformed
// frames and handshakes, a silent server. None may crash the client; each
// must surface as an error and a disconnect reason.
#include "fakeserver.h"

#include <SocketIOQt/socketio.h>
#include <SocketIOQt/typedevents.h>

#include <QtTest>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

class tst_Faults : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void malformedPacket_data();
    void malformedPacket();
    void malformedEventForTypedHandler_data();
    void malformedEventForTypedHandler();
    void malformedHandshake_data();
    void malformedHandshake();
    void silentServerIsPingTimeout();
    void pingsAreAnswered();
    void nothingAfterHandshakeTimesOut();
};

void tst_Faults::malformedPacket_data()
{
    QTest::addColumn<QString>("frame");
    QTest::newRow("unknown engine.io type") << u"9hello"_s;
    QTest::newRow("empty frame") << QString();
    QTest::newRow("unknown socket.io type") << u"49[\"x\"]"_s;
    QTest::newRow("invalid json") << u"42[\"event\",{bad json"_s;
    QTest::newRow("event not an array") << u"42{\"a\":1}"_s;
    QTest::newRow("event without name") << u"42[]"_s;
    QTest::newRow("reserved event name") << u"42[\"connect\"]"_s;
    QTest::newRow("absurd attachment count") << u"4599999999999999999999-[\"x\",{\"_placeholder\":true,\"num\":0}]"_s;
    QTest::newRow("too many attachments") << u"452000000-[\"x\"]"_s;
    QTest::newRow("attachment count without dash") << u"451[\"x\"]"_s;
    QTest::newRow("ack id overflow") << u"4399999999999999999999999[]"_s;
    QTest::newRow("deep nesting") << (u"42[\"x\","_s + QString(100000, u'[') + QString(100000, u']') + u"]"_s);
    QTest::newRow("placeholder out of range") << u"451-[\"x\",{\"_placeholder\":true,\"num\":7}]"_s;
}

void tst_Faults::malformedPacket()
{
    QFETCH(QString, frame);
    FakeServer server;
    QVERIFY(server.listen());
    server.onText = [&](QWebSocket *client, const QString &text) {
        if (text.startsWith(u"40"_s)) {
            client->sendTextMessage(frame);
            // An attachment frame that must not be taken for the packet's.
            client->sendBinaryMessage(QByteArray("\x01\x02"));
        }
    };
    SocketIO io(server.url());
    io.setTransports({u"websocket"_s}); // the fake speaks WebSocket only
    io.setReconnection(false);
    Namespace *ns = io.socket();
    QSignalSpy disconnected(ns, &Namespace::disconnected);
    QSignalSpy errors(&io, &SocketIO::errorOccurred);
    io.open();
    QVERIFY(disconnected.wait());
    QCOMPARE(disconnected.at(0).at(0).toString(), u"parse error"_s);
    QVERIFY(!errors.isEmpty());
    QCOMPARE(errors.at(0).at(0).value<SocketIO::Error>(), SocketIO::ProtocolError);
    QVERIFY(!io.errorString().isEmpty());
    QTRY_COMPARE(io.state(), SocketIO::Disconnected);
}

// Typed handlers of plain JSON events skip the QVariant tree (issue 18): on a joined namespace,
// an event they would take that the decoder refuses must still end the connection as a protocol
// error, with the decoder's own words, exactly as for an untyped handler.
void tst_Faults::malformedEventForTypedHandler_data()
{
    QTest::addColumn<QString>("frame");
    QTest::addColumn<int>("maxDepth");
    QTest::newRow("invalid json") << u"42[\"item\",{bad json"_s << 128;
    QTest::newRow("trailing data") << u"42[\"item\",{\"i\":1}]x"_s << 128;
    QTest::newRow("bad escape") << u"42[\"item\",{\"name\":\"\\q\"}]"_s << 128;
    QTest::newRow("control character") << u"42[\"item\",\"\u0001\"]"_s << 128;
    QTest::newRow("reserved event name") << u"42[\"connect\",{\"i\":1}]"_s << 128;
    QTest::newRow("event without name") << u"42[]"_s << 128;
    QTest::newRow("over the depth limit") << u"42[\"item\",{\"i\":1,\"x\":[[[1]]]}]"_s << 4;
}

void tst_Faults::malformedEventForTypedHandler()
{
    QFETCH(QString, frame);
    QFETCH(int, maxDepth);
    QString errorStrings[2];
    for (const bool typed : {true, false}) {
        FakeServer server;
        QVERIFY(server.listen());
        server.onText = [&](QWebSocket *client, const QString &text) {
            if (text.startsWith(u"40"_s)) {
                client->sendTextMessage(u"40{\"sid\":\"abc\"}"_s);
                client->sendTextMessage(u"42[\"item\",{\"i\":1}]"_s); // taken
                client->sendTextMessage(frame);
            }
        };
        SocketIO io(server.url());
        io.setTransports({u"websocket"_s});
        io.setReconnection(false);
        Limits limits;
        limits.setMaxDepth(maxDepth);
        io.setLimits(limits);
        Namespace *ns = io.socket();
        QList<qint64> received;
        if (typed)
            ns->on(u"item"_s, [&](const QVariantMap &item) { received.append(item.value(u"i"_s).toLongLong()); });
        else
            ns->on(u"item"_s, [&](const QVariantList &args) { received.append(args.value(0).toMap().value(u"i"_s).toLongLong()); });
        QSignalSpy disconnected(ns, &Namespace::disconnected);
        QSignalSpy errors(&io, &SocketIO::errorOccurred);
        io.open();
        QVERIFY(disconnected.wait());
        QCOMPARE(disconnected.at(0).at(0).toString(), u"parse error"_s);
        QCOMPARE(errors.at(0).at(0).value<SocketIO::Error>(), SocketIO::ProtocolError);
        QCOMPARE(received, QList<qint64>{1});
        errorStrings[typed ? 0 : 1] = io.errorString();
    }
    QVERIFY(errorStrings[0].startsWith(u"Malformed packet from the server"_s));
    QCOMPARE(errorStrings[0], errorStrings[1]);
}

void tst_Faults::malformedHandshake_data()
{
    QTest::addColumn<QByteArray>("open");
    QTest::newRow("not json") << QByteArray("0not json");
    QTest::newRow("no sid") << QByteArray(R"(0{"pingInterval":1,"pingTimeout":1})");
    QTest::newRow("bad interval") << QByteArray(R"(0{"sid":"x","pingInterval":"soon","pingTimeout":1})");
    QTest::newRow("message first") << QByteArray("4hello");
}

void tst_Faults::malformedHandshake()
{
    QFETCH(QByteArray, open);
    FakeServer server;
    server.openPacket = open;
    QVERIFY(server.listen());
    SocketIO io(server.url());
    io.setTransports({u"websocket"_s}); // the fake speaks WebSocket only
    io.setReconnection(false);
    Namespace *ns = io.socket();
    QSignalSpy errors(&io, &SocketIO::errorOccurred);
    QSignalSpy connectErrors(ns, &Namespace::connectError);
    io.open();
    QVERIFY(errors.wait());
    QCOMPARE(io.error(), SocketIO::HandshakeError);
    QCOMPARE(connectErrors.size(), 1);
    QTRY_COMPARE(io.state(), SocketIO::Disconnected);
}

void tst_Faults::silentServerIsPingTimeout()
{
    FakeServer server;
    server.openPacket = R"(0{"sid":"s","upgrades":[],"pingInterval":100,"pingTimeout":100,"maxPayload":1000})";
    QVERIFY(server.listen());
    SocketIO io(server.url());
    io.setTransports({u"websocket"_s}); // the fake speaks WebSocket only
    io.setReconnection(false);
    Namespace *ns = io.socket();
    QSignalSpy connected(ns, &Namespace::connected);
    QSignalSpy disconnected(ns, &Namespace::disconnected);
    io.open();
    QVERIFY(connected.wait());
    QElapsedTimer timer;
    timer.start();
    QVERIFY(disconnected.wait(3000));
    QCOMPARE(disconnected.at(0).at(0).toString(), u"ping timeout"_s);
    QCOMPARE(io.error(), SocketIO::PingTimeoutError);
    // Detected within pingInterval + pingTimeout (plus scheduling slack).
    QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
}

void tst_Faults::pingsAreAnswered()
{
    FakeServer server;
    server.openPacket = R"(0{"sid":"s","upgrades":[],"pingInterval":100,"pingTimeout":100,"maxPayload":1000})";
    QVERIFY(server.listen());
    SocketIO io(server.url());
    io.setTransports({u"websocket"_s}); // the fake speaks WebSocket only
    Namespace *ns = io.socket();
    QSignalSpy connected(ns, &Namespace::connected);
    io.open();
    QVERIFY(connected.wait());
    QSignalSpy pongs(&server, &FakeServer::textReceived);
    QSignalSpy pings(&io, &SocketIO::pingReceived);
    server.client()->sendTextMessage(u"2"_s);
    QVERIFY(pongs.wait());
    QCOMPARE(pongs.at(0).at(0).toString(), u"3"_s);
    QCOMPARE(pings.size(), 1);
}

void tst_Faults::nothingAfterHandshakeTimesOut()
{
    // A server that accepts the WebSocket but never sends the open packet.
    FakeServer server;
    server.openPacket.clear();
    QVERIFY(server.listen());
    SocketIO io(server.url());
    io.setTransports({u"websocket"_s}); // the fake speaks WebSocket only
    io.setReconnection(false);
    io.setTimeout(300);
    io.socket();
    QSignalSpy errors(&io, &SocketIO::errorOccurred);
    io.open();
    QVERIFY(errors.wait());
    QCOMPARE(io.error(), SocketIO::TimeoutError);
    QTRY_COMPARE(io.state(), SocketIO::Disconnected);
}

QTEST_MAIN(tst_Faults)
#include "tst_faults.moc"
