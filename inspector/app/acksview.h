#ifndef ACKSVIEW_H
#define ACKSVIEW_H

#include <QtWidgets/qwidget.h>

class AckLedgerModel;
class CaptureSession;
class QComboBox;
class QLabel;
class QSortFilterProxyModel;
class QTreeView;
class QTreeWidget;
class RttChart;

// The "Acks" tab: the ledger (every round trip in both directions, filterable
// by state), the per-event statistics (count, p50, p90, p99, max, timeouts)
// and the round-trip chart. Double-clicking a ledger row goes to its packet.
class AcksView : public QWidget
{
    Q_OBJECT
public:
    explicit AcksView(CaptureSession *session, QWidget *parent = nullptr);

    AckLedgerModel *model() const { return m_model; }
    QTreeView *ledgerView() const { return m_view; }
    QTreeWidget *statisticsView() const { return m_stats; }
    RttChart *chart() const { return m_chart; }

Q_SIGNALS:
    void jumpToRow(int row);
    void countsChanged(int total, int problems);

private:
    void refreshStatistics();

    CaptureSession *const m_session;
    AckLedgerModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTreeView *m_view;
    QComboBox *m_statusFilter;
    QTreeWidget *m_stats;
    RttChart *m_chart;
    QLabel *m_totals;
};

#endif // ACKSVIEW_H
