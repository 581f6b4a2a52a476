#ifndef LOADRUNNER_H
#define LOADRUNNER_H

#include "loadreport.h"
#include "loadworker.h"
#include "scenario.h"

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qlist.h>
#include <QtCore/qobject.h>
#include <QtCore/qtimer.h>

class QThread;

// Runs a scenario: takes this shard's share of the users, hands it to the workers (the main
// event loop, or --threads of their own), prints progress on stderr, stops the users that
// outlive the grace period and merges the workers' reports at the end.
class LoadRunner : public QObject
{
    Q_OBJECT
public:
    struct Options {
        int threads = 1;
        int shardIndex = 0;
        int shardCount = 1;
        int graceSeconds = 30;    // after the last phase, before running users are abandoned
        int progressSeconds = 5;  // 0: no progress line
    };

    LoadRunner(const Scenario &scenario, const Options &options, QObject *parent = nullptr);
    ~LoadRunner() override;

    void start();
    const LoadReport &report() const { return m_report; }

Q_SIGNALS:
    void finished();

private:
    void onWorkerFinished();
    void printProgress();
    void stopWorkers();

    const Scenario &m_scenario;
    const Options m_options;
    LiveCounters m_live;
    QList<LoadWorker *> m_workers;
    QList<QThread *> m_threads;
    int m_running = 0;
    QElapsedTimer m_elapsed;
    qint64 m_startedAtMs = 0;
    QTimer m_progressTimer;
    QTimer m_graceTimer;
    qint64 m_lastEmits = 0;
    qint64 m_lastProgressMs = 0;
    qint64 m_userCount = 0;   // this shard's share
    LoadReport m_report;
};

#endif // LOADRUNNER_H
