// The inspector's window against the real Socket.IO server (tests/server):
// connect, emit with an ack from the composer, see the rows, the paired and
// timed ack and the filters; answer the server's ack requests by each policy;
// join namespaces with and without auth; save the capture and open it again;
// and render a screenshot, in process and through the command line.
#include "acksview.h"
#include "ackledgermodel.h"
#include "capturesession.h"
#include "composerwidget.h"
#include "connectionpanel.h"
#include "enginelane.h"
#include "engineview.h"
#include "filterbar.h"
#include "jsonedit.h"
#include "liveconnection.h"
#include "mainwindow.h"
#include "packetdetailview.h"
#include "captureproxy.h"
#include "proxypanel.h"
#include "recentconnections.h"
#include "recordingpanel.h"
#include "screenshotter.h"
#include "sessionview.h"
#include "testserver.h"
#include "trafficfilterproxy.h"
#include "trafficmodel.h"

#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qprocess.h>
#include <QtCore/qsettings.h>
#include <QtCore/qtemporarydir.h>
#include <QtGui/qimage.h>
#include <QtNetwork/qsslcertificate.h>
#include <QtNetwork/qsslconfiguration.h>
#include <QtTest/qsignalspy.h>
#include <QtTest/qtest.h>
#include <QtWidgets/qapplication.h>
#include <QtWidgets/qcheckbox.h>
#include <QtWidgets/qcombobox.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qabstractscrollarea.h>
#include <QtWidgets/qscrollarea.h>
#include <QtWidgets/qlistwidget.h>
#include <QtWidgets/qmessagebox.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qradiobutton.h>
#include <QtWidgets/qspinbox.h>
#include <QtWidgets/qtabwidget.h>
#include <QtWidgets/qtoolbutton.h>
#include <QtWidgets/qtreeview.h>
#include <QtWidgets/qtreewidget.h>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;
using Dir = SocketIO::Direction;

class tst_InspectorWidgets : public QObject
{
    Q_OBJECT

private:
    TestServer m_server;
    QTemporaryDir m_dir;
    QString m_recording; // written by saveAndOpen(), used by the screenshot tests

    SessionView *connectTo(MainWindow &window, const QString &path = {}, int protocol = 5)
    {
        ConnectionSettings settings;
        settings.url = m_server.url();
        settings.url.setPath(path);
        settings.protocol = protocol;
        SessionView *view = window.newConnection(settings, true);
        return view;
    }
    static bool joined(SessionView *view, const QString &nsp)
    {
        return view->connection()->namespaceStatus(nsp).state == LiveConnection::NamespaceState::Connected;
    }
    static int findRow(const CaptureSession *s, Dir d, int sioType, const QString &event, int from = 0)
    {
        for (int row = from; row < s->packetCount(); ++row) {
            const CapturedPacket &p = s->packet(row);
            if (p.direction == d && p.sioType == sioType && !p.isAttachment() && (event.isEmpty() || p.event == event))
                return row;
        }
        return -1;
    }
    // Clicks the button labelled `text` of the next modal message box, once it shows.
    static void answerNextDialog(const QString &text)
    {
        auto *timer = new QTimer(qApp);
        timer->setInterval(10);
        QObject::connect(timer, &QTimer::timeout, timer, [timer, text] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box)
                return;
            for (QAbstractButton *button : box->buttons()) {
                if (button->text().remove(u'&') == text) {
                    timer->deleteLater();
                    button->click();
                    return;
                }
            }
        });
        timer->start();
    }
    // Widgets a user cannot fully see at the window's size: outside the window, narrower than
    // their content needs (text cut off), or toolbar actions pushed into the overflow menu.
    // Content inside a scroll area's viewport may extend past it: that is what scrolling is for.
    static QStringList clippedWidgets(QWidget *window)
    {
        QStringList out;
        const auto scrolled = [window](QWidget *w) {
            for (QWidget *p = w->parentWidget(); p && p != window; p = p->parentWidget()) {
                auto *area = qobject_cast<QAbstractScrollArea *>(p->parentWidget());
                if (area && area->viewport() == p)
                    return true;
            }
            return false;
        };
        for (QWidget *w : window->findChildren<QWidget *>()) {
            if (w->isWindow() || !w->isVisibleTo(window) || scrolled(w))
                continue;
            const QString name = QString::fromLatin1(w->metaObject()->className()) + u' '
                    + (w->objectName().isEmpty() ? QString() : w->objectName() + u' ');
            if (w->objectName() == "qt_toolbar_ext_button"_L1) {
                out.append(name + u"(toolbar overflow)"_s);
                continue;
            }
            // A scroll area that never scrolls sideways must fit its content's width.
            if (auto *area = qobject_cast<QScrollArea *>(w); area && area->widget()
                && area->horizontalScrollBarPolicy() == Qt::ScrollBarAlwaysOff
                && area->widget()->minimumSizeHint().width() > area->viewport()->width()) {
                out.append(name + u"content cut: %1 < %2 px"_s.arg(area->viewport()->width())
                                          .arg(area->widget()->minimumSizeHint().width()));
            }
            const QRect r(w->mapTo(window, QPoint(0, 0)), w->size());
            if (!window->rect().contains(r))
                out.append(name + u"outside the window"_s);
            const bool hasText = qobject_cast<QAbstractButton *>(w) || qobject_cast<QComboBox *>(w)
                    || qobject_cast<QLabel *>(w);
            if (hasText && w->width() < w->minimumSizeHint().width())
                out.append(name + u"squeezed: %1 < %2 px"_s.arg(w->width()).arg(w->minimumSizeHint().width()));
        }
        return out;
    }
    static void compose(SessionView *view, const QString &event, const QString &args, bool ack)
    {
        ComposerWidget *c = view->composer();
        c->eventEdit()->setText(event);
        c->argumentsEdit()->setPlainText(args);
        c->ackCheck()->setChecked(ack);
    }

private Q_SLOTS:
    void initTestCase();
    void connectEmitAndAck();
    void filterBar();
    void binaryPacketDetail();
    void composerValidation();
    void serverAckRequests_data();
    void serverAckRequests();
    void manualServerAck();
    void namespacesAndAuth();
    void engineLane();
    void olderServerAutoProtocol();
    void generationMismatchShown();
    void proxyTab();
    void proxyTabTls();
    void msgpackLiveConnection();
    void recentConnections();
    void saveAndOpen();
    void saveAfterClear();
    void openAndSaveHar();
    void replay();
    void screenshotInProcess();
    void screenshotCommandLine();
    void fitsLaptopAndLargeScreens_data();
    void fitsLaptopAndLargeScreens();
};

void tst_InspectorWidgets::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // The proxy's certificate authority, too, goes to a throwaway folder.
    qputenv("XDG_CONFIG_HOME", m_dir.filePath(u"xdg"_s).toLocal8Bit());
    // Recent connections go to a throwaway settings file, not the user's.
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.path());
    QCoreApplication::setOrganizationName(u"SocketIOQt-tests"_s);
    QCoreApplication::setApplicationName(u"tst_inspectorwidgets"_s);
    if (!m_server.start())
        QSKIP(qPrintable(u"the test server does not start: "_s + m_server.errorString()));
}

void tst_InspectorWidgets::connectEmitAndAck()
{
    MainWindow window;
    window.show();
    SessionView *view = connectTo(window);
    QTRY_VERIFY_WITH_TIMEOUT(joined(view, u"/"_s), 10000);
    QCOMPARE(window.tabs()->tabText(window.tabs()->indexOf(view)), view->connection()->settings().title());

    compose(view, u"ack-me"_s, uR"([1, "two", {"three": 3}])"_s, true);
    QVERIFY(view->composer()->sendButton()->isEnabled());
    QVERIFY2(view->composer()->send(), qPrintable(view->composer()->lastError()));
    QCOMPARE(view->composer()->historyCount(), 1);

    CaptureSession *s = view->session();
    QTRY_VERIFY_WITH_TIMEOUT(findRow(s, Dir::Incoming, SocketIOPacket::Ack, u"ack-me"_s) >= 0, 10000);
    const int request = findRow(s, Dir::Outgoing, SocketIOPacket::Event, u"ack-me"_s);
    QVERIFY(request >= 0);
    const CapturedPacket &p = s->packet(request);
    QVERIFY(p.ackId >= 0);
    QVERIFY(p.ackEntry >= 0);
    const AckEntry &e = s->acks().entry(p.ackEntry);
    QCOMPARE(e.status, AckEntry::Answered);
    QVERIFY(e.rttMs() > 0);
    QVERIFY(e.rttMs() < 5000);

    // The rows appear in the table (after the batch), the ack in the ledger.
    QTRY_VERIFY(view->trafficModel()->rowCount() == s->packetCount());
    QTRY_COMPARE(view->acksView()->model()->rowCount(), 1);
    QCOMPARE(view->acksView()->model()->index(0, AckLedgerModel::Status).data().toString(), u"answered"_s);
    QVERIFY(view->acksView()->model()->index(0, AckLedgerModel::Rtt).data().toString().contains(u"ms"_s));
    const QString info = view->trafficModel()->index(request, TrafficModel::Info).data().toString();
    QVERIFY2(info.startsWith(u"↩ acked in"_s), qPrintable(info));

    // Selecting the row shows it below.
    view->selectPacket(request);
    QCOMPARE(view->detailView()->currentRow(), request);
    QVERIFY(view->detailView()->rawView()->toPlainText().contains(u"ack-me"_s));
    QVERIFY(!view->detailView()->tree()->findItems(u"Arguments"_s, Qt::MatchExactly).isEmpty());

    // The history sends it again.
    QVERIFY(view->composer()->resend(0));
    QTRY_COMPARE_WITH_TIMEOUT(s->acks().count(), 2, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(s->acks().entry(1).status, AckEntry::Answered, 5000);
    QVERIFY(s->linter().findings().isEmpty());
}

void tst_InspectorWidgets::filterBar()
{
    MainWindow window;
    window.show();
    SessionView *view = connectTo(window);
    QTRY_VERIFY_WITH_TIMEOUT(joined(view, u"/"_s), 10000);
    for (const QString &event : {u"echo"_s, u"ack-me"_s, u"echo"_s}) {
        compose(view, event, u"[\"x\"]"_s, true);
        QVERIFY(view->composer()->send());
    }
    CaptureSession *s = view->session();
    QTRY_COMPARE_WITH_TIMEOUT(s->acks().count(), 3, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(s->acks().pendingCount() == 0, 10000);
    view->flush();
    const int all = view->filterProxy()->rowCount();
    QCOMPARE(all, s->packetCount());

    FilterBar *bar = view->filterBar();
    bar->eventCombo()->setCurrentText(u"echo"_s);
    QCOMPARE(view->filterProxy()->rowCount(), 4); // two requests, two acks
    for (int r = 0; r < view->filterProxy()->rowCount(); ++r)
        QCOMPARE(view->filterProxy()->index(r, TrafficModel::Event).data().toString(), u"echo"_s);
    bar->directionCombo()->setCurrentIndex(2); // outgoing
    QCOMPARE(view->filterProxy()->rowCount(), 2);
    bar->eventCombo()->setCurrentText(QString());
    bar->directionCombo()->setCurrentIndex(0);
    bar->kindCombo()->setCurrentIndex(bar->kindCombo()->findText(u"Acks"_s));
    QCOMPARE(view->filterProxy()->rowCount(), 6);
    bar->kindCombo()->setCurrentIndex(0);
    bar->textEdit()->setText(u"ACK-ME"_s);
    QTRY_COMPARE(view->filterProxy()->rowCount(), 2); // the request (by its frame) and its ack (by name)
    // Frames as the raw view shows them, with the Engine.IO type digit in front: 4 (message),
    // then the Socket.IO type and the ack id.
    bar->textEdit()->setText(u"421[\"ACK-ME"_s);
    QTRY_COMPARE(view->filterProxy()->rowCount(), 1);
    bar->textEdit()->setText(u"431["_s); // its answer
    QTRY_COMPARE(view->filterProxy()->rowCount(), 1);
    bar->textEdit()->setText(u"441["_s); // no such frame
    QTRY_COMPARE(view->filterProxy()->rowCount(), 0);
    bar->textEdit()->clear();
    QTRY_COMPARE(view->filterProxy()->rowCount(), all);

    // Pause holds new rows back; resume shows them.
    bar->pauseButton()->setChecked(true);
    compose(view, u"echo"_s, u"[1]"_s, true);
    QVERIFY(view->composer()->send());
    QTRY_COMPARE_WITH_TIMEOUT(s->acks().count(), 4, 5000);
    QTest::qWait(200);
    QCOMPARE(view->trafficModel()->rowCount(), all);
    QVERIFY(view->trafficModel()->heldBack() >= 2);
    bar->pauseButton()->setChecked(false);
    QCOMPARE(view->trafficModel()->rowCount(), s->packetCount());

    // Clear asks first while the capture is not saved: Cancel keeps it.
    QVERIFY(view->hasUnsavedPackets());
    answerNextDialog(u"Cancel"_s);
    QVERIFY(!view->clearCapture());
    QCOMPARE(view->trafficModel()->rowCount(), s->packetCount());
    QVERIFY(s->packetCount() > 0);
    // Once saved, it clears without asking (no dialog is answered here: one would block).
    QString error;
    QVERIFY2(view->saveRecording(m_dir.filePath(u"before-clear.jsonl"_s), &error), qPrintable(error));
    QVERIFY(!view->hasUnsavedPackets());
    QVERIFY(view->clearCapture());
    // Clear forgets everything; the connection goes on.
    QCOMPARE(view->trafficModel()->rowCount(), 0);
    QCOMPARE(s->acks().count(), 0);
    compose(view, u"echo"_s, u"[2]"_s, true);
    QVERIFY(view->composer()->send());
    QTRY_COMPARE_WITH_TIMEOUT(s->acks().count(), 1, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(s->acks().entry(0).status, AckEntry::Answered, 5000);
    // New packets are unsaved again: Clear asks, and goes ahead when told to.
    QVERIFY(view->hasUnsavedPackets());
    answerNextDialog(u"Clear"_s);
    QVERIFY(view->clearCapture());
    QCOMPARE(s->packetCount(), 0);
}

void tst_InspectorWidgets::binaryPacketDetail()
{
    MainWindow window;
    window.show();
    SessionView *view = connectTo(window);
    QTRY_VERIFY_WITH_TIMEOUT(joined(view, u"/"_s), 10000);
    view->composer()->addBinary(QByteArray("\x0a\x0b\x0c", 3), u"test"_s);
    compose(view, u"binary"_s, QString(), true);
    QVERIFY(view->composer()->send());
    CaptureSession *s = view->session();
    // The server answers with a BINARY_EVENT "binary" and a BINARY_ACK, each with 4 attachments.
    QTRY_VERIFY_WITH_TIMEOUT(findRow(s, Dir::Incoming, SocketIOPacket::BinaryAck, {}) >= 0
                                     && !(s->packet(findRow(s, Dir::Incoming, SocketIOPacket::BinaryAck, {})).flags
                                          & CapturedPacket::Incomplete), 10000);
    const int event = findRow(s, Dir::Incoming, SocketIOPacket::BinaryEvent, u"binary"_s);
    QVERIFY(event >= 0);
    QCOMPARE(s->packet(event).attachments, 4);
    QCOMPARE(s->frameRows(event).size(), 5);
    const int request = findRow(s, Dir::Outgoing, SocketIOPacket::BinaryEvent, u"binary"_s);
    QVERIFY(request >= 0);
    QCOMPARE(s->acks().entry(s->packet(request).ackEntry).status, AckEntry::Answered);
    QVERIFY(s->linter().findings().isEmpty());

    view->selectPacket(event);
    PacketDetailView *detail = view->detailView();
    QCOMPARE(detail->binaryTabs()->count(), 4);
    int placeholders = 0;
    QTreeWidgetItem *first = nullptr;
    for (QTreeWidgetItemIterator it(detail->tree()); *it; ++it) {
        if ((*it)->data(1, Qt::UserRole + 10).isValid()) { // JsonTreeBuilder::AttachmentRole
            ++placeholders;
            if ((*it)->data(1, Qt::UserRole + 10).toInt() == 3)
                first = *it;
        }
    }
    QCOMPARE(placeholders, 4);
    QVERIFY(first);
    detail->tree()->itemClicked(first, 1);
    QCOMPARE(detail->binaryTabs()->currentIndex(), 3);
    auto *hex = qobject_cast<QPlainTextEdit *>(detail->binaryTabs()->currentWidget());
    QVERIFY(hex->toPlainText().startsWith(u"00000000  07 08 09"_s)); // Buffer.from([7, 8, 9])

    // Selecting an attachment row shows the same packet, that attachment in front.
    view->selectPacket(s->frameRows(event).at(2));
    QCOMPARE(detail->binaryTabs()->currentIndex(), 1);
}

void tst_InspectorWidgets::composerValidation()
{
    MainWindow window;
    window.show();
    SessionView *view = connectTo(window);
    ComposerWidget *c = view->composer();
    c->eventEdit()->setText(u"echo"_s);
    c->argumentsEdit()->setPlainText(u"[1, 2,"_s);
    QVERIFY(!c->sendButton()->isEnabled());
    QVERIFY(!c->errorLabel()->isHidden());
    QVERIFY2(c->errorLabel()->text().startsWith(u"Line 1, column"_s), qPrintable(c->errorLabel()->text()));
    QVERIFY(!c->send());
    c->argumentsEdit()->setPlainText(u"[1, 2]"_s);
    QVERIFY(c->sendButton()->isEnabled());
    QVERIFY(c->errorLabel()->isHidden());
    c->eventEdit()->clear();
    QVERIFY(!c->sendButton()->isEnabled());
    // Reserved names are refused with a reason.
    c->eventEdit()->setText(u"disconnect"_s);
    QVERIFY(!c->send());
    QVERIFY(c->lastError().contains(u"reserved"_s));
}

void tst_InspectorWidgets::serverAckRequests_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<bool>("echo");
    QTest::addColumn<QString>("payload");
    QTest::addColumn<QVariantList>("expected");
    QTest::addColumn<int>("minRttMs");

    QTest::newRow("at once, echo") << int(LiveConnection::ReplyMode::Immediately) << true << QString()
                                   << QVariantList{5, u"x"_s} << 0;
    QTest::newRow("at once, payload") << int(LiveConnection::ReplyMode::Immediately) << false
                                      << u"[\"ok\", 200]"_s << QVariantList{u"ok"_s, 200} << 0;
    QTest::newRow("after 300 ms") << int(LiveConnection::ReplyMode::AfterDelay) << false << u"[true]"_s
                                  << QVariantList{true} << 290;
}

void tst_InspectorWidgets::serverAckRequests()
{
    QFETCH(int, mode);
    QFETCH(bool, echo);
    QFETCH(QString, payload);
    QFETCH(QVariantList, expected);
    QFETCH(int, minRttMs);

    MainWindow window;
    window.show();
    SessionView *view = connectTo(window);
    QTRY_VERIFY_WITH_TIMEOUT(joined(view, u"/"_s), 10000);
    ComposerWidget *c = view->composer();
    c->replyModeCombo()->setCurrentIndex(c->replyModeCombo()->findData(mode));
    c->replyDelaySpin()->setValue(300);
    if (echo) {
        c->replyEchoButton()->setChecked(true);
    } else {
        c->replyWithButton()->setChecked(true);
        c->replyPayloadEdit()->setPlainText(payload);
    }
    // "ask" makes the server emit "q" with an ack; it reports the answer as "answer".
    QVariantList answer;
    Namespace *ns = view->connection()->io()->socket(u"/"_s);
    ns->on(u"answer"_s, [&answer](const QVariantList &args) { answer = args; });
    compose(view, u"ask"_s, uR"([{"event": "q", "args": [5, "x"]}])"_s, false);
    QVERIFY(c->send());
    QTRY_VERIFY_WITH_TIMEOUT(!answer.isEmpty(), 10000);
    QCOMPARE(answer.first().toList(), expected);

    CaptureSession *s = view->session();
    QCOMPARE(s->acks().count(), 1);
    const AckEntry &e = s->acks().entry(0);
    QCOMPARE(e.requestDirection, Dir::Incoming);
    QCOMPARE(e.event, u"q"_s);
    QCOMPARE(e.status, AckEntry::Answered);
    QVERIFY2(e.rttMs() >= minRttMs, qPrintable(QString::number(e.rttMs())));
}

void tst_InspectorWidgets::manualServerAck()
{
    MainWindow window;
    window.show();
    ConnectionSettings settings;
    settings.url = m_server.url();
    settings.ackTimeoutMs = 400; // the ledger gives up on requests after 400 ms
    SessionView *view = window.newConnection(settings, true);
    QTRY_VERIFY_WITH_TIMEOUT(joined(view, u"/"_s), 10000);
    ComposerWidget *c = view->composer();

    // Never: the request stays unanswered and times out in the ledger.
    c->replyModeCombo()->setCurrentIndex(c->replyModeCombo()->findData(int(LiveConnection::ReplyMode::Never)));
    compose(view, u"ask"_s, uR"([{"event": "never", "args": [1]}])"_s, false);
    QVERIFY(c->send());
    CaptureSession *s = view->session();
    QTRY_COMPARE_WITH_TIMEOUT(s->acks().count(), 1, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(s->acks().entry(0).status, AckEntry::TimedOut, 5000);

    // By hand: it waits in the list until answered.
    c->replyModeCombo()->setCurrentIndex(c->replyModeCombo()->findData(int(LiveConnection::ReplyMode::Manual)));
    compose(view, u"ask"_s, uR"([{"event": "manual", "args": [2]}])"_s, false);
    QVERIFY(c->send());
    QTRY_COMPARE_WITH_TIMEOUT(c->pendingRequestsList()->count(), 1, 5000);
    QCOMPARE(s->acks().entry(1).status, AckEntry::Pending);
    c->replyWithButton()->setChecked(true);
    c->replyPayloadEdit()->setPlainText(u"[\"by hand\"]"_s);
    const auto buttons = c->findChildren<QPushButton *>();
    QPushButton *answer = *std::find_if(buttons.begin(), buttons.end(),
                                        [](QPushButton *b) { return b->text() == "Answer"_L1; });
    answer->click();
    QCOMPARE(c->pendingRequestsList()->count(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(s->acks().entry(1).status, AckEntry::Answered, 5000);
}

void tst_InspectorWidgets::namespacesAndAuth()
{
    MainWindow window;
    window.show();
    ConnectionSettings settings;
    settings.url = m_server.url();
    settings.namespaces = {{u"/chat"_s, QString()}, {u"/admin"_s, uR"({"token": "secret"})"_s}};
    SessionView *view = window.newConnection(settings, true);
    QTRY_VERIFY_WITH_TIMEOUT(joined(view, u"/"_s) && joined(view, u"/chat"_s) && joined(view, u"/admin"_s), 10000);

    // A second connection in its own tab, refused by /admin without the token.
    ConnectionSettings refused;
    refused.url = m_server.url();
    refused.url.setPath(u"/admin"_s);
    SessionView *other = window.newConnection(refused, true);
    QCOMPARE(window.sessionCount(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(other->connection()->namespaceStatus(u"/admin"_s).state,
                              LiveConnection::NamespaceState::Refused, 10000);
    QVERIFY(other->connection()->namespaceStatus(u"/admin"_s).detail.contains(u"not authorized"_s));
    QVERIFY(other->connection()->namespaceStatus(u"/admin"_s).detail.contains(u"bad token"_s));
    // The panel shows each namespace's state.
    QTreeWidget *list = other->connectionPanel()->namespaceList();
    QTRY_COMPARE(list->topLevelItemCount(), 1);
    QCOMPARE(list->topLevelItem(0)->text(1), u"refused"_s);
    // The refusal is on the engine lane too.
    bool refusedOnLane = false;
    for (const EngineEvent &e : other->session()->timeline().events())
        refusedOnLane = refusedOnLane || (e.kind == EngineEvent::NamespaceRefused && e.nsp == "/admin"_L1);
    QVERIFY(refusedOnLane);

    // Joining later from the panel, with auth.
    QTRY_COMPARE(view->connectionPanel()->namespaceList()->topLevelItemCount(), 3);
    view->connection()->joinNamespace(u"/slow"_s);
    QTRY_VERIFY_WITH_TIMEOUT(joined(view, u"/slow"_s), 10000);
    // One CONNECT per join: nothing for the linter's duplicate-connect rule.
    int connects = 0;
    for (int row = 0; row < view->session()->packetCount(); ++row) {
        const CapturedPacket &p = view->session()->packet(row);
        connects += p.direction == Dir::Outgoing && p.sioType == SocketIOPacket::Connect && p.nsp == "/slow"_L1;
    }
    QCOMPARE(connects, 1);
    for (const LintFinding &f : view->session()->linter().findings())
        QVERIFY2(f.rule != LintFinding::DuplicateConnect, qPrintable(f.message));
}

void tst_InspectorWidgets::engineLane()
{
    TestServer fast({u"--ping-interval"_s, u"200"_s, u"--ping-timeout"_s, u"400"_s});
    QVERIFY2(fast.start(), qPrintable(fast.errorString()));
    MainWindow window;
    window.show();
    ConnectionSettings settings;
    settings.url = fast.url();
    SessionView *view = window.newConnection(settings, true);
    CaptureSession *s = view->session();
    const auto count = [s](EngineEvent::Kind kind) {
        int n = 0;
        for (const EngineEvent &e : s->timeline().events())
            n += e.kind == kind;
        return n;
    };
    QTRY_VERIFY_WITH_TIMEOUT(count(EngineEvent::Pong) >= 3, 10000);
    QCOMPARE(count(EngineEvent::Open), 1);
    QCOMPARE(s->timeline().streamInfo(0).pingInterval, 200);
    QCOMPARE(s->timeline().streamInfo(0).eioVersion, 4);
    QVERIFY(count(EngineEvent::NamespaceConnected) >= 1);
    for (const LintFinding &f : s->linter().findings())
        QVERIFY2(f.rule != LintFinding::LateHeartbeat, qPrintable(f.message));

    // The server closes the engine: a close and a reconnection appear on the lane.
    compose(view, u"close-engine"_s, QString(), false);
    QVERIFY(view->composer()->send());
    QTRY_VERIFY_WITH_TIMEOUT(count(EngineEvent::Open) >= 2, 15000);
    QVERIFY(count(EngineEvent::Close) >= 1);
    QVERIFY(count(EngineEvent::ReconnectAttempt) >= 1);

    view->showPane(SessionView::Pane::Engine);
    QTRY_VERIFY(view->engineView()->eventList()->topLevelItemCount() >= s->timeline().count() - 5);
    const QImage lane = view->engineView()->lane()->grab().toImage();
    QVERIFY(!lane.isNull());
}

void tst_InspectorWidgets::olderServerAutoProtocol()
{
    // socket.io 2.x: Engine.IO 3 and revision 4, found by the Auto protocol.
    TestServer old({u"--version"_s, u"2"_s});
    QVERIFY2(old.start(), qPrintable(old.errorString()));
    MainWindow window;
    window.show();
    ConnectionSettings settings;
    settings.url = old.url();
    settings.protocol = 0; // auto
    SessionView *view = window.newConnection(settings, true);
    QTRY_VERIFY_WITH_TIMEOUT(joined(view, u"/"_s) || view->connection()->io()->error() != SocketIO::NoError, 10000);
    if (!joined(view, u"/"_s))
        QSKIP(qPrintable(u"the library does not reach socket.io 2 yet: "_s + view->connection()->io()->errorString()));
    CaptureSession *s = view->session();
    QCOMPARE(s->timeline().streamInfo(0).eioVersion, 3);
    QCOMPARE(s->revision(0), 4);
    compose(view, u"ack-me"_s, u"[\"old\"]"_s, true);
    QVERIFY(view->composer()->send());
    QTRY_COMPARE_WITH_TIMEOUT(s->acks().count(), 1, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(s->acks().entry(0).status, AckEntry::Answered, 5000);
    for (const LintFinding &f : s->linter().findings())
        QVERIFY2(f.rule != LintFinding::GenerationMismatch, qPrintable(f.message));
}

void tst_InspectorWidgets::generationMismatchShown()
{
    // Revision 5 against socket.io 2.x: the handshake shows the other generation.
    TestServer old({u"--version"_s, u"2"_s});
    QVERIFY2(old.start(), qPrintable(old.errorString()));
    MainWindow window;
    window.show();
    ConnectionSettings settings;
    settings.url = old.url();
    settings.protocol = 5;
    settings.transports = {u"websocket"_s}; // one frame per packet: readable in either generation
    settings.reconnection = false;
    SessionView *view = window.newConnection(settings, true);
    CaptureSession *s = view->session();
    QTRY_VERIFY_WITH_TIMEOUT(s->packetCount() > 0 || view->connection()->io()->state() == SocketIO::Disconnected, 10000);
    QTest::qWait(300);
    if (s->timeline().streamInfo(0).eioVersion == 0)
        QSKIP("the server sent no handshake to a revision 5 client");
    bool mismatch = false;
    for (const LintFinding &f : s->linter().findings())
        mismatch = mismatch || f.rule == LintFinding::GenerationMismatch;
    QVERIFY(mismatch);
}

void tst_InspectorWidgets::proxyTab()
{
    MainWindow window;
    window.show();
    SessionView *view = window.newProxy(m_server.url(), true);
    QVERIFY(view->proxy()->isListening());
    QVERIFY(view->proxy()->serverAddress().isLoopback());
    QCOMPARE(window.tabs()->tabText(window.tabs()->indexOf(view)), u"Proxy :%1"_s.arg(view->proxy()->serverPort()));

    // Another application (here a SocketIO) connects through it.
    QUrl url(u"http://127.0.0.1/"_s);
    url.setPort(view->proxy()->serverPort());
    SocketIO client(url);
    QVariantList answer;
    client.socket()->open();
    QTRY_VERIFY_WITH_TIMEOUT(client.socket()->isConnected(), 10000);
    client.socket()->emitEvent(u"ack-me"_s, {u"through the proxy"_s}, [&](const QVariantList &a) { answer = a; });
    QTRY_VERIFY_WITH_TIMEOUT(!answer.isEmpty(), 10000);
    CaptureSession *s = view->session();
    QTRY_COMPARE_WITH_TIMEOUT(s->acks().count(), 1, 5000);
    QCOMPARE(s->acks().entry(0).status, AckEntry::Answered);
    QTRY_COMPARE(view->trafficModel()->rowCount(), s->packetCount());
    const int request = findRow(s, Dir::Outgoing, SocketIOPacket::Event, u"ack-me"_s);
    QVERIFY(request >= 0);
    view->selectPacket(request);
    QVERIFY(view->detailView()->rawView()->toPlainText().contains(u"through the proxy"_s));

    // A second client: the Conn column tells the two apart.
    QVERIFY(!view->trafficView()->isColumnHidden(TrafficModel::Connection));
    SocketIO second(url);
    second.socket()->open();
    QTRY_VERIFY_WITH_TIMEOUT(second.socket()->isConnected(), 10000);
    QTRY_COMPARE(view->trafficModel()->rowCount(), s->packetCount());
    QSet<int> connections;
    for (int row = 0; row < view->trafficModel()->rowCount(); ++row)
        connections.insert(view->trafficModel()->index(row, TrafficModel::Connection).data().toInt());
    QCOMPARE(connections.size(), 2);
    QVERIFY(view->trafficModel()
                    ->index(0, TrafficModel::Connection)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .startsWith(u"Connection "_s));
    second.close();
    client.close();
    view->proxyPanel()->stop();
    QVERIFY(!view->proxy()->isListening());
}

void tst_InspectorWidgets::proxyTabTls()
{
    // A TLS client through the proxy tab, to a server behind TLS that the panel's "Server CA"
    // lets the proxy verify; the client trusts the CA certificate exported from the panel.
    TestServer tls({u"--tls-cert"_s, TestServer::tlsCertificatePath(), u"--tls-key"_s, TestServer::tlsKeyPath()});
    QVERIFY2(tls.start(), qPrintable(tls.errorString()));
    MainWindow window;
    window.show();
    SessionView *view = window.newProxy(tls.url(u"https"_s), false);
    ProxyPanel *panel = view->proxyPanel();
    panel->serverCaEdit()->setText(m_dir.filePath(u"missing.pem"_s));
    QVERIFY(!panel->start());
    QVERIFY2(panel->statusLabel()->text().contains(u"no PEM certificate"_s), qPrintable(panel->statusLabel()->text()));
    panel->serverCaEdit()->setText(TestServer::tlsCertificatePath());
    QVERIFY(panel->start());
    const QString port = QString::number(view->proxy()->serverPort());
    QVERIFY2(panel->statusLabel()->text().contains(u"https://localhost:"_s + port), qPrintable(panel->statusLabel()->text()));
    const QString caPath = m_dir.filePath(u"proxy-ca.pem"_s);
    QVERIFY(panel->exportCaCertificate(caPath));

    QSslConfiguration conf = QSslConfiguration::defaultConfiguration();
    conf.setCaCertificates(QSslCertificate::fromPath(caPath));
    SocketIO client(QUrl(u"https://localhost:"_s + port));
    client.setSslConfiguration(conf);
    QVariantList answer;
    client.socket()->open();
    QTRY_VERIFY2_WITH_TIMEOUT(client.socket()->isConnected(), qPrintable(client.errorString()), 15000);
    client.socket()->emitEvent(u"ack-me"_s, {u"through TLS"_s}, [&](const QVariantList &a) { answer = a; });
    QTRY_VERIFY_WITH_TIMEOUT(!answer.isEmpty(), 10000);
    CaptureSession *s = view->session();
    QTRY_COMPARE_WITH_TIMEOUT(s->acks().count(), 1, 5000);
    QTRY_COMPARE(view->trafficModel()->rowCount(), s->packetCount());
    view->selectPacket(findRow(s, Dir::Outgoing, SocketIOPacket::Event, u"ack-me"_s));
    QVERIFY(view->detailView()->rawView()->toPlainText().contains(u"through TLS"_s));
    client.close();
    panel->stop();
}

void tst_InspectorWidgets::msgpackLiveConnection()
{
    // A server with socket.io-msgpack-parser: the panel's parser choice connects to it, the
    // capture is told msgpack, and an acked emit round-trips; the choice is remembered.
    TestServer msgpack({u"--parser"_s, u"msgpack"_s});
    QVERIFY2(msgpack.start(), qPrintable(msgpack.errorString()));
    MainWindow window;
    window.show();
    ConnectionSettings settings;
    settings.url = msgpack.url();
    settings.parser = u"msgpack"_s;
    SessionView *view = window.newConnection(settings, true);
    QTRY_VERIFY_WITH_TIMEOUT(joined(view, u"/"_s), 10000);
    QCOMPARE(view->connectionPanel()->parserCombo()->currentData().toString(), u"msgpack"_s);
    compose(view, u"ack-me"_s, uR"([1, "two"])"_s, true);
    QVERIFY2(view->composer()->send(), qPrintable(view->composer()->lastError()));
    CaptureSession *s = view->session();
    QTRY_COMPARE_WITH_TIMEOUT(s->acks().count(), 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(s->acks().entry(0).status, AckEntry::Answered, 10000);
    QCOMPARE(s->parser(0), u"msgpack"_s);
    QCOMPARE(ConnectionSettings::fromVariant(settings.toVariant()).parser, u"msgpack"_s);
    // An unknown name is refused with the connection's error, not taken as JSON.
    settings.parser = u"yaml"_s;
    SocketIO io;
    QString error;
    QVERIFY(!settings.apply(&io, &error));
    QVERIFY2(error.contains(u"unknown parser"_s), qPrintable(error));
}

void tst_InspectorWidgets::recentConnections()
{
    RecentConnections::clear();
    MainWindow window;
    ConnectionSettings settings;
    settings.url = m_server.url();
    settings.url.setPath(u"/chat"_s);
    settings.query = u"a=1"_s;
    SessionView *view = window.newConnection(settings, true);
    QTRY_VERIFY_WITH_TIMEOUT(joined(view, u"/chat"_s), 10000);
    const QList<ConnectionSettings> recent = RecentConnections::load();
    QCOMPARE(recent.size(), 1);
    QCOMPARE(recent.first().url, settings.url);
    QCOMPARE(recent.first().query, u"a=1"_s);
    // A new tab offers it.
    SessionView *next = window.newConnection();
    QCOMPARE(next->connectionPanel()->urlCombo()->itemText(0), settings.url.toString());
}

void tst_InspectorWidgets::saveAndOpen()
{
    MainWindow window;
    window.show();
    SessionView *view = connectTo(window);
    QTRY_VERIFY_WITH_TIMEOUT(joined(view, u"/"_s), 10000);
    compose(view, u"ack-me"_s, uR"([{"user": "ada", "tags": ["a", "b"]}, 42])"_s, true);
    QVERIFY(view->composer()->send());
    compose(view, u"binary"_s, QString(), false);
    QVERIFY(view->composer()->send());
    compose(view, u"types"_s, QString(), false);
    QVERIFY(view->composer()->send());
    view->composer()->addBinary(QByteArray("\x01\x02\x03\x04", 4), u"test"_s);
    compose(view, u"echo"_s, u"[\"with binary\"]"_s, true);
    QVERIFY(view->composer()->send());
    CaptureSession *s = view->session();
    QTRY_VERIFY_WITH_TIMEOUT(s->acks().count() == 2 && s->acks().pendingCount() == 0
                                     && findRow(s, Dir::Incoming, SocketIOPacket::Event, u"types"_s) >= 0, 10000);
    QTest::qWait(100);

    m_recording = m_dir.filePath(u"session.jsonl"_s);
    QString error;
    QVERIFY2(view->saveRecording(m_recording, &error), qPrintable(error));

    SessionView *opened = window.openRecording(m_recording, &error);
    QVERIFY2(opened, qPrintable(error));
    QCOMPARE(window.sessionCount(), 2);
    QCOMPARE(window.currentSession(), opened);
    QCOMPARE(opened->kind(), SessionView::Kind::Recording);
    QCOMPARE(opened->session()->packetCount(), s->packetCount());
    QCOMPARE(opened->trafficModel()->rowCount(), s->packetCount());
    QCOMPARE(opened->session()->acks().count(), 2);
    for (int k = 0; k < 2; ++k) {
        QCOMPARE(opened->session()->acks().entry(k).status, AckEntry::Answered);
        QVERIFY(qAbs(opened->session()->acks().entry(k).rttMs() - s->acks().entry(k).rttMs()) < 0.01);
    }
    QCOMPARE(opened->recordingInfo().url, m_server.url());
    QVERIFY(opened->recordingPanel());
    QVERIFY(opened->recordingPanel()->replayButton()->isEnabled());
    QVERIFY(!opened->composer()); // nothing to send on a recording
    QCOMPARE(window.tabs()->tabText(window.tabs()->indexOf(opened)), u"session.jsonl"_s);

    // A file that is not a recording is refused with a reason.
    const QString junk = m_dir.filePath(u"junk.txt"_s);
    QFile f(junk);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("not json\n");
    f.close();
    QVERIFY(!window.openRecording(junk, &error));
    QVERIFY(error.contains(u"not a recording"_s));
}

void tst_InspectorWidgets::saveAfterClear()
{
    // Clear drops the capture so far (the open packet and the CONNECT among it); what is
    // captured afterwards saves to a file that opens again, and so does an empty capture.
    MainWindow window;
    window.show();
    SessionView *view = connectTo(window, {}, 0); // the protocol detected, as by default
    QTRY_VERIFY_WITH_TIMEOUT(joined(view, u"/"_s), 10000);
    QVERIFY(view->trafficView()->isColumnHidden(TrafficModel::Connection)); // one connection only
    CaptureSession *s = view->session();
    s->clear();
    QCOMPARE(s->packetCount(), 0);
    QString error;
    const QString empty = m_dir.filePath(u"cleared-empty.jsonl"_s);
    QVERIFY2(view->saveRecording(empty, &error), qPrintable(error));
    SessionView *openedEmpty = window.openRecording(empty, &error);
    QVERIFY2(openedEmpty, qPrintable(error));
    QCOMPARE(openedEmpty->session()->packetCount(), 0);

    compose(view, u"ack-me"_s, u"[1]"_s, true);
    QVERIFY(view->composer()->send());
    QTRY_VERIFY_WITH_TIMEOUT(s->acks().count() == 1 && s->acks().pendingCount() == 0, 10000);
    const QString path = m_dir.filePath(u"cleared.jsonl"_s);
    QVERIFY2(view->saveRecording(path, &error), qPrintable(error));
    SessionView *opened = window.openRecording(path, &error);
    QVERIFY2(opened, qPrintable(error));
    QCOMPARE(opened->session()->packetCount(), s->packetCount());
    QCOMPARE(opened->session()->acks().count(), 1);
    QCOMPARE(opened->session()->acks().entry(0).status, AckEntry::Answered);
    const int row = findRow(opened->session(), Dir::Outgoing, SocketIOPacket::Event, u"ack-me"_s);
    QVERIFY(row >= 0);
    QVERIFY(!(opened->session()->packet(row).flags & CapturedPacket::DecodeError));
}

void tst_InspectorWidgets::openAndSaveHar()
{
    // A browser's HAR file opens as a recording tab, decoded; saving as .har writes HAR again.
    MainWindow window;
    window.show();
    QString error;
    SessionView *view = window.openRecording(
            QStringLiteral(SOCKETIOQT_SOURCE_DIR "/tests/inspector/har/chromium-session.har"), &error);
    QVERIFY2(view, qPrintable(error));
    QCOMPARE(view->kind(), SessionView::Kind::Recording);
    QCOMPARE(view->session()->acks().count(), 5);
    QCOMPARE(view->trafficModel()->rowCount(), view->session()->packetCount());
    const QString path = m_dir.filePath(u"export.har"_s);
    QVERIFY2(view->saveRecording(path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(QJsonDocument::fromJson(file.readAll()).object().value(u"log"_s).toObject().contains(u"entries"_s));
    SessionView *again = window.openRecording(path, &error);
    QVERIFY2(again, qPrintable(error));
    QCOMPARE(again->session()->packetCount(), view->session()->packetCount());
}

void tst_InspectorWidgets::replay()
{
    if (m_recording.isEmpty())
        QSKIP("needs saveAndOpen()");
    MainWindow window;
    window.show();
    QString error;
    SessionView *opened = window.openRecording(m_recording, &error);
    QVERIFY2(opened, qPrintable(error));
    opened->recordingPanel()->replayButton()->click();
    QCOMPARE(window.sessionCount(), 2);
    SessionView *live = window.currentSession();
    QCOMPARE(live->kind(), SessionView::Kind::Live);
    CaptureSession *s = live->session();
    // Four emits: two with an ack.
    QTRY_VERIFY_WITH_TIMEOUT(findRow(s, Dir::Outgoing, SocketIOPacket::Event, u"types"_s) >= 0, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(s->acks().count() == 2 && s->acks().pendingCount() == 0, 10000);
    QVERIFY(findRow(s, Dir::Outgoing, SocketIOPacket::BinaryEvent, u"echo"_s) >= 0);
}

void tst_InspectorWidgets::screenshotInProcess()
{
    if (m_recording.isEmpty())
        QSKIP("needs saveAndOpen()");
    MainWindow window;
    window.resize(1280, 800);
    QString error;
    QVERIFY2(window.openRecording(m_recording, &error), qPrintable(error));
    window.show();
    // Every pane fits a modest screen.
    QVERIFY2(window.minimumSizeHint().width() <= 1150, qPrintable(QString::number(window.minimumSizeHint().width())));
    Screenshotter::Options options;
    options.path = m_dir.filePath(u"inprocess.png"_s);
    options.settleMs = 50;
    Screenshotter shooter(&window, options);
    QSignalSpy done(&shooter, &Screenshotter::done);
    shooter.start();
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 10000);
    QCOMPARE(done.first().first().toInt(), 0);
    const QImage image(options.path);
    QCOMPARE(image.size(), QSize(1280, 800));
    // A packet with binary and an ack was picked and is shown.
    SessionView *view = window.currentSession();
    const int row = view->selectedPacket();
    QVERIFY(row >= 0);
    QVERIFY(view->session()->packet(row).attachments > 0);
    QVERIFY(view->session()->packet(row).ackEntry >= 0);
}

void tst_InspectorWidgets::screenshotCommandLine()
{
    if (m_recording.isEmpty())
        QSKIP("needs saveAndOpen()");
    const QString png = m_dir.filePath(u"cli.png"_s);
    QProcess inspector;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    env.insert(u"XDG_CONFIG_HOME"_s, m_dir.path());
    inspector.setProcessEnvironment(env);
    inspector.start(QStringLiteral(SOCKETIO_INSPECTOR_EXE),
                    {u"--screenshot"_s, png, u"--size"_s, u"1200x760"_s, u"--pane"_s, u"acks"_s, m_recording});
    QVERIFY2(inspector.waitForFinished(30000), "socketio-inspector did not exit");
    QCOMPARE(inspector.exitStatus(), QProcess::NormalExit);
    QVERIFY2(inspector.exitCode() == 0, inspector.readAllStandardError().constData());
    QCOMPARE(QImage(png).size(), QSize(1200, 760));

    // Against a live server: it connects, settles, renders.
    const QString live = m_dir.filePath(u"live.png"_s);
    inspector.start(QStringLiteral(SOCKETIO_INSPECTOR_EXE), {u"--screenshot"_s, live, m_server.url().toString()});
    QVERIFY(inspector.waitForFinished(30000));
    QVERIFY2(inspector.exitCode() == 0, inspector.readAllStandardError().constData());
    QVERIFY(!QImage(live).isNull());

    // --help and --version need no display.
    QProcess headless;
    QProcessEnvironment bare = QProcessEnvironment::systemEnvironment();
    for (const QString &name : {u"QT_QPA_PLATFORM"_s, u"DISPLAY"_s, u"WAYLAND_DISPLAY"_s})
        bare.remove(name);
    headless.setProcessEnvironment(bare);
    headless.start(QStringLiteral(SOCKETIO_INSPECTOR_EXE), {u"--help"_s});
    QVERIFY(headless.waitForFinished(30000));
    QCOMPARE(headless.exitStatus(), QProcess::NormalExit);
    QCOMPARE(headless.exitCode(), 0);
    QVERIFY(headless.readAllStandardOutput().contains("--screenshot <png>"));
    headless.start(QStringLiteral(SOCKETIO_INSPECTOR_EXE), {u"--version"_s});
    QVERIFY(headless.waitForFinished(30000));
    QCOMPARE(headless.exitCode(), 0);
    QVERIFY(headless.readAllStandardOutput().startsWith("socketio-inspector "));

    // --export-ca needs no display either: the CA is made in the user's configuration on first
    // use, and the same one is exported again after.
    bare.insert(u"XDG_CONFIG_HOME"_s, m_dir.filePath(u"config"_s));
    headless.setProcessEnvironment(bare);
    QList<QSslCertificate> exported;
    for (const QString &name : {u"ca1.pem"_s, u"ca2.pem"_s}) {
        headless.start(QStringLiteral(SOCKETIO_INSPECTOR_EXE), {u"--export-ca"_s, m_dir.filePath(name)});
        QVERIFY(headless.waitForFinished(30000));
        QVERIFY2(headless.exitCode() == 0, headless.readAllStandardError().constData());
        QVERIFY(headless.readAllStandardOutput().contains("NODE_EXTRA_CA_CERTS="));
        exported += QSslCertificate::fromPath(m_dir.filePath(name));
    }
    QCOMPARE(exported.size(), 2);
    QCOMPARE(exported.at(0), exported.at(1));
    QVERIFY(QFile::exists(m_dir.filePath(u"config/SocketIOQt/socketio-inspector/capture-ca/ca-key.pem"_s)));

    // Usage errors exit with 2.
    inspector.start(QStringLiteral(SOCKETIO_INSPECTOR_EXE), {u"--screenshot"_s, live, u"ftp://nowhere"_s});
    QVERIFY(inspector.waitForFinished(30000));
    QCOMPARE(inspector.exitCode(), 2);
}

void tst_InspectorWidgets::fitsLaptopAndLargeScreens_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<int>("kind");
    const QList<QSize> sizes{QSize(1024, 700), QSize(1920, 1080)};
    for (const QSize &size : sizes) {
        const QByteArray wh = QByteArray::number(size.width()) + 'x' + QByteArray::number(size.height());
        QTest::newRow(wh + " live") << size << int(SessionView::Kind::Live);
        QTest::newRow(wh + " recording") << size << int(SessionView::Kind::Recording);
        QTest::newRow(wh + " proxy") << size << int(SessionView::Kind::Proxy);
    }
}

void tst_InspectorWidgets::fitsLaptopAndLargeScreens()
{
    // Every tab kind and every pane, usable on a 1024x700 laptop screen and on a large one:
    // the window takes the size, nothing is cut off. The screenshots stay for a person to look at.
    QFETCH(QSize, size);
    QFETCH(int, kind);
    if (kind == int(SessionView::Kind::Recording) && m_recording.isEmpty())
        QSKIP("needs saveAndOpen()");
    MainWindow window;
    SessionView *view = nullptr;
    switch (SessionView::Kind(kind)) {
    case SessionView::Kind::Live:
        view = connectTo(window);
        QTRY_VERIFY_WITH_TIMEOUT(joined(view, u"/"_s), 10000);
        break;
    case SessionView::Kind::Recording:
        view = window.openRecording(m_recording);
        break;
    case SessionView::Kind::Proxy:
        view = window.newProxy(m_server.url(), true);
        break;
    }
    QVERIFY(view);
    window.resize(size);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.size(), size);
    for (int side = 0; side < view->sideTabs()->count(); ++side) {
        view->sideTabs()->setCurrentIndex(side);
        for (auto pane : {SessionView::Pane::Packet, SessionView::Pane::Acks, SessionView::Pane::Engine,
                          SessionView::Pane::Linter}) {
            view->showPane(pane);
            QCoreApplication::processEvents();
            // A live session goes on meanwhile: a label whose text just grew (the packet count)
            // has its new layout pending. What counts is the layout, not that moment.
            QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
            const QStringList clipped = clippedWidgets(&window);
            QVERIFY2(clipped.isEmpty(), qPrintable(u"side tab %1, pane %2: %3"_s.arg(side).arg(int(pane)).arg(
                                                clipped.join(u"; "_s))));
        }
    }
    const QString png = m_dir.filePath(u"fit-%1x%2-%3.png"_s.arg(size.width()).arg(size.height()).arg(kind));
    QVERIFY(window.grab().save(png));
    if (qEnvironmentVariableIsSet("INSPECTOR_SCREENSHOT_DIR"))
        QVERIFY(window.grab().save(qEnvironmentVariable("INSPECTOR_SCREENSHOT_DIR") + u'/' + QFileInfo(png).fileName()));
}

QTEST_MAIN(tst_InspectorWidgets)
#include "tst_inspectorwidgets.moc"
