// Deleting a SocketIO or a Namespace at any moment never crashes: inside each of its own signal
// handlers, with acks pending (callers hear CanceledError, callbacks are never called on a dead
// object), mid-reconnect, mid-upgrade. Meant to run under the ASan build as well
// (-DSOCKETIOQT_SANITIZE=ON), where a use after free is caught, not just a crash.
#include "faultproxy.h"
#include "testserver.h"

#include <SocketIOQt/socketio.h>

#include <QtNetwork/qtcpserver.h>
#include <QtTest>

#include <functional>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

namespace {

quint16 deadPort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

// Connects `signal` of `sender` to `action`, whatever the signal's arguments.
template <typename Sender, typename Signal>
void on(Sender *sender, Signal signal, std::function<void()> action)
{
    QObject::connect(sender, signal, [action](auto &&...) { action(); });
}

} // namespace

class tst_Lifetime : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void deleteInsideSignal_data();
    void deleteInsideSignal();
    void deleteWithAcksPending_data();
    void deleteWithAcksPending();
    void deleteMidReconnect_data();
    void deleteMidReconnect();
    void deleteMidUpgradeSweep();
    void deleteNamespaceThenReuseName();
    void closeAndOpenInsideSignals();

private:
    struct Scene {
        SocketIO *io = nullptr;
        Namespace *ns = nullptr;
        QPointer<SocketIO> ioGuard;
        QPointer<Namespace> nsGuard;
        std::function<void()> kill; // deletes the chosen object
    };
    // Sets up the client for a scenario: the signal to delete in, and what triggers it.
    using Setup = std::function<void(tst_Lifetime *, Scene &)>;
    QHash<QString, Setup> m_setups;

    TestServer m_server;
    TestServer m_fastPing{{u"--ping-interval"_s, u"100"_s, u"--ping-timeout"_s, u"200"_s}};
};

void tst_Lifetime::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    QVERIFY2(m_fastPing.start(), qPrintable(m_fastPing.errorString()));

    const QUrl url = m_server.url();
    const QUrl dead(u"http://127.0.0.1:%1"_s.arg(deadPort()));
    const QUrl fast = m_fastPing.url();
    auto client = [](Scene &s, const QUrl &u, const QString &nsName = u"/"_s) {
        s.io = new SocketIO(u);
        s.io->setReconnectionDelay(10);
        s.io->setReconnectionDelayMax(20);
        s.ns = s.io->socket(nsName);
        s.ioGuard = s.io;
        s.nsGuard = s.ns;
    };
    auto connectThen = [](Scene &s, std::function<void()> then) {
        QObject::connect(s.ns, &Namespace::connected, s.ns, [then] { then(); }, Qt::SingleShotConnection);
        s.io->open();
    };

    // Namespace signals.
    m_setups[u"ns connected"_s] = [=](tst_Lifetime *, Scene &s) {
        client(s, url);
        on(s.ns, &Namespace::connected, s.kill);
        s.io->open();
    };
    m_setups[u"ns disconnected"_s] = [=](tst_Lifetime *, Scene &s) {
        client(s, url);
        on(s.ns, &Namespace::disconnected, s.kill);
        connectThen(s, [&s] { s.ns->emitEvent(u"close-engine"_s); });
    };
    m_setups[u"ns disconnected by the server"_s] = [=](tst_Lifetime *, Scene &s) {
        client(s, url);
        on(s.ns, &Namespace::disconnected, s.kill);
        connectThen(s, [&s] { s.ns->emitEvent(u"disconnect-me"_s); });
    };
    m_setups[u"ns eventReceived"_s] = [=](tst_Lifetime *, Scene &s) {
        client(s, url);
        on(s.ns, &Namespace::eventReceived, s.kill);
        connectThen(s, [&s] { s.ns->emitEvent(u"burst"_s, {QVariantMap{{u"count"_s, 50}}}); });
    };
    m_setups[u"ns listener"_s] = [=](tst_Lifetime *, Scene &s) {
        client(s, url);
        s.ns->on(u"binary"_s, [&s] { s.kill(); });
        connectThen(s, [&s] { s.ns->emitEvent(u"binary"_s); });
    };
    m_setups[u"ns connectError"_s] = [=](tst_Lifetime *, Scene &s) {
        client(s, url, u"/admin"_s);
        s.ns->setAuth({{u"token"_s, u"wrong"_s}});
        on(s.ns, &Namespace::connectError, s.kill);
        s.io->open();
    };
    m_setups[u"ack callback"_s] = [=](tst_Lifetime *, Scene &s) {
        client(s, url);
        connectThen(s, [&s] {
            s.ns->emitEvent(u"ack-me"_s, {1}, [&s](const QVariantList &) { s.kill(); });
            s.ns->emitEvent(u"ack-me"_s, {2}, [](const QVariantList &) { QFAIL("called after the delete"); });
        });
    };
    m_setups[u"AckReply finished"_s] = [=](tst_Lifetime *, Scene &s) {
        client(s, url);
        connectThen(s, [&s] {
            AckReply *r = s.ns->emitWithAck(u"ack-me"_s, {1});
            on(r, &AckReply::finished, s.kill);
            s.ns->emitWithAck(u"ack-me"_s, {2});
        });
    };
    m_setups[u"AckReply timeout"_s] = [=](tst_Lifetime *, Scene &s) {
        client(s, url);
        connectThen(s, [&s] {
            AckReply *r = s.ns->emitWithAck(u"nobody-answers"_s, {}, std::chrono::milliseconds(30));
            on(r, &AckReply::finished, s.kill);
            s.ns->emitWithAck(u"nobody-answers"_s, {}, std::chrono::milliseconds(30));
        });
    };
    m_setups[u"retry ack"_s] = [=](tst_Lifetime *, Scene &s) {
        client(s, url);
        s.ns->setRetries(2);
        s.ns->setAckTimeout(50);
        connectThen(s, [&s] {
            AckReply *r = s.ns->emitWithAck(u"flaky-ack"_s, {QVariantMap{{u"id"_s, u"lifetime-%1"_s.arg(QRandomGenerator::global()->generate())}}});
            on(r, &AckReply::finished, s.kill);
            s.ns->emitWithAck(u"ack-me"_s, {2});
        });
    };
    // SocketIO signals.
    m_setups[u"io opened"_s] = [=](tst_Lifetime *, Scene &s) {
        client(s, url);
        on(s.io, &SocketIO::opened, s.kill);
        s.io->open();
    };
    m_setups[u"io stateChanged (inside open())"_s] = [=](tst_Lifetime *, Scene &s) {
        client(s, url);
        on(s.io, &SocketIO::stateChanged, s.kill);
        s.io->open();
    };
    m_setups[u"io stateChanged (connected)"_s] = [=](tst_Lifetime *, Scene &s) {
        client(s, url);
        QObject::connect(s.io, &SocketIO::stateChanged, [&s](SocketIO::State st) {
            if (st == SocketIO::Connected)
                s.kill();
        });
        s.io->open();
    };
    m_setups[u"io closed"_s] = [=](tst_Lifetime *, Scene &s) {
        client(s, url);
        on(s.io, &SocketIO::closed, s.kill);
        connectThen(s, [&s] { s.ns->emitEvent(u"close-engine"_s); });
    };
    m_setups[u"io closed by close()"_s] = [=](tst_Lifetime *, Scene &s) {
        client(s, url);
        on(s.io, &SocketIO::closed, s.kill);
        connectThen(s, [&s] { QTimer::singleShot(0, s.io, [&s] { s.io->close(); }); });
    };
    m_setups[u"io pingReceived"_s] = [=](tst_Lifetime *, Scene &s) {
        client(s, fast);
        on(s.io, &SocketIO::pingReceived, s.kill);
        s.io->open();
    };
    m_setups[u"io reconnectAttempt"_s] = [=](tst_Lifetime *, Scene &s) {
        client(s, url);
        on(s.io, &SocketIO::reconnectAttempt, s.kill);
        connectThen(s, [&s] { s.ns->emitEvent(u"close-engine"_s); });
    };
    m_setups[u"io reconnected"_s] = [=](tst_Lifetime *, Scene &s) {
        client(s, url);
        on(s.io, &SocketIO::reconnected, s.kill);
        connectThen(s, [&s] { s.ns->emitEvent(u"close-engine"_s); });
    };
    m_setups[u"io reconnectError"_s] = [=](tst_Lifetime *, Scene &s) {
        client(s, dead);
        on(s.io, &SocketIO::reconnectError, s.kill);
        s.io->open();
    };
    m_setups[u"io reconnectFailed"_s] = [=](tst_Lifetime *, Scene &s) {
        client(s, dead);
        s.io->setReconnectionAttempts(1);
        on(s.io, &SocketIO::reconnectFailed, s.kill);
        s.io->open();
    };
    m_setups[u"io errorOccurred"_s] = [=](tst_Lifetime *, Scene &s) {
        client(s, dead);
        on(s.io, &SocketIO::errorOccurred, s.kill);
        s.io->open();
    };
    m_setups[u"io upgraded"_s] = [=](tst_Lifetime *, Scene &s) {
        client(s, url);
        on(s.io, &SocketIO::upgraded, s.kill);
        s.io->open();
    };
    m_setups[u"io transportChanged"_s] = [=](tst_Lifetime *, Scene &s) {
        client(s, url);
        on(s.io, &SocketIO::transportChanged, s.kill);
        s.io->open();
    };
    m_setups[u"io packetTraced: the probe's pong (mid-upgrade)"_s] = [=](tst_Lifetime *, Scene &s) {
        client(s, url);
        QObject::connect(s.io, &SocketIO::packetTraced, [&s](SocketIO::Direction d, const EngineIOPacket &p, const QString &) {
            if (d == SocketIO::Direction::Incoming && p.type() == EngineIOPacket::Pong && p.data() == "probe")
                s.kill();
        });
        s.io->open();
    };
    m_setups[u"io packetTraced: the upgrade packet (mid-upgrade)"_s] = [=](tst_Lifetime *, Scene &s) {
        client(s, url);
        QObject::connect(s.io, &SocketIO::packetTraced, [&s](SocketIO::Direction d, const EngineIOPacket &p, const QString &) {
            if (d == SocketIO::Direction::Outgoing && p.type() == EngineIOPacket::Upgrade)
                s.kill();
        });
        s.io->open();
    };
    m_setups[u"io packetTraced: the open packet"_s] = [=](tst_Lifetime *, Scene &s) {
        client(s, url);
        QObject::connect(s.io, &SocketIO::packetTraced, [&s](SocketIO::Direction d, const EngineIOPacket &p, const QString &) {
            if (d == SocketIO::Direction::Incoming && p.type() == EngineIOPacket::Open)
                s.kill();
        });
        s.io->open();
    };
    m_setups[u"io packetTraced: the first attachment"_s] = [=](tst_Lifetime *, Scene &s) {
        client(s, url);
        s.io->setTransports({u"websocket"_s});
        QObject::connect(s.io, &SocketIO::packetTraced, [&s](SocketIO::Direction d, const EngineIOPacket &p, const QString &) {
            if (d == SocketIO::Direction::Incoming && p.isBinary())
                s.kill();
        });
        connectThen(s, [&s] { s.ns->emitEvent(u"binary"_s); });
    };
    m_setups[u"io sendBufferOverflow"_s] = [=](tst_Lifetime *, Scene &s) {
        client(s, url);
        s.io->setSendBufferLimit(1);
        on(s.io, &SocketIO::sendBufferOverflow, s.kill);
        s.ns->emitEvent(u"echo"_s, {1});
        QTimer::singleShot(0, [&s] {
            if (s.nsGuard)
                s.ns->emitWithAck(u"echo"_s, {2});
        });
    };
    m_setups[u"io upgradeFailed"_s] = [=](tst_Lifetime *self, Scene &s) {
        // The probe's connection is cut by a fault proxy.
        auto *proxy = new FaultProxy(m_server.port(), self);
        proxy->listen();
        proxy->cutOnPattern(FaultProxy::ClientToServer, "transport=websocket&sid=");
        client(s, proxy->url());
        on(s.io, &SocketIO::upgradeFailed, s.kill);
        s.io->open();
    };
}

void tst_Lifetime::deleteInsideSignal_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<bool>("deleteNamespace"); // else the SocketIO
    QStringList names = m_setups.keys();
    names.sort();
    for (const QString &name : std::as_const(names)) {
        QTest::addRow("delete SocketIO in %s", qPrintable(name)) << name << false;
        QTest::addRow("delete Namespace in %s", qPrintable(name)) << name << true;
    }
}

void tst_Lifetime::deleteInsideSignal()
{
    QFETCH(QString, scenario);
    QFETCH(bool, deleteNamespace);
    Scene s;
    bool killed = false;
    s.kill = [&s, &killed, deleteNamespace] {
        if (killed)
            return;
        killed = true;
        if (deleteNamespace)
            delete s.nsGuard.data();
        else
            delete s.ioGuard.data();
    };
    m_setups.value(scenario)(this, s);
    QTRY_VERIFY_WITH_TIMEOUT(killed, 10000);
    if (deleteNamespace) {
        QVERIFY(s.nsGuard.isNull());
        // The connection goes on without it.
        QVERIFY(!s.ioGuard.isNull());
        QVERIFY(!s.io->namespaces().contains(s.ns));
        QTest::qWait(50);
        delete s.ioGuard.data();
    } else {
        QVERIFY(s.ioGuard.isNull());
        QVERIFY(s.nsGuard.isNull());
    }
    QTest::qWait(100); // timers and queued calls of the dead objects would run now
}

void tst_Lifetime::deleteWithAcksPending_data()
{
    QTest::addColumn<bool>("deleteNamespace");
    QTest::addColumn<bool>("connected");
    QTest::newRow("SocketIO, connected") << false << true;
    QTest::newRow("SocketIO, offline buffer") << false << false;
    QTest::newRow("Namespace, connected") << true << true;
    QTest::newRow("Namespace, offline buffer") << true << false;
}

void tst_Lifetime::deleteWithAcksPending()
{
    // Every waiting AckReply finishes with CanceledError; callbacks are not called, then or later.
    QFETCH(bool, deleteNamespace);
    QFETCH(bool, connected);
    auto *io = new SocketIO(m_server.url());
    Namespace *ns = io->socket();
    Namespace *reliable = io->socket(u"/chat"_s);
    reliable->setRetries(3);
    if (connected) {
        QSignalSpy c(reliable, &Namespace::connected);
        io->open();
        QVERIFY(c.wait(10000));
        QTRY_VERIFY(ns->isConnected());
    }
    QList<AckReply::Error> errors;
    int finished = 0;
    bool callbackCalled = false;
    QList<QPointer<AckReply>> replies;
    for (Namespace *n : {ns, reliable}) {
        for (const QString &event : {u"ack-me"_s, u"nobody-answers"_s}) {
            AckReply *r = n->emitWithAck(event, {1});
            replies << r;
            connect(r, &AckReply::finished, this, [r, &errors, &finished] {
                ++finished;
                errors << r->error();
            });
            n->emitEvent(event, {2}, [&callbackCalled](const QVariantList &) { callbackCalled = true; });
            n->emitEvent(event, {3}, this, [&callbackCalled](const QVariantList &) { callbackCalled = true; });
        }
    }
    if (deleteNamespace) {
        delete ns;
        delete reliable;
    } else {
        delete io;
    }
    QCOMPARE(finished, 4);
    for (AckReply::Error e : std::as_const(errors))
        QCOMPARE(e, AckReply::CanceledError);
    for (const auto &r : std::as_const(replies))
        QVERIFY(r.isNull()); // children of their namespace
    QTest::qWait(200); // the server's acks arrive now, to nobody
    QVERIFY(!callbackCalled);
    QCOMPARE(finished, 4);
    if (deleteNamespace)
        delete io;
}

void tst_Lifetime::deleteMidReconnect_data()
{
    QTest::addColumn<int>("afterMs"); // after the first reconnectAttempt
    for (int ms : {0, 1, 2, 5, 10, 20, 40})
        QTest::addRow("%d ms", ms) << ms;
}

void tst_Lifetime::deleteMidReconnect()
{
    // The server is gone and comes back: delete while attempts are scheduled or under way.
    TestServer server;
    QVERIFY(server.start());
    QFETCH(int, afterMs);
    for (bool deleteNamespace : {false, true}) {
        auto *io = new SocketIO(server.url());
        io->setReconnectionDelay(5);
        io->setReconnectionDelayMax(10);
        QPointer<SocketIO> guard(io);
        Namespace *ns = io->socket();
        QPointer<Namespace> nsGuard(ns);
        QSignalSpy connected(ns, &Namespace::connected);
        io->open();
        QVERIFY(connected.wait(10000));
        ns->emitWithAck(u"nobody-answers"_s);
        QSignalSpy attempts(io, &SocketIO::reconnectAttempt);
        server.kill();
        QVERIFY(attempts.wait(5000));
        QVERIFY(server.restart());
        QTest::qWait(afterMs);
        if (deleteNamespace) {
            delete nsGuard.data();
            QTest::qWait(50);
        }
        delete guard.data();
        QTest::qWait(30);
    }
}

void tst_Lifetime::deleteMidUpgradeSweep()
{
    // Delete at many moments of the polling open and the upgrade (slowed by a relay delay).
    FaultProxy proxy(m_server.port());
    QVERIFY(proxy.listen());
    proxy.setDelay(3);
    // How long the open and the upgrade take here: the sweep covers that, and a bit more.
    int upgradeMs = 0;
    {
        SocketIO io(proxy.url());
        QSignalSpy upgraded(&io, &SocketIO::upgraded);
        QElapsedTimer clock;
        clock.start();
        io.open();
        QVERIFY(upgraded.wait(5000));
        upgradeMs = int(clock.elapsed());
    }
    const int step = qMax(1, upgradeMs / 30);
    int sawUpgrade = 0;
    for (int ms = 0; ms <= upgradeMs + 5 * step; ms += step) {
        auto *io = new SocketIO(proxy.url());
        QPointer<SocketIO> guard(io);
        Namespace *ns = io->socket();
        ns->emitWithAck(u"ack-me"_s, {ms});
        connect(io, &SocketIO::upgraded, this, [&sawUpgrade] { ++sawUpgrade; });
        io->open();
        QTest::qWait(ms);
        if ((ms / step) % 2 == 0) {
            delete ns; // the namespace first, then the connection
            QTest::qWait(2);
        }
        delete guard.data();
    }
    QTest::qWait(100);
    if (sawUpgrade == 0) {
        // A slow machine (sanitizers): the sweep ended before any upgrade. Past it, then.
        auto *io = new SocketIO(proxy.url());
        QSignalSpy upgraded(io, &SocketIO::upgraded);
        io->open();
        QVERIFY(upgraded.wait(5000));
        delete io;
    }
}

void tst_Lifetime::deleteNamespaceThenReuseName()
{
    SocketIO io(m_server.url());
    Namespace *chat = io.socket(u"/chat"_s);
    Namespace *root = io.socket(u"/"_s);
    QSignalSpy rootConnected(root, &Namespace::connected);
    io.open();
    QVERIFY(rootConnected.wait(10000));
    QTRY_VERIFY(chat->isConnected());
    delete chat;
    QCOMPARE(io.namespaces().size(), 1);
    Namespace *again = io.socket(u"/chat"_s);
    QSignalSpy againConnected(again, &Namespace::connected);
    QVERIFY(again->isConnected() || againConnected.wait(5000));
    AckReply *r = again->emitWithAck(u"ack-me"_s, {1}, std::chrono::milliseconds(3000));
    QSignalSpy done(r, &AckReply::finished);
    QVERIFY(done.wait(4000));
    QCOMPARE(r->error(), AckReply::NoError);
}

void tst_Lifetime::closeAndOpenInsideSignals()
{
    // Not deletion, but the same re-entrancy: close() and open() from inside handlers.
    SocketIO io(m_server.url());
    io.setReconnectionDelay(10);
    Namespace *ns = io.socket();
    int connections = 0;
    connect(ns, &Namespace::connected, this, [&] {
        if (++connections < 4)
            io.close(); // inside connected
    });
    connect(&io, &SocketIO::closed, this, [&] { QTimer::singleShot(0, &io, [&] { io.open(); }); });
    connect(ns, &Namespace::disconnected, this, [&] { io.open(); }); // open() inside close()
    io.open();
    QTRY_VERIFY_WITH_TIMEOUT(connections >= 4, 10000);
    QTRY_VERIFY(ns->isConnected());
}

QTEST_MAIN(tst_Lifetime)
#include "tst_lifetime.moc"
