#include "clisession.h"

#include "jsonlinewriter.h"
#include "jsonvariant.h"
#include "packetrecord.h"
#include "recordingwriter.h"

#include <QtCore/qdatetime.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>

#include <cstdio>
#include <utility>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

// How long the clean close may take before the run ends anyway.
static constexpr int CloseGraceMs = 2000;
// What a server can make the run remember: its unanswered ack requests, and the distinct event
// names counted for "wait".
static constexpr qsizetype MaxAckRequests = 10000;
static constexpr qsizetype MaxCountedEvents = 10000;

// Server text on a terminal: control characters (ANSI escapes, newlines) shown as \uXXXX, and
// cut, so that a server cannot rewrite the user's screen or flood it.
static QString printable(const QString &text)
{
    constexpr qsizetype MaxLength = 500;
    QString out;
    for (const QChar c : QStringView(text).first(qMin(text.size(), MaxLength))) {
        if (c.unicode() < 0x20 || (c.unicode() >= 0x7f && c.unicode() < 0xa0))
            out += u"\\u%1"_s.arg(uint(c.unicode()), 4, 16, QChar(u'0'));
        else
            out += c;
    }
    if (text.size() > MaxLength)
        out += u"... (%1 characters)"_s.arg(text.size());
    return out;
}

static void diagnose(const QString &message)
{
    std::fprintf(stderr, "socketio-cli: %s\n", qUtf8Printable(printable(message)));
    std::fflush(stderr);
}

// The exit status and the failure's name for an error that ended a connection.
static std::pair<int, QString> exitFor(SocketIO::Error error)
{
    switch (error) {
    case SocketIO::HandshakeError:
    case SocketIO::ProtocolError:
        return {CliExit::ProtocolError, u"protocol_error"_s};
    case SocketIO::TimeoutError:
    case SocketIO::PingTimeoutError:
        return {CliExit::Timeout, u"timeout"_s};
    case SocketIO::SslError:
        return {CliExit::ConnectionFailed, u"tls_error"_s};
    default:
        return {CliExit::ConnectionFailed, u"connection_failed"_s};
    }
}

CliSession::CliSession(const CliOptions &options, JsonLineWriter *out, QObject *parent)
    : QObject(parent), m_options(options), m_out(out), m_io(options.url)
{
    m_options.configure(m_io);
    m_defaultNamespace = m_io.socket()->name();
    m_stageTimer.setSingleShot(true);
    connect(&m_stageTimer, &QTimer::timeout, this, &CliSession::onStageTimeout);

    connect(&m_io, &SocketIO::reconnectAttempt, this, [this](int attempt) {
        m_out->write({{"type"_L1, u"reconnect_attempt"_s}, {"attempt"_L1, attempt}});
    });
    connect(&m_io, &SocketIO::reconnected, this, [this](int attempt) {
        m_out->write({{"type"_L1, u"reconnect"_s}, {"attempt"_L1, attempt}});
    });
    connect(&m_io, &SocketIO::reconnectFailed, this, [this] {
        m_out->write({{"type"_L1, u"reconnect_failed"_s}});
        failWith(CliExit::ConnectionFailed, u"reconnect_failed"_s,
                 u"giving up: reconnection failed (last error: %1)"_s.arg(m_io.errorString()));
    });
    connect(&m_io, &SocketIO::errorOccurred, this, &CliSession::onError);
    connect(&m_io, &SocketIO::closed, this, &CliSession::onClosed);
    connect(&m_io, &SocketIO::opened, this, [this] {
        m_lastError = SocketIO::NoError;
        m_lastErrorString.clear();
    });
    connect(&m_io, &SocketIO::stateChanged, this, &CliSession::checkProgress);
    if (m_options.raw) {
        connect(&m_io, &SocketIO::packetTraced, this,
                [this](SocketIO::Direction direction, const EngineIOPacket &packet, const QString &transport) {
                    m_out->write(PacketRecord::toJson(direction, packet, transport));
                });
    }
}

void CliSession::start()
{
    if (!m_options.recordPath.isEmpty()) {
        m_record.setFileName(m_options.recordPath);
        if (!m_record.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
            diagnose(u"cannot write the recording %1: %2"_s.arg(m_options.recordPath, m_record.errorString()));
            exitWith(CliExit::Usage);
            return;
        }
        RecordingInfo info;
        info.url = m_options.url;
        info.source = u"socketio-cli"_s;
        info.protocol = int(m_io.protocol());
        info.parser = m_io.parserName();
        info.startedUs = QDateTime::currentMSecsSinceEpoch() * 1000;
        writeRecord(RecordingWriter::headerRecord(info));
        // The same records as the inspector's own recordings: it opens this file.
        connect(&m_io, &SocketIO::packetTraced, this,
                [this](SocketIO::Direction direction, const EngineIOPacket &packet, const QString &transport) {
                    const qint64 us = QDateTime::currentMSecsSinceEpoch() * 1000;
                    writeRecord(RecordingWriter::packetRecord(us, direction, packet, transport));
                });
    }
    namespaceFor(m_defaultNamespace)->open();
    for (const QString &nsp : m_options.extraNamespaces)
        namespaceFor(nsp)->open();
}

void CliSession::writeRecord(const QJsonObject &record)
{
    m_record.write(QJsonDocument(record).toJson(QJsonDocument::Compact) + '\n');
    m_record.flush();
}

Namespace *CliSession::namespaceFor(const QString &name)
{
    if (Namespace *ns = m_namespaces.value(name))
        return ns;
    Namespace *ns = m_io.socket(name);
    m_namespaces.insert(name, ns);

    connect(ns, &Namespace::connected, this, [this, ns] {
        m_refused.remove(ns);
        m_out->write({{"type"_L1, u"connect"_s}, {"nsp"_L1, ns->name()}, {"sid"_L1, ns->id()},
                      {"recovered"_L1, ns->isRecovered()}});
        count(ns->name(), u"connect"_s);
    });
    connect(ns, &Namespace::connectError, this, [this, ns](const QString &message, const QVariant &data) {
        m_refused.insert(ns);
        // As the server sent it: {message, data} when there was data.
        const QJsonValue payload = data.isValid()
                ? QJsonValue(QJsonObject{{"message"_L1, message}, {"data"_L1, JsonVariant::toJson(data)}})
                : QJsonValue(message);
        m_out->write({{"type"_L1, u"connect_error"_s}, {"nsp"_L1, ns->name()}, {"data"_L1, payload}});
        count(ns->name(), u"connect_error"_s);
    });
    connect(ns, &Namespace::disconnected, this, [this, ns](const QString &reason) {
        // The server's ack requests die with the connection they came on.
        m_ackRequests.removeIf([&](const auto &it) { return it.key().first == ns->name(); });
        m_out->write({{"type"_L1, u"disconnect"_s}, {"nsp"_L1, ns->name()}, {"reason"_L1, reason}});
        count(ns->name(), u"disconnect"_s);
    });
    connect(ns, &Namespace::eventReceived, this,
            [this, ns](const QString &event, const QVariantList &args, const AckHandle &ack) {
                QJsonObject line{{"type"_L1, u"event"_s}, {"nsp"_L1, ns->name()}, {"event"_L1, event}};
                if (ack.isRequested() && m_ackRequests.size() >= MaxAckRequests) {
                    m_out->write({{"type"_L1, u"error"_s},
                                  {"message"_L1, u"more than %1 ack requests of the server are unanswered: "
                                                 u"request %2 on %3 is not kept"_s
                                                         .arg(MaxAckRequests).arg(ack.id()).arg(ns->name())}});
                } else if (ack.isRequested()) {
                    m_ackRequests.insert({ns->name(), ack.id()}, ack);
                    line.insert("id"_L1, ack.id());
                }
                m_out->write(line, "args"_L1, JsonVariant::toJsonText(args));
                count(ns->name(), event);
            });
    return ns;
}

void CliSession::count(const QString &nsp, const QString &event)
{
    const auto key = qMakePair(nsp, event);
    if (m_eventCounts.size() >= MaxCountedEvents && !m_eventCounts.contains(key)) {
        if (!std::exchange(m_countsFull, true)) {
            m_out->write({{"type"_L1, u"error"_s},
                          {"message"_L1, u"more than %1 distinct event names: new ones are not counted for wait"_s
                                                 .arg(MaxCountedEvents)}});
        }
        checkProgress();
        return;
    }
    const int n = ++m_eventCounts[key];
    Q_EMIT eventCounted(nsp, event, n);
    checkProgress();
}

int CliSession::eventCount(const QString &nsp, const QString &event) const
{
    return m_eventCounts.value({nsp, event});
}

QString CliSession::emitEvent(const QString &nsp, const QString &event, const QVariantList &args, bool ack,
                              const QJsonValue &tag)
{
    Namespace *ns = m_namespaces.value(nsp);
    Q_ASSERT(ns);
    // Checked here: emitWithAck() would report it as a canceled ack instead.
    if (Namespace::isReservedEvent(event))
        return u"\"%1\" is a reserved event name"_s.arg(event);
    const auto refused = [&] {
        return ns->errorString().isEmpty() ? u"cannot emit \"%1\" on %2"_s.arg(event, nsp) : ns->errorString();
    };
    if (!ack)
        return ns->emitEvent(event, args) ? QString() : refused();

    AckReply *reply = ns->emitWithAck(event, args, std::chrono::milliseconds(m_options.ackTimeout));
    if (!reply)
        return refused();
    ++m_pendingAcks;
    if (reply->isFinished()) {
        reportAck(reply, nsp, tag);
    } else {
        connect(reply, &AckReply::finished, this, [=] { reportAck(reply, nsp, tag); });
    }
    return {};
}

void CliSession::reportAck(AckReply *reply, const QString &nsp, const QJsonValue &tag)
{
    QJsonObject line{{"nsp"_L1, nsp}, {"tag"_L1, tag}};
    switch (reply->error()) {
    case AckReply::NoError:
        line.insert("type"_L1, u"ack"_s);
        line.insert("args"_L1, JsonVariant::toJsonArray(reply->arguments()));
        line.insert("rtt_ms"_L1, reply->elapsedMs());
        break;
    case AckReply::TimeoutError:
        line.insert("type"_L1, u"ack_timeout"_s);
        break;
    case AckReply::DisconnectedError:
    case AckReply::CanceledError:
        line.insert("type"_L1, u"ack_error"_s);
        line.insert("message"_L1, reply->errorString());
        break;
    }
    m_out->write(line);
    reply->deleteLater();
    --m_pendingAcks;
    checkProgress();
}

QString CliSession::sendAck(const QString &nsp, qint64 id, const QVariantList &args)
{
    const AckHandle handle = m_ackRequests.take({nsp, id});
    if (!handle.isRequested())
        return u"no pending ack request %1 on %2"_s.arg(id).arg(nsp);
    if (!handle.send(args))
        return u"could not answer ack request %1 on %2"_s.arg(id).arg(nsp);
    return {};
}

QString CliSession::connectNamespace(const QString &nsp, const std::optional<QVariantMap> &auth)
{
    Namespace *ns = namespaceFor(nsp);
    if (auth)
        ns->setAuth(*auth);
    m_refused.remove(ns);
    // A CONNECT carries the auth: rejoin so that the new one is used.
    if (ns->isActive() || ns->isConnected())
        ns->close();
    ns->open();
    return {};
}

QString CliSession::disconnectNamespace(const QString &nsp)
{
    Namespace *ns = m_namespaces.value(nsp);
    Q_ASSERT(ns);
    ns->close();
    return {};
}

void CliSession::onError(SocketIO::Error error)
{
    // The library logs every error itself; report only the ones that end the run.
    if (m_stage >= Stage::Closing)
        return;
    switch (error) {
    case SocketIO::InvalidUrlError:
    case SocketIO::InvalidOptionError:
        diagnose(m_io.errorString());
        exitWith(CliExit::Usage);
        break;
    case SocketIO::ConnectionError:
    case SocketIO::TimeoutError:
    case SocketIO::HandshakeError:
    case SocketIO::SslError:
    case SocketIO::ProtocolError:
    case SocketIO::PingTimeoutError:
        m_lastError = error;
        m_lastErrorString = m_io.errorString();
        // Without reconnection nothing will ever bring the connection back.
        if (!m_io.reconnection())
            failOnError();
        break;
    default:
        break; // ReconnectFailedError: reconnectFailed() reports it
    }
}

void CliSession::failOnError()
{
    const auto [code, reason] = exitFor(m_lastError);
    failWith(code, reason, u"connection failed: "_s + m_lastErrorString);
}

void CliSession::onClosed(const QString &reason)
{
    if (m_stage >= Stage::Closing || m_io.reconnection())
        return;
    // An error that closed the connection is reported by onError(), which may come second:
    // a close without one (the server ended the session) is reported from the event loop.
    QTimer::singleShot(0, this, [this, reason] {
        if (m_stage >= Stage::Closing)
            return;
        if (m_lastError != SocketIO::NoError)
            failOnError();
        else
            failWith(CliExit::ConnectionFailed, u"closed"_s,
                     u"the server closed the connection (%1)"_s.arg(reason));
    });
}

void CliSession::failWith(int exitCode, const QString &reason, const QString &message)
{
    if (m_stage == Stage::Done)
        return;
    // As JSON: the message may hold anything the server sent, which the encoding escapes.
    m_out->write({{"type"_L1, u"failure"_s}, {"reason"_L1, reason}, {"message"_L1, message.left(2000)},
                  {"exit_code"_L1, exitCode}});
    diagnose(message);
    exitWith(exitCode);
}

void CliSession::finish()
{
    if (m_stage == Stage::Running)
        enter(Stage::Settling);
}

void CliSession::closeNow()
{
    if (m_stage < Stage::Closing)
        enter(Stage::Closing);
}

bool CliSession::isSettled() const
{
    if (m_pendingAcks > 0)
        return false;
    // Without reconnection, nothing connects a closed connection again.
    if (m_io.state() == SocketIO::Disconnected && !m_io.reconnection())
        return true;
    for (Namespace *ns : m_namespaces) {
        if (ns->isActive() && !ns->isConnected() && !m_refused.contains(ns))
            return false;
    }
    return true;
}

void CliSession::enter(Stage stage)
{
    m_stage = stage;
    m_stageTimer.stop();
    switch (stage) {
    case Stage::Running:
        break;
    case Stage::Settling:
        if (isSettled())
            return enter(Stage::Lingering);
        if (m_options.ackTimeout > 0)
            m_stageTimer.start(m_options.ackTimeout);
        break;
    case Stage::Lingering:
        // Even with no linger, close from the event loop rather than from
        // inside whichever library signal ended the settling.
        m_stageTimer.start(m_options.linger);
        break;
    case Stage::Closing:
        m_connectedAtEnd = m_io.state() == SocketIO::Connected;
        m_io.close();
        if (m_io.state() == SocketIO::Disconnected)
            return enter(Stage::Done);
        m_stageTimer.start(CloseGraceMs);
        break;
    case Stage::Done:
        // The input ended while the connection was failing: that is no success.
        if (!m_connectedAtEnd && m_lastError != SocketIO::NoError) {
            m_stage = Stage::Closing;
            failOnError();
            break;
        }
        Q_EMIT finished(CliExit::Success);
        break;
    }
}

void CliSession::onStageTimeout()
{
    switch (m_stage) {
    case Stage::Settling:
        return enter(Stage::Lingering);
    case Stage::Lingering:
        return enter(Stage::Closing);
    case Stage::Closing:
        diagnose(u"the connection did not close in time"_s);
        return enter(Stage::Done);
    case Stage::Running:
    case Stage::Done:
        break;
    }
}

void CliSession::checkProgress()
{
    if (m_stage == Stage::Settling && isSettled())
        enter(Stage::Lingering);
    else if (m_stage == Stage::Closing && m_io.state() == SocketIO::Disconnected)
        enter(Stage::Done);
}

void CliSession::exitWith(int exitCode)
{
    if (m_stage == Stage::Done)
        return;
    m_stage = Stage::Done;
    m_stageTimer.stop();
    Q_EMIT finished(exitCode);
}
