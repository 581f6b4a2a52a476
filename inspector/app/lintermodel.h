#ifndef LINTERMODEL_H
#define LINTERMODEL_H

#include <QtCore/qabstractitemmodel.h>
#include <QtCore/qtimer.h>

class CaptureSession;

// The linter's findings as a table (severity, rule, packet, message), batched
// like the other capture models.
class LinterModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Severity, Rule, Packet, Message, ColumnCount };
    enum Role { RowRole = Qt::UserRole + 1, HintRole };

    explicit LinterModel(CaptureSession *session, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void flush();

Q_SIGNALS:
    void countChanged(int count);

private:
    CaptureSession *const m_session;
    int m_rows = 0;
    QTimer m_timer;
};

#endif // LINTERMODEL_H
