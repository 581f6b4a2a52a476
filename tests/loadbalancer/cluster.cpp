#include "cluster.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUuid>

#include <cstdio>
#include <functional>

#ifdef Q_OS_LINUX
#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>
#endif

namespace {

constexpr qsizetype kOutputKept = 16 * 1024;
constexpr int kStartAttempts = 3; // a new port each time: another process may take ours

bool debugOutput()
{
    return qEnvironmentVariable("SIO_TEST_DEBUG") == QLatin1String("1");
}

// An ephemeral loopback port that was free a moment ago (the kernel picks it; the caller
// retries with another one should somebody take it in between).
quint16 freeLoopbackPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

QString findTool(const QString &name, const char *envVar)
{
    const QString fromEnv = qEnvironmentVariable(envVar);
    if (!fromEnv.isEmpty())
        return QFileInfo(fromEnv).isExecutable() ? fromEnv : QString();
    QString found = QStandardPaths::findExecutable(name);
    if (found.isEmpty()) {
        // Debian puts nginx in /usr/sbin, which is not in every user's PATH.
        found = QStandardPaths::findExecutable(name, {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin"),
                                                      QStringLiteral("/usr/local/sbin"), QStringLiteral("/usr/bin"),
                                                      QStringLiteral("/usr/local/bin")});
    }
    return found;
}

QString tail(const QString &text, int lines = 40)
{
    QStringList all = text.split(QLatin1Char('\n'));
    if (all.size() > lines)
        all = all.mid(all.size() - lines);
    return all.join(QLatin1Char('\n')).trimmed();
}

// One request/answer over a fresh TCP connection, synchronously, for the readiness checks:
// reads until complete(answer) or the peer closes. Empty when nobody listens.
QByteArray exchange(quint16 port, const QByteArray &request,
                    const std::function<bool(const QByteArray &)> &complete, int timeoutMs)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(qMin(timeoutMs, 1000)))
        return {};
    socket.write(request);
    QByteArray answer;
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (socket.bytesAvailable() == 0 && !socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))))
            break;
        answer += socket.readAll();
        if (complete(answer))
            break;
    }
    answer += socket.readAll();
    return answer;
}

// A whole RESP reply: a bulk string "$<n>\r\n<n bytes>\r\n" or a one-line reply.
bool completeRedisReply(const QByteArray &answer)
{
    const qsizetype eol = answer.indexOf("\r\n");
    if (eol < 0)
        return false;
    if (!answer.startsWith('$'))
        return true;
    const qsizetype length = answer.mid(1, eol - 1).toLongLong();
    return length < 0 || answer.size() >= eol + 2 + length + 2;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// ChildProcess

ChildProcess::ChildProcess(const QString &name) : m_name(name) {}

ChildProcess::~ChildProcess()
{
    stop();
}

bool ChildProcess::start(const QString &program, const QStringList &arguments, const QString &workingDirectory)
{
    stop();
    m_output.clear();
    m_process = std::make_unique<QProcess>();
    m_process->setProgram(program);
    m_process->setArguments(arguments);
    m_process->setWorkingDirectory(workingDirectory);
    if (debugOutput()) {
        m_process->setProcessChannelMode(QProcess::ForwardedChannels);
    } else {
        m_process->setProcessChannelMode(QProcess::MergedChannels);
        QProcess *process = m_process.get();
        QObject::connect(process, &QProcess::readyReadStandardOutput, process, [this] { output(); });
    }
#ifdef Q_OS_LINUX
    // Never outlive the test, even when it crashes or is killed: the kernel sends SIGKILL to
    // the child when this (the main) thread ends. Both programs run in the foreground without
    // forking (redis: no saves; nginx: master_process off), so nothing else is left behind.
    const pid_t parent = ::getpid();
    m_process->setChildProcessModifier([parent] {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) // the test already died between fork and prctl
            ::_exit(127);
    });
#endif
    m_process->start();
    return m_process->waitForStarted(10000);
}

bool ChildProcess::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

qint64 ChildProcess::processId() const
{
    return isRunning() ? m_process->processId() : 0;
}

bool ChildProcess::waitForExit(int ms)
{
    if (!isRunning())
        return true;
    return m_process->waitForFinished(ms);
}

void ChildProcess::stop()
{
    if (!isRunning())
        return;
    m_process->terminate();
    if (!m_process->waitForFinished(5000)) {
        std::fprintf(stderr, "[%s] did not exit on SIGTERM: SIGKILL\n", qPrintable(m_name));
        m_process->kill();
        m_process->waitForFinished(5000);
    }
}

QString ChildProcess::output() const
{
    if (m_process && m_process->processChannelMode() == QProcess::MergedChannels) {
        m_output += m_process->readAllStandardOutput();
        if (m_output.size() > kOutputKept)
            m_output = m_output.right(kOutputKept);
    }
    return QString::fromLocal8Bit(m_output);
}

QString ChildProcess::status() const
{
    if (!m_process)
        return QStringLiteral("not started");
    if (m_process->error() == QProcess::FailedToStart)
        return QStringLiteral("could not start %1: %2").arg(m_process->program(), m_process->errorString());
    if (isRunning())
        return QStringLiteral("running (pid %1)").arg(m_process->processId());
    if (m_process->exitStatus() == QProcess::CrashExit)
        return QStringLiteral("killed by a signal");
    return QStringLiteral("exited with code %1").arg(m_process->exitCode());
}

// ---------------------------------------------------------------------------------------------
// RedisServer

QString RedisServer::executable()
{
    return findTool(QStringLiteral("redis-server"), "SOCKETIOQT_REDIS_SERVER");
}

QString RedisServer::url() const
{
    return QStringLiteral("redis://127.0.0.1:%1").arg(m_port);
}

bool RedisServer::start(const QString &directory, int timeoutMs)
{
    for (int attempt = 1; attempt <= kStartAttempts; ++attempt) {
        if (tryStart(directory, timeoutMs))
            return true;
    }
    return false;
}

bool RedisServer::tryStart(const QString &directory, int timeoutMs)
{
    m_error.clear();
    const QString program = executable();
    if (program.isEmpty()) {
        m_error = QStringLiteral("redis-server not found");
        return false;
    }
    m_port = freeLoopbackPort();
    if (m_port == 0) {
        m_error = QStringLiteral("no free loopback port");
        return false;
    }
    QDir().mkpath(directory);
    // In the foreground, on loopback only, no persistence (it never forks a saving child),
    // its log on stdout. No configuration file: nothing of the system's redis is used.
    const QStringList args{
        QStringLiteral("--port"), QString::number(m_port),
        QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
        QStringLiteral("--protected-mode"), QStringLiteral("yes"),
        QStringLiteral("--daemonize"), QStringLiteral("no"),
        QStringLiteral("--save"), QString(),
        QStringLiteral("--appendonly"), QStringLiteral("no"),
        QStringLiteral("--dir"), directory,
        QStringLiteral("--logfile"), QString(),
        QStringLiteral("--loglevel"), QStringLiteral("warning"),
        QStringLiteral("--databases"), QStringLiteral("1"),
    };
    m_process = std::make_unique<ChildProcess>(QStringLiteral("redis-server"));
    if (!m_process->start(program, args, directory)) {
        m_error = m_process->status();
        return false;
    }
    // Ready when it answers on its port, and it is this redis (its pid), not some other one.
    const QByteArray wantPid = "process_id:" + QByteArray::number(m_process->processId()) + "\r\n";
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (!m_process->isRunning()) {
            m_error = QStringLiteral("redis-server %1 (port %2):\n%3")
                          .arg(m_process->status()).arg(m_port).arg(tail(m_process->output()));
            return false;
        }
        const QByteArray info = exchange(m_port, "INFO server\r\n", completeRedisReply, 2000);
        if (info.contains(wantPid))
            return true;
        if (info.contains("process_id:")) {
            m_error = QStringLiteral("port %1 is taken by another redis-server").arg(m_port);
            m_process->stop();
            return false;
        }
        m_process->waitForExit(25); // not listening yet: try again in a moment (or notice its exit)
    }
    m_error = QStringLiteral("redis-server did not answer on port %1 within %2 ms:\n%3")
                  .arg(m_port).arg(timeoutMs).arg(tail(m_process->output()));
    m_process->stop();
    return false;
}

void RedisServer::stop()
{
    if (m_process)
        m_process->stop();
}

// ---------------------------------------------------------------------------------------------
// NginxBalancer

QString NginxBalancer::executable()
{
    return findTool(QStringLiteral("nginx"), "SOCKETIOQT_NGINX");
}

QUrl NginxBalancer::url() const
{
    QUrl u;
    u.setScheme(QStringLiteral("http"));
    u.setHost(QStringLiteral("127.0.0.1"));
    u.setPort(m_port);
    return u;
}

QString NginxBalancer::accessLog() const
{
    QFile file(m_directory + QStringLiteral("/access.log"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

bool NginxBalancer::start(const QString &directory, const QList<Backend> &backends, int timeoutMs)
{
    for (int attempt = 1; attempt <= kStartAttempts; ++attempt) {
        if (tryStart(directory, backends, timeoutMs))
            return true;
    }
    return false;
}

bool NginxBalancer::tryStart(const QString &directory, const QList<Backend> &backends, int timeoutMs)
{
    m_error.clear();
    const QString program = executable();
    if (program.isEmpty()) {
        m_error = QStringLiteral("nginx not found");
        return false;
    }
    if (backends.isEmpty()) {
        m_error = QStringLiteral("no backends");
        return false;
    }
    m_port = freeLoopbackPort();
    if (m_port == 0) {
        m_error = QStringLiteral("no free loopback port");
        return false;
    }
    m_directory = QDir(directory).absolutePath();
    QDir().mkpath(m_directory);
    const QString dir = m_directory;
    const QString token = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QString cookie = QString::fromLatin1(cookieName);

    // Cookie-less requests: a node at random, per request. split_clients takes percentages
    // with at most two decimals; the last node gets the rest.
    QString split;
    for (qsizetype i = 0; i < backends.size(); ++i) {
        if (i + 1 < backends.size())
            split += QStringLiteral("        %1% %2;\n").arg(QString::number(100.0 / backends.size(), 'f', 2), backends.at(i).name);
        else
            split += QStringLiteral("        * %1;\n").arg(backends.at(i).name);
    }
    QString byCookie, upstreams;
    for (const Backend &b : backends) {
        byCookie += QStringLiteral("        %1 %1;\n").arg(b.name);
        upstreams += QStringLiteral("        %1 127.0.0.1:%2;\n").arg(b.name).arg(b.port);
    }

    // Everything in the temporary directory, nothing from /etc/nginx or /var. One process
    // (master_process off): it cannot leave workers behind and dies with the test.
    m_config = QStringLiteral(
        "# Generated by tests/loadbalancer (LoadBalancedCluster): sticky sessions with a cookie.\n"
        "master_process off;\n"
        "daemon off;\n"
        "pid ") + dir + QStringLiteral("/nginx.pid;\n"
        "error_log stderr warn;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        "    log_format lb '$remote_addr \"$request\" $status cookie=$cookie_") + cookie + QStringLiteral(
        " node=$lb_node upstream=$upstream_addr upstream_status=$upstream_status';\n"
        "    access_log ") + dir + QStringLiteral("/access.log lb;\n"
        "    client_body_temp_path ") + dir + QStringLiteral("/client_body;\n"
        "    proxy_temp_path ") + dir + QStringLiteral("/proxy;\n"
        "    fastcgi_temp_path ") + dir + QStringLiteral("/fastcgi;\n"
        "    uwsgi_temp_path ") + dir + QStringLiteral("/uwsgi;\n"
        "    scgi_temp_path ") + dir + QStringLiteral("/scgi;\n"
        "\n"
        "    # A request without the cookie: a node at random (a new $request_id for every request).\n"
        "    split_clients \"${request_id}\" $lb_random {\n") + split + QStringLiteral(
        "    }\n"
        "    # With the cookie: its node.\n"
        "    map $cookie_") + cookie + QStringLiteral(" $lb_node {\n"
        "        default $lb_random;\n") + byCookie + QStringLiteral(
        "    }\n"
        "    map $lb_node $lb_upstream {\n") + upstreams + QStringLiteral(
        "    }\n"
        "    map $http_upgrade $lb_connection {\n"
        "        default upgrade;\n"
        "        '' close;\n"
        "    }\n"
        "\n"
        "    server {\n"
        "        listen 127.0.0.1:") + QString::number(m_port) + QStringLiteral(";\n"
        "        location = /socketioqt-lb-health {\n"
        "            return 200 \"") + token + QStringLiteral("\";\n"
        "        }\n"
        "        location / {\n"
        "            add_header Set-Cookie \"") + cookie + QStringLiteral("=$lb_node; Path=/; HttpOnly\" always;\n"
        "            proxy_pass http://$lb_upstream;\n"
        "            proxy_http_version 1.1;\n"
        "            proxy_set_header Host $host;\n"
        "            proxy_set_header Upgrade $http_upgrade;\n"
        "            proxy_set_header Connection $lb_connection;\n"
        "            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
        "            proxy_buffering off;\n"
        "            proxy_read_timeout 1h;\n"
        "            proxy_send_timeout 1h;\n"
        "        }\n"
        "    }\n"
        "}\n");

    const QString configPath = dir + QStringLiteral("/nginx.conf");
    QFile file(configPath);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(m_config.toUtf8()) < 0) {
        m_error = QStringLiteral("cannot write %1: %2").arg(configPath, file.errorString());
        return false;
    }
    file.close();

    // -e stderr: the error log before the configuration is read (the compiled-in path may be
    // unwritable); -p: relative paths resolve in the temporary directory.
    const QStringList args{QStringLiteral("-p"), dir + QLatin1Char('/'), QStringLiteral("-c"), configPath,
                           QStringLiteral("-e"), QStringLiteral("stderr")};
    m_process = std::make_unique<ChildProcess>(QStringLiteral("nginx"));
    if (!m_process->start(program, args, dir)) {
        m_error = m_process->status();
        return false;
    }
    // Ready when it answers its health location with our token (so it is this nginx).
    const QByteArray request = "GET /socketioqt-lb-health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (!m_process->isRunning()) {
            m_error = QStringLiteral("nginx %1 (port %2):\n%3\nconfiguration:\n%4")
                          .arg(m_process->status()).arg(m_port).arg(tail(m_process->output()), m_config);
            return false;
        }
        const QByteArray answer = exchange(
            m_port, request, [&token](const QByteArray &a) { return a.contains(token.toLatin1()); }, 2000);
        if (answer.contains(token.toLatin1()))
            return true;
        if (!answer.isEmpty()) {
            m_error = QStringLiteral("port %1 is taken by another HTTP server").arg(m_port);
            m_process->stop();
            return false;
        }
        m_process->waitForExit(25); // not listening yet: try again in a moment (or notice its exit)
    }
    m_error = QStringLiteral("nginx did not answer on port %1 within %2 ms:\n%3")
                  .arg(m_port).arg(timeoutMs).arg(tail(m_process->output()));
    m_process->stop();
    return false;
}

void NginxBalancer::stop()
{
    if (m_process)
        m_process->stop();
}

// ---------------------------------------------------------------------------------------------
// LoadBalancedCluster

LoadBalancedCluster::LoadBalancedCluster() = default;

LoadBalancedCluster::~LoadBalancedCluster()
{
    stop();
}

QString LoadBalancedCluster::missingTools()
{
    QStringList missing;
    for (const char *var : {"SOCKETIOQT_REDIS_SERVER", "SOCKETIOQT_NGINX"}) {
        const QString value = qEnvironmentVariable(var);
        if (!value.isEmpty() && !QFileInfo(value).isExecutable())
            missing << QStringLiteral("%1=%2 is not an executable").arg(QLatin1String(var), value);
    }
    if (!missing.isEmpty())
        return missing.join(QLatin1Char('\n'));
    if (RedisServer::executable().isEmpty()) {
        missing << QStringLiteral("redis-server not found (looked in PATH, /usr/sbin, /sbin, $SOCKETIOQT_REDIS_SERVER): "
                                  "install Debian's redis-server package (scripts/install-deps.sh does)");
    }
    if (NginxBalancer::executable().isEmpty()) {
        missing << QStringLiteral("nginx not found (looked in PATH, /usr/sbin, /sbin, $SOCKETIOQT_NGINX): "
                                  "install Debian's nginx package (scripts/install-deps.sh does)");
    }
    if (TestServer::nodeExecutable().isEmpty())
        missing << QStringLiteral("Node.js not found (install nodejs or set SOCKETIOQT_NODE)");
    for (const char *package : {"socket.io", "@socket.io/redis-adapter", "redis"}) {
        const QString manifest = TestServer::serverDirectory() + QStringLiteral("/node_modules/%1/package.json")
                                     .arg(QLatin1String(package));
        if (!QFileInfo::exists(manifest)) {
            missing << QStringLiteral("npm package %1 missing: run `npm ci` in %2 (scripts/install-deps.sh does)")
                           .arg(QLatin1String(package), TestServer::serverDirectory());
        }
    }
    return missing.join(QLatin1Char('\n'));
}

bool LoadBalancedCluster::fail(const QString &message)
{
    m_error = message;
    stop();
    return false;
}

bool LoadBalancedCluster::start()
{
    m_error.clear();
    const QString missing = missingTools();
    if (!missing.isEmpty())
        return fail(missing);

    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/socketioqt-lb-XXXXXX"));
    if (!m_dir->isValid())
        return fail(QStringLiteral("no temporary directory: %1").arg(m_dir->errorString()));
    if (debugOutput())
        std::fprintf(stderr, "[cluster] directory %s\n", qPrintable(m_dir->path()));

    if (!m_redis.start(m_dir->path() + QStringLiteral("/redis")))
        return fail(QStringLiteral("redis-server: %1").arg(m_redis.errorString()));

    m_nodeA = std::make_unique<TestServer>(QStringList{QStringLiteral("--redis"), m_redis.url(),
                                                       QStringLiteral("--name"), QStringLiteral("a")});
    m_nodeB = std::make_unique<TestServer>(QStringList{QStringLiteral("--redis"), m_redis.url(),
                                                       QStringLiteral("--name"), QStringLiteral("b")});
    if (!m_nodeA->start())
        return fail(QStringLiteral("node a: %1").arg(m_nodeA->errorString()));
    if (!m_nodeB->start())
        return fail(QStringLiteral("node b: %1").arg(m_nodeB->errorString()));

    const QList<NginxBalancer::Backend> backends{{QStringLiteral("a"), m_nodeA->port()},
                                                 {QStringLiteral("b"), m_nodeB->port()}};
    if (!m_nginx.start(m_dir->path() + QStringLiteral("/nginx"), backends))
        return fail(QStringLiteral("nginx: %1").arg(m_nginx.errorString()));
    if (debugOutput()) {
        std::fprintf(stderr, "[cluster] redis %s, node a :%u, node b :%u, nginx %s\n", qPrintable(m_redis.url()),
                     unsigned(m_nodeA->port()), unsigned(m_nodeB->port()), qPrintable(m_nginx.url().toString()));
    }
    return true;
}

void LoadBalancedCluster::stop()
{
    m_nginx.stop();
    if (m_nodeB)
        m_nodeB->stop();
    if (m_nodeA)
        m_nodeA->stop();
    m_redis.stop();
}

TestServer *LoadBalancedCluster::node(const QString &name) const
{
    if (name == QLatin1String("a"))
        return m_nodeA.get();
    if (name == QLatin1String("b"))
        return m_nodeB.get();
    return nullptr;
}

QString LoadBalancedCluster::health() const
{
    QStringList dead;
    if (!m_redis.isRunning())
        dead << QStringLiteral("redis-server is not running");
    if (!m_nodeA || !m_nodeA->isRunning())
        dead << QStringLiteral("node a is not running");
    if (!m_nodeB || !m_nodeB->isRunning())
        dead << QStringLiteral("node b is not running");
    if (!m_nginx.isRunning())
        dead << QStringLiteral("nginx is not running");
    return dead.join(QStringLiteral("; "));
}
