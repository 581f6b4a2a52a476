#include "loadrunner.h"

#include <QtCore/qdatetime.h>
#include <QtCore/qthread.h>

#include <sys/resource.h>

#include <cstdio>

using namespace Qt::StringLiterals;

LoadRunner::LoadRunner(const Scenario &scenario, const Options &options, QObject *parent)
    : QObject(parent), m_scenario(scenario), m_options(options)
{
    m_progressTimer.setInterval(std::chrono::seconds(std::max(1, options.progressSeconds)));
    connect(&m_progressTimer, &QTimer::timeout, this, &LoadRunner::printProgress);
    m_graceTimer.setSingleShot(true);
    connect(&m_graceTimer, &QTimer::timeout, this, &LoadRunner::stopWorkers);
}

LoadRunner::~LoadRunner()
{
    for (QThread *thread : std::as_const(m_threads)) {
        thread->quit();
        thread->wait();
    }
    qDeleteAll(m_threads);
}

void LoadRunner::start()
{
    // User k belongs to shard k mod N, then to worker (k div N) mod threads: every shard
    // computes the same arrival list and takes its share, so shards add up to one run.
    const QList<qint64> arrivals = m_scenario.arrivals();
    QList<QList<LoadWorker::Arrival>> shares(m_options.threads);
    for (qint64 user = m_options.shardIndex; user < arrivals.size(); user += m_options.shardCount) {
        shares[(user / m_options.shardCount) % m_options.threads].append({arrivals.at(user), user});
        ++m_userCount;
    }
    // maxUsers is for the whole run: each shard holds its part of it.
    const qint64 maxActive = m_scenario.maxUsers > 0
            ? std::max<qint64>(1, (m_scenario.maxUsers + m_options.shardCount - 1) / m_options.shardCount) : 0;

    const auto start = LoadWorker::Clock::now();
    m_elapsed.start();
    m_startedAtMs = QDateTime::currentMSecsSinceEpoch();
    for (int i = 0; i < m_options.threads; ++i) {
        auto *worker = new LoadWorker(m_scenario, shares.at(i), &m_live, maxActive, start);
        if (m_options.threads > 1) {
            auto *thread = new QThread;
            thread->setObjectName(u"load worker %1"_s.arg(i));
            worker->moveToThread(thread);
            connect(thread, &QThread::finished, worker, &QObject::deleteLater);
            thread->start();
            m_threads.append(thread);
        } else {
            worker->setParent(this);
        }
        connect(worker, &LoadWorker::finished, this, &LoadRunner::onWorkerFinished, Qt::QueuedConnection);
        m_workers.append(worker);
        ++m_running;
        QMetaObject::invokeMethod(worker, &LoadWorker::start, Qt::QueuedConnection);
    }
    if (m_options.progressSeconds > 0)
        m_progressTimer.start();
    m_graceTimer.start(std::chrono::milliseconds(m_scenario.lastPhaseEndMs() + qint64(m_options.graceSeconds) * 1000));
}

void LoadRunner::stopWorkers()
{
    std::fprintf(stderr, "socketio-load: grace period over, stopping %lld running user(s)\n",
                 qlonglong(m_live.active.load()));
    for (LoadWorker *worker : std::as_const(m_workers))
        QMetaObject::invokeMethod(worker, &LoadWorker::stop, Qt::QueuedConnection);
}

void LoadRunner::printProgress()
{
    const qint64 now = m_elapsed.elapsed();
    const qint64 emits = m_live.emits.load();
    const double rate = now > m_lastProgressMs ? double(emits - m_lastEmits) * 1000.0 / double(now - m_lastProgressMs) : 0;
    m_lastEmits = emits;
    m_lastProgressMs = now;
    std::fprintf(stderr, "[%6.1fs] users %lld/%lld active %lld done %lld failed %lld skipped %lld | emits %lld (%.0f/s) acks %lld | reconnects %lld errors %lld\n",
                 double(now) / 1000.0, qlonglong(m_live.started.load()), qlonglong(m_userCount),
                 qlonglong(m_live.active.load()), qlonglong(m_live.completed.load()),
                 qlonglong(m_live.failed.load()), qlonglong(m_live.skipped.load()), qlonglong(emits), rate,
                 qlonglong(m_live.acks.load()), qlonglong(m_live.reconnects.load()), qlonglong(m_live.errors.load()));
}

void LoadRunner::onWorkerFinished()
{
    if (--m_running > 0)
        return;
    m_progressTimer.stop();
    m_graceTimer.stop();
    // Every worker is done and touches its report no more.
    for (LoadWorker *worker : std::as_const(m_workers))
        m_report.merge(worker->report());
    m_report.scenario = m_scenario.name;
    m_report.shard = u"%1/%2"_s.arg(m_options.shardIndex).arg(m_options.shardCount);
    m_report.threads = m_options.threads;
    m_report.startedAtMs = m_startedAtMs;
    m_report.durationMs = m_elapsed.elapsed();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    m_report.cpuSeconds = double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    m_report.peakRssKb = usage.ru_maxrss;
    Q_EMIT finished();
}
