// Unit tests and benchmarks of the internal JSON reader and writer
// (src/protocol/jsoncodec_p.h). Expected output of the writer is what
// JavaScript's JSON.stringify gives for the same value (checked with Node.js).

#include "jsoncodec_p.h"
#include "scratchstack_p.h"
#include "variantcompare.h"

#include <QtCore/qdatetime.h>
#include <QtCore/qtimezone.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qurl.h>
#include <QtTest/qtest.h>

#include <cmath>
#include <limits>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

namespace {

QVariant null()
{
    return QVariant::fromValue(nullptr);
}

QVariant list(std::initializer_list<QVariant> values)
{
    return QVariantList(values);
}

QVariant map(std::initializer_list<std::pair<QString, QVariant>> members)
{
    return QVariantMap(members);
}

QByteArray nested(int depth)
{
    return QByteArray(depth, '[') + QByteArray(depth, ']');
}

// A typical server event: a name and an object with a few fields and a list.
QByteArray smallEvent()
{
    return R"(["chat message",{"user":"alice","text":"Hello, world!","room":"lobby","ts":1700000000123,"tags":["a","b"],"urgent":false}])"_ba;
}

QByteArray mediumDocument()
{
    QByteArray json = "[";
    for (int i = 0; i < 50; ++i) {
        if (i)
            json += ',';
        json += R"({"id":)" + QByteArray::number(i * 7919)
                + R"(,"name":"user )" + QByteArray::number(i)
                + R"(","score":)" + QByteArray::number(i * 1.25)
                + R"(,"active":true,"city":"Zürich","friends":[1,2,3],"bio":null})";
    }
    return json + ']';
}

QByteArray largeText()
{
    QByteArray text;
    for (int i = 0; i < 2000; ++i)
        text += "Lorem ipsum dolor sit amet, \\\"consectetur\\\" adipiscing élit. ";
    return "[\"" + text + "\"]";
}

} // namespace

class tst_JsonCodec : public QObject
{
    Q_OBJECT

private slots:
    void read_data();
    void read();
    void readErrors_data();
    void readErrors();
    void depthLimit();
    void scratchStackRelease();
    void placeholders_data();
    void placeholders();
    void placeholderErrors_data();
    void placeholderErrors();
    void write_data();
    void write();
    void writeBinary();
    void writeBase64WithoutAttachmentList();
    void roundTrip_data();
    void roundTrip();
    void sameAsQJsonDocument_data();
    void sameAsQJsonDocument();

    void benchmarkRead_data();
    void benchmarkRead();
    void benchmarkReadQJsonDocument_data();
    void benchmarkReadQJsonDocument();
    void benchmarkWrite_data();
    void benchmarkWrite();
    void benchmarkWriteQJsonDocument_data();
    void benchmarkWriteQJsonDocument();
};

void tst_JsonCodec::read_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QVariant>("expected");

    QTest::newRow("true") << "true"_ba << QVariant(true);
    QTest::newRow("false") << "false"_ba << QVariant(false);
    QTest::newRow("null") << "null"_ba << null();
    QTest::newRow("zero") << "0"_ba << QVariant(0);
    QTest::newRow("minus zero integer") << "-0"_ba << QVariant(0);
    QTest::newRow("int") << "42"_ba << QVariant(42);
    QTest::newRow("int min") << "-2147483648"_ba << QVariant(std::numeric_limits<int>::min());
    QTest::newRow("int max") << "2147483647"_ba << QVariant(std::numeric_limits<int>::max());
    QTest::newRow("above int") << "2147483648"_ba << QVariant(2147483648LL);
    QTest::newRow("below int") << "-2147483649"_ba << QVariant(-2147483649LL);
    QTest::newRow("2^53") << "9007199254740992"_ba << QVariant(9007199254740992LL);
    QTest::newRow("-2^53") << "-9007199254740992"_ba << QVariant(-9007199254740992LL);
    QTest::newRow("2^53+1 is a double") << "9007199254740993"_ba << QVariant(9007199254740992.0);
    QTest::newRow("beyond qint64") << "18446744073709551616"_ba << QVariant(18446744073709551616.0);
    QTest::newRow("fraction") << "1.5"_ba << QVariant(1.5);
    QTest::newRow("negative fraction") << "-0.25"_ba << QVariant(-0.25);
    QTest::newRow("integral with fraction") << "3.0"_ba << QVariant(3.0);
    QTest::newRow("exponent") << "1e3"_ba << QVariant(1000.0);
    QTest::newRow("exponent upper case, signed") << "2.5E-2"_ba << QVariant(0.025);
    QTest::newRow("exponent plus") << "1e+2"_ba << QVariant(100.0);
    QTest::newRow("minus zero double") << "-0.0"_ba << QVariant(-0.0);
    QTest::newRow("overflow to infinity") << "1e400"_ba
                                          << QVariant(std::numeric_limits<double>::infinity());
    QTest::newRow("overflow to -infinity") << "-1e400"_ba
                                           << QVariant(-std::numeric_limits<double>::infinity());
    QTest::newRow("overflow without exponent") << QByteArray(400, '9')
                                               << QVariant(std::numeric_limits<double>::infinity());
    QTest::newRow("underflow to zero") << "1e-400"_ba << QVariant(0.0);
    QTest::newRow("underflow with big mantissa")
            << QByteArray("0." + QByteArray(400, '0') + "1e50") << QVariant(0.0);
    QTest::newRow("underflow, fraction") << QByteArray("0." + QByteArray(330, '0') + "1")
                                         << QVariant(0.0);
    QTest::newRow("negative underflow") << "-1e-400"_ba << QVariant(-0.0);
    QTest::newRow("overflow, huge exponent") << "1e99999999999999999999"_ba
                                             << QVariant(std::numeric_limits<double>::infinity());
    QTest::newRow("underflow, huge negative exponent") << "123.4e-99999999999999999999"_ba
                                                       << QVariant(0.0);
    QTest::newRow("overflow with negative exponent")
            << QByteArray("1" + QByteArray(400, '0') + "e-50")
            << QVariant(std::numeric_limits<double>::infinity());

    QTest::newRow("empty string") << R"("")"_ba << QVariant(QString());
    QTest::newRow("ascii string") << R"("hello")"_ba << QVariant(u"hello"_s);
    QTest::newRow("escapes") << R"("\"\\\/\b\f\n\r\t")"_ba << QVariant(u"\"\\/\b\f\n\r\t"_s);
    QTest::newRow("unicode escape") << R"("caf\u00e9 \u20AC")"_ba << QVariant(u"café €"_s);
    QTest::newRow("escaped surrogate pair") << R"("\ud83d\ude00")"_ba << QVariant(u"😀"_s);
    QTest::newRow("escaped lone surrogate") << R"("a\ud800b")"_ba
                                            << QVariant(u"a"_s + QChar(0xD800) + u"b"_s);
    QTest::newRow("raw UTF-8") << "\"é€😀\""_ba << QVariant(u"é€😀"_s);
    QTest::newRow("ascii then escape") << R"("abc\ndef")"_ba << QVariant(u"abc\ndef"_s);
    QTest::newRow("DEL and U+2028 raw") << "\"\x7f\xe2\x80\xa8\""_ba
                                        << QVariant(u"\u007f\u2028"_s);

    QTest::newRow("empty array") << "[]"_ba << QVariant(QVariantList());
    QTest::newRow("array") << R"([1,"a",null,true])"_ba
                           << list({1, u"a"_s, null(), true});
    QTest::newRow("nested arrays") << "[[[]],[1]]"_ba
                                   << list({list({list({})}), list({1})});
    QTest::newRow("empty object") << "{}"_ba << QVariant(QVariantMap());
    QTest::newRow("object") << R"({"b":[true],"a":1})"_ba
                            << map({{u"a"_s, 1}, {u"b"_s, list({true})}});
    QTest::newRow("repeated key, last wins") << R"({"a":1,"a":{"x":2}})"_ba
                                            << map({{u"a"_s, map({{u"x"_s, 2}})}});
    QTest::newRow("non-ascii key") << R"({"clé":"v"})"_ba << map({{u"clé"_s, u"v"_s}});
    // The members are sorted before they go into the map: repeats stay in the text's order.
    QTest::newRow("unsorted keys, repeated, last wins")
            << R"({"b":1,"a":2,"c":3,"a":4,"b":{"x":[5]},"abcd":6,"abcde":7,"abcc":8,"abcd":9})"_ba
            << map({{u"a"_s, 4}, {u"abcc"_s, 8}, {u"abcd"_s, 9}, {u"abcde"_s, 7},
                    {u"b"_s, map({{u"x"_s, list({5})}})}, {u"c"_s, 3}});
    QTest::newRow("keys alike in their first four units")
            << R"({"keyB":1,"keyA2":2,"keyA1":3,"key":4,"ke":5,"keyA1":6,"key\u0000":7})"_ba
            << map({{u"ke"_s, 5}, {u"key"_s, 4}, {u"key"_s + QChar(0), 7},
                    {u"keyA1"_s, 6}, {u"keyA2"_s, 2}, {u"keyB"_s, 1}});
    QTest::newRow("keys in UTF-16 order, repeated in other spellings")
            << R"({"\uffff":1,"😀":2,"é":3,"a":4,"\u00e9":5,"\ud83d\ude00":6,"":7,"":8})"_ba
            << map({{u""_s, 8}, {u"a"_s, 4}, {u"é"_s, 5}, {u"😀"_s, 6}, {QString(QChar(0xFFFF)), 1}});
    {
        // More members than the sort keeps on the stack, in reverse order, each twice.
        QByteArray json = "{";
        QVariantMap expected;
        for (int i = 99; i >= 0; --i) {
            const QByteArray key = "k" + QByteArray::number(i);
            json += "\"" + key + "\":0,\"" + key + "\":" + QByteArray::number(i) + ",";
            expected.insert(QString::fromLatin1(key), i);
        }
        json.back() = '}';
        QTest::newRow("many unsorted keys, repeated") << json << QVariant(expected);
    }
    QTest::newRow("whitespace everywhere") << " \t\r\n{ \"a\" : [ 1 , 2 ] , \"b\" : { } } \n"_ba
                                           << map({{u"a"_s, list({1, 2})}, {u"b"_s, QVariantMap()}});
    QTest::newRow("placeholder is a plain object by default")
            << R"({"_placeholder":true,"num":0})"_ba
            << map({{u"_placeholder"_s, true}, {u"num"_s, 0}});
    QTest::newRow("socket.io event") << R"(["project:delete",123])"_ba
                                     << list({u"project:delete"_s, 123});
}

void tst_JsonCodec::read()
{
    QFETCH(QByteArray, json);
    QFETCH(QVariant, expected);
    QVariant value;
    QString error;
    QVERIFY2(SocketIOJson::read(json, &value, &error), qPrintable(error));
    QVERIFY2(variantsIdentical(value, expected),
             qPrintable(u"got "_s + describeVariant(value) + u", expected "_s + describeVariant(expected)));
}

void tst_JsonCodec::readErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");

    QTest::newRow("empty") << ""_ba << u"unexpected end of input at offset 0"_s;
    QTest::newRow("whitespace only") << "  "_ba << u"unexpected end of input at offset 2"_s;
    QTest::newRow("bad literal") << "tru"_ba << u"invalid literal at offset 0"_s;
    QTest::newRow("misspelled null") << "nul1"_ba << u"invalid literal at offset 0"_s;
    QTest::newRow("capitalised literal") << "True"_ba << u"unexpected character at offset 0"_s;
    QTest::newRow("leading zero") << "01"_ba << u"leading zero in number at offset 1"_s;
    QTest::newRow("bare minus") << "-"_ba << u"invalid number at offset 1"_s;
    QTest::newRow("plus sign") << "+1"_ba << u"unexpected character at offset 0"_s;
    QTest::newRow("point without digits") << "1."_ba << u"invalid number at offset 2"_s;
    QTest::newRow("leading point") << ".5"_ba << u"unexpected character at offset 0"_s;
    QTest::newRow("exponent without digits") << "1e"_ba << u"invalid number at offset 2"_s;
    QTest::newRow("exponent sign without digits") << "1e+"_ba << u"invalid number at offset 3"_s;
    QTest::newRow("NaN") << "NaN"_ba << u"unexpected character at offset 0"_s;
    QTest::newRow("hex number") << "0x10"_ba << u"unexpected data after the value at offset 1"_s;
    QTest::newRow("trailing data") << "1 2"_ba << u"unexpected data after the value at offset 2"_s;
    QTest::newRow("two objects") << "{}{}"_ba << u"unexpected data after the value at offset 2"_s;
    QTest::newRow("trailing comma in array") << "[1,]"_ba << u"unexpected character at offset 3"_s;
    QTest::newRow("missing comma") << "[1 2]"_ba << u"expected ',' or ']' at offset 3"_s;
    QTest::newRow("unterminated array") << "[1"_ba << u"unterminated array at offset 2"_s;
    QTest::newRow("unterminated empty array") << "["_ba << u"unexpected end of input at offset 1"_s;
    QTest::newRow("key without value") << R"({"a"})"_ba << u"expected ':' at offset 4"_s;
    QTest::newRow("missing value") << R"({"a":})"_ba << u"unexpected character at offset 5"_s;
    QTest::newRow("unquoted key") << "{a:1}"_ba << u"expected a string key at offset 1"_s;
    QTest::newRow("trailing comma in object") << R"({"a":1,})"_ba << u"expected a string key at offset 7"_s;
    QTest::newRow("unterminated object") << R"({"a":1)"_ba << u"unterminated object at offset 6"_s;
    QTest::newRow("unterminated empty object") << "{"_ba << u"unterminated object at offset 1"_s;
    QTest::newRow("single quotes") << "'a'"_ba << u"unexpected character at offset 0"_s;
    QTest::newRow("unterminated string") << R"("abc)"_ba << u"unterminated string at offset 0"_s;
    QTest::newRow("unterminated after escape") << R"("abc\")"_ba << u"unterminated string at offset 0"_s;
    QTest::newRow("unterminated, backslash last") << "\"abc\\"_ba << u"unterminated string at offset 0"_s;
    QTest::newRow("invalid escape") << R"("a\x")"_ba << u"invalid escape at offset 2"_s;
    QTest::newRow("short unicode escape") << R"("\u12")"_ba << u"invalid \\u escape at offset 1"_s;
    QTest::newRow("bad hex in unicode escape") << R"("\u12g4")"_ba << u"invalid \\u escape at offset 1"_s;
    QTest::newRow("raw newline") << "\"a\nb\""_ba << u"control character in string at offset 2"_s;
    QTest::newRow("raw NUL") << QByteArray("\"a\0b\"", 5) << u"control character in string at offset 2"_s;
    QTest::newRow("invalid UTF-8 byte") << "\"a\xff\""_ba << u"invalid UTF-8 at offset 2"_s;
    QTest::newRow("overlong UTF-8") << "\"\xc0\xaf\""_ba << u"invalid UTF-8 at offset 1"_s;
    QTest::newRow("UTF-8 surrogate") << "\"\xed\xa0\x80\""_ba << u"invalid UTF-8 at offset 1"_s;
    QTest::newRow("truncated UTF-8") << "\"\xe2\x82\""_ba << u"invalid UTF-8 at offset 1"_s;
    QTest::newRow("above U+10FFFF") << "\"\xf4\x90\x80\x80\""_ba << u"invalid UTF-8 at offset 1"_s;
    QTest::newRow("lone continuation byte") << "\"\x80\""_ba << u"invalid UTF-8 at offset 1"_s;
    QTest::newRow("too deep") << nested(129) << u"nesting deeper than 128 levels at offset 128"_s;
    QTest::newRow("too deep objects") << QByteArray(R"({"a":)"_ba.repeated(129) + "1" + QByteArray(129, '}'))
                                      << u"nesting deeper than 128 levels at offset 640"_s;
}

void tst_JsonCodec::readErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    QVariant value(u"untouched"_s);
    QString message;
    QVERIFY(!SocketIOJson::read(json, &value, &message));
    QCOMPARE(message, error);
    QCOMPARE(value, QVariant(u"untouched"_s));
}

void tst_JsonCodec::depthLimit()
{
    QVERIFY(SocketIOJson::read(nested(128), nullptr));
    QVERIFY(!SocketIOJson::read(nested(129), nullptr));

    SocketIOJson::ReadOptions options;
    options.maxDepth = 2;
    QVERIFY(SocketIOJson::read(R"([{"a":1}])"_ba, nullptr, nullptr, options));
    QString error;
    QVERIFY(!SocketIOJson::read(R"([{"a":[]}])"_ba, nullptr, &error, options));
    QCOMPARE(error, u"nesting deeper than 2 levels at offset 6"_s);
    options.maxDepth = 0;
    QVERIFY(SocketIOJson::read("\"scalars need no depth\""_ba, nullptr, nullptr, options));
    QVERIFY(!SocketIOJson::read("[]"_ba, nullptr, nullptr, options));

    // Deep input far beyond the limit fails fast, without exhausting the stack.
    QVERIFY(!SocketIOJson::read(nested(1000000), nullptr));
}

// The readers' per-thread scratch space: kept between reads, given back after a large value.
void tst_JsonCodec::scratchStackRelease()
{
    ScratchStack<QVariant> stack;
    const size_t outer = stack.mark();
    stack.items.resize(100);
    stack.finish(outer);
    QCOMPARE(stack.items.size(), size_t(0));
    QVERIFY(stack.items.capacity() >= 100); // small: kept for the next read

    stack.items.resize(10);
    const size_t inner = stack.mark(); // a read begun inside another
    stack.items.resize(2 * ScratchStack<QVariant>::MaxKept);
    stack.finish(inner);
    QCOMPARE(stack.items.size(), size_t(10));
    QVERIFY(stack.items.capacity() > ScratchStack<QVariant>::MaxKept); // the outer read goes on

    stack.finish(outer);
    QCOMPARE(stack.items.size(), size_t(0));
    QCOMPARE(stack.items.capacity(), size_t(0)); // large: given back

    // The reader uses it: a large array, then a failed read inside one, then a small read.
    QVariant value;
    QString error;
    const QByteArray big = '[' + QByteArray("1,").repeated(3 * int(ScratchStack<QVariant>::MaxKept)) + "1]";
    QVERIFY(SocketIOJson::read(big, &value, &error));
    QCOMPARE(value.toList().size(), 3 * qsizetype(ScratchStack<QVariant>::MaxKept) + 1);
    QVERIFY(!SocketIOJson::read("[[1,2,{\"a\":[3,", &value, &error));
    QVERIFY(SocketIOJson::read("[[1],{\"a\":[2]}]", &value, &error));
    QCOMPARE(value, QVariant(QVariantList{QVariantList{1}, QVariantMap{{QStringLiteral("a"), QVariantList{2}}}}));
}

void tst_JsonCodec::placeholders_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QVariant>("expected");

    const QByteArray a("\x01\x02", 2);
    const QByteArray b("\x03", 1);
    QTest::newRow("top level") << R"({"_placeholder":true,"num":0})"_ba << QVariant(a);
    QTest::newRow("in an event") << R"(["hello",{"_placeholder":true,"num":1}])"_ba
                                 << list({u"hello"_s, b});
    QTest::newRow("at depth, out of order")
            << R"({"x":[{"y":{"_placeholder":true,"num":1}}],"z":{"_placeholder":true,"num":0}})"_ba
            << map({{u"x"_s, list({map({{u"y"_s, b}})})}, {u"z"_s, a}});
    QTest::newRow("same attachment twice")
            << R"([{"_placeholder":true,"num":0},{"_placeholder":true,"num":0}])"_ba << list({a, a});
    QTest::newRow("other members ignored")
            << R"({"num":1,"extra":[1,2],"_placeholder":true})"_ba << QVariant(b);
    QTest::newRow("num as a float literal") << R"({"_placeholder":true,"num":1.0})"_ba << QVariant(b);
    QTest::newRow("placeholder false is an object")
            << R"({"_placeholder":false,"num":0})"_ba
            << map({{u"_placeholder"_s, false}, {u"num"_s, 0}});
    QTest::newRow("placeholder as string is an object")
            << R"({"_placeholder":"true","num":0})"_ba
            << map({{u"_placeholder"_s, u"true"_s}, {u"num"_s, 0}});
}

void tst_JsonCodec::placeholders()
{
    QFETCH(QByteArray, json);
    QFETCH(QVariant, expected);
    const QList<QByteArray> attachments{QByteArray("\x01\x02", 2), QByteArray("\x03", 1)};
    SocketIOJson::ReadOptions options;
    options.placeholders = true;
    options.attachmentCount = attachments.size();
    options.attachments = &attachments;
    QVariant value;
    QString error;
    QVERIFY2(SocketIOJson::read(json, &value, &error, options), qPrintable(error));
    QVERIFY2(variantsIdentical(value, expected), qPrintable(describeVariant(value)));

    // Without the values (the attachments have not arrived yet), null stand-ins.
    options.attachments = nullptr;
    QVERIFY2(SocketIOJson::read(json, &value, &error, options), qPrintable(error));
}

void tst_JsonCodec::placeholderErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("error");

    const QString range = u"binary placeholder without a valid \"num\" (0 to 1) at offset "_s;
    QTest::newRow("num out of range") << R"([{"_placeholder":true,"num":2}])"_ba << 2 << range + u'1';
    QTest::newRow("negative num") << R"({"_placeholder":true,"num":-1})"_ba << 2 << range + u'0';
    QTest::newRow("missing num") << R"({"_placeholder":true})"_ba << 2 << range + u'0';
    QTest::newRow("num as string") << R"({"_placeholder":true,"num":"0"})"_ba << 2 << range + u'0';
    QTest::newRow("fractional num") << R"({"_placeholder":true,"num":0.5})"_ba << 2 << range + u'0';
    QTest::newRow("huge num") << R"({"_placeholder":true,"num":1e300})"_ba << 2 << range + u'0';
    QTest::newRow("none expected") << R"(["a",{"_placeholder":true,"num":0}])"_ba << 0
                                   << u"binary placeholder in a packet without attachments at offset 5"_s;
}

void tst_JsonCodec::placeholderErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(int, count);
    QFETCH(QString, error);
    SocketIOJson::ReadOptions options;
    options.placeholders = true;
    options.attachmentCount = count;
    QString message;
    QVERIFY(!SocketIOJson::read(json, nullptr, &message, options));
    QCOMPARE(message, error);
}

void tst_JsonCodec::write_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QByteArray>("json");

    const double inf = std::numeric_limits<double>::infinity();
    QTest::newRow("invalid") << QVariant() << "null"_ba;
    QTest::newRow("null") << null() << "null"_ba;
    QTest::newRow("true") << QVariant(true) << "true"_ba;
    QTest::newRow("int") << QVariant(-42) << "-42"_ba;
    QTest::newRow("int min") << QVariant(std::numeric_limits<int>::min()) << "-2147483648"_ba;
    QTest::newRow("uint") << QVariant(4294967295u) << "4294967295"_ba;
    QTest::newRow("qint64 exact beyond 2^53") << QVariant(std::numeric_limits<qint64>::max())
                                              << "9223372036854775807"_ba;
    QTest::newRow("quint64 max") << QVariant(std::numeric_limits<quint64>::max())
                                 << "18446744073709551615"_ba;
    QTest::newRow("short") << QVariant::fromValue<short>(-7) << "-7"_ba;
    QTest::newRow("uchar") << QVariant::fromValue<uchar>(200) << "200"_ba;
    QTest::newRow("long") << QVariant::fromValue<long>(-5) << "-5"_ba;

    QTest::newRow("double 1.5") << QVariant(1.5) << "1.5"_ba;
    QTest::newRow("double 0.1") << QVariant(0.1) << "0.1"_ba;
    QTest::newRow("double 0.1+0.2") << QVariant(0.1 + 0.2) << "0.30000000000000004"_ba;
    QTest::newRow("double 1/3") << QVariant(1.0 / 3) << "0.3333333333333333"_ba;
    QTest::newRow("integral double") << QVariant(100.0) << "100"_ba;
    QTest::newRow("double 1e20") << QVariant(1e20) << "100000000000000000000"_ba;
    QTest::newRow("double 1.2345678901234568e20") << QVariant(123456789012345680000.0)
                                                  << "123456789012345680000"_ba;
    QTest::newRow("double 1e21") << QVariant(1e21) << "1e+21"_ba;
    QTest::newRow("double 1e-6") << QVariant(0.000001) << "0.000001"_ba;
    QTest::newRow("double 1e-7") << QVariant(1e-7) << "1e-7"_ba;
    QTest::newRow("double -1.5e-10") << QVariant(-1.5e-10) << "-1.5e-10"_ba;
    QTest::newRow("double 1.23e-18") << QVariant(1.23e-18) << "1.23e-18"_ba;
    QTest::newRow("double 12345678.9") << QVariant(12345678.9) << "12345678.9"_ba;
    QTest::newRow("double 2^53+2") << QVariant(9007199254740994.0) << "9007199254740994"_ba;
    QTest::newRow("double max") << QVariant(std::numeric_limits<double>::max())
                                << "1.7976931348623157e+308"_ba;
    QTest::newRow("double denormal min") << QVariant(std::numeric_limits<double>::denorm_min())
                                         << "5e-324"_ba;
    QTest::newRow("minus zero") << QVariant(-0.0) << "0"_ba;
    QTest::newRow("NaN") << QVariant(std::nan("")) << "null"_ba;
    QTest::newRow("infinity") << QVariant(inf) << "null"_ba;
    QTest::newRow("-infinity") << QVariant(-inf) << "null"_ba;
    QTest::newRow("float 0.1 (shortest as float)") << QVariant(0.1f) << "0.1"_ba;
    QTest::newRow("float 3.5") << QVariant(3.5f) << "3.5"_ba;
    QTest::newRow("float NaN") << QVariant(std::nanf("")) << "null"_ba;

    QTest::newRow("empty string") << QVariant(u""_s) << R"("")"_ba;
    QTest::newRow("null string") << QVariant(QString()) << R"("")"_ba;
    QTest::newRow("escapes") << QVariant(u"\"\\/\b\f\n\r\t"_s) << R"("\"\\/\b\f\n\r\t")"_ba;
    QTest::newRow("control characters") << QVariant(u"\u0000\u0001\u001e\u001f"_s)
                                        << R"("\u0000\u0001\u001e\u001f")"_ba;
    QTest::newRow("DEL, U+2028 raw") << QVariant(u"\u007f\u2028"_s) << "\"\x7f\xe2\x80\xa8\""_ba;
    QTest::newRow("non-ascii raw") << QVariant(u"é€😀"_s) << "\"é€😀\""_ba;
    QTest::newRow("lone high surrogate") << QVariant(u"a"_s + QChar(0xD83D) + u"b"_s)
                                         << R"("a\ud83db")"_ba;
    QTest::newRow("lone low surrogate at end") << QVariant(u"a"_s + QChar(0xDE00))
                                               << R"("a\ude00")"_ba;
    QTest::newRow("reversed pair") << QVariant(QString(QChar(0xDE00)) + QChar(0xD83D))
                                   << R"("\ude00\ud83d")"_ba;
    QTest::newRow("QChar") << QVariant(QChar(u'é')) << "\"é\""_ba;
    QTest::newRow("char") << QVariant::fromValue('x') << R"("x")"_ba;

    QTest::newRow("empty list") << QVariant(QVariantList()) << "[]"_ba;
    QTest::newRow("list, undefined as null") << list({1, QVariant(), u"a"_s}) << R"([1,null,"a"])"_ba;
    QTest::newRow("empty map") << QVariant(QVariantMap()) << "{}"_ba;
    QTest::newRow("map, sorted, undefined left out")
            << map({{u"b"_s, 2}, {u"a"_s, null()}, {u"c"_s, QVariant()}})
            << R"({"a":null,"b":2})"_ba;
    QTest::newRow("map key escaped") << map({{u"k\"\n"_s, 1}}) << R"({"k\"\n":1})"_ba;
    QVariantHash hash{{u"z"_s, 1}, {u"a"_s, 2}, {u"m"_s, list({})}, {u"u"_s, QVariant()}};
    QTest::newRow("hash, sorted") << QVariant(hash) << R"({"a":2,"m":[],"z":1})"_ba;
    QTest::newRow("string list") << QVariant(QStringList{u"a"_s, u"b\""_s}) << R"(["a","b\""])"_ba;
    QTest::newRow("QList<int>") << QVariant::fromValue(QList<int>{1, 2, 3}) << "[1,2,3]"_ba;
    QTest::newRow("QMap<QString, int>") << QVariant::fromValue(QMap<QString, int>{{u"x"_s, 1}})
                                        << R"({"x":1})"_ba;

    QTest::newRow("QDateTime as toJSON")
            << QVariant(QDateTime(QDate(2011, 10, 5), QTime(14, 48, 0, 7), QTimeZone::utc()))
            << R"("2011-10-05T14:48:00.007Z")"_ba;
    QTest::newRow("QDateTime with offset, in UTC")
            << QVariant(QDateTime(QDate(2011, 10, 5), QTime(16, 48), QTimeZone(7200)))
            << R"("2011-10-05T14:48:00.000Z")"_ba;
    QTest::newRow("invalid QDateTime") << QVariant(QDateTime()) << "null"_ba;
    QTest::newRow("QDate through toString") << QVariant(QDate(2024, 2, 29)) << R"("2024-02-29")"_ba;
    QTest::newRow("QUrl, encoded") << QVariant(QUrl(u"https://example.com/a b?q=\"é\""_s))
                                   << R"("https://example.com/a%20b?q=%22%C3%A9%22")"_ba;
    QTest::newRow("unsupported type is null") << QVariant::fromValue(QPointF(1, 2)) << "null"_ba;

    QTest::newRow("QJsonValue integer") << QVariant(QJsonValue(qint64(1) << 60))
                                        << "1152921504606846976"_ba;
    QTest::newRow("QJsonValue double") << QVariant(QJsonValue(2.5)) << "2.5"_ba;
    QTest::newRow("QJsonArray") << QVariant(QJsonArray{1, u"x"_s, QJsonValue::Null, false})
                                << R"([1,"x",null,false])"_ba;
    QTest::newRow("QJsonObject") << QVariant(QJsonObject{{u"b"_s, QJsonArray{}}, {u"a"_s, 1.5}})
                                 << R"({"a":1.5,"b":[]})"_ba;
    QTest::newRow("QJsonDocument") << QVariant(QJsonDocument(QJsonArray{u"é\n"_s}))
                                   << "[\"é\\n\"]"_ba;
}

void tst_JsonCodec::write()
{
    QFETCH(QVariant, value);
    QFETCH(QByteArray, json);
    QList<QByteArray> attachments;
    QCOMPARE(SocketIOJson::write(value, &attachments), json);
    QVERIFY(attachments.isEmpty());

    QByteArray out("prefix:");
    SocketIOJson::write(out, value);
    QCOMPARE(out, "prefix:" + json);
}

void tst_JsonCodec::writeBinary()
{
    const QByteArray a("\x00\x01", 2), b("\xff", 1), c("c");
    // Depth-first, lists in order, maps in key order.
    const QVariant value = list({u"ev"_s, map({{u"z"_s, c}, {u"a"_s, list({a, QByteArray()})}}), b});
    QList<QByteArray> attachments;
    QCOMPARE(SocketIOJson::write(value, &attachments),
             R"(["ev",{"a":[{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}],)"
             R"("z":{"_placeholder":true,"num":2}},{"_placeholder":true,"num":3}])"_ba);
    QCOMPARE(attachments, (QList<QByteArray>{a, QByteArray(), c, b}));

    // Attachments are numbered from the list's current size on.
    QList<QByteArray> more{"earlier"};
    QCOMPARE(SocketIOJson::write(QVariant(a), &more), R"({"_placeholder":true,"num":1})"_ba);
    QCOMPARE(more.size(), 2);
}

void tst_JsonCodec::writeBase64WithoutAttachmentList()
{
    QCOMPARE(SocketIOJson::write(list({QByteArray("\x01\x02\x03\x04", 4)})), R"(["AQIDBA=="])"_ba);
}

void tst_JsonCodec::roundTrip_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("canonical"); // written back byte for byte (keys sorted, no extra escapes)
    QTest::newRow("event") << smallEvent() << false;
    QTest::newRow("medium") << mediumDocument() << false;
    QTest::newRow("large text") << largeText() << true;
    QTest::newRow("numbers") << "[0,-1,2147483648,9007199254740992,1.5,1e+21,1e-7,-0.000001]"_ba << true;
    QTest::newRow("escapes") << R"(["\"\\\n\u0001\ud800",{"":""}])"_ba << true;
    QTest::newRow("sorted keys") << R"({"a":{"b":[{}],"c":null},"d":"é"})"_ba << false;
}

void tst_JsonCodec::roundTrip()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, canonical);
    QVariant value;
    QString error;
    QVERIFY2(SocketIOJson::read(json, &value, &error), qPrintable(error));
    const QByteArray written = SocketIOJson::write(value);
    if (canonical)
        QCOMPARE(written, json);
    QVariant again;
    QVERIFY2(SocketIOJson::read(written, &again, &error), qPrintable(error));
    QVERIFY(variantsIdentical(again, value));
    QCOMPARE(SocketIOJson::write(again), written);
}

void tst_JsonCodec::sameAsQJsonDocument_data()
{
    roundTrip_data();
}

// For documents both accept, the values are the same numbers, strings and
// structure as QJsonDocument's (which reads all numbers in range as double or
// qlonglong: compare numerically).
void tst_JsonCodec::sameAsQJsonDocument()
{
    QFETCH(QByteArray, json);
    if (json.contains("\\ud800"))
        QSKIP("QJsonDocument replaces lone surrogates");
    QVariant value;
    QVERIFY(SocketIOJson::read(json, &value));
    const QVariant reference = QJsonDocument::fromJson(json).toVariant();
    QVERIFY2(variantsEquivalent(value, reference), qPrintable(describeVariant(reference)));
}

void tst_JsonCodec::benchmarkRead_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("small event") << smallEvent();
    QTest::newRow("50 objects") << mediumDocument();
    QTest::newRow("120 KB string") << largeText();
}

void tst_JsonCodec::benchmarkRead()
{
    QFETCH(QByteArray, json);
    QVariant value;
    QBENCHMARK {
        SocketIOJson::read(json, &value);
    }
    QVERIFY(value.isValid());
}

void tst_JsonCodec::benchmarkReadQJsonDocument_data()
{
    benchmarkRead_data();
}

void tst_JsonCodec::benchmarkReadQJsonDocument()
{
    QFETCH(QByteArray, json);
    QVariant value;
    QBENCHMARK {
        value = QJsonDocument::fromJson(json).toVariant();
    }
    QVERIFY(value.isValid());
}

void tst_JsonCodec::benchmarkWrite_data()
{
    benchmarkRead_data();
}

void tst_JsonCodec::benchmarkWrite()
{
    QFETCH(QByteArray, json);
    QVariant value;
    QVERIFY(SocketIOJson::read(json, &value));
    QByteArray out;
    QBENCHMARK {
        out = SocketIOJson::write(value);
    }
    QVERIFY(!out.isEmpty());
}

void tst_JsonCodec::benchmarkWriteQJsonDocument_data()
{
    benchmarkRead_data();
}

void tst_JsonCodec::benchmarkWriteQJsonDocument()
{
    QFETCH(QByteArray, json);
    QVariant value;
    QVERIFY(SocketIOJson::read(json, &value));
    QByteArray out;
    QBENCHMARK {
        out = QJsonDocument::fromVariant(value).toJson(QJsonDocument::Compact);
    }
    QVERIFY(!out.isEmpty());
}

QTEST_GUILESS_MAIN(tst_JsonCodec)
#include "tst_jsoncodec.moc"
