#include "lintermodel.h"

#include "capturesession.h"
#include "theme.h"

#include <QtGui/qbrush.h>

using namespace Qt::StringLiterals;

LinterModel::LinterModel(CaptureSession *session, QObject *parent)
    : QAbstractTableModel(parent), m_session(session)
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
        m_rows = 0;
        endResetModel();
        Q_EMIT countChanged(0);
    });
    m_rows = session->linter().count();
}

void LinterModel::flush()
{
    m_timer.stop();
    const int total = m_session->linter().count();
    if (total > m_rows) {
        beginInsertRows({}, m_rows, total - 1);
        m_rows = total;
        endInsertRows();
        Q_EMIT countChanged(m_rows);
    }
}

int LinterModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int LinterModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LinterModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows)
        return {};
    const LintFinding &f = m_session->linter().finding(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Severity: return LintFinding::severityName(f.severity());
        case Rule: return LintFinding::ruleId(f.rule);
        case Packet: return u"#%1"_s.arg(f.row + 1);
        case Message: return f.message;
        }
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
    case Packet: return u"Packet"_s;
    case Message: return u"Finding"_s;
    }
    return {};
}
