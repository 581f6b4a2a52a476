// socketio-load's building blocks: scenario parsing and its errors, per-user variables, the
// arrival schedule, the latency histogram and the report's exact merge.

#include "latencyhistogram.h"
#include "loadreport.h"
#include "scenario.h"

#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qtemporarydir.h>
#include <QtTest/qtest.h>

using namespace Qt::StringLiterals;

class tst_LoadScenario : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesSteps();
    void errors_data();
    void errors();
    void variables();
    void csvRows();
    void arrivals_data();
    void arrivals();
    void histogramBuckets();
    void histogramPercentiles();
    void histogramMergeIsExact();
    void histogramRejectsBadJson();
    void reportMergeAndRoundTrip();
};

static const char Valid[] = R"({
  "name": "chat",
  "target": "http://127.0.0.1:3000/chat",
  "connection": {"transports": ["websocket"], "ack_timeout_ms": 500},
  "phases": [{"duration": 10, "arrivalRate": 1, "rampTo": 5}, {"users": 3}],
  "maxUsers": 100,
  "steps": [
    {"op": "connect"},
    {"op": "loop", "count": 3, "steps": [
      {"op": "emit", "event": "echo", "args": ["{{user}}-{{iteration}}"], "ack": true},
      {"op": "loop", "count": 2, "steps": [{"op": "sleep", "ms": 1, "max_ms": 5}]}
    ]},
    {"op": "wait", "event": "news", "count": 2, "timeout_ms": 100},
    {"op": "emit", "event": "plain", "args": [1, {"$binary": "AAE="}]},
    {"op": "disconnect"}
  ]
})";

void tst_LoadScenario::parsesSteps()
{
    Scenario s;
    QString error;
    QVERIFY2(s.parse(Valid, u"valid.json"_s, &error), qPrintable(error));
    QCOMPARE(s.name, u"chat"_s);
    QCOMPARE(s.defaultNamespace, u"/chat"_s);
    QCOMPARE(s.connection.ackTimeoutMs, 500);
    QCOMPARE(s.maxUsers, 100);
    using S = Scenario::Step;
    const QList<S::Op> ops{S::Connect, S::Loop, S::Emit, S::Loop, S::Sleep, S::EndLoop, S::EndLoop,
                           S::Wait, S::Emit, S::Disconnect};
    QCOMPARE(s.steps.size(), ops.size());
    for (int i = 0; i < ops.size(); ++i)
        QCOMPARE(s.steps.at(i).op, ops.at(i));
    QCOMPARE(s.steps.at(1).jump, 7);  // the outer loop ends after its EndLoop
    QCOMPARE(s.steps.at(6).jump, 1);
    QCOMPARE(s.steps.at(3).jump, 6);
    QCOMPARE(s.steps.at(5).jump, 3);
    QVERIFY(s.steps.at(2).templated);
    QVERIFY(s.steps.at(2).ack);
    QCOMPARE(s.steps.at(2).nsp, u"/chat"_s);
    QCOMPARE(s.steps.at(4).maxMs, 5);
    QCOMPARE(s.steps.at(7).count, 2);
    QVERIFY(!s.steps.at(8).templated);
    QCOMPARE(s.steps.at(8).args.toList().at(1).toByteArray(), QByteArray("\x00\x01", 2));
}

void tst_LoadScenario::errors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");

    const QByteArray head = "{\n\"target\": \"http://h:1\",\n\"phases\": [{\"users\": 1}],\n\"steps\": [\n{\"op\": \"connect\"},\n";
    QTest::newRow("syntax") << QByteArray("{\n  \"target\": \"http://h:1\",\n  \"steps\": [,]\n}")
                            << u"s.json:3:14: invalid JSON"_s; // Qt points just past the stray comma
    QTest::newRow("not an object") << QByteArray("[1]") << u"s.json:1: a scenario must be a JSON object"_s;
    QTest::newRow("unknown op") << head + "{\"op\": \"shout\"}\n]}"
                                << u"s.json:6: steps[1].op: expected one of: connect, emit"_s;
    QTest::newRow("missing event") << head + "{\"op\": \"emit\",\n \"args\": []}\n]}"
                                   << u"s.json:6: steps[1].event: \"event\" must be a non-empty string"_s;
    QTest::newRow("unknown field") << head + "{\"op\": \"emit\", \"event\": \"e\",\n \"acks\": true}\n]}"
                                   << u"s.json:7: steps[1].acks: unknown field"_s;
    QTest::newRow("bad loop count") << head + "{\"op\": \"loop\", \"count\": 0, \"steps\": []}\n]}"
                                    << u"s.json:6: steps[1].count: \"count\" must be an integer >= 1"_s;
    QTest::newRow("nested error") << head + "{\"op\": \"loop\", \"count\": 2, \"steps\": [\n  {\"op\": \"sleep\"}\n]}\n]}"
                                  << u"s.json:7: steps[1].steps[0].ms: \"ms\" must be an integer >= 0"_s;
    QTest::newRow("unknown variable") << head + "{\"op\": \"emit\", \"event\": \"e\",\n \"args\": [\"{{usr}}\"]}\n]}"
                                      << u"s.json:7: steps[1].args: unknown variable {{usr}}"_s;
    QTest::newRow("row without payload") << head + "{\"op\": \"emit\", \"event\": \"e\", \"args\": [\"{{row.id}}\"]}\n]}"
                                         << u"s.json:6: steps[1].args: {{row.id}} needs a payload file"_s;
    QTest::newRow("emit before connect")
        << QByteArray("{\"target\": \"http://h:1\", \"phases\": [{\"users\": 1}],\n\"steps\": [\n{\"op\": \"emit\", \"event\": \"e\"}]}")
        << u"s.json:3: steps[0]: namespace / is not connected"_s;
    QTest::newRow("bad target") << QByteArray("{\"target\": \"ftp://h\", \"phases\": [], \"steps\": []}")
                                << u"s.json:1: target: expected http(s)://host:port"_s;
    QTest::newRow("phase without rate")
        << QByteArray("{\"target\": \"http://h:1\",\n\"phases\": [\n{\"duration\": 5}],\n\"steps\": [{\"op\": \"connect\"}]}")
        << u"s.json:3: phases[0]: a phase needs \"users\", or \"duration\" > 0 with \"arrivalRate\""_s;
    QTest::newRow("users and rate")
        << QByteArray("{\"target\": \"http://h:1\",\n\"phases\": [{\"users\": 5, \"arrivalRate\": 1}],\n\"steps\": [{\"op\": \"connect\"}]}")
        << u"s.json:2: phases[0]: \"users\" (fixed users) and \"arrivalRate\" do not go together"_s;
    QTest::newRow("too many users")
        << QByteArray("{\"target\": \"http://h:1\",\n\"phases\": [{\"users\": 1000000000}],\n\"steps\": [{\"op\": \"connect\"}]}")
        << u"s.json:2: phases[0]: more than 100000000 users in one phase"_s;
    QTest::newRow("bad transport")
        << QByteArray("{\"target\": \"http://h:1\",\n\"connection\": {\n\"transports\": [\"carrier pigeon\"]},\n"
                      "\"phases\": [{\"users\": 1}], \"steps\": [{\"op\": \"connect\"}]}")
        << u"s.json:3: connection.transports: expected an array"_s;
    QTest::newRow("missing payload file")
        << QByteArray("{\"target\": \"http://h:1\",\n\"payload\": \"nope.csv\",\n\"phases\": [{\"users\": 1}], \"steps\": [{\"op\": \"connect\"}]}")
        << u"s.json:2: payload: cannot read"_s;
}

void tst_LoadScenario::errors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    Scenario s;
    QString error;
    QVERIFY(!s.parse(json, u"s.json"_s, &error));
    QVERIFY2(error.startsWith(expected), qPrintable(error));
}

void tst_LoadScenario::variables()
{
    ScenarioVariables v;
    const ScenarioVariables::Context c{42, 3, 7};
    QCOMPARE(v.expand(u"{{user}}"_s, c), QVariant(qint64(42)));            // alone: the number
    QCOMPARE(v.expand(u"u{{user}}-i{{ iteration }}"_s, c), QVariant(u"u42-i3"_s));
    QCOMPARE(v.expand(u"{{random}}"_s, c), QVariant(qint64(7)));
    const QVariantList nested{QVariantMap{{u"k"_s, QVariantList{u"{{iteration}}"_s, 5}}}};
    const QVariantList expanded = v.expand(nested, c).toList();
    QCOMPARE(expanded.at(0).toMap().value(u"k"_s).toList().at(0), QVariant(qint64(3)));
    QCOMPARE(expanded.at(0).toMap().value(u"k"_s).toList().at(1), QVariant(5));
    QVERIFY(ScenarioVariables::hasPlaceholders(nested));
    QVERIFY(!ScenarioVariables::hasPlaceholders(QVariantList{u"plain"_s, 1}));
    QString error;
    QVERIFY(!v.validate(u"{{user"_s, &error));
    QVERIFY2(error.contains(u"unclosed"_s), qPrintable(error));
}

void tst_LoadScenario::csvRows()
{
    QTemporaryDir dir;
    QFile csv(dir.filePath(u"users.csv"_s));
    QVERIFY(csv.open(QIODevice::WriteOnly));
    csv.write("id,name\n1,\"Smith, Ann\"\n2,\"say \"\"hi\"\"\"\n");
    csv.close();
    QFile json(dir.filePath(u"s.json"_s));
    QVERIFY(json.open(QIODevice::WriteOnly));
    json.write(R"({"target": "http://h:1", "payload": "users.csv", "phases": [{"users": 3}],
                   "steps": [{"op": "connect", "auth": {"name": "{{row.name}}"}}]})");
    json.close();
    Scenario s;
    QString error;
    QVERIFY2(s.load(json.fileName(), &error), qPrintable(error));
    QCOMPARE(s.variables.rowCount(), 2);
    const QVariant auth = *s.steps.at(0).auth;
    QCOMPARE(s.variables.expand(auth, {0, 0, 0}).toMap().value(u"name"_s), QVariant(u"Smith, Ann"_s));
    QCOMPARE(s.variables.expand(auth, {1, 0, 0}).toMap().value(u"name"_s), QVariant(u"say \"hi\""_s));
    QCOMPARE(s.variables.expand(auth, {2, 0, 0}).toMap().value(u"name"_s), QVariant(u"Smith, Ann"_s)); // wraps
}

void tst_LoadScenario::arrivals_data()
{
    QTest::addColumn<QByteArray>("phases");
    QTest::addColumn<int>("count");
    QTest::addColumn<qint64>("last");  // ms
    QTest::addColumn<qint64>("end");   // lastPhaseEndMs

    QTest::newRow("constant") << QByteArray(R"([{"duration": 10, "arrivalRate": 5}])") << 50 << qint64(9800) << qint64(10000);
    // Ramp 0 -> 10/s over 10 s: 50 users, arriving faster and faster.
    QTest::newRow("ramp") << QByteArray(R"([{"duration": 10, "arrivalRate": 0, "rampTo": 10}])") << 50 << qint64(9899) << qint64(10000);
    QTest::newRow("fixed at once") << QByteArray(R"([{"users": 4}])") << 4 << qint64(0) << qint64(0);
    QTest::newRow("fixed spread, then rate")
        << QByteArray(R"([{"users": 4, "duration": 2}, {"duration": 1, "arrivalRate": 2}])") << 6 << qint64(2500) << qint64(3000);
}

void tst_LoadScenario::arrivals()
{
    QFETCH(QByteArray, phases);
    QFETCH(int, count);
    QFETCH(qint64, last);
    QFETCH(qint64, end);
    Scenario s;
    QString error;
    QVERIFY2(s.parse(R"({"target": "http://h:1", "steps": [{"op": "connect"}], "phases": )" + phases + "}",
                     u"s.json"_s, &error), qPrintable(error));
    const QList<qint64> times = s.arrivals();
    QCOMPARE(times.size(), count);
    QCOMPARE(times.first(), 0);
    QCOMPARE(times.last(), last);
    QVERIFY(std::is_sorted(times.begin(), times.end()));
    QCOMPARE(s.lastPhaseEndMs(), end);
}

void tst_LoadScenario::histogramBuckets()
{
    // Exact below 256 µs, then at most 1/128 wide; every value lies within its bucket.
    for (std::uint64_t v : {0ull, 1ull, 255ull, 256ull, 257ull, 1000ull, 123456ull, 10'000'000ull, 1ull << 40}) {
        const std::size_t index = LatencyHistogram::bucketIndex(v);
        QVERIFY(LatencyHistogram::bucketUpperBound(index) >= v);
        if (index > 0)
            QVERIFY(LatencyHistogram::bucketUpperBound(index - 1) < v);
        if (v < 256)
            QCOMPARE(LatencyHistogram::bucketUpperBound(index), v);
        else
            QVERIFY(double(LatencyHistogram::bucketUpperBound(index) - v) <= double(v) / 128.0);
    }
    QCOMPARE(LatencyHistogram::bucketIndex(std::numeric_limits<std::uint64_t>::max()), std::size_t(256 + 56 * 128 - 1));
}

void tst_LoadScenario::histogramPercentiles()
{
    LatencyHistogram h;
    QCOMPARE(h.percentile(50), 0u);
    for (std::uint64_t v = 1; v <= 100; ++v)
        h.record(v);
    QCOMPARE(h.count(), 100u);
    QCOMPARE(h.min(), 1u);
    QCOMPARE(h.max(), 100u);
    QCOMPARE(h.percentile(50), 50u);
    QCOMPARE(h.percentile(99), 99u);
    QCOMPARE(h.percentile(100), 100u);
    QCOMPARE(h.mean(), 50.5);
    h.record(1'000'000);
    QVERIFY(h.percentile(100) == 1'000'000u); // never above max
    QVERIFY(h.percentile(99.9) >= 1'000'000u * 127 / 128);
}

void tst_LoadScenario::histogramMergeIsExact()
{
    LatencyHistogram all, a, b;
    for (std::uint64_t v = 0; v < 5000; ++v) {
        const std::uint64_t value = (v * 7919) % 200000;
        all.record(value);
        (v % 3 ? a : b).record(value);
    }
    LatencyHistogram merged = a;
    merged.merge(b);
    QCOMPARE(merged.toJson(), all.toJson());
    LatencyHistogram back;
    QString error;
    QVERIFY2(LatencyHistogram::fromJson(all.toJson(), &back, &error), qPrintable(error));
    QCOMPARE(back.toJson(), all.toJson());
}

void tst_LoadScenario::histogramRejectsBadJson()
{
    LatencyHistogram h;
    QString error;
    QVERIFY(!LatencyHistogram::fromJson(QJsonObject{}, &h, &error));
    QJsonObject json = LatencyHistogram().toJson();
    json.insert("count"_L1, 3); // buckets say 0
    QVERIFY(!LatencyHistogram::fromJson(json, &h, &error));
    QVERIFY2(error.contains(u"add up"_s), qPrintable(error));
    json = LatencyHistogram().toJson();
    json.insert("count"_L1, 1);
    QJsonArray farBucket; // no such bucket: it must not be allocated
    farBucket.append(1000000000);
    farBucket.append(1);
    json.insert("buckets"_L1, QJsonArray{farBucket});
    QVERIFY(!LatencyHistogram::fromJson(json, &h, &error));
}

void tst_LoadScenario::reportMergeAndRoundTrip()
{
    LoadReport a, b;
    a.scenario = b.scenario = u"s"_s;
    a.add(LoadReport::UsersStarted, 0, 3);
    a.recordAck(u"echo"_s, 0, 120);
    a.recordAck(u"echo"_s, 2, 5000);
    a.addError(u"ack_timeout"_s, 1);
    a.addDisconnect(u"transport close"_s);
    b.add(LoadReport::UsersStarted, 1, 2);
    b.recordAck(u"echo"_s, 1, 300);
    b.addError(u"ack_timeout"_s, 1);
    b.addEvent(u"news"_s);
    b.cpuSeconds = 1.5;
    b.peakRssKb = 2048;

    LoadReport merged = a;
    merged.merge(b);
    QCOMPARE(merged.counters[LoadReport::UsersStarted], 5u);
    QCOMPARE(merged.counters[LoadReport::Acks], 3u);
    QCOMPARE(merged.counters[LoadReport::Events], 1u);
    QCOMPARE(merged.errors.value(u"ack_timeout"_s), 2u);
    QCOMPARE(merged.histograms.value(u"ack:echo"_s).count(), 3u);
    QCOMPARE(merged.histograms.value(u"ack:echo"_s).max(), 5000u);
    QCOMPARE(merged.timeline.size(), std::size_t(3));
    QCOMPARE(merged.timeline[1].errors, 2u);
    QCOMPARE(merged.timeline[1].counters[LoadReport::UsersStarted], 2u);
    QCOMPARE(merged.peakRssKb, 2048);

    LoadReport back;
    QString error;
    QVERIFY2(back.fromJson(merged.toJson(), &error), qPrintable(error));
    QCOMPARE(back.toJson(), merged.toJson());
    QVERIFY(back.table().contains(u"ack:echo"_s));
    QVERIFY(!back.fromJson(QJsonObject{{"format"_L1, u"something else"_s}}, &error));
}

QTEST_GUILESS_MAIN(tst_LoadScenario)
#include "tst_loadscenario.moc"
