// socketio-cli against a hostile server (tests/server/hostile-server.js): each bound holds in
// memory (peak RSS of the child process), and each failure ends the run with one "failure" line
// and its documented exit status.
// writeBufferBounded drives the library itself: the CLI has no option for that limit.
#include "cliprocess.h"
#include "testserver.h"

#include <SocketIOQt/Namespace>
#include <SocketIOQt/SocketIO>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qfile.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qprocess.h>
#include <QtCore/qtimer.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

using namespace Qt::StringLiterals;
using namespace SocketIOQt;

namespace {
// The hostile server, started on an ephemeral port; it exits when its stdin closes.
class HostileServer
{
public:
    bool start(const QStringList &args)
    {
        m_scheme = args.contains(u"--tls"_s) ? u"https"_s : u"http"_s;
        m_process.setProgram(TestServer::nodeExecutable());
        m_process.setArguments(QStringList{TestServer::serverDirectory() + u"/hostile-server.js"_s} + args);
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start();
        if (!m_process.waitForStarted(10000))
            return false;
        while (!m_process.canReadLine()) {
            if (!m_process.waitForReadyRead(10000))
                return false;
        }
        const QByteArray line = m_process.readLine();
        m_port = line.mid(line.indexOf(':') + 1).chopped(2).toInt();
        return m_port > 0;
    }
    ~HostileServer()
    {
        m_process.closeWriteChannel();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
        m_process.waitForFinished(5000);
    }
    QString url(const QString &path = {}) const { return u"%1://127.0.0.1:%2%3"_s.arg(m_scheme).arg(m_port).arg(path); }

private:
    QString m_scheme;
    QProcess m_process;
    int m_port = 0;
};

// The peak resident size of a process so far, in MB (0 once it is gone).
qint64 peakRssMb(qint64 pid)
{
    QFile status(u"/proc/%1/status"_s.arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong() / 1024;
    }
    return 0;
}
} // namespace

class tst_Hardening : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void bounds_data();
    void bounds();
    void serverTextEscaped();
    void redirectFollowed();
    void heartbeatOverflowClamped();
    void cliMapsBounded();
    void cookiesBounded();
    void writeBufferBounded();
    void largeMessageDelivered_data();
    void largeMessageDelivered();

private:
    struct Run {
        int exitCode = -1;
        QJsonObject failure;
        qint64 peakMb = 0;
        QByteArray stderrText;
    };
    Run runCli(const QStringList &serverArgs, const QStringList &cliArgs, const QString &path = {});
};

void tst_Hardening::initTestCase()
{
    if (TestServer::nodeExecutable().isEmpty())
        QSKIP("Node.js not found");
}

tst_Hardening::Run tst_Hardening::runCli(const QStringList &serverArgs, const QStringList &cliArgs,
                                         const QString &path)
{
    Run run;
    HostileServer server;
    if (!server.start(serverArgs))
        return run;
    CliProcess cli;
    if (!cli.start(cliArgs + QStringList{u"--no-reconnect"_s, server.url(path)}))
        return run;
    // VmHWM only grows: sampled until the process is gone, the last sample is its peak.
    const qint64 pid = cli.processId();
    QTimer sampler;
    QObject::connect(&sampler, &QTimer::timeout, [&] { run.peakMb = qMax(run.peakMb, peakRssMb(pid)); });
    sampler.start(10);
    const QJsonObject failure = cli.find([](const QJsonObject &l) { return l.value("type"_L1) == "failure"_L1; },
                                         60000);
    run.peakMb = qMax(run.peakMb, peakRssMb(pid));
    sampler.stop();
    cli.closeInput();
    if (cli.waitForExit(15000))
        run.exitCode = cli.exitCode();
    run.failure = failure;
    run.stderrText = cli.errorOutput();
    return run;
}

void tst_Hardening::bounds_data()
{
    QTest::addColumn<QStringList>("serverArgs");
    QTest::addColumn<QStringList>("cliArgs");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("message"); // a part of it
    QTest::addColumn<int>("maxPeakMb");

    const QStringList polling{u"--transports"_s, u"polling"_s};
    const QStringList websocket{u"--transports"_s, u"websocket"_s};
    // 300 MB streamed: the 100 MB body limit holds while it comes (main buffered 580-900 MB of a
    // 1.5 GB body before it failed).
    QTest::newRow("chunked polling body") << QStringList{u"--scenario"_s, u"chunked-body"_s, u"--size"_s, u"300000000"_s}
                                          << polling << QString() << 3 << u"protocol_error"_s
                                          << u"HTTP body of more than 100001024 bytes"_s << 220;
    // 8 x 20 MB for a namespace that is never answered: its 100 MB receive buffer holds.
    QTest::newRow("events before CONNECT") << QStringList{u"--scenario"_s, u"early-flood"_s, u"--count"_s, u"8"_s}
                                           << polling << u"/x"_s << 3 << u"protocol_error"_s
                                           << u"before answering its CONNECT"_s << 400;
    // pingInterval 0 at a server that stops reading: one ping in flight, then a ping timeout.
    QTest::newRow("EIO 3 pingInterval 0") << QStringList{u"--scenario"_s, u"eio3-ping0"_s, u"--timeout"_s, u"500"_s}
                                          << (websocket + QStringList{u"--protocol"_s, u"4"_s}) << QString() << 4
                                          << u"timeout"_s << u"No heartbeat"_s << 35;
    QTest::newRow("pingInterval 0, pingTimeout 0") << QStringList{u"--scenario"_s, u"eio3-ping0"_s, u"--timeout"_s, u"0"_s}
                                                   << (polling + QStringList{u"--protocol"_s, u"4"_s}) << QString()
                                                   << 4 << u"timeout"_s << u"No heartbeat"_s << 35;
    QTest::newRow("closed after the handshake") << QStringList{u"--scenario"_s, u"close-early"_s} << polling
                                                << QString() << 1 << u"closed"_s
                                                << u"the server closed the connection"_s << 35;
    QTest::newRow("redirect loop") << QStringList{u"--scenario"_s, u"redirect"_s, u"--status"_s, u"307"_s,
                                                  u"--location"_s, u"/socket.io/?EIO=4&transport=polling"_s}
                                   << polling << QString() << 1 << u"connection_failed"_s
                                   << u"HTTP 307 redirect to /socket.io/?EIO=4&transport=polling, not followed"_s
                                   << 35;
    // The session id goes into every URL: an absurd one is refused before any request uses it.
    QTest::newRow("sid of 300 characters") << QStringList{u"--scenario"_s, u"bad-sid"_s} << polling << QString()
                                           << 3 << u"protocol_error"_s << u"session id is longer than 256"_s
                                           << 35;
    // A redirect from https to http is not followed, as a browser's XHR does not.
    const QString ca = TestServer::serverDirectory() + u"/tls/cert.pem"_s;
    QTest::newRow("https redirected to http")
            << QStringList{u"--tls"_s, u"1"_s, u"--scenario"_s, u"redirect"_s, u"--status"_s, u"302"_s,
                           u"--location"_s, u"http://127.0.0.1:9/socket.io/?EIO=4&transport=polling"_s}
            << (polling + QStringList{u"--ca"_s, ca}) << QString() << 1 << u"connection_failed"_s
            << u"HTTP 302 redirect to http://127.0.0.1:9/socket.io/?EIO=4&transport=polling, not followed"_s
            << 35;
}

void tst_Hardening::bounds()
{
    QFETCH(QStringList, serverArgs);
    QFETCH(QStringList, cliArgs);
    QFETCH(QString, path);
    QFETCH(int, exitCode);
    QFETCH(QString, reason);
    QFETCH(QString, message);
    QFETCH(int, maxPeakMb);

    const Run run = runCli(serverArgs, cliArgs, path);
    QVERIFY2(!run.failure.isEmpty(), run.stderrText.constData());
    QCOMPARE(run.failure.value("reason"_L1).toString(), reason);
    QVERIFY2(run.failure.value("message"_L1).toString().contains(message),
             qPrintable(run.failure.value("message"_L1).toString()));
    QCOMPARE(run.failure.value("exit_code"_L1).toInt(), exitCode);
    QCOMPARE(run.exitCode, exitCode);
    qInfo("peak RSS of socketio-cli: %lld MB (bound %d MB)", run.peakMb, maxPeakMb);
#ifndef SOCKETIOQT_SANITIZE // ASan's shadow memory and quarantine change the figures
    QVERIFY2(run.peakMb > 0 && run.peakMb <= maxPeakMb, qPrintable(u"peak RSS %1 MB"_s.arg(run.peakMb)));
#endif
}

void tst_Hardening::redirectFollowed()
{
    // The handshake is redirected, as a load balancer may do: followed, and the session lives
    // at the new address.
    HostileServer server;
    QVERIFY(server.start({u"--scenario"_s, u"redirect"_s, u"--status"_s, u"302"_s}));
    CliProcess cli;
    QVERIFY(cli.start({u"--transports"_s, u"polling"_s, u"--no-reconnect"_s, server.url()}));
    QVERIFY(!cli.waitForType(u"connect"_s, 20000).isEmpty());
    cli.closeInput();
    QVERIFY(cli.waitForExit(15000));
    QCOMPARE(cli.exitCode(), 0);
}

void tst_Hardening::heartbeatOverflowClamped()
{
    // pingInterval + pingTimeout past INT_MAX: clamped (a timer used to get a negative interval).
    HostileServer server;
    QVERIFY(server.start({u"--scenario"_s, u"ping-overflow"_s}));
    CliProcess cli;
    QVERIFY(cli.start({u"--transports"_s, u"polling"_s, u"--no-reconnect"_s, server.url()}));
    QVERIFY(!cli.waitForType(u"connect"_s, 20000).isEmpty());
    cli.closeInput();
    QVERIFY(cli.waitForExit(15000));
    QCOMPARE(cli.exitCode(), 0);
    QVERIFY2(cli.errorOutput().contains("pingInterval of 2147483647 ms is taken as 1073741823 ms"),
             cli.errorOutput().constData());
    QVERIFY2(!cli.errorOutput().contains("negative"), cli.errorOutput().constData());
}

void tst_Hardening::serverTextEscaped()
{
    // An error body full of ANSI escapes and control characters reaches the terminal escaped.
    const Run run = runCli({u"--scenario"_s, u"garbage"_s}, {u"--transports"_s, u"polling"_s});
    QCOMPARE(run.exitCode, 1);
    QVERIFY(run.failure.value("message"_L1).toString().contains(u"PWNED"_s));
    QVERIFY2(!run.stderrText.contains('\x1b') && !run.stderrText.contains('\a'), run.stderrText.constData());
    QVERIFY(run.stderrText.contains("\\x1b[2J"));
    QVERIFY(run.failure.value("message"_L1).toString().size() < 1000);
}

void tst_Hardening::cliMapsBounded()
{
    // 10,050 events, each with its own name and an ack request: the CLI keeps 10,000 of each
    // and says so, rather than remembering whatever a server sends.
    HostileServer server;
    QVERIFY(server.start({u"--scenario"_s, u"many-names"_s, u"--count"_s, u"10050"_s}));
    CliProcess cli;
    QVERIFY(cli.start({u"--transports"_s, u"polling"_s, u"--no-reconnect"_s, server.url()}));
    QVERIFY(cli.waitForCount(u"event"_s, 10050, 60000));
    const auto errors = [&] { return cli.linesOfType(u"error"_s); };
    QTRY_COMPARE_WITH_TIMEOUT(errors().size(), 51, 10000); // 50 ack requests not kept, once "not counted"
    QVERIFY(errors().first().value("message"_L1).toString().contains(u"ack requests"_s)
            || errors().first().value("message"_L1).toString().contains(u"event names"_s));
    QVERIFY(!cli.linesOfType(u"event"_s).last().contains("id"_L1)); // not kept: no id to answer
    cli.closeInput();
    QVERIFY(cli.waitForExit(15000));
    QCOMPARE(cli.exitCode(), 0);
}

void tst_Hardening::cookiesBounded()
{
    // 80 cookies from the server: 50 are kept for its domain (Limits::maxCookiesPerHost()).
    // (Qt itself ignores the headers of a response with more than 100.)
    HostileServer server;
    QVERIFY(server.start({u"--scenario"_s, u"cookies"_s, u"--count"_s, u"80"_s}));
    CliProcess cli;
    QVERIFY(cli.start({u"--transports"_s, u"polling"_s, u"--no-reconnect"_s, server.url()}));
    const QJsonObject event = cli.waitForType(u"event"_s, 20000);
    QCOMPARE(event.value("event"_L1), "cookies"_L1);
    QCOMPARE(event.value("args"_L1).toArray().at(0).toInt(), 50);
    QVERIFY(cli.errorOutput().contains("cookie refused"));
    cli.closeInput();
    QVERIFY(cli.waitForExit(15000));
    QCOMPARE(cli.exitCode(), 0);
}

void tst_Hardening::writeBufferBounded()
{
    // A server that stops reading: what waits to be written is bounded (here 4 MB), then the
    // connection ends with an error naming the limit.
    HostileServer server;
    QVERIFY(server.start({u"--scenario"_s, u"eio3-ping0"_s}));
    SocketIO io(QUrl(server.url()));
    io.setProtocol(SocketIO::Revision4);
    io.setTransports({u"websocket"_s});
    io.setReconnection(false);
    Limits limits;
    limits.setMaxWriteBufferSize(4 * 1000 * 1000);
    io.setLimits(limits);
    Namespace *ns = io.socket();
    QSignalSpy connected(ns, &Namespace::connected);
    QSignalSpy errors(&io, &SocketIO::errorOccurred);
    io.open();
    QVERIFY(connected.wait(10000));
    const QString chunk(1000 * 1000, u'x');
    for (int i = 0; i < 40 && errors.isEmpty(); ++i) {
        ns->emitEvent(u"upload"_s, {chunk});
        QCoreApplication::processEvents(); // the bound is checked from the event loop
    }
    QTRY_VERIFY_WITH_TIMEOUT(!errors.isEmpty(), 10000);
    QCOMPARE(errors.first().first().value<SocketIO::Error>(), SocketIO::ConnectionError);
    QVERIFY2(io.errorString().contains(u"write buffer limit"_s), qPrintable(io.errorString()));
}

void tst_Hardening::largeMessageDelivered_data()
{
    QTest::addColumn<QString>("transport");
    QTest::newRow("websocket") << u"websocket"_s;
    QTest::newRow("polling") << u"polling"_s;
}

void tst_Hardening::largeMessageDelivered()
{
    // A message under the packet limit is delivered, with a few copies of it at most: about
    // 4x its size at the peak (the 99 MB took 1 GB, 10x).
    QFETCH(QString, transport);
    constexpr int Size = 30000000;
    HostileServer server;
    QVERIFY(server.start({u"--scenario"_s, u"big-message"_s, u"--size"_s, QString::number(Size)}));
    CliProcess cli;
    QVERIFY(cli.start({u"--transports"_s, transport, u"--no-reconnect"_s, server.url()}));
    qint64 peakMb = 0;
    QTimer sampler;
    QObject::connect(&sampler, &QTimer::timeout, [&] { peakMb = qMax(peakMb, peakRssMb(cli.processId())); });
    sampler.start(10);
    const QJsonObject event = cli.waitForType(u"event"_s, 60000);
    peakMb = qMax(peakMb, peakRssMb(cli.processId()));
    sampler.stop();
    QCOMPARE(event.value("args"_L1).toArray().at(0).toString().size(), Size);
    cli.closeInput();
    QVERIFY(cli.waitForExit(15000));
    QCOMPARE(cli.exitCode(), 0);
    qInfo("peak RSS of socketio-cli: %lld MB for a %d MB message", peakMb, Size / 1000000);
#ifndef SOCKETIOQT_SANITIZE
    QVERIFY2(peakMb > 0 && peakMb <= 40 + 6 * Size / 1000000, qPrintable(u"peak RSS %1 MB"_s.arg(peakMb)));
#endif
}

QTEST_GUILESS_MAIN(tst_Hardening)
#include "tst_hardening.moc"
