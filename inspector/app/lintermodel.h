#ifndef LINTERMODEL_H
#define LINTERMODEL_H

#include <QtCore/qabstractitemmodel.h>
#include <QtCore/qhash.h>
#include <QtCore/qlist.h>
#include <QtCore/qtimer.h>

class CaptureSession;

// The linter's findings, identical ones (same rule, same message) grouped: a top-level row per
// group with its count and first packet, one child row per occurrence to jump to. Batched like
// the other capture models.
class LinterModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { Severity, Rule, Count, Packet, Message, ColumnCount };
    enum Role { RowRole = Qt::UserRole + 1, HintRole };

    explicit LinterModel(CaptureSession *session, QObject *parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void flush();
    int findingCount() const { return m_findings; }

Q_SIGNALS:
    void countChanged(int findings);

private:
    struct Group
    {
        QList<int> findings; // indexes into the linter's findings, in capture order
    };
    static constexpr quintptr TopLevel = ~quintptr(0); // internalId of group rows

    CaptureSession *const m_session;
    QList<Group> m_groups;
    QHash<QString, int> m_groupOf; // rule id + message -> group
    int m_findings = 0;            // how many of the linter's findings are in the groups
    QTimer m_timer;
};

#endif // LINTERMODEL_H
