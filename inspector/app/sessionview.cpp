#include "sessionview.h"

#include "acksview.h"
#include "captureproxy.h"
#include "certificateauthority.h"
#include "capturesession.h"
#include "composerwidget.h"
#include "connectionpanel.h"
#include "engineview.h"
#include "filterbar.h"
#include "linterview.h"
#include "liveconnection.h"
#include "lintermodel.h"
#include "packetdetailview.h"
#include "proxypanel.h"
#include "recordingpanel.h"
#include "harreader.h"
#include "harwriter.h"
#include "recordingreader.h"
#include "recordingwriter.h"
#include "theme.h"
#include "trafficfilterproxy.h"
#include "trafficmodel.h"
#include "ackledgermodel.h"

#include <QtCore/qfileinfo.h>
#include <QtWidgets/qboxlayout.h>
#include <QtWidgets/qheaderview.h>
#include <QtWidgets/qmessagebox.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qscrollarea.h>
#include <QtWidgets/qscrollbar.h>
#include <QtWidgets/qsplitter.h>
#include <QtWidgets/qtabwidget.h>
#include <QtWidgets/qtreeview.h>

#include <iterator>

using namespace Qt::StringLiterals;

SessionView::SessionView(Kind kind, QWidget *parent)
    : QWidget(parent), m_kind(kind), m_session(new CaptureSession(this))
{
    if (kind == Kind::Live)
        m_connection = new LiveConnection(m_session, this);
    if (kind == Kind::Proxy) {
        m_proxy = new CaptureProxy(m_session, this);
        m_proxy->setCertificateAuthority(CertificateAuthority::shared());
        m_session->setConfiguredRevision(0, 0);
    }
    if (kind != Kind::Recording)
        build();
}

SessionView::~SessionView()
{
    // The views go first: they follow the session's signals.
    delete m_splitter;
    m_splitter = nullptr;
}

SessionView *SessionView::openRecording(const QString &path, QString *error, QWidget *parent)
{
    auto *view = new SessionView(Kind::Recording, parent);
    const bool har = HarReader::looksLikeHar(path);
    if (!(har ? HarReader::load(path, view->m_session, &view->m_info, error)
              : RecordingReader::load(path, view->m_session, &view->m_info, error))) {
        delete view;
        return nullptr;
    }
    view->m_path = path;
    view->build();
    view->flush();
    return view;
}

static QWidget *scrollable(QWidget *content, QWidget *parent)
{
    auto *area = new QScrollArea(parent);
    area->setWidget(content);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    area->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    return area;
}

void SessionView::build()
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setChildrenCollapsible(false);
    layout->addWidget(m_splitter);

    // Side panel.
    m_side = new QTabWidget(m_splitter);
    m_side->setDocumentMode(true);
    switch (m_kind) {
    case Kind::Live:
        m_connectionPanel = new ConnectionPanel(m_connection);
        m_composer = new ComposerWidget(m_connection);
        m_side->addTab(scrollable(m_connectionPanel, m_side), u"Connection"_s);
        m_side->addTab(scrollable(m_composer, m_side), u"Composer"_s);
        connect(m_connectionPanel, &ConnectionPanel::connectRequested, this, &SessionView::titleChanged);
        connect(m_connection, &LiveConnection::message, this, &SessionView::message);
        break;
    case Kind::Recording:
        m_recordingPanel = new RecordingPanel(m_session, m_path, m_info);
        m_side->addTab(scrollable(m_recordingPanel, m_side), u"Recording"_s);
        connect(m_recordingPanel, &RecordingPanel::replayRequested, this, &SessionView::replayRequested);
        break;
    case Kind::Proxy:
        m_proxyPanel = new ProxyPanel(m_proxy);
        m_side->addTab(scrollable(m_proxyPanel, m_side), u"Proxy"_s);
        connect(m_proxyPanel, &ProxyPanel::stateChanged, this, &SessionView::titleChanged);
        break;
    }
    m_side->setMinimumWidth(240);

    // Traffic and the panes below it.
    auto *right = new QSplitter(Qt::Vertical, m_splitter);
    right->setChildrenCollapsible(false);
    auto *traffic = new QWidget(right);
    auto *trafficLayout = new QVBoxLayout(traffic);
    trafficLayout->setContentsMargins(6, 6, 6, 0);
    trafficLayout->setSpacing(4);

    m_model = new TrafficModel(m_session, this);
    m_filter = new TrafficFilterProxy(this);
    m_filter->setSession(m_session);
    m_filter->setSourceModel(m_model);
    m_filterBar = new FilterBar(m_model, m_filter, traffic);
    trafficLayout->addWidget(m_filterBar);

    m_view = new QTreeView(traffic);
    m_view->setModel(m_filter);
    m_view->setRootIsDecorated(false);
    m_view->setItemsExpandable(false);
    m_view->setUniformRowHeights(true);   // no per-row layout work: 100,000 rows stay smooth
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder);
    m_view->setAllColumnsShowFocus(true);
    m_view->header()->setStretchLastSection(true);
    m_view->header()->setSectionResizeMode(QHeaderView::Interactive);
    const int widths[] = {56, 72, 44, 52, 78, 96, 108, 82, 110, 44, 62};
    static_assert(std::size(widths) == TrafficModel::Info);
    for (int c = 0; c < TrafficModel::Info; ++c)
        m_view->setColumnWidth(c, widths[c]);
    // Which connection a packet came through matters once there are several: a proxy's
    // clients, a recording of them.
    const auto showConnections = [this] {
        m_view->setColumnHidden(TrafficModel::Connection, m_kind != Kind::Proxy && m_session->streamCount() < 2);
    };
    showConnections();
    connect(m_session, &CaptureSession::streamAdded, this, showConnections);
    trafficLayout->addWidget(m_view, 1);
    right->addWidget(traffic);

    m_bottom = new QTabWidget(right);
    m_bottom->setDocumentMode(true);
    m_detail = new PacketDetailView(m_session, m_bottom);
    m_acks = new AcksView(m_session, m_bottom);
    m_engine = new EngineView(m_session, m_bottom);
    m_linter = new LinterView(m_session, m_bottom);
    m_bottom->addTab(m_detail, u"Packet"_s);
    m_bottom->addTab(m_acks, u"Acks"_s);
    m_bottom->addTab(m_engine, u"Engine"_s);
    m_bottom->addTab(m_linter, u"Linter"_s);
    right->addWidget(m_bottom);
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 2);

    m_splitter->addWidget(m_side);
    m_splitter->addWidget(right);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({360, 1040});

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &SessionView::onCurrentChanged);
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &SessionView::onRowsInserted);
    connect(m_detail, &PacketDetailView::jumpToRow, this, &SessionView::selectPacket);
    connect(m_engine, &EngineView::jumpToRow, this, &SessionView::selectPacket);
    connect(m_acks, &AcksView::jumpToRow, this, &SessionView::selectPacket);
    connect(m_linter, &LinterView::jumpToRow, this, &SessionView::selectPacket);
    connect(m_linter->model(), &LinterModel::countChanged, this, &SessionView::updateTabTitles);
    connect(m_acks, &AcksView::countsChanged, this, &SessionView::updateTabTitles);
    updateTabTitles();
}

void SessionView::updateTabTitles()
{
    const int findings = m_session->linter().count();
    m_bottom->setTabText(3, findings ? u"Linter (%1)"_s.arg(findings) : u"Linter"_s);
    const int acks = m_session->acks().count();
    m_bottom->setTabText(1, acks ? u"Acks (%1)"_s.arg(acks) : u"Acks"_s);
}

QString SessionView::title() const
{
    switch (m_kind) {
    case Kind::Live: {
        const QUrl url = m_connection->settings().url;
        if (url.isEmpty())
            return u"New connection"_s;
        return m_connection->settings().title();
    }
    case Kind::Recording:
        return QFileInfo(m_path).fileName();
    case Kind::Proxy:
        return m_proxy->isListening() ? u"Proxy :%1"_s.arg(m_proxy->serverPort()) : u"Proxy"_s;
    }
    return {};
}

QString SessionView::statusText() const
{
    QString text = u"%1 packets · %2"_s.arg(m_session->packetCount()).arg(Theme::formatBytes(m_session->totalBytes()));
    const int pending = m_session->acks().pendingCount();
    if (pending)
        text += u" · %1 acks pending"_s.arg(pending);
    const int errors = m_session->linter().count(LintFinding::Error);
    const int warnings = m_session->linter().count(LintFinding::Warning);
    if (errors || warnings)
        text += u" · %1 errors, %2 warnings"_s.arg(errors).arg(warnings);
    return text;
}

void SessionView::showPane(Pane pane)
{
    m_bottom->setCurrentIndex(int(pane));
}

void SessionView::showComposer()
{
    if (m_composer)
        m_side->setCurrentIndex(1);
}

void SessionView::flush()
{
    m_model->flush();
    m_acks->model()->flush();
    m_linter->model()->flush();
    updateTabTitles();
}

void SessionView::selectPacket(int row)
{
    if (row < 0 || row >= m_session->packetCount())
        return;
    m_model->flush();
    QModelIndex source = m_model->index(row, 0);
    QModelIndex index = m_filter->mapFromSource(source);
    if (!index.isValid()) {
        m_filter->clearFilters();
        m_filterBar->refreshCount();
        index = m_filter->mapFromSource(source);
        Q_EMIT message(u"The filters hid #%1: cleared them"_s.arg(row + 1));
    }
    if (!index.isValid())
        return;
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index, QAbstractItemView::PositionAtCenter);
    showPane(Pane::Packet);
}

int SessionView::selectedPacket() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? m_filter->mapToSource(current).row() : -1;
}

void SessionView::onCurrentChanged(const QModelIndex &current)
{
    m_detail->showPacket(current.isValid() ? m_filter->mapToSource(current).row() : -1);
}

void SessionView::onRowsInserted()
{
    if (!m_filterBar->follows())
        return;
    // Follow only when nothing is selected or the selection is the last row.
    const QModelIndex current = m_view->currentIndex();
    if (current.isValid() && current.row() < m_filter->rowCount() - 50)
        return;
    m_view->scrollToBottom();
}

RecordingInfo SessionView::recordingInfo() const
{
    RecordingInfo info = m_info;
    switch (m_kind) {
    case Kind::Live:
        info.url = m_connection->settings().url;
        info.protocol = m_connection->settings().protocol;
        info.source = u"connection"_s;
        break;
    case Kind::Proxy:
        info.url = m_proxy->target();
        info.protocol = 0;
        info.source = u"proxy"_s;
        break;
    case Kind::Recording:
        break;
    }
    // What the frames showed (the capture tells msgpack from JSON by itself).
    if (info.parser.isEmpty() || info.parser == "json"_L1)
        info.parser = m_session->parser(0);
    info.startedUs = m_session->firstTimeUs();
    return info;
}

bool SessionView::saveRecording(const QString &path, QString *error)
{
    // A .har file is for browsers' developer tools; anything else is our recording format.
    const bool har = QFileInfo(path).suffix().compare("har"_L1, Qt::CaseInsensitive) == 0;
    if (!(har ? HarWriter::save(*m_session, recordingInfo(), path, error)
              : RecordingWriter::save(*m_session, recordingInfo(), path, error)))
        return false;
    m_savedPackets = m_session->packetCount();
    return true;
}

bool SessionView::hasUnsavedPackets() const
{
    return m_kind != Kind::Recording && m_session->packetCount() > m_savedPackets;
}

bool SessionView::clearCapture()
{
    if (hasUnsavedPackets()) {
        QMessageBox box(QMessageBox::Question, u"Clear the capture"_s,
                        u"Forget the %1 packets captured so far? They have not been saved."_s.arg(
                                m_session->packetCount()),
                        QMessageBox::NoButton, this);
        box.setObjectName(u"confirmClear"_s);
        QPushButton *clear = box.addButton(u"Clear"_s, QMessageBox::DestructiveRole);
        box.setDefaultButton(box.addButton(QMessageBox::Cancel));
        box.exec();
        if (box.clickedButton() != clear)
            return false;
    }
    m_session->clear();
    m_savedPackets = 0;
    return true;
}
