#include "trafficmodel.h"

#include "capturesession.h"
#include "theme.h"

#include <SocketIOQt/socketiopacket.h>

#include <QtCore/qdatetime.h>
#include <QtGui/qbrush.h>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

TrafficModel::TrafficModel(CaptureSession *session, QObject *parent)
    : QAbstractTableModel(parent), m_session(session)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(100);
    connect(&m_timer, &QTimer::timeout, this, &TrafficModel::flush);
    connect(session, &CaptureSession::packetAdded, this, &TrafficModel::scheduleFlush);
    connect(session, &CaptureSession::packetChanged, this, &TrafficModel::onPacketChanged);
    connect(session, &CaptureSession::cleared, this, [this] {
        beginResetModel();
        m_rows = 0;
        m_changed.clear();
        endResetModel();
        Q_EMIT heldBackChanged(0);
    });
    m_rows = session->packetCount();
}

void TrafficModel::scheduleFlush()
{
    if (m_paused) {
        Q_EMIT heldBackChanged(heldBack());
        return;
    }
    if (!m_timer.isActive())
        m_timer.start();
}

void TrafficModel::onPacketChanged(int row)
{
    if (row < m_rows) {
        m_changed.insert(row);
        scheduleFlush();
    }
}

void TrafficModel::flush()
{
    m_timer.stop();
    const int total = m_session->packetCount();
    if (total > m_rows) {
        beginInsertRows({}, m_rows, total - 1);
        m_rows = total;
        endInsertRows();
    }
    if (!m_changed.isEmpty()) {
        // One signal for the span of changed rows: cheap for the views.
        int lo = std::numeric_limits<int>::max(), hi = -1;
        for (int row : std::as_const(m_changed)) {
            lo = qMin(lo, row);
            hi = qMax(hi, row);
        }
        m_changed.clear();
        Q_EMIT dataChanged(index(lo, 0), index(hi, ColumnCount - 1));
    }
    Q_EMIT heldBackChanged(0);
}

void TrafficModel::setPaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    if (!paused)
        flush();
    Q_EMIT pausedChanged(paused);
}

int TrafficModel::heldBack() const
{
    return m_session->packetCount() - m_rows;
}

int TrafficModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int TrafficModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString TrafficModel::summary(int row) const
{
    const CapturedPacket &p = m_session->packet(row);
    if (p.firstFinding >= 0) {
        const LintFinding &f = m_session->linter().finding(p.firstFinding);
        return u"⚠ "_s + f.message;
    }
    if (p.isAttachment())
        return u"attachment %1 of #%2"_s.arg(p.attachmentIndex).arg(p.parent + 1);
    if (p.flags & CapturedPacket::Incomplete)
        return u"waiting for %1 attachment(s)"_s.arg(p.attachments);
    if (p.ackEntry >= 0) {
        const AckEntry &e = m_session->acks().entry(p.ackEntry);
        const bool isRequest = e.requestRow == row;
        switch (e.status) {
        case AckEntry::Pending:
            return u"awaiting ack"_s;
        case AckEntry::TimedOut:
            return u"ack timed out"_s;
        case AckEntry::Answered:
            return isRequest ? u"↩ acked in %1 (#%2)%3"_s.arg(Theme::formatMs(e.rttMs())).arg(e.answerRow + 1)
                                       .arg(e.late ? u", late"_s : QString())
                             : u"answers #%1 after %2"_s.arg(e.requestRow + 1).arg(Theme::formatMs(e.rttMs()));
        case AckEntry::Unknown:
        case AckEntry::Duplicate:
            return AckEntry::statusName(e.status);
        }
    }
    switch (p.packet.type()) {
    case EngineIOPacket::Open: {
        const EngineStreamInfo info = m_session->timeline().streamInfo(p.stream);
        return u"sid %1 · ping %2/%3 ms"_s.arg(info.sid).arg(info.pingInterval).arg(info.pingTimeout);
    }
    case EngineIOPacket::Ping:
    case EngineIOPacket::Pong:
        return p.packet.data() == "probe" ? u"upgrade probe"_s : u"heartbeat"_s;
    case EngineIOPacket::Upgrade:
        return u"upgrade to %1"_s.arg(p.transport);
    default:
        break;
    }
    if (p.sioType == SocketIOPacket::Connect && p.direction == SocketIO::Direction::Incoming)
        return u"connected"_s;
    if (p.sioType == SocketIOPacket::ConnectError)
        return QString::fromUtf8(p.packet.data().mid(p.packet.data().indexOf('{'))).left(120);
    if (p.attachments > 0)
        return u"%1 attachment(s)"_s.arg(p.attachments);
    return {};
}

QVariant TrafficModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows)
        return {};
    const int row = index.row();
    const CapturedPacket &p = m_session->packet(row);

    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Number:
            return row + 1;
        case Time:
            return QString::number(double(p.timeUs - m_session->firstTimeUs()) / 1e6, 'f', 3);
        case Connection:
            return p.stream + 1;
        case Direction:
            return Theme::directionArrow(p.direction);
        case Transport:
            return p.transport;
        case EngineType:
            return p.packet.isBinary() ? u"message (bin)"_s : EngineIOPacket::typeName(p.packet.type());
        case SocketType:
            if (p.isAttachment())
                return u"attachment"_s;
            return p.sioType >= 0 ? SocketIOPacket::typeName(SocketIOPacket::Type(p.sioType)) : QString();
        case Namespace:
            return p.nsp;
        case Event:
            return p.event;
        case AckId:
            return p.ackId >= 0 ? QVariant(p.ackId) : QVariant();
        case Size:
            return p.size();
        case Info:
            return summary(row);
        }
        break;
    case Qt::ForegroundRole:
        if (index.column() == Direction)
            return QBrush(Theme::directionColor(p.direction));
        if (index.column() == Info && p.firstFinding >= 0)
            return QBrush(Theme::severityColor(m_session->linter().finding(p.firstFinding).severity()));
        if (index.column() == Info && p.ackEntry >= 0) {
            const AckEntry &e = m_session->acks().entry(p.ackEntry);
            return QBrush(Theme::ackStatusColor(e.status, e.late));
        }
        if (p.isAttachment() || p.packet.type() == EngineIOPacket::Ping || p.packet.type() == EngineIOPacket::Pong
                || p.packet.type() == EngineIOPacket::Noop)
            return QBrush(Theme::mutedText());
        break;
    case Qt::BackgroundRole:
        if (p.flags & CapturedPacket::HasFinding) {
            const LintFinding::Severity s = m_session->linter().finding(p.firstFinding).severity();
            if (s == LintFinding::Error)
                return QBrush(QColor(0xfd, 0xec, 0xec));
            if (s == LintFinding::Warning)
                return QBrush(QColor(0xfd, 0xf6, 0xe3));
        }
        return QBrush(Theme::directionBackground(p.direction));
    case Qt::TextAlignmentRole:
        if (index.column() == Number || index.column() == Time || index.column() == Size
                || index.column() == AckId || index.column() == Connection)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::ToolTipRole:
        if (index.column() == Info) {
            if (p.firstFinding >= 0) {
                const LintFinding &f = m_session->linter().finding(p.firstFinding);
                return u"%1: %2\n%3"_s.arg(LintFinding::ruleId(f.rule), f.message, LintFinding::hint(f.rule));
            }
            return summary(row);
        }
        if (index.column() == Time)
            return QDateTime::fromMSecsSinceEpoch(p.timeUs / 1000).toString(Qt::ISODateWithMs);
        if (index.column() == Connection) {
            const QString label = m_session->streamLabel(p.stream);
            return label.isEmpty() ? u"Connection %1"_s.arg(p.stream + 1)
                                   : u"Connection %1: %2"_s.arg(p.stream + 1).arg(label);
        }
        break;
    case RowRole:
        return row;
    }
    return {};
}

QVariant TrafficModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Number: return u"#"_s;
    case Time: return u"Time (s)"_s;
    case Connection: return u"Conn"_s;
    case Direction: return u"Dir"_s;
    case Transport: return u"Transport"_s;
    case EngineType: return u"Engine.IO"_s;
    case SocketType: return u"Socket.IO"_s;
    case Namespace: return u"Namespace"_s;
    case Event: return u"Event"_s;
    case AckId: return u"Ack"_s;
    case Size: return u"Size"_s;
    case Info: return u"Info"_s;
    }
    return {};
}
