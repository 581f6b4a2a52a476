// Network faults between the client and a real server, injected by FaultProxy: stalls, cuts at
// every stage of the handshake and of the upgrade, a cut between a binary event and its
// attachments, fragmented and delayed frames. The client must never crash, must report what
// happened, and must come back through reconnection.
#include "faultproxy.h"
#include "testserver.h"

#include <SocketIOQt/socketio.h>

#include <QtTest>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

namespace {

QList<QVariantList> eventsNamed(const QSignalSpy &spy, const QString &event)
{
    QList<QVariantList> out;
    for (const QList<QVariant> &call : spy) {
        if (call.at(0).toString() == event)
            out.append(call.at(1).toList());
    }
    return out;
}

// One ack round trip; false when it does not complete in time.
bool roundTrip(Namespace *ns, int timeoutMs = 1500)
{
    if (!ns->isConnected())
        return false;
    const QString token = QString::number(QRandomGenerator::global()->generate());
    AckReply *reply = ns->emitWithAck(u"ack-me"_s, {token}, std::chrono::milliseconds(timeoutMs));
    QSignalSpy done(reply, &AckReply::finished);
    if (!reply->isFinished())
        done.wait(timeoutMs + 500);
    const bool ok = reply->isFinished() && reply->error() == AckReply::NoError
            && reply->arguments() == QVariantList{token};
    reply->deleteLater();
    return ok;
}

// The client works again: connected, and an ack makes the round trip (retried: a cut may still
// be pending, or a reconnection under way).
bool recovers(Namespace *ns, int withinMs = 10000)
{
    QDeadlineTimer deadline(withinMs);
    while (!deadline.hasExpired()) {
        if (roundTrip(ns))
            return true;
        QTest::qWait(50);
    }
    return false;
}

// The binary event the server's "binary" handler emits, as it should arrive.
bool isBinaryEvent(const QVariantList &args)
{
    if (args.size() != 2)
        return false;
    const QVariantMap first = args.at(0).toMap();
    const QVariantList list = first.value(u"nested"_s).toMap().value(u"list"_s).toList();
    return first.value(u"a"_s).toByteArray() == QByteArray("\x01\x02\x03")
            && list.value(0).toByteArray() == QByteArray("\x04\x05") && list.value(1).toString() == u"text"_s
            && list.value(2).toMap().value(u"deep"_s).toByteArray() == QByteArray("\x06")
            && args.at(1).toByteArray() == QByteArray("\x07\x08\x09");
}

// The end of the text frame of the server's "binary" event (its attachments follow).
const QByteArray kBinaryEventTextEnd = R"({"_placeholder":true,"num":3}])";

} // namespace

class tst_FaultInjection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void relaysBothTransports_data();
    void relaysBothTransports();
    void fragmentedFrames_data();
    void fragmentedFrames();
    void delayedFrames_data();
    void delayedFrames();
    void stallIsPingTimeout_data();
    void stallIsPingTimeout();
    void cutsAtEveryStage_data();
    void cutsAtEveryStage();
    void cutAfterServerBytes_data();
    void cutAfterServerBytes();
    void cutBetweenBinaryEventAndAttachments_data();
    void cutBetweenBinaryEventAndAttachments();
    void cutBeforePostAnswerNotDoubled();
    void cutDuringBurstKeepsOrder();
    void refusedConnectionsThenRecovery();

private:
    // Every client of these tests: quick reconnection, a short connection timeout.
    static void configure(SocketIO &io, const QStringList &transports)
    {
        io.setTransports(transports);
        io.setReconnectionDelay(50);
        io.setReconnectionDelayMax(200);
        io.setTimeout(3000);
    }

    TestServer m_server;
    TestServer m_fastPing{{u"--ping-interval"_s, u"300"_s, u"--ping-timeout"_s, u"200"_s}};
};

void tst_FaultInjection::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    QVERIFY2(m_fastPing.start(), qPrintable(m_fastPing.errorString()));
}

static void addTransportRows()
{
    QTest::addColumn<QStringList>("transports");
    QTest::newRow("websocket") << QStringList{u"websocket"_s};
    QTest::newRow("polling") << QStringList{u"polling"_s};
    QTest::newRow("polling+upgrade") << QStringList{u"polling"_s, u"websocket"_s};
}

void tst_FaultInjection::relaysBothTransports_data()
{
    addTransportRows();
}

void tst_FaultInjection::relaysBothTransports()
{
    QFETCH(QStringList, transports);
    FaultProxy proxy(m_server.port());
    QVERIFY(proxy.listen());
    SocketIO io(proxy.url());
    configure(io, transports);
    Namespace *ns = io.socket();
    QSignalSpy upgraded(&io, &SocketIO::upgraded);
    io.open();
    QVERIFY(recovers(ns));
    if (transports.size() == 2)
        QTRY_COMPARE(upgraded.size(), 1);
    QCOMPARE(io.transport(), transports.last());
    QVERIFY(proxy.acceptedConnections() >= 1);
    QVERIFY(proxy.transcript(FaultProxy::ClientToServer).contains("GET /socket.io/?EIO=4&transport=" + transports.first().toLatin1()));
    QVERIFY(proxy.bytesForwarded(FaultProxy::ServerToClient) > 0);
}

void tst_FaultInjection::fragmentedFrames_data()
{
    QTest::addColumn<QStringList>("transports");
    QTest::addColumn<int>("bytes");
    QTest::addColumn<int>("interval");
    for (const QStringList &t : {QStringList{u"websocket"_s}, QStringList{u"polling"_s},
                                 QStringList{u"polling"_s, u"websocket"_s}}) {
        QTest::addRow("%s, 1 byte", qPrintable(t.join(u'+'))) << t << 1 << 0;
        QTest::addRow("%s, 7 bytes 1 ms apart", qPrintable(t.join(u'+'))) << t << 7 << 1;
    }
}

void tst_FaultInjection::fragmentedFrames()
{
    QFETCH(QStringList, transports);
    QFETCH(int, bytes);
    QFETCH(int, interval);
    FaultProxy proxy(m_server.port());
    QVERIFY(proxy.listen());
    proxy.setFragmentation(bytes, interval);
    SocketIO io(proxy.url());
    configure(io, transports);
    Namespace *ns = io.socket();
    QSignalSpy events(ns, &Namespace::eventReceived);
    QSignalSpy errors(&io, &SocketIO::errorOccurred);
    io.open();
    QVERIFY(recovers(ns, 15000));
    ns->emitEvent(u"binary"_s);
    ns->emitEvent(u"types"_s);
    const QString text = u"fragmented ✓ 😀 "_s.repeated(20);
    ns->emitEvent(u"echo"_s, {text, QByteArray(300, 'b')});
    QTRY_VERIFY_WITH_TIMEOUT(!eventsNamed(events, u"echo"_s).isEmpty(), 15000);
    QVERIFY(isBinaryEvent(eventsNamed(events, u"binary"_s).value(0)));
    QCOMPARE(eventsNamed(events, u"types"_s).value(0).size(), 12);
    QCOMPARE(eventsNamed(events, u"echo"_s).value(0), (QVariantList{text, QByteArray(300, 'b')}));
    QCOMPARE(errors.size(), 0);
}

void tst_FaultInjection::delayedFrames_data()
{
    addTransportRows();
}

void tst_FaultInjection::delayedFrames()
{
    QFETCH(QStringList, transports);
    FaultProxy proxy(m_server.port());
    QVERIFY(proxy.listen());
    proxy.setDelay(100);
    SocketIO io(proxy.url());
    configure(io, transports);
    Namespace *ns = io.socket();
    QSignalSpy events(ns, &Namespace::eventReceived);
    io.open();
    QVERIFY(recovers(ns));
    QElapsedTimer clock;
    clock.start();
    QVERIFY(roundTrip(ns, 3000));
    QVERIFY2(clock.elapsed() >= 190, qPrintable(QString::number(clock.elapsed()))); // 100 ms each way
    ns->emitEvent(u"burst"_s, {QVariantMap{{u"count"_s, 100}, {u"binary"_s, true}}});
    QTRY_VERIFY_WITH_TIMEOUT(!eventsNamed(events, u"burst-done"_s).isEmpty(), 10000);
    const auto items = eventsNamed(events, u"item"_s);
    QCOMPARE(items.size(), 100);
    for (int i = 0; i < 100; ++i) {
        QCOMPARE(items.at(i).value(0).toMap().value(u"i"_s).toInt(), i);
        QCOMPARE(items.at(i).value(1).toByteArray(), QByteArray(16, char(i)));
    }
}

void tst_FaultInjection::stallIsPingTimeout_data()
{
    addTransportRows();
}

void tst_FaultInjection::stallIsPingTimeout()
{
    // The network freezes (nothing moves, nothing closes): the heartbeat notices within
    // pingInterval + pingTimeout; once the network is back, the client reconnects.
    QFETCH(QStringList, transports);
    FaultProxy proxy(m_fastPing.port());
    QVERIFY(proxy.listen());
    SocketIO io(proxy.url());
    configure(io, transports);
    io.setTimeout(1000);
    Namespace *ns = io.socket();
    QSignalSpy upgraded(&io, &SocketIO::upgraded);
    io.open();
    QVERIFY(recovers(ns));
    if (transports.size() == 2)
        QTRY_COMPARE(upgraded.size(), 1);
    QSignalSpy pings(&io, &SocketIO::pingReceived);
    QVERIFY(pings.wait(2000));
    QElapsedTimer sincePing;
    sincePing.start();
    QSignalSpy disconnected(ns, &Namespace::disconnected);
    proxy.setStalled(true);
    QVERIFY(disconnected.wait(3000));
    QCOMPARE(disconnected.at(0).at(0).toString(), u"ping timeout"_s);
    QCOMPARE(io.error(), SocketIO::PingTimeoutError);
    const qint64 elapsed = sincePing.elapsed();
    QVERIFY2(elapsed >= 450 && elapsed <= 1100, qPrintable(QString::number(elapsed)));
    QVERIFY(!ns->isConnected());

    // Still frozen: attempts fail (connection timeout) without crashing.
    QSignalSpy reconnectErrors(&io, &SocketIO::reconnectError);
    QVERIFY(reconnectErrors.wait(5000));
    proxy.setStalled(false);
    proxy.cutAll(); // the frozen connections would come back to life half-read
    QSignalSpy reconnected(&io, &SocketIO::reconnected);
    QVERIFY(reconnected.wait(10000));
    QVERIFY(recovers(ns));
}

void tst_FaultInjection::cutsAtEveryStage_data()
{
    QTest::addColumn<QStringList>("transports");
    QTest::addColumn<int>("direction");
    QTest::addColumn<QByteArray>("pattern");
    QTest::addColumn<int>("extra");
    QTest::addColumn<bool>("mustFail"); // the connection cannot survive that cut

    const QStringList ws{u"websocket"_s};
    const QStringList polling{u"polling"_s};
    const QStringList both{u"polling"_s, u"websocket"_s};
    const int s2c = FaultProxy::ServerToClient;
    const int c2s = FaultProxy::ClientToServer;
    // WebSocket alone.
    QTest::newRow("ws: in the upgrade request") << ws << c2s << QByteArray("GET /socket.io/") << 0 << true;
    QTest::newRow("ws: in the 101 response") << ws << s2c << QByteArray("101 Switching") << 0 << true;
    QTest::newRow("ws: after the 101, before the open packet") << ws << s2c << QByteArray("\r\n\r\n") << 0 << true;
    QTest::newRow("ws: in the open packet") << ws << s2c << QByteArray("0{\"sid\":") << 0 << true;
    QTest::newRow("ws: after the open packet") << ws << s2c << QByteArray("\"maxPayload\":1000000}") << 0 << true;
    QTest::newRow("ws: in the CONNECT answer") << ws << s2c << QByteArray("40{\"sid\"") << 0 << true;
    QTest::newRow("ws: after the CONNECT answer") << ws << s2c << QByteArray("40{\"sid\":\"") << 22 << true;
    // Polling alone.
    QTest::newRow("polling: in the handshake request") << polling << c2s << QByteArray("GET /socket.io/") << 0 << true;
    QTest::newRow("polling: in the handshake response headers") << polling << s2c << QByteArray("HTTP/1.1 200") << 0 << true;
    QTest::newRow("polling: in the open packet") << polling << s2c << QByteArray("0{\"sid\":") << 0 << true;
    QTest::newRow("polling: after the open packet") << polling << s2c << QByteArray("\"maxPayload\":1000000}") << 0 << false;
    QTest::newRow("polling: in the CONNECT POST") << polling << c2s << QByteArray("POST /socket.io/") << 0 << false;
    QTest::newRow("polling: in the CONNECT answer") << polling << s2c << QByteArray("40{\"sid\"") << 0 << false;
    // Polling, then the upgrade.
    QTest::newRow("upgrade: in the probe request") << both << c2s << QByteArray("transport=websocket&sid=") << 0 << false;
    QTest::newRow("upgrade: in the probe's 101") << both << s2c << QByteArray("101 Switching") << 0 << false;
    QTest::newRow("upgrade: after the probe's 101") << both << s2c << QByteArray("Sec-WebSocket-Accept: ") << 30 << false;
    QTest::newRow("upgrade: in the probe's pong") << both << s2c << QByteArray("3pro") << 0 << false;
    QTest::newRow("upgrade: after the probe's pong") << both << s2c << QByteArray("3probe") << 0 << false;
}

void tst_FaultInjection::cutsAtEveryStage()
{
    QFETCH(QStringList, transports);
    QFETCH(int, direction);
    QFETCH(QByteArray, pattern);
    QFETCH(int, extra);
    QFETCH(bool, mustFail);
    FaultProxy proxy(m_server.port());
    QVERIFY(proxy.listen());
    proxy.cutOnPattern(FaultProxy::Direction(direction), pattern, extra);
    SocketIO io(proxy.url());
    configure(io, transports);
    Namespace *ns = io.socket();
    QSignalSpy matched(&proxy, &FaultProxy::matched);
    QSignalSpy errors(&io, &SocketIO::errorOccurred);
    QSignalSpy disconnected(ns, &Namespace::disconnected);
    QSignalSpy closed(&io, &SocketIO::closed);
    QSignalSpy connectErrors(ns, &Namespace::connectError);
    QSignalSpy upgradeFailed(&io, &SocketIO::upgradeFailed);
    QSignalSpy upgradedSpy(&io, &SocketIO::upgraded);
    io.open();
    QVERIFY2(recovers(ns), "the client did not come back");
    QCOMPARE(matched.size(), 1); // the fault did happen
    QTRY_VERIFY(proxy.cutConnections() >= 1);
    if (mustFail) {
        // Reported: an error (before the session opened) or a closed connection with its reason.
        QVERIFY(errors.size() + closed.size() >= 1);
        for (const auto &c : std::as_const(closed))
            QVERIFY(!c.at(0).toString().isEmpty());
    }
    for (const auto &d : std::as_const(disconnected))
        QVERIFY(!d.at(0).toString().isEmpty());
    for (const auto &e : std::as_const(connectErrors))
        QVERIFY(!e.at(0).toString().isEmpty());
    if (transports.size() == 2) {
        // A broken probe is not a broken session: it stays on polling, or upgrades on a later
        // session.
        QVERIFY(upgradeFailed.size() + disconnected.size() + upgradedSpy.size() >= 1);
    }
    // And it keeps working.
    QVERIFY(roundTrip(ns));
}

void tst_FaultInjection::cutAfterServerBytes_data()
{
    QTest::addColumn<QStringList>("transports");
    QTest::addColumn<int>("bytes");
    for (const QStringList &t : {QStringList{u"websocket"_s}, QStringList{u"polling"_s, u"websocket"_s}}) {
        for (int n : {1, 40, 129, 160, 200, 250, 300, 400, 500, 700})
            QTest::addRow("%s, %d", qPrintable(t.join(u'+')), n) << t << n;
    }
}

void tst_FaultInjection::cutAfterServerBytes()
{
    // A sweep of cut points over the first bytes from the server: whatever stage they hit.
    QFETCH(QStringList, transports);
    QFETCH(int, bytes);
    FaultProxy proxy(m_server.port());
    QVERIFY(proxy.listen());
    proxy.cutAfterServerBytes(bytes);
    SocketIO io(proxy.url());
    configure(io, transports);
    Namespace *ns = io.socket();
    QSignalSpy disconnected(ns, &Namespace::disconnected);
    io.open();
    ns->emitEvent(u"binary"_s); // traffic beyond the handshake, binary included
    QVERIFY2(recovers(ns), "the client did not come back");
    for (const auto &d : std::as_const(disconnected))
        QVERIFY(!d.at(0).toString().isEmpty());
}

void tst_FaultInjection::cutBetweenBinaryEventAndAttachments_data()
{
    QTest::addColumn<QStringList>("transports");
    QTest::addColumn<QByteArray>("pattern");
    QTest::addColumn<int>("extra");
    const QStringList ws{u"websocket"_s};
    const QStringList polling{u"polling"_s};
    // WebSocket: one frame per packet (2-byte headers).
    QTest::newRow("websocket: after the text frame") << ws << kBinaryEventTextEnd << 0;
    QTest::newRow("websocket: inside the first attachment") << ws << kBinaryEventTextEnd << 3;
    QTest::newRow("websocket: after two attachments") << ws << kBinaryEventTextEnd << (2 + 3) + (2 + 2);
    // Polling (EIO 4): the text packet and its attachments come in separate responses.
    QTest::newRow("polling: inside the text packet") << polling << QByteArray(R"("text",{"deep")") << 0;
    QTest::newRow("polling: inside the attachments") << polling << QByteArray("bAQID\x1e") << 2;
    // Inside the headers of the response that carries the text packet: the packets of a
    // long-poll are gone from the server once written; a silent retry of the GET (as
    // QNetworkAccessManager does for idempotent requests) would lose them.
    const QByteArray headersEnd = "\r\n\r\n45";
    QTest::newRow("polling: inside the response headers") << polling << headersEnd << -int(headersEnd.size()) - 10;
}

void tst_FaultInjection::cutBetweenBinaryEventAndAttachments()
{
    // The BINARY_EVENT's text part arrives, its attachments do not: no half event is delivered,
    // the connection reports its loss, and after the reconnection binary events decode again.
    QFETCH(QStringList, transports);
    QFETCH(QByteArray, pattern);
    QFETCH(int, extra);
    FaultProxy proxy(m_server.port());
    QVERIFY(proxy.listen());
    SocketIO io(proxy.url());
    configure(io, transports);
    Namespace *ns = io.socket();
    io.open();
    QVERIFY(recovers(ns));
    QSignalSpy events(ns, &Namespace::eventReceived);
    QSignalSpy disconnected(ns, &Namespace::disconnected);
    QSignalSpy matched(&proxy, &FaultProxy::matched);
    proxy.cutOnPattern(FaultProxy::ServerToClient, pattern, extra);
    ns->emitEvent(u"binary"_s);
    QVERIFY(disconnected.wait(5000));
    QCOMPARE(matched.size(), 1);
    const QString reason = disconnected.at(0).at(0).toString();
    QVERIFY2(reason == u"transport close"_s || reason == u"transport error"_s, qPrintable(reason));
    QCOMPARE(eventsNamed(events, u"binary"_s).size(), 0);

    QVERIFY(recovers(ns));
    ns->emitEvent(u"binary"_s);
    QTRY_COMPARE(eventsNamed(events, u"binary"_s).size(), 1);
    QVERIFY(isBinaryEvent(eventsNamed(events, u"binary"_s).at(0)));
    QCOMPARE(io.error(), SocketIO::NoError);
}

void tst_FaultInjection::cutBeforePostAnswerNotDoubled()
{
    // The server took a POST, its answer is cut: the packet must not reach the server twice
    // (the HTTP stack may not send it again behind the protocol's back).
    FaultProxy proxy(m_server.port());
    QVERIFY(proxy.listen());
    SocketIO io(proxy.url());
    configure(io, {u"polling"_s});
    Namespace *ns = io.socket();
    io.open();
    QVERIFY(recovers(ns));
    const QString id = u"post-%1"_s.arg(QRandomGenerator::global()->generate());
    QSignalSpy matched(&proxy, &FaultProxy::matched);
    // The answer to a POST is "ok" in text/html; polls answer in text/plain.
    proxy.cutOnPattern(FaultProxy::ServerToClient, "Content-Type: text/html");
    ns->emitEvent(u"flaky-ack"_s, {QVariantMap{{u"id"_s, id}, {u"after"_s, 99}}});
    QTRY_COMPARE(matched.size(), 1);
    QVERIFY(recovers(ns));
    QTest::qWait(100);
    AckReply *count = ns->emitWithAck(u"receipts"_s, {QVariantMap{{u"id"_s, id}}}, std::chrono::milliseconds(3000));
    QSignalSpy done(count, &AckReply::finished);
    QVERIFY(done.wait(4000));
    QCOMPARE(count->arguments().value(0).toInt(), 1);
}

void tst_FaultInjection::cutDuringBurstKeepsOrder()
{
    // Cut in the middle of a stream of events: what arrived is a gapless prefix, in order.
    FaultProxy proxy(m_server.port());
    QVERIFY(proxy.listen());
    SocketIO io(proxy.url());
    configure(io, {u"websocket"_s});
    Namespace *ns = io.socket();
    io.open();
    QVERIFY(recovers(ns));
    QSignalSpy events(ns, &Namespace::eventReceived);
    QSignalSpy disconnected(ns, &Namespace::disconnected);
    proxy.cutAfterServerBytes(20000);
    ns->emitEvent(u"burst"_s, {QVariantMap{{u"count"_s, 2000}, {u"binary"_s, true}}});
    QVERIFY(disconnected.wait(5000));
    const auto items = eventsNamed(events, u"item"_s);
    QVERIFY(items.size() > 0 && items.size() < 2000);
    for (int i = 0; i < items.size(); ++i) {
        QCOMPARE(items.at(i).value(0).toMap().value(u"i"_s).toInt(), i);
        QCOMPARE(items.at(i).value(1).toByteArray(), QByteArray(16, char(i & 255)));
    }
    QVERIFY(recovers(ns));
}

void tst_FaultInjection::refusedConnectionsThenRecovery()
{
    FaultProxy proxy(m_server.port());
    QVERIFY(proxy.listen());
    proxy.setRefusing(true);
    SocketIO io(proxy.url());
    configure(io, {u"polling"_s, u"websocket"_s});
    Namespace *ns = io.socket();
    QSignalSpy reconnectErrors(&io, &SocketIO::reconnectError);
    QSignalSpy reconnected(&io, &SocketIO::reconnected);
    io.open();
    QTRY_VERIFY_WITH_TIMEOUT(reconnectErrors.size() >= 2, 5000);
    QCOMPARE(io.error(), SocketIO::ConnectionError);
    QVERIFY(!ns->isConnected());
    proxy.setRefusing(false);
    QVERIFY(reconnected.wait(5000));
    QVERIFY(recovers(ns));

    // And a cut of everything, while connected and upgraded.
    QTRY_COMPARE(io.transport(), u"websocket"_s);
    QSignalSpy disconnected(ns, &Namespace::disconnected);
    proxy.cutAll();
    QVERIFY(disconnected.wait(3000));
    QVERIFY(!disconnected.at(0).at(0).toString().isEmpty());
    QVERIFY(recovers(ns));
}

QTEST_MAIN(tst_FaultInjection)
#include "tst_faultinjection.moc"
