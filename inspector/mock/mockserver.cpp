#include "mockserver.h"

#include "jsonlinewriter.h"
#include "mockoptions.h"

#include <QtCore/qjsonobject.h>

using namespace SocketIOQt;
using namespace Qt::StringLiterals;

MockServer::MockServer(const MockScript &script, const MockOptions &options, JsonLineWriter *out, QObject *parent)
    : QObject(parent), m_script(script), m_matcher(options.ignoreArgs, options.ignoredEvents),
      m_settings{options.speed, options.fast, options.timeoutMs}, m_once(options.once), m_out(out)
{
    m_server.setAutomaticReplies(false);
    // Both generations are let in, so that a client of the other one gets a mismatch line
    // rather than a refused handshake it would only see as a connection error.
    m_server.setAllowEIO3(true);
    if (!options.transports.isEmpty())
        m_server.setTransports(options.transports);
    // The heartbeat as recorded, so that clients time their pings as they did.
    if (script.pingInterval > 0)
        m_server.setPingInterval(script.pingInterval);
    if (script.pingTimeout > 0)
        m_server.setPingTimeout(script.pingTimeout);
    if (script.maxPayload > 0)
        m_server.setMaxPayload(script.maxPayload);
    connect(&m_server, &Test::TestServer::sessionOpened, this, &MockServer::onSessionOpened);
    connect(&m_server, &Test::TestServer::sessionClosed, this, &MockServer::onSessionClosed);
    connect(&m_server, &Test::TestServer::packetReceived, this, &MockServer::onPacketReceived);
}

MockServer::~MockServer()
{
    // TestServer goes last of the members and closes its sessions then: its signals must not
    // reach the members already gone.
    m_server.disconnect(this);
}

bool MockServer::listen(quint16 port, QString *error)
{
    if (!m_server.listen(QHostAddress::LocalHost, port)) {
        *error = m_server.errorString();
        return false;
    }
    m_out->write({{"port"_L1, m_server.port()}});
    return true;
}

void MockServer::onSessionOpened(const QString &sessionId)
{
    ++m_sessionCount;
    const int eio = m_server.engineVersion(sessionId);
    if (eio == m_script.engineVersion) {
        auto *session = new MockSession(&m_server, sessionId, m_script, m_matcher, m_settings, m_out, this);
        m_sessions.insert(sessionId, session);
        session->start();
    }
    // Queued: TestServer announces a session before its transport starts, and the transport's
    // name is known only then.
    QMetaObject::invokeMethod(this, [this, sessionId, eio] { reportSession(sessionId, eio); },
                              Qt::QueuedConnection);
}

void MockServer::reportSession(const QString &sessionId, int eio)
{
    m_out->write({{"type"_L1, "session"_L1}, {"sid"_L1, sessionId}, {"eio"_L1, eio},
                  {"transport"_L1, m_server.transport(sessionId)}, {"stream"_L1, m_script.stream}});
    if (eio == m_script.engineVersion)
        return;
    // The packets of one generation mean something else in the other: nothing to compare.
    ++m_mismatches;
    m_out->write({{"type"_L1, "mismatch"_L1}, {"sid"_L1, sessionId}, {"index"_L1, -1},
                  {"kind"_L1, "engine"_L1}, {"expected"_L1, QJsonObject{{"eio"_L1, m_script.engineVersion}}},
                  {"got"_L1, QJsonObject{{"eio"_L1, eio}}}});
    m_server.closeSession(sessionId);
}

void MockServer::onPacketReceived(const QString &sessionId, const SocketIOPacket &packet)
{
    if (MockSession *session = m_sessions.value(sessionId))
        session->receive(packet);
}

void MockServer::onSessionClosed(const QString &sessionId, const QString &reason)
{
    MockSession *session = m_sessions.take(sessionId);
    if (session) {
        session->finish(reason);
        m_checked += session->checked();
        m_mismatches += session->mismatches();
        m_timeouts += session->timedOut() ? 1 : 0;
        session->deleteLater();
    }
    if (m_once && !m_stopped)
        stop();
}

int MockServer::exitCode() const
{
    if (m_timeouts > 0)
        return MockExit::Timeout;
    return m_mismatches > 0 ? MockExit::Mismatch : MockExit::Success;
}

void MockServer::stop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    m_server.close(); // the sessions still open close and are counted
    const int code = exitCode();
    m_out->write({{"type"_L1, "summary"_L1}, {"sessions"_L1, m_sessionCount}, {"checked"_L1, m_checked},
                  {"mismatches"_L1, m_mismatches}, {"timeouts"_L1, m_timeouts}, {"exit_code"_L1, code}});
    // Queued: stop() may run inside TestServer's own signal.
    QMetaObject::invokeMethod(this, [this, code] { Q_EMIT finished(code); }, Qt::QueuedConnection);
}
