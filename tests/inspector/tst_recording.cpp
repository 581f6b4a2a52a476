// Recordings: the JSON-lines format written and read back, socketio-cli --raw
// output, and files that are not recordings.
#include "capturesession.h"
#include "harreader.h"
#include "harwriter.h"
#include "recordingreader.h"
#include "recordingwriter.h"

#include <QtCore/qbuffer.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qtemporarydir.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;
using Dir = SocketIO::Direction;

class tst_Recording : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip();
    void streamsAndEvents();
    void lineFormat();
    void cliRawOutput();
    void skipsBadLines();
    void notARecording();
    void malformedFrames();
    void chromiumHar();
    void harRoundTrip();
    void notAHar();
};

static void fill(CaptureSession &s)
{
    qint64 t = 1'700'000'000'123'456;
    const auto add = [&](Dir d, EngineIOPacket::Type type, const QByteArray &data, bool binary = false) {
        t += 1234;
        s.addPacket(t, d, EngineIOPacket(type, data, binary), u"websocket"_s);
    };
    add(Dir::Incoming, EngineIOPacket::Open,
        R"({"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})");
    add(Dir::Outgoing, EngineIOPacket::Message, "0");
    add(Dir::Incoming, EngineIOPacket::Message, R"(0{"sid":"s1"})");
    add(Dir::Outgoing, EngineIOPacket::Message, R"(51-3["up",{"_placeholder":true,"num":0}])");
    add(Dir::Outgoing, EngineIOPacket::Message, QByteArray("\x00\x01\xff", 3), true);
    add(Dir::Incoming, EngineIOPacket::Message, R"(33["ok","ünï ✓"])");
    add(Dir::Incoming, EngineIOPacket::Ping, {});
    add(Dir::Outgoing, EngineIOPacket::Pong, {});
    add(Dir::Outgoing, EngineIOPacket::Close, {});
}

static void comparePackets(const CaptureSession &a, const CaptureSession &b, qint64 toleranceUs = 1)
{
    QCOMPARE(b.packetCount(), a.packetCount());
    for (int row = 0; row < a.packetCount(); ++row) {
        const CapturedPacket &x = a.packet(row);
        const CapturedPacket &y = b.packet(row);
        QCOMPARE(y.direction, x.direction);
        QCOMPARE(y.transport, x.transport);
        QCOMPARE(y.packet.type(), x.packet.type());
        QCOMPARE(y.packet.isBinary(), x.packet.isBinary());
        QCOMPARE(y.packet.data(), x.packet.data());
        QCOMPARE(y.stream, x.stream);
        QVERIFY2(qAbs(y.timeUs - x.timeUs) <= toleranceUs, qPrintable(u"row %1: %2 vs %3"_s.arg(row).arg(y.timeUs).arg(x.timeUs)));
        QCOMPARE(y.event, x.event);
        QCOMPARE(y.ackEntry, x.ackEntry);
    }
}

void tst_Recording::roundTrip()
{
    CaptureSession original;
    fill(original);
    QCOMPARE(original.acks().entry(0).status, AckEntry::Answered);

    QTemporaryDir dir;
    const QString path = dir.filePath(u"capture.jsonl"_s);
    RecordingInfo info;
    info.url = QUrl(u"http://127.0.0.1:3000/"_s);
    info.protocol = 5;
    info.source = u"connection"_s;
    QString error;
    QVERIFY2(RecordingWriter::save(original, info, path, &error), qPrintable(error));

    CaptureSession loaded;
    RecordingInfo read;
    QVERIFY2(RecordingReader::load(path, &loaded, &read, &error), qPrintable(error));
    QCOMPARE(read.formatVersion, RecordingInfo::FormatVersion);
    QCOMPARE(read.url, info.url);
    QCOMPARE(read.protocol, 5);
    QCOMPARE(read.source, u"connection"_s);
    QCOMPARE(read.packets, original.packetCount());
    QCOMPARE(read.skippedLines, 0);
    QCOMPARE(read.startedUs, original.firstTimeUs());
    comparePackets(original, loaded);
    QCOMPARE(loaded.acks().count(), 1);
    QCOMPARE(loaded.acks().entry(0).status, AckEntry::Answered);
    QCOMPARE(loaded.acks().entry(0).rttMs(), original.acks().entry(0).rttMs());
    QVERIFY(RecordingReader::looksLikeRecording(path));
}

void tst_Recording::streamsAndEvents()
{
    CaptureSession original;
    fill(original);
    const int second = original.addStream(u"proxy-sid"_s);
    original.addPacket(original.lastTimeUs() + 10, Dir::Incoming,
                       EngineIOPacket(EngineIOPacket::Open, R"({"sid":"proxy-sid","upgrades":[],"pingInterval":1,"pingTimeout":1})"),
                       u"polling"_s, second);
    EngineEvent attempt;
    attempt.kind = EngineEvent::ReconnectAttempt;
    attempt.timeUs = original.lastTimeUs() + 20;
    attempt.detail = u"3"_s;
    original.addEvent(attempt);

    QBuffer buffer;
    buffer.open(QIODevice::ReadWrite);
    QVERIFY(RecordingWriter::write(original, {}, &buffer));
    buffer.seek(0);
    CaptureSession loaded;
    RecordingInfo info;
    QVERIFY(RecordingReader::read(&buffer, &loaded, &info));
    QCOMPARE(loaded.streamCount(), 2);
    QCOMPARE(loaded.streamLabel(1), u"proxy-sid"_s);
    QCOMPARE(loaded.packet(loaded.packetCount() - 1).stream, 1);
    QCOMPARE(loaded.timeline().streamInfo(1).eioVersion, 3);
    bool found = false;
    for (const EngineEvent &e : loaded.timeline().events())
        found = found || (e.kind == EngineEvent::ReconnectAttempt && e.detail == "3"_L1);
    QVERIFY(found);
}

void tst_Recording::lineFormat()
{
    // The packet records are socketio-cli's --raw records plus "time".
    const QJsonObject text = RecordingWriter::packetRecord(1'700'000'000'000'500, Dir::Outgoing,
                                                           EngineIOPacket(EngineIOPacket::Message, R"(2["a"])"),
                                                           u"websocket"_s);
    QCOMPARE(text.value("type"_L1).toString(), u"raw"_s);
    QCOMPARE(text.value("dir"_L1).toString(), u"out"_s);
    QCOMPARE(text.value("transport"_L1).toString(), u"websocket"_s);
    QCOMPARE(text.value("eio"_L1).toString(), u"message"_s);
    QCOMPARE(text.value("data"_L1).toString(), uR"(2["a"])"_s);
    QCOMPARE(text.value("time"_L1).toDouble(), 1'700'000'000'000.5);
    QVERIFY(!text.contains("stream"_L1));
    const QJsonObject binary = RecordingWriter::packetRecord(1, Dir::Incoming,
                                                             EngineIOPacket(EngineIOPacket::Message, "\x01\x02", true),
                                                             u"polling"_s, 2);
    QCOMPARE(binary.value("binary"_L1).toString(), u"AQI="_s);
    QCOMPARE(binary.value("stream"_L1).toInt(), 2);
    QVERIFY(!binary.contains("data"_L1));
}

void tst_Recording::cliRawOutput()
{
    // What `socketio-cli --raw` prints, other report lines mixed in, no times.
    QByteArray lines =
            R"({"type":"raw","dir":"in","transport":"websocket","eio":"open","data":"{\"sid\":\"x\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}"})" "\n"
            R"({"type":"raw","dir":"out","transport":"websocket","eio":"message","data":"0"})" "\n"
            R"({"type":"raw","dir":"in","transport":"websocket","eio":"message","data":"0{\"sid\":\"y\"}"})" "\n"
            R"({"type":"connect","nsp":"/","sid":"y","recovered":false})" "\n"
            R"({"type":"raw","dir":"out","transport":"websocket","eio":"message","data":"20[\"ack-me\",1]"})" "\n"
            R"({"type":"raw","dir":"in","transport":"websocket","eio":"message","data":"30[1]"})" "\n"
            R"({"type":"ack","nsp":"/","tag":null,"args":[1],"rtt_ms":1})" "\n"
            R"({"type":"reconnect_attempt","attempt":1})" "\n";
    QBuffer buffer(&lines);
    buffer.open(QIODevice::ReadOnly);
    CaptureSession s;
    RecordingInfo info;
    QString error;
    QVERIFY2(RecordingReader::read(&buffer, &s, &info, &error), qPrintable(error));
    QCOMPARE(info.packets, 5);
    QCOMPARE(info.skippedLines, 0);
    QCOMPARE(s.packetCount(), 5);
    QCOMPARE(s.acks().entry(0).status, AckEntry::Answered);
    QCOMPARE(s.acks().entry(0).rttMs(), 1.0); // one synthetic millisecond per record
    QVERIFY(s.packet(1).timeUs > s.packet(0).timeUs);
}

void tst_Recording::skipsBadLines()
{
    QByteArray lines =
            R"({"type":"raw","dir":"out","transport":"websocket","eio":"message","data":"0","time":1000})" "\n"
            "this is not json\n"
            R"({"type":"raw","dir":"sideways","eio":"message","data":"0","time":1001})" "\n"
            R"({"type":"raw","dir":"in","eio":"bogus","data":"0","time":1002})" "\n"
            R"({"type":"raw","dir":"in","eio":"message","binary":"!!!","time":1003})" "\n"
            "\n"
            R"({"type":"raw","dir":"in","transport":"websocket","eio":"message","data":"0{\"sid\":\"a\"}","time":1004})" "\n";
    QBuffer buffer(&lines);
    buffer.open(QIODevice::ReadOnly);
    CaptureSession s;
    RecordingInfo info;
    QVERIFY(RecordingReader::read(&buffer, &s, &info));
    QCOMPARE(s.packetCount(), 2);
    QCOMPARE(info.skippedLines, 4);
    QVERIFY2(info.firstProblem.startsWith(u"line 2:"_s), qPrintable(info.firstProblem));
}

void tst_Recording::notARecording()
{
    QByteArray text = "hello\nworld\n";
    QBuffer buffer(&text);
    buffer.open(QIODevice::ReadOnly);
    CaptureSession s;
    QString error;
    QVERIFY(!RecordingReader::read(&buffer, &s, nullptr, &error));
    QVERIFY(error.startsWith(u"not a recording"_s));

    QByteArray empty;
    QBuffer none(&empty);
    none.open(QIODevice::ReadOnly);
    QVERIFY(!RecordingReader::read(&none, &s, nullptr, &error));
    QCOMPARE(error, u"the file is empty"_s);

    QVERIFY(!RecordingReader::load(u"/nonexistent/file.jsonl"_s, &s, nullptr, &error));
    QVERIFY(!error.isEmpty());
}

void tst_Recording::malformedFrames()
{
    CaptureSession original;
    original.addMalformedFrame(5000, Dir::Incoming, "zzz", false, u"websocket"_s, 0, u"unknown packet type"_s);
    QBuffer buffer;
    buffer.open(QIODevice::ReadWrite);
    QVERIFY(RecordingWriter::write(original, {}, &buffer));
    buffer.seek(0);
    CaptureSession loaded;
    QVERIFY(RecordingReader::read(&buffer, &loaded, nullptr));
    QCOMPARE(loaded.packetCount(), 1);
    QCOMPARE(loaded.linter().count(), 1);
    QCOMPARE(loaded.linter().finding(0).rule, LintFinding::MalformedFrame);
    QVERIFY(loaded.linter().finding(0).message.contains(u"unknown packet type"_s));
}

// A HAR file Chrome's DevTools protocol reported while the official JavaScript client talked to
// socket.io 4.8 (tests/inspector/har/record-har.js made it): polling, the upgrade, acks both ways,
// binary, a second namespace with auth.
static const QString kChromiumHar = QStringLiteral(SOCKETIOQT_SOURCE_DIR "/tests/inspector/har/chromium-session.har");

void tst_Recording::chromiumHar()
{
    QVERIFY(HarReader::looksLikeHar(kChromiumHar));
    CaptureSession s;
    RecordingInfo info;
    QString error;
    QVERIFY2(HarReader::load(kChromiumHar, &s, &info, &error), qPrintable(error));
    QCOMPARE(info.source, u"har"_s);
    QCOMPARE(info.url.host(), u"127.0.0.1"_s);
    QCOMPARE(info.url.path(), QString());
    QCOMPARE(info.packets, s.packetCount());
    QCOMPARE(s.streamCount(), 1); // one Engine.IO session
    QCOMPARE(s.revision(0), 5);

    const CapturedPacket &open = s.packet(0);
    QCOMPARE(open.packet.type(), EngineIOPacket::Open);
    QCOMPARE(open.transport, u"polling"_s);
    QVERIFY(open.packet.data().contains(s.streamLabel(0).toUtf8()));
    bool upgrade = false, polledEvent = false, binaryEvent = false;
    for (int row = 0; row < s.packetCount(); ++row) {
        const CapturedPacket &p = s.packet(row);
        upgrade = upgrade || (p.packet.type() == EngineIOPacket::Upgrade && p.transport == "websocket"_L1);
        polledEvent = polledEvent || (p.transport == "polling"_L1 && p.event == "hello"_L1);
        binaryEvent = binaryEvent || (p.event == "binary"_L1 && p.attachments == 1);
        if (row > 0)
            QVERIFY(p.timeUs >= s.packet(row - 1).timeUs);
    }
    QVERIFY(upgrade);
    QVERIFY(polledEvent);
    QVERIFY(binaryEvent);
    QVERIFY(s.namespaces().contains(u"/admin"_s));
    // Every round trip paired and answered: the server's "hello" to the client, the client's two
    // echoes and its binary emit on "/", its "whoami" on "/admin".
    QCOMPARE(s.acks().count(), 5);
    for (const AckEntry &e : s.acks().entries())
        QCOMPARE(e.status, AckEntry::Answered);
    for (const LintFinding &f : s.linter().findings())
        QVERIFY2(f.severity() != LintFinding::Error, qPrintable(f.message));
}

void tst_Recording::harRoundTrip()
{
    // The browser's session, and one of our own captures (binary over WebSocket), written as HAR
    // and read back: the same packets, in the same order, at the same times (HAR keeps ms).
    CaptureSession fromBrowser;
    QString error;
    QVERIFY2(HarReader::load(kChromiumHar, &fromBrowser, nullptr, &error), qPrintable(error));
    CaptureSession ours;
    fill(ours);
    RecordingInfo info;
    info.url = QUrl(u"http://127.0.0.1:3000"_s);
    for (const CaptureSession *original : {&fromBrowser, &ours}) {
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::ReadWrite));
        QVERIFY2(HarWriter::write(*original, info, &buffer, &error), qPrintable(error));
        const QJsonObject log = QJsonDocument::fromJson(buffer.data()).object().value("log"_L1).toObject();
        QCOMPARE(log.value("version"_L1).toString(), u"1.2"_s);
        QVERIFY(!log.value("entries"_L1).toArray().isEmpty());
        buffer.seek(0);
        CaptureSession loaded;
        RecordingInfo read;
        QVERIFY2(HarReader::read(&buffer, &loaded, &read, &error), qPrintable(error));
        QCOMPARE(read.url, info.url);
        comparePackets(*original, loaded, original == &ours ? 1000 : 1);
        QCOMPARE(loaded.acks().count(), original->acks().count());
    }
}

void tst_Recording::notAHar()
{
    CaptureSession s;
    QString error;
    QBuffer junk;
    junk.setData("{\"log\": 3}");
    QVERIFY(junk.open(QIODevice::ReadOnly));
    QVERIFY(!HarReader::read(&junk, &s, nullptr, &error));
    QVERIFY2(error.contains(u"not a HAR file"_s), qPrintable(error));
    QBuffer other;
    other.setData(R"({"log":{"version":"1.2","entries":[{"request":{"method":"GET","url":"http://a/index.html"}}]}})");
    QVERIFY(other.open(QIODevice::ReadOnly));
    QVERIFY(!HarReader::read(&other, &s, nullptr, &error));
    QVERIFY2(error.contains(u"no Socket.IO traffic"_s), qPrintable(error));
    QCOMPARE(s.packetCount(), 0);
}

QTEST_GUILESS_MAIN(tst_Recording)
#include "tst_recording.moc"
