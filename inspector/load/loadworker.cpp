#include "loadworker.h"

using namespace Qt::StringLiterals;

LoadWorker::LoadWorker(const Scenario &scenario, QList<Arrival> arrivals, LiveCounters *live, qint64 maxActive,
                       Clock::time_point start, QObject *parent)
    : QObject(parent), m_scenario(scenario), m_arrivals(std::move(arrivals)), m_live(live),
      m_maxActive(maxActive), m_start(start), m_arrivalTimer(this) // a child: it moves to the worker's thread
{
    for (const Scenario::Step &step : scenario.steps) {
        if (step.op == Scenario::Step::Wait)
            m_waitedEvents.insert(step.event);
    }
    m_arrivalTimer.setSingleShot(true);
    m_arrivalTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_arrivalTimer, &QTimer::timeout, this, &LoadWorker::startDueUsers);
}

qint64 LoadWorker::second() const
{
    return std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - m_start).count();
}

void LoadWorker::start()
{
    startDueUsers();
}

void LoadWorker::startDueUsers()
{
    if (m_stopped)
        return;
    const qint64 now = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - m_start).count();
    for (; m_next < m_arrivals.size() && m_arrivals.at(m_next).atMs <= now; ++m_next) {
        // maxUsers counts the users of the whole process, across workers.
        if (m_maxActive > 0 && m_live->active.load(std::memory_order_relaxed) >= m_maxActive) {
            m_report.add(LoadReport::UsersSkipped, second());
            ++m_live->skipped;
            continue;
        }
        ++m_running;
        ++m_live->active;
        ++m_live->started;
        m_report.add(LoadReport::UsersStarted, second());
        auto *user = new VirtualUser(this, m_arrivals.at(m_next).user, this);
        user->start();
    }
    if (m_next < m_arrivals.size())
        m_arrivalTimer.start(std::chrono::milliseconds(std::max<qint64>(0, m_arrivals.at(m_next).atMs - now)));
    else
        checkFinished();
}

void LoadWorker::userEnded(VirtualUser *user, VirtualUser::Outcome outcome)
{
    --m_running;
    --m_live->active;
    switch (outcome) {
    case VirtualUser::Outcome::Completed:
        m_report.add(LoadReport::UsersCompleted, second());
        ++m_live->completed;
        break;
    case VirtualUser::Outcome::Failed:
        m_report.add(LoadReport::UsersFailed, second());
        ++m_live->failed;
        break;
    case VirtualUser::Outcome::Unfinished:
        m_report.add(LoadReport::UsersUnfinished, second());
        break;
    }
    user->deleteLater();
    checkFinished();
}

void LoadWorker::stop()
{
    m_stopped = true;
    m_arrivalTimer.stop();
    for (VirtualUser *user : findChildren<VirtualUser *>(Qt::FindDirectChildrenOnly))
        user->abandon();
    checkFinished();
}

void LoadWorker::checkFinished()
{
    if (!m_finished && m_running == 0 && (m_stopped || m_next >= m_arrivals.size())) {
        m_stopped = true;
        m_finished = true;
        // After the users' deleteLater(): their connections close first.
        QMetaObject::invokeMethod(this, &LoadWorker::finished, Qt::QueuedConnection);
    }
}
