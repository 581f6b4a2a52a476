#ifndef MOCKSESSION_H
#define MOCKSESSION_H

#include "mockscript.h"

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qhash.h>
#include <QtCore/qobject.h>
#include <QtCore/qtimer.h>

#include <utility>

class JsonLineWriter;
class PacketMatcher;

namespace SocketIOQt::Test { class TestServer; }

// One client session served from a script: sends the recorded server packets, each once the
// client packets recorded before it came and its recorded delay passed, and checks what the
// client sends against the recorded client packets, reporting every mismatch.
//
// Order: a client packet is matched against the recorded client packets up to the next server
// packet (and past a server packet that is only waiting for its time, since a live client may
// be a little ahead of the recorded timing), the first of the same kind (type, namespace, event
// or ack id) first. So the order of client packets is checked between server packets, not
// within a run of client packets that the server answered together.
class MockSession : public QObject
{
    Q_OBJECT
public:
    struct Settings {
        double speed = 1.0;
        bool fast = false;
        int timeoutMs = 10000; // 0: no timeout
    };

    MockSession(SocketIOQt::Test::TestServer *server, const QString &sessionId, const MockScript &script,
                const PacketMatcher &matcher, const Settings &settings, JsonLineWriter *out,
                QObject *parent = nullptr);
    ~MockSession() override;

    void start();
    void receive(const SocketIOQt::SocketIOPacket &packet);
    // The session closed: reports the recorded client packets that never came, and the counts.
    void finish(const QString &reason);

    int checked() const { return m_checked; }
    int mismatches() const { return m_mismatches; }
    bool timedOut() const { return m_timedOut; }

private:
    void advance();
    void send(const MockScript::Step &step);
    int candidate(const SocketIOQt::SocketIOPacket &got) const;
    int firstUnmatched() const;
    void reportMismatch(int index, const QString &kind, const SocketIOQt::SocketIOPacket *got);
    void onTimeout();

    SocketIOQt::Test::TestServer *m_server;
    QString m_sessionId;
    const MockScript &m_script;
    const PacketMatcher &m_matcher;
    Settings m_settings;
    JsonLineWriter *m_out;

    QList<bool> m_matched;      // per step: a client packet took its place
    qsizetype m_cursor = 0;     // the first step not done
    QElapsedTimer m_sinceLast;  // since the last step was done: the recorded delays count from there
    QTimer m_stepTimer;         // a server packet waiting for its time
    QTimer m_idle;              // waiting for the client (--timeout)
    // Recorded ack id of a client's emit -> the id the live client gave it, per namespace.
    QHash<std::pair<QString, qint64>, qint64> m_ackIds;
    int m_checked = 0;
    int m_mismatches = 0;
    int m_sent = 0;
    bool m_timedOut = false;
    bool m_finished = false;
};

#endif // MOCKSESSION_H
