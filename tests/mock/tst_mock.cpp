// socketio-mock end to end. initTestCase records a session with socketio-cli against the real
// test server (tests/server/server.js); the tests serve that recording, and the HAR fixture,
// with socketio-mock and drive socketio-cli or the official JavaScript client through it.
#include "cliprocess.h"
#include "testserver.h"

#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qtemporarydir.h>
#include <QtTest/qtest.h>

#ifdef Q_OS_UNIX
#include <csignal>
#endif

using namespace Qt::StringLiterals;

class tst_Mock : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cliReplayMatches();
    void cliDifferentInputReportsMismatch();
    void javascriptClientMatches_data();
    void javascriptClientMatches();
    void clientLeavingEarlyReportsMissing();
    void engineIO3ServedAsRecorded();
    void transportsOption();
    void servesUntilTerminated();
    void harServedToJavascriptClient();
    void demoServerRecording();
    void timeoutExitCode();
    void usageAndUnreadable_data();
    void usageAndUnreadable();

private:
    // Starts socketio-mock on `recording` and returns the URL it serves; empty on failure.
    QString startMock(CliProcess &mock, const QStringList &options, const QString &recording);
    // The scenario of the recording, through socketio-cli: echo, binary, and a server emit
    // with ack answered by the client. `echoN` changes the echo's arguments.
    void driveCli(CliProcess &cli, int echoN);
    // Runs a script of tests/mock with node against `url` and waits for its exit status.
    int runNode(const QString &script, const QStringList &arguments, CliProcess &node);
    static QByteArray describe(const CliProcess &process);

    TestServer m_server;
    QTemporaryDir m_dir;
    QString m_recording;
};

static const QString Auth = u"{\"token\":\"mock-test\"}"_s;

QByteArray tst_Mock::describe(const CliProcess &process)
{
    QByteArray text;
    for (const QJsonObject &line : process.lines())
        text += QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n';
    return text + process.errorOutput();
}

void tst_Mock::driveCli(CliProcess &cli, int echoN)
{
    QVERIFY2(!cli.waitForType(u"connect"_s).isEmpty(), describe(cli).constData());
    cli.sendLine(u"{\"op\":\"emit\",\"event\":\"echo\",\"args\":[\"hello\",{\"n\":%1}],\"ack\":true}"_s.arg(echoN).toUtf8());
    QVERIFY2(!cli.waitForType(u"ack"_s).isEmpty(), describe(cli).constData());
    cli.sendLine(R"({"op":"emit","event":"binary","ack":true})");
    QVERIFY2(!cli.waitForType(u"ack"_s).isEmpty(), describe(cli).constData());
    cli.sendLine(R"({"op":"emit","event":"ask","args":[{"event":"question","args":[42]}]})");
    const QJsonObject question = cli.waitFor([](const QJsonObject &l) { return l["event"_L1] == "question"_L1; });
    QVERIFY2(question.contains("id"_L1), describe(cli).constData());
    cli.sendLine(u"{\"op\":\"ack\",\"id\":%1,\"args\":[\"answer to 42\"]}"_s.arg(question["id"_L1].toInteger()).toUtf8());
    QVERIFY2(!cli.waitFor([](const QJsonObject &l) { return l["event"_L1] == "answer"_L1; }).isEmpty(),
             describe(cli).constData());
    cli.closeInput();
    QVERIFY(cli.waitForExit());
    QCOMPARE(cli.exitCode(), 0);
}

void tst_Mock::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    QVERIFY(m_dir.isValid());
    m_recording = m_dir.filePath(u"session.jsonl"_s);
    CliProcess cli;
    QVERIFY(cli.start({u"--auth"_s, Auth, u"--record"_s, m_recording, m_server.url().toString()}));
    driveCli(cli, 1);
}

QString tst_Mock::startMock(CliProcess &mock, const QStringList &options, const QString &recording)
{
    mock.setProgram(QStringLiteral(SOCKETIO_MOCK_PATH));
    if (!mock.start(QStringList(options) << recording))
        return {};
    // {"port":N} comes first, as tests/server/server.js prints it.
    const QJsonObject port = mock.waitFor([](const QJsonObject &l) { return l.contains("port"_L1); });
    if (port.isEmpty())
        return {};
    return u"http://127.0.0.1:%1"_s.arg(port["port"_L1].toInt());
}

int tst_Mock::runNode(const QString &script, const QStringList &arguments, CliProcess &node)
{
    node.setProgram(TestServer::nodeExecutable());
    if (!node.start(QStringList{QStringLiteral(SOCKETIOQT_MOCK_TEST_DIR "/") + script} + arguments))
        return -1;
    node.closeInput();
    return node.waitForExit(20000) ? node.exitCode() : -1;
}

// The recording served with its recorded timing to the same input: every packet matches.
void tst_Mock::cliReplayMatches()
{
    CliProcess mock;
    const QString url = startMock(mock, {u"--once"_s}, m_recording);
    QVERIFY2(!url.isEmpty(), describe(mock).constData());
    CliProcess cli;
    QVERIFY(cli.start({u"--auth"_s, Auth, u"--no-reconnect"_s, url}));
    driveCli(cli, 1);
    QVERIFY(mock.waitForExit());
    QVERIFY2(mock.exitCode() == 0, describe(mock).constData());
    QVERIFY(mock.linesOfType(u"mismatch"_s).isEmpty());
    const QJsonObject summary = mock.waitForType(u"summary"_s);
    QCOMPARE(summary["mismatches"_L1].toInt(), 0);
    // CONNECT, echo, binary, ask, the ack of "question", DISCONNECT.
    QCOMPARE(summary["checked"_L1].toInt(), 6);
}

// Other arguments for the echo: one mismatch line naming the packet, exit status 1. The
// replay goes on (the recorded ack answers the emit), so the client finishes its script.
void tst_Mock::cliDifferentInputReportsMismatch()
{
    CliProcess mock;
    const QString url = startMock(mock, {u"--once"_s, u"--fast"_s}, m_recording);
    QVERIFY2(!url.isEmpty(), describe(mock).constData());
    CliProcess cli;
    QVERIFY(cli.start({u"--auth"_s, Auth, u"--no-reconnect"_s, url}));
    driveCli(cli, 2);
    QVERIFY(mock.waitForExit());
    QCOMPARE(mock.exitCode(), 1);
    const QList<QJsonObject> mismatches = mock.linesOfType(u"mismatch"_s);
    QCOMPARE(mismatches.size(), 1);
    const QJsonObject mismatch = mismatches.first();
    QCOMPARE(mismatch["kind"_L1], "args"_L1);
    QCOMPARE(mismatch["index"_L1].toInt(), 2); // CONNECT, the server's CONNECT, then the echo
    QVERIFY(mismatch["row"_L1].toInt() > 0);
    QCOMPARE(mismatch["expected"_L1]["event"_L1], "echo"_L1);
    QCOMPARE(mismatch["expected"_L1]["args"_L1][1]["n"_L1].toInt(), 1);
    QCOMPARE(mismatch["got"_L1]["args"_L1][1]["n"_L1].toInt(), 2);
    QCOMPARE(mock.waitForType(u"summary"_s)["exit_code"_L1].toInt(), 1);
}

// The official JavaScript client doing the same as socketio-cli did matches the recording, as
// fast as it goes; with other arguments for the echo it does not, unless they are ignored.
void tst_Mock::javascriptClientMatches_data()
{
    QTest::addColumn<bool>("different");
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<int>("mismatches");
    QTest::newRow("same") << false << QStringList() << 0;
    QTest::newRow("different") << true << QStringList() << 1;
    QTest::newRow("different, --ignore-event echo") << true << QStringList{u"--ignore-event"_s, u"echo"_s} << 0;
    QTest::newRow("different, --ignore-event ask") << true << QStringList{u"--ignore-event"_s, u"ask"_s} << 1;
    QTest::newRow("different, --ignore-args") << true << QStringList{u"--ignore-args"_s} << 0;
}

void tst_Mock::javascriptClientMatches()
{
    QFETCH(bool, different);
    QFETCH(QStringList, options);
    QFETCH(int, mismatches);
    if (TestServer::nodeExecutable().isEmpty())
        QSKIP("node not found");
    CliProcess mock;
    const QString url = startMock(mock, options << u"--once"_s << u"--fast"_s, m_recording);
    QVERIFY2(!url.isEmpty(), describe(mock).constData());
    CliProcess node;
    QStringList arguments{url};
    if (different)
        arguments << u"--different"_s;
    QVERIFY2(runNode(u"recorded-client.js"_s, arguments, node) == 0, describe(node).constData());
    QVERIFY(mock.waitForExit());
    QVERIFY2(mock.exitCode() == (mismatches ? 1 : 0), describe(mock).constData());
    QCOMPARE(mock.linesOfType(u"mismatch"_s).size(), mismatches);
    QCOMPARE(mock.waitForType(u"summary"_s)["checked"_L1].toInt(), 6);
}

// The demo chat server (examples/demo-server) recorded through socketio-cli, then served:
// the official JavaScript client doing the same matches the recording.
void tst_Mock::demoServerRecording()
{
    if (TestServer::nodeExecutable().isEmpty())
        QSKIP("node not found");
    CliProcess demo;
    demo.setProgram(TestServer::nodeExecutable());
    QVERIFY(demo.start({QStringLiteral(SOCKETIOQT_SOURCE_DIR "/examples/demo-server/server.js"), u"--port"_s, u"0"_s}));
    const QJsonObject port = demo.waitFor([](const QJsonObject &l) { return l.contains("port"_L1); });
    QVERIFY2(!port.isEmpty(), "the demo server did not start (npm ci in examples/demo-server?)");

    const QString recording = m_dir.filePath(u"demo.jsonl"_s);
    CliProcess cli;
    QVERIFY(cli.start({u"--record"_s, recording, u"--no-reconnect"_s,
                       u"http://127.0.0.1:%1"_s.arg(port["port"_L1].toInt())}));
    QVERIFY2(!cli.waitForType(u"connect"_s).isEmpty(), describe(cli).constData());
    const QJsonObject hello = cli.waitFor([](const QJsonObject &l) { return l["event"_L1] == "hello"_L1; });
    QVERIFY2(hello.contains("id"_L1), describe(cli).constData());
    cli.sendLine(u"{\"op\":\"ack\",\"id\":%1,\"args\":[{\"client\":\"demo\"}]}"_s.arg(hello["id"_L1].toInteger()).toUtf8());
    QVERIFY(!cli.waitFor([](const QJsonObject &l) { return l["event"_L1] == "hello-ack-received"_L1; }).isEmpty());
    cli.sendLine(R"({"op":"emit","event":"join","args":[{"user":"ada"}],"ack":true})");
    QVERIFY2(!cli.waitForType(u"ack"_s).isEmpty(), describe(cli).constData());
    cli.sendLine(R"({"op":"emit","event":"chat message","args":["hello from ada"]})");
    QVERIFY(!cli.waitFor([](const QJsonObject &l) { return l["event"_L1] == "chat message"_L1; }).isEmpty());
    cli.sendLine(R"({"op":"emit","event":"ping","ack":true})");
    QVERIFY(cli.waitForCount(u"ack"_s, 2));
    cli.closeInput();
    QVERIFY(cli.waitForExit());
    QCOMPARE(cli.exitCode(), 0);

    CliProcess mock;
    const QString url = startMock(mock, {u"--once"_s, u"--fast"_s}, recording);
    QVERIFY2(!url.isEmpty(), describe(mock).constData());
    CliProcess node;
    QVERIFY2(runNode(u"demo-client.js"_s, {url}, node) == 0, describe(node).constData());
    QVERIFY(mock.waitForExit());
    QVERIFY2(mock.exitCode() == 0, describe(mock).constData());
    // CONNECT, the ack of "hello", join, chat message, ping, DISCONNECT.
    QCOMPARE(mock.waitForType(u"summary"_s)["checked"_L1].toInt(), 6);
}

// A client that leaves early: what it sent instead is a mismatch, what it never sent is
// reported as missing, one line each.
void tst_Mock::clientLeavingEarlyReportsMissing()
{
    CliProcess mock;
    const QString url = startMock(mock, {u"--once"_s, u"--fast"_s}, m_recording);
    QVERIFY2(!url.isEmpty(), describe(mock).constData());
    CliProcess cli;
    QVERIFY(cli.start({u"--auth"_s, Auth, u"--no-reconnect"_s, u"--transports"_s, u"websocket"_s, url}));
    QVERIFY(!cli.waitForType(u"connect"_s).isEmpty());
    cli.closeInput();
    QVERIFY(cli.waitForExit());
    QVERIFY2(mock.waitForExit(), (describe(mock) + "\nclient:\n" + describe(cli)).constData());
    QVERIFY2(mock.exitCode() == 1, (describe(mock) + "\nclient:\n" + describe(cli)).constData());
    const QList<QJsonObject> mismatches = mock.linesOfType(u"mismatch"_s);
    QVERIFY2(mismatches.size() == 5, describe(mock).constData());
    // Its DISCONNECT where the echo was recorded, then binary, ask, the ack and DISCONNECT missing.
    QCOMPARE(mismatches[0]["kind"_L1], "type"_L1);
    QCOMPARE(mismatches[0]["expected"_L1]["event"_L1], "echo"_L1);
    QCOMPARE(mismatches[0]["got"_L1]["type"_L1], "DISCONNECT"_L1);
    QCOMPARE(mismatches[1]["kind"_L1], "missing"_L1);
    QCOMPARE(mismatches[1]["expected"_L1]["event"_L1], "binary"_L1);
    QVERIFY(mismatches[1]["got"_L1].isNull());
    QCOMPARE(mismatches[4]["expected"_L1]["type"_L1], "DISCONNECT"_L1);
}

// Engine.IO 3 (socket.io 2.x, revision 4): the recording is served in its own generation, and a
// client of the other one gets an "engine" mismatch instead of the replay.
void tst_Mock::engineIO3ServedAsRecorded()
{
    TestServer v2({u"--version"_s, u"2"_s});
    QVERIFY2(v2.start(), qPrintable(v2.errorString()));
    const auto echo = [](CliProcess &cli) {
        if (cli.waitForType(u"connect"_s).isEmpty())
            return false;
        cli.sendLine(R"({"op":"emit","event":"echo","args":["eio3",{"$binary":"AAE="}],"ack":true})");
        const bool acked = !cli.waitForType(u"ack"_s).isEmpty();
        cli.closeInput();
        return acked && cli.waitForExit() && cli.exitCode() == 0;
    };
    const QString recording = m_dir.filePath(u"eio3.jsonl"_s);
    {
        CliProcess cli;
        QVERIFY(cli.start({u"--protocol"_s, u"4"_s, u"--record"_s, recording, v2.url().toString()}));
        QVERIFY2(echo(cli), describe(cli).constData());
    }
    {
        CliProcess mock;
        const QString url = startMock(mock, {u"--once"_s}, recording);
        QVERIFY2(!url.isEmpty(), describe(mock).constData());
        CliProcess cli;
        QVERIFY(cli.start({u"--protocol"_s, u"4"_s, u"--no-reconnect"_s, url}));
        QVERIFY2(echo(cli), (describe(cli) + describe(mock)).constData());
        QVERIFY(mock.waitForExit());
        QVERIFY2(mock.exitCode() == 0, describe(mock).constData());
        QCOMPARE(mock.waitForType(u"session"_s)["eio"_L1].toInt(), 3);
    }
    {
        CliProcess mock;
        const QString url = startMock(mock, {u"--once"_s}, recording);
        QVERIFY2(!url.isEmpty(), describe(mock).constData());
        CliProcess cli;
        QVERIFY(cli.start({u"--no-reconnect"_s, url}));
        QVERIFY(mock.waitForExit());
        QCOMPARE(mock.exitCode(), 1);
        const QJsonObject mismatch = mock.waitForType(u"mismatch"_s);
        QCOMPARE(mismatch["kind"_L1], "engine"_L1);
        QCOMPARE(mismatch["expected"_L1]["eio"_L1].toInt(), 3);
        QCOMPARE(mismatch["got"_L1]["eio"_L1].toInt(), 4);
        QVERIFY(cli.waitForExit());
        QVERIFY(cli.exitCode() != 0);
    }
}

// --transports: a WebSocket-only mock serves a WebSocket-only client.
void tst_Mock::transportsOption()
{
    CliProcess mock;
    const QString url = startMock(mock, {u"--once"_s, u"--fast"_s, u"--transports"_s, u"websocket"_s}, m_recording);
    QVERIFY2(!url.isEmpty(), describe(mock).constData());
    CliProcess cli;
    QVERIFY(cli.start({u"--auth"_s, Auth, u"--no-reconnect"_s, u"--transports"_s, u"websocket"_s, url}));
    driveCli(cli, 1);
    QVERIFY(mock.waitForExit());
    QVERIFY2(mock.exitCode() == 0, describe(mock).constData());
    QCOMPARE(mock.waitForType(u"session"_s)["transport"_L1], "websocket"_L1);
}

// Without --once the mock serves one client after another until SIGTERM, then writes the summary
// of them all.
void tst_Mock::servesUntilTerminated()
{
#ifndef Q_OS_UNIX
    QSKIP("signals are a Unix matter");
#else
    CliProcess mock;
    const QString url = startMock(mock, {u"--fast"_s}, m_recording);
    QVERIFY2(!url.isEmpty(), describe(mock).constData());
    for (int n = 0; n < 2; ++n) {
        CliProcess cli;
        QVERIFY(cli.start({u"--auth"_s, Auth, u"--no-reconnect"_s, url}));
        driveCli(cli, 1);
        QVERIFY(!mock.waitForType(u"session_end"_s).isEmpty());
    }
    ::kill(pid_t(mock.processId()), SIGTERM);
    QVERIFY(mock.waitForExit());
    QCOMPARE(mock.exitCode(), 0);
    const QJsonObject summary = mock.waitForType(u"summary"_s);
    QCOMPARE(summary["sessions"_L1].toInt(), 2);
    QCOMPARE(summary["checked"_L1].toInt(), 12);
#endif
}

// The HAR fixture (the official client in Chromium: polling, upgrade, two namespaces, acks both
// ways, binary) served to the official client under Node.js doing what the page did.
void tst_Mock::harServedToJavascriptClient()
{
    if (TestServer::nodeExecutable().isEmpty())
        QSKIP("node not found");
    CliProcess mock;
    const QString har = QStringLiteral(SOCKETIOQT_SOURCE_DIR "/tests/inspector/har/chromium-session.har");
    const QString url = startMock(mock, {u"--once"_s, u"--speed"_s, u"4"_s}, har);
    QVERIFY2(!url.isEmpty(), describe(mock).constData());
    CliProcess node;
    QVERIFY2(runNode(u"har-client.js"_s, {url}, node) == 0, describe(node).constData());
    // The answers recorded in the HAR came back in order.
    QCOMPARE(node.find([](const QJsonObject &l) { return l["event"_L1] == "binary"_L1; })["got"_L1].toInt(), 4);
    QCOMPARE(node.find([](const QJsonObject &l) { return l["event"_L1] == "whoami"_L1; })["auth"_L1]["token"_L1],
             "abc"_L1);
    QVERIFY(mock.waitForExit());
    QVERIFY2(mock.exitCode() == 0, (describe(mock) + "\nclient:\n" + describe(node)).constData());
    // Both CONNECTs, the two echoes, the ack of "hello", binary, whoami, news, both DISCONNECTs.
    QCOMPARE(mock.waitForType(u"summary"_s)["checked"_L1].toInt(), 10);
}

// A client that connects and then never sends what the recording has: a timeout line naming the
// packet it owes, the session closed, exit status 4.
void tst_Mock::timeoutExitCode()
{
    CliProcess mock;
    // Long enough for a client slowed by sanitizers on a loaded machine to send its CONNECT:
    // the timeout counts from the client's last packet, the handshake included.
    const QString url = startMock(mock, {u"--once"_s, u"--timeout"_s, u"2000"_s}, m_recording);
    QVERIFY2(!url.isEmpty(), describe(mock).constData());
    CliProcess cli;
    QVERIFY(cli.start({u"--auth"_s, Auth, u"--no-reconnect"_s, url}));
    QVERIFY(!cli.waitForType(u"connect"_s).isEmpty());
    QVERIFY(mock.waitForExit());
    QCOMPARE(mock.exitCode(), 4);
    const QJsonObject timeout = mock.waitForType(u"timeout"_s);
    QCOMPARE(timeout["expected"_L1]["event"_L1], "echo"_L1);
    QCOMPARE(timeout["waited_ms"_L1].toInt(), 2000);
    QVERIFY(!cli.waitForType(u"disconnect"_s).isEmpty());
}

void tst_Mock::usageAndUnreadable_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    const QString missing = m_dir.filePath(u"none.jsonl"_s);
    QTest::newRow("no recording") << QStringList() << 2 << u"missing RECORDING"_s;
    QTest::newRow("bad speed") << QStringList{u"--speed"_s, u"0"_s, missing} << 2 << u"--speed"_s;
    QTest::newRow("bad transport") << QStringList{u"--transports"_s, u"pigeon"_s, missing} << 2 << u"pigeon"_s;
    QTest::newRow("missing file") << QStringList{missing} << 3 << u"none.jsonl"_s;
    QTest::newRow("no such stream") << QStringList{u"--stream"_s, u"5"_s, m_recording} << 3 << u"no stream 5"_s;
}

void tst_Mock::usageAndUnreadable()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    CliProcess mock;
    mock.setProgram(QStringLiteral(SOCKETIO_MOCK_PATH));
    QVERIFY(mock.start(arguments));
    QVERIFY(mock.waitForExit());
    QCOMPARE(mock.exitCode(), exitCode);
    QVERIFY2(QString::fromUtf8(mock.errorOutput()).contains(message), mock.errorOutput().constData());
    QVERIFY(mock.lines().isEmpty());
}

QTEST_MAIN(tst_Mock)
#include "tst_mock.moc"
