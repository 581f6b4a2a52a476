#ifndef COMMANDRUNNER_H
#define COMMANDRUNNER_H

#include <QtCore/qjsonobject.h>
#include <QtCore/qobject.h>
#include <QtCore/qqueue.h>
#include <QtCore/qtimer.h>

#include <optional>
#include <utility>

class CliSession;
class JsonLineWriter;

// Runs the JSON-line commands from stdin strictly in order: sleep and wait
// hold the commands behind them. A bad line gives an error line and the run
// goes on. At the end of the input the session ends the run.
class CommandRunner : public QObject
{
    Q_OBJECT
public:
    CommandRunner(CliSession *session, JsonLineWriter *out, QObject *parent = nullptr);

    void addLine(const QByteArray &line);
    void endOfInput();

Q_SIGNALS:
    void closed(); // the close command ran: ignore the rest of the input

private:
    // What a command does to the commands behind it.
    enum class Flow { Continue, Hold };

    struct Wait {
        QString nsp;
        QString event;
        int count = 0;
    };

    void runQueued();
    void resumeLater(); // continue from the event loop, not from inside a library signal
    Flow run(const QByteArray &line);
    Flow run(const QJsonObject &command);
    Flow emitCommand(const QJsonObject &command);
    Flow ackCommand(const QJsonObject &command);
    Flow connectCommand(const QJsonObject &command);
    Flow disconnectCommand(const QJsonObject &command);
    Flow sleepCommand(const QJsonObject &command);
    Flow waitCommand(const QJsonObject &command);
    Flow closeCommand(const QJsonObject &command);
    void onEventCounted(const QString &nsp, const QString &event, int count);
    void onHoldTimeout();
    QString namespaceField(const QJsonObject &command, bool mustBeKnown, QString *error) const;
    void reportError(const QString &message);

    CliSession *const m_session;
    JsonLineWriter *const m_out;
    QQueue<std::pair<int, QByteArray>> m_queue; // numbered lines
    int m_linesRead = 0;
    int m_lineNumber = 0;       // of the line running, for error lines
    bool m_running = false;     // inside runQueued(): no re-entry
    bool m_holding = false;     // a sleep or wait is in progress
    bool m_inputEnded = false;
    bool m_closed = false;
    std::optional<Wait> m_wait; // the wait in progress
    QTimer m_holdTimer;         // ends a sleep, or a wait with a timeout
};

#endif // COMMANDRUNNER_H
