// The capturing proxy between a real client (SocketIO) and the real server:
// traffic is forwarded both ways and decoded into the capture, over
// WebSocket and over HTTP long-polling.
#include "captureproxy.h"
#include "capturesession.h"
#include "testserver.h"

#include "engineiocodec.h"

#include <QtCore/qurlquery.h>
#include <QtNetwork/qnetworkaccessmanager.h>
#include <QtNetwork/qnetworkreply.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;
using Dir = SocketIO::Direction;

class tst_CaptureProxy : public QObject
{
    Q_OBJECT

private:
    TestServer m_server;

    static int count(const CaptureSession &s, Dir d, int sioType, const QString &event = {})
    {
        int n = 0;
        for (int row = 0; row < s.packetCount(); ++row) {
            const CapturedPacket &p = s.packet(row);
            n += p.direction == d && p.sioType == sioType && !p.isAttachment() && (event.isEmpty() || p.event == event);
        }
        return n;
    }
    QByteArray get(QNetworkAccessManager &nam, const QUrl &url, QByteArray *contentType = nullptr)
    {
        QNetworkReply *reply = nam.get(QNetworkRequest(url));
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!done.wait(10000))
            return "timeout";
        reply->deleteLater();
        if (contentType)
            *contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
        return reply->readAll();
    }
    QByteArray post(QNetworkAccessManager &nam, const QUrl &url, const QByteArray &body)
    {
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, "text/plain;charset=UTF-8");
        QNetworkReply *reply = nam.post(request, body);
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!done.wait(10000))
            return "timeout";
        reply->deleteLater();
        return reply->readAll();
    }

private Q_SLOTS:
    void initTestCase();
    void listensOnLoopbackByDefault();
    void rejectsBadTarget();
    void webSocketClient();
    void pollingRequests();
    void libraryPollingClient();
    void olderGeneration_data();
    void olderGeneration();
};

void tst_CaptureProxy::initTestCase()
{
    if (!m_server.start())
        QSKIP(qPrintable(u"the test server does not start: "_s + m_server.errorString()));
}

void tst_CaptureProxy::listensOnLoopbackByDefault()
{
    CaptureSession session;
    CaptureProxy proxy(&session);
    proxy.setTarget(m_server.url());
    QVERIFY2(proxy.listen(), qPrintable(proxy.errorString()));
    QVERIFY(proxy.isListening());
    QVERIFY(proxy.serverAddress().isLoopback());
    QVERIFY(proxy.serverPort() > 0);
    proxy.close();
    QVERIFY(!proxy.isListening());
}

void tst_CaptureProxy::rejectsBadTarget()
{
    CaptureSession session;
    CaptureProxy proxy(&session);
    proxy.setTarget(QUrl(u"ftp://example.com"_s));
    QVERIFY(!proxy.listen());
    QVERIFY(!proxy.errorString().isEmpty());
}

void tst_CaptureProxy::webSocketClient()
{
    CaptureSession session;
    CaptureProxy proxy(&session);
    proxy.setTarget(m_server.url());
    QVERIFY2(proxy.listen(), qPrintable(proxy.errorString()));

    QUrl url(u"http://127.0.0.1/"_s);
    url.setPort(proxy.serverPort());
    SocketIO io(url);
    io.setTransports({u"websocket"_s});
    Namespace *ns = io.socket();
    QVariantList echoed;
    QByteArray binary;
    ns->on(u"binary"_s, [&](const QVariantList &args) { binary = args.value(1).toByteArray(); });
    io.open();
    QTRY_VERIFY_WITH_TIMEOUT(ns->isConnected(), 10000);
    QCOMPARE(proxy.connectionCount(), 1);

    ns->emitEvent(u"ack-me"_s, {1, u"two"_s}, [&](const QVariantList &args) { echoed = args; });
    ns->emitEvent(u"binary"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!echoed.isEmpty() && !binary.isEmpty(), 10000);
    QCOMPARE(echoed, (QVariantList{1, u"two"_s}));
    QCOMPARE(binary, QByteArray("\x07\x08\x09"));

    // Both directions were decoded into the capture.
    QTRY_VERIFY(count(session, Dir::Incoming, SocketIOPacket::BinaryEvent, u"binary"_s) == 1);
    QCOMPARE(count(session, Dir::Outgoing, SocketIOPacket::Event, u"ack-me"_s), 1);
    QCOMPARE(count(session, Dir::Incoming, SocketIOPacket::Ack), 1);
    QCOMPARE(session.acks().count(), 1);
    QCOMPARE(session.acks().entry(0).status, AckEntry::Answered);
    QCOMPARE(session.timeline().streamInfo(0).eioVersion, 4);
    QCOMPARE(session.streamLabel(0), session.timeline().streamInfo(0).sid);
    QVERIFY(session.linter().findings().isEmpty());
    for (int row = 0; row < session.packetCount(); ++row)
        QCOMPARE(session.packet(row).transport, u"websocket"_s);

    // A second client is a second stream.
    SocketIO second(url);
    second.setTransports({u"websocket"_s});
    second.socket()->open();
    QTRY_VERIFY_WITH_TIMEOUT(second.socket()->isConnected(), 10000);
    QCOMPARE(session.streamCount(), 2);

    io.close();
    second.close();
    QTRY_COMPARE_WITH_TIMEOUT(proxy.connectionCount(), 0, 5000);
}

void tst_CaptureProxy::pollingRequests()
{
    // Engine.IO long-polling by hand through the proxy: handshake, CONNECT,
    // an event with an ack, for both protocol generations' framing (EIO 4 here).
    CaptureSession session;
    CaptureProxy proxy(&session);
    proxy.setTarget(m_server.url());
    QVERIFY(proxy.listen());
    QNetworkAccessManager nam;
    QUrl base(u"http://127.0.0.1/socket.io/"_s);
    base.setPort(proxy.serverPort());

    QUrl handshake = base;
    handshake.setQuery(u"EIO=4&transport=polling"_s);
    const QByteArray open = get(nam, handshake);
    QVERIFY2(open.startsWith("0{"), open.constData());
    EngineIOPacket packet;
    QVERIFY(EngineIOCodec::decodeFrame(open, false, EngineIOCodec::V4, &packet));
    EngineIOHandshake info;
    QVERIFY(EngineIOHandshake::parse(packet.data(), &info));

    QUrl polling = base;
    polling.setQuery(u"EIO=4&transport=polling&sid="_s + info.sid);
    QCOMPARE(post(nam, polling, "40"), QByteArray("ok"));
    QByteArray answer = get(nam, polling);
    QVERIFY2(answer.startsWith("40{\"sid\""), answer.constData());
    QCOMPARE(post(nam, polling, "42\x1e" "420[\"ack-me\",\"over polling\"]"), QByteArray("ok"));
    answer = get(nam, polling);
    QVERIFY2(answer.contains("430[\"over polling\"]"), answer.constData());

    QCOMPARE(session.streamCount(), 1);
    QCOMPARE(session.streamLabel(0), info.sid);
    QCOMPARE(session.packet(0).packet.type(), EngineIOPacket::Open);
    QCOMPARE(session.packet(0).transport, u"polling"_s);
    QCOMPARE(session.acks().count(), 1);
    QCOMPARE(session.acks().entry(0).status, AckEntry::Answered);
    QCOMPARE(session.acks().entry(0).event, u"ack-me"_s);
    // "42" (an EVENT without payload) is invalid: the linter says so.
    QCOMPARE(session.linter().count(), 1);
    QCOMPARE(session.linter().finding(0).rule, LintFinding::InvalidPayload);
}

void tst_CaptureProxy::libraryPollingClient()
{
    CaptureSession session;
    CaptureProxy proxy(&session);
    proxy.setTarget(m_server.url());
    QVERIFY(proxy.listen());
    QUrl url(u"http://127.0.0.1/"_s);
    url.setPort(proxy.serverPort());
    SocketIO io(url);
    io.setTransports({u"polling"_s, u"websocket"_s});
    if (io.transports() != QStringList{u"polling"_s, u"websocket"_s} || io.error() != SocketIO::NoError)
        QSKIP("the library has no polling transport yet");
    QVariantList echoed;
    Namespace *ns = io.socket();
    io.open();
    QTRY_VERIFY_WITH_TIMEOUT(ns->isConnected() || io.error() != SocketIO::NoError, 10000);
    if (!ns->isConnected())
        QSKIP(qPrintable(u"the library's polling does not connect yet: "_s + io.errorString()));
    ns->emitEvent(u"ack-me"_s, {3}, [&](const QVariantList &args) { echoed = args; });
    QTRY_VERIFY_WITH_TIMEOUT(!echoed.isEmpty(), 10000);
    // The session started on polling, then upgraded to WebSocket: one stream, both transports.
    QTRY_VERIFY_WITH_TIMEOUT(io.transport() == "websocket"_L1, 10000);
    QCOMPARE(session.streamCount(), 1);
    QSet<QString> transports;
    for (int row = 0; row < session.packetCount(); ++row)
        transports.insert(session.packet(row).transport);
    QVERIFY(transports.contains(u"polling"_s));
    QVERIFY(transports.contains(u"websocket"_s));
    bool upgraded = false;
    for (const EngineEvent &e : session.timeline().events())
        upgraded = upgraded || e.kind == EngineEvent::Upgrade;
    QVERIFY(upgraded);
    QCOMPARE(session.acks().entry(0).status, AckEntry::Answered);
}

void tst_CaptureProxy::olderGeneration_data()
{
    QTest::addColumn<QStringList>("transports");
    QTest::newRow("websocket") << QStringList{u"websocket"_s};
    QTest::newRow("polling") << QStringList{u"polling"_s};
}

void tst_CaptureProxy::olderGeneration()
{
    // socket.io 2.x through the proxy: Engine.IO 3 framing (binary WebSocket
    // frames with a type byte, length-prefixed polling payloads), revision 4.
    QFETCH(QStringList, transports);
    TestServer old({u"--version"_s, u"2"_s});
    QVERIFY2(old.start(), qPrintable(old.errorString()));
    CaptureSession session;
    CaptureProxy proxy(&session);
    proxy.setTarget(old.url());
    QVERIFY(proxy.listen());
    QUrl url(u"http://127.0.0.1/"_s);
    url.setPort(proxy.serverPort());
    SocketIO io(url);
    io.setProtocol(SocketIO::Revision4);
    io.setTransports(transports);
    if (io.error() != SocketIO::NoError)
        QSKIP(qPrintable(u"the library refuses these options: "_s + io.errorString()));
    Namespace *ns = io.socket();
    QVariantList answer;
    io.open();
    QTRY_VERIFY_WITH_TIMEOUT(ns->isConnected() || io.error() != SocketIO::NoError, 10000);
    if (!ns->isConnected())
        QSKIP(qPrintable(u"the library does not connect to socket.io 2 this way yet: "_s + io.errorString()));
    ns->emitEvent(u"ack-me"_s, {QByteArray("\x01\x02"), u"old"_s}, [&](const QVariantList &a) { answer = a; });
    QTRY_VERIFY_WITH_TIMEOUT(!answer.isEmpty(), 10000);
    QCOMPARE(answer, (QVariantList{QByteArray("\x01\x02"), u"old"_s}));

    QCOMPARE(session.timeline().streamInfo(0).eioVersion, 3);
    QCOMPARE(session.revision(0), 4);
    QTRY_COMPARE(session.acks().count(), 1);
    QCOMPARE(session.acks().entry(0).status, AckEntry::Answered);
    int binaryFrames = 0;
    for (int row = 0; row < session.packetCount(); ++row)
        binaryFrames += session.packet(row).packet.isBinary();
    QCOMPARE(binaryFrames, 2); // the attachment out, and back in the BINARY_ACK
    for (const LintFinding &f : session.linter().findings())
        QVERIFY2(false, qPrintable(LintFinding::ruleId(f.rule) + u": "_s + f.message));
}

QTEST_MAIN(tst_CaptureProxy)
#include "tst_captureproxy.moc"
