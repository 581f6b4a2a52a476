#include "mocksession.h"

#include "jsonlinewriter.h"
#include "packetmatcher.h"

#include <SocketIOQt/testserver.h>

#include <QtCore/qjsonobject.h>

#include <climits>

using namespace SocketIOQt;
using namespace Qt::StringLiterals;

static bool isAck(const SocketIOPacket &packet)
{
    return packet.type() == SocketIOPacket::Ack || packet.type() == SocketIOPacket::BinaryAck;
}

static bool isEvent(const SocketIOPacket &packet)
{
    return packet.type() == SocketIOPacket::Event || packet.type() == SocketIOPacket::BinaryEvent;
}

MockSession::MockSession(Test::TestServer *server, const QString &sessionId, const MockScript &script,
                         const PacketMatcher &matcher, const Settings &settings, JsonLineWriter *out,
                         QObject *parent)
    : QObject(parent), m_server(server), m_sessionId(sessionId), m_script(script), m_matcher(matcher),
      m_settings(settings), m_out(out), m_matched(script.steps.size(), false)
{
    m_stepTimer.setSingleShot(true);
    m_stepTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_stepTimer, &QTimer::timeout, this, &MockSession::advance);
    m_idle.setSingleShot(true);
    connect(&m_idle, &QTimer::timeout, this, &MockSession::onTimeout);
}

MockSession::~MockSession() = default;

void MockSession::start()
{
    m_sinceLast.start();
    // Queued: TestServer announces the session before its handshake is out, and the first
    // packets must follow the Engine.IO open packet.
    QMetaObject::invokeMethod(this, &MockSession::advance, Qt::QueuedConnection);
}

void MockSession::advance()
{
    if (m_finished)
        return;
    while (m_cursor < m_script.steps.size()) {
        const MockScript::Step &step = m_script.steps.at(m_cursor);
        if (step.fromClient) {
            if (!m_matched.at(m_cursor)) {
                if (m_settings.timeoutMs > 0 && !m_idle.isActive())
                    m_idle.start(m_settings.timeoutMs);
                return;
            }
            ++m_cursor;
            continue;
        }
        const qint64 due = m_settings.fast ? 0 : qint64(double(step.delayMs) / m_settings.speed);
        const qint64 left = due - m_sinceLast.elapsed();
        if (left > 0) {
            m_idle.stop(); // the server's turn: the client owes nothing yet
            m_stepTimer.start(int(qMin<qint64>(left, INT_MAX)));
            return;
        }
        send(step);
        m_sinceLast.restart();
        ++m_cursor;
    }
    m_idle.stop();
}

void MockSession::send(const MockScript::Step &step)
{
    SocketIOPacket packet = step.packet;
    if (isAck(packet)) {
        // The answer to a client's emit: under the id the live client gave that emit. None when
        // its emit did not ask for an ack (already reported as a mismatch).
        const auto live = m_ackIds.constFind({packet.nsp(), packet.id()});
        if (live == m_ackIds.cend())
            return;
        packet.setId(*live);
    }
    m_server->sendPacket(m_sessionId, packet);
    ++m_sent;
}

int MockSession::candidate(const SocketIOPacket &got) const
{
    int first = -1;
    for (qsizetype i = m_cursor; i < m_script.steps.size(); ++i) {
        const MockScript::Step &step = m_script.steps.at(i);
        if (!step.fromClient) {
            if (i == m_cursor && m_stepTimer.isActive())
                continue; // a server packet waiting only for its time: the client may be ahead
            break;
        }
        if (m_matched.at(i))
            continue;
        if (PacketMatcher::sameKind(step.packet, got))
            return int(i);
        if (first < 0)
            first = int(i);
    }
    return first;
}

int MockSession::firstUnmatched() const
{
    for (qsizetype i = m_cursor; i < m_script.steps.size(); ++i) {
        if (m_script.steps.at(i).fromClient && !m_matched.at(i))
            return int(i);
    }
    return -1;
}

void MockSession::receive(const SocketIOPacket &packet)
{
    if (m_finished)
        return;
    if (m_idle.isActive())
        m_idle.start(); // the client is alive: the timeout counts from its last packet
    const int index = candidate(packet);
    if (index < 0) {
        reportMismatch(-1, u"unexpected"_s, &packet);
        return;
    }
    const MockScript::Step &step = m_script.steps.at(index);
    m_matched[index] = true;
    ++m_checked;
    if (const QString kind = m_matcher.difference(step.packet, packet); !kind.isEmpty())
        reportMismatch(index, kind, &packet);
    if (isEvent(step.packet) && step.packet.id() >= 0 && packet.id() >= 0)
        m_ackIds.insert({step.packet.nsp(), step.packet.id()}, packet.id());
    if (!m_stepTimer.isActive())
        m_sinceLast.restart();
    advance();
}

void MockSession::reportMismatch(int index, const QString &kind, const SocketIOPacket *got)
{
    ++m_mismatches;
    QJsonObject line{{"type"_L1, "mismatch"_L1}, {"sid"_L1, m_sessionId}, {"index"_L1, index},
                     {"kind"_L1, kind}};
    if (index >= 0) {
        line.insert("row"_L1, m_script.steps.at(index).row);
        line.insert("expected"_L1, PacketMatcher::toJson(m_script.steps.at(index).packet));
    } else {
        line.insert("expected"_L1, QJsonValue::Null);
    }
    line.insert("got"_L1, got ? QJsonValue(PacketMatcher::toJson(*got)) : QJsonValue(QJsonValue::Null));
    m_out->write(line);
}

void MockSession::onTimeout()
{
    const int index = firstUnmatched();
    if (index < 0 || m_finished)
        return;
    m_timedOut = true;
    m_out->write({{"type"_L1, "timeout"_L1}, {"sid"_L1, m_sessionId}, {"index"_L1, index},
                  {"row"_L1, m_script.steps.at(index).row},
                  {"expected"_L1, PacketMatcher::toJson(m_script.steps.at(index).packet)},
                  {"waited_ms"_L1, m_settings.timeoutMs}});
    m_server->closeSession(m_sessionId);
}

void MockSession::finish(const QString &reason)
{
    if (m_finished)
        return;
    m_finished = true;
    m_stepTimer.stop();
    m_idle.stop();
    int missing = 0;
    int unsent = 0;
    for (qsizetype i = m_cursor; i < m_script.steps.size(); ++i) {
        const MockScript::Step &step = m_script.steps.at(i);
        if (!step.fromClient) {
            ++unsent;
        } else if (!m_matched.at(i)) {
            ++missing;
            // After a timeout its line already names what the client owed.
            if (!m_timedOut)
                reportMismatch(int(i), u"missing"_s, nullptr);
        }
    }
    m_out->write({{"type"_L1, "session_end"_L1}, {"sid"_L1, m_sessionId}, {"reason"_L1, reason},
                  {"checked"_L1, m_checked}, {"mismatches"_L1, m_mismatches}, {"missing"_L1, missing},
                  {"sent"_L1, m_sent}, {"unsent"_L1, unsent}, {"timed_out"_L1, m_timedOut}});
}
