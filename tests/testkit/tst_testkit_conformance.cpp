// Proof that TestServer is a real Socket.IO server, not one shaped to SocketIOQt's client: the
// official JavaScript clients (socket.io-client 4.8.4 and 2.5.0, pinned in tests/server) run
// tests/server/conformance-client.js against two TestServers hosted here (one plain, one with
// connection state recovery), over polling, websocket and the upgrade. The script prints one
// JSON line per step; each (client, transport, step) is a row here, and a missing or failed
// line fails it.
#include <SocketIOQt/TestServer>

#include "namespacesetup.h"

#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qprocess.h>
#include <QtCore/qtimer.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

using SocketIOQt::Test::TestServer;

class tst_TestKitConformance : public QObject
{
    Q_OBJECT
private:
    // The handlers the script's steps talk to (conformance-client.js names them).
    static void script(TestServer &server)
    {
        setUpNamespaces(server);
        server.on(QStringLiteral("echo"), [](const QString &, const QVariantList &args,
                                             const TestServer::Reply &reply) {
            if (reply)
                reply(args);
        });
        server.on(QStringLiteral("/admin"), QStringLiteral("whoami"),
                  [](const QString &, const QVariantList &, const TestServer::Reply &reply) {
            if (reply)
                reply({QStringLiteral("/admin")});
        });
        server.on(QStringLiteral("ask"), [&server](const QString &socket, const QVariantList &args,
                                                   const TestServer::Reply &) {
            server.sendWithAck(socket, QStringLiteral("question"), args,
                               [&server, socket](bool timedOut, const QVariantList &answer) {
                server.send(socket, QStringLiteral("answer"),
                            timedOut ? QVariantList{QStringLiteral("timeout")} : answer);
            });
        });
        server.on(QStringLiteral("binary-please"), [&server](const QString &socket, const QVariantList &,
                                                             const TestServer::Reply &) {
            server.send(socket, QStringLiteral("bin"),
                        {QVariantMap{{QStringLiteral("bytes"), QByteArray("\x09\x08\x07")}}});
        });
        server.on(QStringLiteral("join"), [&server](const QString &socket, const QVariantList &args,
                                                    const TestServer::Reply &reply) {
            server.join(socket, args.value(0).toString());
            if (reply)
                reply({});
        });
        server.on(QStringLiteral("shout"), [&server](const QString &, const QVariantList &args,
                                                     const TestServer::Reply &) {
            server.broadcastToRoom(QStringLiteral("/"), args.value(0).toString(),
                                   QStringLiteral("shout"), {args.value(1)});
        });
        server.on(QStringLiteral("kill"), [&server](const QString &socket, const QVariantList &,
                                                    const TestServer::Reply &) {
            server.closeSession(server.sessionId(socket), true);
        });
        server.on(QStringLiteral("subscribe"), [&server](const QString &socket, const QVariantList &,
                                                         const TestServer::Reply &) {
            server.join(socket, QStringLiteral("news"));
            server.send(socket, QStringLiteral("welcome"));
        });
        server.on(QStringLiteral("kill-and-publish"), [&server](const QString &socket, const QVariantList &,
                                                                const TestServer::Reply &) {
            server.closeSession(server.sessionId(socket), true);
            server.broadcastToRoom(QStringLiteral("/"), QStringLiteral("news"), QStringLiteral("missed"),
                                   {QStringLiteral("while you were away")});
        });
    }

    TestServer m_server;
    TestServer m_recoveryServer;
    QHash<QString, QJsonObject> m_lines; // "client transport step"
    QString m_stderr;

private Q_SLOTS:
    void initTestCase()
    {
        const QString node = QStringLiteral(SOCKETIOQT_NODE);
        if (node.isEmpty())
            QSKIP("Node.js not found at configure time");
        const QString dir = QStringLiteral(SOCKETIOQT_TEST_SERVER_DIR);
        QVERIFY2(QFile::exists(dir + QStringLiteral("/node_modules/socket.io-client-v2/package.json")),
                 "npm ci in tests/server first (scripts/install-deps.sh)");
        script(m_server);
        script(m_recoveryServer);
        m_recoveryServer.setConnectionStateRecovery(true);
        QVERIFY(m_server.listen());
        QVERIFY(m_recoveryServer.listen());

        QProcess process;
        process.setWorkingDirectory(dir);
        QSignalSpy finished(&process, &QProcess::finished);
        process.start(node, {QStringLiteral("conformance-client.js"), m_server.url().toString(),
                             m_recoveryServer.url().toString()});
        QVERIFY2(process.waitForStarted(), qPrintable(process.errorString()));
        QVERIFY(finished.wait(240000));
        m_stderr = QString::fromUtf8(process.readAllStandardError());
        const QList<QByteArray> lines = process.readAllStandardOutput().split('\n');
        for (const QByteArray &line : lines) {
            if (line.trimmed().isEmpty())
                continue;
            qInfo().noquote() << line; // the run's record, in the test log
            const QJsonObject object = QJsonDocument::fromJson(line).object();
            QVERIFY2(!object.isEmpty(), line.constData());
            m_lines.insert(object.value(QStringLiteral("client")).toString() + QLatin1Char(' ')
                               + object.value(QStringLiteral("transport")).toString() + QLatin1Char(' ')
                               + object.value(QStringLiteral("step")).toString(),
                           object);
        }
        QVERIFY2(process.exitStatus() == QProcess::NormalExit, qPrintable(m_stderr));
    }

    void conformance_data()
    {
        QTest::addColumn<QString>("key");
        const QStringList steps{QStringLiteral("connect"), QStringLiteral("ackToServer"),
                                QStringLiteral("ackFromServer"), QStringLiteral("binary"),
                                QStringLiteral("namespaces"), QStringLiteral("authRejection"),
                                QStringLiteral("rooms"), QStringLiteral("reconnection"),
                                QStringLiteral("recovery")};
        for (const char *client : {"4.8.4", "2.5.0"}) {
            for (const char *transport : {"polling", "websocket", "upgrade"}) {
                for (const QString &step : steps) {
                    const QString key = QStringLiteral("%1 %2 %3").arg(QLatin1String(client),
                                                                        QLatin1String(transport), step);
                    QTest::newRow(qPrintable(key)) << key;
                }
            }
        }
    }

    void conformance()
    {
        QFETCH(QString, key);
        QVERIFY2(m_lines.contains(key), qPrintable(QStringLiteral("no outcome; stderr: ") + m_stderr));
        const QJsonObject line = m_lines.value(key);
        QVERIFY2(line.value(QStringLiteral("ok")).toBool(),
                 qPrintable(line.value(QStringLiteral("detail")).toString()));
        if (line.value(QStringLiteral("detail")).toObject().contains(QStringLiteral("skipped")))
            QSKIP(qPrintable(line.value(QStringLiteral("detail")).toObject().value(QStringLiteral("skipped")).toString()));
    }
};

QTEST_MAIN(tst_TestKitConformance)
#include "tst_testkit_conformance.moc"
