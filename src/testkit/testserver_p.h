#ifndef SOCKETIOQT_TESTSERVER_P_H
#define SOCKETIOQT_TESTSERVER_P_H

#include "enginesession_p.h"
#include "testserver.h"

#include <SocketIOQt/socketiodecoder.h>

#include <QtCore/qdeadlinetimer.h>
#include <QtCore/qhash.h>
#include <QtCore/qset.h>

#include <deque>
#include <map>
#include <memory>

QT_BEGIN_NAMESPACE
class QTcpServer;
class QTcpSocket;
class QWebSocket;
class QWebSocketServer;
QT_END_NAMESPACE

namespace SocketIOQt {
namespace Test {

class HttpConnection;

// One namespace joined over a session.
struct TestSocket
{
    QString id;
    QString nsp;
    QString sessionId;
    QString pid;                // connection state recovery
    QSet<QString> rooms;
    bool recovered = false;
};

// An ack the server waits for.
struct PendingAck
{
    TestServer::AckCallback callback;
    QTimer *timer = nullptr;
};

// One Engine.IO session and the Socket.IO state above it.
struct TestClient
{
    EngineSession *engine = nullptr;
    int revision = 5;
    SocketIODecoder decoder;
    QHash<QString, QString> socketByNsp;
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers;
    qint64 nextAckId = 0;
    QHash<qint64, PendingAck> acks;
};

// An event kept for connection state recovery: the offset it was sent with, and to whom.
struct StoredEvent
{
    QString offset;
    QString nsp;
    QSet<QString> rooms;        // empty: the whole namespace
    QVariantList data;          // [name, args..., offset]
    QDeadlineTimer expiry;
};

// A socket that left with a recoverable reason, waiting to be restored.
struct PersistedSocket
{
    QString id;
    QString nsp;
    QSet<QString> rooms;
    QDeadlineTimer expiry;
};

class TestServerPrivate
{
    Q_DECLARE_PUBLIC(TestServer)
public:
    explicit TestServerPrivate(TestServer *q);

    void onNewConnection();
    void onHttpRequest(HttpConnection *connection, const QByteArray &body);
    void onWebSocket(QWebSocket *webSocket);
    EngineSession *openSession(EngineIOCodec::Version version, const QUrlQuery &query,
                               const QHash<QByteArray, QByteArray> &headers);
    void onSessionClosed(const QString &sid, const QString &reason);

    void onMessage(const QString &sid, const EngineIOPacket &packet);
    void handlePacket(const QString &sid, const SocketIOPacket &packet);
    void handleConnect(const QString &sid, const SocketIOPacket &packet);
    bool restore(TestClient &client, const QString &sid, const QString &nsp, const QVariantMap &auth);
    void addSocket(TestClient &client, const TestSocket &socket);
    void removeSocket(const QString &socketId, const QString &reason);
    void handleEvent(const QString &sid, const SocketIOPacket &packet);

    // Outgoing: through the faults (drop, delay, close after N), then transmit().
    void deliver(const QString &sid, const SocketIOPacket &packet);
    void transmit(const QString &sid, const SocketIOPacket &packet);
    bool dropped(const QString &sid, const SocketIOPacket &packet, TestServer::Direction direction);
    // Emits to the sockets of nsp in rooms (empty: all), with a recovery offset when enabled.
    void emitEvent(const QString &nsp, const QSet<QString> &rooms, const QString &event,
                   const QVariantList &args);
    void pruneEvents();

    void setError(TestServer::Error error, const QString &message);

    TestServer *q_ptr;
    QTcpServer *tcpServer = nullptr;
    QWebSocketServer *webSocketServer = nullptr;
    EngineConfig config;
    bool allowEIO3 = true;
    QString cookie;
    bool recovery = false;
    int maxDisconnectionDuration = 120000;
    bool automaticReplies = true;
    QStringList namespaces{QStringLiteral("/")};
    TestServer::NamespacePredicate namespacePredicate;
    TestServer::AuthHandler authHandler;
    QHash<QString, TestServer::EventHandler> handlers; // key: nsp + '\n' + event

    std::map<QString, std::unique_ptr<TestClient>> clients; // by session id
    TestClient *client(const QString &sid) const;
    QHash<QString, TestSocket> sockets;    // by socket id
    QHash<QString, PersistedSocket> persisted; // by pid
    std::deque<StoredEvent> events;
    quint64 offsetCounter = 0;

    // Faults
    int dropToClient = 0;
    int dropFromClient = 0;
    TestServer::PacketFilter dropFilter;
    int packetDelay = 0;
    int closeAfter = -1;

    TestServer::Error error = TestServer::NoError;
    QString errorString;
};

} // namespace Test
} // namespace SocketIOQt

#endif // SOCKETIOQT_TESTSERVER_P_H
