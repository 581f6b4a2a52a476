#include "ackledgermodel.h"

#include "capturesession.h"
#include "theme.h"

#include <QtGui/qbrush.h>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

AckLedgerModel::AckLedgerModel(CaptureSession *session, QObject *parent)
    : QAbstractTableModel(parent), m_session(session)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(150);
    connect(&m_timer, &QTimer::timeout, this, &AckLedgerModel::flush);
    const auto schedule = [this] {
        if (!m_timer.isActive())
            m_timer.start();
    };
    connect(session, &CaptureSession::ackAdded, this, schedule);
    connect(session, &CaptureSession::ackChanged, this, [this, schedule](int index) {
        if (index < m_rows) {
            m_changedLo = m_changedLo < 0 ? index : qMin(m_changedLo, index);
            m_changedHi = qMax(m_changedHi, index);
        }
        schedule();
    });
    connect(session, &CaptureSession::cleared, this, [this] {
        beginResetModel();
        m_rows = 0;
        m_changedLo = m_changedHi = -1;
        endResetModel();
        Q_EMIT updated();
    });
    m_rows = session->acks().count();
}

void AckLedgerModel::flush()
{
    m_timer.stop();
    const int total = m_session->acks().count();
    if (total > m_rows) {
        beginInsertRows({}, m_rows, total - 1);
        m_rows = total;
        endInsertRows();
    }
    if (m_changedLo >= 0) {
        Q_EMIT dataChanged(index(m_changedLo, 0), index(m_changedHi, ColumnCount - 1));
        m_changedLo = m_changedHi = -1;
    }
    Q_EMIT updated();
}

int AckLedgerModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int AckLedgerModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AckLedgerModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows)
        return {};
    const AckEntry &e = m_session->acks().entry(index.row());
    const qint64 sentUs = e.requestRow >= 0 ? e.requestTimeUs : e.answerTimeUs;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Status:
            return e.late ? u"answered late"_s : AckEntry::statusName(e.status);
        case Asker:
            return e.requestDirection == SocketIO::Direction::Outgoing ? u"client"_s : u"server"_s;
        case Namespace:
            return e.nsp;
        case Event:
            return e.event;
        case Id:
            return e.id;
        case Sent:
            return QString::number(double(sentUs - m_session->firstTimeUs()) / 1e6, 'f', 3);
        case Rtt:
            return e.status == AckEntry::Answered ? Theme::formatMs(e.rttMs()) : QString();
        case Request:
            return e.requestRow >= 0 ? QVariant(u"#%1"_s.arg(e.requestRow + 1)) : QVariant();
        case Answer:
            return e.answerRow >= 0 ? QVariant(u"#%1"_s.arg(e.answerRow + 1)) : QVariant();
        }
        break;
    case Qt::ForegroundRole:
        if (index.column() == Status || index.column() == Rtt)
            return QBrush(Theme::ackStatusColor(e.status, e.late));
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == Id || index.column() == Sent || index.column() == Rtt)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::ToolTipRole:
        if (index.column() == Status) {
            switch (e.status) {
            case AckEntry::Pending: return u"Asked, no answer yet"_s;
            case AckEntry::Answered: return e.late ? u"Answered after the timeout"_s : u"Answered in time"_s;
            case AckEntry::TimedOut: return u"No answer within %1 ms"_s.arg(e.timeoutMs);
            case AckEntry::Unknown: return u"An ack whose id no request used"_s;
            case AckEntry::Duplicate: return u"A second answer to the same request"_s;
            }
        }
        break;
    case EntryRole:
        return index.row();
    case RequestRowRole:
        return e.requestRow;
    case AnswerRowRole:
        return e.answerRow;
    case SortRole:
        switch (index.column()) {
        case Id: return e.id;
        case Sent: return sentUs;
        case Rtt: return e.status == AckEntry::Answered ? e.rttMs() : -1.0;
        case Request: return e.requestRow;
        case Answer: return e.answerRow;
        default: return data(index, Qt::DisplayRole);
        }
    }
    return {};
}

QVariant AckLedgerModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Status: return u"Status"_s;
    case Asker: return u"Asker"_s;
    case Namespace: return u"Namespace"_s;
    case Event: return u"Event"_s;
    case Id: return u"Id"_s;
    case Sent: return u"Sent (s)"_s;
    case Rtt: return u"Round trip"_s;
    case Request: return u"Request"_s;
    case Answer: return u"Answer"_s;
    }
    return {};
}
