#ifndef SOCKETIOQT_SOCKETIO_P_H
#define SOCKETIOQT_SOCKETIO_P_H

#include "socketio.h"
#include "enginesocket.h"
#include "socketiodecoder.h"

#include <QtCore/qmap.h>
#include <QtCore/qpointer.h>
#include <QtCore/qrandom.h>
#include <QtCore/qtimer.h>

namespace SocketIOQt {

class SocketIOPrivate
{
    Q_DECLARE_PUBLIC(SocketIO)
public:
    explicit SocketIOPrivate(SocketIO *q);

    static SocketIOPrivate *get(SocketIO *io) { return io->d_func(); }

    int revision() const { return currentRevision; }
    bool isOpen() const { return engine && engine->state() == EngineSocket::Open && !detecting; }
    // Whether a lost or failed connection is followed by a reconnection attempt.
    bool reconnects() const { return reconnection && !skipReconnect; }
    QString defaultNamespace() const;

    void openEngine();
    void closeEngine(const QString &reason);
    void sendPacket(const SocketIOPacket &packet);
    void namespaceLeft(); // closes the connection once no namespace is active
    void setState(SocketIO::State state);
    // Logged as a warning, unless \a expected: a loss or a failed attempt that reconnection
    // handles is logged at debug level (socketio.client; the loss itself has an info line).
    void setError(SocketIO::Error error, const QString &message, bool expected = false);
    bool validateOptions();

    void updateTracing();
    void tracePacket(bool outgoing, const EngineIOPacket &packet, const QString &transport);
    static QByteArray maskSecrets(const QByteArray &text);
    void onEngineOpened();
    void finishOpen(int revision);
    QUrlQuery engineQuery() const;
    QNetworkAccessManager *networkManager();
    void onEngineMessage(const EngineIOPacket &packet);
    void onEngineClosed(const QString &reason);
    void onOpenFailed(const QString &message);
    void scheduleReconnect();
    int nextReconnectDelay();

    SocketIO *q_ptr;

    QUrl url;
    QString path = QStringLiteral("/socket.io");
    QUrlQuery query;
    QHash<QByteArray, QByteArray> extraHeaders;
    QVariantMap auth;
    QStringList transports = {QStringLiteral("polling"), QStringLiteral("websocket")};
    bool upgrade = true;
    bool rememberUpgrade = false;
    bool forceBase64 = false;
    bool websocketWorked = false; // for rememberUpgrade
    QPointer<QNetworkAccessManager> manager;
    QNetworkAccessManager *ownManager = nullptr;
    SocketIO::ProtocolVersion protocol = SocketIO::Revision5;
    SocketIO::ProtocolVersion negotiated = SocketIO::Auto;
    QSslConfiguration sslConfiguration;
    bool hasSslConfiguration = false;
    QList<QSslError> ignoredSslErrors;
    QNetworkProxy proxy = QNetworkProxy(QNetworkProxy::DefaultProxy);
    Limits limits;
    bool traceSecrets = false;

    bool reconnection = true;
    int reconnectionAttempts = -1;
    int reconnectionDelay = 1000;
    int reconnectionDelayMax = 5000;
    double randomizationFactor = 0.5;
    int timeout = 20000;
    int sendBufferLimit = 10000;

    SocketIO::State state = SocketIO::Disconnected;
    SocketIO::Error error = SocketIO::NoError;
    QString errorString;

    QPointer<EngineSocket> engine;
    QPointer<EngineSocket> tracingEngine;
    SocketIODecoder decoder;
    int currentRevision = 5;     // the revision spoken on the current connection
    bool detecting = false;      // auto over WebSocket: waiting to see if the server connects "/" itself
    bool rootConnectImplicit = false; // revisions 3-4: the server connects "/" on its own
    QTimer detectTimer;
    QMap<QString, Namespace *> namespaces;

    bool skipReconnect = false; // set by close(): no automatic reconnection
    bool reconnecting = false;  // the current attempt is a reconnection
    int attempts = 0;           // reconnection attempts since the last success
    QTimer reconnectTimer;
    QTimer connectTimer;        // the `timeout` option
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_SOCKETIO_P_H
