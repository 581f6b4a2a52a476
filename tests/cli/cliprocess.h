#ifndef CLIPROCESS_H
#define CLIPROCESS_H

#include <QtCore/qjsonobject.h>
#include <QtCore/qlist.h>
#include <QtCore/qprocess.h>

#include <functional>

// socketio-cli run by a test: commands written to its stdin, its stdout
// parsed into JSON objects. Lines that are not JSON objects are kept as
// {"type":"<not json>","text":...} so that tests notice them.
class CliProcess : public QObject
{
    Q_OBJECT
public:
    using Match = std::function<bool(const QJsonObject &line)>;

    explicit CliProcess(QObject *parent = nullptr);
    ~CliProcess() override;

    // Another JSON-lines program to run instead of socketio-cli (socketio-mock, a Node script).
    void setProgram(const QString &program) { m_program = program; }
    // Starts socketio-cli; stdin stays open unless `stdinFile` names a file.
    bool start(const QStringList &arguments, const QString &stdinFile = {});
    void send(const QJsonObject &command);
    void sendLine(const QByteArray &line);
    void closeInput();

    // The first line after the previously matched one that matches, waiting
    // for it up to `timeoutMs`; an empty object when none came. Lines skipped
    // on the way stay in lines().
    QJsonObject waitFor(const Match &match, int timeoutMs = 10000);
    QJsonObject waitForType(const QString &type, int timeoutMs = 10000);
    // The first line of all that matches, waiting for it; leaves waitFor() alone.
    QJsonObject find(const Match &match, int timeoutMs = 10000);
    // Waits until `count` lines of this type arrived in all.
    bool waitForCount(const QString &type, int count, int timeoutMs = 10000);

    bool waitForExit(int timeoutMs = 10000);
    int exitCode() const { return m_process.exitCode(); }
    QProcess::ExitStatus exitStatus() const { return m_process.exitStatus(); }

    QList<QJsonObject> lines() const { return m_lines; }
    QList<QJsonObject> linesOfType(const QString &type) const;
    QByteArray errorOutput() const { return m_stderr; }
    qint64 processId() const { return m_process.processId(); }

private:
    void readOutput();
    bool waitForOutput(int timeoutMs); // false on timeout or exit
    qsizetype waitForIndex(const Match &match, qsizetype from, int timeoutMs); // -1: none came

    QProcess m_process;
    QString m_program = QStringLiteral(SOCKETIO_CLI_PATH);
    QList<QJsonObject> m_lines;
    QByteArray m_partial;
    QByteArray m_stderr;
    qsizetype m_cursor = 0; // lines before it were passed by waitFor()
};

#endif // CLIPROCESS_H
