// The capture model: decoding, the ack ledger, the linter rules, the engine
// timeline, statistics and the replay script, fed with hand-made packets.
#include "ackstatistics.h"
#include "capturesession.h"
#include "hexdump.h"
#include "msgpackparser_p.h"
#include "replayscript.h"

#include <SocketIOQt/socketiodecoder.h>

#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

using Dir = SocketIO::Direction;

class tst_CaptureSession : public QObject
{
    Q_OBJECT

private:
    // Feeds packets one millisecond apart (or at an explicit time).
    struct Feeder {
        CaptureSession &session;
        qint64 t = 1'700'000'000'000'000;
        int text(Dir d, const QByteArray &data, qint64 stepUs = 1000)
        {
            t += stepUs;
            return session.addPacket(t, d, EngineIOPacket(EngineIOPacket::Message, data), u"websocket"_s);
        }
        int binary(Dir d, const QByteArray &data)
        {
            t += 1000;
            return session.addPacket(t, d, EngineIOPacket(EngineIOPacket::Message, data, true), u"websocket"_s);
        }
        int engine(Dir d, EngineIOPacket::Type type, const QByteArray &data = {}, qint64 stepUs = 1000)
        {
            t += stepUs;
            return session.addPacket(t, d, EngineIOPacket(type, data), u"websocket"_s);
        }
        void handshake(bool eio4 = true, int pingInterval = 25000, int pingTimeout = 20000)
        {
            QByteArray open = R"({"sid":"abc","upgrades":[],"pingInterval":)" + QByteArray::number(pingInterval)
                    + R"(,"pingTimeout":)" + QByteArray::number(pingTimeout);
            open += eio4 ? R"(,"maxPayload":1000000})" : "}";
            engine(Dir::Incoming, EngineIOPacket::Open, open);
        }
        void connect(const QByteArray &nsp = {})
        {
            text(Dir::Outgoing, "0" + (nsp.isEmpty() ? QByteArray() : nsp + ","));
            text(Dir::Incoming, "0" + (nsp.isEmpty() ? QByteArray() : nsp + ",") + R"({"sid":"s1"})");
        }
    };

    static QList<LintFinding::Rule> rules(const CaptureSession &s)
    {
        QList<LintFinding::Rule> r;
        for (const LintFinding &f : s.linter().findings())
            r.append(f.rule);
        return r;
    }

private Q_SLOTS:
    void frameHeader_data();
    void frameHeader();
    void eventSummary();
    void ackPairedWithRoundTrip();
    void ackFromServerRequest();
    void unknownAckId();
    void duplicateAck();
    void wrongNamespaceAck();
    void timeoutAndLateAck();
    void markTimedOut();
    void idsRestartAfterReconnect();
    void binaryAttachments();
    void attachmentsMissing();
    void strayAttachment();
    void msgpackSession();
    void placeholderCountMismatch();
    void invalidPayload();
    void eventBeforeConnect();
    void generationMismatch();
    void autoRevisionFollowsHandshake();
    void heartbeatTimeline();
    void lateHeartbeat();
    void upgradeTimeline();
    void connectError();
    void clearKeepsStreams();
    void statistics();
    void replayScript();
    void hexDump();
};

void tst_CaptureSession::frameHeader_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("type");
    QTest::addColumn<int>("attachments");
    QTest::addColumn<QString>("nsp");
    QTest::addColumn<qint64>("id");
    QTest::addColumn<QByteArray>("payload");

    QTest::newRow("connect") << QByteArray("0") << true << 0 << 0 << u"/"_s << qint64(-1) << QByteArray();
    QTest::newRow("event") << QByteArray(R"(2["a",1])") << true << 2 << 0 << u"/"_s << qint64(-1)
                           << QByteArray(R"(["a",1])");
    QTest::newRow("event nsp id") << QByteArray(R"(2/chat,12["a"])") << true << 2 << 0 << u"/chat"_s << qint64(12)
                                  << QByteArray(R"(["a"])");
    QTest::newRow("binary ack") << QByteArray(R"(61-/x,3[{"_placeholder":true,"num":0}])") << true << 6 << 1
                                << u"/x"_s << qint64(3) << QByteArray(R"([{"_placeholder":true,"num":0}])");
    QTest::newRow("nsp only") << QByteArray("1/admin,") << true << 1 << 0 << u"/admin"_s << qint64(-1) << QByteArray();
    QTest::newRow("bad type") << QByteArray("9") << false << -1 << 0 << u"/"_s << qint64(-1) << QByteArray();
    QTest::newRow("binary without count") << QByteArray("5[]") << false << 5 << 0 << u"/"_s << qint64(-1)
                                          << QByteArray();
}

void tst_CaptureSession::frameHeader()
{
    QFETCH(QByteArray, text);
    // The inspector reads headers with the public parser API.
    SocketIOPacket h;
    qsizetype payloadOffset = -1;
    QString error;
    const bool valid = SocketIODecoder::decodeHeader(text, 5, &h, &payloadOffset, &error);
    QTEST(valid, "valid");
    if (!valid) {
        QVERIFY(!error.isEmpty());
        return;
    }
    QTEST(int(h.type()), "type");
    QTEST(h.attachments(), "attachments");
    QTEST(h.nsp(), "nsp");
    QTEST(h.id(), "id");
    QTEST(text.mid(payloadOffset), "payload");
}

void tst_CaptureSession::eventSummary()
{
    CaptureSession s;
    Feeder f{s};
    f.handshake();
    f.connect("/chat");
    const int row = f.text(Dir::Outgoing, R"(2/chat,["message",{"text":"hi"}])");
    const CapturedPacket &p = s.packet(row);
    QCOMPARE(p.sioType, SocketIOPacket::Event);
    QCOMPARE(p.nsp, u"/chat"_s);
    QCOMPARE(p.event, u"message"_s);
    QCOMPARE(p.ackId, -1);
    QCOMPARE(s.namespaces(), QStringList{u"/chat"_s});
    QCOMPARE(s.eventNames(), QStringList{u"message"_s});
    QVERIFY(s.linter().findings().isEmpty());
}

void tst_CaptureSession::ackPairedWithRoundTrip()
{
    CaptureSession s;
    Feeder f{s};
    f.handshake();
    f.connect();
    const int request = f.text(Dir::Outgoing, R"(20["ack-me",1,"two"])");
    QCOMPARE(s.acks().count(), 1);
    QCOMPARE(s.acks().entry(0).status, AckEntry::Pending);
    const int answer = f.text(Dir::Incoming, R"(30[1,"two"])", 2500);
    QCOMPARE(s.acks().count(), 1);
    const AckEntry &e = s.acks().entry(0);
    QCOMPARE(e.status, AckEntry::Answered);
    QCOMPARE(e.requestDirection, Dir::Outgoing);
    QCOMPARE(e.requestRow, request);
    QCOMPARE(e.answerRow, answer);
    QCOMPARE(e.event, u"ack-me"_s);
    QCOMPARE(e.rttMs(), 2.5);
    QCOMPARE(s.packet(answer).ackEntry, 0);
    QCOMPARE(s.packet(answer).event, u"ack-me"_s); // the answer carries its request's name
    QVERIFY(s.linter().findings().isEmpty());
}

void tst_CaptureSession::ackFromServerRequest()
{
    CaptureSession s;
    Feeder f{s};
    f.handshake();
    f.connect();
    f.text(Dir::Incoming, R"(27["question",5])");
    f.text(Dir::Outgoing, R"(37["answer"])");
    QCOMPARE(s.acks().count(), 1);
    QCOMPARE(s.acks().entry(0).status, AckEntry::Answered);
    QCOMPARE(s.acks().entry(0).requestDirection, Dir::Incoming);
    QCOMPARE(s.acks().entry(0).id, 7);
}

void tst_CaptureSession::unknownAckId()
{
    CaptureSession s;
    Feeder f{s};
    f.handshake();
    f.connect();
    const int row = f.text(Dir::Incoming, R"(399[])");
    QCOMPARE(s.acks().count(), 1);
    QCOMPARE(s.acks().entry(0).status, AckEntry::Unknown);
    QCOMPARE(rules(s), QList<LintFinding::Rule>{LintFinding::UnknownAckId});
    QCOMPARE(s.linter().finding(0).row, row);
    QVERIFY(s.packet(row).flags & CapturedPacket::HasFinding);
    QVERIFY(!LintFinding::hint(LintFinding::UnknownAckId).isEmpty());
}

void tst_CaptureSession::duplicateAck()
{
    CaptureSession s;
    Feeder f{s};
    f.handshake();
    f.connect();
    f.text(Dir::Outgoing, R"(24["e"])");
    f.text(Dir::Incoming, R"(34[])");
    f.text(Dir::Incoming, R"(34[])");
    QCOMPARE(s.acks().count(), 2);
    QCOMPARE(s.acks().entry(0).status, AckEntry::Answered);
    QCOMPARE(s.acks().entry(1).status, AckEntry::Duplicate);
    QCOMPARE(s.acks().entry(1).related, 0);
    QCOMPARE(rules(s), QList<LintFinding::Rule>{LintFinding::DuplicateAck});
}

void tst_CaptureSession::wrongNamespaceAck()
{
    CaptureSession s;
    Feeder f{s};
    f.handshake();
    f.connect();
    f.connect("/chat");
    f.text(Dir::Outgoing, R"(2/chat,5["e"])");
    f.text(Dir::Incoming, R"(35[])");
    QCOMPARE(s.acks().entry(0).status, AckEntry::Pending);
    QCOMPARE(s.acks().entry(1).status, AckEntry::Unknown);
    QCOMPARE(s.acks().entry(1).related, 0);
    QCOMPARE(rules(s), QList<LintFinding::Rule>{LintFinding::WrongNamespaceAck});
    QVERIFY(s.linter().finding(0).message.contains(u"/chat"_s));
}

void tst_CaptureSession::timeoutAndLateAck()
{
    CaptureSession s;
    s.setDefaultAckTimeout(1000);
    Feeder f{s};
    f.handshake();
    f.connect();
    f.text(Dir::Outgoing, R"(21["slow"])");
    QSignalSpy changed(&s, &CaptureSession::ackChanged);
    s.expireAcks(f.t + 999'000);
    QCOMPARE(s.acks().entry(0).status, AckEntry::Pending);
    s.expireAcks(f.t + 1'000'000);
    QCOMPARE(s.acks().entry(0).status, AckEntry::TimedOut);
    QCOMPARE(changed.size(), 1);
    f.text(Dir::Incoming, R"(31[])", 1'500'000);
    QCOMPARE(s.acks().entry(0).status, AckEntry::Answered);
    QVERIFY(s.acks().entry(0).late);
    QCOMPARE(rules(s), QList<LintFinding::Rule>{LintFinding::LateAck});
    QCOMPARE(LintFinding::severityOf(LintFinding::LateAck), LintFinding::Info);
}

void tst_CaptureSession::markTimedOut()
{
    CaptureSession s;
    s.setDefaultAckTimeout(0); // never by itself
    Feeder f{s};
    f.handshake();
    f.connect();
    f.text(Dir::Outgoing, R"(23["e"])");
    s.expireAcks(f.t + 3'600'000'000);
    QCOMPARE(s.acks().entry(0).status, AckEntry::Pending);
    s.markAckTimedOut(0, Dir::Outgoing, u"/"_s, 3);
    QCOMPARE(s.acks().entry(0).status, AckEntry::TimedOut);
    QCOMPARE(s.acks().pendingCount(), 0);
}

void tst_CaptureSession::idsRestartAfterReconnect()
{
    // The server numbers its requests per socket: after a new CONNECT, id 0
    // again is a new request, and its answer is no duplicate.
    CaptureSession s;
    Feeder f{s};
    f.handshake();
    f.connect();
    f.text(Dir::Incoming, R"(20["q"])");
    f.text(Dir::Outgoing, R"(30[])");
    f.handshake();
    f.connect();
    f.text(Dir::Incoming, R"(20["q"])");
    f.text(Dir::Outgoing, R"(30[])");
    QCOMPARE(s.acks().count(), 2);
    QCOMPARE(s.acks().entry(1).status, AckEntry::Answered);
    QVERIFY(s.linter().findings().isEmpty());
}

void tst_CaptureSession::binaryAttachments()
{
    CaptureSession s;
    Feeder f{s};
    f.handshake();
    f.connect();
    QSignalSpy changed(&s, &CaptureSession::packetChanged);
    const int text = f.text(Dir::Outgoing,
                            R"(52-3["upload",{"_placeholder":true,"num":0},{"x":{"_placeholder":true,"num":1}}])");
    QVERIFY(s.packet(text).flags & CapturedPacket::Incomplete);
    QCOMPARE(s.packet(text).attachments, 2);
    const int a0 = f.binary(Dir::Outgoing, QByteArray("\x01\x02\x03", 3));
    const int a1 = f.binary(Dir::Outgoing, QByteArray(16, 'z'));
    const CapturedPacket &p = s.packet(text);
    QVERIFY(!(p.flags & CapturedPacket::Incomplete));
    QCOMPARE(p.sioType, SocketIOPacket::BinaryEvent);
    QCOMPARE(p.event, u"upload"_s);
    QCOMPARE(p.ackId, 3);
    QCOMPARE(s.packet(a0).parent, text);
    QCOMPARE(s.packet(a0).attachmentIndex, 0);
    QCOMPARE(s.packet(a1).attachmentIndex, 1);
    QCOMPARE(s.packet(a1).event, u"upload"_s); // attachments filter with their packet
    QCOMPARE(s.frameRows(a1), (QList<int>{text, a0, a1}));
    QCOMPARE(s.frameRows(text), (QList<int>{text, a0, a1}));
    QVERIFY(changed.size() >= 1);
    QCOMPARE(s.acks().count(), 1);
    QVERIFY(s.linter().findings().isEmpty());

    // A binary ack answers it.
    f.text(Dir::Incoming, R"(61-3[{"_placeholder":true,"num":0}])");
    f.binary(Dir::Incoming, "ok");
    QCOMPARE(s.acks().entry(0).status, AckEntry::Answered);
}

void tst_CaptureSession::attachmentsMissing()
{
    CaptureSession s;
    Feeder f{s};
    f.handshake();
    f.connect();
    const int text = f.text(Dir::Incoming, R"(52-["b",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}])");
    f.binary(Dir::Incoming, "one");
    const int next = f.text(Dir::Incoming, R"(2["after"])");
    QCOMPARE(rules(s), QList<LintFinding::Rule>{LintFinding::AttachmentMismatch});
    QCOMPARE(s.linter().finding(0).row, text);
    QVERIFY(s.packet(text).flags & CapturedPacket::DecodeError);
    QCOMPARE(s.packet(next).event, u"after"_s); // the next packet decodes normally
}

// socket.io-msgpack-parser: every packet one binary message, told from the frames themselves.
void tst_CaptureSession::msgpackSession()
{
    CaptureSession s;
    Feeder f{s};
    f.handshake();
    QCOMPARE(s.parser(0), u"json"_s);
    const auto frame = [](const SocketIOPacket &packet) { return MsgPackParser::encodePacket(packet); };
    f.binary(Dir::Outgoing, frame(SocketIOPacket(SocketIOPacket::Connect, u"/"_s)));
    f.binary(Dir::Incoming, frame(SocketIOPacket(SocketIOPacket::Connect, u"/"_s, QVariantMap{{u"sid"_s, u"s1"_s}})));
    QCOMPARE(s.parser(0), u"msgpack"_s);
    const int event = f.binary(Dir::Outgoing,
                               frame(SocketIOPacket::event(u"/"_s, u"upload"_s, {QByteArray("\x01\x02", 2)}, 4)));
    QCOMPARE(s.packet(event).sioType, SocketIOPacket::Event);
    QCOMPARE(s.packet(event).event, u"upload"_s);
    QCOMPARE(s.packet(event).ackId, 4);
    f.binary(Dir::Incoming, frame(SocketIOPacket(SocketIOPacket::Ack, u"/"_s, QVariantList{u"ok"_s}, 4)));
    QCOMPARE(s.acks().count(), 1);
    QCOMPARE(s.acks().entry(0).status, AckEntry::Answered);
    QVERIFY(s.linter().findings().isEmpty());

    // On a msgpack stream, a binary message that does not decode says why.
    const int bad = f.binary(Dir::Incoming, QByteArray::fromHex("82a47479706509a36e7370a12f"));
    QVERIFY(s.packet(bad).flags & CapturedPacket::DecodeError);
    QCOMPARE(rules(s), QList<LintFinding::Rule>{LintFinding::InvalidPayload});
    QVERIFY(s.linter().finding(0).message.contains(u"invalid packet type"_s));
}

void tst_CaptureSession::strayAttachment()
{
    CaptureSession s;
    Feeder f{s};
    f.handshake();
    f.connect();
    const int row = f.binary(Dir::Incoming, "stray");
    QCOMPARE(rules(s), QList<LintFinding::Rule>{LintFinding::AttachmentMismatch});
    QCOMPARE(s.linter().finding(0).row, row);
}

void tst_CaptureSession::placeholderCountMismatch()
{
    CaptureSession s;
    Feeder f{s};
    f.handshake();
    f.connect();
    f.text(Dir::Incoming, R"(52-["b",{"_placeholder":true,"num":0}])");
    f.binary(Dir::Incoming, "one");
    f.binary(Dir::Incoming, "two");
    QCOMPARE(rules(s), QList<LintFinding::Rule>{LintFinding::AttachmentMismatch});
    QVERIFY(s.linter().finding(0).message.contains(u"1 placeholder"_s));
}

void tst_CaptureSession::invalidPayload()
{
    CaptureSession s;
    Feeder f{s};
    f.handshake();
    f.connect();
    const int notArray = f.text(Dir::Incoming, R"(2"not an array")");
    const int reserved = f.text(Dir::Incoming, R"(2["disconnect"])");
    const int badJson = f.text(Dir::Incoming, R"(2["x",)");
    const int ackNoId = f.text(Dir::Incoming, R"(3[])");
    QCOMPARE(rules(s), (QList<LintFinding::Rule>{LintFinding::InvalidPayload, LintFinding::InvalidPayload,
                                                 LintFinding::InvalidPayload, LintFinding::InvalidPayload}));
    QCOMPARE(s.linter().finding(0).row, notArray);
    QCOMPARE(s.linter().finding(1).row, reserved);
    QCOMPARE(s.linter().finding(2).row, badJson);
    QCOMPARE(s.linter().finding(3).row, ackNoId);
    QCOMPARE(s.packet(notArray).sioType, SocketIOPacket::Event); // summarized from the header anyway
}

void tst_CaptureSession::eventBeforeConnect()
{
    CaptureSession s;
    Feeder f{s};
    f.handshake();
    f.text(Dir::Outgoing, R"(2/chat,["early"])");
    QCOMPARE(rules(s), QList<LintFinding::Rule>{LintFinding::EventBeforeConnect});
}

void tst_CaptureSession::generationMismatch()
{
    CaptureSession s;
    s.setConfiguredRevision(0, 5);
    Feeder f{s};
    f.handshake(false); // Engine.IO 3: no maxPayload
    QCOMPARE(rules(s), QList<LintFinding::Rule>{LintFinding::GenerationMismatch});
    QCOMPARE(s.timeline().streamInfo(0).eioVersion, 3);

    CaptureSession rev5;
    rev5.setConfiguredRevision(0, 5);
    Feeder g{rev5};
    g.handshake();
    g.text(Dir::Outgoing, "0");
    g.text(Dir::Incoming, "0"); // a revision 4 server's answer: no sid
    QCOMPARE(rules(rev5), QList<LintFinding::Rule>{LintFinding::GenerationMismatch});

    CaptureSession pinger;
    Feeder h{pinger};
    h.handshake();
    h.engine(Dir::Outgoing, EngineIOPacket::Ping); // Engine.IO 3 habit on an Engine.IO 4 session
    QCOMPARE(rules(pinger), QList<LintFinding::Rule>{LintFinding::GenerationMismatch});
}

void tst_CaptureSession::autoRevisionFollowsHandshake()
{
    CaptureSession s; // configured revision 0: auto
    Feeder f{s};
    f.handshake(false);
    QCOMPARE(s.revision(0), 4);
    f.text(Dir::Incoming, "0");                 // revision 4: the server connects "/" by itself
    f.text(Dir::Incoming, R"(2["e"])");
    f.text(Dir::Incoming, R"(3)");              // revision 4 allows an ACK without data... but no id
    QCOMPARE(rules(s), QList<LintFinding::Rule>{LintFinding::InvalidPayload});
    QVERIFY(s.linter().finding(0).message.contains(u"without an id"_s));
}

void tst_CaptureSession::heartbeatTimeline()
{
    CaptureSession s;
    Feeder f{s};
    f.handshake(true, 100, 50);
    f.engine(Dir::Incoming, EngineIOPacket::Ping, {}, 100'000);
    f.engine(Dir::Outgoing, EngineIOPacket::Pong, {}, 2'000);
    QList<EngineEvent::Kind> kinds;
    for (const EngineEvent &e : s.timeline().events())
        kinds.append(e.kind);
    QCOMPARE(kinds, (QList<EngineEvent::Kind>{EngineEvent::Open, EngineEvent::Ping, EngineEvent::Pong}));
    QCOMPARE(s.timeline().event(2).latencyMs, 2.0);
    QCOMPARE(s.timeline().streamInfo(0).pingInterval, 100);
    QVERIFY(s.linter().findings().isEmpty());
}

void tst_CaptureSession::lateHeartbeat()
{
    CaptureSession s;
    Feeder f{s};
    f.handshake(true, 100, 50);
    f.engine(Dir::Incoming, EngineIOPacket::Ping, {}, 151'000); // > 100 + 50 ms after the open
    f.engine(Dir::Outgoing, EngineIOPacket::Pong, {}, 60'000);  // > pingTimeout after its ping
    QCOMPARE(rules(s), (QList<LintFinding::Rule>{LintFinding::LateHeartbeat, LintFinding::LateHeartbeat}));
    int late = 0;
    for (const EngineEvent &e : s.timeline().events())
        late += e.kind == EngineEvent::HeartbeatLate;
    QCOMPARE(late, 2);
}

void tst_CaptureSession::upgradeTimeline()
{
    CaptureSession s;
    qint64 t = 1000;
    s.addPacket(t++, Dir::Incoming, EngineIOPacket(EngineIOPacket::Open,
                R"({"sid":"x","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1})"),
                u"polling"_s);
    s.addPacket(t++, Dir::Outgoing, EngineIOPacket(EngineIOPacket::Ping, "probe"), u"websocket"_s);
    s.addPacket(t++, Dir::Incoming, EngineIOPacket(EngineIOPacket::Pong, "probe"), u"websocket"_s);
    s.addPacket(t++, Dir::Outgoing, EngineIOPacket(EngineIOPacket::Upgrade), u"websocket"_s);
    QList<EngineEvent::Kind> kinds;
    for (const EngineEvent &e : s.timeline().events())
        kinds.append(e.kind);
    QCOMPARE(kinds, (QList<EngineEvent::Kind>{EngineEvent::Open, EngineEvent::UpgradeProbe,
                                              EngineEvent::UpgradeProbe, EngineEvent::Upgrade}));
    QVERIFY(s.linter().findings().isEmpty());
}

void tst_CaptureSession::connectError()
{
    CaptureSession s;
    Feeder f{s};
    f.handshake();
    f.text(Dir::Outgoing, "0/admin,");
    f.text(Dir::Incoming, R"(4/admin,{"message":"not authorized","data":{"code":401}})");
    const EngineEvent &e = s.timeline().events().last();
    QCOMPARE(e.kind, EngineEvent::NamespaceRefused);
    QCOMPARE(e.nsp, u"/admin"_s);
    QCOMPARE(e.detail, u"not authorized"_s);
}

void tst_CaptureSession::clearKeepsStreams()
{
    CaptureSession s;
    Feeder f{s};
    f.handshake();
    f.connect();
    f.text(Dir::Outgoing, R"(51-["b",{"_placeholder":true,"num":0}])"); // waits for its attachment
    QSignalSpy cleared(&s, &CaptureSession::cleared);
    s.clear();
    QCOMPARE(cleared.size(), 1);
    QCOMPARE(s.packetCount(), 0);
    QCOMPARE(s.acks().count(), 0);
    // The connection goes on: its next packets decode as before.
    const int row = f.text(Dir::Outgoing, R"(2["next"])");
    QCOMPARE(row, 0);
    QCOMPARE(s.packet(0).event, u"next"_s);
    QVERIFY(s.linter().findings().isEmpty());
}

void tst_CaptureSession::statistics()
{
    QList<double> sorted{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    QCOMPARE(AckStatistics::percentile(sorted, 50), 5.0);
    QCOMPARE(AckStatistics::percentile(sorted, 90), 9.0);
    QCOMPARE(AckStatistics::percentile(sorted, 99), 10.0);
    QCOMPARE(AckStatistics::percentile({}, 50), 0.0);

    CaptureSession s;
    s.setDefaultAckTimeout(0);
    Feeder f{s};
    f.handshake();
    f.connect();
    for (int k = 0; k < 10; ++k) {
        f.text(Dir::Outgoing, "2" + QByteArray::number(k) + R"(["a"])");
        f.text(Dir::Incoming, "3" + QByteArray::number(k) + "[]", (k + 1) * 1000);
    }
    f.text(Dir::Outgoing, R"(220["b"])");
    const QList<AckStatistics> stats = AckStatistics::compute(s.acks());
    QCOMPARE(stats.size(), 3);
    QCOMPARE(stats[0].requests, 11);
    QCOMPARE(stats[0].answered, 10);
    QCOMPARE(stats[0].pending, 1);
    QCOMPARE(stats[1].event, u"a"_s);
    QCOMPARE(stats[1].p50, 5.0);
    QCOMPARE(stats[1].p90, 9.0);
    QCOMPARE(stats[1].max, 10.0);
    QCOMPARE(stats[1].mean, 5.5);
    QCOMPARE(stats[2].event, u"b"_s);
    QCOMPARE(stats[2].pending, 1);
}

void tst_CaptureSession::replayScript()
{
    CaptureSession s;
    Feeder f{s};
    f.handshake();
    f.connect();
    f.text(Dir::Outgoing, R"(0/admin,{"token":"secret"})");
    f.text(Dir::Incoming, R"(0/admin,{"sid":"s2"})");
    f.text(Dir::Outgoing, R"(2["first",1])");
    f.text(Dir::Incoming, R"(2["ignored"])");
    f.text(Dir::Outgoing, R"(51-/admin,7["bin",{"_placeholder":true,"num":0}])", 250'000);
    f.binary(Dir::Outgoing, "\x01\x02");
    const ReplayScript script = ReplayScript::fromCapture(s);
    QCOMPARE(script.emits.size(), 2);
    QCOMPARE(script.emits[0].event, u"first"_s);
    QCOMPARE(script.emits[0].args, QVariantList{1});
    QVERIFY(!script.emits[0].ack);
    QCOMPARE(script.emits[1].nsp, u"/admin"_s);
    QCOMPARE(script.emits[1].args, QVariantList{QByteArray("\x01\x02")});
    QVERIFY(script.emits[1].ack);
    QCOMPARE(script.emits[1].offsetMs, 251);
    QCOMPARE(script.namespaces, (QStringList{u"/"_s, u"/admin"_s}));
    QCOMPARE(script.auth.value(u"/admin"_s).value(u"token"_s).toString(), u"secret"_s);
}

void tst_CaptureSession::hexDump()
{
    const QString dump = HexDump::format(QByteArray("AB\x00\xff", 4));
    QVERIFY(dump.startsWith(u"00000000  41 42 00 ff"_s));
    QVERIFY(dump.contains(u"|AB..|"_s));
    QByteArray bytes;
    QVERIFY(HexDump::parse(u"0x01 02,ff\nA0"_s, &bytes));
    QCOMPARE(bytes, QByteArray("\x01\x02\xff\xa0", 4));
    QString error;
    QVERIFY(!HexDump::parse(u"0g"_s, &bytes, &error));
    QVERIFY(error.contains(u"'g'"_s));
    QVERIFY(!HexDump::parse(u"abc"_s, &bytes, &error));
}

QTEST_GUILESS_MAIN(tst_CaptureSession)
#include "tst_capturesession.moc"
