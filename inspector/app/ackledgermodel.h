#ifndef ACKLEDGERMODEL_H
#define ACKLEDGERMODEL_H

#include <QtCore/qabstractitemmodel.h>
#include <QtCore/qtimer.h>

class CaptureSession;

// The ack ledger of a capture as a table: one row per round trip (or stray
// answer), with its state and round-trip time. Updates are batched like the
// traffic table's.
class AckLedgerModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Status, Asker, Namespace, Event, Id, Sent, Rtt, Request, Answer, ColumnCount };
    enum Role { EntryRole = Qt::UserRole + 1, RequestRowRole, AnswerRowRole, SortRole };

    explicit AckLedgerModel(CaptureSession *session, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void flush();

Q_SIGNALS:
    void updated(); // after a batch: the chart redraws from the ledger

private:
    CaptureSession *const m_session;
    int m_rows = 0;
    int m_changedLo = -1, m_changedHi = -1;
    QTimer m_timer;
};

#endif // ACKLEDGERMODEL_H
