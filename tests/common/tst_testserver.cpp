// Self-test of TestServer: the Node.js server starts, answers on its port, stops, restarts on
// the same port, and each socket.io generation answers an Engine.IO handshake.
#include "testserver.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <signal.h>
#include <sys/types.h>

class tst_TestServer : public QObject
{
    Q_OBJECT

private:
    // Sends a polling handshake over a plain TCP socket; returns the HTTP response.
    static QByteArray handshake(quint16 port, int eio)
    {
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), port);
        if (!socket.waitForConnected(5000))
            return {};
        socket.write("GET /socket.io/?EIO=" + QByteArray::number(eio)
                     + "&transport=polling HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        QByteArray response;
        QSignalSpy closed(&socket, &QTcpSocket::disconnected);
        while (socket.state() == QAbstractSocket::ConnectedState && closed.wait(5000)) { }
        response += socket.readAll();
        return response;
    }

    static bool canConnect(quint16 port)
    {
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), port);
        return socket.waitForConnected(3000);
    }

private slots:
    void initTestCase()
    {
        if (TestServer::nodeExecutable().isEmpty())
            QSKIP("Node.js is not installed");
    }

    void startConnectStop()
    {
        TestServer server;
        QCOMPARE(server.port(), quint16(0));
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        QVERIFY(server.isRunning());
        QVERIFY(server.port() != 0);
        QCOMPARE(server.url(), QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.port())));
        QCOMPARE(server.url(QStringLiteral("ws")).toString(), QStringLiteral("ws://127.0.0.1:%1").arg(server.port()));

        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), server.port());
        QVERIFY(socket.waitForConnected(5000));
        socket.disconnectFromHost();

        const quint16 port = server.port();
        server.stop();
        QVERIFY(!server.isRunning());
        QCOMPARE(server.port(), port);
        QVERIFY(!canConnect(port));
    }

    void handshakePerVersion_data()
    {
        QTest::addColumn<QString>("version");
        QTest::addColumn<int>("eio");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("socket.io 4") << QStringLiteral("4") << 4 << QByteArray("\"maxPayload\"");
        QTest::newRow("socket.io 4, EIO3 refused") << QStringLiteral("4") << 3 << QByteArray("400 Bad Request");
        QTest::newRow("socket.io 2") << QStringLiteral("2") << 3 << QByteArray("\"pingInterval\"");
        QTest::newRow("socket.io 1") << QStringLiteral("1") << 3 << QByteArray("\"pingInterval\"");
    }

    void handshakePerVersion()
    {
        QFETCH(QString, version);
        QFETCH(int, eio);
        QFETCH(QByteArray, expected);
        TestServer server({QStringLiteral("--version"), version});
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        const QByteArray response = handshake(server.port(), eio);
        QVERIFY2(response.contains(expected), response.constData());
        if (eio == 4)
            QVERIFY(response.contains("0{\"sid\":"));
    }

    void serverOptions()
    {
        TestServer server({QStringLiteral("--ping-interval"), QStringLiteral("1234"),
                           QStringLiteral("--max-payload"), QStringLiteral("5000"),
                           QStringLiteral("--cookie")});
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        const QByteArray response = handshake(server.port(), 4);
        QVERIFY2(response.contains("\"pingInterval\":1234"), response.constData());
        QVERIFY2(response.contains("\"maxPayload\":5000"), response.constData());
        QVERIFY2(response.contains("Set-Cookie: io="), response.constData());
    }

    void restartOnSamePort()
    {
        TestServer server;
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        const quint16 port = server.port();
        QVERIFY(canConnect(port));

        QVERIFY2(server.restart(), qPrintable(server.errorString()));
        QCOMPARE(server.port(), port);
        QVERIFY(canConnect(port));

        server.kill();
        QVERIFY(!server.isRunning());
        QVERIFY(!canConnect(port));
        QVERIFY2(server.restart(), qPrintable(server.errorString()));
        QCOMPARE(server.port(), port);
        QVERIFY(handshake(port, 4).contains("0{\"sid\":"));
    }

    void tls()
    {
        TestServer server({QStringLiteral("--tls-cert"), TestServer::tlsCertificatePath(),
                           QStringLiteral("--tls-key"), TestServer::tlsKeyPath()});
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        QCOMPARE(server.url(QStringLiteral("https")).scheme(), QStringLiteral("https"));
        QVERIFY(canConnect(server.port()));
    }

    void badArgumentsFail()
    {
        TestServer server({QStringLiteral("--no-such-option")});
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^TestServer: server.js exited")));
        QVERIFY(!server.start(5000));
        QVERIFY(!server.isRunning());
        QVERIFY(server.errorString().contains(QStringLiteral("exited with code 2")));
    }

    void portInUseFails()
    {
        TestServer server;
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        TestServer other({QStringLiteral("--port"), QString::number(server.port())});
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^TestServer: server.js exited")));
        QVERIFY(!other.start(5000));
        QVERIFY(server.isRunning());
    }

    void unexpectedExitIsReported()
    {
        TestServer server;
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        QSignalSpy exited(&server, &TestServer::unexpectedExit);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("exited unexpectedly")));
        QCOMPARE(::kill(pid_t(server.processId()), SIGKILL), 0); // a crash, from outside
        QVERIFY(exited.wait(5000));
        QVERIFY(!server.isRunning());

        QVERIFY2(server.restart(), qPrintable(server.errorString()));
        server.stop();
        QCOMPARE(exited.size(), 1); // a requested stop is not unexpected
    }
};

QTEST_GUILESS_MAIN(tst_TestServer)
#include "tst_testserver.moc"
