#ifndef ACKLEDGER_H
#define ACKLEDGER_H

#include <SocketIOQt/socketio.h>

#include <QtCore/qhash.h>
#include <QtCore/qlist.h>
#include <QtCore/qset.h>

// One acknowledgement round trip: a request (an EVENT carrying an ack id) and
// its answer (an ACK with the same id on the same namespace), in either
// direction. Answers without a request are entries too (Unknown, Duplicate).
struct AckEntry
{
    enum Status {
        Pending,   // asked, no answer yet
        Answered,  // paired (late when it came after the timeout)
        TimedOut,  // no answer within the timeout
        Unknown,   // an answer whose id no request used
        Duplicate  // a second answer to an already answered request
    };

    Status status = Pending;
    int stream = 0;
    SocketIOQt::SocketIO::Direction requestDirection = SocketIOQt::SocketIO::Direction::Outgoing; // Outgoing: the client asked
    QString nsp;
    QString event;
    qint64 id = -1;
    int requestRow = -1;
    int answerRow = -1;
    qint64 requestTimeUs = 0;
    qint64 answerTimeUs = 0;
    int timeoutMs = 0;      // 0: never times out
    bool late = false;      // answered after it had timed out
    int related = -1;       // Duplicate: the answered entry; Unknown: a request on another namespace

    bool hasRoundTrip() const { return status == Answered; }
    double rttMs() const { return (answerTimeUs - requestTimeUs) / 1000.0; }
    static QString statusName(Status status);
};

// Pairs ack requests with their answers. Keys are (stream, direction of the
// request, namespace, id); a new CONNECT of a namespace starts a new key space
// (servers restart their ids per socket), so ids reused across reconnections
// are not mistaken for duplicates.
class AckLedger
{
public:
    enum class Match { Answered, Late, Unknown, Duplicate, WrongNamespace };

    int addRequest(int stream, SocketIOQt::SocketIO::Direction direction, const QString &nsp, qint64 id,
                   const QString &event, int row, qint64 timeUs, int timeoutMs);
    // An ACK travelling in `direction` answers a request that went the other way.
    // Returns the entry it created or updated.
    int addAnswer(int stream, SocketIOQt::SocketIO::Direction direction, const QString &nsp, qint64 id, int row,
                  qint64 timeUs, Match *match = nullptr);
    // Pending requests older than their timeout become TimedOut; returns them.
    QList<int> expire(qint64 nowUs);
    // Marks one pending request as timed out now (the client's own timer fired).
    int markTimedOut(int stream, SocketIOQt::SocketIO::Direction direction, const QString &nsp, qint64 id);
    void startNamespaceSession(int stream, const QString &nsp);
    void clear();

    int count() const { return int(m_entries.size()); }
    const AckEntry &entry(int index) const { return m_entries[index]; }
    const QList<AckEntry> &entries() const { return m_entries; }
    int pendingCount() const { return int(m_pending.size()); }

private:
    struct Key {
        int stream;
        int direction;
        QString nsp;
        int generation;
        qint64 id;
        friend bool operator==(const Key &a, const Key &b)
        {
            return a.stream == b.stream && a.direction == b.direction && a.id == b.id
                    && a.generation == b.generation && a.nsp == b.nsp;
        }
        friend size_t qHash(const Key &k, size_t seed = 0)
        {
            return qHashMulti(seed, k.stream, k.direction, k.nsp, k.generation, k.id);
        }
    };
    Key key(int stream, SocketIOQt::SocketIO::Direction requestDirection, const QString &nsp, qint64 id) const;

    QList<AckEntry> m_entries;
    QHash<Key, int> m_open;      // request entries by key: pending, timed out, or answered
    QSet<int> m_pending;         // entries still Pending
    QHash<QPair<int, QString>, int> m_generation; // (stream, nsp) -> CONNECT count
};

#endif // ACKLEDGER_H
