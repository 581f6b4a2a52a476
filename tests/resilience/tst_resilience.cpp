// Reconnection, offline buffering, ack timeouts and retries, connection state recovery and the
// heartbeat, against real socket.io servers (tests/server/server.js).
#include "connectorfail.h"
#include "testserver.h"

#include <SocketIOQt/socketio.h>

#include <QtNetwork/qtcpserver.h>
#include <QtTest>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

namespace {

// A port where nothing listens (a server started then stopped).
quint16 deadPort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

QUrl deadUrl()
{
    return QUrl(u"http://127.0.0.1:%1"_s.arg(deadPort()));
}

// The arguments of every `event` received so far, in order.
QList<QVariantList> eventsNamed(const QSignalSpy &spy, const QString &event)
{
    QList<QVariantList> out;
    for (const QList<QVariant> &call : spy) {
        if (call.at(0).toString() == event)
            out.append(call.at(1).toList());
    }
    return out;
}

// Waits for the ack of a request the server answers with one value.
QVariant ask(Namespace *ns, const QString &event, const QVariantList &args = {}, int timeoutMs = 5000)
{
    AckReply *reply = ns->emitWithAck(event, args, std::chrono::milliseconds(timeoutMs));
    QSignalSpy finished(reply, &AckReply::finished);
    if (!reply->isFinished() && !finished.wait(timeoutMs + 1000))
        return QVariant();
    const QVariant v = reply->error() == AckReply::NoError ? reply->arguments().value(0) : QVariant();
    reply->deleteLater();
    return v;
}

int receipts(Namespace *ns, const QString &id)
{
    return ask(ns, u"receipts"_s, {QVariantMap{{u"id"_s, id}}}).toInt();
}

QString uniqueId(const char *prefix)
{
    static int n = 0;
    return u"%1-%2-%3"_s.arg(QLatin1String(prefix)).arg(QCoreApplication::applicationPid()).arg(++n);
}

} // namespace

class tst_Resilience : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    // reconnection
    void reconnectionDefaults();
    void backoffDelays_data();
    void backoffDelays();
    void backoffJitterVaries();
    void reconnectFailedAfterAttempts();
    void noReconnectAfterServerDisconnect();
    void noReconnectAfterClientClose();
    void closeDuringUpgradeSendsWhatWasHeld();
    void namespacesRejoinWithAuth();
    // server killed and restarted
    void killedServerEmitsDeliveredOnce_data();
    void killedServerEmitsDeliveredOnce();
    // offline buffer
    void offlineBufferBounded();
    void offlineBufferBoundedInBytes();
    void volatileDroppedWhileDisconnected();
    // ack timeouts and retries
    void ackTimeoutPerEmitAndDefault();
    void timedOutBufferedEmitIsNotSent();
    void retriesDeliverInOrder();
    void retriesGiveUp();
    void retryInFlightSurvivesDisconnect();
    void retryQueueBounded();
    // connection state recovery
    void recoveryAfterEngineClose();
    void noRecoveryAfterClientClose();
    // heartbeat
    void heartbeatEio4SilentServer();
    void heartbeatEio3SilentServer();

private:
    TestServer m_server;
    TestServer m_recovery{{u"--recovery"_s}};
};

void tst_Resilience::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    QVERIFY2(m_recovery.start(), qPrintable(m_recovery.errorString()));
}

// ---------------------------------------------------------------------------------------------
// Reconnection

void tst_Resilience::reconnectionDefaults()
{
    // The JavaScript client's names and defaults.
    SocketIO io;
    QCOMPARE(io.reconnection(), true);
    QCOMPARE(io.reconnectionAttempts(), -1); // Infinity
    QCOMPARE(io.reconnectionDelay(), 1000);
    QCOMPARE(io.reconnectionDelayMax(), 5000);
    QCOMPARE(io.randomizationFactor(), 0.5);
    QCOMPARE(io.timeout(), 20000);
    QCOMPARE(io.sendBufferLimit(), 10000);
    QCOMPARE(io.traceSecrets(), false);
    QCOMPARE(io.transports(), (QStringList{u"polling"_s, u"websocket"_s}));
    QCOMPARE(io.upgrade(), true);
    Namespace *ns = io.socket();
    QCOMPARE(ns->ackTimeout(), 0);
    QCOMPARE(ns->retries(), 0);
    QCOMPARE(ns->isRecovered(), false);

    // The same names as Qt properties (QML, the inspector).
    for (const char *name : {"reconnection", "reconnectionAttempts", "reconnectionDelay", "reconnectionDelayMax",
                             "randomizationFactor", "timeout"})
        QVERIFY2(io.metaObject()->indexOfProperty(name) >= 0, name);

    // Out-of-range values are clamped.
    io.setRandomizationFactor(3);
    QCOMPARE(io.randomizationFactor(), 1.0);
    io.setReconnectionAttempts(-7);
    QCOMPARE(io.reconnectionAttempts(), -1);
    io.setReconnectionDelay(-1);
    QCOMPARE(io.reconnectionDelay(), 0);
}

void tst_Resilience::backoffDelays_data()
{
    QTest::addColumn<double>("factor");
    QTest::newRow("no jitter") << 0.0;
    QTest::newRow("jitter 0.5") << 0.5;
}

void tst_Resilience::backoffDelays()
{
    // delay(n) = min(max, delay * 2^n ± factor * delay * 2^n): measured from each failure
    // (reconnectError, or the first errorOccurred) to the next reconnectAttempt.
    QFETCH(double, factor);
    SocketIO io(deadUrl());
    io.setTransports({u"websocket"_s});
    io.setReconnectionDelay(100);
    io.setReconnectionDelayMax(400);
    io.setRandomizationFactor(factor);
    io.setReconnectionAttempts(5);
    QElapsedTimer clock;
    QList<qint64> failures, attempts;
    QList<int> attemptNumbers;
    bool firstError = true;
    connect(&io, &SocketIO::errorOccurred, this, [&](SocketIO::Error e) {
        if (firstError && e == SocketIO::ConnectionError) {
            failures << clock.elapsed();
            firstError = false;
        }
    });
    connect(&io, &SocketIO::reconnectError, this, [&] { failures << clock.elapsed(); });
    connect(&io, &SocketIO::reconnectAttempt, this, [&](int n) {
        attempts << clock.elapsed();
        attemptNumbers << n;
    });
    QSignalSpy failed(&io, &SocketIO::reconnectFailed);
    clock.start();
    io.open();
    QVERIFY(failed.wait(10000));
    QCOMPARE(attemptNumbers, (QList<int>{1, 2, 3, 4, 5}));
    QCOMPARE(failures.size(), 6); // the first open and 5 attempts

    const double base[] = {100, 200, 400, 800, 1600};
    for (int i = 0; i < 5; ++i) {
        const qint64 measured = attempts.at(i) - failures.at(i);
        const double lo = qMin(400.0, base[i] * (1 - factor));
        const double hi = qMin(400.0, base[i] * (1 + factor));
        // QTimer is coarse (5%) and the machine is busy: a little slack around the window.
        QVERIFY2(measured >= lo * 0.95 - 2 && measured <= hi * 1.05 + 150,
                 qPrintable(u"attempt %1 after %2 ms, expected %3..%4"_s.arg(i + 1).arg(measured).arg(lo).arg(hi)));
    }
    QCOMPARE(io.error(), SocketIO::ReconnectFailedError);
}

void tst_Resilience::backoffJitterVaries()
{
    // With randomizationFactor 0.5 the first delay is anywhere in 30..90 ms: a few runs do not
    // all wait the same.
    QList<qint64> first;
    for (int run = 0; run < 8; ++run) {
        SocketIO io(deadUrl());
        io.setTransports({u"websocket"_s});
        io.setReconnectionDelay(60);
        io.setReconnectionDelayMax(10000);
        io.setReconnectionAttempts(1);
        QElapsedTimer clock;
        qint64 failedAt = -1, attemptAt = -1;
        connect(&io, &SocketIO::errorOccurred, this, [&](SocketIO::Error) {
            if (failedAt < 0)
                failedAt = clock.elapsed();
        });
        connect(&io, &SocketIO::reconnectAttempt, this, [&] { attemptAt = clock.elapsed(); });
        QSignalSpy failed(&io, &SocketIO::reconnectFailed);
        clock.start();
        io.open();
        QVERIFY(failed.wait(5000));
        QVERIFY(failedAt >= 0 && attemptAt > failedAt);
        const qint64 d = attemptAt - failedAt;
        QVERIFY2(d >= 27 && d <= 150, qPrintable(QString::number(d)));
        first << d;
    }
    const auto [lo, hi] = std::minmax_element(first.cbegin(), first.cend());
    QVERIFY2(*hi - *lo >= 5, qPrintable(u"delays without jitter: %1"_s.arg(QVariant::fromValue(first).toString())));
}

void tst_Resilience::reconnectFailedAfterAttempts()
{
    SocketIO io(deadUrl());
    io.setReconnectionAttempts(3);
    io.setReconnectionDelay(20);
    io.setReconnectionDelayMax(40);
    Namespace *ns = io.socket();
    QSignalSpy attempts(&io, &SocketIO::reconnectAttempt);
    QSignalSpy errors(&io, &SocketIO::reconnectError);
    QSignalSpy failed(&io, &SocketIO::reconnectFailed);
    QSignalSpy reconnected(&io, &SocketIO::reconnected);
    QSignalSpy connectErrors(ns, &Namespace::connectError);
    io.open();
    QVERIFY(failed.wait(10000));
    QCOMPARE(attempts.size(), 3);
    for (int i = 0; i < 3; ++i)
        QCOMPARE(attempts.at(i).at(0).toInt(), i + 1);
    QCOMPARE(errors.size(), 3);
    QVERIFY(!errors.at(0).at(0).toString().isEmpty());
    QCOMPARE(failed.size(), 1);
    QCOMPARE(reconnected.size(), 0);
    QCOMPARE(connectErrors.size(), 4); // the first open and each attempt, as connect_error
    QCOMPARE(io.error(), SocketIO::ReconnectFailedError);
    QCOMPARE(io.state(), SocketIO::Disconnected);
    QTest::qWait(200); // five times the largest delay: no attempt after the last
    QCOMPARE(attempts.size(), 3);
    QCOMPARE(failed.size(), 1);

    // open() starts over with a fresh count.
    io.open();
    QVERIFY(failed.wait(10000));
    QCOMPARE(attempts.size(), 6);
    QCOMPARE(attempts.at(3).at(0).toInt(), 1);
}

void tst_Resilience::noReconnectAfterServerDisconnect()
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
    QTRY_COMPARE(io.state(), SocketIO::Disconnected);
    QTest::qWait(200);
    QCOMPARE(attempts.size(), 0);
    QVERIFY(!ns->isConnected());

    // With another namespace still active, the connection stays and only that one is gone.
    SocketIO io2(m_server.url());
    io2.setReconnectionDelay(20);
    Namespace *root = io2.socket(u"/"_s);
    Namespace *chat = io2.socket(u"/chat"_s);
    CONNECT_OR_FAIL(io2, root);
    QTRY_VERIFY(chat->isConnected());
    QSignalSpy chatDisconnected(chat, &Namespace::disconnected);
    chat->emitEvent(u"disconnect-me"_s);
    QVERIFY(chatDisconnected.wait());
    QTest::qWait(100);
    QVERIFY(!chat->isConnected());
    QVERIFY(root->isConnected());
    QCOMPARE(io2.state(), SocketIO::Connected);
}

void tst_Resilience::noReconnectAfterClientClose()
{
    TestServer server;
    QVERIFY(server.start());
    SocketIO io(server.url());
    io.setReconnectionDelay(50);
    io.setReconnectionDelayMax(50);
    Namespace *ns = io.socket();
    CONNECT_OR_FAIL(io, ns);
    QSignalSpy attempts(&io, &SocketIO::reconnectAttempt);
    QSignalSpy closed(&io, &SocketIO::closed);
    io.close();
    QCOMPARE(closed.size(), 1);
    QCOMPARE(closed.at(0).at(0).toString(), u"io client disconnect"_s);
    QTest::qWait(200);
    QCOMPARE(attempts.size(), 0);
    QCOMPARE(io.state(), SocketIO::Disconnected);

    // close() while a reconnection is pending stops it.
    CONNECT_OR_FAIL(io, ns);
    server.kill();
    QVERIFY(attempts.wait(5000)); // reconnecting against the dead server
    io.close();
    const int before = attempts.size();
    QTest::qWait(300);
    QCOMPARE(attempts.size(), before);
    QCOMPARE(io.state(), SocketIO::Disconnected);

    // Namespace::close() on the last namespace closes the connection: no reconnection either.
    QVERIFY(server.restart());
    CONNECT_OR_FAIL(io, ns);
    attempts.clear();
    ns->close();
    QTRY_COMPARE(io.state(), SocketIO::Disconnected);
    QTest::qWait(200);
    QCOMPARE(attempts.size(), 0);
}

void tst_Resilience::closeDuringUpgradeSendsWhatWasHeld()
{
    // Between the probe's pong and the end of the poll in flight (the server ends it within
    // 100 ms), the client holds what it sends for the WebSocket. close() in that window must
    // still deliver it (here the namespace's DISCONNECT) over polling, before the close packet:
    // the server then knows the client left on purpose.
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    QString id;
    auto closeNow = [&] {
        if (!id.isEmpty())
            return;
        id = ns->id();
        QCOMPARE(io.transport(), u"polling"_s);
        io.close();
    };
    // The window opens when the client takes the pong. The namespace's CONNECT answer may come
    // before it (close then, a turn of the event loop later) or after it, in the poll that
    // ends the window (close right in connected()).
    bool pongTaken = false;
    connect(&io, &SocketIO::packetTraced, this,
            [&](SocketIO::Direction direction, const EngineIOPacket &packet, const QString &transport) {
                if (direction != SocketIO::Direction::Incoming || transport != u"websocket"_s
                    || packet.type() != EngineIOPacket::Pong || packet.data() != "probe")
                    return;
                pongTaken = true;
                if (ns->isConnected())
                    QTimer::singleShot(0, &io, closeNow);
            });
    connect(ns, &Namespace::connected, this, [&] {
        if (pongTaken)
            closeNow();
    });
    io.open();
    QTRY_VERIFY(!id.isEmpty());

    SocketIO watcher(m_server.url());
    watcher.setTransports({u"websocket"_s});
    Namespace *w = watcher.socket();
    CONNECT_OR_FAIL(watcher, w);
    QVariant reason;
    QTRY_VERIFY((reason = ask(w, u"disconnect-reason"_s, {QVariantMap{{u"id"_s, id}}})).isValid()
                && !reason.isNull());
    QCOMPARE(reason.toString(), u"client namespace disconnect"_s);

    // The same on polling alone, with a poll in flight (as there always is): the client lets the
    // server end it rather than cut it, which would end the session with a "transport error".
    io.setTransports({u"polling"_s});
    QStringList trace; // seen once with Qt 6.8 as "transport close": then say what went where
    connect(&io, &SocketIO::packetTraced, this,
            [&](SocketIO::Direction direction, const EngineIOPacket &packet, const QString &transport) {
                trace << u"%1 %2 %3 %4"_s.arg(direction == SocketIO::Direction::Incoming ? u"in"_s : u"out"_s,
                                              transport, QString::number(int(packet.type())),
                                              QString::fromUtf8(packet.data().left(40)));
            });
    CONNECT_OR_FAIL(io, ns);
    id = ns->id();
    // An event first, so that a POST is in flight when close() queues the DISCONNECT: the close
    // packet must not share the DISCONNECT's POST, or the server ends the session before it
    // reads the DISCONNECT (socket.io hands packets on a tick later).
    ns->emitEvent(u"noop"_s);
    io.close();
    reason.clear();
    QTRY_VERIFY((reason = ask(w, u"disconnect-reason"_s, {QVariantMap{{u"id"_s, id}}})).isValid()
                && !reason.isNull());
    QVERIFY2(reason.toString() == u"client namespace disconnect"_s,
             qPrintable(reason.toString() + u"; the client's packets:\n"_s + trace.join(u'\n')
                        + u"\nits last error: "_s + io.errorString()));
}

void tst_Resilience::namespacesRejoinWithAuth()
{
    TestServer server;
    QVERIFY(server.start());
    SocketIO io(server.url());
    io.setReconnectionDelay(50);
    io.setReconnectionDelayMax(100);
    Namespace *root = io.socket(u"/"_s);
    Namespace *admin = io.socket(u"/admin"_s);
    admin->setAuth({{u"token"_s, u"secret"_s}});
    CONNECT_OR_FAIL(io, root);
    QTRY_VERIFY(admin->isConnected());
    const QString firstId = admin->id();

    // Engine closed by the server: both namespaces rejoin, /admin with its token.
    QSignalSpy reconnected(&io, &SocketIO::reconnected);
    QSignalSpy adminConnected(admin, &Namespace::connected);
    QSignalSpy adminErrors(admin, &Namespace::connectError);
    root->emitEvent(u"close-engine"_s);
    QVERIFY(reconnected.wait(5000));
    QTRY_VERIFY(admin->isConnected() && root->isConnected());
    QCOMPARE(adminConnected.size(), 1);
    QCOMPARE(adminErrors.size(), 0); // refused by the server: would be "not authorized"
    QVERIFY(admin->id() != firstId);
    const QVariantMap who = ask(admin, u"whoami"_s).toMap();
    QCOMPARE(who.value(u"auth"_s).toMap().value(u"token"_s).toString(), u"secret"_s);
    QCOMPARE(who.value(u"nsp"_s).toString(), u"/admin"_s);

    // Server killed and restarted: the same.
    adminConnected.clear();
    server.kill();
    QTRY_VERIFY(!admin->isConnected());
    QVERIFY(server.restart());
    QTRY_VERIFY_WITH_TIMEOUT(admin->isConnected() && root->isConnected(), 10000);
    // Each failed attempt is a connect_error (as in the JS client), none a refusal of the token.
    for (const auto &e : std::as_const(adminErrors))
        QVERIFY2(e.at(0).toString() != u"not authorized"_s, "the token was not sent again");
    QCOMPARE(ask(admin, u"whoami"_s).toMap().value(u"auth"_s).toMap().value(u"token"_s).toString(), u"secret"_s);
}

// ---------------------------------------------------------------------------------------------
// Server killed and restarted on the same port

void tst_Resilience::killedServerEmitsDeliveredOnce_data()
{
    QTest::addColumn<QStringList>("transports");
    QTest::newRow("websocket") << QStringList{u"websocket"_s};
    QTest::newRow("polling") << QStringList{u"polling"_s};
    QTest::newRow("polling+upgrade") << QStringList{u"polling"_s, u"websocket"_s};
}

void tst_Resilience::killedServerEmitsDeliveredOnce()
{
    QFETCH(QStringList, transports);
    TestServer server;
    QVERIFY(server.start());
    SocketIO io(server.url());
    io.setTransports(transports);
    io.setReconnectionDelay(50);
    io.setReconnectionDelayMax(200);
    Namespace *ns = io.socket();
    Namespace *reliable = io.socket(u"/chat"_s);
    reliable->setRetries(3);
    reliable->setAckTimeout(3000);
    CONNECT_OR_FAIL(io, ns);
    QTRY_VERIFY(reliable->isConnected());

    // Everything the client hears back, in order: echo events and acks.
    QStringList heard;
    ns->on(u"echo"_s, [&](const QVariantList &args) { heard << args.value(0).toString(); });

    QSignalSpy disconnected(ns, &Namespace::disconnected);
    server.kill();
    QVERIFY(disconnected.wait(5000));
    QVERIFY(!ns->isConnected());

    // While the server is down: plain emits, emits with an ack, and at-least-once emits.
    const int n = 30;
    int acks = 0;
    QStringList reliableAcked;
    for (int i = 0; i < n; ++i) {
        const QString id = u"m%1"_s.arg(i);
        if (i % 2 == 0) {
            QVERIFY(ns->emitEvent(u"echo"_s, {id}));
        } else {
            QVERIFY(ns->emitEvent(u"ack-me"_s, {id}, [&heard, &acks](const QVariantList &a) {
                heard << a.value(0).toString();
                ++acks;
            }));
        }
    }
    const QString rid = uniqueId("killed");
    for (int i = 0; i < 3; ++i) {
        reliable->emitEvent(u"flaky-ack"_s, {QVariantMap{{u"id"_s, u"%1-%2"_s.arg(rid).arg(i)}, {u"after"_s, 1}}},
                            [&](const QVariantList &a) { reliableAcked << a.value(0).toString(); });
    }
    QTest::qWait(300); // a few reconnection attempts fail meanwhile
    QVERIFY(!ns->isConnected());

    QSignalSpy reconnected(&io, &SocketIO::reconnected);
    QVERIFY(server.restart());
    QVERIFY(reconnected.wait(10000));
    QTRY_COMPARE_WITH_TIMEOUT(heard.size(), n, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(reliableAcked.size(), 3, 10000);
    QTest::qWait(200); // a duplicate would arrive now
    QStringList expected;
    for (int i = 0; i < n; ++i)
        expected << u"m%1"_s.arg(i);
    QCOMPARE(heard, expected);   // each once, in order
    QCOMPARE(acks, n / 2);
    QCOMPARE(reliableAcked, (QStringList{rid + u"-0"_s, rid + u"-1"_s, rid + u"-2"_s}));
    for (int i = 0; i < 3; ++i)
        QCOMPARE(receipts(ns, u"%1-%2"_s.arg(rid).arg(i)), 1); // the server got each once
}

// ---------------------------------------------------------------------------------------------
// Offline buffer

void tst_Resilience::offlineBufferBounded()
{
    SocketIO io(m_server.url());
    io.setSendBufferLimit(5);
    Namespace *ns = io.socket();
    QSignalSpy overflow(&io, &SocketIO::sendBufferOverflow);
    // Not connected yet: the first five wait, the rest are refused.
    for (int i = 0; i < 5; ++i)
        QVERIFY(ns->emitEvent(u"echo"_s, {i}));
    QVERIFY(!ns->emitEvent(u"echo"_s, {5}));
    QCOMPARE(overflow.size(), 1);
    QCOMPARE(overflow.at(0).at(0).toString(), u"/"_s);
    QCOMPARE(overflow.at(0).at(1).toString(), u"echo"_s);
    AckReply *refused = ns->emitWithAck(u"ack-me"_s, {6});
    QVERIFY(refused->isFinished());
    QCOMPARE(refused->error(), AckReply::CanceledError);
    QCOMPARE(overflow.size(), 2);
    // Volatile emits do not count against the buffer: they are dropped (and say so).
    QVERIFY(!ns->emitVolatile(u"echo"_s, {u"volatile"_s}));
    QCOMPARE(overflow.size(), 2);

    QSignalSpy events(ns, &Namespace::eventReceived);
    CONNECT_OR_FAIL(io, ns);
    QTRY_COMPARE(eventsNamed(events, u"echo"_s).size(), 5);
    QTest::qWait(100);
    const auto echoes = eventsNamed(events, u"echo"_s);
    QCOMPARE(echoes.size(), 5);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(echoes.at(i), QVariantList{i});
    // Connected, the limit does not apply.
    for (int i = 0; i < 20; ++i)
        QVERIFY(ns->emitEvent(u"echo"_s, {100 + i}));
    QCOMPARE(overflow.size(), 2);
    QTRY_COMPARE(eventsNamed(events, u"echo"_s).size(), 25);
}

void tst_Resilience::offlineBufferBoundedInBytes()
{
    // Limits::maxBufferSize() bounds the offline buffer in bytes too, whatever its packet count:
    // three emits of 300 KB fit in 1 MB, the fourth is refused, and the three go out in order.
    SocketIO io(m_server.url());
    Limits limits;
    limits.setMaxBufferSize(1000 * 1000);
    io.setLimits(limits);
    Namespace *ns = io.socket();
    QSignalSpy overflow(&io, &SocketIO::sendBufferOverflow);
    const QString chunk(300 * 1000, u'x');
    for (int i = 0; i < 3; ++i)
        QVERIFY(ns->emitEvent(u"echo"_s, {i, chunk}));
    QVERIFY(overflow.isEmpty());
    QVERIFY(!ns->emitEvent(u"echo"_s, {3, chunk}));
    QCOMPARE(overflow.size(), 1);
    QVERIFY(ns->emitEvent(u"echo"_s, {4})); // a small one still fits

    QSignalSpy events(ns, &Namespace::eventReceived);
    CONNECT_OR_FAIL(io, ns);
    QTRY_COMPARE(eventsNamed(events, u"echo"_s).size(), 4);
    const auto echoes = eventsNamed(events, u"echo"_s);
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(echoes.at(i).value(0), QVariant(i));
        QCOMPARE(echoes.at(i).value(1).toString().size(), chunk.size());
    }
    QCOMPARE(echoes.at(3), QVariantList{4});
}

void tst_Resilience::volatileDroppedWhileDisconnected()
{
    TestServer server;
    QVERIFY(server.start());
    SocketIO io(server.url());
    io.setReconnectionDelay(50);
    io.setReconnectionDelayMax(100);
    Namespace *ns = io.socket();
    CONNECT_OR_FAIL(io, ns);
    QSignalSpy events(ns, &Namespace::eventReceived);
    QVERIFY(ns->emitVolatile(u"echo"_s, {u"while connected"_s}));
    QTRY_COMPARE(eventsNamed(events, u"echo"_s).size(), 1);

    server.kill();
    QTRY_VERIFY(!ns->isConnected());
    QVERIFY(!ns->emitVolatile(u"echo"_s, {u"volatile"_s}));
    QVERIFY(ns->emitEvent(u"echo"_s, {u"buffered"_s}));
    QVERIFY(server.restart());
    QTRY_COMPARE_WITH_TIMEOUT(eventsNamed(events, u"echo"_s).size(), 2, 10000);
    QTest::qWait(150);
    const auto echoes = eventsNamed(events, u"echo"_s);
    QCOMPARE(echoes.size(), 2);
    QCOMPARE(echoes.at(1), QVariantList{u"buffered"_s});
}

// ---------------------------------------------------------------------------------------------
// Ack timeouts and retries

void tst_Resilience::ackTimeoutPerEmitAndDefault()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    CONNECT_OR_FAIL(io, ns);
    ns->setAckTimeout(600);
    QElapsedTimer clock;
    clock.start();
    AckReply *fast = ns->emitWithAck(u"nobody-answers"_s, {}, std::chrono::milliseconds(150)); // per emit
    AckReply *slow = ns->emitWithAck(u"nobody-answers"_s);           // the namespace default
    bool callbackCalled = false;
    ns->emitEvent(u"nobody-answers"_s, {}, [&](const QVariantList &) { callbackCalled = true; });
    AckReply *answered = ns->emitWithAck(u"ack-me"_s, {1}, std::chrono::milliseconds(150));
    answered->setAutoDelete(false); // read below, after later waits
    QSignalSpy fastDone(fast, &AckReply::finished);
    QSignalSpy slowDone(slow, &AckReply::finished);
    QVERIFY(fastDone.wait(2000));
    const qint64 fastAt = clock.elapsed();
    QVERIFY2(fastAt >= 140 && fastAt < 550, qPrintable(QString::number(fastAt)));
    QCOMPARE(fast->error(), AckReply::TimeoutError);
    QVERIFY(!slow->isFinished());
    QVERIFY(slowDone.wait(2000));
    const qint64 slowAt = clock.elapsed();
    QVERIFY2(slowAt >= 570 && slowAt < 1200, qPrintable(QString::number(slowAt)));
    QCOMPARE(slow->error(), AckReply::TimeoutError);
    QCOMPARE(answered->error(), AckReply::NoError);
    QCOMPARE(answered->arguments(), QVariantList{1});
    QTest::qWait(50);
    QVERIFY(!callbackCalled); // a plain callback hears only of an answer

    // 0: wait forever (no timeout), also per emit.
    ns->setAckTimeout(0);
    AckReply *waits = ns->emitWithAck(u"nobody-answers"_s);
    AckReply *waitsToo = ns->emitWithAck(u"nobody-answers"_s, {}, std::chrono::milliseconds(0));
    QTest::qWait(300);
    QVERIFY(!waits->isFinished());
    QVERIFY(!waitsToo->isFinished());
    // A disconnection ends the wait.
    QSignalSpy waitsDone(waits, &AckReply::finished);
    io.close();
    QCOMPARE(waitsDone.size(), 1);
    QCOMPARE(waits->error(), AckReply::DisconnectedError);
}

void tst_Resilience::timedOutBufferedEmitIsNotSent()
{
    // As the JS client: an emit whose ack timed out while it waited in the send buffer is taken
    // out of it; the server never sees a packet whose sender was told it failed.
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    const QString id = uniqueId("late");
    AckReply *reply = ns->emitWithAck(u"flaky-ack"_s, {QVariantMap{{u"id"_s, id}, {u"after"_s, 1}}}, std::chrono::milliseconds(100));
    QSignalSpy done(reply, &AckReply::finished);
    QVERIFY(done.wait(2000));
    QCOMPARE(reply->error(), AckReply::TimeoutError);
    CONNECT_OR_FAIL(io, ns);
    QCOMPARE(receipts(ns, id), 0);
}

void tst_Resilience::retriesDeliverInOrder()
{
    // flaky-ack answers only the 2nd receipt of an id: each emit needs one retry.
    SocketIO io(m_server.url());
    Namespace *ns = io.socket(u"/chat"_s);
    ns->setRetries(2);
    ns->setAckTimeout(200);
    CONNECT_OR_FAIL(io, ns);
    const QString id = uniqueId("flaky");
    QStringList order;
    QList<int> tries;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < 3; ++i) {
        ns->emitEvent(u"flaky-ack"_s, {QVariantMap{{u"id"_s, u"%1-%2"_s.arg(id).arg(i)}}},
                      [&](const QVariantList &a) {
                          order << a.value(0).toString();
                          tries << a.value(1).toInt();
                      });
    }
    AckReply *reply = ns->emitWithAck(u"flaky-ack"_s, {QVariantMap{{u"id"_s, id + u"-r"_s}}});
    QTRY_COMPARE_WITH_TIMEOUT(order.size(), 3, 5000);
    QSignalSpy replyDone(reply, &AckReply::finished);
    QVERIFY(reply->isFinished() || replyDone.wait(3000));
    const qint64 total = clock.elapsed();
    QCOMPARE(order, (QStringList{id + u"-0"_s, id + u"-1"_s, id + u"-2"_s}));
    QCOMPARE(tries, (QList<int>{2, 2, 2}));
    QCOMPARE(reply->error(), AckReply::NoError);
    QCOMPARE(reply->arguments().value(1).toInt(), 2);
    // One packet in flight at a time: four emits each waited one ack timeout.
    QVERIFY2(total >= 4 * 200 * 0.95, qPrintable(QString::number(total)));
    for (int i = 0; i < 3; ++i)
        QCOMPARE(receipts(ns, u"%1-%2"_s.arg(id).arg(i)), 2);
}

void tst_Resilience::retriesGiveUp()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket(u"/chat"_s);
    ns->setRetries(2);
    ns->setAckTimeout(150);
    CONNECT_OR_FAIL(io, ns);
    const QString id = uniqueId("never");
    AckReply *never = ns->emitWithAck(u"flaky-ack"_s, {QVariantMap{{u"id"_s, id}, {u"after"_s, 99}}});
    AckReply *next = ns->emitWithAck(u"flaky-ack"_s, {QVariantMap{{u"id"_s, id + u"-next"_s}, {u"after"_s, 1}}});
    QSignalSpy neverDone(never, &AckReply::finished);
    QVERIFY(neverDone.wait(3000));
    QCOMPARE(never->error(), AckReply::TimeoutError);
    QVERIFY(never->elapsedMs() >= 3 * 150 * 0.95); // 1 try + 2 retries
    QVERIFY(!next->isFinished() || next->error() == AckReply::NoError);
    QSignalSpy nextDone(next, &AckReply::finished);
    QVERIFY(next->isFinished() || nextDone.wait(3000));
    QCOMPARE(next->error(), AckReply::NoError); // the queue goes on after a failure
    QCOMPARE(receipts(ns, id), 3);
    QCOMPARE(receipts(ns, id + u"-next"_s), 1);
}

void tst_Resilience::retryInFlightSurvivesDisconnect()
{
    // The packet in flight when the connection drops goes again after the reconnection, at
    // once (not after its ack timeout), and the drop does not count as a try.
    SocketIO io(m_server.url());
    io.setReconnectionDelay(50);
    io.setReconnectionDelayMax(50);
    Namespace *root = io.socket(u"/"_s);
    Namespace *ns = io.socket(u"/chat"_s);
    ns->setRetries(1);
    ns->setAckTimeout(5000);
    CONNECT_OR_FAIL(io, root);
    QTRY_VERIFY(ns->isConnected());
    const QString id = uniqueId("inflight");
    QVariantList acked;
    ns->emitEvent(u"flaky-ack"_s, {QVariantMap{{u"id"_s, id}, {u"after"_s, 2}}},
                  [&](const QVariantList &a) { acked = a; });
    QTRY_COMPARE(receipts(root, id), 1); // the first try arrived, unanswered
    QElapsedTimer clock;
    clock.start();
    QSignalSpy reconnected(&io, &SocketIO::reconnected);
    root->emitEvent(u"close-engine"_s);
    QVERIFY(reconnected.wait(5000));
    QTRY_VERIFY_WITH_TIMEOUT(!acked.isEmpty(), 3000);
    QVERIFY2(clock.elapsed() < 2500, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(acked, (QVariantList{id, 2}));
}

void tst_Resilience::retryQueueBounded()
{
    // The retry queue is a send buffer too: bounded by sendBufferLimit, with the same signal.
    SocketIO io(m_server.url());
    io.setSendBufferLimit(3);
    Namespace *ns = io.socket();
    ns->setRetries(1);
    QSignalSpy overflow(&io, &SocketIO::sendBufferOverflow);
    for (int i = 0; i < 3; ++i)
        QVERIFY(ns->emitEvent(u"echo"_s, {i}));
    QVERIFY(!ns->emitEvent(u"echo"_s, {3}));
    QCOMPARE(overflow.size(), 1);
    AckReply *refused = ns->emitWithAck(u"ack-me"_s, {4});
    QVERIFY(refused->isFinished());
    QCOMPARE(refused->error(), AckReply::CanceledError);
    QCOMPARE(overflow.size(), 2);
}

// ---------------------------------------------------------------------------------------------
// Connection state recovery (socket.io 4.6+, --recovery)

void tst_Resilience::recoveryAfterEngineClose()
{
    SocketIO a(m_recovery.url());
    a.setReconnectionDelay(400);
    a.setReconnectionDelayMax(400);
    a.setRandomizationFactor(0);
    Namespace *nsA = a.socket();
    SocketIO b(m_recovery.url());
    Namespace *nsB = b.socket();
    CONNECT_OR_FAIL(a, nsA);
    CONNECT_OR_FAIL(b, nsB);
    QVERIFY(!nsA->isRecovered());
    QSignalSpy eventsA(nsA, &Namespace::eventReceived);

    const QString tag = uniqueId("news");
    auto broadcast = [&](int k) {
        nsB->emitEvent(u"broadcast"_s, {QVariantMap{{u"event"_s, u"news"_s}, {u"args"_s, QVariantList{tag, k}}}});
    };
    broadcast(0); // gives A an offset
    QTRY_COMPARE(eventsNamed(eventsA, u"news"_s).size(), 1);
    const QString idBefore = nsA->id();

    // A loses its connection; while it is away B broadcasts two more.
    QSignalSpy disconnectedA(nsA, &Namespace::disconnected);
    QSignalSpy connectedA(nsA, &Namespace::connected);
    nsA->emitEvent(u"close-engine"_s);
    QVERIFY(disconnectedA.wait());
    QCOMPARE(disconnectedA.at(0).at(0).toString(), u"transport close"_s);
    broadcast(1);
    broadcast(2);
    QVERIFY(connectedA.wait(5000));
    QVERIFY(nsA->isRecovered());
    QCOMPARE(nsA->id(), idBefore); // the same session
    QTRY_COMPARE(eventsNamed(eventsA, u"news"_s).size(), 3);
    QTest::qWait(100);
    const auto news = eventsNamed(eventsA, u"news"_s);
    QCOMPARE(news.size(), 3); // each missed event once
    for (int k = 0; k < 3; ++k) {
        QCOMPARE(news.at(k).value(0).toString(), tag);
        QCOMPARE(news.at(k).value(1).toInt(), k);
    }
    QCOMPARE(ask(nsA, u"whoami"_s).toMap().value(u"recovered"_s).toBool(), true);
}

void tst_Resilience::noRecoveryAfterClientClose()
{
    SocketIO a(m_recovery.url());
    Namespace *nsA = a.socket();
    CONNECT_OR_FAIL(a, nsA);
    QSignalSpy eventsA(nsA, &Namespace::eventReceived);
    nsA->emitEvent(u"echo"_s, {1}); // an offset
    QTRY_COMPARE(eventsNamed(eventsA, u"echo"_s).size(), 1);
    const QString idBefore = nsA->id();
    a.close();
    CONNECT_OR_FAIL(a, nsA);
    QVERIFY(!nsA->isRecovered());
    QVERIFY(nsA->id() != idBefore);
    QCOMPARE(ask(nsA, u"whoami"_s).toMap().value(u"recovered"_s).toBool(), false);

    // The same after Namespace::close() + open().
    nsA->emitEvent(u"echo"_s, {2});
    QTRY_COMPARE(eventsNamed(eventsA, u"echo"_s).size(), 2);
    const QString idSecond = nsA->id();
    nsA->close();
    CONNECT_OR_FAIL(*nsA, nsA);
    QVERIFY(!nsA->isRecovered());
    QVERIFY(nsA->id() != idSecond);
}

// ---------------------------------------------------------------------------------------------
// Heartbeat

void tst_Resilience::heartbeatEio4SilentServer()
{
    // Engine.IO 4: the server pings; no ping within pingInterval + pingTimeout is a ping timeout.
    TestServer server({u"--ping-interval"_s, u"300"_s, u"--ping-timeout"_s, u"200"_s});
    QVERIFY(server.start());
    SocketIO io(server.url());
    io.setTransports({u"websocket"_s});
    io.setReconnectionDelay(50);
    io.setReconnectionDelayMax(50);
    Namespace *ns = io.socket();
    CONNECT_OR_FAIL(io, ns);
    QSignalSpy pings(&io, &SocketIO::pingReceived);
    QVERIFY(pings.wait(2000));
    QElapsedTimer sinceSilence;
    QElapsedTimer sincePing;
    sincePing.start();
    connect(&io, &SocketIO::pingReceived, this, [&] { sincePing.start(); });
    QSignalSpy disconnected(ns, &Namespace::disconnected);
    ns->emitEvent(u"silence"_s, {QVariantMap{{u"ms"_s, 5000}}});
    sinceSilence.start();
    QVERIFY(disconnected.wait(3000));
    const qint64 afterPing = sincePing.elapsed();
    const qint64 afterSilence = sinceSilence.elapsed();
    QCOMPARE(disconnected.at(0).at(0).toString(), u"ping timeout"_s);
    QCOMPARE(io.error(), SocketIO::PingTimeoutError);
    // QTimer is coarse: up to 5% early.
    QVERIFY2(afterPing >= 450 && afterPing <= 900, qPrintable(QString::number(afterPing)));
    QVERIFY2(afterSilence <= 300 + 200 + 400, qPrintable(QString::number(afterSilence)));
    // And then it reconnects (a new session).
    QSignalSpy reconnected(&io, &SocketIO::reconnected);
    QVERIFY(reconnected.wait(5000));
    QTRY_VERIFY(ns->isConnected());
}

void tst_Resilience::heartbeatEio3SilentServer()
{
    // Engine.IO 3 (socket.io 2.x): the client pings; no pong within pingTimeout is a ping timeout.
    TestServer server({u"--version"_s, u"2"_s, u"--ping-interval"_s, u"300"_s, u"--ping-timeout"_s, u"200"_s});
    QVERIFY(server.start());
    SocketIO io(server.url());
    io.setProtocol(SocketIO::Auto);
    io.setReconnectionDelay(50);
    io.setReconnectionDelayMax(50);
    Namespace *ns = io.socket();
    CONNECT_OR_FAIL(io, ns);
    QCOMPARE(io.negotiatedProtocol(), SocketIO::Revision4);
    QSignalSpy pongs(&io, &SocketIO::pingReceived); // EIO 3: the server's pongs
    QVERIFY(pongs.wait(2000));
    QSignalSpy disconnected(ns, &Namespace::disconnected);
    QElapsedTimer sinceSilence;
    ns->emitEvent(u"silence"_s, {QVariantMap{{u"ms"_s, 5000}}});
    sinceSilence.start();
    QVERIFY(disconnected.wait(3000));
    const qint64 afterSilence = sinceSilence.elapsed();
    QCOMPARE(disconnected.at(0).at(0).toString(), u"ping timeout"_s);
    QCOMPARE(io.error(), SocketIO::PingTimeoutError);
    // The next ping leaves within pingInterval, its pong is missed pingTimeout later.
    QVERIFY2(afterSilence >= 190 && afterSilence <= 300 + 200 + 400, qPrintable(QString::number(afterSilence)));
    QSignalSpy reconnected(&io, &SocketIO::reconnected);
    QVERIFY(reconnected.wait(5000));
    QTRY_VERIFY(ns->isConnected());
}

QTEST_MAIN(tst_Resilience)
#include "tst_resilience.moc"
