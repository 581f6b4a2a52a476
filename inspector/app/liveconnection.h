#ifndef LIVECONNECTION_H
#define LIVECONNECTION_H

#include "connectionsettings.h"

#include <SocketIOQt/socketio.h>

#include <QtCore/qobject.h>
#include <QtCore/qtimer.h>

class CaptureSession;

// One live connection of the inspector: a SocketIO configured from
// ConnectionSettings whose every packet goes into a CaptureSession (through
// SocketIO::packetTraced), plus what the user does with it: joining
// namespaces, emitting from the composer, and answering the server's ack
// requests by the chosen policy.
class LiveConnection : public QObject
{
    Q_OBJECT
public:
    enum class NamespaceState { Idle, Connecting, Connected, Refused, Disconnected };
    struct NamespaceStatus {
        QString name;
        NamespaceState state = NamespaceState::Idle;
        QString detail; // the socket id, the CONNECT_ERROR message, the disconnect reason
    };

    // How the server's ack requests are answered.
    enum class ReplyMode { Immediately, AfterDelay, Never, Manual };
    struct ServerRequest {
        QString nsp;
        QString event;
        QVariantList args;
        qint64 id = -1;
        qint64 timeUs = 0;
        SocketIOQt::AckHandle handle;
    };

    LiveConnection(CaptureSession *session, QObject *parent = nullptr);
    ~LiveConnection() override;

    SocketIOQt::SocketIO *io() { return &m_io; }
    CaptureSession *session() const { return m_session; }
    ConnectionSettings settings() const { return m_settings; }

    // Applies the settings and connects every namespace in them; false (with
    // the reason) when the settings are unusable.
    bool open(const ConnectionSettings &settings, QString *error = nullptr);
    void close();
    bool isOpen() const;

    void joinNamespace(const QString &nsp, const QVariantMap &auth = {}, bool useAuth = false);
    void leaveNamespace(const QString &nsp);
    QList<NamespaceStatus> namespaceStatus() const;
    NamespaceStatus namespaceStatus(const QString &nsp) const;

    // Sends an event; with ack the answer (or its timeout) lands in the ledger.
    bool emitEvent(const QString &nsp, const QString &event, const QVariantList &args, bool ack,
                   int timeoutMs, QString *error = nullptr);

    void setReplyPolicy(ReplyMode mode, const QVariantList &payload, bool echoArguments, int delayMs);
    ReplyMode replyMode() const { return m_replyMode; }
    QList<ServerRequest> pendingServerRequests() const { return m_waiting; }
    bool answerServerRequest(int index, const QVariantList &args);
    void dropServerRequest(int index);

Q_SIGNALS:
    void stateChanged();
    void namespaceStatusChanged();
    void serverRequestsChanged();
    void message(const QString &text); // something worth a line in the status bar

private:
    SocketIOQt::Namespace *track(const QString &nsp);
    void setStatus(const QString &nsp, NamespaceState state, const QString &detail = {});
    void onServerEvent(SocketIOQt::Namespace *ns, const QString &event, const QVariantList &args, const SocketIOQt::AckHandle &ack);
    void timelineNote(int kind, const QString &detail);

    CaptureSession *const m_session;
    SocketIOQt::SocketIO m_io;
    ConnectionSettings m_settings;
    QList<NamespaceStatus> m_status;
    QHash<QString, SocketIOQt::Namespace *> m_tracked;
    QTimer m_expiry;

    ReplyMode m_replyMode = ReplyMode::Immediately;
    QVariantList m_replyPayload;
    bool m_replyEcho = true;
    int m_replyDelayMs = 1000;
    QList<ServerRequest> m_waiting; // Manual mode: not answered yet
};

#endif // LIVECONNECTION_H
