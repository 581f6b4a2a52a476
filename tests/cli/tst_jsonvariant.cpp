// The JSON <-> QVariant conversion and the packet records shared by
// socketio-cli and the GUI inspector (inspector/common).
#include "jsonvariant.h"
#include "packetrecord.h"

#include <QtCore/qjsondocument.h>
#include <QtTest/qtest.h>

#include <cmath>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

class tst_JsonVariant : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void scalarsToVariant_data();
    void scalarsToVariant();
    void binaryAtAnyDepth();
    void badBase64();
    void roundTrip();
    void variantsToJson();
    void packetRecords();
};

void tst_JsonVariant::scalarsToVariant_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QVariant>("expected");
    QTest::newRow("int") << QByteArray("[42]") << QVariant(42);
    QTest::newRow("negative int") << QByteArray("[-7]") << QVariant(-7);
    QTest::newRow("beyond int") << QByteArray("[9007199254740991]") << QVariant(qlonglong(9007199254740991));
    QTest::newRow("double") << QByteArray("[-1.5]") << QVariant(-1.5);
    QTest::newRow("huge double") << QByteArray("[1e21]") << QVariant(1e21);
    QTest::newRow("true") << QByteArray("[true]") << QVariant(true);
    QTest::newRow("null") << QByteArray("[null]") << QVariant::fromValue(nullptr);
    QTest::newRow("string") << QByteArray(R"(["ü ✓"])") << QVariant(u"ü ✓"_s);
    QTest::newRow("$binary with siblings is an object")
        << QByteArray(R"([{"$binary":"AQ==","x":1}])")
        << QVariant(QVariantMap{{u"$binary"_s, u"AQ=="_s}, {u"x"_s, 1}});
    QTest::newRow("$binary not a string is an object")
        << QByteArray(R"([{"$binary":1}])") << QVariant(QVariantMap{{u"$binary"_s, 1}});
}

void tst_JsonVariant::scalarsToVariant()
{
    QFETCH(QByteArray, json);
    QFETCH(QVariant, expected);
    QString error;
    const QVariant value = JsonVariant::toVariant(QJsonDocument::fromJson(json).array().at(0), &error);
    QVERIFY(error.isEmpty());
    QCOMPARE(value.typeId(), expected.typeId());
    QCOMPARE(value, expected);
}

void tst_JsonVariant::binaryAtAnyDepth()
{
    const QJsonArray json = QJsonDocument::fromJson(R"([{"$binary":"AQID"},{"k":[{"$binary":""}]}])").array();
    QString error;
    const QVariantList list = JsonVariant::toVariantList(json, &error);
    QVERIFY(error.isEmpty());
    QCOMPARE(list.at(0).typeId(), QMetaType::QByteArray);
    QCOMPARE(list.at(0).toByteArray(), QByteArray("\x01\x02\x03"));
    const QVariant nested = list.at(1).toMap().value(u"k"_s).toList().at(0);
    QCOMPARE(nested.typeId(), QMetaType::QByteArray);
    QVERIFY(nested.toByteArray().isEmpty());
}

void tst_JsonVariant::badBase64()
{
    QString error;
    JsonVariant::toVariant(QJsonObject{{"$binary"_L1, u"!?"_s}}, &error);
    QVERIFY(error.contains("base64"_L1));
}

void tst_JsonVariant::roundTrip()
{
    const QByteArray json = R"([1,-2.25,"s",null,true,[{"$binary":"AAEC/w=="}],{"a":{"b":[{"$binary":"Bg=="}]}}])";
    const QJsonArray array = QJsonDocument::fromJson(json).array();
    QCOMPARE(JsonVariant::toJsonArray(JsonVariant::toVariantList(array)), array);
}

void tst_JsonVariant::variantsToJson()
{
    QCOMPARE(JsonVariant::toJson(QVariant()), QJsonValue(QJsonValue::Null));
    QCOMPARE(JsonVariant::toJson(QVariant::fromValue(nullptr)), QJsonValue(QJsonValue::Null));
    QCOMPARE(JsonVariant::toJson(QByteArray("\x07\x08")), QJsonValue(QJsonObject{{"$binary"_L1, u"Bwg="_s}}));
    QCOMPARE(JsonVariant::toJson(QVariantHash{{u"h"_s, QByteArray("\x01")}}),
             QJsonValue(QJsonObject{{"h"_L1, QJsonObject{{"$binary"_L1, u"AQ=="_s}}}}));
    QCOMPARE(JsonVariant::toJson(QStringList{u"a"_s}), QJsonValue(QJsonArray{u"a"_s}));
    QCOMPARE(JsonVariant::toJson(qlonglong(1) << 40), QJsonValue(qint64(1) << 40));
}

void tst_JsonVariant::packetRecords()
{
    const EngineIOPacket text(EngineIOPacket::Message, "2[\"e\"]");
    QCOMPARE(PacketRecord::toJson(SocketIO::Direction::Outgoing, text, u"websocket"_s),
             (QJsonObject{{"type"_L1, u"raw"_s}, {"dir"_L1, u"out"_s}, {"transport"_L1, u"websocket"_s},
                          {"eio"_L1, u"message"_s}, {"data"_L1, u"2[\"e\"]"_s}}));
    const EngineIOPacket binary(EngineIOPacket::Message, QByteArray("\x01\x02", 2), true);
    const QJsonObject record = PacketRecord::toJson(SocketIO::Direction::Incoming, binary, u"polling"_s);
    QCOMPARE(record.value("dir"_L1), "in"_L1);
    QCOMPARE(record.value("binary"_L1), "AQI="_L1);
    QVERIFY(!record.contains("data"_L1));
    QCOMPARE(PacketRecord::toJson(SocketIO::Direction::Incoming, EngineIOPacket(EngineIOPacket::Ping), u"websocket"_s)
                 .value("eio"_L1),
             "ping"_L1);
}

QTEST_GUILESS_MAIN(tst_JsonVariant)
#include "tst_jsonvariant.moc"
