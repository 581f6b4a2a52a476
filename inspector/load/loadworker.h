#ifndef LOADWORKER_H
#define LOADWORKER_H

#include "loadreport.h"
#include "scenario.h"
#include "virtualuser.h"

#include <QtCore/qlist.h>
#include <QtCore/qobject.h>
#include <QtCore/qset.h>
#include <QtCore/qtimer.h>

#include <atomic>
#include <chrono>

// Counters that every worker updates and the progress line reads from the main thread.
struct LiveCounters {
    std::atomic<qint64> started{0}, active{0}, completed{0}, failed{0}, skipped{0};
    std::atomic<qint64> emits{0}, acks{0}, errors{0}, reconnects{0};
};

// The users of one event loop: starts them at their arrival times and keeps its own report.
// With --threads N each worker lives in a thread of its own; nothing is shared with the other
// workers but the LiveCounters.
class LoadWorker : public QObject
{
    Q_OBJECT
public:
    using Clock = std::chrono::steady_clock;
    struct Arrival {
        qint64 atMs;  // from the start of the run
        qint64 user;  // index in the whole run
    };

    LoadWorker(const Scenario &scenario, QList<Arrival> arrivals, LiveCounters *live, qint64 maxActive,
               Clock::time_point start, QObject *parent = nullptr);

    const Scenario &scenario() const { return m_scenario; }
    LoadReport &report() { return m_report; }
    LiveCounters &live() { return *m_live; }
    bool isWaitedFor(const QString &event) const { return m_waitedEvents.contains(event); }
    // The second of the run, for the timeline.
    qint64 second() const;

    void userEnded(VirtualUser *user, VirtualUser::Outcome outcome);

public Q_SLOTS:
    void start();
    void stop(); // the grace period is over: abandon the users still running

Q_SIGNALS:
    void finished();

private:
    void startDueUsers();
    void checkFinished();

    const Scenario &m_scenario;
    const QList<Arrival> m_arrivals;
    LiveCounters *const m_live;
    const qint64 m_maxActive;
    const Clock::time_point m_start;
    qsizetype m_next = 0;          // the next arrival
    qint64 m_running = 0;          // users of this worker
    QSet<QString> m_waitedEvents;  // events some wait step waits for
    QTimer m_arrivalTimer;
    LoadReport m_report;
    bool m_stopped = false;
    bool m_finished = false;
};

#endif // LOADWORKER_H
