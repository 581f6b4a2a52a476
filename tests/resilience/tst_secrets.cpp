// Credentials stay out of logs and packet traces: auth payloads, the Authorization header,
// cookies and query credentials never appear in log output at the default levels, whatever
// happens (connection, refusal, errors, reconnection, both protocol revisions), and are masked
// in packetTraced() and the socketio.packets log unless traceSecrets is on.
#include "testserver.h"

#include <SocketIOQt/socketio.h>

#include <QtNetwork/qnetworkaccessmanager.h>
#include <QtNetwork/qnetworkcookie.h>
#include <QtNetwork/qnetworkcookiejar.h>
#include <QtTest>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

namespace {

const QString kAuthSecret = u"AUTH-S3CRET-1"_s;
const QByteArray kHeaderSecret = "HDR-S3CRET-2";
const QByteArray kCookieSecret = "COOKIE-S3CRET-3";
const QString kQuerySecret = u"QUERY-S3CRET-4"_s;
const QString kAdminSecret = u"secret"_s; // the /admin token the server wants

QStringList g_messages;
QtMessageHandler g_previous = nullptr;

void capture(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    g_messages << QString::fromLatin1(context.category ? context.category : "") + u": "_s + message;
    if (g_previous)
        g_previous(type, context, message);
}

// The first secret found in the captured messages, or an empty string.
QString leakedSecret()
{
    for (const QString &m : std::as_const(g_messages)) {
        for (const QString &s : {kAuthSecret, QString::fromLatin1(kHeaderSecret), QString::fromLatin1(kCookieSecret),
                                 kQuerySecret}) {
            if (m.contains(s))
                return s + u" in: "_s + m;
        }
    }
    return QString();
}

// A client with every kind of credential.
void addCredentials(SocketIO &io, QNetworkAccessManager *manager)
{
    io.setAuth({{u"token"_s, kAuthSecret}});
    io.setExtraHeaders({{"Authorization", "Bearer " + kHeaderSecret}});
    QUrlQuery query;
    query.addQueryItem(u"apikey"_s, kQuerySecret);
    io.setQuery(query);
    QNetworkCookie cookie("session", kCookieSecret);
    cookie.setDomain(io.url().host());
    cookie.setPath(u"/"_s);
    manager->cookieJar()->insertCookie(cookie);
    io.setNetworkAccessManager(manager);
}

} // namespace

class tst_Secrets : public QObject
{
    Q_OBJECT
public:
    // The default levels, whatever the environment says.
    static void initMain() { qunsetenv("QT_LOGGING_RULES"); }

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void noSecretsInLogsAtDefaultLevels_data();
    void noSecretsInLogsAtDefaultLevels();
    void credentialsReachTheServer();
    void tracesMaskedByDefault_data();
    void tracesMaskedByDefault();
    void packetsLogMasked();

private:
    TestServer m_server;
    TestServer m_v2{{u"--version"_s, u"2"_s}};
};

void tst_Secrets::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    QVERIFY2(m_v2.start(), qPrintable(m_v2.errorString()));
    g_previous = qInstallMessageHandler(capture);
}

void tst_Secrets::cleanupTestCase()
{
    qInstallMessageHandler(g_previous);
}

void tst_Secrets::init()
{
    QLoggingCategory::setFilterRules(QString());
    g_messages.clear();
}

void tst_Secrets::noSecretsInLogsAtDefaultLevels_data()
{
    QTest::addColumn<int>("version");
    QTest::addColumn<QStringList>("transports");
    QTest::newRow("revision 5, polling+upgrade") << 4 << QStringList{u"polling"_s, u"websocket"_s};
    QTest::newRow("revision 5, websocket") << 4 << QStringList{u"websocket"_s};
    // Revision 4 carries credentials in query strings.
    QTest::newRow("revision 4, polling+upgrade") << 2 << QStringList{u"polling"_s, u"websocket"_s};
    QTest::newRow("revision 4, websocket") << 2 << QStringList{u"websocket"_s};
}

void tst_Secrets::noSecretsInLogsAtDefaultLevels()
{
    QFETCH(int, version);
    QFETCH(QStringList, transports);
    TestServer &server = version == 4 ? m_server : m_v2;
    QNetworkAccessManager manager;
    SocketIO io(server.url());
    io.setTransports(transports);
    io.setProtocol(version == 4 ? SocketIO::Revision5 : SocketIO::Revision4);
    io.setReconnectionDelay(50);
    io.setReconnectionDelayMax(50);
    addCredentials(io, &manager);
    Namespace *root = io.socket(u"/"_s);
    Namespace *admin = io.socket(u"/admin"_s); // refused: the token is not the one it wants
    QSignalSpy refused(admin, &Namespace::connectError);
    QSignalSpy connected(root, &Namespace::connected);
    io.open();
    QVERIFY(connected.wait(10000));
    QVERIFY(!refused.isEmpty() || refused.wait(5000)); // it may come before "/" connects
    // An error and a reconnection, with their warnings.
    QSignalSpy reconnected(&io, &SocketIO::reconnected);
    root->emitEvent(u"close-engine"_s);
    QVERIFY(reconnected.wait(5000));
    QTRY_VERIFY(root->isConnected());
    // A failing connection, with the same credentials.
    SocketIO dead(QUrl(u"http://127.0.0.1:1"_s));
    QNetworkAccessManager deadManager;
    addCredentials(dead, &deadManager);
    dead.setTransports(transports);
    dead.setReconnection(false);
    QSignalSpy deadError(&dead, &SocketIO::errorOccurred);
    dead.open();
    QVERIFY(deadError.wait(5000));
    io.close();

    QVERIFY2(!g_messages.isEmpty(), "nothing was logged: the test would prove nothing");
    const QString leak = leakedSecret();
    QVERIFY2(leak.isEmpty(), qPrintable(leak));
}

void tst_Secrets::credentialsReachTheServer()
{
    // The other half: what is kept out of the logs does travel.
    QNetworkAccessManager manager;
    SocketIO io(m_server.url());
    addCredentials(io, &manager);
    Namespace *ns = io.socket();
    QSignalSpy connected(ns, &Namespace::connected);
    io.open();
    QVERIFY(connected.wait(10000));
    AckReply *reply = ns->emitWithAck(u"whoami"_s, {}, std::chrono::milliseconds(5000));
    QSignalSpy done(reply, &AckReply::finished);
    QVERIFY(done.wait(6000));
    const QVariantMap who = reply->arguments().value(0).toMap();
    QCOMPARE(who.value(u"auth"_s).toMap().value(u"token"_s).toString(), kAuthSecret);
    QCOMPARE(who.value(u"headers"_s).toMap().value(u"authorization"_s).toString(),
             u"Bearer "_s + QString::fromLatin1(kHeaderSecret));
    QCOMPARE(who.value(u"query"_s).toMap().value(u"apikey"_s).toString(), kQuerySecret);
    QVERIFY(who.value(u"cookie"_s).toString().contains(QString::fromLatin1(kCookieSecret)));
}

void tst_Secrets::tracesMaskedByDefault_data()
{
    QTest::addColumn<int>("version");
    QTest::newRow("revision 5: CONNECT payload") << 4;
    QTest::newRow("revision 4: namespace query") << 2;
}

void tst_Secrets::tracesMaskedByDefault()
{
    QFETCH(int, version);
    TestServer &server = version == 4 ? m_server : m_v2;
    for (bool show : {false, true}) {
        SocketIO io(server.url());
        io.setTransports({u"websocket"_s});
        io.setProtocol(version == 4 ? SocketIO::Revision5 : SocketIO::Revision4);
        QCOMPARE(io.traceSecrets(), false);
        io.setTraceSecrets(show);
        Namespace *admin = io.socket(u"/admin"_s);
        admin->setAuth({{u"token"_s, kAdminSecret}, {u"user"_s, u"alice"_s}});
        QByteArrayList outgoing;
        connect(&io, &SocketIO::packetTraced, this,
                [&](SocketIO::Direction d, const EngineIOPacket &p, const QString &) {
                    if (d == SocketIO::Direction::Outgoing && !p.isBinary())
                        outgoing << p.data();
                });
        QSignalSpy connected(admin, &Namespace::connected);
        io.open();
        QVERIFY(connected.wait(10000)); // the server did get the real token
        QByteArray connect;
        for (const QByteArray &p : std::as_const(outgoing)) {
            if (p.startsWith("0/admin"))
                connect = p;
        }
        QVERIFY2(!connect.isEmpty(), outgoing.join('|').constData());
        if (show) {
            QVERIFY2(connect.contains(kAdminSecret.toUtf8()) && connect.contains("alice"), connect.constData());
        } else {
            QVERIFY2(!connect.contains(kAdminSecret.toUtf8()), connect.constData());
            QVERIFY2(!connect.contains("alice"), connect.constData());
            QVERIFY2(connect.contains("***"), connect.constData());
            QVERIFY2(connect.contains("token"), connect.constData()); // the names stay readable
        }
    }
}

void tst_Secrets::packetsLogMasked()
{
    // socketio.packets turned on by the user: the CONNECT is there, masked.
    QLoggingCategory::setFilterRules(u"socketio.packets.debug=true"_s);
    SocketIO io(m_server.url());
    io.setTransports({u"websocket"_s});
    Namespace *admin = io.socket(u"/admin"_s);
    admin->setAuth({{u"token"_s, kAdminSecret}});
    QSignalSpy connected(admin, &Namespace::connected);
    io.open();
    QVERIFY(connected.wait(10000));
    bool sawConnect = false;
    for (const QString &m : std::as_const(g_messages)) {
        if (m.contains(u"0/admin,"_s)) {
            sawConnect = true;
            QVERIFY2(!m.contains(u"\"secret\""_s), qPrintable(m));
        }
    }
    QVERIFY(sawConnect);
    // With traceSecrets, the user asked to see them.
    g_messages.clear();
    io.close();
    io.setTraceSecrets(true);
    connected.clear();
    io.open();
    QVERIFY(connected.wait(10000));
    bool sawSecret = false;
    for (const QString &m : std::as_const(g_messages))
        sawSecret = sawSecret || (m.contains(u"0/admin,"_s) && m.contains(u"\"secret\""_s));
    QVERIFY(sawSecret);
}

QTEST_MAIN(tst_Secrets)
#include "tst_secrets.moc"
