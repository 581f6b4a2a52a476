// The decode-once path of typed handlers (issues 18 and 15): a plain event whose handlers have
// typed parameters is split into its arguments as they came, JSON text or MessagePack, which the
// parameters are read from, without the QVariant tree. Each row feeds one frame through both
// paths, the decoder's tree with Conversion::detail::callHandler() and the split arguments with
// callEncodedHandler(), for a set of handler signatures, and compares what the handler received,
// or the mismatch warning. The MessagePack rows are the JSON rows written by the msgpack encoder,
// and hand-written frames of what only MessagePack has.
#include "testtypes.h"

#include "eventspans_p.h"
#include "msgpackcodec_p.h"
#include "msgpackparser_p.h"
#include "socketiodecoder.h"
#include "socketiodecoder_p.h"

#include <SocketIOQt/conversion.h>

#include <QtTest>

#include <functional>
#include <map>
#include <optional>
#include <vector>

using namespace SocketIOQt;
using namespace Qt::StringLiterals;

namespace {

struct Nested
{
    Q_GADGET
    Q_PROPERTY(qint64 i MEMBER i)
    Q_PROPERTY(double score MEMBER score)
    Q_PROPERTY(bool ok MEMBER ok)
    Q_PROPERTY(QString name MEMBER name)
    Q_PROPERTY(QList<int> vals MEMBER vals)
    Q_PROPERTY(Point at MEMBER at)
    Q_PROPERTY(QVariant any MEMBER any)
    Q_PROPERTY(ushort small MEMBER small)
    Q_PROPERTY(float ratio MEMBER ratio)
    Q_PROPERTY(QByteArray blob MEMBER blob)
public:
    qint64 i = 0;
    double score = 0;
    bool ok = false;
    QString name;
    QList<int> vals;
    Point at;
    QVariant any;
    ushort small = 0;
    float ratio = 0;
    QByteArray blob;
};

// What a handler saw, as text: its arguments (QDebug), or the warning that it was not called.
QStringList g_messages;
void collect(QtMsgType, const QMessageLogContext &, const QString &message)
{
    g_messages.append(message);
}

template <typename T>
QString text(const T &value)
{
    QString out;
    QDebug(&out).nospace() << value;
    return out;
}
QString text(std::nullptr_t) { return u"nullptr"_s; }
QString text(double v) { return QString::number(v, 'g', 17); }
QString text(float v) { return QString::number(v, 'g', 9); }
QString text(const Point &p) { return u"Point(%1,%2,%3)"_s.arg(p.x).arg(p.y).arg(p.label); }
template <typename T>
QString text(const QList<T> &list)
{
    QStringList parts;
    for (const T &element : list)
        parts << text(element);
    return u"["_s + parts.join(u","_s) + u"]"_s;
}
template <typename T>
QString text(const std::vector<T> &list) { return text(QList<T>(list.begin(), list.end())); }
template <typename T>
QString text(const std::optional<T> &value) { return value ? text(*value) : u"empty"_s; }
QString text(const Nested &n)
{
    return QStringList{text(n.i), text(n.score), text(n.ok), n.name, text(n.vals), text(n.at), text(n.any),
                       text(n.small), text(n.ratio), text(n.blob)}.join(u","_s);
}
QString text(const Path &p)
{
    return QStringList{p.name, text(p.start), text(p.points), text(int(p.color))}.join(u","_s);
}

// One signature: runs a handler of it on the tree's arguments and on the split arguments, each
// time returning what it received.
struct Signature
{
    const char *name;
    std::function<QString(const QVariantList &)> tree;
    std::function<QString(const detail::EncodedArguments &)> encoded;
};

template <typename... T>
Signature signature(const char *name)
{
    auto run = [](auto call) {
        g_messages.clear();
        QString seen = u"not called"_s;
        auto handler = [&seen](T... values) { seen = ((text(values) + u" | "_s) + ...); };
        const QtMessageHandler previous = qInstallMessageHandler(collect);
        call(handler);
        qInstallMessageHandler(previous);
        return seen + u" / "_s + g_messages.join(u"; "_s);
    };
    return {name,
            [run](const QVariantList &args) {
                return run([&](auto &h) { Conversion::detail::callHandler(h, u"handler"_s, args, AckHandle(), nullptr); });
            },
            [run](const detail::EncodedArguments &args) {
                return run([&](auto &h) { Conversion::detail::callEncodedHandler(h, u"handler"_s, args, AckHandle(), nullptr); });
            }};
}

const std::vector<Signature> &signatures()
{
    static const std::vector<Signature> all = {
        signature<int>("int"),
        signature<qint64, double>("qint64, double"),
        signature<uint, short, uchar>("uint, short, uchar"),
        signature<float>("float"),
        signature<bool, const QString &>("bool, QString"),
        signature<const QString &, std::optional<int>>("QString, optional<int>"),
        signature<const Nested &>("gadget"),
        signature<const Path &>("nested gadget with enum"),
        signature<const QList<Point> &>("QList<gadget>"),
        signature<const std::vector<double> &>("vector<double>"),
        signature<const QStringList &>("QStringList"),
        signature<const QVariant &, const QVariantMap &>("QVariant, QVariantMap"),
        signature<const QVariantList &, const QJsonValue &>("QVariantList, QJsonValue"),
        signature<const QMap<QString, int> &>("QMap<QString, int>"),
        signature<ApiTest::Color>("enum"),
        signature<QUrl>("QUrl"),
        signature<std::nullptr_t>("nullptr_t"),
        signature<const QByteArray &>("QByteArray"),
        signature<std::optional<Point>>("optional<gadget>"),
    };
    return all;
}

// Every signature receives from each of args what it receives from the tree.
bool sameForEverySignature(const QVariantList &treeArgs, std::initializer_list<detail::EncodedArguments> args)
{
    for (const Signature &s : signatures()) {
        const QString fromTree = s.tree(treeArgs);
        for (const detail::EncodedArguments &encoded : args) {
            const QString fromEncoded = s.encoded(encoded);
            if (qEnvironmentVariableIsSet("TST_TYPEDJSON_SHOW"))
                qDebug().noquote() << s.name << "->" << fromEncoded;
            if (fromTree != fromEncoded) {
                qWarning().noquote() << s.name << "\n  tree:   " << fromTree << "\n  split:  " << fromEncoded;
                return false;
            }
        }
    }
    return true;
}

// The split's header is the decoder's packet's, with one member index per element and one more.
void compareHeader(const EventSpans &event, const SocketIOPacket &packet, const QString &name, qsizetype argumentCount)
{
    QCOMPARE(event.name, name);
    QCOMPARE(event.nsp, packet.nsp());
    QCOMPARE(event.id, packet.id());
    QCOMPARE(event.argumentCount(), argumentCount);
    QCOMPARE(event.members.index.size(), event.spans.size() + 1);
}

// A MessagePack EVENT on "/" named "e" with the given arguments, each already encoded.
QByteArray msgpackEvent(const QList<QByteArray> &args, const QByteArray &tail = {})
{
    QByteArray out("\x83\xa4type\x02\xa3nsp\xa1/\xa4" "data");
    out += char(0x90 + args.size() + 1);
    out += "\xa1" "e";
    for (const QByteArray &a : args)
        out += a;
    return out + tail;
}

// The bytes of a literal, NUL bytes included.
template <std::size_t N>
QByteArray bytes(const char (&data)[N])
{
    return QByteArray(data, qsizetype(N - 1));
}

// The columns of the refusal tests, and a function adding a row: a frame, refused within the
// limits given (the depth and size by default allow it).
auto addRefusedColumns()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<int>("maxDepth");
    QTest::addColumn<qint64>("maxPacketSize");
    return [](const char *name, const QByteArray &frame, int depth = 128, qint64 size = 100000000) {
        QTest::newRow(name) << frame << depth << size;
    };
}

// The Limits of the current row of addRefusedColumns(): its maxDepth and maxPacketSize.
Limits rowLimits()
{
    QFETCH(int, maxDepth);
    QFETCH(qint64, maxPacketSize);
    Limits limits;
    limits.setMaxDepth(maxDepth);
    limits.setMaxPacketSize(maxPacketSize);
    return limits;
}

} // namespace

class tst_TypedJson : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sameAsTree_data();
    void sameAsTree();
    void refusesWhatTheDecoderRefuses_data();
    void refusesWhatTheDecoderRefuses();
    void msgpackSameAsTree_data();
    void msgpackSameAsTree();
    void msgpackRefusesWhatTheDecoderRefuses_data();
    void msgpackRefusesWhatTheDecoderRefuses();
    void msgpackCutShort();
};

// The JSON frames of sameAsTree(), also written as MessagePack by msgpackSameAsTree().
static void addJsonFrames(const std::function<void(const char *name, const QByteArray &frame)> &addRow)
{
    const auto row = [&addRow](const char *name, const char *frame) { addRow(name, QByteArray(frame)); };
    row("int", R"(2["e",42])");
    row("negative zero", R"(2["e",-0])");
    row("int out of range", R"(2["e",2147483648])");
    row("integral double", R"(2["e",1.0,2.5e3])");
    row("fractional for int", R"(2["e",1.5])");
    row("beyond 2^53", R"(2["e",9007199254740993,9007199254740993])");
    row("huge exponent", R"(2["e",1e400,-1e400])");
    row("tiny exponent", R"(2["e",1e-400])");
    row("unsigned negative", R"(2["e",-1,1,1])");
    row("small types in range", R"(2["e",4294967295,-32768,255])");
    row("small types out of range", R"(2["e",1,32768,256])");
    row("string for int", R"(2["e","42"])");
    row("null", R"(2["e",null,null])");
    row("missing", R"(2["e"])");
    row("extra", R"(2["e",1,2,3,4,5])");
    row("bool and string", R"(2["e",true,"a\"b\\c\u00e9\ud83d\ude00 é ✓"])");
    row("lone surrogate", R"(2["e",false,"\udc00x"])");
    row("gadget", R"(2["e",{"i":7,"score":1.5,"ok":true,"name":"n","vals":[1,2,3],"at":{"x":1,"y":-2,"label":"p"},"any":{"k":[1,"x",null]},"small":65535,"ratio":0.1,"other":{"deep":[[[]]]}}])");
    row("gadget repeated keys", R"(2["e",{"i":1,"i":"x","i":3}])");
    row("gadget repeated key, last wrong", R"(2["e",{"i":1,"i":"x"}])");
    row("gadget escaped key", R"(2["e",{"\u0069":5,"n\u0061me":"esc"}])");
    row("gadget latin-1 key", R"(2["e",{"\u00e9":5,"é":6,"i":1}])");
    row("gadget wrong member type", R"(2["e",{"i":1,"name":2,"ok":"yes"}])");
    row("gadget nested wrong", R"(2["e",{"at":{"x":"1"}}])");
    row("gadget list wrong", R"(2["e",{"vals":[1,"2"]}])");
    row("gadget out of range", R"(2["e",{"small":65536}])");
    row("not an object for gadget", R"(2["e",[1,2]])");
    row("empty object", R"(2["e",{}])");
    row("path", R"(2["e",{"name":"p","start":{"x":1},"points":[{"x":2,"y":3},{"label":"l"}],"color":2}])");
    row("path color by name", R"(2["e",{"color":"Blue"}])");
    row("path bad color", R"(2["e",{"color":"Purple"}])");
    row("list of gadgets", R"(2["e",[{"x":1},{"y":2,"label":"b"}]])");
    row("list with a wrong element", R"(2["e",[{"x":1},3]])");
    row("empty list", R"(2["e",[]])");
    row("list of numbers", R"(2["e",[1,2.5,-3e2]])");
    row("strings", R"(2["e",["a","b\n"]])");
    row("mixed list", R"(2["e",["a",1]])");
    row("map", R"(2["e",{"a":1,"b":2}])");
    row("map wrong", R"(2["e",{"a":1,"b":"x"}])");
    row("url", R"(2["e","https://example.com/a?b=c"])");
    row("whitespace", " 2[ \"e\" , { \"i\" : 3 , \"vals\" : [ 1 , 2 ] } , [ ] , 7 ] ");
    row("with namespace and ack id", R"(2/chat,17["e",{"x":1},true])");
    row("deep argument", R"(2["e",[[[[[[[[1]]]]]]]],{"any":[[[[{}]]]]}])");
    // Members a gadget skips, then one it reads: the skip must end exactly where the member does,
    // whatever its strings hold (brackets, escaped quotes and backslashes, also where a 16-byte
    // block of the scanner ends) and however deep it is.
    row("gadget skips brackets in strings", R"(2["e",{"other":{"a":"]}]}","b":["{[",{"c":"}"}]},"i":4}])");
    row("gadget skips escapes", R"(2["e",{"other":["\"]\\","x\\\"}",{"\u005d":"\u007d\\"}],"i":5,"name":"\"q\""}])");
    row("gadget skips escapes at block ends", R"(2["e",{"other":["0123456789abc\"","0123456789abcd\\","0123456789a\\\"]","]"],"i":6}])");
    row("gadget skips a long member", R"(2["e",{"o":[{"t":"Widget number 0","p":12.5,"tags":["red","blue"],"s":true},{"t":"Widget number 1","p":13.5,"tags":["red","blue"],"s":false,"n":null}],"i":7,"vals":[1,2]}])");
    row("gadget skips unicode", R"(2["e",{"note":"grüße aus Köln ✓ 😀 [{\"","deep":{"x":[[{"y":"é]"}]]},"name":"✓","i":8}])");
    row("gadget skips nested objects at depth", R"(2["e",{"a":{"b":{"c":{"d":{"e":[{"f":[]}]}}}},"i":9}])");
    row("gadget skips with whitespace", "2[\"e\", { \"a\" : [ 1 , { \"b\" : \"]\" } ] ,\n\t\"i\" : 10 , \"s\" : \"x\" } ]");
    row("list of gadgets with skipped members", R"(2["e",[{"q":{"r":"}\""},"x":1},{"q":[],"label":"[l]","y":2},{"x":3,"q":"\\"}]])");
    row("long strings", R"(2["e",true,"0123456789abcdef0123456789abcdef\n0123456789abcdefé0123456789abcdef"])");
    row("escape at a block end", R"(2["e",false,"0123456789abcde\"0123456789abcd\u00e9x"])");
    row("plain strings, empty and long", R"(2["",true,"0123456789abcdef0123456789abcdef0/~",""])");
    row("non-ascii at a block end", R"(2["e",false,"0123456789abcdeé0123456789abcdef✓"])");
}

void tst_TypedJson::sameAsTree_data()
{
    QTest::addColumn<QByteArray>("frame");
    addJsonFrames([](const char *name, const QByteArray &frame) { QTest::newRow(name) << frame; });
}

void tst_TypedJson::sameAsTree()
{
    QFETCH(QByteArray, frame);
    const QByteArray text = frame.trimmed();

    SocketIODecoder decoder;
    QCOMPARE(decoder.addText(text), SocketIODecoder::PacketReady);
    const SocketIOPacket packet = decoder.takePacket();
    QVariantList treeArgs = packet.data().toList();
    const QString treeName = treeArgs.takeFirst().toString();

    EventSpans event;
    QVERIFY(SocketIOTextEvent::readHeader(text, 5, Limits(), &event));
    QVERIFY(SocketIOTextEvent::split(5, Limits(), &event));
    compareHeader(event, packet, treeName, treeArgs.size());
    if (QTest::currentTestFailed())
        return;
    // The members the split recorded are those the object's text has.
    for (qsizetype i = 0; i < event.argumentCount(); ++i) {
        QList<QByteArrayView> expected;
        QByteArrayView rest = event.arguments()[i], key, value;
        while (SocketIOJson::nextMember(&rest, &key, &value))
            expected << key << value;
        const qsizetype first = event.argumentMemberIndex()[i];
        const qsizetype last = event.argumentMemberIndex()[i + 1];
        QCOMPARE(QList<QByteArrayView>(event.members.pairs.constData() + 2 * first,
                                       event.members.pairs.constData() + 2 * last),
                 expected);
    }

    // Typed handlers read the same from the text alone and with the members the split found.
    const detail::EncodedArguments textOnly{event.arguments(), event.argumentCount()};
    const detail::EncodedArguments withMembers{event.arguments(), event.argumentCount(),
                                            event.members.pairs.constData(), event.argumentMemberIndex()};
    QVERIFY(sameForEverySignature(treeArgs, {textOnly, withMembers}));
}

// Where the decoder refuses a frame, the split must not take it: the decoder then words the
// error (SocketIOPrivate::takeTypedEvent() leaves the frame to it).
void tst_TypedJson::refusesWhatTheDecoderRefuses_data()
{
    const auto row = addRefusedColumns();
    row("invalid json", R"(2["event",{bad json)");
    row("trailing data", R"(2["e",1] x)");
    row("trailing comma", R"(2["e",1,])");
    row("bad escape", R"(2["e","\x"])");
    row("bad unicode escape", R"(2["e","\u12"])");
    row("control character", "2[\"e\",\"a\x01\"]");
    row("invalid utf-8", "2[\"e\",\"\xc3\x28\"]");
    row("leading zero", R"(2["e",01])");
    row("bad literal", R"(2["e",tru])");
    row("not an array", R"(2{"a":1})");
    row("empty array", R"(2[])");
    row("reserved name", R"(2["connect",1])");
    row("no payload", "2");
    row("unterminated string", R"(2["e","abc)");
    row("depth over the limit", R"(2["e",[[[1]]]])", 3);
    row("depth over the limit in an object", R"(2["e",{"a":{"b":1}}])", 2);
    row("packet over the size limit", R"(2["e","0123456789"])", 128, 10);
    row("namespace not utf-8", "2/\xff,[\"e\"]");
    // The string scanner takes 16 bytes at a time: faults after a long plain run, and at its end.
    row("control character after a long run", "2[\"e\",\"0123456789abcdef0123\x1f\"]");
    row("invalid utf-8 after a long run", "2[\"e\",\"0123456789abcdef0123\xc3\x28\"]");
    row("bad escape after a long run", R"(2["e","0123456789abcdef0123\q"])");
    row("bad unicode escape after a long run", R"(2["e","0123456789abcdef0123\u00g0"])");
    row("unterminated after a long run", R"(2["e","0123456789abcdef0123456789abcdef)");
    row("unterminated after an escape", R"(2["e","0123456789abcdef\")");
    row("truncated utf-8 before the quote", "2[\"e\",\"0123456789abcdef\xe2\x9c\"]");
    row("surrogate in utf-8", "2[\"e\",\"0123456789abcdef\xed\xa0\x80\"]");
    row("invalid json in a member a gadget skips", R"(2["e",{"other":["a",],"i":1}])");
}

void tst_TypedJson::refusesWhatTheDecoderRefuses()
{
    QFETCH(QByteArray, frame);
    Limits limits = rowLimits();
    SocketIODecoder decoder(5, limits);
    QCOMPARE(decoder.addText(frame), SocketIODecoder::Error);
    EventSpans event;
    QVERIFY(!SocketIOTextEvent::readHeader(frame, 5, limits, &event)
            || !SocketIOTextEvent::split(5, limits, &event));
    // One level more and the same text is taken by both.
    if (QByteArray(QTest::currentDataTag()).startsWith("depth")) {
        limits.setMaxDepth(limits.maxDepth() + 1);
        SocketIODecoder deeper(5, limits);
        QCOMPARE(deeper.addText(frame), SocketIODecoder::PacketReady);
        QVERIFY(SocketIOTextEvent::readHeader(frame, 5, limits, &event));
        QVERIFY(SocketIOTextEvent::split(5, limits, &event));
    }
}

// The JSON rows written by the msgpack encoder, and frames of what only MessagePack has. Typed
// handlers read from the split what they read from the msgpack decoder's tree; a frame with
// what the split leaves to the decoder (split false) still reaches them, through the tree.
void tst_TypedJson::msgpackSameAsTree_data()
{
    QTest::addColumn<QByteArray>("frame");
    QTest::addColumn<bool>("split");
    addJsonFrames([](const char *name, const QByteArray &json) {
        SocketIODecoder decoder;
        QCOMPARE(decoder.addText(json.trimmed()), SocketIODecoder::PacketReady);
        QTest::newRow(name) << MsgPackParser::encodePacket(decoder.takePacket()) << true;
    });
    const auto row = [](const char *name, const QList<QByteArray> &args, bool split = true) {
        QTest::newRow(name) << msgpackEvent(args) << split;
    };
    row("bin", {bytes("\xc4\x03" "a\0c"), bytes("\xc5\x00\x01z")});
    row("bin for a string", {bytes("\xc4\x01x")});
    row("string for bin", {bytes("\xa1x")});
    row("float 32", {bytes("\xca\x3f\xc0\x00\x00"), bytes("\xca\x3f\xc0\x00\x00")});
    row("integral float 64 for int", {bytes("\xcb\x3f\xf0\x00\x00\x00\x00\x00\x00")});
    row("uint 64 beyond 2^53", {bytes("\xcf\x00\x20\x00\x00\x00\x00\x00\x01"), bytes("\xcf\x00\x20\x00\x00\x00\x00\x00\x01")});
    row("uint 64 beyond 2^63", {bytes("\xcf\xff\xff\xff\xff\xff\xff\xff\xff"), bytes("\xcf\xff\xff\xff\xff\xff\xff\xff\xff")});
    row("int 64 at -2^53", {bytes("\xd3\xff\xe0\x00\x00\x00\x00\x00\x00"), bytes("\xd3\xff\xe0\x00\x00\x00\x00\x00\x00")});
    row("int 64 beyond -2^53", {bytes("\xd3\xff\xdf\xff\xff\xff\xff\xff\xff")});
    row("unsigned formats", {bytes("\xce\xff\xff\xff\xff"), bytes("\xcd\xff\xff"), bytes("\xcc\xff")});
    row("signed formats", {bytes("\xd2\x80\x00\x00\x00"), bytes("\xd1\x80\x00"), bytes("\xd0\x80")});
    row("negative fixint", {bytes("\xff"), bytes("\xe0")});
    row("str 8 and 16", {bytes("\xc3"), bytes("\xd9\x05hello"), bytes("\xda\x00\x02ok")});
    row("invalid utf-8", {bytes("\xc2"), bytes("\xa3\xff\xfe" "a")});
    row("nil", {bytes("\xc0"), bytes("\xc0")});
    row("array 16", {bytes("\xdc\x00\x03\x01\x02\x03")});
    row("gadget from map 16", {bytes("\xde\x00\x02\xa1i\x07\xa4" "blob\xc4\x02xy")});
    row("gadget with str 8 key", {bytes("\x81\xd9\x01i\x05")});
    row("gadget with utf-8 keys", {bytes("\x83\xa2\xc3\xa9\x05\xa3\xe2\x9c\x93\x06\xa1i\x01")});
    row("gadget with invalid utf-8 value", {bytes("\x82\xa4name\xa2\xff\xfe\xa1i\x02")});
    row("gadget with bin", {bytes("\x82\xa1i\x03\xa4" "blob\xc4\x03\x00\x01\x02")});
    row("gadget with float 32 ratio", {bytes("\x81\xa5ratio\xca\x3d\xcc\xcc\xcd")});
    row("gadget skips what it does not read", {bytes("\x83\xa1o\x92\xc4\x01z\x81\xa1k\xc0\xa1i\x04\xa1p\xcb\x40\x09\x21\xfb\x54\x44\x2d\x18")});
    // What the split leaves to the decoder: handlers get the same through the tree.
    row("integer key", {bytes("\x82\x01\x02\xa1i\x03")}, false);
    row("date", {bytes("\xd7\x00\x00\x00\x01\x8b\xcf\xe5\x68\x00")}, false);
    row("ext in a member", {bytes("\x81\xa3" "any\xd4\x00\x00")}, false);
    QTest::newRow("number as the name") << bytes("\x83\xa4type\x02\xa3nsp\xa1/\xa4" "data\x92\x07\x01") << false;
    QTest::newRow("type as float") << bytes("\x83\xa4type\xcb\x40\x00\x00\x00\x00\x00\x00\x00\xa3nsp\xa1/\xa4" "data\x92\xa1" "e\x01") << false;
    QTest::newRow("id and namespace") << bytes("\x84\xa4type\x02\xa3nsp\xa5/chat\xa4" "data\x92\xa1" "e\x81\xa1x\x01\xa2id\xcd\x01\x00") << true;
    QTest::newRow("other keys") << bytes("\x84\xa7options\x81\xa8" "compress\xc3\xa4type\x02\xa3nsp\xa1/\xa4" "data\x92\xa1" "e\x05") << true;
}

void tst_TypedJson::msgpackSameAsTree()
{
    QFETCH(QByteArray, frame);
    QFETCH(bool, split);

    SocketIOPacket packet;
    QString error;
    QVERIFY2(MsgPackParser::decodePacket(frame, Limits(), &packet, &error), qPrintable(error));
    QVariantList treeArgs = packet.data().toList();
    const QString treeName = treeArgs.takeFirst().toString();

    EventSpans event;
    QCOMPARE(MsgPackParser::splitEvent(frame, Limits(), &event), split);
    if (!split)
        return;
    compareHeader(event, packet, treeName, treeArgs.size());
    if (QTest::currentTestFailed())
        return;
    for (qsizetype i = 0; i < event.argumentCount(); ++i) {
        // Each argument's bytes read alone are the decoder's argument; the members recorded
        // are the map's, the last of a repeated key winning.
        QVariant alone;
        QVERIFY(SocketIOMsgPack::read(event.arguments()[i], &alone));
        QCOMPARE(alone, treeArgs.at(i));
        const qsizetype first = event.argumentMemberIndex()[i];
        const qsizetype last = event.argumentMemberIndex()[i + 1];
        QVariantMap members;
        for (qsizetype m = first; m < last; ++m) {
            QVariant value;
            QVERIFY(SocketIOMsgPack::read(event.members.pairs[2 * m + 1], &value));
            members.insert(QString::fromUtf8(event.members.pairs[2 * m]), value);
        }
        if (treeArgs.at(i).typeId() == QMetaType::QVariantMap)
            QCOMPARE(members, treeArgs.at(i).toMap());
        else
            QCOMPARE(last, first);
    }

    using Args = detail::EncodedArguments;
    const Args bytesOnly{event.arguments(), event.argumentCount(), nullptr, nullptr, Args::MsgPack};
    const Args withMembers{event.arguments(), event.argumentCount(), event.members.pairs.constData(),
                           event.argumentMemberIndex(), Args::MsgPack};
    QVERIFY(sameForEverySignature(treeArgs, {bytesOnly, withMembers}));
}

// Where the msgpack decoder refuses a frame, the split must not take it.
void tst_TypedJson::msgpackRefusesWhatTheDecoderRefuses_data()
{
    const auto row = addRefusedColumns();
    row("trailing byte", msgpackEvent({bytes("\x01")}, bytes("\x00")));
    row("invalid byte", msgpackEvent({bytes("\xc1")}));
    row("invalid byte in a member", msgpackEvent({bytes("\x81\xa1i\xc1")}));
    row("array as a map key", msgpackEvent({bytes("\x81\x90\x01")}));
    row("map as a key in a member", msgpackEvent({bytes("\x81\xa1o\x81\x80\x01")}));
    row("count beyond the bytes", msgpackEvent({bytes("\xdd\x7f\xff\xff\xff\x01")}));
    row("string beyond the bytes", msgpackEvent({bytes("\xdb\x00\x00\x10\x00x")}));
    row("reserved name", bytes("\x83\xa4type\x02\xa3nsp\xa1/\xa4" "data\x92\xa7" "connect\x01"));
    row("empty payload", bytes("\x83\xa4type\x02\xa3nsp\xa1/\xa4" "data\x90"));
    row("payload not an array", bytes("\x83\xa4type\x02\xa3nsp\xa1/\xa4" "data\x01"));
    row("no payload", bytes("\x82\xa4type\x02\xa3nsp\xa1/"));
    row("namespace not a string", bytes("\x83\xa4type\x02\xa3nsp\x01\xa4" "data\x91\xa1" "e"));
    row("no namespace", bytes("\x82\xa4type\x02\xa4" "data\x91\xa1" "e"));
    row("negative id", bytes("\x84\xa4type\x02\xa3nsp\xa1/\xa4" "data\x91\xa1" "e\xa2id\xff"));
    row("not a map", bytes("\x93\x02\xa1/\x90"));
    row("depth over the limit", msgpackEvent({bytes("\x91\x91\x01")}), 2);
    row("depth over the limit in a map", msgpackEvent({bytes("\x81\xa1" "a\x81\xa1" "b\x01")}), 2);
    row("map argument over the limit", msgpackEvent({bytes("\x81\xa1" "a\x01")}), 1);
    row("packet over the size limit", msgpackEvent({bytes("\xa5hello")}), 128, 10);
}

void tst_TypedJson::msgpackRefusesWhatTheDecoderRefuses()
{
    QFETCH(QByteArray, frame);
    Limits limits = rowLimits();
    SocketIOPacket packet;
    QString error;
    QVERIFY(!MsgPackParser::decodePacket(frame, limits, &packet, &error));
    EventSpans event;
    QVERIFY(!MsgPackParser::splitEvent(frame, limits, &event));
    // One level more and the same frame is taken by both.
    if (QByteArray(QTest::currentDataTag()).contains("depth")
        || QByteArray(QTest::currentDataTag()).contains("map argument")) {
        limits.setMaxDepth(limits.maxDepth() + 1);
        QVERIFY2(MsgPackParser::decodePacket(frame, limits, &packet, &error), qPrintable(error));
        QVERIFY(MsgPackParser::splitEvent(frame, limits, &event));
    }
}

// Every frame cut short anywhere is refused by both.
void tst_TypedJson::msgpackCutShort()
{
    const QByteArray frame = bytes("\x84\xa4type\x02\xa3nsp\xa5/chat\xa4" "data\x93\xa1" "e\x82\xa1i\xcd\x01\x00\xa4"
                                   "blob\xc4\x02xy\xdc\x00\x02\xca\x3f\xc0\x00\x00\xd9\x02ok\xa2id\xcd\x01\x00");
    EventSpans event;
    QVERIFY(MsgPackParser::splitEvent(frame, Limits(), &event));
    QCOMPARE(event.argumentCount(), 2);
    for (qsizetype n = 0; n < frame.size(); ++n) {
        const QByteArray cut = frame.first(n);
        SocketIOPacket packet;
        QString error;
        QVERIFY(!MsgPackParser::decodePacket(cut, Limits(), &packet, &error));
        QVERIFY2(!MsgPackParser::splitEvent(cut, Limits(), &event), qPrintable(QString::number(n)));
    }
}

QTEST_GUILESS_MAIN(tst_TypedJson)
#include "tst_typedjson.moc"
