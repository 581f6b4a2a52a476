// Smoke tests of the examples: each one's scripted tour (--demo) against the bundled demo
// server (examples/demo-server/server.js), offscreen. The output must show the connection, an
// event from the server, an acknowledgement each way, and a clean exit.
#include <QtTest>

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

class tst_Examples : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void consoleChat();
    void widgetsChat();
    void qmlChat();

private:
    // Runs `program` with the server's URL and `args`; checks the exit code and that every
    // expected line fragment appears, in order.
    void run(const char *program, const QStringList &args, const QStringList &expected,
             const QProcessEnvironment &extraEnv = {});

    QProcess m_server;
    QUrl m_url;
};

void tst_Examples::initTestCase()
{
    QString node = QString::fromLocal8Bit(qgetenv("SOCKETIOQT_NODE"));
    if (node.isEmpty())
        node = QStringLiteral(SOCKETIOQT_NODE);
    if (node.isEmpty())
        node = QStandardPaths::findExecutable(u"node"_s);
    if (node.isEmpty())
        QSKIP("Node.js is not installed: the demo server cannot run");
    const QString dir = QStringLiteral(DEMO_SERVER_DIR);
    if (!QFileInfo::exists(dir + u"/node_modules/socket.io/package.json"_s))
        QSKIP("The demo server's packages are missing: run `npm ci` in examples/demo-server");

    m_server.setWorkingDirectory(dir);
    m_server.setProcessChannelMode(QProcess::SeparateChannels);
    if (qEnvironmentVariableIsEmpty("SIO_TEST_DEBUG"))
        m_server.setStandardErrorFile(QProcess::nullDevice());
    m_server.start(node, {dir + u"/server.js"_s, u"--port"_s, u"0"_s, u"--host"_s, u"127.0.0.1"_s});
    QVERIFY2(m_server.waitForStarted(10000), qPrintable(m_server.errorString()));
    QByteArray line;
    QTRY_VERIFY_WITH_TIMEOUT((line += m_server.readAllStandardOutput()).contains('\n'), 15000);
    const int port = QJsonDocument::fromJson(line.left(line.indexOf('\n'))).object().value(u"port"_s).toInt();
    QVERIFY2(port > 0, line.constData());
    m_url = QUrl(u"http://127.0.0.1:%1"_s.arg(port));
}

void tst_Examples::cleanupTestCase()
{
    if (m_server.state() != QProcess::NotRunning) {
        m_server.terminate();
        if (!m_server.waitForFinished(5000))
            m_server.kill();
        m_server.waitForFinished(5000);
    }
}

void tst_Examples::run(const char *program, const QStringList &args, const QStringList &expected,
                       const QProcessEnvironment &extraEnv)
{
    if (!program || !*program)
        QSKIP("This example is not built");
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    env.insert(u"QT_QUICK_BACKEND"_s, u"software"_s);
    env.insert(extraEnv);
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QString::fromLocal8Bit(program), QStringList{m_url.toString()} + args);
    QVERIFY2(process.waitForStarted(10000), qPrintable(process.errorString()));
    const bool finished = process.waitForFinished(60000);
    const QString output = QString::fromUtf8(process.readAll());
    if (!finished) {
        process.kill();
        process.waitForFinished();
    }
    QVERIFY2(finished, qPrintable(u"the example did not finish:\n"_s + output));
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
             qPrintable(u"exit code %1:\n%2"_s.arg(process.exitCode()).arg(output)));
    qsizetype from = 0;
    for (const QString &fragment : expected) {
        const qsizetype at = output.indexOf(fragment, from);
        QVERIFY2(at >= 0, qPrintable(u"missing \"%1\" in:\n%2"_s.arg(fragment, output)));
        from = at + fragment.size();
    }
}

#ifndef EXAMPLE_CONSOLE_CHAT
#define EXAMPLE_CONSOLE_CHAT ""
#endif
#ifndef EXAMPLE_WIDGETS_CHAT
#define EXAMPLE_WIDGETS_CHAT ""
#endif
#ifndef EXAMPLE_QML_CHAT
#define EXAMPLE_QML_CHAT ""
#endif

void tst_Examples::consoleChat()
{
    run(EXAMPLE_CONSOLE_CHAT, {u"--demo"_s, u"--user"_s, u"console-smoke"_s},
        {u"* connected as console-smoke"_s,           // the connection
         u"* joined; users here:"_s,                  // an ack to our emit
         u"<console-smoke> Hello from Qt! ✓"_s,       // an event from the server
         u"* server received 20 bytes"_s,             // binary, acknowledged
         u"* demo done"_s});
}

void tst_Examples::widgetsChat()
{
    run(EXAMPLE_WIDGETS_CHAT, {u"--demo"_s, u"--user"_s, u"widgets-smoke"_s},
        {u"* connected as widgets-smoke"_s,
         u"* joined (ok); users here:"_s,
         u"<widgets-smoke> Hello from Qt Widgets! ✓"_s,
         u"* pong after"_s,
         u"* server received 16 bytes"_s,
         u"* demo done"_s});
}

void tst_Examples::qmlChat()
{
    // In sanitizer builds, LeakSanitizer's exit-time scan crashes now and then in a Qt Quick
    // process (its tracer gets SIGSEGV): leaks are checked by the other tests, not this one.
    QProcessEnvironment env;
    const QString asan = qEnvironmentVariable("ASAN_OPTIONS");
    env.insert(u"ASAN_OPTIONS"_s, asan.isEmpty() ? u"detect_leaks=0"_s : asan + u":detect_leaks=0"_s);
    run(EXAMPLE_QML_CHAT, {u"--demo"_s, u"--user"_s, u"qml-smoke"_s},
        {u"* connected as qml-smoke"_s,
         u"* joined; users here:"_s,
         u"<qml-smoke> Hello from QML! ✓"_s,
         u"* pong after"_s,
         u"* server received 7 bytes"_s,
         u"* demo done"_s},
        env);
}

QTEST_GUILESS_MAIN(tst_Examples)
#include "tst_examples.moc"
