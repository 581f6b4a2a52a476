// End-to-end tests of socketio-cli: the real executable, driven through its
// stdin and stdout, against the real socket.io test server.
#include "cliprocess.h"
#include "capturesession.h"
#include "recordingreader.h"
#include "testserver.h"

#include <SocketIOQt/Namespace>
#include <SocketIOQt/SocketIO>

#include <QtCore/qdeadlinetimer.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qtemporaryfile.h>
#include <QtTest/qtest.h>

using namespace Qt::StringLiterals;

// Parses a JSON array or object literal of a test.
static QJsonValue json(const char *text)
{
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(text));
    Q_ASSERT_X(!doc.isNull(), "json", text);
    return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
}

static QString typeOf(const QJsonObject &line)
{
    return line.value("type"_L1).toString();
}

static CliProcess::Match lineOf(const QString &type, const QString &nsp)
{
    return [=](const QJsonObject &line) { return typeOf(line) == type && line.value("nsp"_L1).toString() == nsp; };
}

static CliProcess::Match eventNamed(const QString &event)
{
    return [=](const QJsonObject &line) { return typeOf(line) == "event"_L1 && line.value("event"_L1) == event; };
}

static qsizetype indexOf(const QList<QJsonObject> &lines, const CliProcess::Match &match)
{
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (match(lines.at(i)))
            return i;
    }
    return -1;
}

class tst_Cli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void protocolOption_data();
    void protocolOption();
    void tlsOptions();
    void recordOption();
    void parserOption();
    void initTestCase();

    void usageErrors_data();
    void usageErrors();
    void helpAndVersion();

    void emitWithAck();
    void ackToServer();
    void binaryBothWays();
    void valueTypes();
    void waitForBurst();
    void waitCountsEarlierEvents();
    void waitHoldsLaterCommands();
    void waitTimeout();
    void badLines_data();
    void badLines();
    void connectErrorWithData();
    void authOption();
    void queryAndHeaders();
    void serverDisconnect();
    void disconnectAndConnectOps();
    void rawPackets();
    void transportsOption_data();
    void transportsOption();
    void reconnect();
    void lostWithoutReconnection();
    void reconnectFailedExits1();
    void unreachableExits1();
    void endOfInputWaitsForAcks();
    void endOfInputSendsBufferedEmits();
    void lingerKeepsReceiving();
    void ackTimeout();
    void closeOp();
    void stdinDevNull();

private:
    QString url(const QString &nsp = {}) const { return m_server.url().toString() + nsp; }
    // Starts `cli` on the shared server and waits for its first connect line.
    bool startConnected(CliProcess &cli, const QStringList &options = {}, const QString &nsp = {});

    TestServer m_server;
};

void tst_Cli::initTestCase()
{
    QVERIFY2(m_server.start(), "the test server did not start");
}

bool tst_Cli::startConnected(CliProcess &cli, const QStringList &options, const QString &nsp)
{
    return cli.start(QStringList(options) << url(nsp)) && !cli.waitForType(u"connect"_s).isEmpty();
}

void tst_Cli::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QString url = u"http://127.0.0.1:9"_s;
    QTest::newRow("missing URL") << QStringList() << u"missing URL"_s;
    QTest::newRow("two URLs") << QStringList{url, url} << u"unexpected argument"_s;
    QTest::newRow("bad URL") << QStringList{u"ftp://example.com"_s} << u"invalid URL"_s;
    QTest::newRow("unknown option") << QStringList{u"--frobnicate"_s, url} << u"frobnicate"_s;
    QTest::newRow("bad --auth JSON") << QStringList{u"--auth"_s, u"{nope"_s, url} << u"--auth"_s;
    QTest::newRow("--auth not an object") << QStringList{u"--auth"_s, u"[1]"_s, url} << u"--auth"_s;
    QTest::newRow("unknown transport") << QStringList{u"--transports"_s, u"websocket,pigeon"_s, url}
                                       << u"unknown transport \"pigeon\""_s;
    QTest::newRow("missing ca file") << QStringList{u"--ca"_s, u"/nonexistent.pem"_s, url} << u"invalid --ca"_s;
    QTest::newRow("bad protocol") << QStringList{u"--protocol"_s, u"7"_s, url} << u"invalid --protocol"_s;
    QTest::newRow("bad parser") << QStringList{u"--parser"_s, u"cbor"_s, url} << u"invalid --parser"_s;
    QTest::newRow("msgpack with revision 4")
            << QStringList{u"--parser"_s, u"msgpack"_s, u"--protocol"_s, u"4"_s, url} << u"--protocol 5 or auto"_s;
    QTest::newRow("bad header") << QStringList{u"--header"_s, u"no colon"_s, url} << u"--header"_s;
    QTest::newRow("bad query") << QStringList{u"--query"_s, u"novalue"_s, url} << u"--query"_s;
    QTest::newRow("bad ack timeout") << QStringList{u"--ack-timeout"_s, u"soon"_s, url} << u"--ack-timeout"_s;
    QTest::newRow("negative linger") << QStringList{u"--linger"_s, u"-5"_s, url} << u"--linger"_s;
}

void tst_Cli::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    CliProcess cli;
    QVERIFY(cli.start(arguments));
    QVERIFY(cli.waitForExit());
    QCOMPARE(cli.exitCode(), 2);
    QVERIFY2(cli.lines().isEmpty(), "a usage error must not write to stdout");
    QVERIFY2(QString::fromUtf8(cli.errorOutput()).contains(message), cli.errorOutput().constData());
}

void tst_Cli::helpAndVersion()
{
    for (const QString &option : {u"--help"_s, u"--version"_s}) {
        QProcess process;
        process.start(QStringLiteral(SOCKETIO_CLI_PATH), {option});
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitCode(), 0);
        const QByteArray out = process.readAllStandardOutput();
        QVERIFY2(out.contains(option == "--help"_L1 ? "--ack-timeout" : "socketio-cli"), out.constData());
    }
}

void tst_Cli::emitWithAck()
{
    CliProcess cli;
    QVERIFY(cli.start({url()}));
    // Sent before the connection is up: the library buffers it.
    cli.sendLine(R"({"op":"emit","event":"ack-me","args":[1,"two",{"three":[3]}],"ack":true,"tag":"t1"})");
    const QJsonObject connect = cli.waitForType(u"connect"_s);
    QCOMPARE(connect.value("nsp"_L1), "/"_L1);
    QVERIFY(!connect.value("sid"_L1).toString().isEmpty());
    QCOMPARE(connect.value("recovered"_L1), false);

    const QJsonObject ack = cli.waitForType(u"ack"_s);
    QCOMPARE(ack.value("nsp"_L1), "/"_L1);
    QCOMPARE(ack.value("tag"_L1), "t1"_L1);
    QCOMPARE(ack.value("args"_L1), json(R"([1,"two",{"three":[3]}])"));
    QVERIFY(ack.value("rtt_ms"_L1).isDouble());
    QVERIFY(ack.value("rtt_ms"_L1).toDouble() >= 0);
}

void tst_Cli::ackToServer()
{
    CliProcess cli;
    QVERIFY(startConnected(cli));
    cli.sendLine(R"({"op":"emit","event":"ask","args":[{"event":"question","args":[1,"two"]}]})");
    const QJsonObject question = cli.waitFor(eventNamed(u"question"_s));
    QCOMPARE(question.value("args"_L1), json(R"([1,"two"])"));
    QVERIFY2(question.value("id"_L1).isDouble(), "a server event asking for an ack has an id");

    QJsonObject answer{{"op"_L1, u"ack"_s}, {"nsp"_L1, u"/"_s}, {"id"_L1, question.value("id"_L1)},
                       {"args"_L1, json(R"(["yes",{"$binary":"AQI="}])")}};
    cli.send(answer);
    const QJsonObject reply = cli.waitFor(eventNamed(u"answer"_s));
    QCOMPARE(reply.value("args"_L1), json(R"([["yes",{"$binary":"AQI="}]])"));
    QVERIFY2(!reply.contains("id"_L1), "no id without an ack request");

    // An ack request is answered once.
    cli.send(answer);
    QVERIFY(cli.waitForType(u"error"_s).value("message"_L1).toString().contains("no pending ack request"_L1));
}

void tst_Cli::binaryBothWays()
{
    CliProcess cli;
    QVERIFY(startConnected(cli));
    cli.sendLine(R"({"op":"emit","event":"binary"})");
    QCOMPARE(cli.waitFor(eventNamed(u"binary"_s)).value("args"_L1),
             json(R"([{"a":{"$binary":"AQID"},"nested":{"list":[{"$binary":"BAU="},"text",{"deep":{"$binary":"Bg=="}}]}},
                     {"$binary":"BwgJ"}])"));

    const char *args = R"([{"$binary":"AAEC/w=="},{"k":[{"$binary":""},{"$binary":"3q2+7w=="}]}])";
    cli.sendLine(R"({"op":"emit","event":"echo","ack":true,"args":)" + QByteArray(args) + "}");
    QCOMPARE(cli.waitForType(u"ack"_s).value("args"_L1), json(args));
}

void tst_Cli::valueTypes()
{
    const char *types = R"(["str",42,-1.5,true,false,null,{"obj":{"x":[1,"two",null]}},[1,2,3],
                           "üñíçødé ✓ 😀","",9007199254740991,1e21])";
    CliProcess cli;
    QVERIFY(startConnected(cli));
    cli.sendLine(R"({"op":"emit","event":"types"})");
    QCOMPARE(cli.waitFor(eventNamed(u"types"_s)).value("args"_L1), json(types));

    cli.sendLine(R"({"op":"emit","event":"echo","ack":true,"args":)" + QByteArray(types).replace('\n', ' ') + "}");
    QCOMPARE(cli.waitForType(u"ack"_s).value("args"_L1), json(types));
}

void tst_Cli::waitForBurst()
{
    CliProcess cli;
    QVERIFY(cli.start({url()}));
    cli.sendLine(R"({"op":"emit","event":"burst","args":[{"count":100}]})");
    cli.sendLine(R"({"op":"wait","event":"item","count":100,"timeout_ms":10000})");
    cli.sendLine(R"({"op":"emit","event":"echo","args":["after"]})");
    QVERIFY(!cli.waitFor(eventNamed(u"echo"_s)).isEmpty());

    const QList<QJsonObject> lines = cli.lines();
    int next = 0;
    for (const QJsonObject &line : lines) {
        if (eventNamed(u"item"_s)(line)) {
            const QJsonArray expected{QJsonObject{{"i"_L1, next}}};
            QCOMPARE(line.value("args"_L1), expected);
            ++next;
        }
    }
    QCOMPARE(next, 100);
    QVERIFY(cli.linesOfType(u"wait_timeout"_s).isEmpty());
    QVERIFY(cli.linesOfType(u"error"_s).isEmpty());
}

void tst_Cli::waitCountsEarlierEvents()
{
    CliProcess cli;
    QVERIFY(startConnected(cli));
    cli.sendLine(R"({"op":"emit","event":"burst","args":[{"count":5}]})");
    QVERIFY(!cli.waitFor(eventNamed(u"burst-done"_s)).isEmpty());
    // All five arrived already: this wait passes at once, the next one times out.
    cli.sendLine(R"({"op":"wait","event":"item","count":5,"timeout_ms":10000})");
    cli.sendLine(R"({"op":"wait","event":"item","count":6,"timeout_ms":100})");
    const QJsonObject timeout = cli.waitForType(u"wait_timeout"_s);
    QCOMPARE(timeout.value("count"_L1), 6);
    QCOMPARE(timeout.value("received"_L1), 5);
    QCOMPARE(cli.linesOfType(u"wait_timeout"_s).size(), 1);
}

void tst_Cli::waitHoldsLaterCommands()
{
    // A waits for "go" before its echo; B sends "go" to everyone, later.
    CliProcess a;
    QVERIFY(startConnected(a));
    a.sendLine(R"({"op":"wait","event":"go","timeout_ms":20000})");
    a.sendLine(R"({"op":"emit","event":"echo","args":["after go"]})");
    CliProcess b;
    QVERIFY(startConnected(b));
    b.sendLine(R"({"op":"emit","event":"broadcast","args":[{"event":"go","args":[1]}]})");

    QVERIFY(!a.waitFor(eventNamed(u"echo"_s)).isEmpty());
    const qsizetype go = indexOf(a.lines(), eventNamed(u"go"_s));
    QVERIFY(go >= 0);
    QVERIFY(go < indexOf(a.lines(), eventNamed(u"echo"_s)));
}

void tst_Cli::waitTimeout()
{
    CliProcess cli;
    QVERIFY(startConnected(cli));
    cli.sendLine(R"({"op":"wait","event":"never","count":2,"timeout_ms":200})");
    cli.sendLine(R"({"op":"emit","event":"echo","ack":true,"tag":"next"})");
    const QJsonObject timeout = cli.waitForType(u"wait_timeout"_s);
    QCOMPARE(timeout.value("nsp"_L1), "/"_L1);
    QCOMPARE(timeout.value("event"_L1), "never"_L1);
    QCOMPARE(timeout.value("count"_L1), 2);
    QCOMPARE(timeout.value("received"_L1), 0);
    QCOMPARE(cli.waitForType(u"ack"_s).value("tag"_L1), "next"_L1);
}

void tst_Cli::badLines_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("message");
    QTest::newRow("invalid JSON") << QByteArray("{nope") << u"invalid JSON"_s;
    QTest::newRow("not an object") << QByteArray("[1]") << u"must be a JSON object"_s;
    QTest::newRow("missing op") << QByteArray("{}") << u"missing \"op\""_s;
    QTest::newRow("unknown op") << QByteArray(R"({"op":"fly"})") << u"unknown op \"fly\""_s;
    QTest::newRow("unknown namespace") << QByteArray(R"({"op":"emit","nsp":"/x","event":"e"})")
                                       << u"unknown namespace /x (connect it first)"_s;
    QTest::newRow("emit without event") << QByteArray(R"({"op":"emit"})") << u"\"event\""_s;
    QTest::newRow("args not an array") << QByteArray(R"({"op":"emit","event":"e","args":5})") << u"\"args\""_s;
    QTest::newRow("bad base64") << QByteArray(R"({"op":"emit","event":"e","args":[{"$binary":"!?"}]})")
                                << u"base64"_s;
    QTest::newRow("reserved event") << QByteArray(R"({"op":"emit","event":"disconnect"})") << u""_s;
    QTest::newRow("ack without id") << QByteArray(R"({"op":"ack"})") << u"\"id\""_s;
    QTest::newRow("unknown ack id") << QByteArray(R"({"op":"ack","id":99})") << u"no pending ack request 99 on /"_s;
    QTest::newRow("bad sleep") << QByteArray(R"({"op":"sleep","ms":-1})") << u"\"ms\""_s;
    QTest::newRow("bad wait count") << QByteArray(R"({"op":"wait","event":"e","count":0})") << u"\"count\""_s;
    QTest::newRow("bad auth") << QByteArray(R"({"op":"connect","nsp":"/chat","auth":"x"})") << u"\"auth\""_s;
}

void tst_Cli::badLines()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, message);
    CliProcess cli;
    QVERIFY(cli.start({url()}));
    cli.sendLine(line);
    cli.sendLine(R"({"op":"emit","event":"echo","ack":true,"tag":"after"})");
    const QJsonObject error = cli.waitForType(u"error"_s);
    QVERIFY2(error.value("message"_L1).toString().contains(message),
             qPrintable(error.value("message"_L1).toString()));
    QCOMPARE(error.value("line"_L1), 1);
    // Processing goes on with the next line.
    QCOMPARE(cli.waitForType(u"ack"_s).value("tag"_L1), "after"_L1);
}

void tst_Cli::connectErrorWithData()
{
    CliProcess cli;
    QVERIFY(cli.start({u"--namespace"_s, u"/chat"_s, u"--namespace"_s, u"admin"_s, url()}));
    // In any order.
    QVERIFY(!cli.find(lineOf(u"connect"_s, u"/"_s)).isEmpty());
    QVERIFY(!cli.find(lineOf(u"connect"_s, u"/chat"_s)).isEmpty());
    QCOMPARE(cli.find(lineOf(u"connect_error"_s, u"/admin"_s)).value("data"_L1),
             json(R"({"message":"not authorized","data":{"reason":"bad token","code":401}})"));

    // Retried with the right auth.
    cli.sendLine(R"({"op":"connect","nsp":"/admin","auth":{"token":"secret"}})");
    QVERIFY(!cli.waitFor(lineOf(u"connect"_s, u"/admin"_s)).isEmpty());
    cli.sendLine(R"({"op":"emit","nsp":"/admin","event":"whoami","ack":true,"tag":"w"})");
    const QJsonObject ack = cli.waitForType(u"ack"_s);
    QCOMPARE(ack.value("nsp"_L1), "/admin"_L1);
    QCOMPARE(ack.value("args"_L1)[0]["auth"_L1], json(R"({"token":"secret"})"));
}

void tst_Cli::authOption()
{
    CliProcess cli;
    QVERIFY(cli.start({u"--auth"_s, uR"({"token":"secret"})"_s, url(u"/admin"_s)}));
    const QJsonObject connect = cli.waitForType(u"connect"_s);
    QCOMPARE(connect.value("nsp"_L1), "/admin"_L1);
    QVERIFY(cli.linesOfType(u"connect_error"_s).isEmpty());
    // The URL's namespace is the default one of commands.
    cli.sendLine(R"({"op":"emit","event":"whoami","ack":true})");
    const QJsonObject ack = cli.waitForType(u"ack"_s);
    QCOMPARE(ack.value("nsp"_L1), "/admin"_L1);
    QCOMPARE(ack.value("tag"_L1), QJsonValue::Null);
    QCOMPARE(ack.value("args"_L1)[0]["nsp"_L1], "/admin"_L1);
}

void tst_Cli::queryAndHeaders()
{
    CliProcess cli;
    QVERIFY(startConnected(cli, {u"--query"_s, u"k=v"_s, u"--query"_s, u"x=1=2"_s, u"--header"_s,
                                 u"X-Test:  hello "_s}));
    cli.sendLine(R"({"op":"emit","event":"whoami","ack":true})");
    const QJsonValue who = cli.waitForType(u"ack"_s).value("args"_L1)[0];
    QCOMPARE(who["query"_L1]["k"_L1], "v"_L1);
    QCOMPARE(who["query"_L1]["x"_L1], "1=2"_L1);
    QCOMPARE(who["headers"_L1]["x-test"_L1], "hello"_L1);
}

void tst_Cli::serverDisconnect()
{
    CliProcess cli;
    QVERIFY(startConnected(cli));
    cli.sendLine(R"({"op":"emit","event":"disconnect-me"})");
    const QJsonObject disconnect = cli.waitForType(u"disconnect"_s);
    QCOMPARE(disconnect.value("nsp"_L1), "/"_L1);
    QCOMPARE(disconnect.value("reason"_L1), "io server disconnect"_L1);
}

void tst_Cli::disconnectAndConnectOps()
{
    CliProcess cli;
    QVERIFY(cli.start({u"--namespace"_s, u"/chat"_s, url()}));
    QVERIFY(!cli.waitFor(lineOf(u"connect"_s, u"/chat"_s)).isEmpty());
    cli.sendLine(R"({"op":"disconnect","nsp":"/chat"})");
    QCOMPARE(cli.waitFor(lineOf(u"disconnect"_s, u"/chat"_s)).value("reason"_L1), "io client disconnect"_L1);
    cli.sendLine(R"({"op":"emit","event":"echo","ack":true,"tag":"root still up"})");
    QCOMPARE(cli.waitForType(u"ack"_s).value("tag"_L1), "root still up"_L1);
    cli.sendLine(R"({"op":"connect","nsp":"/chat"})");
    QVERIFY(!cli.waitFor(lineOf(u"connect"_s, u"/chat"_s)).isEmpty());
    cli.sendLine(R"({"op":"emit","nsp":"chat","event":"echo","ack":true,"tag":"chat"})");
    QCOMPARE(cli.waitForType(u"ack"_s).value("nsp"_L1), "/chat"_L1);
}

void tst_Cli::rawPackets()
{
    CliProcess cli;
    QVERIFY(startConnected(cli, {u"--raw"_s, u"--transports"_s, u"websocket"_s}));
    cli.sendLine(R"({"op":"emit","event":"echo","ack":true,"args":[{"$binary":"AQID"}]})");
    QVERIFY(!cli.waitForType(u"ack"_s).isEmpty());

    const QList<QJsonObject> raw = cli.linesOfType(u"raw"_s);
    const auto has = [&](const std::function<bool(const QJsonObject &)> &match) {
        return std::any_of(raw.begin(), raw.end(), match);
    };
    QVERIFY2(has([](const QJsonObject &r) {
                 return r["dir"_L1] == "in"_L1 && r["eio"_L1] == "open"_L1 && r["transport"_L1] == "websocket"_L1
                     && r["data"_L1].toString().contains("\"sid\""_L1);
             }),
             "the open packet");
    QVERIFY2(has([](const QJsonObject &r) {
                 return r["dir"_L1] == "out"_L1 && r["eio"_L1] == "message"_L1 && r["data"_L1].toString().startsWith(u'0');
             }),
             "the CONNECT going out");
    QVERIFY2(has([](const QJsonObject &r) {
                 return r["dir"_L1] == "out"_L1 && r["eio"_L1] == "message"_L1 && r["binary"_L1] == "AQID"_L1
                     && !r.contains("data"_L1);
             }),
             "the attachment going out");
    // The connect line follows the CONNECT packet that caused it.
    const QList<QJsonObject> lines = cli.lines();
    QVERIFY(indexOf(lines, [](const QJsonObject &l) { return l["eio"_L1] == "open"_L1; })
            < indexOf(lines, lineOf(u"connect"_s, u"/"_s)));
}

void tst_Cli::protocolOption_data()
{
    QTest::addColumn<QString>("server");   // --version of the test server
    QTest::addColumn<QString>("protocol"); // --protocol of the CLI
    QTest::addColumn<QString>("transports");
    QTest::newRow("socket.io 2, protocol 4, polling") << u"2"_s << u"4"_s << u"polling"_s;
    QTest::newRow("socket.io 1, auto, polling+upgrade") << u"1"_s << u"auto"_s << u"polling,websocket"_s;
    QTest::newRow("socket.io 2, auto, websocket") << u"2"_s << u"auto"_s << u"websocket"_s;
    QTest::newRow("socket.io 4, auto, websocket") << u"4"_s << u"auto"_s << u"websocket"_s;
}

void tst_Cli::protocolOption()
{
    QFETCH(QString, server);
    QFETCH(QString, protocol);
    QFETCH(QString, transports);
    TestServer old({u"--version"_s, server});
    QVERIFY2(old.start(), qPrintable(old.errorString()));
    CliProcess cli;
    QVERIFY(cli.start({u"--raw"_s, u"--protocol"_s, protocol, u"--transports"_s, transports,
                       old.url().toString() + u"/chat"_s}));
    QCOMPARE(cli.waitForType(u"connect"_s).value("nsp"_L1), "/chat"_L1);
    cli.sendLine(R"({"op":"emit","event":"ack-me","args":["ü",{"$binary":"AAE="}],"ack":true,"tag":"t"})");
    const QJsonObject ack = cli.waitForType(u"ack"_s);
    QCOMPARE(ack.value("args"_L1)[0].toString(), u"ü"_s);
    QCOMPARE(ack.value("args"_L1)[1]["$binary"_L1], "AAE="_L1);
    // The server saw the Engine.IO generation it speaks.
    cli.sendLine(R"({"op":"emit","event":"whoami","ack":true,"tag":"w"})");
    const QJsonObject who = cli.find([](const QJsonObject &l) { return l["tag"_L1] == "w"_L1; });
    QCOMPARE(who.value("args"_L1)[0]["protocol"_L1].toInt(), server == u"4"_s ? 4 : 3);
}

void tst_Cli::tlsOptions()
{
    TestServer tls({u"--tls-cert"_s, TestServer::tlsCertificatePath(), u"--tls-key"_s, TestServer::tlsKeyPath()});
    QVERIFY2(tls.start(), qPrintable(tls.errorString()));
    const QString url = tls.url(u"https"_s).toString();
    { // verification is on by default: a self-signed server is refused
        CliProcess cli;
        QVERIFY(cli.start({u"--no-reconnect"_s, u"--transports"_s, u"websocket"_s, url}));
        QVERIFY(cli.waitForExit());
        QCOMPARE(cli.exitCode(), 1);
        QCOMPARE(cli.waitForType(u"failure"_s).value("reason"_L1), "tls_error"_L1);
    }
    { // with reconnection, the end of input while the certificate is still refused is no success
        CliProcess cli;
        QVERIFY(cli.start({u"--ack-timeout"_s, u"300"_s, u"--reconnection-delay"_s, u"100"_s, url}));
        QVERIFY(!cli.waitForType(u"connect_error"_s).isEmpty());
        cli.closeInput();
        QVERIFY(cli.waitForExit());
        QCOMPARE(cli.exitCode(), 1);
        const QJsonObject failure = cli.waitForType(u"failure"_s);
        QCOMPARE(failure.value("reason"_L1), "tls_error"_L1);
        QCOMPARE(failure.value("exit_code"_L1), 1);
    }
    for (const QStringList &trust : {QStringList{u"--ca"_s, TestServer::tlsCertificatePath()},
                                     QStringList{u"--insecure"_s}}) {
        CliProcess cli;
        QVERIFY(cli.start(trust + QStringList{u"--no-reconnect"_s, url}));
        QVERIFY(!cli.waitForType(u"connect"_s).isEmpty());
    }
}

// --parser msgpack against socket.io with socket.io-msgpack-parser, over polling (binary as
// base64 "b" packets); the recording says which parser it was and the capture decodes it.
void tst_Cli::parserOption()
{
    TestServer msgpack({u"--parser"_s, u"msgpack"_s});
    QVERIFY2(msgpack.start(), qPrintable(msgpack.errorString()));
    QTemporaryDir dir;
    const QString path = dir.filePath(u"msgpack.jsonl"_s);
    {
        CliProcess cli;
        QVERIFY(cli.start({u"--parser"_s, u"msgpack"_s, u"--transports"_s, u"polling"_s, u"--record"_s, path,
                           msgpack.url().toString() + u"/chat"_s}));
        QCOMPARE(cli.waitForType(u"connect"_s).value("nsp"_L1), "/chat"_L1);
        cli.sendLine(R"({"op":"emit","event":"ack-me","args":["ü",{"$binary":"AAE="}],"ack":true,"tag":"t"})");
        const QJsonObject ack = cli.waitForType(u"ack"_s);
        QCOMPARE(ack.value("args"_L1)[0].toString(), u"ü"_s);
        QCOMPARE(ack.value("args"_L1)[1]["$binary"_L1], "AAE="_L1);
    }
    CaptureSession session;
    RecordingInfo info;
    QString error;
    QVERIFY2(RecordingReader::load(path, &session, &info, &error), qPrintable(error));
    QCOMPARE(info.parser, u"msgpack"_s);
    QCOMPARE(session.parser(0), u"msgpack"_s);
    QVERIFY(session.linter().findings().isEmpty());
    QCOMPARE(session.acks().count(), 1);
}

void tst_Cli::recordOption()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"session.jsonl"_s);
    {
        CliProcess cli;
        QVERIFY(startConnected(cli, {u"--record"_s, path}));
        cli.sendLine(R"({"op":"emit","event":"ack-me","args":[1,{"$binary":"AAE="}],"ack":true})");
        QVERIFY(!cli.waitForType(u"ack"_s).isEmpty());
    }
    // A recording the inspector reads: a header line, then packets both ways.
    CaptureSession session;
    RecordingInfo info;
    QString error;
    QVERIFY2(RecordingReader::load(path, &session, &info, &error), qPrintable(error));
    QCOMPARE(info.source, u"socketio-cli"_s);
    QVERIFY(info.packets >= 4); // open, CONNECT both ways, the emit, its binary ack
    QCOMPARE(info.skippedLines, 0);
}

void tst_Cli::transportsOption_data()
{
    QTest::addColumn<QString>("transports");
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("last"); // after the upgrade, if any
    QTest::newRow("websocket") << u"websocket"_s << u"websocket"_s << u"websocket"_s;
    QTest::newRow("polling") << u"polling"_s << u"polling"_s << u"polling"_s;
    QTest::newRow("polling,websocket") << u"polling, websocket"_s << u"polling"_s << u"websocket"_s;
}

void tst_Cli::transportsOption()
{
    QFETCH(QString, transports);
    QFETCH(QString, first);
    QFETCH(QString, last);
    CliProcess cli;
    QVERIFY(startConnected(cli, {u"--raw"_s, u"--transports"_s, transports}));
    if (first != last) {
        QVERIFY(!cli.find([](const QJsonObject &l) { return l["dir"_L1] == "out"_L1 && l["eio"_L1] == "upgrade"_L1; })
                     .isEmpty());
    }
    cli.sendLine(R"({"op":"emit","event":"whoami","ack":true})");
    const QJsonObject ack = cli.waitForType(u"ack"_s);
    QCOMPARE(ack.value("args"_L1)[0]["transport"_L1], last);
    const QList<QJsonObject> raw = cli.linesOfType(u"raw"_s);
    QVERIFY(!raw.isEmpty());
    QCOMPARE(raw.first().value("eio"_L1), "open"_L1);
    QCOMPARE(raw.first().value("transport"_L1), first);
}

void tst_Cli::reconnect()
{
    CliProcess cli;
    // WebSocket only: the reason is "transport close" whatever the timing (see lostWithoutReconnection).
    QVERIFY(startConnected(cli, {u"--transports"_s, u"websocket"_s, u"--reconnection-delay"_s, u"50"_s,
                                 u"--reconnection-delay-max"_s, u"100"_s}));
    cli.sendLine(R"({"op":"emit","event":"close-engine"})");
    QCOMPARE(cli.waitForType(u"disconnect"_s).value("reason"_L1), "transport close"_L1);
    QCOMPARE(cli.waitForType(u"reconnect_attempt"_s).value("attempt"_L1), 1);
    QCOMPARE(cli.waitForType(u"reconnect"_s).value("attempt"_L1), 1);
    QVERIFY(!cli.waitForType(u"connect"_s).isEmpty());
    cli.sendLine(R"({"op":"emit","event":"echo","ack":true,"tag":"again"})");
    QCOMPARE(cli.waitForType(u"ack"_s).value("tag"_L1), "again"_L1);
}

void tst_Cli::lostWithoutReconnection()
{
    CliProcess cli;
    // WebSocket only: with polling, a close during the upgrade probe may end the session as a
    // "transport error" (a library issue, reported), which would exit 1 here.
    QVERIFY(startConnected(cli, {u"--transports"_s, u"websocket"_s, u"--no-reconnect"_s, u"--ack-timeout"_s,
                                 u"60000"_s}));
    cli.sendLine(R"({"op":"emit","event":"close-engine"})");
    QCOMPARE(cli.waitForType(u"disconnect"_s).value("reason"_L1), "transport close"_L1);
    // Nothing will reconnect: the run ends at once, as a failure, without waiting for the input.
    const QJsonObject failure = cli.waitForType(u"failure"_s);
    QCOMPARE(failure.value("reason"_L1), "closed"_L1);
    QCOMPARE(failure.value("exit_code"_L1), 1);
    QVERIFY(cli.waitForExit(5000));
    QCOMPARE(cli.exitCode(), 1);
    QVERIFY(cli.linesOfType(u"reconnect_attempt"_s).isEmpty());
}

void tst_Cli::reconnectFailedExits1()
{
    TestServer server;
    QVERIFY(server.start());
    CliProcess cli;
    QVERIFY(cli.start({u"--reconnection-attempts"_s, u"2"_s, u"--reconnection-delay"_s, u"50"_s,
                       u"--reconnection-delay-max"_s, u"50"_s, server.url().toString()}));
    QVERIFY(!cli.waitForType(u"connect"_s).isEmpty());
    server.stop();
    QVERIFY(!cli.waitForType(u"disconnect"_s).isEmpty());
    QVERIFY(!cli.waitForType(u"reconnect_failed"_s).isEmpty());
    QCOMPARE(cli.linesOfType(u"reconnect_attempt"_s).size(), 2);
    QVERIFY(cli.waitForExit());
    QCOMPARE(cli.exitCode(), 1);
}

void tst_Cli::unreachableExits1()
{
    TestServer server;
    QVERIFY(server.start());
    const QString closed = server.url().toString();
    server.stop();

    CliProcess cli;
    QVERIFY(cli.start({u"--no-reconnect"_s, closed})); // stdin stays open
    QVERIFY(cli.waitForExit(15000));
    QCOMPARE(cli.exitCode(), 1);
    QVERIFY(!cli.errorOutput().isEmpty());
    QVERIFY(cli.linesOfType(u"<not json>"_s).isEmpty());
}

void tst_Cli::endOfInputWaitsForAcks()
{
    CliProcess cli;
    QVERIFY(cli.start({url()}));
    cli.sendLine(R"({"op":"emit","event":"ack-me","args":["bye"],"ack":true,"tag":"last"})");
    cli.closeInput();
    QVERIFY(cli.waitForExit());
    QCOMPARE(cli.exitCode(), 0);
    const QList<QJsonObject> lines = cli.lines();
    const qsizetype ack = indexOf(lines, [](const QJsonObject &l) { return typeOf(l) == "ack"_L1; });
    QVERIFY(ack >= 0);
    QCOMPARE(lines.at(ack).value("args"_L1), json(R"(["bye"])"));
    // ...then disconnects cleanly.
    const qsizetype disconnect = indexOf(lines, lineOf(u"disconnect"_s, u"/"_s));
    QVERIFY(disconnect > ack);
    QCOMPARE(lines.at(disconnect).value("reason"_L1), "io client disconnect"_L1);
}

void tst_Cli::endOfInputSendsBufferedEmits()
{
    // An emit read before the namespace is connected still goes out: the end
    // of the input waits for the connection. /slow takes 200 ms to connect,
    // more than the linger. (The linger is needed as such: socket.io drops an
    // event that arrives in the same read as the DISCONNECT after it.)
    CliProcess listener;
    QVERIFY(startConnected(listener, {}, u"/slow"_s));
    QTemporaryFile input;
    QVERIFY(input.open());
    input.write(R"({"op":"emit","event":"broadcast","args":[{"event":"hello","args":["from a file"]}]})");
    input.close(); // the last line has no line break: it counts all the same

    CliProcess cli;
    QVERIFY(cli.start({u"--linger"_s, u"100"_s, url(u"/slow"_s)}, input.fileName()));
    QVERIFY(cli.waitForExit());
    QCOMPARE(cli.exitCode(), 0);
    QCOMPARE(listener.waitFor(eventNamed(u"hello"_s)).value("args"_L1), json(R"(["from a file"])"));
}

void tst_Cli::lingerKeepsReceiving()
{
    CliProcess cli;
    QVERIFY(cli.start({u"--linger"_s, u"5000"_s, url()}));
    cli.sendLine(R"({"op":"emit","event":"burst","args":[{"count":3}]})");
    cli.closeInput();
    QVERIFY(!cli.waitFor(eventNamed(u"burst-done"_s)).isEmpty());
    QCOMPARE(indexOf(cli.lines(), [](const QJsonObject &l) { return typeOf(l) == "disconnect"_L1; }), -1);
    QVERIFY(cli.waitForExit());
    QCOMPARE(cli.exitCode(), 0);
}

void tst_Cli::ackTimeout()
{
    CliProcess cli;
    QVERIFY(startConnected(cli, {u"--ack-timeout"_s, u"300"_s}));
    cli.sendLine(R"({"op":"emit","event":"no-such-event","ack":true,"tag":"lost"})");
    const QJsonObject timeout = cli.waitForType(u"ack_timeout"_s);
    QCOMPARE(timeout.value("nsp"_L1), "/"_L1);
    QCOMPARE(timeout.value("tag"_L1), "lost"_L1);
    cli.closeInput();
    QVERIFY(cli.waitForExit());
    QCOMPARE(cli.exitCode(), 0);
}

void tst_Cli::closeOp()
{
    CliProcess cli;
    QVERIFY(startConnected(cli));
    cli.sendLine(R"({"op":"close"})");
    cli.sendLine(R"({"op":"emit","event":"echo"})"); // ignored: after close
    QCOMPARE(cli.waitForType(u"disconnect"_s).value("reason"_L1), "io client disconnect"_L1);
    QVERIFY(cli.waitForExit()); // stdin is still open
    QCOMPARE(cli.exitCode(), 0);
    QVERIFY(cli.linesOfType(u"error"_s).isEmpty());
}

void tst_Cli::stdinDevNull()
{
    CliProcess cli;
    QVERIFY(cli.start({url()}, QProcess::nullDevice()));
    QVERIFY(cli.waitForExit());
    QCOMPARE(cli.exitCode(), 0);
    QVERIFY(cli.linesOfType(u"<not json>"_s).isEmpty());

    // It exits at once, yet the server heard the DISCONNECT: over polling, the close is still
    // being posted when the session ends, and the process waits for it (it used to leave the
    // server with "transport error").
    SocketIOQt::SocketIO watcher(m_server.url());
    SocketIOQt::Namespace *w = watcher.socket();
    w->open();
    QTRY_VERIFY_WITH_TIMEOUT(w->isConnected(), 10000);
    for (const QString &transports : {u"polling"_s, u"polling,websocket"_s}) {
        CliProcess quick;
        QVERIFY(quick.start({u"--transports"_s, transports, url()}, QProcess::nullDevice()));
        QVERIFY(quick.waitForExit());
        QCOMPARE(quick.exitCode(), 0);
        const QString id = quick.waitForType(u"connect"_s).value("sid"_L1).toString();
        QVERIFY(!id.isEmpty());
        // Asked until the server knows (null: the socket is not gone yet).
        QString reason;
        QDeadlineTimer deadline(10000);
        while (reason.isEmpty() && !deadline.hasExpired()) {
            bool answered = false;
            w->emitEvent(u"disconnect-reason"_s, {QVariantMap{{u"id"_s, id}}}, [&](const QVariantList &args) {
                reason = args.value(0).toString();
                answered = true;
            });
            QTRY_VERIFY(answered);
        }
        QCOMPARE(reason, u"client namespace disconnect"_s);
    }
}

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
