#include "commandrunner.h"

#include "clisession.h"
#include "jsonlinewriter.h"
#include "jsonfields.h"
#include "jsonvariant.h"

#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>

using namespace Qt::StringLiterals;

using namespace JsonFields;

CommandRunner::CommandRunner(CliSession *session, JsonLineWriter *out, QObject *parent)
    : QObject(parent), m_session(session), m_out(out)
{
    m_holdTimer.setSingleShot(true);
    connect(&m_holdTimer, &QTimer::timeout, this, &CommandRunner::onHoldTimeout);
    connect(session, &CliSession::eventCounted, this, &CommandRunner::onEventCounted);
}

void CommandRunner::addLine(const QByteArray &line)
{
    m_queue.enqueue({++m_linesRead, line});
    runQueued();
}

void CommandRunner::endOfInput()
{
    m_inputEnded = true;
    runQueued();
}

void CommandRunner::runQueued()
{
    if (m_running || m_closed)
        return;
    m_running = true;
    while (!m_holding && !m_closed && !m_queue.isEmpty()) {
        const auto [number, line] = m_queue.dequeue();
        m_lineNumber = number;
        m_holding = run(line) == Flow::Hold;
    }
    m_running = false;
    if (!m_holding && !m_closed && m_inputEnded && m_queue.isEmpty())
        m_session->finish();
}

void CommandRunner::resumeLater()
{
    m_holding = false;
    QTimer::singleShot(0, this, &CommandRunner::runQueued);
}

CommandRunner::Flow CommandRunner::run(const QByteArray &line)
{
    if (line.trimmed().isEmpty())
        return Flow::Continue;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError) {
        reportError(u"invalid JSON: %1 at offset %2"_s.arg(error.errorString()).arg(error.offset));
        return Flow::Continue;
    }
    if (!doc.isObject()) {
        reportError(u"a command must be a JSON object"_s);
        return Flow::Continue;
    }
    return run(doc.object());
}

CommandRunner::Flow CommandRunner::run(const QJsonObject &command)
{
    using Handler = Flow (CommandRunner::*)(const QJsonObject &);
    static const QHash<QString, Handler> handlers{
        {u"emit"_s, &CommandRunner::emitCommand},
        {u"ack"_s, &CommandRunner::ackCommand},
        {u"connect"_s, &CommandRunner::connectCommand},
        {u"disconnect"_s, &CommandRunner::disconnectCommand},
        {u"sleep"_s, &CommandRunner::sleepCommand},
        {u"wait"_s, &CommandRunner::waitCommand},
        {u"close"_s, &CommandRunner::closeCommand},
    };
    const QJsonValue op = command.value("op"_L1);
    if (!op.isString()) {
        reportError(u"missing \"op\""_s);
        return Flow::Continue;
    }
    const Handler handler = handlers.value(op.toString());
    if (!handler) {
        reportError(u"unknown op \"%1\""_s.arg(op.toString()));
        return Flow::Continue;
    }
    return (this->*handler)(command);
}

QString CommandRunner::namespaceField(const QJsonObject &command, bool mustBeKnown, QString *error) const
{
    const QJsonValue value = command.value("nsp"_L1);
    if (value.isUndefined())
        return m_session->defaultNamespace();
    if (!value.isString() || value.toString().isEmpty()) {
        setError(error, u"\"nsp\" must be a non-empty string"_s);
        return {};
    }
    const QString nsp = namespaceName(value.toString());
    if (mustBeKnown && !m_session->isKnown(nsp))
        setError(error, u"unknown namespace %1 (connect it first)"_s.arg(nsp));
    return nsp;
}

CommandRunner::Flow CommandRunner::emitCommand(const QJsonObject &command)
{
    QString error;
    const QString nsp = namespaceField(command, true, &error);
    const QString event = string(command, "event"_L1, &error);
    const QVariantList args = arguments(command, "args"_L1, &error);
    const bool ack = boolean(command, "ack"_L1, &error);
    QJsonValue tag = command.value("tag"_L1); // echoed in the ack report, null when absent
    if (tag.isUndefined())
        tag = QJsonValue::Null;
    if (error.isEmpty())
        error = m_session->emitEvent(nsp, event, args, ack, tag);
    if (!error.isEmpty())
        reportError(error);
    return Flow::Continue;
}

CommandRunner::Flow CommandRunner::ackCommand(const QJsonObject &command)
{
    QString error;
    const QString nsp = namespaceField(command, true, &error);
    const qint64 id = integer(command, "id"_L1, std::nullopt, 0, &error);
    const QVariantList args = arguments(command, "args"_L1, &error);
    if (error.isEmpty())
        error = m_session->sendAck(nsp, id, args);
    if (!error.isEmpty())
        reportError(error);
    return Flow::Continue;
}

CommandRunner::Flow CommandRunner::connectCommand(const QJsonObject &command)
{
    QString error;
    const QString nsp = namespaceField(command, false, &error);
    std::optional<QVariantMap> auth;
    const QJsonValue authValue = command.value("auth"_L1);
    if (authValue.isObject())
        auth = JsonVariant::toVariant(authValue, &error).toMap();
    else if (!authValue.isUndefined())
        setError(&error, u"\"auth\" must be an object"_s);
    if (error.isEmpty())
        error = m_session->connectNamespace(nsp, auth);
    if (!error.isEmpty())
        reportError(error);
    return Flow::Continue;
}

CommandRunner::Flow CommandRunner::disconnectCommand(const QJsonObject &command)
{
    QString error;
    const QString nsp = namespaceField(command, true, &error);
    if (error.isEmpty())
        error = m_session->disconnectNamespace(nsp);
    if (!error.isEmpty())
        reportError(error);
    return Flow::Continue;
}

CommandRunner::Flow CommandRunner::sleepCommand(const QJsonObject &command)
{
    QString error;
    const qint64 ms = integer(command, "ms"_L1, std::nullopt, 0, &error);
    if (!error.isEmpty()) {
        reportError(error);
        return Flow::Continue;
    }
    m_holdTimer.start(std::chrono::milliseconds(ms));
    return Flow::Hold;
}

CommandRunner::Flow CommandRunner::waitCommand(const QJsonObject &command)
{
    QString error;
    Wait wait;
    wait.nsp = namespaceField(command, true, &error);
    wait.event = string(command, "event"_L1, &error);
    wait.count = int(integer(command, "count"_L1, 1, 1, &error));
    const qint64 timeout = integer(command, "timeout_ms"_L1, 0, 0, &error);
    if (!error.isEmpty()) {
        reportError(error);
        return Flow::Continue;
    }
    // Events that arrived before the wait count too.
    if (m_session->eventCount(wait.nsp, wait.event) >= wait.count)
        return Flow::Continue;
    m_wait = wait;
    if (timeout > 0)
        m_holdTimer.start(std::chrono::milliseconds(timeout));
    return Flow::Hold;
}

CommandRunner::Flow CommandRunner::closeCommand(const QJsonObject &)
{
    m_closed = true;
    m_queue.clear();
    Q_EMIT closed();
    m_session->closeNow();
    return Flow::Hold;
}

void CommandRunner::onEventCounted(const QString &nsp, const QString &event, int count)
{
    if (!m_wait || m_wait->nsp != nsp || m_wait->event != event || count < m_wait->count)
        return;
    m_wait.reset();
    m_holdTimer.stop();
    resumeLater();
}

void CommandRunner::onHoldTimeout()
{
    if (m_wait) {
        m_out->write({{"type"_L1, u"wait_timeout"_s},
                      {"nsp"_L1, m_wait->nsp},
                      {"event"_L1, m_wait->event},
                      {"count"_L1, m_wait->count},
                      {"received"_L1, m_session->eventCount(m_wait->nsp, m_wait->event)}});
        m_wait.reset();
    }
    m_holding = false;
    runQueued();
}

void CommandRunner::reportError(const QString &message)
{
    m_out->write({{"type"_L1, u"error"_s}, {"message"_L1, message}, {"line"_L1, m_lineNumber}});
}
