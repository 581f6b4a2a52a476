// The models and widgets of the inspector that need no server: the batched
// traffic model, the filter proxy, the ledger and linter models, the
// composer's argument building and the JSON editor's validation, and the
// 100,000-packet case.
#include "ackledgermodel.h"
#include "capturesession.h"
#include "composerwidget.h"
#include "jsonedit.h"
#include "lintermodel.h"
#include "packetdetailview.h"
#include "trafficfilterproxy.h"
#include "trafficmodel.h"

#include <QtCore/qelapsedtimer.h>
#include <QtTest/qabstractitemmodeltester.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qtabwidget.h>
#include <QtWidgets/qtreeview.h>
#include <QtWidgets/qtreewidget.h>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;
using Dir = SocketIO::Direction;

class tst_TrafficModel : public QObject
{
    Q_OBJECT

private:
    static qint64 s_t;
    static int add(CaptureSession &s, Dir d, const QByteArray &data, bool binary = false)
    {
        s_t += 1000;
        return s.addPacket(s_t, d, EngineIOPacket(EngineIOPacket::Message, data, binary), u"websocket"_s);
    }
    static void handshake(CaptureSession &s)
    {
        s_t += 1000;
        s.addPacket(s_t, Dir::Incoming, EngineIOPacket(EngineIOPacket::Open,
                    R"({"sid":"abc","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})"),
                    u"websocket"_s);
        add(s, Dir::Outgoing, "0");
        add(s, Dir::Incoming, R"(0{"sid":"a"})");
        add(s, Dir::Outgoing, "0/chat,");
        add(s, Dir::Incoming, R"(0/chat,{"sid":"b"})");
    }

private Q_SLOTS:
    void batchesInsertions();
    void pauseHoldsRows();
    void clearResets();
    void columns();
    void filters();
    void ledgerAndLinterModels();
    void duplicateConnectFlagged();
    void detailView();
    void composerArguments();
    void jsonEditReportsPosition();
    void hundredThousandPackets();
};

qint64 tst_TrafficModel::s_t = 1'700'000'000'000'000;

void tst_TrafficModel::batchesInsertions()
{
    CaptureSession s;
    TrafficModel model(&s);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    for (int k = 0; k < 1000; ++k)
        add(s, Dir::Incoming, R"(2["tick"])");
    QCOMPARE(model.rowCount(), 0); // not yet: the batch timer has not fired
    QTRY_COMPARE(model.rowCount(), 1000);
    QCOMPARE(inserted.size(), 1);
}

void tst_TrafficModel::pauseHoldsRows()
{
    CaptureSession s;
    TrafficModel model(&s);
    add(s, Dir::Incoming, R"(2["a"])");
    model.flush();
    model.setPaused(true);
    add(s, Dir::Incoming, R"(2["b"])");
    add(s, Dir::Incoming, R"(2["c"])");
    QTest::qWait(250);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.heldBack(), 2);
    QCOMPARE(s.packetCount(), 3); // captured all along
    model.setPaused(false);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.heldBack(), 0);
}

void tst_TrafficModel::clearResets()
{
    CaptureSession s;
    TrafficModel model(&s);
    add(s, Dir::Incoming, R"(2["a"])");
    model.flush();
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    s.clear();
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.rowCount(), 0);
}

void tst_TrafficModel::columns()
{
    CaptureSession s;
    TrafficModel model(&s);
    handshake(s);
    const int request = add(s, Dir::Outgoing, R"(2/chat,4["ask",1])");
    const int answer = add(s, Dir::Incoming, R"(3/chat,4[2])");
    model.flush();
    const auto cell = [&](int row, int column) { return model.index(row, column).data().toString(); };
    QCOMPARE(cell(request, TrafficModel::Number), u"%1"_s.arg(request + 1));
    QCOMPARE(cell(request, TrafficModel::Direction), u"→ out"_s);
    QCOMPARE(cell(answer, TrafficModel::Direction), u"← in"_s);
    QCOMPARE(cell(request, TrafficModel::Transport), u"websocket"_s);
    QCOMPARE(cell(request, TrafficModel::EngineType), u"message"_s);
    QCOMPARE(cell(request, TrafficModel::SocketType), u"EVENT"_s);
    QCOMPARE(cell(answer, TrafficModel::SocketType), u"ACK"_s);
    QCOMPARE(cell(request, TrafficModel::Namespace), u"/chat"_s);
    QCOMPARE(cell(request, TrafficModel::Event), u"ask"_s);
    QCOMPARE(cell(request, TrafficModel::AckId), u"4"_s);
    QCOMPARE(cell(request, TrafficModel::Size), u"17"_s);
    QVERIFY2(cell(request, TrafficModel::Info).startsWith(u"↩ acked in"_s), qPrintable(cell(request, TrafficModel::Info)));
    QVERIFY(cell(answer, TrafficModel::Info).startsWith(u"answers #%1"_s.arg(request + 1)));
    QCOMPARE(cell(0, TrafficModel::Info), u"sid abc · ping 25000/20000 ms"_s);
    QCOMPARE(model.index(request, 0).data(TrafficModel::RowRole).toInt(), request);
    QVERIFY(model.index(request, TrafficModel::Direction).data(Qt::ForegroundRole).isValid());
}

void tst_TrafficModel::filters()
{
    CaptureSession s;
    TrafficModel model(&s);
    TrafficFilterProxy filter;
    filter.setSession(&s);
    filter.setSourceModel(&model);
    handshake(s);
    add(s, Dir::Outgoing, R"(2["hello","World"])");
    add(s, Dir::Incoming, R"(2/chat,["message",{"text":"hi"}])");
    add(s, Dir::Outgoing, R"(2/chat,1["ask"])");
    add(s, Dir::Incoming, R"(3/chat,1[])");
    add(s, Dir::Incoming, R"(51-["bin",{"_placeholder":true,"num":0}])");
    add(s, Dir::Incoming, "\x01\x02", true);
    add(s, Dir::Incoming, R"(399[])"); // unknown ack: a problem
    s.addPacket(s_t += 1000, Dir::Incoming, EngineIOPacket(EngineIOPacket::Ping), u"websocket"_s);
    model.flush();
    QCOMPARE(filter.rowCount(), 13);

    filter.setDirectionFilter(TrafficFilterProxy::DirectionFilter::Outgoing);
    QCOMPARE(filter.rowCount(), 4);
    filter.setDirectionFilter(TrafficFilterProxy::DirectionFilter::Both);

    filter.setNamespaceFilter(u"/chat"_s);
    QCOMPARE(filter.rowCount(), 5); // CONNECT, its answer, message, ask, its ack
    filter.setEventFilter(u"ASK"_s);
    QCOMPARE(filter.rowCount(), 2); // the request and its answer
    filter.clearFilters();

    filter.setKind(TrafficFilterProxy::Kind::Events);
    QCOMPARE(filter.rowCount(), 5); // hello, message, ask, bin and bin's attachment
    filter.setKind(TrafficFilterProxy::Kind::Acks);
    QCOMPARE(filter.rowCount(), 3);
    filter.setKind(TrafficFilterProxy::Kind::Binary);
    QCOMPARE(filter.rowCount(), 2);
    filter.setKind(TrafficFilterProxy::Kind::Problems);
    QCOMPARE(filter.rowCount(), 1);
    filter.setKind(TrafficFilterProxy::Kind::Heartbeat);
    QCOMPARE(filter.rowCount(), 1);
    filter.setKind(TrafficFilterProxy::Kind::Lifecycle);
    QCOMPARE(filter.rowCount(), 5);
    filter.setKind(TrafficFilterProxy::Kind::All);

    filter.setText(u"world"_s); // case-insensitive, in the raw frame
    QCOMPARE(filter.rowCount(), 1);
    filter.setText(u"message"_s); // the event name counts too
    QCOMPARE(filter.rowCount(), 1);
    filter.setText(QString());
    filter.setHideHeartbeats(true);
    QCOMPARE(filter.rowCount(), 12);
    QVERIFY(filter.isFiltering());
    filter.clearFilters();
    QVERIFY(!filter.isFiltering());
    QCOMPARE(filter.rowCount(), 13);

    // New rows are filtered as they arrive.
    filter.setEventFilter(u"hello"_s);
    add(s, Dir::Outgoing, R"(2["hello"])");
    add(s, Dir::Outgoing, R"(2["other"])");
    model.flush();
    QCOMPARE(filter.rowCount(), 2);
}

void tst_TrafficModel::ledgerAndLinterModels()
{
    CaptureSession s;
    AckLedgerModel acks(&s);
    LinterModel lint(&s);
    QAbstractItemModelTester tester(&lint, QAbstractItemModelTester::FailureReportingMode::QtTest);
    handshake(s);
    add(s, Dir::Outgoing, R"(21["a"])");
    add(s, Dir::Incoming, R"(31[])");
    add(s, Dir::Incoming, R"(31[])");
    const int unknown = add(s, Dir::Incoming, R"(377[])");
    QTRY_COMPARE(acks.rowCount(), 3);
    QCOMPARE(acks.index(0, AckLedgerModel::Status).data().toString(), u"answered"_s);
    QCOMPARE(acks.index(1, AckLedgerModel::Status).data().toString(), u"duplicate"_s);
    QCOMPARE(acks.index(2, AckLedgerModel::Status).data().toString(), u"unknown id"_s);
    QCOMPARE(acks.index(0, AckLedgerModel::Asker).data().toString(), u"client"_s);
    QVERIFY(acks.index(0, AckLedgerModel::Rtt).data().toString().endsWith(u"ms"_s));
    QTRY_COMPARE(lint.rowCount(), 2);
    QCOMPARE(lint.index(0, LinterModel::Rule).data().toString(), u"duplicate-ack"_s);
    QCOMPARE(lint.index(1, LinterModel::Rule).data().toString(), u"unknown-ack-id"_s);
    QVERIFY(!lint.index(1, 0).data(LinterModel::HintRole).toString().isEmpty());
    QCOMPARE(lint.rowCount(lint.index(1, 0)), 0); // one occurrence: nothing to unfold

    // The same finding again joins its group: one row with a count, a child per packet.
    const int again = add(s, Dir::Incoming, R"(377[])");
    QTRY_COMPARE(lint.index(1, LinterModel::Count).data().toInt(), 2);
    QCOMPARE(lint.rowCount(), 2);
    QCOMPARE(lint.findingCount(), 3);
    const QModelIndex group = lint.index(1, 0);
    QCOMPARE(lint.rowCount(group), 2);
    QCOMPARE(lint.index(0, LinterModel::Packet, group).data(LinterModel::RowRole).toInt(), unknown);
    QCOMPARE(lint.index(1, LinterModel::Packet, group).data(LinterModel::RowRole).toInt(), again);
    QCOMPARE(lint.index(1, LinterModel::Packet, group).data().toString(), u"#%1"_s.arg(again + 1));
    QCOMPARE(lint.index(1, LinterModel::Count).data(LinterModel::RowRole).toInt(), unknown); // the first
    s.clear();
    QCOMPARE(lint.rowCount(), 0);
}

void tst_TrafficModel::duplicateConnectFlagged()
{
    // What a server sees when a client joins twice: a second socket for the namespace.
    CaptureSession s;
    handshake(s); // CONNECT "/" and its answer
    const auto duplicates = [&s] {
        int n = 0;
        for (const LintFinding &f : s.linter().findings())
            n += f.rule == LintFinding::DuplicateConnect;
        return n;
    };
    QCOMPARE(duplicates(), 0);
    add(s, Dir::Outgoing, "0/admin,");
    QCOMPARE(duplicates(), 0);
    add(s, Dir::Outgoing, "0/admin,"); // still unanswered
    QCOMPARE(duplicates(), 1);
    add(s, Dir::Incoming, R"(0/admin,{"sid":"x"})");
    add(s, Dir::Outgoing, "0/admin,"); // connected
    QCOMPARE(duplicates(), 2);
    QVERIFY(s.linter().findings().constLast().message.contains(u"connected"_s));
    // Left, then joined again: fine.
    add(s, Dir::Outgoing, "1/admin,");
    add(s, Dir::Outgoing, "0/admin,");
    QCOMPARE(duplicates(), 2);
    QCOMPARE(LintFinding::ruleId(LintFinding::DuplicateConnect), u"duplicate-connect"_s);
}

void tst_TrafficModel::detailView()
{
    CaptureSession s;
    PacketDetailView view(&s);
    handshake(s);
    const int text = add(s, Dir::Outgoing, R"(51-2["upload",{"name":"a.bin","data":{"_placeholder":true,"num":0}}])");
    add(s, Dir::Outgoing, QByteArray("\x01\x02\x03", 3), true);
    add(s, Dir::Incoming, R"(32["stored"])");
    view.showPacket(text);
    QVERIFY(view.rawView()->toPlainText().contains(uR"(451-2["upload")"_s));
    QCOMPARE(view.binaryTabs()->count(), 1);
    // The placeholder is a link to the attachment's hex view.
    QTreeWidgetItem *placeholder = nullptr;
    QTreeWidgetItemIterator it(view.tree());
    for (; *it; ++it) {
        if ((*it)->text(1).contains(u"binary attachment #0"_s))
            placeholder = *it;
    }
    QVERIFY(placeholder);
    QCOMPARE(placeholder->text(0), u"data"_s);
    auto *hex = qobject_cast<QPlainTextEdit *>(view.binaryTabs()->widget(0));
    QVERIFY(hex && hex->toPlainText().startsWith(u"00000000  01 02 03"_s));
    // The ack pairing is shown and links to the answer.
    QList<QTreeWidgetItem *> acks = view.tree()->findItems(u"Ack id"_s, Qt::MatchExactly);
    QCOMPARE(acks.size(), 1);
    QVERIFY(acks.first()->text(1).contains(u"answered in"_s));
    QSignalSpy jump(&view, &PacketDetailView::jumpToRow);
    view.tree()->itemClicked(acks.first(), 1);
    QCOMPARE(jump.size(), 1);
    QCOMPARE(jump.first().first().toInt(), text + 2);

    // A finding shows with its hint.
    const int bad = add(s, Dir::Incoming, R"(399[])");
    view.showPacket(bad);
    QVERIFY(!view.tree()->findItems(u"⚠ unknown-ack-id"_s, Qt::MatchExactly).isEmpty());
}

void tst_TrafficModel::composerArguments()
{
    ComposerWidget::Draft d;
    d.argsJson = uR"([1, "two", {"three": {"$binary": "AQI="}}])"_s;
    d.binaries = {QByteArray("\xff", 1)};
    QVariantList args;
    QString error;
    QVERIFY2(ComposerWidget::buildArguments(d, &args, &error), qPrintable(error));
    QCOMPARE(args.size(), 4);
    QCOMPARE(args[0].toInt(), 1);
    QCOMPARE(args[1].toString(), u"two"_s);
    QCOMPARE(args[2].toMap().value(u"three"_s).toByteArray(), QByteArray("\x01\x02"));
    QCOMPARE(args[3].toByteArray(), QByteArray("\xff", 1));

    d.argsJson = u"{\"not\": \"an array\"}"_s;
    QVERIFY(!ComposerWidget::buildArguments(d, &args, &error));
    d.argsJson = QString();
    d.binaries.clear();
    QVERIFY(ComposerWidget::buildArguments(d, &args, &error));
    QVERIFY(args.isEmpty());
}

void tst_TrafficModel::jsonEditReportsPosition()
{
    JsonEdit edit(JsonEdit::Expect::Array);
    QSignalSpy errors(&edit, &JsonEdit::errorChanged);
    edit.setPlainText(u"[1,\n 2,,]"_s);
    QVERIFY(!edit.isValid());
    QVERIFY2(edit.errorString().startsWith(u"Line 2, column"_s), qPrintable(edit.errorString()));
    QCOMPARE(edit.extraSelections().size(), 1);
    edit.setPlainText(u"[1, 2]"_s);
    QVERIFY(edit.isValid());
    QVERIFY(edit.extraSelections().isEmpty());
    QCOMPARE(errors.size(), 2);
    edit.setPlainText(u"{\"a\": 1}"_s);
    QVERIFY(!edit.isValid()); // an object where an array is expected
    edit.setPlainText(QString());
    QVERIFY(edit.isValid());
}

void tst_TrafficModel::hundredThousandPackets()
{
    // A recording-sized capture: adding, showing, filtering and scrolling
    // must stay interactive.
    CaptureSession session;
    TrafficModel model(&session);
    TrafficFilterProxy filter;
    filter.setSession(&session);
    filter.setSourceModel(&model);
    QTreeView tree;
    tree.setUniformRowHeights(true);
    tree.setRootIsDecorated(false);
    tree.setModel(&filter);
    tree.resize(1000, 600);
    tree.show();

    QElapsedTimer clock;
    clock.start();
    handshake(session);
    for (int k = 0; k < 100000; ++k) {
        if (k % 10 == 0)
            add(session, Dir::Outgoing, "2" + QByteArray::number(k) + R"(["tick",{"n":)" + QByteArray::number(k) + "}]");
        else if (k % 10 == 1)
            add(session, Dir::Incoming, "3" + QByteArray::number(k - 1) + "[]");
        else
            add(session, Dir::Incoming, R"(2["update",{"price":)" + QByteArray::number(k) + "}]");
    }
    const qint64 captureMs = clock.restart();
    QTRY_COMPARE(model.rowCount(), 100005);
    QCoreApplication::processEvents();
    const qint64 insertMs = clock.restart();
    tree.scrollToBottom();
    QCoreApplication::processEvents();
    const qint64 scrollMs = clock.restart();
    filter.setEventFilter(u"tick"_s);
    QCOMPARE(filter.rowCount(), 20000); // 10,000 requests and their acks
    QCoreApplication::processEvents();
    const qint64 filterMs = clock.restart();
    filter.setEventFilter(QString());
    QCOMPARE(filter.rowCount(), 100005);
    tree.scrollToBottom();
    QCoreApplication::processEvents();
    const qint64 unfilterMs = clock.restart();
    filter.setText(u"price\":99999"_s);
    QCOMPARE(filter.rowCount(), 1);
    QCoreApplication::processEvents();
    const qint64 searchMs = clock.restart();
    qInfo("100k packets: capture %lld ms, insert+paint %lld ms, scroll %lld ms, event filter %lld ms, "
          "no filter %lld ms, text search %lld ms",
          captureMs, insertMs, scrollMs, filterMs, unfilterMs, searchMs);
    QCOMPARE(session.acks().count(), 10000);
    // Generous bounds for a loaded 2-core CI machine: each step well under a few seconds.
    QVERIFY2(insertMs < 3000, qPrintable(u"insert took %1 ms"_s.arg(insertMs)));
    QVERIFY2(filterMs < 3000, qPrintable(u"filter took %1 ms"_s.arg(filterMs)));
    QVERIFY2(unfilterMs < 3000, qPrintable(u"unfiltering took %1 ms"_s.arg(unfilterMs)));
    QVERIFY2(searchMs < 3000, qPrintable(u"search took %1 ms"_s.arg(searchMs)));
}

QTEST_MAIN(tst_TrafficModel)
#include "tst_trafficmodel.moc"
