// TLS against a real socket.io server over HTTPS/WSS (server.js --tls-cert/--tls-key, and
// --tls-ca to require client certificates): verification on by default, a custom CA, an
// explicit VerifyNone, an explicit list of errors to ignore, client certificates made with
// openssl at test time. Both transports.
#include "testserver.h"

#include <SocketIOQt/socketio.h>

#include <QtNetwork/qsslkey.h>
#include <QtNetwork/qsslsocket.h>
#include <QtTest>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

namespace {

QSslCertificate serverCertificate()
{
    const auto certs = QSslCertificate::fromPath(TestServer::tlsCertificatePath());
    return certs.value(0);
}

// One whoami round trip over an open namespace; the answer, or an empty map.
QVariantMap whoami(Namespace *ns)
{
    AckReply *reply = ns->emitWithAck(u"whoami"_s, {}, std::chrono::milliseconds(5000));
    QSignalSpy done(reply, &AckReply::finished);
    if (!reply->isFinished())
        done.wait(6000);
    return reply->arguments().value(0).toMap();
}

bool run(const QString &program, const QStringList &args, QString *error)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = program + u' ' + args.join(u' ') + u": "_s + QString::fromLocal8Bit(p.readAll());
        return false;
    }
    return true;
}

} // namespace

class tst_Tls : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void verificationOnByDefault_data();
    void verificationOnByDefault();
    void customCa_data();
    void customCa();
    void explicitVerifyNone_data();
    void explicitVerifyNone();
    void ignoreExpectedErrors_data();
    void ignoreExpectedErrors();
    void ignoringOtherErrorsDoesNotHelp();
    void upgradeToWss();
    void clientCertificates_data();
    void clientCertificates();

private:
    static void addTransportRows()
    {
        QTest::addColumn<QStringList>("transports");
        QTest::newRow("wss") << QStringList{u"websocket"_s};
        QTest::newRow("https polling") << QStringList{u"polling"_s};
    }
    // Made with openssl into m_dir: a CA, a client certificate it signed, and one signed by
    // another CA.
    bool makeCertificates(QString *error);
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QSslConfiguration trustingConfiguration() const
    {
        QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
        conf.addCaCertificates(TestServer::tlsCertificatePath());
        return conf;
    }

    TestServer m_tls{{u"--tls-cert"_s, TestServer::tlsCertificatePath(), u"--tls-key"_s, TestServer::tlsKeyPath()}};
    QTemporaryDir m_dir;
    QString m_certError;
    bool m_haveCerts = false;
};

void tst_Tls::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("Qt has no TLS backend here");
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_tls.start(), qPrintable(m_tls.errorString()));
    m_haveCerts = makeCertificates(&m_certError);
}

bool tst_Tls::makeCertificates(QString *error)
{
    const QString openssl = QStandardPaths::findExecutable(u"openssl"_s);
    if (openssl.isEmpty()) {
        *error = u"openssl is not installed (scripts/install-deps.sh installs it)"_s;
        return false;
    }
    const QStringList ec{u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s, u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s};
    for (const QString &ca : {u"ca"_s, u"other-ca"_s}) {
        if (!run(openssl, QStringList{u"req"_s, u"-x509"_s} + ec
                         + QStringList{u"-keyout"_s, path(ca + u".key"_s), u"-out"_s, path(ca + u".pem"_s),
                                       u"-days"_s, u"2"_s, u"-subj"_s, u"/CN=SocketIOQt test "_s + ca},
                 error))
            return false;
    }
    for (const auto &[name, ca] : {std::pair{u"client"_s, u"ca"_s}, std::pair{u"stranger"_s, u"other-ca"_s}}) {
        if (!run(openssl, QStringList{u"req"_s} + ec
                         + QStringList{u"-keyout"_s, path(name + u".key"_s), u"-out"_s, path(name + u".csr"_s),
                                       u"-subj"_s, u"/CN="_s + name},
                 error))
            return false;
        if (!run(openssl, {u"x509"_s, u"-req"_s, u"-in"_s, path(name + u".csr"_s), u"-CA"_s, path(ca + u".pem"_s),
                           u"-CAkey"_s, path(ca + u".key"_s), u"-CAcreateserial"_s, u"-out"_s,
                           path(name + u".pem"_s), u"-days"_s, u"2"_s},
                 error))
            return false;
    }
    return true;
}

void tst_Tls::verificationOnByDefault_data()
{
    addTransportRows();
}

void tst_Tls::verificationOnByDefault()
{
    // A self-signed server certificate: refused unless the user says otherwise, and told.
    QFETCH(QStringList, transports);
    SocketIO io(m_tls.url(u"https"_s));
    io.setTransports(transports);
    io.setReconnection(false);
    Namespace *ns = io.socket();
    QSignalSpy errors(&io, &SocketIO::errorOccurred);
    QSignalSpy sslErrors(&io, &SocketIO::sslErrors);
    QSignalSpy connectErrors(ns, &Namespace::connectError);
    io.open();
    QVERIFY(errors.wait(10000));
    QCOMPARE(io.error(), SocketIO::SslError);
    QVERIFY(!io.errorString().isEmpty());
    QVERIFY(sslErrors.size() >= 1);
    const auto list = sslErrors.at(0).at(0).value<QList<QSslError>>();
    QVERIFY(!list.isEmpty());
    bool selfSigned = false;
    for (const QSslError &e : list)
        selfSigned = selfSigned || e.error() == QSslError::SelfSignedCertificate;
    QVERIFY2(selfSigned, qPrintable(list.value(0).errorString()));
    QCOMPARE(list.value(0).certificate(), serverCertificate());
    QTRY_COMPARE(io.state(), SocketIO::Disconnected);
    QVERIFY(!ns->isConnected());
    QCOMPARE(connectErrors.size(), 1);
}

void tst_Tls::customCa_data()
{
    addTransportRows();
}

void tst_Tls::customCa()
{
    QFETCH(QStringList, transports);
    SocketIO io(m_tls.url(u"https"_s));
    io.setTransports(transports);
    io.setSslConfiguration(trustingConfiguration());
    Namespace *ns = io.socket();
    QSignalSpy sslErrors(&io, &SocketIO::sslErrors);
    QSignalSpy connected(ns, &Namespace::connected);
    io.open();
    QVERIFY(connected.wait(10000));
    QCOMPARE(sslErrors.size(), 0);
    QCOMPARE(whoami(ns).value(u"transport"_s).toString(), transports.first());
    // Verification stays on: the configuration kept VerifyPeer.
    QCOMPARE(io.sslConfiguration().peerVerifyMode(), QSslConfiguration::defaultConfiguration().peerVerifyMode());
}

void tst_Tls::explicitVerifyNone_data()
{
    addTransportRows();
}

void tst_Tls::explicitVerifyNone()
{
    QFETCH(QStringList, transports);
    SocketIO io(m_tls.url(u"https"_s));
    io.setTransports(transports);
    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setPeerVerifyMode(QSslSocket::VerifyNone);
    io.setSslConfiguration(conf);
    Namespace *ns = io.socket();
    QSignalSpy connected(ns, &Namespace::connected);
    io.open();
    QVERIFY(connected.wait(10000));
    QCOMPARE(whoami(ns).value(u"transport"_s).toString(), transports.first());
}

void tst_Tls::ignoreExpectedErrors_data()
{
    addTransportRows();
}

void tst_Tls::ignoreExpectedErrors()
{
    // The QSslSocket way: name the errors you expect, with the certificate they are about.
    QFETCH(QStringList, transports);
    SocketIO io(m_tls.url(u"https"_s));
    io.setTransports(transports);
    io.ignoreSslErrors({QSslError(QSslError::SelfSignedCertificate, serverCertificate())});
    Namespace *ns = io.socket();
    QSignalSpy sslErrors(&io, &SocketIO::sslErrors);
    QSignalSpy connected(ns, &Namespace::connected);
    io.open();
    QVERIFY(connected.wait(10000));
    QCOMPARE(whoami(ns).value(u"transport"_s).toString(), transports.first());
    // Still reported (they happened), just not fatal.
    QVERIFY(sslErrors.size() >= 1);
}

void tst_Tls::ignoringOtherErrorsDoesNotHelp()
{
    // Ignoring another error for the server's certificate, or the right error for another
    // (null) certificate, does not open the door.
    for (const QList<QSslError> &ignored :
         {QList<QSslError>{QSslError(QSslError::HostNameMismatch, serverCertificate())},
          QList<QSslError>{QSslError(QSslError::SelfSignedCertificate, QSslCertificate())}}) {
        for (const QString &transport : {u"websocket"_s, u"polling"_s}) {
            SocketIO io(m_tls.url(u"https"_s));
            io.setTransports({transport});
            io.setReconnection(false);
            io.ignoreSslErrors(ignored);
            QSignalSpy errors(&io, &SocketIO::errorOccurred);
            io.open();
            QVERIFY(errors.wait(10000));
            QCOMPARE(io.error(), SocketIO::SslError);
        }
    }
}

void tst_Tls::upgradeToWss()
{
    // Polling over HTTPS, then the upgrade to WSS with the same TLS settings.
    SocketIO io(m_tls.url(u"https"_s));
    io.setSslConfiguration(trustingConfiguration());
    Namespace *ns = io.socket();
    QSignalSpy upgraded(&io, &SocketIO::upgraded);
    QSignalSpy connected(ns, &Namespace::connected);
    io.open();
    QVERIFY(connected.wait(10000));
    QVERIFY(upgraded.size() == 1 || upgraded.wait(5000));
    QCOMPARE(io.transport(), u"websocket"_s);
    QCOMPARE(whoami(ns).value(u"transport"_s).toString(), u"websocket"_s);
}

void tst_Tls::clientCertificates_data()
{
    QTest::addColumn<QStringList>("transports");
    QTest::addColumn<QString>("certificate"); // base name in the temp dir, empty: none
    QTest::addColumn<bool>("accepted");
    for (const QStringList &t : {QStringList{u"websocket"_s}, QStringList{u"polling"_s},
                                 QStringList{u"polling"_s, u"websocket"_s}}) {
        const QString name = t.join(u'+');
        QTest::addRow("%s: signed by the CA", qPrintable(name)) << t << u"client"_s << true;
        QTest::addRow("%s: no certificate", qPrintable(name)) << t << QString() << false;
        QTest::addRow("%s: signed by another CA", qPrintable(name)) << t << u"stranger"_s << false;
    }
}

void tst_Tls::clientCertificates()
{
    QFETCH(QStringList, transports);
    QFETCH(QString, certificate);
    QFETCH(bool, accepted);
    if (!m_haveCerts)
        QSKIP(qPrintable(m_certError));
    static TestServer *server = nullptr; // one for all rows
    if (!server) {
        server = new TestServer({u"--tls-cert"_s, TestServer::tlsCertificatePath(), u"--tls-key"_s,
                                 TestServer::tlsKeyPath(), u"--tls-ca"_s, path(u"ca.pem"_s)},
                                this);
        QVERIFY2(server->start(), qPrintable(server->errorString()));
    }
    SocketIO io(server->url(u"https"_s));
    io.setTransports(transports);
    io.setReconnection(false);
    QSslConfiguration conf = trustingConfiguration();
    if (!certificate.isEmpty()) {
        QFile keyFile(path(certificate + u".key"_s));
        QVERIFY(keyFile.open(QIODevice::ReadOnly));
        const QSslKey key(&keyFile, QSsl::Ec);
        QVERIFY(!key.isNull());
        const QSslCertificate cert = QSslCertificate::fromPath(path(certificate + u".pem"_s)).value(0);
        QVERIFY(!cert.isNull());
        conf.setLocalCertificate(cert);
        conf.setPrivateKey(key);
    }
    io.setSslConfiguration(conf);
    Namespace *ns = io.socket();
    QSignalSpy connected(ns, &Namespace::connected);
    QSignalSpy errors(&io, &SocketIO::errorOccurred);
    io.open();
    if (accepted) {
        QVERIFY(connected.wait(10000));
        QVERIFY(!whoami(ns).isEmpty());
        if (transports.size() == 2)
            QTRY_COMPARE(io.transport(), u"websocket"_s); // the upgrade presents it too
    } else {
        QVERIFY(errors.wait(10000));
        QVERIFY2(io.error() == SocketIO::SslError || io.error() == SocketIO::ConnectionError,
                 qPrintable(io.errorString()));
        QTRY_COMPARE(io.state(), SocketIO::Disconnected);
        QCOMPARE(connected.size(), 0);
    }
}

QTEST_MAIN(tst_Tls)
#include "tst_tls.moc"
