#ifndef SOCKETIOQT_TESTSERVER_H
#define SOCKETIOQT_TESTSERVER_H

#include <SocketIOQt/socketioqttest_export.h>
#include <SocketIOQt/engineiopacket.h>
#include <SocketIOQt/socketiopacket.h>

#include <QtCore/qhash.h>
#include <QtCore/qobject.h>
#include <QtCore/qurl.h>
#include <QtCore/qurlquery.h>
#include <QtCore/qvariant.h>
#include <QtNetwork/qhostaddress.h>

#include <functional>
#include <memory>

namespace SocketIOQt {
namespace Test {

class TestServerPrivate;

/// An in-process Socket.IO server for an application's own tests: Engine.IO 3 and 4 over
/// WebSocket and HTTP long-polling (with the upgrade), namespaces, an auth hook, rooms, acks
/// both ways, binary, connection state recovery, and fault injection. It listens on a loopback
/// port of its own and lives in the test's thread: everything happens in its event loop, and
/// the wait helpers spin that loop, so tests need no sleeps.
///
/// Identifiers: a *session* is one Engine.IO connection (its id is the Engine.IO sid); a
/// *socket* is one namespace joined over a session (its id is what the client sees as its
/// socket id).
class SOCKETIOQT_TEST_EXPORT TestServer : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool listening READ isListening NOTIFY listeningChanged)
    Q_PROPERTY(QUrl url READ url NOTIFY listeningChanged)
    Q_PROPERTY(QStringList transports READ transports WRITE setTransports NOTIFY transportsChanged)
    Q_PROPERTY(bool allowEIO3 READ allowEIO3 WRITE setAllowEIO3 NOTIFY allowEIO3Changed)
    Q_PROPERTY(int pingInterval READ pingInterval WRITE setPingInterval NOTIFY heartbeatChanged)
    Q_PROPERTY(int pingTimeout READ pingTimeout WRITE setPingTimeout NOTIFY heartbeatChanged)
    Q_PROPERTY(qint64 maxPayload READ maxPayload WRITE setMaxPayload NOTIFY maxPayloadChanged)
    Q_PROPERTY(QString cookie READ cookie WRITE setCookie NOTIFY cookieChanged)
    Q_PROPERTY(bool connectionStateRecovery READ connectionStateRecovery WRITE setConnectionStateRecovery NOTIFY recoveryChanged)
    Q_PROPERTY(int maxDisconnectionDuration READ maxDisconnectionDuration WRITE setMaxDisconnectionDuration NOTIFY recoveryChanged)
    Q_PROPERTY(bool automaticReplies READ automaticReplies WRITE setAutomaticReplies NOTIFY automaticRepliesChanged)
    Q_PROPERTY(int packetDelay READ packetDelay WRITE setPacketDelay NOTIFY faultsChanged)
    Q_PROPERTY(bool pingsAnswered READ pingsAnswered WRITE setPingsAnswered NOTIFY faultsChanged)
    Q_PROPERTY(bool upgradeRefused READ isUpgradeRefused WRITE setUpgradeRefused NOTIFY faultsChanged)
    Q_PROPERTY(int socketCount READ socketCount NOTIFY socketCountChanged)
    Q_PROPERTY(Error error READ error NOTIFY errorOccurred)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorOccurred)

public:
    /// What went wrong last: listen() failed, or a client broke the protocol.
    enum Error { NoError, ListenError, ProtocolError, LimitError };
    Q_ENUM(Error)

    /// Which way a packet travels, for the fault filters.
    enum class Direction { ToClient, FromClient };
    Q_ENUM(Direction)

    /// What a client sent to join a namespace, for the auth hook and the namespace predicate.
    struct Handshake
    {
        QString sessionId;          ///< the Engine.IO session
        QString nsp;                ///< the namespace, without a query string
        QVariantMap auth;           ///< the CONNECT payload (Socket.IO revision 5)
        QUrlQuery query;            ///< the handshake's query (revision 4: the namespace's own)
        QHash<QByteArray, QByteArray> headers; ///< the handshake request's headers, lower-case names
        int engineVersion = 4;      ///< 3 or 4
    };

    /// The auth hook's verdict: accept, or refuse with CONNECT_ERROR (revision 5:
    /// {"message", "data"}; revision 4: an ERROR packet with data, else message).
    struct AuthResult
    {
        bool accepted = true;
        QString message;            ///< the error's message when refused
        QVariant data;              ///< the error's data when refused (optional)
        static AuthResult accept() { return {}; }
        static AuthResult reject(const QString &message, const QVariant &data = {})
        { return {false, message, data}; }
    };

    /// Sends an ack reply; empty (false) when the client asked for no ack.
    using Reply = std::function<void(const QVariantList &args)>;
    /// An event handler: the socket, the arguments, and the ack reply.
    using EventHandler = std::function<void(const QString &socketId, const QVariantList &args,
                                            const Reply &reply)>;
    /// The answer to a server emit with ack: \a timedOut, or the client's arguments.
    using AckCallback = std::function<void(bool timedOut, const QVariantList &args)>;
    /// Decides whether a namespace that was not added may be joined (dynamic namespaces).
    using NamespacePredicate = std::function<bool(const QString &nsp, const Handshake &handshake)>;
    /// Decides whether a socket may join its namespace.
    using AuthHandler = std::function<AuthResult(const Handshake &handshake)>;
    /// Fault injection: true drops the packet.
    using PacketFilter = std::function<bool(const QString &sessionId, const SocketIOPacket &packet,
                                            Direction direction)>;

    /// A server that is not listening yet, with engine.io's defaults.
    explicit TestServer(QObject *parent = nullptr);
    /// Closes every session and stops listening.
    ~TestServer() override;

    /// Listens on \a address (loopback by default) and \a port (0: an ephemeral port). False
    /// with error() set when the port cannot be had.
    bool listen(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);
    /// Closes every session ("server shutting down") and stops listening.
    void close();
    /// Whether listen() succeeded and close() was not called since.
    bool isListening() const;
    /// The URL a client connects to: http://127.0.0.1:<port>; empty when not listening.
    QUrl url() const;
    /// The listening port; 0 when not listening.
    quint16 port() const;

    /// The transports a client may use. Default {"polling", "websocket"}.
    QStringList transports() const;
    void setTransports(const QStringList &transports);
    /// Whether Engine.IO 3 clients (Socket.IO revision 4, socket.io-client 2.x) are served.
    /// Default true.
    bool allowEIO3() const;
    void setAllowEIO3(bool allow);
    /// The heartbeat interval. Default 25000 ms.
    int pingInterval() const;
    void setPingInterval(int ms);
    /// How long a peer may stay silent after a heartbeat. Default 20000 ms.
    int pingTimeout() const;
    void setPingTimeout(int ms);
    /// The largest polling body and WebSocket message accepted (engine.io's maxHttpBufferSize).
    /// Larger ones close the session with "transport error" (HTTP 413). Default 1000000 bytes.
    qint64 maxPayload() const;
    void setMaxPayload(qint64 bytes);
    /// The name of the cookie holding the session id, set on the polling handshake
    /// (Path=/; HttpOnly; SameSite=Lax); empty for none (the default, as engine.io 4+).
    QString cookie() const;
    void setCookie(const QString &name);
    /// Connection state recovery as socket.io 4.6+: CONNECT answers carry a "pid", events sent
    /// without ack an offset, and a socket that comes back within maxDisconnectionDuration gets
    /// its id, rooms and missed events back. Engine.IO 4 only. Default false.
    bool connectionStateRecovery() const;
    void setConnectionStateRecovery(bool enabled);
    /// How long a disconnected socket's state is kept. Default 120000 ms.
    int maxDisconnectionDuration() const;
    void setMaxDisconnectionDuration(int ms);

    /// The namespaces clients may join besides those the predicate allows. Default {"/"}.
    void addNamespace(const QString &nsp);
    QStringList namespaces() const;
    void setNamespacePredicate(NamespacePredicate predicate);
    void setAuthHandler(AuthHandler handler);

    /// Calls \a handler for \a event in namespace "/" (or \a nsp); one handler per event.
    void on(const QString &event, EventHandler handler);
    void on(const QString &nsp, const QString &event, EventHandler handler);

    /// Emits \a event to one socket.
    void send(const QString &socketId, const QString &event, const QVariantList &args = {});
    /// Emits \a event to one socket and calls \a callback with its ack, or with timedOut after
    /// \a timeout ms.
    void sendWithAck(const QString &socketId, const QString &event, const QVariantList &args,
                     AckCallback callback, int timeout = 5000);
    /// Emits \a event to every socket of \a nsp.
    void broadcast(const QString &nsp, const QString &event, const QVariantList &args = {});
    /// Emits \a event to every socket of \a nsp in \a room.
    void broadcastToRoom(const QString &nsp, const QString &room, const QString &event,
                         const QVariantList &args = {});
    /// Room membership. Every socket is in the room named after its id.
    void join(const QString &socketId, const QString &room);
    void leave(const QString &socketId, const QString &room);
    QStringList rooms(const QString &socketId) const;
    /// The connected sockets of \a nsp.
    QStringList sockets(const QString &nsp = QStringLiteral("/")) const;
    int socketCount() const;
    /// Whether \a socketId came back through connection state recovery.
    bool isRecovered(const QString &socketId) const;
    /// The Engine.IO session a socket travels over.
    QString sessionId(const QString &socketId) const;
    /// The open sessions.
    QStringList sessions() const;
    /// The transport of a session ("polling" or "websocket") and its Engine.IO version.
    QString transport(const QString &sessionId) const;
    int engineVersion(const QString &sessionId) const;
    /// Disconnects a socket from its namespace (the client sees "io server disconnect").
    void disconnectSocket(const QString &socketId);
    /// Closes a session with a close packet, or (\a abort) by dropping its connections.
    void closeSession(const QString &sessionId, bool abort = false);

    /// Waits for the next socket to connect, spinning the event loop; its id, or empty after
    /// \a timeout ms.
    QString waitForClient(int timeout = 5000);
    /// Waits for the next \a event (any namespace); false after \a timeout ms. \a args gets
    /// its arguments.
    bool waitForEvent(const QString &event, int timeout = 5000, QVariantList *args = nullptr);

    // Fault injection
    /// Drops the next \a count Socket.IO packets going \a direction.
    void dropPackets(int count, Direction direction = Direction::ToClient);
    /// Drops the packets \a filter returns true for (both directions); empty to stop.
    void setDropFilter(PacketFilter filter);
    /// Delays every packet sent to clients by \a ms (order kept). Default 0.
    int packetDelay() const;
    void setPacketDelay(int ms);
    /// Ends the session's transport right after the next \a packets Socket.IO packets have
    /// been sent to a client (it sees "transport close" or "transport error"); -1 disables.
    void closeTransportAfter(int packets);
    /// Whether the heartbeat runs: false sends no more pings (Engine.IO 4) and answers none
    /// (Engine.IO 3), so clients see a ping timeout. Default true.
    bool pingsAnswered() const;
    void setPingsAnswered(bool answered);
    /// Whether upgrades to WebSocket are refused (the probe is answered by closing the
    /// WebSocket; the client stays on polling). Default false.
    bool isUpgradeRefused() const;
    void setUpgradeRefused(bool refused);
    /// Sends a message whose Socket.IO packet is malformed JSON ("42[" ...).
    void sendMalformedFrame(const QString &sessionId);

    // The low-level hook (a mock server built on this one): packets as they travel.
    /// Whether the server acts on received Socket.IO packets (CONNECT answers, handlers, acks,
    /// DISCONNECT). false leaves that to the caller through packetReceived() and sendPacket().
    /// The Engine.IO layer (handshake, heartbeat, upgrade) always runs. Default true.
    bool automaticReplies() const;
    void setAutomaticReplies(bool automatic);
    /// Sends \a packet to a session, attachments included; no fault applies.
    void sendPacket(const QString &sessionId, const SocketIOPacket &packet);
    /// Sends an Engine.IO packet, encoded for the session's version and transport.
    void sendEnginePacket(const QString &sessionId, const EngineIOPacket &packet);
    /// Sends \a frame as it is: one WebSocket frame, or the whole body of the next polling
    /// response.
    void sendRawFrame(const QString &sessionId, const QByteArray &frame, bool binary = false);

    Error error() const;
    QString errorString() const;

Q_SIGNALS:
    void listeningChanged();
    void transportsChanged();
    void allowEIO3Changed();
    void heartbeatChanged();
    void maxPayloadChanged();
    void cookieChanged();
    void recoveryChanged();
    void automaticRepliesChanged();
    void faultsChanged();
    void socketCountChanged();
    void errorOccurred(SocketIOQt::Test::TestServer::Error error);

    /// An Engine.IO session opened or closed (with engine.io's close reason).
    void sessionOpened(const QString &sessionId);
    void sessionClosed(const QString &sessionId, const QString &reason);
    /// A session switched transport (after an upgrade).
    void transportChanged(const QString &sessionId, const QString &transport);
    /// Every Socket.IO packet a client sent, attachments in place, before faults and handling.
    void packetReceived(const QString &sessionId, const SocketIOQt::SocketIOPacket &packet);

    /// A socket joined a namespace (\a recovered: through connection state recovery).
    void clientConnected(const QString &socketId, const QString &nsp, bool recovered);
    /// A socket left, with socket.io's disconnect reason ("client namespace disconnect",
    /// "server namespace disconnect", "transport close", "transport error", "ping timeout",
    /// "parse error", "server shutting down").
    void clientDisconnected(const QString &socketId, const QString &nsp, const QString &reason);
    /// A client emitted \a event.
    void eventReceived(const QString &nsp, const QString &event, const QVariantList &args,
                       const QString &socketId);

private:
    Q_DISABLE_COPY(TestServer)
    Q_DECLARE_PRIVATE(TestServer)
    std::unique_ptr<TestServerPrivate> const d_ptr;
};

} // namespace Test
} // namespace SocketIOQt

#endif // SOCKETIOQT_TESTSERVER_H
