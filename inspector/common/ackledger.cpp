#include "ackledger.h"

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

QString AckEntry::statusName(Status status)
{
    switch (status) {
    case Pending: return u"pending"_s;
    case Answered: return u"answered"_s;
    case TimedOut: return u"timed out"_s;
    case Unknown: return u"unknown id"_s;
    case Duplicate: return u"duplicate"_s;
    }
    return {};
}

static SocketIO::Direction opposite(SocketIO::Direction direction)
{
    return direction == SocketIO::Direction::Incoming ? SocketIO::Direction::Outgoing
                                                      : SocketIO::Direction::Incoming;
}

AckLedger::Key AckLedger::key(int stream, SocketIO::Direction requestDirection, const QString &nsp,
                              qint64 id) const
{
    return {stream, int(requestDirection), nsp, m_generation.value({stream, nsp}), id};
}

void AckLedger::startNamespaceSession(int stream, const QString &nsp)
{
    ++m_generation[{stream, nsp}];
}

int AckLedger::addRequest(int stream, SocketIO::Direction direction, const QString &nsp, qint64 id,
                          const QString &event, int row, qint64 timeUs, int timeoutMs)
{
    AckEntry e;
    e.stream = stream;
    e.requestDirection = direction;
    e.nsp = nsp;
    e.event = event;
    e.id = id;
    e.requestRow = row;
    e.requestTimeUs = timeUs;
    e.timeoutMs = timeoutMs;
    m_entries.append(e);
    const int index = int(m_entries.size() - 1);
    m_open.insert(key(stream, direction, nsp, id), index); // a reused id replaces the older request
    m_pending.insert(index);
    return index;
}

int AckLedger::addAnswer(int stream, SocketIO::Direction direction, const QString &nsp, qint64 id, int row,
                         qint64 timeUs, Match *match)
{
    const SocketIO::Direction requestDirection = opposite(direction);
    const auto found = m_open.constFind(key(stream, requestDirection, nsp, id));
    if (found != m_open.constEnd()) {
        AckEntry &request = m_entries[*found];
        if (request.status == AckEntry::Pending || request.status == AckEntry::TimedOut) {
            const bool late = request.status == AckEntry::TimedOut;
            request.status = AckEntry::Answered;
            request.late = late;
            request.answerRow = row;
            request.answerTimeUs = timeUs;
            m_pending.remove(*found);
            if (match)
                *match = late ? Match::Late : Match::Answered;
            return *found;
        }
        AckEntry dup = request;
        dup.status = AckEntry::Duplicate;
        dup.late = false;
        dup.answerRow = row;
        dup.answerTimeUs = timeUs;
        dup.related = *found;
        m_entries.append(dup);
        if (match)
            *match = Match::Duplicate;
        return int(m_entries.size() - 1);
    }

    AckEntry unknown;
    unknown.status = AckEntry::Unknown;
    unknown.stream = stream;
    unknown.requestDirection = requestDirection;
    unknown.nsp = nsp;
    unknown.id = id;
    unknown.answerRow = row;
    unknown.answerTimeUs = timeUs;
    // The same id still waiting on another namespace: answered in the wrong place.
    if (match)
        *match = Match::Unknown;
    for (int index : std::as_const(m_pending)) {
        const AckEntry &candidate = m_entries[index];
        if (candidate.stream == stream && candidate.requestDirection == requestDirection
                && candidate.id == id && candidate.nsp != nsp) {
            unknown.related = index;
            unknown.event = candidate.event;
            if (match)
                *match = Match::WrongNamespace;
            break;
        }
    }
    m_entries.append(unknown);
    return int(m_entries.size() - 1);
}

QList<int> AckLedger::expire(qint64 nowUs)
{
    QList<int> expired;
    for (int index : std::as_const(m_pending)) {
        AckEntry &e = m_entries[index];
        if (e.timeoutMs > 0 && nowUs - e.requestTimeUs >= qint64(e.timeoutMs) * 1000) {
            e.status = AckEntry::TimedOut;
            expired.append(index);
        }
    }
    for (int index : std::as_const(expired))
        m_pending.remove(index);
    std::sort(expired.begin(), expired.end());
    return expired;
}

int AckLedger::markTimedOut(int stream, SocketIO::Direction direction, const QString &nsp, qint64 id)
{
    const int index = m_open.value(key(stream, direction, nsp, id), -1);
    if (index < 0 || m_entries[index].status != AckEntry::Pending)
        return -1;
    m_entries[index].status = AckEntry::TimedOut;
    m_pending.remove(index);
    return index;
}

void AckLedger::clear()
{
    m_entries.clear();
    m_open.clear();
    m_pending.clear();
    m_generation.clear();
}
