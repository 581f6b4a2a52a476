#ifndef CLISESSION_H
#define CLISESSION_H

#include "clioptions.h"

#include <SocketIOQt/socketio.h>

#include <QtCore/qhash.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qjsonvalue.h>
#include <QtCore/qfile.h>
#include <QtCore/qobject.h>
#include <QtCore/qset.h>
#include <QtCore/qtimer.h>

#include <optional>

class JsonLineWriter;

// The Socket.IO side of socketio-cli: one SocketIO connection with the
// namespaces the user named, everything they do reported as JSON lines, and
// the orderly end of the run. Commands come from CommandRunner; a command
// that cannot be carried out returns the reason, which becomes an error line.
class CliSession : public QObject
{
    Q_OBJECT
public:
    CliSession(const CliOptions &options, JsonLineWriter *out, QObject *parent = nullptr);

    void start(); // joins the URL's namespace and every --namespace

    QString defaultNamespace() const { return m_defaultNamespace; }
    bool isKnown(const QString &nsp) const { return m_namespaces.contains(nsp); }

    // Commands: an empty result means success.
    QString emitEvent(const QString &nsp, const QString &event, const QVariantList &args, bool ack,
                      const QJsonValue &tag);
    QString sendAck(const QString &nsp, qint64 id, const QVariantList &args);
    QString connectNamespace(const QString &nsp, const std::optional<QVariantMap> &auth);
    QString disconnectNamespace(const QString &nsp);

    // How often `event` arrived on `nsp` since the start of the run; the
    // lifecycle reports connect, connect_error and disconnect count as events.
    int eventCount(const QString &nsp, const QString &event) const;

    void finish();   // end of input: settle, linger, close, then finished(0)
    void closeNow(); // the close command: close, then finished(0)

Q_SIGNALS:
    void eventCounted(const QString &nsp, const QString &event, int count);
    void finished(int exitCode);

private:
    // The end of a run: Settling waits for namespaces still connecting (so
    // that buffered emits go out) and for pending acks, both at most the ack
    // timeout; Lingering waits --linger ms; Closing waits for the clean close.
    enum class Stage { Running, Settling, Lingering, Closing, Done };

    SocketIOQt::Namespace *namespaceFor(const QString &nsp); // the namespace, created and reported on first use
    void count(const QString &nsp, const QString &event);
    void reportAck(SocketIOQt::AckReply *reply, const QString &nsp, const QJsonValue &tag);
    void onError(SocketIOQt::SocketIO::Error error);
    bool isSettled() const;
    void enter(Stage stage);
    void onStageTimeout();
    void checkProgress(); // moves on when the current stage's wait is over
    void exitWith(int exitCode);
    // Reports why the run ends (one "failure" line and stderr), then ends it with `exitCode`.
    void failWith(int exitCode, const QString &reason, const QString &message);
    void failOnError(); // the connection failed and nothing will bring it back
    void onClosed(const QString &reason);
    void writeRecord(const QJsonObject &record);

    const CliOptions m_options;
    JsonLineWriter *const m_out;
    SocketIOQt::SocketIO m_io;
    QString m_defaultNamespace;
    QHash<QString, SocketIOQt::Namespace *> m_namespaces;
    QSet<SocketIOQt::Namespace *> m_refused; // got connect_error since their last open()
    QHash<QPair<QString, qint64>, SocketIOQt::AckHandle> m_ackRequests; // the server's, by nsp and id
    QHash<QPair<QString, QString>, int> m_eventCounts;       // by nsp and event
    bool m_countsFull = false;                               // MaxCountedEvents reached
    int m_pendingAcks = 0;
    // The error that ended the latest connection or attempt; NoError once connected.
    SocketIOQt::SocketIO::Error m_lastError = SocketIOQt::SocketIO::NoError;
    QString m_lastErrorString;
    bool m_connectedAtEnd = false;
    Stage m_stage = Stage::Running;
    QTimer m_stageTimer;
    QFile m_record; // --record
};

#endif // CLISESSION_H
