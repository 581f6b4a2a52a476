// Typed conversion of event arguments (Conversion), and the handler wrapping that
// Namespace::on() uses, without a server.
#include "readme_snippets.h"
#include "testtypes.h"

#include <SocketIOQt/conversion.h>
#include <SocketIOQt/socketio.h>
#include <SocketIOQt/typedevents.h>

#include <QtTest>

#include <QDateTime>
#include <QTimeZone>
#include <QJsonArray>
#include <QJsonObject>
#include <QUrl>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

namespace {
const QVariant kNull = QVariant::fromValue(nullptr);

template <typename T>
bool converts(const QVariant &in, T *out = nullptr, QString *error = nullptr)
{
    T value{};
    const bool ok = Conversion::fromVariant(in, &value, error);
    if (ok && out)
        *out = value;
    return ok;
}

QVariantMap map(std::initializer_list<std::pair<QString, QVariant>> pairs)
{
    QVariantMap m;
    for (const auto &p : pairs)
        m.insert(p.first, p.second);
    return m;
}

// A handler wrapped as Namespace::on() wraps it, called as an incoming event calls it.
template <typename F>
void deliver(F &&f, const QVariantList &args, const AckHandle &ack = AckHandle())
{
    Conversion::makeHandler(u"handler of event \"test\""_s, std::forward<F>(f))(args, ack);
}
} // namespace

class tst_Conversion : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void scalars_data();
    void scalars();
    void integersStrict();
    void containers();
    void jsonTypes();
    void optional();
    void gadget();
    void gadgetErrors();
    void enumerations();
    void otherRegisteredTypes();
    void describe();
    void toVariantNative();
    void toArgumentsBinaryAndNesting();
    void argumentHelper();

    void typedHandler();
    void typedHandlerWithAck();
    void rawHandlersKeepTheirMeaning();
    void mismatchWarnsAndSkips_data();
    void mismatchWarnsAndSkips();
    void tooFewArguments();
    void extraArgumentsIgnored();
    void returnValueOnlyWithAck();
    void ackCallbackTyped();
    void emitShapes();
    void readmeSnippetsCompile();
};

// One row: the input, the target type (by name), whether it converts.
void tst_Conversion::scalars_data()
{
    QTest::addColumn<QVariant>("input");
    QTest::addColumn<QString>("type");
    QTest::addColumn<bool>("ok");

    QTest::newRow("string <- string") << QVariant(u"abc"_s) << u"QString"_s << true;
    QTest::newRow("string <- number") << QVariant(1) << u"QString"_s << false;
    QTest::newRow("string <- null") << kNull << u"QString"_s << false;
    QTest::newRow("string <- binary") << QVariant(QByteArray("x")) << u"QString"_s << false;
    QTest::newRow("bool <- bool") << QVariant(true) << u"bool"_s << true;
    QTest::newRow("bool <- 1") << QVariant(1) << u"bool"_s << false;
    QTest::newRow("bool <- \"true\"") << QVariant(u"true"_s) << u"bool"_s << false;
    QTest::newRow("double <- int") << QVariant(3) << u"double"_s << true;
    QTest::newRow("double <- double") << QVariant(2.5) << u"double"_s << true;
    QTest::newRow("double <- \"2.5\"") << QVariant(u"2.5"_s) << u"double"_s << false;
    QTest::newRow("double <- bool") << QVariant(false) << u"double"_s << false;
    QTest::newRow("binary <- binary") << QVariant(QByteArray("\0\1", 2)) << u"QByteArray"_s << true;
    QTest::newRow("binary <- string") << QVariant(u"AAE="_s) << u"QByteArray"_s << false;
    QTest::newRow("map <- object") << QVariant(map({{u"a"_s, 1}})) << u"QVariantMap"_s << true;
    QTest::newRow("map <- array") << QVariant(QVariantList{1}) << u"QVariantMap"_s << false;
    QTest::newRow("map <- null") << kNull << u"QVariantMap"_s << false;
    QTest::newRow("list <- array") << QVariant(QVariantList{1, u"two"_s}) << u"QVariantList"_s << true;
    QTest::newRow("list <- object") << QVariant(map({})) << u"QVariantList"_s << false;
    QTest::newRow("variant <- null") << kNull << u"QVariant"_s << true;
    QTest::newRow("variant <- binary") << QVariant(QByteArray("b")) << u"QVariant"_s << true;
    QTest::newRow("nullptr <- null") << kNull << u"std::nullptr_t"_s << true;
    QTest::newRow("nullptr <- 0") << QVariant(0) << u"std::nullptr_t"_s << false;
}

void tst_Conversion::scalars()
{
    QFETCH(QVariant, input);
    QFETCH(QString, type);
    QFETCH(bool, ok);
    const QMetaType metaType = QMetaType::fromName(type.toLatin1());
    QVERIFY2(metaType.isValid(), qPrintable(type));
    QVariant out(metaType);
    QString error;
    QCOMPARE(Conversion::fromVariant(input, metaType, out.data(), &error), ok);
    if (ok) {
        QVERIFY(error.isEmpty());
        if (metaType.id() != QMetaType::QVariant && metaType.id() != QMetaType::Nullptr)
            QCOMPARE(out.toString(), input.toString());
    } else {
        QVERIFY2(error.startsWith(u"expected "_s), qPrintable(error));
        QVERIFY2(error.contains(u", got "_s), qPrintable(error));
    }
}

void tst_Conversion::integersStrict()
{
    int i = 0;
    QVERIFY(converts<int>(3, &i));
    QCOMPARE(i, 3);
    QVERIFY(converts<int>(4.0, &i)); // JSON has one number type: 4.0 is 4
    QCOMPARE(i, 4);
    QString error;
    QVERIFY(!converts<int>(4.5, &i, &error));
    QCOMPARE(error, u"expected an integer (int), got a number (4.5)"_s);
    QVERIFY(!converts<int>(u"4"_s, &i, &error));
    QCOMPARE(error, u"expected an integer (int), got a string (\"4\")"_s);
    QVERIFY(!converts<int>(qlonglong(1) << 40, &i, &error));
    QCOMPARE(error, u"expected an integer in the range of int, got a number (1099511627776)"_s);
    QVERIFY(!converts<int>(true, &i));

    qint64 big = 0;
    QVERIFY(converts<qint64>(qlonglong(9007199254740991LL), &big));
    QCOMPARE(big, 9007199254740991LL);
    uint u = 0;
    QVERIFY(!converts<uint>(-1, &u));
    QVERIFY(converts<uint>(4000000000.0, &u));
    QCOMPARE(u, 4000000000u);
    short s = 0;
    QVERIFY(!converts<short>(40000, &s));
    QVERIFY(converts<short>(-32768, &s));
    quint8 byte = 0;
    QVERIFY(converts<quint8>(255, &byte));
    QVERIFY(!converts<quint8>(256, &byte));
    // Unsigned 64-bit sources, within and beyond qint64.
    QVERIFY(converts<int>(qulonglong(5), &i));
    QCOMPARE(i, 5);
    QVERIFY(!converts<qint64>(qulonglong(1) << 63, &big, &error));
    QCOMPARE(error, u"expected an integer in the range of qlonglong, got a number (9223372036854775808)"_s);
    quint64 ubig = 0;
    QVERIFY(converts<quint64>(qulonglong(1) << 63, &ubig));
    QCOMPARE(ubig, quint64(1) << 63);
    QVERIFY(converts<quint8>(qlonglong(7), &byte));
    QCOMPARE(byte, quint8(7));
    float f = 0;
    QVERIFY(converts<float>(1.5, &f));
    QCOMPARE(f, 1.5f);
}

void tst_Conversion::containers()
{
    QStringList strings;
    QVERIFY(converts<QStringList>(QVariantList{u"a"_s, u"b"_s}, &strings));
    QCOMPARE(strings, QStringList({u"a"_s, u"b"_s}));
    QString error;
    QVERIFY(!converts<QStringList>(QVariantList{u"a"_s, 1}, &strings, &error));
    QCOMPARE(error, u"[1]: expected a string, got a number (1)"_s);

    QList<int> ints;
    QVERIFY(converts<QList<int>>(QVariantList{1, 2.0, 3}, &ints));
    QCOMPARE(ints, QList<int>({1, 2, 3}));
    QVERIFY(!converts<QList<int>>(map({}), &ints, &error));
    QCOMPARE(error, u"expected an array, got an object"_s);

    std::vector<double> doubles;
    QVERIFY(converts<std::vector<double>>(QVariantList{1, 2.5}, &doubles));
    QCOMPARE(doubles.size(), size_t(2));
    QCOMPARE(doubles[1], 2.5);

    QList<QByteArray> blobs;
    QVERIFY(converts<QList<QByteArray>>(QVariantList{QByteArray("a"), QByteArray("b")}, &blobs));
    QCOMPARE(blobs.size(), 2);

    using Scores = QMap<QString, int>;
    Scores scores;
    QVERIFY(converts<Scores>(map({{u"alice"_s, 3}, {u"bob"_s, 5}}), &scores));
    QCOMPARE(scores.value(u"bob"_s), 5);
    QVERIFY(!converts<Scores>(map({{u"alice"_s, u"x"_s}}), &scores, &error));
    QCOMPARE(error, u".alice: expected an integer (int), got a string (\"x\")"_s);

    using Nested = QHash<QString, QList<int>>;
    Nested nested;
    QVERIFY(converts<Nested>(map({{u"a"_s, QVariantList{1, 2}}}), &nested));
    QCOMPARE(nested.value(u"a"_s), QList<int>({1, 2}));
    QVERIFY(!converts<Nested>(map({{u"a"_s, QVariantList{1, true}}}), &nested, &error));
    QCOMPARE(error, u".a[1]: expected an integer (int), got a boolean (true)"_s);
}

void tst_Conversion::jsonTypes()
{
    QJsonObject object;
    QVERIFY(converts<QJsonObject>(map({{u"a"_s, 1}, {u"b"_s, QVariantList{true, kNull}}}), &object));
    QCOMPARE(object.value(u"a"_s).toInt(), 1);
    QVERIFY(object.value(u"b"_s).toArray().at(1).isNull());
    QVERIFY(!converts<QJsonObject>(QVariantList{}, &object));

    QJsonArray array;
    QVERIFY(converts<QJsonArray>(QVariantList{1, u"x"_s}, &array));
    QCOMPARE(array.size(), 2);
    QVERIFY(!converts<QJsonArray>(u"x"_s, &array));

    QJsonValue value;
    QVERIFY(converts<QJsonValue>(kNull, &value));
    QVERIFY(value.isNull());
    QVERIFY(converts<QJsonValue>(u"s"_s, &value));
    QCOMPARE(value.toString(), u"s"_s);
    QString error;
    QVERIFY(!converts<QJsonValue>(QByteArray("bin"), &value, &error));
    QVERIFY2(error.contains(u"binary"_s), qPrintable(error));
}

void tst_Conversion::optional()
{
    std::optional<int> n = 7;
    QVERIFY(converts<std::optional<int>>(kNull, &n));
    QVERIFY(!n.has_value());
    QVERIFY(converts<std::optional<int>>(QVariant(), &n));
    QVERIFY(!n.has_value());
    QVERIFY(converts<std::optional<int>>(5, &n));
    QCOMPARE(n.value(), 5);
    QVERIFY(!converts<std::optional<int>>(u"5"_s, &n));
}

void tst_Conversion::gadget()
{
    Point p;
    QVERIFY(converts<Point>(map({{u"x"_s, 1}, {u"y"_s, 2.0}, {u"label"_s, u"A"_s}, {u"extra"_s, true}}), &p));
    QCOMPARE(p, (Point{1, 2, u"A"_s}));
    QVERIFY(converts<Point>(map({{u"x"_s, 5}}), &p)); // missing keys keep their default
    QCOMPARE(p, (Point{5, 0, QString()}));

    const QVariantMap pathMap = map({
            {u"name"_s, u"route"_s},
            {u"start"_s, map({{u"x"_s, 1}, {u"y"_s, 1}})},
            {u"points"_s, QVariantList{map({{u"x"_s, 2}}), map({{u"y"_s, 3}})}},
            {u"color"_s, u"Blue"_s},
    });
    Path path;
    QVERIFY(converts<Path>(pathMap, &path));
    QCOMPARE(path.name, u"route"_s);
    QCOMPARE(path.start, (Point{1, 1, QString()}));
    QCOMPARE(path.points.size(), 2);
    QCOMPARE(path.points.at(1).y, 3);
    QCOMPARE(path.color, ApiTest::Color::Blue);

    QList<Point> points;
    QVERIFY(converts<QList<Point>>(QVariantList{map({{u"x"_s, 9}})}, &points));
    QCOMPARE(points.value(0).x, 9);

    // And back: a gadget becomes the object it came from.
    const QVariant back = Conversion::toVariant(path);
    QCOMPARE(back.typeId(), QMetaType::QVariantMap);
    Path again;
    QVERIFY(converts<Path>(back, &again));
    QCOMPARE(again, path);
    QCOMPARE(back.toMap().value(u"color"_s), QVariant(qlonglong(2)));
}

void tst_Conversion::gadgetErrors()
{
    Point p;
    QString error;
    QVERIFY(!converts<Point>(map({{u"x"_s, u"1"_s}}), &p, &error));
    QCOMPARE(error, u".x: expected an integer (int), got a string (\"1\")"_s);
    QVERIFY(!converts<Point>(QVariantList{1, 2}, &p, &error));
    QCOMPARE(error, u"expected an object (Point), got an array of 2 elements"_s);
    Path path;
    QVERIFY(!converts<Path>(map({{u"points"_s, QVariantList{map({}), map({{u"label"_s, 3}})}}}), &path, &error));
    QCOMPARE(error, u".points[1].label: expected a string, got a number (3)"_s);
}

void tst_Conversion::enumerations()
{
    ApiTest::Color c = ApiTest::Color::Red;
    QVERIFY(converts<ApiTest::Color>(1, &c));
    QCOMPARE(c, ApiTest::Color::Green);
    QVERIFY(converts<ApiTest::Color>(u"Blue"_s, &c));
    QCOMPARE(c, ApiTest::Color::Blue);
    QVERIFY(converts<ApiTest::Color>(u"Red"_s, &c)); // the key whose value is 0
    QCOMPARE(c, ApiTest::Color::Red);
    QString error;
    QVERIFY(!converts<ApiTest::Color>(u"Purple"_s, &c, &error));
    QVERIFY2(error.contains(u"ApiTest::Color"_s), qPrintable(error));
    QVERIFY(!converts<ApiTest::Color>(1.5, &c));
    QVERIFY(!converts<ApiTest::Color>(true, &c));
    QCOMPARE(Conversion::toVariant(ApiTest::Color::Blue), QVariant(qlonglong(2)));
}

void tst_Conversion::otherRegisteredTypes()
{
    QUrl url;
    QVERIFY(converts<QUrl>(u"https://example.org/x"_s, &url));
    QCOMPARE(url.host(), u"example.org"_s);
    QDateTime when;
    QVERIFY(converts<QDateTime>(u"2024-05-06T07:08:09.010Z"_s, &when));
    QCOMPARE(when, QDateTime(QDate(2024, 5, 6), QTime(7, 8, 9, 10), QTimeZone::utc()));
    QVERIFY(!converts<QUrl>(map({}), &url));
}

void tst_Conversion::describe()
{
    QCOMPARE(Conversion::describe(QVariant()), u"nothing"_s);
    QCOMPARE(Conversion::describe(kNull), u"null"_s);
    QCOMPARE(Conversion::describe(QByteArray(3, 'x')), u"binary (3 bytes)"_s);
    QCOMPARE(Conversion::describe(QVariantList{1}), u"an array of 1 element"_s);
    QCOMPARE(Conversion::describe(QString(50, u'a')), u"a string (\""_s + QString(37, u'a') + u"...\")"_s);
}

void tst_Conversion::toVariantNative()
{
    using Conversion::toVariant;
    QCOMPARE(toVariant("up"), QVariant(u"up"_s));
    QCOMPARE(toVariant(u"ü"_s), QVariant(u"ü"_s));
    QCOMPARE(toVariant(3), QVariant(3));
    QCOMPARE(toVariant(true), QVariant(true));
    QCOMPARE(toVariant(nullptr).typeId(), int(QMetaType::Nullptr));
    QCOMPARE(toVariant(std::optional<int>()).typeId(), int(QMetaType::Nullptr));
    QCOMPARE(toVariant(std::optional<int>(4)), QVariant(4));
    QCOMPARE(toVariant(QJsonObject{{u"a"_s, 1}}).toMap().value(u"a"_s).toInt(), 1);
    QCOMPARE(toVariant(QJsonObject{{u"a"_s, 1}}).typeId(), int(QMetaType::QVariantMap));
    QCOMPARE(toVariant(QJsonArray{1, u"x"_s}).toList().size(), 2);
    QCOMPARE(toVariant(QJsonValue()).typeId(), int(QMetaType::Nullptr));
    QCOMPARE(toVariant(QList<int>{1, 2}), QVariant(QVariantList{1, 2}));
    QCOMPARE(toVariant(QList<Point>{Point{1, 2, u"p"_s}}),
             QVariant(QVariantList{map({{u"x"_s, 1}, {u"y"_s, 2}, {u"label"_s, u"p"_s}})}));
    QMap<QString, Point> named{{u"a"_s, Point{1, 0, {}}}};
    QCOMPARE(toVariant(named).toMap().value(u"a"_s).toMap().value(u"x"_s), QVariant(1));
    // A QVariant holding a gadget is converted too (what QObject binding signals pass).
    QCOMPARE(toVariant(QVariant::fromValue(Point{3, 4, {}})).typeId(), int(QMetaType::QVariantMap));
}

void tst_Conversion::toArgumentsBinaryAndNesting()
{
    const QByteArray blob("\x00\x01\xff", 3);
    const QVariantList args = Conversion::toArguments(3, "up", blob, QVariantMap{{u"k"_s, blob}},
                                                              Point{1, 2, {}}, QStringList{u"a"_s});
    QCOMPARE(args.size(), 6);
    QCOMPARE(args.at(0), QVariant(3));
    QCOMPARE(args.at(1), QVariant(u"up"_s));
    QCOMPARE(args.at(2).typeId(), int(QMetaType::QByteArray));
    QCOMPARE(args.at(2).toByteArray(), blob);
    QCOMPARE(args.at(3).toMap().value(u"k"_s).toByteArray(), blob);
    QCOMPARE(args.at(4).toMap().value(u"y"_s), QVariant(2));
    QCOMPARE(args.at(5).toStringList(), QStringList{u"a"_s});
}

void tst_Conversion::argumentHelper()
{
    const QVariantList args{u"a"_s, 2, kNull};
    QCOMPARE(Conversion::argument<QString>(args, 0), std::optional<QString>(u"a"_s));
    QCOMPARE(Conversion::argument<int>(args, 1), std::optional<int>(2));
    QVERIFY(!Conversion::argument<int>(args, 0).has_value());
    QVERIFY(!Conversion::argument<int>(args, 5).has_value());
    const auto missingOptional = Conversion::argument<std::optional<int>>(args, 5);
    QVERIFY(missingOptional.has_value() && !missingOptional->has_value());
}

void tst_Conversion::typedHandler()
{
    QString name;
    int points = 0;
    double ratio = 0;
    bool flag = false;
    QByteArray blob;
    QVariantMap info;
    QVariantList list;
    Point point;
    deliver([&](const QString &n, int p, double r, bool f, const QByteArray &b, const QVariantMap &i,
                const QVariantList &l, Point pt) {
        name = n;
        points = p;
        ratio = r;
        flag = f;
        blob = b;
        info = i;
        list = l;
        point = pt;
    }, {u"alice"_s, 42, 0.5, true, QByteArray("\1\2", 2), map({{u"k"_s, 1}}), QVariantList{1, 2},
        map({{u"x"_s, 7}})});
    QCOMPARE(name, u"alice"_s);
    QCOMPARE(points, 42);
    QCOMPARE(ratio, 0.5);
    QVERIFY(flag);
    QCOMPARE(blob, QByteArray("\1\2", 2));
    QCOMPARE(info.value(u"k"_s), QVariant(1));
    QCOMPARE(list, QVariantList({1, 2}));
    QCOMPARE(point.x, 7);

    // A single QVariant parameter is the first argument, not the list.
    QVariant first;
    deliver([&](const QVariant &v) { first = v; }, {u"one"_s, u"two"_s});
    QCOMPARE(first, QVariant(u"one"_s));

    // JSON types, a std::function, a plain function pointer.
    QJsonObject object;
    std::function<void(QJsonObject, QJsonArray)> fn = [&](QJsonObject o, QJsonArray) { object = o; };
    deliver(fn, {map({{u"a"_s, 1}}), QVariantList{}});
    QCOMPARE(object.value(u"a"_s).toInt(), 1);
    static int seen = 0;
    deliver(+[](int n) { seen = n; }, {5});
    QCOMPARE(seen, 5);
}

void tst_Conversion::typedHandlerWithAck()
{
    int got = 0;
    bool requested = true;
    deliver([&](int n, const AckHandle &ack) {
        got = n;
        requested = ack.isRequested();
    }, {3});
    QCOMPARE(got, 3);
    QVERIFY(!requested); // no ack was asked for in this test
    // Only an AckHandle: no event arguments wanted.
    int calls = 0;
    deliver([&](const AckHandle &) { ++calls; }, {1, 2});
    QCOMPARE(calls, 1);
}

void tst_Conversion::rawHandlersKeepTheirMeaning()
{
    QVariantList raw;
    int calls = 0;
    deliver([&](const QVariantList &args) { raw = args; }, {1, u"x"_s});
    QCOMPARE(raw, QVariantList({1, u"x"_s}));
    deliver([&](QVariantList args, AckHandle) { raw = args; }, {2});
    QCOMPARE(raw, QVariantList{2});
    deliver([&] { ++calls; }, {1, 2, 3});
    QCOMPARE(calls, 1);
    // Generic lambdas take the untyped forms.
    deliver([&](const auto &args) { raw = args; }, {3});
    QCOMPARE(raw, QVariantList{3});
    deliver([&](const auto &args, const auto &) { raw = args; }, {4});
    QCOMPARE(raw, QVariantList{4});
}

void tst_Conversion::mismatchWarnsAndSkips_data()
{
    QTest::addColumn<QVariantList>("args");
    QTest::addColumn<QString>("warning");
    QTest::newRow("string for int")
            << QVariantList{u"alice"_s, u"ten"_s}
            << u"handler of event \"test\" not called: argument index 1: expected an integer (int), got a string (\"ten\")"_s;
    QTest::newRow("number for string")
            << QVariantList{7, 10}
            << u"handler of event \"test\" not called: argument index 0: expected a string, got a number (7)"_s;
    QTest::newRow("fraction for int")
            << QVariantList{u"a"_s, 1.5}
            << u"handler of event \"test\" not called: argument index 1: expected an integer (int), got a number (1.5)"_s;
    QTest::newRow("null for string")
            << QVariantList{kNull, 1}
            << u"handler of event \"test\" not called: argument index 0: expected a string, got null"_s;
}

void tst_Conversion::mismatchWarnsAndSkips()
{
    QFETCH(QVariantList, args);
    QFETCH(QString, warning);
    bool called = false;
    QTest::ignoreMessage(QtWarningMsg, qPrintable(warning));
    deliver([&](const QString &, int) { called = true; }, args);
    QVERIFY(!called);
}

void tst_Conversion::tooFewArguments()
{
    bool called = false;
    QTest::ignoreMessage(QtWarningMsg, "handler of event \"test\" not called: argument index 1: missing (the event has 1 argument)");
    deliver([&](const QString &, int) { called = true; }, {u"a"_s});
    QVERIFY(!called);
    // std::optional parameters may be missing.
    std::optional<int> second = 1;
    deliver([&](const QString &, std::optional<int> n) { called = true; second = n; }, {u"a"_s});
    QVERIFY(called);
    QVERIFY(!second.has_value());
}

void tst_Conversion::extraArgumentsIgnored()
{
    int n = 0;
    deliver([&](int a) { n = a; }, {1, u"offset"_s, 3});
    QCOMPARE(n, 1);
}

void tst_Conversion::returnValueOnlyWithAck()
{
    // Without an ack request the value is dropped (no crash, no warning).
    int calls = 0;
    deliver([&](int a) { ++calls; return a * 2; }, {2});
    QCOMPARE(calls, 1);
}

void tst_Conversion::ackCallbackTyped()
{
    QString status;
    int count = 0;
    auto cb = Conversion::makeAckCallback(u"ack callback of \"join\""_s,
                                                  [&](const QString &s, int n) { status = s; count = n; });
    cb({u"ok"_s, 3});
    QCOMPARE(status, u"ok"_s);
    QCOMPARE(count, 3);
    QTest::ignoreMessage(QtWarningMsg, "ack callback of \"join\" not called: argument index 1: expected an integer (int), got a boolean (true)");
    cb({u"again"_s, true});
    QCOMPARE(status, u"ok"_s);
}

void tst_Conversion::emitShapes()
{
    using namespace SocketIOQt::detail;
    using Conversion::detail::isCallback;
    using Conversion::detail::isContext;
    auto lambda = [](const QVariantList &) {};
    auto typed = [](int) {};
    // The QVariantList overloads keep these shapes...
    static_assert(!isTypedEmit<QVariantList>());
    static_assert(!isTypedEmit<QVariantList &>());
    static_assert(!isTypedEmit<const QVariantList &, decltype(lambda)>());
    static_assert(!isTypedEmit<QVariantList, QObject *, decltype(lambda)>());
    static_assert(!isTypedEmitWithAck<QVariantList, std::chrono::milliseconds>()); // list + timeout
    static_assert(!isTypedEmitVolatile<QVariantList>());
    // ...the typed templates take the rest.
    static_assert(isTypedEmit<int>());
    static_assert(isTypedEmit<QString, int>());
    static_assert(isTypedEmit<QVariantList, decltype(typed)>()); // typed ack callback
    static_assert(isTypedEmit<QVariantList, QVariantList>());
    static_assert(isTypedEmitWithAck<QString, int>());
    static_assert(isTypedEmitWithAck<QVariantList, int>()); // a number is an argument, never a timeout
    static_assert(isTypedEmitWithAck<QString, std::chrono::seconds>()); // typed, the timeout last
    static_assert(isTypedEmitVolatile<QString>());
    static_assert(isCallback<decltype(typed)>());
    static_assert(!isCallback<QString>());
    static_assert(!isCallback<QObject *>());
    static_assert(isContext<QObject *>());
    static_assert(isContext<tst_Conversion *>());
    QVERIFY(true);
}

void tst_Conversion::readmeSnippetsCompile()
{
    // Never opened: the emits wait in the send buffer and nothing else happens.
    SocketIO io(QUrl(u"http://127.0.0.1:1"_s));
    QStringList sent;
    io.socket()->onAnyOutgoing([&](const QString &event, const QVariantList &) { sent << event; });
    readmeSnippets(io);
    QCOMPARE(sent, QStringList({u"move"_s, u"upload"_s, u"join"_s, u"chat message"_s}));
    QCOMPARE(io.state(), SocketIO::Disconnected);
}

QTEST_GUILESS_MAIN(tst_Conversion)
#include "tst_conversion.moc"
