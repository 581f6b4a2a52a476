#ifndef VIRTUALUSER_H
#define VIRTUALUSER_H

#include "scenario.h"

#include <QtCore/qbasictimer.h>
#include <QtCore/qhash.h>
#include <QtCore/qobject.h>
#include <QtCore/qvarlengtharray.h>

#include <chrono>

namespace SocketIOQt {
class Namespace;
class SocketIO;
}
class LoadWorker;

// One simulated user: runs the scenario's steps on its own connection, recording what it
// measures in its worker's report. Everything happens on the worker's event loop; a step that
// waits (ack, event, sleep, connect) resumes from the signal or timer that ends it.
class VirtualUser : public QObject
{
    Q_OBJECT
public:
    enum class Outcome { Completed, Failed, Unfinished };

    VirtualUser(LoadWorker *worker, qint64 index, QObject *parent = nullptr);

    void start();
    // The run is over: count this user as unfinished and close.
    void abandon();
    qint64 index() const { return m_index; }

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    using Clock = std::chrono::steady_clock;

    void run();                   // runs steps until one waits or the end
    bool runStep(const Scenario::Step &step); // false: it waits, the user resumes later
    bool connectStep(const Scenario::Step &step);
    bool emitStep(const Scenario::Step &step);
    bool waitStep(const Scenario::Step &step);
    bool sleepStep(const Scenario::Step &step);
    void disconnectStep(const Scenario::Step &step);
    SocketIOQt::Namespace *joinNamespace(const Scenario::Step &step);
    void onEvent(const QString &event);
    void resume();                // after a waiting step
    void finish(Outcome outcome, const QString &error = {});
    void armTimeout(qint64 ms, const QString &errorKind); // a waiting step that may never end
    void startStepTimer(qint64 ms);
    void onTimeout();
    ScenarioVariables::Context context();
    quint32 nextRandom();
    qint64 micros(Clock::time_point since) const;

    LoadWorker *const m_worker;
    const Scenario &m_scenario;
    const qint64 m_index;
    SocketIOQt::SocketIO *m_io = nullptr;
    QHash<QString, SocketIOQt::Namespace *> m_namespaces;
    QHash<QString, qint64> m_unconsumed; // events a wait step may consume, by name
    struct LoopFrame { int step; qint64 iteration; };
    QVarLengthArray<LoopFrame, 4> m_loops;
    int m_pc = 0;                 // the step running or next
    quint64 m_waitToken = 0;      // a timer or callback for an older wait is ignored
    bool m_waiting = false;       // the current step waits
    bool m_done = false;
    bool m_handshakeSeen = false;
    // The one timer of the waiting step (a sleep, or the timeout of a connect or wait), stopped
    // when the step ends: with thousands of users, timers left to expire on their own would
    // fill Qt's timer list, whose every registration and removal walks it.
    QBasicTimer m_stepTimer;
    bool m_stepTimerIsSleep = false;
    QString m_timeoutKind;
    quint32 m_random;
    Clock::time_point m_stepStart;
    Clock::time_point m_openStart;
};

#endif // VIRTUALUSER_H
