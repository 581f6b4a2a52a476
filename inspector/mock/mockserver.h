#ifndef MOCKSERVER_H
#define MOCKSERVER_H

#include "mockscript.h"
#include "mocksession.h"
#include "packetmatcher.h"

#include <SocketIOQt/testserver.h>

#include <QtCore/qhash.h>
#include <QtCore/qobject.h>

class JsonLineWriter;
class MockOptions;

// socketio-mock's server: TestServer with its automatic replies off (its Engine.IO layer
// still does the handshake, heartbeat and upgrade), one MockSession per client session, and
// the verdict over all of them.
class MockServer : public QObject
{
    Q_OBJECT
public:
    MockServer(const MockScript &script, const MockOptions &options, JsonLineWriter *out,
               QObject *parent = nullptr);
    ~MockServer() override;

    // Listens and reports {"port":N}; false with `error` set when the port cannot be had.
    bool listen(quint16 port, QString *error);
    // Closes every session, writes the summary and emits finished().
    void stop();
    int exitCode() const;

Q_SIGNALS:
    void finished(int exitCode);

private:
    void onSessionOpened(const QString &sessionId);
    void reportSession(const QString &sessionId, int eio);
    void onSessionClosed(const QString &sessionId, const QString &reason);
    void onPacketReceived(const QString &sessionId, const SocketIOQt::SocketIOPacket &packet);

    SocketIOQt::Test::TestServer m_server;
    MockScript m_script;
    PacketMatcher m_matcher;
    MockSession::Settings m_settings;
    bool m_once = false;
    JsonLineWriter *m_out;
    QHash<QString, MockSession *> m_sessions;
    int m_sessionCount = 0;
    int m_checked = 0;
    int m_mismatches = 0;
    int m_timeouts = 0;
    bool m_stopped = false;
};

#endif // MOCKSERVER_H
