#pragma once

#include "testserver.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

class QProcess;

// The way users scale socket.io out, run by a test: two socket.io 4 nodes (tests/server/server.js
// with --redis) sharing state through @socket.io/redis-adapter and a real redis-server, behind a
// real nginx that balances with sticky sessions. Everything listens on ephemeral loopback ports
// and lives in one temporary directory; no system service is used or touched.
//
//     LoadBalancedCluster cluster;
//     QVERIFY2(cluster.start(), qPrintable(cluster.errorString()));
//     SocketIO io(cluster.url()); // through nginx
//
// Stickiness with open-source nginx (no `sticky` directive): a request without the balancer
// cookie `srv` goes to a node chosen by split_clients on $request_id (50/50, random per request);
// every response sets `srv=<node>`; a request with the cookie goes to that node. A client that
// sends the cookie back therefore stays on its node; one that does not lands on the wrong node
// half the time, which answers "Session ID unknown".
//
// redis-server and nginx are found in PATH, /usr/sbin and /sbin, or through the environment
// variables SOCKETIOQT_REDIS_SERVER and SOCKETIOQT_NGINX. They die with the test process even
// when it crashes (PR_SET_PDEATHSIG); the node servers exit when their stdin closes (TestServer).
// SIO_TEST_DEBUG=1 forwards their output to the test's stderr.

// A program the test runs for itself (redis-server, nginx) in the foreground, as its child.
class ChildProcess
{
public:
    explicit ChildProcess(const QString &name);
    ~ChildProcess();
    ChildProcess(const ChildProcess &) = delete;
    ChildProcess &operator=(const ChildProcess &) = delete;

    bool start(const QString &program, const QStringList &arguments, const QString &workingDirectory);
    bool isRunning() const;
    qint64 processId() const;
    // SIGTERM, then SIGKILL after 5 s; waits for the exit.
    void stop();
    // What it printed (stdout and stderr merged), the last few kB; empty with SIO_TEST_DEBUG=1.
    QString output() const;
    // "exited with code N" / "killed by a signal" / "could not start: ..." / "running".
    QString status() const;
    // Waits for up to ms (processing its output meanwhile); true when it exited.
    bool waitForExit(int ms);

private:
    QString m_name;
    std::unique_ptr<QProcess> m_process;
    mutable QByteArray m_output;
};

class RedisServer
{
public:
    bool start(const QString &directory, int timeoutMs = 15000);
    void stop();
    quint16 port() const { return m_port; }
    QString url() const; // redis://127.0.0.1:PORT
    QString errorString() const { return m_error; }
    bool isRunning() const { return m_process && m_process->isRunning(); }
    static QString executable(); // empty when not found

private:
    bool tryStart(const QString &directory, int timeoutMs);
    std::unique_ptr<ChildProcess> m_process;
    quint16 m_port = 0;
    QString m_error;
};

class NginxBalancer
{
public:
    struct Backend
    {
        QString name; // the value of the `srv` cookie that pins a client to it
        quint16 port; // on 127.0.0.1
    };
    static constexpr const char *cookieName = "srv";

    bool start(const QString &directory, const QList<Backend> &backends, int timeoutMs = 15000);
    void stop();
    quint16 port() const { return m_port; }
    QUrl url() const; // http://127.0.0.1:PORT
    QString errorString() const { return m_error; }
    bool isRunning() const { return m_process && m_process->isRunning(); }
    QString configuration() const { return m_config; }
    // Its access log: one line per request with the cookie, the node chosen, the upstream and
    // the status (for diagnosing a failed test).
    QString accessLog() const;
    static QString executable(); // empty when not found

private:
    bool tryStart(const QString &directory, const QList<Backend> &backends, int timeoutMs);
    std::unique_ptr<ChildProcess> m_process;
    QString m_directory;
    QString m_config;
    quint16 m_port = 0;
    QString m_error;
};

class LoadBalancedCluster
{
public:
    LoadBalancedCluster();
    ~LoadBalancedCluster();

    // Checks the tools, then starts redis-server, the two nodes and nginx. False (see
    // errorString()) when something is missing or fails.
    bool start();
    void stop(); // everything, in reverse order; also done by the destructor

    QUrl url() const { return m_nginx.url(); } // the balancer
    QStringList nodeNames() const { return {QStringLiteral("a"), QStringLiteral("b")}; }
    TestServer *node(const QString &name) const; // nullptr for an unknown name
    RedisServer &redis() { return m_redis; }
    NginxBalancer &balancer() { return m_nginx; }
    QString errorString() const { return m_error; }
    // Everything dead that should be alive, as text; empty when all runs.
    QString health() const;

    // Empty when redis-server, nginx and node (with the npm packages) are there; else what is
    // missing and how to install it.
    static QString missingTools();

private:
    bool fail(const QString &message);
    std::unique_ptr<QTemporaryDir> m_dir;
    RedisServer m_redis;
    std::unique_ptr<TestServer> m_nodeA;
    std::unique_ptr<TestServer> m_nodeB;
    NginxBalancer m_nginx;
    QString m_error;
};
