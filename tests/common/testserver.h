#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

class QProcess;

// Runs the real Socket.IO server of tests/server/server.js (Node.js) for a test.
//
//     TestServer server({QStringLiteral("--version"), QStringLiteral("2")});
//     QVERIFY2(server.start(), qPrintable(server.errorString()));
//     client.connectToServer(server.url());
//
// The arguments are server.js's own (--version 4|2|1, --ping-interval MS, --recovery, ...).
// The server listens on an ephemeral loopback port unless --port is given; start() waits for
// its {"port":N} line. Its stderr goes to the test's stderr (set SIO_TEST_DEBUG=1 to make it
// talk). The server exits by itself when the test process dies (it watches its stdin).
class TestServer : public QObject
{
    Q_OBJECT
public:
    explicit TestServer(const QStringList &args = {}, QObject *parent = nullptr);
    ~TestServer() override;

    // Starts the server and waits until it listens. False (see errorString()) when node or the
    // npm packages are missing, the server fails, or it is not ready within timeoutMs.
    bool start(int timeoutMs = 15000);
    // The port it listens on: 0 before the first start(); kept after stop() and kill().
    quint16 port() const;
    // "http://127.0.0.1:PORT" (the --host given, if any); scheme "https", "ws", "wss" also work.
    QUrl url(const QString &scheme = QStringLiteral("http")) const;
    // Graceful stop: closes the server's stdin, then SIGTERM, then SIGKILL. Waits for the exit.
    void stop();
    // SIGKILL at once, as a crash would; waits for the exit.
    void kill();
    // stop() (if running) then start() again on the same port.
    bool restart(int timeoutMs = 15000);

    bool isRunning() const;
    qint64 processId() const; // of the node process; 0 when not running
    QStringList arguments() const { return m_args; }
    QString errorString() const { return m_error; }

    // Where things are: the node executable (env SOCKETIOQT_NODE, else the one CMake found,
    // else `node` in PATH; empty when none), tests/server, server.js, and a self-signed
    // certificate for localhost/127.0.0.1/::1 with its key (for --tls-cert/--tls-key).
    static QString nodeExecutable();
    static QString serverDirectory();
    static QString serverScript();
    static QString tlsCertificatePath();
    static QString tlsKeyPath();

signals:
    // The server exited while nobody asked it to (crash, bad arguments, ...).
    void unexpectedExit(int exitCode);

private:
    void onStdout();
    void onFinished(int exitCode);
    bool fail(const QString &message);
    QString argValue(const QString &name) const;

    QStringList m_args;
    QProcess *m_process = nullptr;
    QByteArray m_stdout;
    QString m_error;
    quint16 m_port = 0;
    bool m_ready = false;
    bool m_stopping = false;
};
