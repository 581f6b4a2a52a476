// TLS capture end to end: a client that trusts the inspector's exported CA talks through the
// capture proxy to a real socket.io server behind TLS, and the capture holds the decoded session.
// Also: the CA is made once and kept, certificates per host, the ClientHello reader, and the
// refusals (a client that does not trust the CA, a server the proxy cannot verify).
#include "captureproxy.h"
#include "capturesession.h"
#include "certificateauthority.h"
#include "testserver.h"
#include "tlsclienthello.h"

#include <SocketIOQt/Namespace>
#include <SocketIOQt/SocketIO>

#include <QtCore/qfile.h>
#include <QtCore/qtemporarydir.h>
#include <QtNetwork/qsslsocket.h>
#include <QtNetwork/qtcpserver.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

using namespace Qt::StringLiterals;
using namespace SocketIOQt;
using Dir = SocketIO::Direction;

class tst_TlsCapture : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void clientHelloServerName();
    void clientHelloHostile_data();
    void clientHelloHostile();
    void authorityMadeOnceAndKept();
    void certificatePerHost();
    void damagedAuthorityNotReplaced();
    void captureThroughTls_data();
    void captureThroughTls();
    void clientNotTrustingCaRefused();
    void upstreamVerified();

private:
    // A capture proxy to the TLS test server, signing with m_authority; it verifies the server
    // against the server's own certificate when `trustServer`, else against the system's CAs.
    struct Capture
    {
        CaptureSession session;
        CaptureProxy proxy{&session};
        QSignalSpy errors{&proxy, &CaptureProxy::errorOccurred};
    };
    bool start(Capture &capture, bool trustServer);
    // A client of the proxy at https://host:port, trusting the exported CA and nothing else
    // (when `trustCa`) or the system's CAs.
    std::unique_ptr<SocketIO> client(const QString &host, const Capture &capture, bool trustCa);
    // The first bytes a Qt TLS client sends to `host`.
    static QByteArray clientHello(const QString &host);
    QString exportedCa();

    QTemporaryDir m_dir;
    CertificateAuthority m_authority;
    TestServer m_server{{u"--tls-cert"_s, TestServer::tlsCertificatePath(), u"--tls-key"_s, TestServer::tlsKeyPath()}};
};

void tst_TlsCapture::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    QVERIFY(m_dir.isValid());
    QVERIFY2(m_authority.load(m_dir.filePath(u"ca"_s)), qPrintable(m_authority.errorString()));
    if (!m_server.start())
        qWarning("the TLS test server does not start (%s): the end-to-end tests skip", qPrintable(m_server.errorString()));
}

bool tst_TlsCapture::start(Capture &capture, bool trustServer)
{
    capture.proxy.setTarget(m_server.url(u"https"_s));
    capture.proxy.setCertificateAuthority(&m_authority);
    if (trustServer)
        capture.proxy.setUpstreamCaCertificates(QSslCertificate::fromPath(TestServer::tlsCertificatePath()));
    return capture.proxy.listen();
}

std::unique_ptr<SocketIO> tst_TlsCapture::client(const QString &host, const Capture &capture, bool trustCa)
{
    QUrl url(u"https://%1/"_s.arg(host));
    url.setPort(capture.proxy.serverPort());
    auto io = std::make_unique<SocketIO>(url);
    if (trustCa) {
        QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
        conf.setCaCertificates(QSslCertificate::fromPath(exportedCa()));
        io->setSslConfiguration(conf);
    }
    return io;
}

QByteArray tst_TlsCapture::clientHello(const QString &host)
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost))
        return {};
    QSslSocket client;
    client.connectToHostEncrypted(u"127.0.0.1"_s, server.serverPort(), host);
    QTcpSocket *accepted = nullptr;
    QByteArray hello;
    // The ClientHello fits in one record: read until that record is complete.
    const auto complete = [&] {
        if (!accepted)
            accepted = server.nextPendingConnection();
        if (accepted)
            hello += accepted->readAll();
        return hello.size() >= 5 && hello.size() >= 5 + ((quint8(hello[3]) << 8) | quint8(hello[4]));
    };
    if (!QTest::qWaitFor(complete, 10000))
        return {};
    return hello;
}

QString tst_TlsCapture::exportedCa()
{
    const QString path = m_dir.filePath(u"exported-ca.pem"_s);
    QString error;
    return m_authority.exportCertificate(path, &error) ? path : QString();
}

void tst_TlsCapture::clientHelloServerName()
{
    const QByteArray hello = clientHello(u"Socket.Example.org"_s);
    QVERIFY(hello.size() > 50);
    QString name;
    QCOMPARE(TlsClientHello::serverName(hello, &name), TlsClientHello::Result::Read);
    QCOMPARE(name, u"socket.example.org"_s);
    // Every cut of it is "need more", never a wrong answer.
    for (qsizetype size = 0; size < hello.size(); ++size)
        QCOMPARE(TlsClientHello::serverName(QByteArrayView(hello).first(size), &name), TlsClientHello::Result::NeedMore);
    // An HTTP request is not TLS.
    QCOMPARE(TlsClientHello::serverName("GET / HTTP/1.1\r\n", &name), TlsClientHello::Result::NotTls);
}

void tst_TlsCapture::clientHelloHostile_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<int>("result");
    QTest::addColumn<QString>("name");
    const auto record = [](const QByteArray &body) {
        return QByteArray("\x16\x03\x01", 3) + char(body.size() >> 8) + char(body.size() & 0xff) + body;
    };
    const int read = int(TlsClientHello::Result::Read), notTls = int(TlsClientHello::Result::NotTls);
    QTest::newRow("record too long") << QByteArray("\x16\x03\x01\xff\xff", 5) << notTls << QString();
    QTest::newRow("not a ClientHello") << record(QByteArray(40, '\x02')) << notTls << QString();
    QTest::newRow("cut short") << record(QByteArray("\x01\x00\x00\x10", 4) + QByteArray(8, '\0')) << read << QString();
    // A ClientHello whose lengths all claim more than there is.
    QTest::newRow("lying lengths") << record(QByteArray("\x01\xff\xff\xff", 4) + QByteArray(34, '\0')
                                             + QByteArray(1, '\xff') + QByteArray(4, '\xff'))
                                   << read << QString();
    // A minimal ClientHello naming `host` (TLS 1.2 layout, one cipher suite, one extension).
    const auto helloFor = [&](const QByteArray &host) {
        const auto u16 = [](qsizetype n) { return QByteArray(1, char(n >> 8)) + char(n & 0xff); };
        const QByteArray names = QByteArray(1, '\0') + u16(host.size()) + host;
        const QByteArray sni = u16(0) + u16(names.size() + 2) + u16(names.size()) + names;
        const QByteArray body = QByteArray("\x03\x03", 2) + QByteArray(32, 'r') + QByteArray(1, '\0')
                + u16(2) + QByteArray("\x13\x01", 2) + QByteArray("\x01\x00", 2) + u16(sni.size()) + sni;
        return record(QByteArray(1, '\x01') + char(0) + u16(body.size()) + body);
    };
    QTest::newRow("valid host name") << helloFor("Good-Host.example") << read << u"good-host.example"_s;
    // A control character and a slash: not a host name, so no name.
    QTest::newRow("bad host name") << helloFor("evil\n/host") << read << QString();
}

void tst_TlsCapture::clientHelloHostile()
{
    QFETCH(QByteArray, data);
    QFETCH(int, result);
    QFETCH(QString, name);
    QString read = u"unset"_s;
    QCOMPARE(int(TlsClientHello::serverName(data, &read)), result);
    QCOMPARE(read, name);
}

void tst_TlsCapture::authorityMadeOnceAndKept()
{
    const QSslCertificate ca = m_authority.certificate();
    QVERIFY(!ca.isNull());
    QVERIFY(ca.isSelfSigned());
    QCOMPARE(QFile(m_dir.filePath(u"ca/ca-key.pem"_s)).permissions() & (QFile::ReadGroup | QFile::ReadOther),
             QFile::Permissions());
    // A second load reads the same authority back (clients told to trust it keep trusting it).
    CertificateAuthority again;
    QVERIFY2(again.load(m_dir.filePath(u"ca"_s)), qPrintable(again.errorString()));
    QCOMPARE(again.certificate(), ca);
    // Exported as PEM, the same certificate.
    const QList<QSslCertificate> exported = QSslCertificate::fromPath(exportedCa());
    QCOMPARE(exported, QList<QSslCertificate>{ca});
    QVERIFY(CertificateAuthority::trustInstructions(u"/tmp/ca.pem"_s).contains(u"NODE_EXTRA_CA_CERTS=/tmp/ca.pem"_s));
}

void tst_TlsCapture::certificatePerHost()
{
    QSslCertificate cert;
    QSslKey key;
    QVERIFY2(m_authority.issue(u"LocalHost"_s, &cert, &key), qPrintable(m_authority.errorString()));
    QCOMPARE(cert.subjectAlternativeNames().values(QSsl::DnsEntry), QStringList{u"localhost"_s});
    QCOMPARE(cert.issuerDisplayName(), m_authority.certificate().subjectDisplayName());
    QVERIFY(!key.isNull());
    QVERIFY(cert.expiryDate() > QDateTime::currentDateTime().addDays(300));

    QSslCertificate forAddress;
    QVERIFY(m_authority.issue(u"127.0.0.1"_s, &forAddress, &key));
    QCOMPARE(forAddress.subjectAlternativeNames().values(QSsl::IpAddressEntry), QStringList{u"127.0.0.1"_s});
    // Issued once per host.
    QSslCertificate same;
    QVERIFY(m_authority.issue(u"localhost"_s, &same, &key));
    QCOMPARE(same, cert);
    QVERIFY(!m_authority.issue(u"bad host/name"_s, &same, &key));
    QVERIFY(m_authority.errorString().contains(u"not a host name"_s));
}

void tst_TlsCapture::damagedAuthorityNotReplaced()
{
    QTemporaryDir dir;
    QFile half(dir.filePath(u"ca.pem"_s));
    QVERIFY(half.open(QIODevice::WriteOnly));
    half.write("not a certificate");
    half.close();
    CertificateAuthority authority;
    QVERIFY(!authority.load(dir.path()));
    QVERIFY2(authority.errorString().contains(u"half"_s), qPrintable(authority.errorString()));
    QVERIFY(!QFile::exists(dir.filePath(u"ca-key.pem"_s)));
    QFile key(dir.filePath(u"ca-key.pem"_s));
    QVERIFY(key.open(QIODevice::WriteOnly));
    key.write("nor a key");
    key.close();
    QVERIFY(!authority.load(dir.path()));
    QVERIFY2(authority.errorString().contains(u"damaged"_s), qPrintable(authority.errorString()));
    QSslCertificate cert;
    QSslKey leafKey;
    QVERIFY(!authority.issue(u"localhost"_s, &cert, &leafKey));
}

void tst_TlsCapture::captureThroughTls_data()
{
    QTest::addColumn<QString>("transport");
    QTest::addColumn<QString>("host");
    QTest::newRow("websocket, localhost") << u"websocket"_s << u"localhost"_s;
    QTest::newRow("polling, localhost") << u"polling"_s << u"localhost"_s;
    QTest::newRow("upgrade, 127.0.0.1 (no SNI)") << u"polling,websocket"_s << u"127.0.0.1"_s;
}

void tst_TlsCapture::captureThroughTls()
{
    QFETCH(QString, transport);
    QFETCH(QString, host);
    if (!m_server.isRunning())
        QSKIP("no TLS test server");
    Capture capture;
    QVERIFY2(start(capture, true), qPrintable(capture.proxy.errorString()));
    const CaptureSession &session = capture.session;
    const std::unique_ptr<SocketIO> client = this->client(host, capture, true);
    SocketIO &io = *client;
    io.setTransports(transport.split(u','));
    Namespace *ns = io.socket();
    QVariantList echoed;
    QByteArray binary;
    ns->on(u"binary"_s, [&](const QVariantList &args) { binary = args.value(1).toByteArray(); });
    io.open();
    QTRY_VERIFY2_WITH_TIMEOUT(ns->isConnected(), qPrintable(io.errorString()), 15000);
    ns->emitEvent(u"ack-me"_s, {u"through TLS"_s}, [&](const QVariantList &args) { echoed = args; });
    ns->emitEvent(u"binary"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!echoed.isEmpty() && !binary.isEmpty(), 10000);
    QCOMPARE(echoed, QVariantList{u"through TLS"_s});
    if (transport.contains(u"websocket"_s))
        QTRY_COMPARE_WITH_TIMEOUT(io.transport(), u"websocket"_s, 10000);

    // The capture holds the session decoded, as for plain traffic.
    const auto count = [&](Dir d, int type, const QString &event) {
        int n = 0;
        for (int row = 0; row < session.packetCount(); ++row) {
            const CapturedPacket &p = session.packet(row);
            n += p.direction == d && p.sioType == type && !p.isAttachment() && p.event == event;
        }
        return n;
    };
    QTRY_COMPARE(count(Dir::Incoming, SocketIOPacket::BinaryEvent, u"binary"_s), 1);
    QCOMPARE(count(Dir::Outgoing, SocketIOPacket::Event, u"ack-me"_s), 1);
    QCOMPARE(session.acks().count(), 1);
    QCOMPARE(session.acks().entry(0).status, AckEntry::Answered);
    QVERIFY(session.linter().findings().isEmpty());
    QVERIFY2(capture.errors.isEmpty(), qPrintable(capture.errors.value(0).value(0).toString()));
    io.close();
}

void tst_TlsCapture::clientNotTrustingCaRefused()
{
    if (!m_server.isRunning())
        QSKIP("no TLS test server");
    Capture capture;
    QVERIFY(start(capture, true));
    const std::unique_ptr<SocketIO> io = client(u"localhost"_s, capture, false);
    io->setReconnection(false);
    io->setTransports({u"websocket"_s});
    QSignalSpy errors(io.get(), &SocketIO::errorOccurred);
    io->open();
    QVERIFY(errors.wait(15000));
    QCOMPARE(io->error(), SocketIO::SslError);
    QTRY_VERIFY(!capture.errors.isEmpty());
    const QString message = capture.errors.first().first().toString();
    QVERIFY2(message.contains(u"TLS handshake with a client for localhost failed"_s), qPrintable(message));
    QCOMPARE(capture.session.packetCount(), 0);
}

void tst_TlsCapture::upstreamVerified()
{
    // The test server's certificate is self-signed: without it among the proxy's upstream CAs,
    // the proxy refuses the server, for each transport.
    if (!m_server.isRunning())
        QSKIP("no TLS test server");
    for (const QString &transport : {u"polling"_s, u"websocket"_s}) {
        Capture capture;
        QVERIFY(start(capture, false));
        const std::unique_ptr<SocketIO> io = client(u"localhost"_s, capture, true);
        io->setReconnection(false);
        io->setTransports({transport});
        QSignalSpy errors(io.get(), &SocketIO::errorOccurred);
        io->open();
        QVERIFY(errors.wait(15000));
        QVERIFY(!io->socket()->isConnected());
        QTRY_VERIFY(!capture.errors.isEmpty());
        const QString message = capture.errors.first().first().toString();
        QVERIFY2(message.contains(u"SSL handshake failed"_s, Qt::CaseInsensitive)
                         || message.contains(u"certificate"_s, Qt::CaseInsensitive),
                 qPrintable(message));
    }
}

QTEST_GUILESS_MAIN(tst_TlsCapture)
#include "tst_tlscapture.moc"
