#include "trafficfilterproxy.h"

#include "capturesession.h"
#include "trafficmodel.h"

#include <SocketIOQt/socketiopacket.h>

using namespace SocketIOQt;

TrafficFilterProxy::TrafficFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
}

void TrafficFilterProxy::setSession(CaptureSession *session)
{
    m_session = session;
    refilter();
}

void TrafficFilterProxy::refilter()
{
    // One layout change rather than invalidateRowsFilter()'s insertions and
    // removals per range: with interleaved matches over 100,000 rows those
    // are tens of thousands of signals for the view.
    invalidate();
}

void TrafficFilterProxy::setDirectionFilter(DirectionFilter direction)
{
    if (m_direction == direction)
        return;
    m_direction = direction;
    refilter();
}

void TrafficFilterProxy::setNamespaceFilter(const QString &nsp)
{
    if (m_nsp == nsp)
        return;
    m_nsp = nsp;
    refilter();
}

void TrafficFilterProxy::setEventFilter(const QString &event)
{
    if (m_event == event)
        return;
    m_event = event;
    refilter();
}

void TrafficFilterProxy::setKind(Kind kind)
{
    if (m_kind == kind)
        return;
    m_kind = kind;
    refilter();
}

void TrafficFilterProxy::setText(const QString &text)
{
    if (m_text == text)
        return;
    m_text = text;
    bool ascii = true;
    for (QChar c : text)
        ascii = ascii && c.unicode() < 128;
    m_textLatin1 = ascii ? text.toLatin1().toLower() : QByteArray();
    refilter();
}

void TrafficFilterProxy::setHideHeartbeats(bool hide)
{
    if (m_hideHeartbeats == hide)
        return;
    m_hideHeartbeats = hide;
    refilter();
}

void TrafficFilterProxy::clearFilters()
{
    m_direction = DirectionFilter::Both;
    m_nsp.clear();
    m_event.clear();
    m_kind = Kind::All;
    m_text.clear();
    m_textLatin1.clear();
    m_hideHeartbeats = false;
    refilter();
}

bool TrafficFilterProxy::isFiltering() const
{
    return m_direction != DirectionFilter::Both || !m_nsp.isEmpty() || !m_event.isEmpty() || m_kind != Kind::All
            || !m_text.isEmpty() || m_hideHeartbeats;
}

// ASCII case-insensitive search of a lower-case needle: a byte loop, much
// faster than the general Unicode-aware search over 100,000 frames.
static bool containsFolded(const QByteArray &haystack, const QByteArray &needle)
{
    const qsizetype n = needle.size();
    if (n == 0)
        return true;
    const char *h = haystack.constData();
    const char *const last = h + haystack.size() - n;
    const char first = needle[0];
    const auto fold = [](char c) { return c >= 'A' && c <= 'Z' ? char(c + 32) : c; };
    for (; h <= last; ++h) {
        if (fold(*h) != first)
            continue;
        qsizetype k = 1;
        while (k < n && fold(h[k]) == needle[k])
            ++k;
        if (k == n)
            return true;
    }
    return false;
}

// The search looks at frames as the raw view shows them: the Engine.IO type digit, then the
// data ("42[\"echo\"" finds the events). A match through the digit starts at the digit.
static bool frameContainsFolded(const CapturedPacket &p, const QByteArray &needle)
{
    const QByteArray &data = p.packet.data();
    if (containsFolded(data, needle))
        return true;
    if (p.packet.isBinary() || needle.isEmpty() || needle[0] != char('0' + int(p.packet.type())))
        return false;
    const QByteArray rest = needle.mid(1);
    return data.size() >= rest.size() && containsFolded(data.left(rest.size()), rest);
}

static QString frameText(const CapturedPacket &p)
{
    const QString data = QString::fromUtf8(p.packet.data());
    return p.packet.isBinary() ? data : QString::number(int(p.packet.type())) + data;
}

static bool isHeartbeat(const CapturedPacket &p)
{
    return p.packet.type() == EngineIOPacket::Ping || p.packet.type() == EngineIOPacket::Pong;
}

bool TrafficFilterProxy::acceptsPacket(int row) const
{
    if (!m_session || row >= m_session->packetCount())
        return true;
    const CapturedPacket &p = m_session->packet(row);

    if (m_direction == DirectionFilter::Incoming && p.direction != SocketIO::Direction::Incoming)
        return false;
    if (m_direction == DirectionFilter::Outgoing && p.direction != SocketIO::Direction::Outgoing)
        return false;
    if (m_hideHeartbeats && isHeartbeat(p))
        return false;
    if (!m_nsp.isEmpty() && p.nsp != m_nsp)
        return false;
    if (!m_event.isEmpty() && !p.event.contains(m_event, Qt::CaseInsensitive))
        return false;

    switch (m_kind) {
    case Kind::All:
        break;
    case Kind::Events:
        if (p.sioType != SocketIOPacket::Event && p.sioType != SocketIOPacket::BinaryEvent)
            return false;
        break;
    case Kind::Acks:
        if (p.sioType != SocketIOPacket::Ack && p.sioType != SocketIOPacket::BinaryAck && p.ackEntry < 0)
            return false;
        break;
    case Kind::Lifecycle:
        if (!(p.sioType == SocketIOPacket::Connect || p.sioType == SocketIOPacket::Disconnect
              || p.sioType == SocketIOPacket::ConnectError || p.packet.type() == EngineIOPacket::Open
              || p.packet.type() == EngineIOPacket::Close || p.packet.type() == EngineIOPacket::Upgrade)) {
            return false;
        }
        break;
    case Kind::Heartbeat:
        if (!isHeartbeat(p))
            return false;
        break;
    case Kind::Binary:
        if (!p.isAttachment() && p.attachments == 0)
            return false;
        break;
    case Kind::Problems:
        if (!(p.flags & (CapturedPacket::HasFinding | CapturedPacket::DecodeError)))
            return false;
        break;
    }

    if (!m_text.isEmpty()) {
        if (p.event.contains(m_text, Qt::CaseInsensitive) || p.nsp.contains(m_text, Qt::CaseInsensitive))
            return true;
        if (!m_textLatin1.isEmpty())
            return frameContainsFolded(p, m_textLatin1);
        return frameText(p).contains(m_text, Qt::CaseInsensitive);
    }
    return true;
}

bool TrafficFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (sourceParent.isValid())
        return false;
    return acceptsPacket(sourceRow);
}

bool TrafficFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (!m_session)
        return QSortFilterProxyModel::lessThan(left, right);
    const CapturedPacket &a = m_session->packet(left.row());
    const CapturedPacket &b = m_session->packet(right.row());
    switch (left.column()) {
    case TrafficModel::Number:
    case TrafficModel::Time:
        return left.row() < right.row();
    case TrafficModel::Size:
        return a.size() < b.size();
    case TrafficModel::AckId:
        return a.ackId < b.ackId;
    default:
        return QSortFilterProxyModel::lessThan(left, right);
    }
}
