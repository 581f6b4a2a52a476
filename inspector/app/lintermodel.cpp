#include "lintermodel.h"

#include "capturesession.h"
#include "theme.h"

#include <QtGui/qbrush.h>

using namespace Qt::StringLiterals;

LinterModel::LinterModel(CaptureSession *session, QObject *parent)
    : QAbstractItemModel(parent), m_session(session)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(150);
    connect(&m_timer, &QTimer::timeout, this, &LinterModel::flush);
    connect(session, &CaptureSession::findingAdded, this, [this] {
        if (!m_timer.isActive())
            m_timer.start();
    });
    connect(session, &CaptureSession::cleared, this, [this] {
        beginResetModel();
        m_groups.clear();
        m_groupOf.clear();
        m_findings = 0;
        endResetModel();
        Q_EMIT countChanged(0);
    });
    flush();
}

void LinterModel::flush()
{
    m_timer.stop();
    const ProtocolLinter &linter = m_session->linter();
    const int total = linter.count();
    if (total <= m_findings)
        return;
    for (; m_findings < total; ++m_findings) {
        const LintFinding &f = linter.finding(m_findings);
        const QString key = LintFinding::ruleId(f.rule) + u'\n' + f.message;
        const auto found = m_groupOf.constFind(key);
        if (found == m_groupOf.cend()) {
            const int g = int(m_groups.size());
            beginInsertRows({}, g, g);
            m_groups.append(Group{{m_findings}});
            m_groupOf.insert(key, g);
            endInsertRows();
            continue;
        }
        Group &group = m_groups[*found];
        const QModelIndex groupIndex = createIndex(*found, 0, TopLevel);
        // A group of one shows no children (rowCount()): its second finding brings in both.
        const int n = int(group.findings.size());
        beginInsertRows(groupIndex, n == 1 ? 0 : n, n);
        group.findings.append(m_findings);
        endInsertRows();
        const QModelIndex count = createIndex(*found, Count, TopLevel);
        Q_EMIT dataChanged(count, count, {Qt::DisplayRole});
    }
    Q_EMIT countChanged(m_findings);
}

QModelIndex LinterModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0)
        return {};
    if (!parent.isValid())
        return row < m_groups.size() ? createIndex(row, column, TopLevel) : QModelIndex();
    if (parent.internalId() != TopLevel || row >= m_groups.at(parent.row()).findings.size())
        return {};
    return createIndex(row, column, quintptr(parent.row()));
}

QModelIndex LinterModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == TopLevel)
        return {};
    return createIndex(int(child.internalId()), 0, TopLevel);
}

int LinterModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_groups.size());
    if (parent.internalId() != TopLevel || parent.column() != 0)
        return 0;
    // A group of one has nothing to unfold.
    const qsizetype n = m_groups.at(parent.row()).findings.size();
    return n > 1 ? int(n) : 0;
}

int LinterModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant LinterModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const bool isGroup = index.internalId() == TopLevel;
    const Group &group = m_groups.at(isGroup ? index.row() : int(index.internalId()));
    const LintFinding &f = m_session->linter().finding(group.findings.at(isGroup ? 0 : index.row()));
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Severity: return isGroup ? LintFinding::severityName(f.severity()) : QString();
        case Rule: return isGroup ? LintFinding::ruleId(f.rule) : QString();
        case Count: return isGroup ? QVariant(int(group.findings.size())) : QVariant();
        case Packet: return u"#%1"_s.arg(f.row + 1);
        case Message: return isGroup ? f.message : QString();
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == Count)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::ForegroundRole:
        if (index.column() == Severity || index.column() == Rule)
            return QBrush(Theme::severityColor(f.severity()));
        break;
    case Qt::ToolTipRole:
        return u"%1\n\nHint: %2"_s.arg(f.message, LintFinding::hint(f.rule));
    case RowRole:
        return f.row;
    case HintRole:
        return LintFinding::hint(f.rule);
    }
    return {};
}

QVariant LinterModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Severity: return u"Severity"_s;
    case Rule: return u"Rule"_s;
    case Count: return u"Count"_s;
    case Packet: return u"Packet"_s;
    case Message: return u"Finding"_s;
    }
    return {};
}
