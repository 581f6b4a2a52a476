#ifndef SOCKETIOQT_SOCKETIO_P_H
#define SOCKETIOQT_SOCKETIO_P_H

#include "socketio.h"
#include "namespacehost_p.h"
#include "namespaceregistry_p.h"
#include "enginesocket.h"
#include "socketioparser.h"

#include <QtCore/qpointer.h>
#include <QtCore/qrandom.h>
#include <QtCore/qbasictimer.h>

namespace SocketIOQt {

class SocketIOPrivate final : public NamespaceHost, public EngineSocket::Listener
{
    Q_DECLARE_PUBLIC(SocketIO)
public:
    explicit SocketIOPrivate(SocketIO *q);

    // Where the connection is. The public SocketIO::State follows from it (publicState()); every
    // change goes through setPhase().
    enum class Phase {
        Idle,           // no engine, nothing planned: never opened, close()d, or given up
        Opening,        // the engine opens (a reconnection attempt when attempts > 0)
        Detecting,      // the engine is open; protocol auto-detection waits for the server's first word
        Open,           // the engine is open and the revision known: namespaces may join
        Closing,        // close(): the DISCONNECT packets go out
        Failed,         // an attempt failed, the engine is gone; reconnect or give up comes next
        Lost,           // the open connection was lost, the engine is gone; the same
        WaitingToReconnect // reconnectTimer runs
    };
    static SocketIO::State publicState(Phase phase);

    // NamespaceHost: what the namespaces may ask.
    bool isOpen() const override;
    int revision() const override { return currentRevision; }
    QString engineSessionId() const override;
    bool joinsRootImplicitly() const override { return rootConnectImplicit; }
    void rootJoined() override { rootConnectImplicit = false; }
    QVariantMap defaultAuth() const override { return auth; }
    int bufferLimit() const override { return sendBufferLimit; }
    qint64 bufferSizeLimit() const override { return limits.maxBufferSize(); }
    void typedListenerAdded() override { typedListeners = true; }
    void failProtocol(const QString &message) override;
    void sendPacket(const SocketIOPacket &packet) override;
    void reportBufferOverflow(const QString &nsp, const QString &event) override;
    void openFor(Namespace *ns) override;
    void namespaceLeft() override;
    void namespaceDestroyed(Namespace *ns, bool joined) override;

    // EngineSocket::Listener: what the engine reports.
    void engineOpened() override { onEngineOpened(); }
    void engineMessage(const EngineIOPacket &packet) override { onEngineMessage(packet); }
    void enginePingReceived() override;
    void engineUpgraded() override;
    void engineUpgradeFailed(const QString &description) override;
    void engineSslErrors(const QList<QSslError> &errors) override;
    void engineClosed(const QString &reason) override { onEngineClosed(reason); }
    void enginePacketTraced(bool outgoing, const EngineIOPacket &packet, const QString &transport) override
    {
        tracePacket(outgoing, packet, transport);
    }

    QString defaultNamespace() const;

    void openEngine();
    void closeEngine();
    void setPhase(Phase phase);
    // Logged as a warning, unless \a expected: a loss or a failed attempt that reconnection
    // handles is logged at debug level (socketio.client; the loss itself has an info line).
    void setError(SocketIO::Error error, const QString &message, bool expected = false);
    bool validateOptions();

    void updateTracing();
    void tracePacket(bool outgoing, const EngineIOPacket &packet, const QString &transport);
    static QByteArray maskSecrets(const QByteArray &text);
    EngineIOPacket maskBinarySecrets(const EngineIOPacket &packet) const;
    void onEngineOpened();
    void finishDetection();
    void finishOpen(int revision);
    void makeCodecs(int revision);
    QUrlQuery engineQuery() const;
    QNetworkAccessManager *networkManager();
    void onEngineMessage(const EngineIOPacket &packet);
    bool takeTypedEvent(const EngineIOPacket &packet);
    void onEngineClosed(const QString &reason);
    void onOpenFailed(const QString &message);
    void afterFailure(); // Failed or Lost: reconnect, or go idle
    void scheduleReconnect();
    void onReconnectTimer();
    void onConnectTimeout();
    int nextReconnectDelay();

    SocketIO *q_ptr;

    QUrl url;
    QString path = QStringLiteral("/socket.io");
    QUrlQuery query;
    QHash<QByteArray, QByteArray> extraHeaders;
    QVariantMap auth;
    // The lists nearly every connection names, shared (see sharedTransports()).
    static QStringList sharedTransports(const QStringList &transports);
    QStringList transports = sharedTransports({QStringLiteral("polling"), QStringLiteral("websocket")});
    bool upgrade = true;
    bool rememberUpgrade = false;
    bool forceBase64 = false;
    bool websocketWorked = false; // for rememberUpgrade
    QPointer<QNetworkAccessManager> manager;
    QNetworkAccessManager *ownManager = nullptr;
    SocketIO::ProtocolVersion protocol = SocketIO::Revision5;
    SocketIO::ProtocolVersion negotiated = SocketIO::Auto;
    std::optional<QSslConfiguration> sslConfiguration; // unset: Qt's default, and no allocation
    QList<QSslError> ignoredSslErrors;
    std::optional<QNetworkProxy> proxy; // unset: the default proxy, and no allocation
    Limits limits;
    bool traceSecrets = false;

    bool reconnection = true;
    int reconnectionAttempts = -1;
    int reconnectionDelay = 1000;
    int reconnectionDelayMax = 5000;
    double randomizationFactor = 0.5;
    int timeout = 20000;
    int sendBufferLimit = 10000;

    Phase phase = Phase::Idle;
    SocketIO::Error error = SocketIO::NoError;
    QString errorString;

    QPointer<EngineSocket> engine;
    std::shared_ptr<const Parser> parser = Parser::json();
    // Made for each connection once its revision is known (makeCodecs()).
    std::unique_ptr<PacketEncoder> encoder;
    std::unique_ptr<PacketDecoder> decoder;
    // What the decoder was made with: typed handlers of plain events skip it, under the same
    // bounds (takeTypedEvent()), when it is one of the built-in parsers.
    Limits decoderLimits;
    enum class DecoderFormat { Other, Json, MsgPack } decoderFormat = DecoderFormat::Other;
    bool typedListeners = false; // one of the namespaces has a typed handler
    qint64 incomingBytes = 0; // of the packet the decoder is putting together
    int currentRevision = 5;     // the revision spoken on the current connection
    bool rootConnectImplicit = false; // revisions 3-4: the server connects "/" on its own
    NamespaceRegistry namespaces;

    int attempts = 0;            // reconnection attempts since the last success
    // One timer for the three waits, which never overlap (one QTimer each cost about half a
    // kilobyte per connection): what it is armed for now.
    enum class Wait { None, Connect, Detect, Reconnect };
    void startWait(Wait wait, int ms);
    void stopWait(Wait wait); // stops it only if it is armed for `wait`
    void onWaitTimeout();
    Wait armedWait = Wait::None;
    // A QBasicTimer of the SocketIO (SocketIO::timerEvent()), not a QTimer: no object and no
    // connection per connection. Waits: Connect, the `timeout` option while Opening; Detect, how
    // long to wait for the server's first word; Reconnect, WaitingToReconnect.
    QBasicTimer waitTimer;
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_SOCKETIO_P_H
