#include "virtualuser.h"

#include "loadworker.h"

#include <SocketIOQt/ackreply.h>
#include <SocketIOQt/namespace.h>
#include <SocketIOQt/socketio.h>

#include <QtCore/qcoreevent.h>

#include <limits>

using namespace SocketIOQt;
using namespace Qt::StringLiterals;

namespace {
constexpr qint64 DefaultWaitTimeoutMs = 10000;

QString ackErrorKind(AckReply::Error error)
{
    switch (error) {
    case AckReply::TimeoutError: return u"ack_timeout"_s;
    case AckReply::DisconnectedError: return u"ack_disconnected"_s;
    case AckReply::CanceledError: return u"ack_canceled"_s;
    case AckReply::NoError: break;
    }
    return u"ack_error"_s;
}
} // namespace

VirtualUser::VirtualUser(LoadWorker *worker, qint64 index, QObject *parent)
    : QObject(parent), m_worker(worker), m_scenario(worker->scenario()), m_index(index),
      m_random(quint32(index) * 2654435761u + 1) // deterministic per user, in every shard
{
}

void VirtualUser::start()
{
    run();
}

qint64 VirtualUser::micros(Clock::time_point since) const
{
    return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - since).count();
}

quint32 VirtualUser::nextRandom()
{
    // xorshift32: cheap, and the same sequence for a user in every shard.
    m_random ^= m_random << 13;
    m_random ^= m_random >> 17;
    m_random ^= m_random << 5;
    return m_random;
}

ScenarioVariables::Context VirtualUser::context()
{
    return {m_index, m_loops.isEmpty() ? 0 : m_loops.last().iteration, nextRandom()};
}

void VirtualUser::run()
{
    while (!m_done && m_pc < m_scenario.steps.size()) {
        if (!runStep(m_scenario.steps.at(m_pc))) {
            m_waiting = true;
            return;
        }
    }
    if (!m_done)
        finish(Outcome::Completed);
}

void VirtualUser::resume()
{
    if (!m_waiting || m_done)
        return;
    m_waiting = false;
    ++m_waitToken;
    m_stepTimer.stop();
    ++m_pc;
    run();
}

bool VirtualUser::runStep(const Scenario::Step &step)
{
    switch (step.op) {
    case Scenario::Step::Connect:
        if (!connectStep(step))
            return false; // resume() moves on
        break;
    case Scenario::Step::Emit:
        if (!emitStep(step))
            return false; // resume() moves on
        break;
    case Scenario::Step::Wait:
        if (!waitStep(step))
            return false; // resume() moves on
        break;
    case Scenario::Step::Sleep:
        if (!sleepStep(step))
            return false; // resume() moves on
        break;
    case Scenario::Step::Disconnect:
        disconnectStep(step);
        break;
    case Scenario::Step::Loop:
        m_loops.append({m_pc, 0});
        break;
    case Scenario::Step::EndLoop: {
        LoopFrame &frame = m_loops.last();
        if (++frame.iteration < m_scenario.steps.at(step.jump).count) {
            m_pc = step.jump + 1;
            return true;
        }
        m_loops.removeLast();
        break;
    }
    }
    ++m_pc;
    return true;
}

Namespace *VirtualUser::joinNamespace(const Scenario::Step &step)
{
    const ScenarioVariables &variables = m_scenario.variables;
    if (!m_io) {
        const Scenario::Connection &c = m_scenario.connection;
        m_io = new SocketIO(m_scenario.target, this);
        if (!c.path.isEmpty())
            m_io->setPath(c.path);
        m_io->setTransports(c.transports);
        m_io->setProtocol(c.protocol == 0 ? SocketIO::Auto : SocketIO::ProtocolVersion(c.protocol));
        m_io->setReconnection(c.reconnection);
        if (c.reconnectionDelay)
            m_io->setReconnectionDelay(*c.reconnectionDelay);
        if (c.reconnectionDelayMax)
            m_io->setReconnectionDelayMax(*c.reconnectionDelayMax);
        m_io->setTimeout(c.timeoutMs);
        if (!c.auth.isEmpty())
            m_io->setAuth(variables.expand(c.auth, context()).toMap());
        connect(m_io, &SocketIO::opened, this, [this] {
            if (!m_handshakeSeen) {
                m_handshakeSeen = true;
                m_worker->report().histogram(u"handshake"_s).record(quint64(micros(m_openStart)));
            }
        });
        connect(m_io, &SocketIO::reconnected, this, [this] {
            m_worker->report().add(LoadReport::Reconnects, m_worker->second());
            ++m_worker->live().reconnects;
        });
        connect(m_io, &SocketIO::errorOccurred, this, [this] {
            // Without reconnection a failed connection is the end of this user.
            if (!m_done && m_io->state() == SocketIO::Disconnected && !m_io->reconnection())
                finish(Outcome::Failed, u"connection_failed"_s);
        });
    }
    Namespace *ns = m_namespaces.value(step.nsp);
    if (ns) {
        if (step.auth)
            ns->setAuth(variables.expand(*step.auth, context()).toMap());
        ns->open();
        return ns;
    }
    ns = step.auth ? m_io->socket(step.nsp, variables.expand(*step.auth, context()).toMap())
                   : m_io->socket(step.nsp);
    m_namespaces.insert(step.nsp, ns);
    connect(ns, &Namespace::connected, this, [this] {
        m_worker->report().add(LoadReport::Connects, m_worker->second());
        if (m_waiting && m_scenario.steps.at(m_pc).op == Scenario::Step::Connect) {
            m_worker->report().histogram(u"connect"_s).record(quint64(micros(m_stepStart)));
            resume();
        }
    });
    connect(ns, &Namespace::connectError, this, [this](const QString &message) {
        // The server's message tells the kinds apart ("timeout", a middleware's refusal...).
        if (m_waiting && m_scenario.steps.at(m_pc).op == Scenario::Step::Connect)
            finish(Outcome::Failed, u"connect_error: "_s + message.left(80));
        else
            m_worker->report().addError(u"reconnect_error"_s, m_worker->second()); // an attempt while the connection is being restored
    });
    connect(ns, &Namespace::disconnected, this, [this](const QString &reason) {
        m_worker->report().addDisconnect(reason);
    });
    connect(ns, &Namespace::eventReceived, this, [this](const QString &event) { onEvent(event); });
    return ns;
}

bool VirtualUser::connectStep(const Scenario::Step &step)
{
    m_stepStart = Clock::now();
    Namespace *ns = joinNamespace(step);
    if (ns->isConnected())
        return true;
    if (m_io->state() == SocketIO::Disconnected) {
        m_openStart = m_stepStart;
        m_io->open();
    }
    armTimeout(m_scenario.connection.timeoutMs, u"connect_timeout"_s);
    return false;
}

bool VirtualUser::emitStep(const Scenario::Step &step)
{
    Namespace *ns = m_namespaces.value(step.nsp);
    const QVariantList args = step.templated ? m_scenario.variables.expand(step.args, context()).toList()
                                             : step.args.toList();
    LoadReport &report = m_worker->report();
    if (!step.ack) {
        if (ns->emitEvent(step.event, args)) {
            report.add(LoadReport::Emits, m_worker->second());
            ++m_worker->live().emits;
        } else {
            report.addError(u"emit_refused"_s, m_worker->second());
            ++m_worker->live().errors;
        }
        return true;
    }
    const qint64 timeout = step.timeoutMs > 0 ? step.timeoutMs : m_scenario.connection.ackTimeoutMs;
    const Clock::time_point sent = Clock::now();
    const quint64 token = m_waitToken;
    const QString event = step.event;
    report.add(LoadReport::Emits, m_worker->second());
    ++m_worker->live().emits;
    ns->timeout(std::chrono::milliseconds(timeout))
        .emitEvent(event, args, this, [this, sent, token, event](AckReply::Error error, const QVariantList &) {
            if (token != m_waitToken || m_done)
                return;
            LoadReport &report = m_worker->report();
            if (error == AckReply::NoError) {
                report.recordAck(event, m_worker->second(), quint64(micros(sent)));
                ++m_worker->live().acks;
            } else {
                report.addError(ackErrorKind(error), m_worker->second());
                ++m_worker->live().errors;
            }
            resume();
        });
    return false;
}

void VirtualUser::onEvent(const QString &event)
{
    m_worker->report().addEvent(event);
    if (!m_worker->isWaitedFor(event))
        return;
    qint64 &unconsumed = m_unconsumed[event];
    ++unconsumed;
    if (!m_waiting)
        return;
    const Scenario::Step &step = m_scenario.steps.at(m_pc);
    if (step.op == Scenario::Step::Wait && step.event == event && unconsumed >= step.count) {
        unconsumed -= step.count;
        m_worker->report().histogram(u"wait:"_s + event).record(quint64(micros(m_stepStart)));
        resume();
    }
}

bool VirtualUser::waitStep(const Scenario::Step &step)
{
    qint64 &unconsumed = m_unconsumed[step.event];
    if (unconsumed >= step.count) { // it came before the wait
        unconsumed -= step.count;
        m_worker->report().histogram(u"wait:"_s + step.event).record(0);
        return true;
    }
    m_stepStart = Clock::now();
    armTimeout(step.timeoutMs > 0 ? step.timeoutMs : DefaultWaitTimeoutMs, u"wait_timeout"_s);
    return false;
}

bool VirtualUser::sleepStep(const Scenario::Step &step)
{
    const qint64 ms = step.maxMs > step.ms ? step.ms + qint64(nextRandom() % quint32(step.maxMs - step.ms + 1)) : step.ms;
    if (ms == 0)
        return true;
    m_stepTimerIsSleep = true;
    startStepTimer(ms);
    return false;
}

void VirtualUser::armTimeout(qint64 ms, const QString &errorKind)
{
    m_stepTimerIsSleep = false;
    m_timeoutKind = errorKind;
    startStepTimer(ms);
}

void VirtualUser::startStepTimer(qint64 ms)
{
    // As QTimer::singleShot() chooses: precise below two seconds (think times), coarse above.
    m_stepTimer.start(int(std::min<qint64>(ms, std::numeric_limits<int>::max())),
                      ms < 2000 ? Qt::PreciseTimer : Qt::CoarseTimer, this);
}

void VirtualUser::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_stepTimer.timerId()) {
        QObject::timerEvent(event);
        return;
    }
    m_stepTimer.stop();
    if (m_done)
        return;
    if (m_stepTimerIsSleep)
        resume();
    else
        onTimeout();
}

void VirtualUser::onTimeout()
{
    // A connection that does not come ends the user; a missing event is counted and the user goes on.
    if (m_scenario.steps.at(m_pc).op == Scenario::Step::Connect) {
        finish(Outcome::Failed, m_timeoutKind);
        return;
    }
    m_worker->report().addError(m_timeoutKind, m_worker->second());
    ++m_worker->live().errors;
    resume();
}

void VirtualUser::disconnectStep(const Scenario::Step &step)
{
    Namespace *ns = m_namespaces.value(step.nsp);
    if (m_namespaces.size() == 1)
        m_io->close();
    else
        ns->close();
}

void VirtualUser::abandon()
{
    if (!m_done)
        finish(Outcome::Unfinished, u"unfinished"_s);
}

void VirtualUser::finish(Outcome outcome, const QString &error)
{
    m_done = true;
    ++m_waitToken;
    m_stepTimer.stop();
    if (!error.isEmpty()) {
        m_worker->report().addError(error, m_worker->second());
        ++m_worker->live().errors;
    }
    if (m_io) {
        m_io->disconnect(this); // what follows the close is not this user's any more
        for (Namespace *ns : std::as_const(m_namespaces))
            ns->disconnect(this);
        if (m_io->state() != SocketIO::Disconnected)
            m_worker->report().addDisconnect(u"io client disconnect"_s);
        m_io->close();
    }
    m_worker->userEnded(this, outcome);
}
