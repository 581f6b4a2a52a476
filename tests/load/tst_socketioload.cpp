// socketio-load end to end, against the real socket.io server of tests/server: scenario
// errors, a small run whose counts are all known, and shards whose merged reports give
// exactly the counts of one run.

#include "testserver.h"

#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qprocess.h>
#include <QtCore/qtemporarydir.h>
#include <QtTest/qtest.h>

using namespace Qt::StringLiterals;

class tst_SocketIOLoad : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void badScenario();
    void smallRun();
    void shardsMergeToOneRun();
    void mergeRejectsBadReport();

private:
    struct Result {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    Result runTool(const QStringList &arguments);
    QString writeScenario(const QString &name, const QByteArray &json);
    QJsonObject readReport(const QString &fileName);

    TestServer m_server;
    QTemporaryDir m_dir;
};

// 6 users, each: 4 acked echoes in a loop, one echo without ack that the server sends
// back, a wait for it, then a disconnect.
static const char Echo[] = R"({
  "name": "echo",
  "target": "http://127.0.0.1:1",
  "phases": [{"users": 6, "duration": 0.3}],
  "steps": [
    {"op": "connect", "auth": {"user": "{{user}}"}},
    {"op": "loop", "count": 4, "steps": [
      {"op": "emit", "event": "echo", "args": [{"user": "{{user}}", "i": "{{iteration}}"}], "ack": true}
    ]},
    {"op": "emit", "event": "echo", "args": ["back to {{user}}"]},
    {"op": "wait", "event": "echo", "timeout_ms": 5000},
    {"op": "disconnect"}
  ]
})";

void tst_SocketIOLoad::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
}

tst_SocketIOLoad::Result tst_SocketIOLoad::runTool(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(SOCKETIO_LOAD_PATH), arguments);
    Result result;
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

QString tst_SocketIOLoad::writeScenario(const QString &name, const QByteArray &json)
{
    QFile file(m_dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size())
        return {};
    return file.fileName();
}

QJsonObject tst_SocketIOLoad::readReport(const QString &fileName)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

void tst_SocketIOLoad::badScenario()
{
    const QString file = writeScenario(u"bad.json"_s, R"({
  "target": "http://127.0.0.1:1",
  "phases": [{"users": 1}],
  "steps": [
    {"op": "connect"},
    {"op": "emit", "args": [1]}
  ]
})");
    const Result result = runTool({file});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(file.toUtf8() + ":6: steps[1].event: \"event\" must be a non-empty string"),
             result.err.constData());
    QVERIFY(result.out.isEmpty());

    QCOMPARE(runTool({u"--shard"_s, u"3/3"_s, file}).exitCode, 2);
    QCOMPARE(runTool({u"--threads"_s, u"0"_s, file}).exitCode, 2);
    QCOMPARE(runTool({m_dir.filePath(u"missing.json"_s)}).exitCode, 2);
}

void tst_SocketIOLoad::smallRun()
{
    const QString scenario = writeScenario(u"echo.json"_s, Echo);
    const QString output = m_dir.filePath(u"small.json"_s);
    const QString plot = m_dir.filePath(u"small.png"_s);
    const Result result = runTool({u"--target"_s, m_server.url().toString(), u"--threads"_s, u"2"_s,
                                   u"--output"_s, output, u"--plot"_s, plot, u"--progress"_s, u"0"_s, scenario});
    QVERIFY2(result.exitCode == 0, result.err.constData());
    QVERIFY2(result.out.contains("ack:echo"), result.out.constData());

    const QJsonObject report = readReport(output);
    const QJsonObject counters = report.value("counters"_L1).toObject();
    QCOMPARE(counters.value("usersStarted"_L1).toInt(), 6);
    QCOMPARE(counters.value("usersCompleted"_L1).toInt(), 6);
    QCOMPARE(counters.value("usersFailed"_L1).toInt(), 0);
    QCOMPARE(counters.value("emits"_L1).toInt(), 6 * 5);
    QCOMPARE(counters.value("acks"_L1).toInt(), 6 * 4);
    QCOMPARE(counters.value("connects"_L1).toInt(), 6);
    QCOMPARE(report.value("events"_L1).toObject().value("echo"_L1).toInt(), 6);
    QCOMPARE(report.value("errors"_L1).toObject(), QJsonObject());
    QCOMPARE(report.value("disconnectReasons"_L1).toObject().value("io client disconnect"_L1).toInt(), 6);
    QCOMPARE(report.value("threads"_L1).toInt(), 2);
    const QJsonObject histograms = report.value("histograms"_L1).toObject();
    QCOMPARE(histograms.value("ack:echo"_L1).toObject().value("count"_L1).toInt(), 24);
    QCOMPARE(histograms.value("wait:echo"_L1).toObject().value("count"_L1).toInt(), 6);
    QCOMPARE(histograms.value("connect"_L1).toObject().value("count"_L1).toInt(), 6);
    QCOMPARE(histograms.value("handshake"_L1).toObject().value("count"_L1).toInt(), 6);
    QVERIFY(histograms.value("ack:echo"_L1).toObject().value("p50"_L1).toInt() > 0);
    qint64 timelineAcks = 0;
    for (const QJsonValue &second : report.value("timeline"_L1).toArray())
        timelineAcks += second.toObject().value("acks"_L1).toInteger();
    QCOMPARE(timelineAcks, 24);

    QFile png(plot);
    QVERIFY(png.open(QIODevice::ReadOnly));
    QCOMPARE(png.read(8), QByteArray("\x89PNG\r\n\x1a\n"));
}

void tst_SocketIOLoad::shardsMergeToOneRun()
{
    const QString scenario = writeScenario(u"echo.json"_s, Echo);
    const QString url = m_server.url().toString();
    const QString whole = m_dir.filePath(u"whole.json"_s);
    QCOMPARE(runTool({u"--target"_s, url, u"--progress"_s, u"0"_s, u"--output"_s, whole, scenario}).exitCode, 0);
    QStringList shards;
    for (int i = 0; i < 4; ++i) { // 4 shards of 6 users: 2, 2, 1, 1
        shards.append(m_dir.filePath(u"shard%1.json"_s.arg(i)));
        const Result result = runTool({u"--target"_s, url, u"--progress"_s, u"0"_s, u"--shard"_s, u"%1/4"_s.arg(i),
                                       u"--output"_s, shards.last(), scenario});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(readReport(shards.last()).value("counters"_L1).toObject().value("usersStarted"_L1).toInt(), i < 2 ? 2 : 1);
    }
    const QString merged = m_dir.filePath(u"merged.json"_s);
    const Result result = runTool(QStringList{u"merge"_s, u"--output"_s, merged} + shards);
    QVERIFY2(result.exitCode == 0, result.err.constData());

    const QJsonObject one = readReport(whole), all = readReport(merged);
    QCOMPARE(all.value("processes"_L1).toInt(), 4);
    for (const char *key : {"counters", "errors", "disconnectReasons", "events"})
        QCOMPARE(all.value(QLatin1StringView(key)), one.value(QLatin1StringView(key)));
    const QJsonObject h1 = one.value("histograms"_L1).toObject(), h4 = all.value("histograms"_L1).toObject();
    QCOMPARE(h4.keys(), h1.keys());
    for (const QString &name : h1.keys())
        QCOMPARE(h4.value(name).toObject().value("count"_L1), h1.value(name).toObject().value("count"_L1));
}

void tst_SocketIOLoad::mergeRejectsBadReport()
{
    const QString bad = writeScenario(u"notareport.json"_s, R"({"format": "something"})");
    const Result result = runTool({u"merge"_s, bad});
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains("not a socketio-load report"), result.err.constData());
    QCOMPARE(runTool({u"merge"_s}).exitCode, 2);
}

QTEST_GUILESS_MAIN(tst_SocketIOLoad)
#include "tst_socketioload.moc"
