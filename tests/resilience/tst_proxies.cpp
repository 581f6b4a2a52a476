// SocketIO::setProxy with real proxies started by the test on loopback ports: tinyproxy (HTTP:
// forward proxying for polling, CONNECT for WebSocket and for TLS) and microsocks (SOCKS5),
// both transports through each. That the traffic went through the proxy is read in the proxy's
// own log, and a proxy that is gone makes the client fail.
// Needs the Debian packages tinyproxy and microsocks (scripts/install-deps.sh); skipped without.
#include "testserver.h"

#include <SocketIOQt/socketio.h>

#include <QtNetwork/qnetworkproxy.h>
#include <QtNetwork/qtcpserver.h>
#include <QtNetwork/qtcpsocket.h>
#include <QtTest>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

namespace {

quint16 freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

// A proxy program on a loopback port, with its log in a temp dir.
class ProxyProcess
{
public:
    enum Kind { Http, Socks5 };
    explicit ProxyProcess(Kind kind) : m_kind(kind) {}
    ~ProxyProcess() { stop(); }

    static QString program(Kind kind)
    {
        const QString name = kind == Http ? u"tinyproxy"_s : u"microsocks"_s;
        QString path = QStandardPaths::findExecutable(name);
        if (path.isEmpty())
            path = QStandardPaths::findExecutable(name, {u"/usr/bin"_s, u"/usr/sbin"_s});
        return path;
    }

    bool start(QString *error)
    {
        const QString exe = program(m_kind);
        if (exe.isEmpty()) {
            *error = u"not installed"_s;
            return false;
        }
        if (!m_dir.isValid()) {
            *error = u"no temp dir"_s;
            return false;
        }
        // tinyproxy takes its port from its configuration: a free one, then check it listens.
        for (int attempt = 0; attempt < 5; ++attempt) {
            m_port = freePort();
            QStringList args;
            if (m_kind == Http) {
                QFile conf(m_dir.filePath(u"tinyproxy.conf"_s));
                if (!conf.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
                    *error = conf.errorString();
                    return false;
                }
                // No ConnectPort line: CONNECT to any port (WebSocket and TLS on test ports).
                conf.write(QStringLiteral("Port %1\nListen 127.0.0.1\nTimeout 120\nLogFile \"%2\"\n"
                                          "LogLevel Connect\nMaxClients 100\nAllow 127.0.0.1\n")
                                   .arg(m_port)
                                   .arg(logPath())
                                   .toUtf8());
                conf.close();
                args = {u"-d"_s, u"-c"_s, conf.fileName()};
            } else {
                args = {u"-i"_s, u"127.0.0.1"_s, u"-p"_s, QString::number(m_port)};
            }
            m_process.setProcessChannelMode(QProcess::SeparateChannels);
            m_process.setStandardErrorFile(m_kind == Socks5 ? logPath() : m_dir.filePath(u"stderr.txt"_s));
            m_process.setStandardOutputFile(m_dir.filePath(u"stdout.txt"_s));
            m_process.start(exe, args);
            if (!m_process.waitForStarted(5000)) {
                *error = m_process.errorString();
                return false;
            }
            QDeadlineTimer deadline(5000);
            while (!deadline.hasExpired() && m_process.state() == QProcess::Running) {
                QTcpSocket probe;
                probe.connectToHost(QHostAddress::LocalHost, m_port);
                if (probe.waitForConnected(200)) {
                    probe.disconnectFromHost();
                    return true;
                }
                QTest::qWait(50);
            }
            stop(); // the port was taken meanwhile, or the program failed: again
        }
        *error = u"did not listen"_s;
        return false;
    }

    void stop()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(3000);
        }
    }

    QNetworkProxy proxy() const
    {
        return QNetworkProxy(m_kind == Http ? QNetworkProxy::HttpProxy : QNetworkProxy::Socks5Proxy,
                             u"127.0.0.1"_s, m_port);
    }
    QString logPath() const { return m_dir.filePath(u"proxy.log"_s); }
    QByteArray log() const
    {
        QFile f(logPath());
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private:
    Kind m_kind;
    QTemporaryDir m_dir;
    QProcess m_process;
    quint16 m_port = 0;
};

QVariantMap whoami(Namespace *ns)
{
    AckReply *reply = ns->emitWithAck(u"whoami"_s, {}, std::chrono::milliseconds(5000));
    QSignalSpy done(reply, &AckReply::finished);
    if (!reply->isFinished())
        done.wait(6000);
    return reply->arguments().value(0).toMap();
}

} // namespace

class tst_Proxies : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void throughProxy_data();
    void throughProxy();
    void proxyGoneFails_data();
    void proxyGoneFails();

private:
    TestServer m_server;
    TestServer m_tls{{u"--tls-cert"_s, TestServer::tlsCertificatePath(), u"--tls-key"_s, TestServer::tlsKeyPath()}};
};

void tst_Proxies::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    QVERIFY2(m_tls.start(), qPrintable(m_tls.errorString()));
}

void tst_Proxies::throughProxy_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QStringList>("transports");
    QTest::addColumn<bool>("tls");
    for (int kind : {int(ProxyProcess::Http), int(ProxyProcess::Socks5)}) {
        const char *k = kind == ProxyProcess::Http ? "http" : "socks5";
        QTest::addRow("%s: websocket", k) << kind << QStringList{u"websocket"_s} << false;
        QTest::addRow("%s: polling", k) << kind << QStringList{u"polling"_s} << false;
        QTest::addRow("%s: polling+upgrade", k) << kind << QStringList{u"polling"_s, u"websocket"_s} << false;
        QTest::addRow("%s: wss", k) << kind << QStringList{u"websocket"_s} << true;
        QTest::addRow("%s: https polling", k) << kind << QStringList{u"polling"_s} << true;
    }
}

void tst_Proxies::throughProxy()
{
    QFETCH(int, kind);
    QFETCH(QStringList, transports);
    QFETCH(bool, tls);
    ProxyProcess proxy{ProxyProcess::Kind(kind)};
    QString error;
    if (ProxyProcess::program(ProxyProcess::Kind(kind)).isEmpty())
        QSKIP(kind == ProxyProcess::Http ? "tinyproxy is not installed (scripts/install-deps.sh)"
                                         : "microsocks is not installed (scripts/install-deps.sh)");
    QVERIFY2(proxy.start(&error), qPrintable(error));

    TestServer &server = tls ? m_tls : m_server;
    SocketIO io(server.url(tls ? u"https"_s : u"http"_s));
    io.setTransports(transports);
    io.setProxy(proxy.proxy());
    QCOMPARE(io.proxy(), proxy.proxy());
    if (tls) {
        QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
        conf.addCaCertificates(TestServer::tlsCertificatePath());
        io.setSslConfiguration(conf);
    }
    Namespace *ns = io.socket();
    QSignalSpy connected(ns, &Namespace::connected);
    QStringList lost; // each loss: its reason and the error that caused it
    connect(&io, &SocketIO::closed, &io, [&](const QString &reason) { lost << reason + u": "_s + io.errorString(); });
    io.open();
    QVERIFY2(connected.wait(10000), qPrintable(io.errorString()));
    // tinyproxy answers without "Connection: close" and closes the connection right after (its
    // issue #563). A poll or POST that Qt sends on that connection in the meantime never reaches
    // the server; Qt would send it again, which the client refuses (a request it cannot know
    // unanswered must not go twice): the connection is lost with a transport error and comes
    // back, as with the Node client. That loss, and no other, is allowed here whenever polling
    // goes through tinyproxy (also the polling that precedes an upgrade; it can strike more
    // than once in one exchange), and the exchange is then done again on the new connection.
    const bool racy = kind == ProxyProcess::Http && !tls && transports.first() == u"polling"_s;
    QVariantMap who;
    QByteArray echoed;
    for (int attempt = 0; attempt < 3; ++attempt) {
        if (attempt > 0) {
            QVERIFY(racy);
            qInfo("tinyproxy closed a connection under a request: once more on the new connection");
            QVERIFY(!lost.isEmpty());
            for (const QString &loss : std::as_const(lost))
                QCOMPARE(loss, u"transport error: The connection closed during an HTTP request"_s);
            QVERIFY(ns->isConnected() || connected.wait(10000));
        }
        lost.clear();
        if (transports.size() == 2)
            QTRY_COMPARE(io.transport(), u"websocket"_s);
        who = whoami(ns);
        QSignalSpy events(ns, &Namespace::eventReceived);
        if (!who.isEmpty()) {
            ns->emitEvent(u"echo"_s, {QByteArray("\x00\x01 binary through the proxy", 26)});
            if (events.wait(15000))
                echoed = events.at(0).at(1).toList().value(0).toByteArray();
        }
        if (lost.isEmpty())
            break;
    }
    QCOMPARE(lost, QStringList{});
    QCOMPARE(who.value(u"transport"_s).toString(), transports.last());
    QCOMPARE(echoed, QByteArray("\x00\x01 binary through the proxy", 26));

    // The proxy's log shows our requests.
    const QByteArray log = proxy.log();
    const QByteArray target = "127.0.0.1:" + QByteArray::number(server.port());
    if (kind == ProxyProcess::Http) {
        const bool plainPolling = !tls && transports.first() == u"polling"_s;
        if (plainPolling) {
            // Forward proxying: the absolute URL in the request line, and tinyproxy's Via header.
            QVERIFY2(log.contains("GET http://" + target + "/socket.io/?EIO=4&transport=polling"), log.constData());
            QVERIFY(who.value(u"headers"_s).toMap().value(u"via"_s).toString().contains(u"tinyproxy"_s)
                    || transports.size() == 2);
        }
        if (tls || transports.contains(u"websocket"_s))
            QVERIFY2(log.contains("CONNECT " + target), log.constData()); // tunnels
    } else {
        QVERIFY2(log.contains("connected to " + target), log.constData());
    }
}

void tst_Proxies::proxyGoneFails_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QStringList>("transports");
    for (int kind : {int(ProxyProcess::Http), int(ProxyProcess::Socks5)}) {
        const char *k = kind == ProxyProcess::Http ? "http" : "socks5";
        QTest::addRow("%s: websocket", k) << kind << QStringList{u"websocket"_s};
        QTest::addRow("%s: polling", k) << kind << QStringList{u"polling"_s};
    }
}

void tst_Proxies::proxyGoneFails()
{
    // With the proxy stopped, the (reachable) server is not reached: the proxy really is used,
    // loopback or not.
    QFETCH(int, kind);
    QFETCH(QStringList, transports);
    if (ProxyProcess::program(ProxyProcess::Kind(kind)).isEmpty())
        QSKIP("proxy program not installed (scripts/install-deps.sh)");
    ProxyProcess proxy{ProxyProcess::Kind(kind)};
    QString error;
    QVERIFY2(proxy.start(&error), qPrintable(error));
    SocketIO io(m_server.url());
    io.setTransports(transports);
    io.setReconnectionDelay(100);
    io.setReconnectionDelayMax(100);
    io.setProxy(proxy.proxy());
    Namespace *ns = io.socket();
    QSignalSpy connected(ns, &Namespace::connected);
    io.open();
    QVERIFY(connected.wait(10000));

    QSignalSpy disconnected(ns, &Namespace::disconnected);
    QSignalSpy reconnectErrors(&io, &SocketIO::reconnectError);
    proxy.stop();
    if (transports.first() == u"websocket"_s) {
        QVERIFY(disconnected.wait(15000)); // the tunnel was the connection
    } else {
        ns->emitEvent(u"echo"_s, {1}); // the next request needs the proxy
        QVERIFY(disconnected.wait(15000));
    }
    QVERIFY(!reconnectErrors.isEmpty() || reconnectErrors.wait(15000));
    QVERIFY(!ns->isConnected());
    QCOMPARE(io.error(), SocketIO::ConnectionError);
    io.close();
}

QTEST_MAIN(tst_Proxies)
#include "tst_proxies.moc"
