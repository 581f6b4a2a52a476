#include "commandrunner.h"

#include "clioptions.h"
#include "clisession.h"
#include "jsonlinewriter.h"
#include "jsonvariant.h"

#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>

#include <cmath>

using namespace Qt::StringLiterals;

// Field readers: each records the first problem in `error` and returns a
// harmless value, so that a command reads all its fields, then checks once.

static void setError(QString *error, const QString &message)
{
    if (error->isEmpty())
        *error = message;
}

static QString stringField(const QJsonObject &command, QLatin1StringView key, QString *error)
{
    const QJsonValue value = command.value(key);
    if (!value.isString() || value.toString().isEmpty())
        setError(error, u"\"%1\" must be a non-empty string"_s.arg(key));
    return value.toString();
}

// An integer >= min; nullopt `fallback`: the field is required.
static qint64 intField(const QJsonObject &command, QLatin1StringView key, std::optional<qint64> fallback,
                       qint64 min, QString *error)
{
    const QJsonValue value = command.value(key);
    if (value.isUndefined() && fallback)
        return *fallback;
    const double number = value.toDouble(std::nan(""));
    if (!value.isDouble() || std::floor(number) != number || number < double(min)) {
        setError(error, u"\"%1\" must be an integer >= %2"_s.arg(key).arg(min));
        return min;
    }
    return value.toInteger(qint64(number));
}

static bool boolField(const QJsonObject &command, QLatin1StringView key, QString *error)
{
    const QJsonValue value = command.value(key);
    if (!value.isUndefined() && !value.isBool())
        setError(error, u"\"%1\" must be true or false"_s.arg(key));
    return value.toBool();
}

static QVariantList argsField(const QJsonObject &command, QString *error)
{
    const QJsonValue value = command.value("args"_L1);
    if (value.isUndefined())
        return {};
    if (!value.isArray()) {
        setError(error, u"\"args\" must be an array"_s);
        return {};
    }
    QString conversionError;
    const QVariantList args = JsonVariant::toVariantList(value.toArray(), &conversionError);
    if (!conversionError.isEmpty())
        setError(error, u"\"args\": "_s + conversionError);
    return args;
}

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
    const QString nsp = CliOptions::namespaceName(value.toString());
    if (mustBeKnown && !m_session->isKnown(nsp))
        setError(error, u"unknown namespace %1 (connect it first)"_s.arg(nsp));
    return nsp;
}

CommandRunner::Flow CommandRunner::emitCommand(const QJsonObject &command)
{
    QString error;
    const QString nsp = namespaceField(command, true, &error);
    const QString event = stringField(command, "event"_L1, &error);
    const QVariantList args = argsField(command, &error);
    const bool ack = boolField(command, "ack"_L1, &error);
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
    const qint64 id = intField(command, "id"_L1, std::nullopt, 0, &error);
    const QVariantList args = argsField(command, &error);
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
    const qint64 ms = intField(command, "ms"_L1, std::nullopt, 0, &error);
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
    wait.event = stringField(command, "event"_L1, &error);
    wait.count = int(intField(command, "count"_L1, 1, 1, &error));
    const qint64 timeout = intField(command, "timeout_ms"_L1, 0, 0, &error);
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
