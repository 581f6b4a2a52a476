#include "mainwindow.h"

#include "capturesession.h"
#include "connectionpanel.h"
#include "filterbar.h"
#include "liveconnection.h"
#include "proxypanel.h"
#include "recentconnections.h"
#include "replayer.h"
#include "replayscript.h"
#include "sessionview.h"
#include "trafficmodel.h"

#include <QtCore/qsettings.h>
#include <QtGui/qaction.h>
#include <QtGui/qevent.h>
#include <QtWidgets/qapplication.h>
#include <QtWidgets/qfiledialog.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qmenubar.h>
#include <QtWidgets/qmessagebox.h>
#include <QtWidgets/qstatusbar.h>
#include <QtWidgets/qtabwidget.h>
#include <QtWidgets/qtoolbar.h>
#include <QtWidgets/qtoolbutton.h>

using namespace Qt::StringLiterals;

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(u"Socket.IO Inspector"_s);
    m_tabs = new QTabWidget(this);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setDocumentMode(true);
    setCentralWidget(m_tabs);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTab);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        refreshStatus();
        if (SessionView *view = currentSession())
            m_pause->setChecked(view->trafficModel()->isPaused());
    });

    m_status = new QLabel(this);
    statusBar()->addPermanentWidget(m_status);
    m_statusTimer.setInterval(500);
    connect(&m_statusTimer, &QTimer::timeout, this, &MainWindow::refreshStatus);
    m_statusTimer.start();

    buildActions();
    resize(1440, 900);
    QSettings settings;
    restoreGeometry(settings.value(u"window/geometry"_s).toByteArray());
}

void MainWindow::buildActions()
{
    QMenu *file = menuBar()->addMenu(u"&File"_s);
    QAction *newConnection = file->addAction(u"New &Connection"_s, this, [this] { this->newConnection(); });
    newConnection->setShortcut(QKeySequence::New);
    QAction *open = file->addAction(u"&Open Recording…"_s, this, &MainWindow::openRecordingDialog);
    open->setShortcut(QKeySequence::Open);
    QAction *save = file->addAction(u"&Save Recording As…"_s, this, &MainWindow::saveRecordingDialog);
    save->setShortcut(QKeySequence::Save);
    m_recentMenu = file->addMenu(u"&Recent Connections"_s);
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::refreshRecentMenu);
    file->addSeparator();
    QAction *proxy = file->addAction(u"Capture Through a &Proxy…"_s, this, [this] { newProxy(); });
    file->addSeparator();
    file->addAction(u"Close &Tab"_s, this, [this] { closeTab(m_tabs->currentIndex()); })
            ->setShortcut(QKeySequence::Close);
    file->addAction(u"&Quit"_s, this, &QWidget::close)->setShortcut(QKeySequence::Quit);

    QMenu *capture = menuBar()->addMenu(u"&Capture"_s);
    m_pause = capture->addAction(u"&Pause"_s);
    m_pause->setCheckable(true);
    m_pause->setShortcut(u"Ctrl+P"_s);
    connect(m_pause, &QAction::toggled, this, [this](bool paused) {
        if (SessionView *view = currentSession())
            view->trafficModel()->setPaused(paused);
    });
    QAction *clear = capture->addAction(u"C&lear…"_s, this, [this] {
        if (SessionView *view = currentSession())
            view->clearCapture();
    });
    clear->setShortcut(u"Ctrl+K"_s);
    clear->setToolTip(u"Forget every packet captured so far (asks first when they are not saved)"_s);
    capture->addAction(u"&Find…"_s, this, [this] {
        if (SessionView *view = currentSession())
            view->filterBar()->textEdit()->setFocus();
    })->setShortcut(QKeySequence::Find);
    capture->addAction(u"C&ompose"_s, this, [this] {
        if (SessionView *view = currentSession())
            view->showComposer();
    })->setShortcut(u"Ctrl+E"_s);

    QMenu *help = menuBar()->addMenu(u"&Help"_s);
    help->addAction(u"&About"_s, this, [this] {
        QMessageBox::about(this, u"Socket.IO Inspector"_s,
                           u"<b>socketio-inspector</b> %1<br>Live Socket.IO traffic, ack round trips, the engine "
                           "lane and a protocol linter, built on SocketIOQt."_s.arg(QApplication::applicationVersion()));
    });

    QToolBar *bar = addToolBar(u"Main"_s);
    bar->setObjectName(u"mainToolBar"_s);
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addAction(newConnection);
    bar->addAction(open);
    bar->addAction(save);
    bar->addAction(proxy);
    // Clear at the far end, away from Pause (in each tab's filter bar): next to each other, one
    // mis-click lost a capture.
    auto *spacer = new QWidget(bar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    bar->addWidget(spacer);
    bar->addAction(clear);
}

void MainWindow::refreshRecentMenu()
{
    m_recentMenu->clear();
    const QList<ConnectionSettings> recent = RecentConnections::load();
    for (const ConnectionSettings &s : recent)
        m_recentMenu->addAction(s.url.toString(), this, [this, s] { newConnection(s, true); });
    if (recent.isEmpty())
        m_recentMenu->addAction(u"(none yet)"_s)->setEnabled(false);
    else {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(u"Forget Them"_s, this, [] { RecentConnections::clear(); });
    }
}

SessionView *MainWindow::addSession(SessionView *view)
{
    const int index = m_tabs->addTab(view, view->title());
    m_tabs->setCurrentIndex(index);
    connect(view, &SessionView::titleChanged, this, [this, view] {
        m_tabs->setTabText(m_tabs->indexOf(view), view->title());
    });
    connect(view, &SessionView::message, this, [this](const QString &text) { statusBar()->showMessage(text, 6000); });
    connect(view, &SessionView::replayRequested, this, [this, view](const QUrl &target, int protocol, bool keepTiming) {
        startReplay(view, target, protocol, keepTiming);
    });
    return view;
}

SessionView *MainWindow::newConnection(const ConnectionSettings &settings, bool connectNow)
{
    auto *view = addSession(new SessionView(SessionView::Kind::Live, m_tabs));
    connect(view->connectionPanel(), &ConnectionPanel::connectRequested, this,
            [](const ConnectionSettings &s) { RecentConnections::remember(s); });
    if (!settings.url.isEmpty())
        view->connectionPanel()->setSettings(settings);
    if (connectNow)
        view->connectionPanel()->connectNow();
    m_tabs->setTabText(m_tabs->indexOf(view), view->title());
    return view;
}

SessionView *MainWindow::openRecording(const QString &path, QString *error)
{
    QString problem;
    SessionView *view = SessionView::openRecording(path, &problem, m_tabs);
    if (!view) {
        if (error)
            *error = problem;
        return nullptr;
    }
    return addSession(view);
}

SessionView *MainWindow::newProxy(const QUrl &target, bool start)
{
    auto *view = addSession(new SessionView(SessionView::Kind::Proxy, m_tabs));
    if (!target.isEmpty())
        view->proxyPanel()->targetEdit()->setText(target.toString());
    if (start)
        view->proxyPanel()->start();
    return view;
}

SessionView *MainWindow::currentSession() const
{
    return qobject_cast<SessionView *>(m_tabs->currentWidget());
}

SessionView *MainWindow::session(int index) const
{
    return qobject_cast<SessionView *>(m_tabs->widget(index));
}

int MainWindow::sessionCount() const
{
    return m_tabs->count();
}

void MainWindow::openRecordingDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, u"Open Recording"_s, {},
                                                      u"Recordings and HAR files (*.jsonl *.json *.ndjson *.txt *.har);;"
                                                        "HAR files from a browser (*.har);;All files (*)"_s);
    if (path.isEmpty())
        return;
    QString error;
    if (!openRecording(path, &error))
        QMessageBox::warning(this, u"Open Recording"_s, u"Cannot open %1:\n%2"_s.arg(path, error));
}

void MainWindow::saveRecordingDialog()
{
    SessionView *view = currentSession();
    if (!view)
        return;
    const QString path = QFileDialog::getSaveFileName(this, u"Save Recording"_s, view->title() + u".jsonl"_s,
                                                      u"Recordings (*.jsonl);;HAR, for a browser's developer tools (*.har)"_s);
    if (path.isEmpty())
        return;
    QString error;
    if (!view->saveRecording(path, &error))
        QMessageBox::warning(this, u"Save Recording"_s, u"Cannot save %1:\n%2"_s.arg(path, error));
    else
        statusBar()->showMessage(u"Saved %1 packets to %2"_s.arg(view->session()->packetCount()).arg(path), 6000);
}

void MainWindow::closeTab(int index)
{
    QWidget *w = m_tabs->widget(index);
    if (!w)
        return;
    m_tabs->removeTab(index);
    w->deleteLater();
}

void MainWindow::startReplay(SessionView *source, const QUrl &target, int protocol, bool keepTiming)
{
    const ReplayScript script = ReplayScript::fromCapture(*source->session());
    ConnectionSettings settings;
    settings.url = target;
    settings.protocol = protocol;
    SessionView *view = newConnection(settings, true);
    auto *replayer = new Replayer(view->connection(), script, keepTiming, view);
    connect(replayer, &Replayer::progress, this, [this](int sent, int total) {
        statusBar()->showMessage(u"Replaying: %1 of %2 emits sent"_s.arg(sent).arg(total), 3000);
    });
    replayer->start();
}

void MainWindow::refreshStatus()
{
    SessionView *view = currentSession();
    m_status->setText(view ? view->statusText() : QString());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(u"window/geometry"_s, saveGeometry());
    QMainWindow::closeEvent(event);
}
