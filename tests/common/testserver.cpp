#include "testserver.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTimer>

#include <cstdio>

#ifndef SOCKETIOQT_NODE
#define SOCKETIOQT_NODE ""
#endif
#ifndef SOCKETIOQT_TEST_SERVER_DIR
#error "SOCKETIOQT_TEST_SERVER_DIR must point to tests/server"
#endif

TestServer::TestServer(const QStringList &args, QObject *parent)
    : QObject(parent), m_args(args)
{
}

TestServer::~TestServer()
{
    stop();
}

QString TestServer::nodeExecutable()
{
    const QString fromEnv = QProcessEnvironment::systemEnvironment().value(QStringLiteral("SOCKETIOQT_NODE"));
    if (!fromEnv.isEmpty())
        return fromEnv;
    const QString configured = QString::fromUtf8(SOCKETIOQT_NODE);
    if (!configured.isEmpty() && QFileInfo(configured).isExecutable())
        return configured;
    QString found = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (found.isEmpty())
        found = QStandardPaths::findExecutable(QStringLiteral("nodejs"));
    return found;
}

QString TestServer::serverDirectory()
{
    return QString::fromUtf8(SOCKETIOQT_TEST_SERVER_DIR);
}

QString TestServer::serverScript()
{
    return serverDirectory() + QStringLiteral("/server.js");
}

QString TestServer::tlsCertificatePath()
{
    return serverDirectory() + QStringLiteral("/tls/cert.pem");
}

QString TestServer::tlsKeyPath()
{
    return serverDirectory() + QStringLiteral("/tls/key.pem");
}

bool TestServer::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

qint64 TestServer::processId() const
{
    return isRunning() ? m_process->processId() : 0;
}

quint16 TestServer::port() const
{
    return m_port;
}

QString TestServer::argValue(const QString &name) const
{
    for (qsizetype i = 0; i < m_args.size(); ++i) {
        const QString &a = m_args.at(i);
        if (a == name && i + 1 < m_args.size())
            return m_args.at(i + 1);
        if (a.startsWith(name + QLatin1Char('=')))
            return a.mid(name.size() + 1);
    }
    return {};
}

QUrl TestServer::url(const QString &scheme) const
{
    QString host = argValue(QStringLiteral("--host"));
    if (host.isEmpty())
        host = QStringLiteral("127.0.0.1");
    QUrl u;
    u.setScheme(scheme);
    u.setHost(host);
    u.setPort(m_port);
    return u;
}

bool TestServer::fail(const QString &message)
{
    m_error = message;
    qWarning("TestServer: %s", qPrintable(message));
    return false;
}

bool TestServer::start(int timeoutMs)
{
    if (isRunning())
        return true;
    m_error.clear();

    const QString node = nodeExecutable();
    if (node.isEmpty())
        return fail(QStringLiteral("Node.js not found (install nodejs or set SOCKETIOQT_NODE)"));
    if (!QFileInfo::exists(serverDirectory() + QStringLiteral("/node_modules/socket.io/package.json")))
        return fail(QStringLiteral("the npm packages are missing: run `npm ci` in %1 (scripts/install-deps.sh does)")
                        .arg(serverDirectory()));

    delete m_process;
    m_process = new QProcess(this);
    m_process->setProgram(node);
    QStringList args{serverScript()};
    args += m_args;
    // Same port again after a stop (restart): the server sets SO_REUSEADDR, so no wait is needed.
    if (m_port != 0 && argValue(QStringLiteral("--port")).isEmpty())
        args << QStringLiteral("--port") << QString::number(m_port);
    m_process->setArguments(args);
    m_process->setWorkingDirectory(serverDirectory());
    // stdout is ours (the {"port":N} line); stderr goes straight to the test's stderr. stdin stays
    // an open pipe: the server exits when it closes, i.e. when we stop it or this process dies.
    m_process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_stdout.clear();
    m_ready = false;
    m_stopping = false;

    connect(m_process, &QProcess::readyReadStandardOutput, this, &TestServer::onStdout);
    connect(m_process, &QProcess::finished, this, [this](int exitCode) { onFinished(exitCode); });

    QEventLoop loop;
    QTimer timer;
    timer.setSingleShot(true);
    connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
    connect(m_process, &QProcess::readyReadStandardOutput, &loop, [this, &loop] {
        if (m_ready)
            loop.quit();
    });
    connect(m_process, &QProcess::errorOccurred, &loop, [&loop](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            loop.quit();
    });
    connect(m_process, &QProcess::finished, &loop, &QEventLoop::quit);

    m_process->start();
    timer.start(timeoutMs);
    if (!m_ready && m_process->state() != QProcess::NotRunning)
        loop.exec();

    if (m_ready)
        return true;
    QString why;
    if (m_process->error() == QProcess::FailedToStart)
        why = QStringLiteral("could not run %1: %2").arg(node, m_process->errorString());
    else if (m_process->state() == QProcess::NotRunning)
        why = QStringLiteral("server.js exited with code %1 (see its stderr above)").arg(m_process->exitCode());
    else
        why = QStringLiteral("server.js did not report its port within %1 ms").arg(timeoutMs);
    m_stopping = true;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
    return fail(why + QStringLiteral(" [node %1 %2]").arg(node, args.join(QLatin1Char(' '))));
}

void TestServer::onStdout()
{
    m_stdout += m_process->readAllStandardOutput();
    qsizetype nl;
    while ((nl = m_stdout.indexOf('\n')) >= 0) {
        const QByteArray line = m_stdout.left(nl).trimmed();
        m_stdout.remove(0, nl + 1);
        if (!m_ready) {
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            const int port = o.value(QStringLiteral("port")).toInt(-1);
            if (port > 0 && port <= 65535) {
                m_port = quint16(port);
                m_ready = true;
                continue;
            }
        }
        if (!line.isEmpty())
            std::fprintf(stderr, "[test-server stdout] %s\n", line.constData());
    }
    std::fflush(stderr);
}

void TestServer::onFinished(int exitCode)
{
    if (m_stopping || !m_ready)
        return;
    m_ready = false;
    qWarning("TestServer: server.js on port %u exited unexpectedly (code %d)", unsigned(m_port), exitCode);
    emit unexpectedExit(exitCode);
}

void TestServer::stop()
{
    if (!isRunning())
        return;
    m_stopping = true;
    m_process->closeWriteChannel(); // the server exits when its stdin closes
    if (!m_process->waitForFinished(5000)) {
        m_process->terminate();
        if (!m_process->waitForFinished(3000)) {
            m_process->kill();
            m_process->waitForFinished(3000);
        }
    }
    m_ready = false;
}

void TestServer::kill()
{
    if (!isRunning())
        return;
    m_stopping = true;
    m_process->kill();
    m_process->waitForFinished(5000);
    m_ready = false;
}

bool TestServer::restart(int timeoutMs)
{
    stop();
    return start(timeoutMs);
}
