#include "engineview.h"

#include "capturesession.h"
#include "enginelane.h"
#include "theme.h"

#include <QtWidgets/qboxlayout.h>
#include <QtWidgets/qheaderview.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qsplitter.h>
#include <QtWidgets/qtreewidget.h>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

EngineView::EngineView(CaptureSession *session, QWidget *parent)
    : QWidget(parent), m_session(session)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    auto *bar = new QHBoxLayout;
    m_info = new QLabel(this);
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_info->setWordWrap(true);
    m_info->setMinimumWidth(120);
    auto *fit = new QPushButton(u"Fit"_s, this);
    fit->setToolTip(u"Show the whole capture (the wheel zooms, dragging pans)"_s);
    bar->addWidget(m_info, 1);
    bar->addWidget(fit);
    layout->addLayout(bar);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);
    m_lane = new EngineLane(session, splitter);
    m_list = new QTreeWidget(splitter);
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAlternatingRowColors(true);
    m_list->setHeaderLabels({u"Time (s)"_s, u"Stream"_s, u"Event"_s, u"Dir"_s, u"Namespace"_s, u"Detail"_s});
    m_list->setColumnWidth(0, 80);
    m_list->setColumnWidth(1, 56);
    m_list->setColumnWidth(2, 120);
    m_list->setColumnWidth(3, 56);
    m_list->setColumnWidth(4, 90);
    splitter->addWidget(m_lane);
    splitter->addWidget(m_list);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    connect(fit, &QPushButton::clicked, m_lane, &EngineLane::fit);
    connect(m_lane, &EngineLane::jumpToRow, this, &EngineView::jumpToRow);
    connect(m_list, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const int row = item->data(0, Qt::UserRole).toInt();
        if (row >= 0)
            Q_EMIT jumpToRow(row);
    });

    m_timer.setSingleShot(true);
    m_timer.setInterval(200);
    connect(&m_timer, &QTimer::timeout, this, &EngineView::refresh);
    connect(session, &CaptureSession::timelineEventAdded, this, [this] {
        if (!m_timer.isActive())
            m_timer.start();
    });
    connect(session, &CaptureSession::cleared, this, [this] {
        m_list->clear();
        m_shown = 0;
        refresh();
    });
    refresh();
}

void EngineView::refresh()
{
    const EngineTimeline &timeline = m_session->timeline();
    QList<QTreeWidgetItem *> items;
    for (; m_shown < timeline.count(); ++m_shown) {
        const EngineEvent &e = timeline.event(m_shown);
        auto *item = new QTreeWidgetItem({
                QString::number(double(e.timeUs - m_session->firstTimeUs()) / 1e6, 'f', 3),
                QString::number(e.stream), EngineEvent::kindName(e.kind),
                e.row >= 0 ? Theme::directionArrow(e.direction) : QString(), e.nsp, e.detail});
        item->setData(0, Qt::UserRole, e.row);
        item->setTextAlignment(0, Qt::AlignRight | Qt::AlignVCenter);
        if (e.row >= 0)
            item->setForeground(3, Theme::directionColor(e.direction));
        if (e.kind == EngineEvent::HeartbeatLate || e.kind == EngineEvent::NamespaceRefused
                || e.kind == EngineEvent::ConnectionError || e.kind == EngineEvent::ReconnectFailed) {
            item->setForeground(2, Theme::severityColor(LintFinding::Error));
        }
        item->setToolTip(5, e.detail);
        items.append(item);
    }
    if (!items.isEmpty())
        m_list->addTopLevelItems(items);

    const EngineStreamInfo info = timeline.streamInfo(0);
    if (info.eioVersion == 0) {
        m_info->setText(u"No handshake yet."_s);
    } else {
        QString text = u"Engine.IO %1 · sid %2 · pingInterval %3 ms · pingTimeout %4 ms"_s.arg(info.eioVersion)
                               .arg(info.sid).arg(info.pingInterval).arg(info.pingTimeout);
        if (info.maxPayload > 0)
            text += u" · maxPayload %1"_s.arg(Theme::formatBytes(info.maxPayload));
        if (!info.upgrades.isEmpty())
            text += u" · upgrades: "_s + info.upgrades.join(u", "_s);
        if (m_session->streamCount() > 1)
            text += u" · %1 streams"_s.arg(m_session->streamCount());
        m_info->setText(text);
    }
    m_lane->update();
}
