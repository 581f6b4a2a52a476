#include "cliprocess.h"

#include <QtCore/qdeadlinetimer.h>
#include <QtCore/qjsondocument.h>
#include <QtTest/qsignalspy.h>

CliProcess::CliProcess(QObject *parent) : QObject(parent)
{
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &CliProcess::readOutput);
    connect(&m_process, &QProcess::readyReadStandardError, this,
            [this] { m_stderr += m_process.readAllStandardError(); });
}

CliProcess::~CliProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool CliProcess::start(const QStringList &arguments, const QString &stdinFile)
{
    if (!stdinFile.isEmpty())
        m_process.setStandardInputFile(stdinFile);
    m_process.start(m_program, arguments);
    return m_process.waitForStarted(10000);
}

void CliProcess::send(const QJsonObject &command)
{
    sendLine(QJsonDocument(command).toJson(QJsonDocument::Compact));
}

void CliProcess::sendLine(const QByteArray &line)
{
    m_process.write(line + '\n');
}

void CliProcess::closeInput()
{
    m_process.closeWriteChannel();
}

void CliProcess::readOutput()
{
    m_partial += m_process.readAllStandardOutput();
    qsizetype start = 0;
    for (qsizetype end; (end = m_partial.indexOf('\n', start)) >= 0; start = end + 1) {
        const QByteArray line = m_partial.mid(start, end - start);
        const QJsonDocument doc = QJsonDocument::fromJson(line);
        m_lines.append(doc.isObject() ? doc.object()
                                      : QJsonObject{{QLatin1String("type"), QStringLiteral("<not json>")},
                                                    {QLatin1String("text"), QString::fromUtf8(line)}});
    }
    m_partial.remove(0, start);
}

bool CliProcess::waitForOutput(int timeoutMs)
{
    if (m_process.state() == QProcess::NotRunning)
        return false;
    QSignalSpy output(&m_process, &QProcess::readyReadStandardOutput);
    QSignalSpy finished(&m_process, &QProcess::finished);
    QDeadlineTimer deadline(timeoutMs);
    while (output.isEmpty() && finished.isEmpty() && !deadline.hasExpired())
        output.wait(int(qMax<qint64>(1, deadline.remainingTime())));
    return !output.isEmpty();
}

qsizetype CliProcess::waitForIndex(const Match &match, qsizetype from, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        for (; from < m_lines.size(); ++from) {
            if (match(m_lines.at(from)))
                return from;
        }
        if (deadline.hasExpired() || !waitForOutput(int(deadline.remainingTime()))) {
            readOutput(); // what came with the process' exit
            for (; from < m_lines.size(); ++from) {
                if (match(m_lines.at(from)))
                    return from;
            }
            return -1;
        }
    }
}

QJsonObject CliProcess::waitFor(const Match &match, int timeoutMs)
{
    const qsizetype index = waitForIndex(match, m_cursor, timeoutMs);
    if (index < 0)
        return {};
    m_cursor = index + 1;
    return m_lines.at(index);
}

QJsonObject CliProcess::find(const Match &match, int timeoutMs)
{
    const qsizetype index = waitForIndex(match, 0, timeoutMs);
    return index < 0 ? QJsonObject() : m_lines.at(index);
}

QJsonObject CliProcess::waitForType(const QString &type, int timeoutMs)
{
    return waitFor([&](const QJsonObject &line) { return line.value(QLatin1String("type")).toString() == type; },
                   timeoutMs);
}

bool CliProcess::waitForCount(const QString &type, int count, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (linesOfType(type).size() < count) {
        if (deadline.hasExpired() || !waitForOutput(int(deadline.remainingTime())))
            return linesOfType(type).size() >= count;
    }
    return true;
}

QList<QJsonObject> CliProcess::linesOfType(const QString &type) const
{
    QList<QJsonObject> result;
    for (const QJsonObject &line : m_lines) {
        if (line.value(QLatin1String("type")).toString() == type)
            result.append(line);
    }
    return result;
}

bool CliProcess::waitForExit(int timeoutMs)
{
    if (m_process.state() != QProcess::NotRunning && !m_process.waitForFinished(timeoutMs))
        return false;
    readOutput();
    m_stderr += m_process.readAllStandardError();
    return m_process.exitStatus() == QProcess::NormalExit;
}
