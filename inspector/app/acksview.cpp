#include "acksview.h"

#include "ackledgermodel.h"
#include "ackstatistics.h"
#include "capturesession.h"
#include "rttchart.h"
#include "theme.h"

#include <QtCore/qsortfilterproxymodel.h>
#include <QtWidgets/qboxlayout.h>
#include <QtWidgets/qcombobox.h>
#include <QtWidgets/qheaderview.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qsplitter.h>
#include <QtWidgets/qtreeview.h>
#include <QtWidgets/qtreewidget.h>

using namespace Qt::StringLiterals;

AcksView::AcksView(CaptureSession *session, QWidget *parent)
    : QWidget(parent), m_session(session)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);
    layout->addWidget(splitter);

    // Left: the ledger.
    auto *left = new QWidget(splitter);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    m_totals = new QLabel(left);
    m_totals->setWordWrap(true); // no minimum width of a whole line
    m_totals->setMinimumWidth(120);
    m_statusFilter = new QComboBox(left);
    m_statusFilter->addItem(u"All round trips"_s, -1);
    m_statusFilter->addItem(u"Pending"_s, int(AckEntry::Pending));
    m_statusFilter->addItem(u"Answered"_s, int(AckEntry::Answered));
    m_statusFilter->addItem(u"Timed out"_s, int(AckEntry::TimedOut));
    m_statusFilter->addItem(u"Unknown id"_s, int(AckEntry::Unknown));
    m_statusFilter->addItem(u"Duplicate"_s, int(AckEntry::Duplicate));
    bar->addWidget(m_totals, 1);
    bar->addWidget(m_statusFilter);
    leftLayout->addLayout(bar);

    m_model = new AckLedgerModel(session, this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(AckLedgerModel::SortRole);
    m_proxy->setFilterKeyColumn(AckLedgerModel::Status);
    auto *leftSplit = new QSplitter(Qt::Vertical, left);
    leftSplit->setChildrenCollapsible(false);
    m_view = new QTreeView(leftSplit);
    m_view->setModel(m_proxy);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    const int widths[] = {92, 50, 76, 96, 36, 64, 78, 56, 56};
    for (int c = 0; c < AckLedgerModel::ColumnCount; ++c)
        m_view->setColumnWidth(c, widths[c]);
    leftSplit->addWidget(m_view);
    leftLayout->addWidget(leftSplit, 1);
    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, [this] {
        const int status = m_statusFilter->currentData().toInt();
        m_proxy->setFilterFixedString(status < 0 ? QString() : AckEntry::statusName(AckEntry::Status(status)));
    });
    connect(m_view, &QTreeView::doubleClicked, this, [this](const QModelIndex &index) {
        const int request = index.data(AckLedgerModel::RequestRowRole).toInt();
        const int answer = index.data(AckLedgerModel::AnswerRowRole).toInt();
        const int row = index.column() == AckLedgerModel::Answer || request < 0 ? answer : request;
        if (row >= 0)
            Q_EMIT jumpToRow(row);
    });
    splitter->addWidget(left);

    // Below the ledger: statistics per event; right: the chart.
    m_stats = new QTreeWidget(leftSplit);
    m_stats->setRootIsDecorated(false);
    m_stats->setUniformRowHeights(true);
    m_stats->setHeaderLabels({u"Event"_s, u"Asked"_s, u"Answered"_s, u"Timed out"_s, u"p50"_s, u"p90"_s,
                              u"p99"_s, u"max"_s});
    m_stats->setColumnWidth(0, 110);
    for (int c = 1; c < 8; ++c)
        m_stats->setColumnWidth(c, c == 3 ? 76 : c < 3 ? 62 : 66);
    m_stats->setToolTip(u"Select an event to chart only its round trips"_s);
    connect(m_stats, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        m_chart->setEventName(item ? item->data(0, Qt::UserRole).toString() : QString());
    });
    leftSplit->addWidget(m_stats);
    leftSplit->setStretchFactor(0, 3);
    leftSplit->setStretchFactor(1, 2);
    m_chart = new RttChart(session, splitter);
    splitter->addWidget(m_chart);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);

    connect(m_model, &AckLedgerModel::updated, this, &AcksView::refreshStatistics);
    refreshStatistics();
}

void AcksView::refreshStatistics()
{
    const QList<AckStatistics> stats = AckStatistics::compute(m_session->acks());
    const QString selected = m_chart->eventName();
    m_stats->setUpdatesEnabled(false);
    const QSignalBlocker blocker(m_stats);
    m_stats->clear();
    QTreeWidgetItem *current = nullptr;
    for (const AckStatistics &s : stats) {
        if (!s.event.isEmpty() && s.requests == 0)
            continue;
        const bool any = s.answered > 0;
        auto *item = new QTreeWidgetItem(m_stats, {
                s.event.isEmpty() ? u"All events"_s : s.event, QString::number(s.requests),
                QString::number(s.answered), QString::number(s.timedOut),
                any ? Theme::formatMs(s.p50) : QString(), any ? Theme::formatMs(s.p90) : QString(),
                any ? Theme::formatMs(s.p99) : QString(), any ? Theme::formatMs(s.max) : QString()});
        item->setData(0, Qt::UserRole, s.event);
        for (int c = 1; c < 8; ++c)
            item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
        if (s.timedOut > 0)
            item->setForeground(3, Theme::ackStatusColor(AckEntry::TimedOut));
        if (s.event.isEmpty()) {
            QFont f = item->font(0);
            f.setBold(true);
            item->setFont(0, f);
        }
        if (s.event == selected)
            current = item;
    }
    // The selected event is gone (the capture was cleared): back to every event, or the chart
    // would go on charting nothing.
    if (!current && !selected.isEmpty())
        m_chart->setEventName(QString());
    if (current)
        m_stats->setCurrentItem(current);
    m_stats->setUpdatesEnabled(true);
    m_chart->update();

    const AckStatistics &total = stats.first();
    m_totals->setText(u"%1 round trips · %2 answered · %3 pending · %4 timed out · %5 unknown/duplicate"_s
                              .arg(total.requests + total.problems)
                              .arg(total.answered)
                              .arg(total.pending)
                              .arg(total.timedOut)
                              .arg(total.problems));
    Q_EMIT countsChanged(total.requests + total.problems, total.timedOut + total.problems);
}
