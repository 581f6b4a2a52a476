#include "testserver.h"
#include "testserver_p.h"
#include "httpconnection_p.h"
#include "testkitlogging_p.h"

#include <SocketIOQt/socketioencoder.h>

#include <QtCore/qeventloop.h>
#include <QtCore/qrandom.h>
#include <QtNetwork/qnetworkrequest.h>
#include <QtNetwork/qtcpserver.h>
#include <QtNetwork/qtcpsocket.h>
#include <QtWebSockets/qwebsocket.h>
#include <QtWebSockets/qwebsocketserver.h>

// Why QTcpServer with a small HTTP/1.1 reader rather than Qt HTTP Server: Qt 6.4 (Debian 12)
// ships QHttpServer as a technology preview whose API changed in 6.5 and 6.8, and it answers
// through responders that cannot hold a long-polling GET open across event-loop turns without
// private API. Engine.IO needs very little of HTTP (GET and POST with Content-Length, keep-alive,
// one header on the handshake), which a bounded reader covers; WebSocket upgrades go to
// QWebSocketServer::handleConnection(), so the only dependencies are QtNetwork and QtWebSockets.

namespace SocketIOQt {
namespace Test {

Q_LOGGING_CATEGORY(lcTestServer, "socketio.testserver", QtWarningMsg)

namespace {
constexpr qsizetype MaxHeadSize = 16 * 1024; // Node's default --max-http-header-size
constexpr std::size_t MaxStoredEvents = 10000; // recovery buffer, besides its time bound

// 20 characters of base64url, as engine.io's ids.
QString randomId()
{
    quint32 words[4];
    QRandomGenerator::global()->fillRange(words);
    const QByteArray bytes(reinterpret_cast<const char *>(words), 15);
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding));
}

QByteArray engineError(int code, const char *message)
{
    return "{\"code\":" + QByteArray::number(code) + ",\"message\":\"" + message + "\"}";
}

bool isRecoverable(const QString &reason)
{
    return reason == QLatin1String("transport error") || reason == QLatin1String("transport close")
           || reason == QLatin1String("forced close") || reason == QLatin1String("ping timeout")
           || reason == QLatin1String("server shutting down");
}
} // namespace

TestServerPrivate::TestServerPrivate(TestServer *q) : q_ptr(q) { }

TestClient *TestServerPrivate::client(const QString &sid) const
{
    const auto it = clients.find(sid);
    return it == clients.end() ? nullptr : it->second.get();
}

void TestServerPrivate::setError(TestServer::Error code, const QString &message)
{
    Q_Q(TestServer);
    qCDebug(lcTestServer) << code << message;
    error = code;
    errorString = message;
    Q_EMIT q->errorOccurred(code);
}

void TestServerPrivate::onNewConnection()
{
    Q_Q(TestServer);
    while (QTcpSocket *socket = tcpServer->nextPendingConnection()) {
        auto *connection = new HttpConnection(socket, MaxHeadSize, config.maxPayload, q);
        QObject::connect(connection, &HttpConnection::requestReceived, q,
                         [this](HttpConnection *c, const QByteArray &body) { onHttpRequest(c, body); });
        QObject::connect(connection, &HttpConnection::webSocketRequested, q,
                         [this](QTcpSocket *s) { webSocketServer->handleConnection(s); });
        QObject::connect(connection, &HttpConnection::rejected, q,
                         [this, connection](int status, const QString &why) {
            setError(status == 400 ? TestServer::ProtocolError : TestServer::LimitError,
                     QStringLiteral("HTTP %1: %2").arg(status).arg(why));
            // A body over maxPayload ends its session, as engine.io's transport error does.
            const QString sid = QUrlQuery(connection->request().url).queryItemValue(QStringLiteral("sid"));
            if (TestClient *client = this->client(sid); client && status == 413)
                client->engine->abort(QStringLiteral("transport error"));
        });
        QObject::connect(connection, &HttpConnection::droppedWhileWaiting, q, [this](HttpConnection *c) {
            for (const auto &entry : clients)
                entry.second->engine->pollingDropped(c);
        });
    }
}

void TestServerPrivate::onHttpRequest(HttpConnection *connection, const QByteArray &body)
{
    const HttpRequestHead &request = connection->request();
    const QString path = request.url.path();
    if (path != QLatin1String("/socket.io/") && path != QLatin1String("/socket.io"))
        return connection->respond(404, "text/plain", "Not Found");
    const QUrlQuery query(request.url);
    const QString eio = query.queryItemValue(QStringLiteral("EIO"));
    if (eio != QLatin1String("4") && !(eio == QLatin1String("3") && allowEIO3))
        return connection->respond(400, "application/json", engineError(5, "Unsupported protocol version"));
    if (query.queryItemValue(QStringLiteral("transport")) != QLatin1String("polling")
        || !config.transports.contains(QLatin1String("polling")))
        return connection->respond(400, "application/json", engineError(0, "Transport unknown"));
    if (query.hasQueryItem(QStringLiteral("j"))) // JSONP polling is not served
        return connection->respond(400, "application/json", engineError(3, "Bad request"));

    const QString sid = query.queryItemValue(QStringLiteral("sid"));
    if (sid.isEmpty()) {
        if (request.method != "GET")
            return connection->respond(400, "application/json", engineError(2, "Bad handshake method"));
        EngineSession *session = openSession(eio == QLatin1String("3") ? EngineIOCodec::V3
                                                                        : EngineIOCodec::V4,
                                             query, request.headers);
        session->setBase64(query.queryItemValue(QStringLiteral("b64")) == QLatin1String("1")
                           || query.queryItemValue(QStringLiteral("b64")) == QLatin1String("true"));
        if (!cookie.isEmpty()) {
            // As engine.io's `cookie` option: the session id, for sticky load balancers.
            session->setHandshakeHeader("Set-Cookie", cookie.toUtf8() + '=' + session->id().toUtf8()
                                                          + "; Path=/; HttpOnly; SameSite=Lax");
        }
        session->start(nullptr);
        session->handleGet(connection);
        return;
    }
    TestClient *client = this->client(sid);
    if (!client || client->engine->transport() != EngineSession::Polling)
        return connection->respond(400, "application/json", engineError(1, "Session ID unknown"));
    if (request.method == "GET")
        return client->engine->handleGet(connection);
    if (request.method == "POST")
        return client->engine->handlePost(connection, body,
                                          request.headers.value("content-type")
                                              .startsWith("application/octet-stream"));
    connection->respond(400, "application/json", engineError(2, "Bad handshake method"));
}

void TestServerPrivate::onWebSocket(QWebSocket *webSocket)
{
    const QUrlQuery query(webSocket->requestUrl());
    const QString eio = query.queryItemValue(QStringLiteral("EIO"));
    const bool eioOk = eio == QLatin1String("4") || (eio == QLatin1String("3") && allowEIO3);
    if (!eioOk || !config.transports.contains(QLatin1String("websocket"))
        || query.queryItemValue(QStringLiteral("transport")) != QLatin1String("websocket")) {
        webSocket->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("Bad request"));
        webSocket->deleteLater();
        return;
    }
    webSocket->setMaxAllowedIncomingMessageSize(quint64(config.maxPayload));
    const QString sid = query.queryItemValue(QStringLiteral("sid"));
    if (!sid.isEmpty()) {
        TestClient *client = this->client(sid);
        if (!client) {
            webSocket->close(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("Session ID unknown"));
            webSocket->deleteLater();
            return;
        }
        client->engine->probe(webSocket);
        return;
    }
    QHash<QByteArray, QByteArray> headers;
    const QNetworkRequest request = webSocket->request();
    for (const QByteArray &name : request.rawHeaderList())
        headers.insert(name.toLower(), request.rawHeader(name));
    EngineSession *session = openSession(eio == QLatin1String("3") ? EngineIOCodec::V3
                                                                    : EngineIOCodec::V4,
                                         query, headers);
    session->start(webSocket);
}

EngineSession *TestServerPrivate::openSession(EngineIOCodec::Version version, const QUrlQuery &query,
                                              const QHash<QByteArray, QByteArray> &headers)
{
    Q_Q(TestServer);
    const QString sid = randomId();
    auto *session = new EngineSession(sid, version, &config, q);
    auto client = std::make_unique<TestClient>();
    client->engine = session;
    client->revision = version == EngineIOCodec::V3 ? 4 : 5;
    client->decoder.setRevision(client->revision);
    client->query = query;
    client->headers = headers;
    clients[sid] = std::move(client);
    QObject::connect(session, &EngineSession::messageReceived, q,
                     [this, sid](const EngineIOPacket &packet) { onMessage(sid, packet); });
    QObject::connect(session, &EngineSession::closed, q,
                     [this, sid](const QString &reason) { onSessionClosed(sid, reason); });
    QObject::connect(session, &EngineSession::transportChanged, q,
                     [q, sid](const QString &transport) { Q_EMIT q->transportChanged(sid, transport); });
    QObject::connect(session, &EngineSession::protocolError, q, [this](const QString &why) {
        setError(TestServer::ProtocolError, why);
    });
    qCDebug(lcTestServer) << "session" << sid << "EIO" << int(version);
    Q_EMIT q->sessionOpened(sid);
    if (version == EngineIOCodec::V3 && automaticReplies) {
        // Socket.IO revision 4: the server joins "/" on its own.
        QMetaObject::invokeMethod(q, [this, sid] {
            if (this->client(sid))
                handleConnect(sid, SocketIOPacket(SocketIOPacket::Connect, QStringLiteral("/")));
        }, Qt::QueuedConnection);
    }
    return session;
}

void TestServerPrivate::onSessionClosed(const QString &sid, const QString &reason)
{
    Q_Q(TestServer);
    const auto it = clients.find(sid);
    if (it == clients.end())
        return;
    std::unique_ptr<TestClient> client = std::move(it->second);
    clients.erase(it);
    for (auto stale = persisted.begin(); stale != persisted.end();)
        stale = stale->expiry.hasExpired() ? persisted.erase(stale) : std::next(stale);
    for (const QString &socketId : std::as_const(client->socketByNsp)) {
        const TestSocket socket = sockets.value(socketId);
        if (recovery && !socket.pid.isEmpty() && isRecoverable(reason)) {
            persisted.insert(socket.pid, {socket.id, socket.nsp, socket.rooms,
                                          QDeadlineTimer(maxDisconnectionDuration)});
        }
        removeSocket(socketId, reason);
    }
    for (const PendingAck &ack : std::as_const(client->acks))
        delete ack.timer;
    client->engine->deleteLater();
    Q_EMIT q->sessionClosed(sid, reason);
}

void TestServerPrivate::onMessage(const QString &sid, const EngineIOPacket &packet)
{
    TestClient *client = this->client(sid);
    if (!client)
        return;
    const auto status = packet.isBinary() ? client->decoder.addBinary(packet.data())
                                          : client->decoder.addText(packet.data());
    if (status == SocketIODecoder::NeedAttachments)
        return;
    if (status == SocketIODecoder::Error) {
        setError(TestServer::ProtocolError, client->decoder.errorString());
        client->engine->abort(QStringLiteral("parse error"));
        return;
    }
    const SocketIOPacket decoded = client->decoder.takePacket();
    Q_EMIT q_ptr->packetReceived(sid, decoded);
    if (dropped(sid, decoded, TestServer::Direction::FromClient) || !automaticReplies)
        return;
    handlePacket(sid, decoded);
}

void TestServerPrivate::handlePacket(const QString &sid, const SocketIOPacket &packet)
{
    TestClient *client = this->client(sid);
    switch (packet.type()) {
    case SocketIOPacket::Connect:
        return handleConnect(sid, packet);
    case SocketIOPacket::Disconnect:
        if (const QString id = client->socketByNsp.value(packet.nsp()); !id.isEmpty())
            removeSocket(id, QStringLiteral("client namespace disconnect"));
        return;
    case SocketIOPacket::Event:
    case SocketIOPacket::BinaryEvent:
        return handleEvent(sid, packet);
    case SocketIOPacket::Ack:
    case SocketIOPacket::BinaryAck: {
        const PendingAck ack = client->acks.take(packet.id());
        if (!ack.callback)
            return;
        delete ack.timer;
        ack.callback(false, packet.data().toList());
        return;
    }
    case SocketIOPacket::ConnectError:
        return;
    }
}

void TestServerPrivate::handleConnect(const QString &sid, const SocketIOPacket &packet)
{
    TestClient *client = this->client(sid);
    TestServer::Handshake handshake;
    handshake.sessionId = sid;
    handshake.headers = client->headers;
    handshake.engineVersion = client->revision == 4 ? 3 : 4;
    handshake.query = client->query;
    QString nsp = packet.nsp();
    if (const qsizetype mark = nsp.indexOf(QLatin1Char('?')); mark >= 0) {
        // Revision 4: credentials as the namespace's query string.
        const QUrlQuery own(nsp.mid(mark + 1));
        for (const auto &item : own.queryItems(QUrl::FullyDecoded))
            handshake.query.addQueryItem(item.first, item.second);
        nsp.truncate(mark);
    }
    handshake.nsp = nsp;
    handshake.auth = packet.data().toMap();
    if (client->socketByNsp.contains(nsp))
        return;

    const auto refuse = [&](const QString &message, const QVariant &data) {
        QVariant payload;
        if (client->revision >= 5) {
            QVariantMap error{{QStringLiteral("message"), message}};
            if (data.isValid())
                error.insert(QStringLiteral("data"), data);
            payload = error;
        } else {
            payload = data.isValid() ? data : QVariant(message);
        }
        deliver(sid, SocketIOPacket(SocketIOPacket::ConnectError, nsp, payload));
    };
    if (!namespaces.contains(nsp) && !(namespacePredicate && namespacePredicate(nsp, handshake)))
        return refuse(QStringLiteral("Invalid namespace"), {});
    if (client->revision >= 5 && restore(*client, sid, nsp, handshake.auth))
        return;
    if (authHandler) {
        const TestServer::AuthResult verdict = authHandler(handshake);
        if (!verdict.accepted)
            return refuse(verdict.message, verdict.data);
    }
    TestSocket socket;
    socket.nsp = nsp;
    socket.sessionId = sid;
    if (client->revision >= 5)
        socket.id = randomId();
    else
        socket.id = nsp == QLatin1String("/") ? sid : nsp + QLatin1Char('#') + sid;
    QVariantMap answer{{QStringLiteral("sid"), socket.id}};
    if (recovery && client->revision >= 5) {
        socket.pid = randomId();
        answer.insert(QStringLiteral("pid"), socket.pid);
    }
    addSocket(*client, socket);
    deliver(sid, SocketIOPacket(SocketIOPacket::Connect, nsp,
                                client->revision >= 5 ? QVariant(answer) : QVariant()));
    Q_EMIT q_ptr->clientConnected(socket.id, nsp, false);
}

bool TestServerPrivate::restore(TestClient &client, const QString &sid, const QString &nsp,
                                const QVariantMap &auth)
{
    if (!recovery)
        return false;
    const QString pid = auth.value(QStringLiteral("pid")).toString();
    const QString offset = auth.value(QStringLiteral("offset")).toString();
    if (pid.isEmpty() || offset.isEmpty())
        return false;
    const auto it = persisted.find(pid);
    if (it == persisted.end() || it->expiry.hasExpired() || it->nsp != nsp)
        return false;
    pruneEvents();
    auto from = std::find_if(events.begin(), events.end(),
                             [&](const StoredEvent &e) { return e.offset == offset; });
    if (from == events.end())
        return false; // as socket.io: an offset it no longer knows means a fresh session
    TestSocket socket;
    socket.id = it->id;
    socket.nsp = nsp;
    socket.sessionId = sid;
    socket.pid = pid;
    socket.rooms = it->rooms;
    socket.recovered = true;
    persisted.erase(it);
    addSocket(client, socket);
    deliver(sid, SocketIOPacket(SocketIOPacket::Connect, nsp,
                                QVariantMap{{QStringLiteral("sid"), socket.id},
                                            {QStringLiteral("pid"), pid}}));
    for (++from; from != events.end(); ++from) {
        if (from->nsp == nsp && (from->rooms.isEmpty() || from->rooms.intersects(socket.rooms)))
            deliver(sid, SocketIOPacket(SocketIOPacket::Event, nsp, from->data));
    }
    Q_EMIT q_ptr->clientConnected(socket.id, nsp, true);
    return true;
}

void TestServerPrivate::addSocket(TestClient &client, const TestSocket &socket)
{
    TestSocket added = socket;
    added.rooms.insert(socket.id);
    sockets.insert(socket.id, added);
    client.socketByNsp.insert(socket.nsp, socket.id);
    Q_EMIT q_ptr->socketCountChanged();
}

void TestServerPrivate::removeSocket(const QString &socketId, const QString &reason)
{
    const TestSocket socket = sockets.take(socketId);
    if (socket.id.isEmpty())
        return;
    if (TestClient *client = this->client(socket.sessionId))
        client->socketByNsp.remove(socket.nsp);
    Q_EMIT q_ptr->socketCountChanged();
    Q_EMIT q_ptr->clientDisconnected(socketId, socket.nsp, reason);
}

void TestServerPrivate::handleEvent(const QString &sid, const SocketIOPacket &packet)
{
    TestClient *client = this->client(sid);
    const QString socketId = client->socketByNsp.value(packet.nsp());
    if (socketId.isEmpty())
        return; // not connected to that namespace: socket.io ignores it
    const QString event = packet.eventName();
    const QVariantList args = packet.eventArguments();
    TestServer::Reply reply;
    if (packet.id() >= 0) {
        const qint64 id = packet.id();
        const QString nsp = packet.nsp();
        auto sent = std::make_shared<bool>(false);
        reply = [this, sid, nsp, id, sent](const QVariantList &values) {
            if (*sent || !this->client(sid))
                return; // one answer per ack, as socket.io
            *sent = true;
            deliver(sid, SocketIOPacket(SocketIOPacket::Ack, nsp, values, id));
        };
    }
    Q_EMIT q_ptr->eventReceived(packet.nsp(), event, args, socketId);
    const auto handler = handlers.value(packet.nsp() + QLatin1Char('\n') + event);
    if (handler)
        handler(socketId, args, reply);
}

bool TestServerPrivate::dropped(const QString &sid, const SocketIOPacket &packet,
                                TestServer::Direction direction)
{
    if (dropFilter && dropFilter(sid, packet, direction))
        return true;
    int &count = direction == TestServer::Direction::ToClient ? dropToClient : dropFromClient;
    if (count > 0) {
        --count;
        return true;
    }
    return false;
}

void TestServerPrivate::deliver(const QString &sid, const SocketIOPacket &packet)
{
    if (dropped(sid, packet, TestServer::Direction::ToClient))
        return;
    if (packetDelay > 0) {
        QTimer::singleShot(packetDelay, q_ptr, [this, sid, packet] { transmit(sid, packet); });
        return;
    }
    transmit(sid, packet);
}

void TestServerPrivate::transmit(const QString &sid, const SocketIOPacket &packet)
{
    TestClient *client = this->client(sid);
    if (!client)
        return;
    const QList<QByteArray> frames = SocketIOEncoder::encode(packet, client->revision);
    for (qsizetype i = 0; i < frames.size(); ++i)
        client->engine->send(EngineIOPacket(EngineIOPacket::Message, frames.at(i), i > 0));
    if (closeAfter > 0 && --closeAfter == 0) {
        closeAfter = -1;
        client->engine->closeTransportAfterFlush();
    }
}

void TestServerPrivate::emitEvent(const QString &nsp, const QSet<QString> &rooms,
                                  const QString &event, const QVariantList &args)
{
    QVariantList data{event};
    data += args;
    if (recovery) {
        pruneEvents();
        StoredEvent stored;
        stored.offset = QStringLiteral("o%1").arg(++offsetCounter, 0, 36);
        data.append(stored.offset);
        stored.nsp = nsp;
        stored.rooms = rooms;
        stored.data = data;
        stored.expiry = QDeadlineTimer(maxDisconnectionDuration);
        events.push_back(std::move(stored));
    }
    // Targets first: a fault may close a session (and drop its sockets) while delivering.
    QStringList targets;
    for (const TestSocket &socket : std::as_const(sockets)) {
        if (socket.nsp == nsp && (rooms.isEmpty() || rooms.intersects(socket.rooms)))
            targets.append(socket.sessionId);
    }
    const SocketIOPacket packet(SocketIOPacket::Event, nsp, data);
    for (const QString &sid : std::as_const(targets))
        deliver(sid, packet);
}

void TestServerPrivate::pruneEvents()
{
    while (!events.empty() && (events.front().expiry.hasExpired() || events.size() > MaxStoredEvents))
        events.pop_front();
}

// ---------------------------------------------------------------------------------------------

TestServer::TestServer(QObject *parent)
    : QObject(parent), d_ptr(std::make_unique<TestServerPrivate>(this))
{
    Q_D(TestServer);
    d->tcpServer = new QTcpServer(this);
    d->webSocketServer = new QWebSocketServer(QStringLiteral("SocketIOQt TestServer"),
                                              QWebSocketServer::NonSecureMode, this);
    connect(d->tcpServer, &QTcpServer::newConnection, this, [d] { d->onNewConnection(); });
    connect(d->webSocketServer, &QWebSocketServer::newConnection, this, [d] {
        while (QWebSocket *webSocket = d->webSocketServer->nextPendingConnection())
            d->onWebSocket(webSocket);
    });
}

TestServer::~TestServer()
{
    close();
}

bool TestServer::listen(const QHostAddress &address, quint16 port)
{
    Q_D(TestServer);
    if (d->tcpServer->isListening())
        return true;
    if (!d->tcpServer->listen(address, port)) {
        d->setError(ListenError, d->tcpServer->errorString());
        return false;
    }
    Q_EMIT listeningChanged();
    return true;
}

void TestServer::close()
{
    Q_D(TestServer);
    for (const QString &sid : sessions()) {
        if (TestClient *client = d->client(sid))
            client->engine->close(QStringLiteral("server shutting down"));
    }
    if (d->tcpServer->isListening()) {
        d->tcpServer->close();
        Q_EMIT listeningChanged();
    }
}

bool TestServer::isListening() const { return d_func()->tcpServer->isListening(); }

QUrl TestServer::url() const
{
    Q_D(const TestServer);
    if (!d->tcpServer->isListening())
        return {};
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    const QHostAddress address = d->tcpServer->serverAddress();
    url.setHost(address == QHostAddress::Any || address == QHostAddress::AnyIPv4
                    ? QStringLiteral("127.0.0.1") : address.toString());
    url.setPort(d->tcpServer->serverPort());
    return url;
}

quint16 TestServer::port() const { return d_func()->tcpServer->serverPort(); }

QStringList TestServer::transports() const { return d_func()->config.transports; }
void TestServer::setTransports(const QStringList &transports)
{
    Q_D(TestServer);
    if (d->config.transports == transports)
        return;
    d->config.transports = transports;
    Q_EMIT transportsChanged();
}

bool TestServer::allowEIO3() const { return d_func()->allowEIO3; }
void TestServer::setAllowEIO3(bool allow)
{
    Q_D(TestServer);
    if (d->allowEIO3 == allow)
        return;
    d->allowEIO3 = allow;
    Q_EMIT allowEIO3Changed();
}

int TestServer::pingInterval() const { return d_func()->config.pingInterval; }
void TestServer::setPingInterval(int ms)
{
    Q_D(TestServer);
    if (d->config.pingInterval == ms || ms <= 0)
        return;
    d->config.pingInterval = ms;
    Q_EMIT heartbeatChanged();
}

int TestServer::pingTimeout() const { return d_func()->config.pingTimeout; }
void TestServer::setPingTimeout(int ms)
{
    Q_D(TestServer);
    if (d->config.pingTimeout == ms || ms <= 0)
        return;
    d->config.pingTimeout = ms;
    Q_EMIT heartbeatChanged();
}

qint64 TestServer::maxPayload() const { return d_func()->config.maxPayload; }
void TestServer::setMaxPayload(qint64 bytes)
{
    Q_D(TestServer);
    if (d->config.maxPayload == bytes || bytes <= 0)
        return;
    d->config.maxPayload = bytes;
    Q_EMIT maxPayloadChanged();
}

QString TestServer::cookie() const { return d_func()->cookie; }
void TestServer::setCookie(const QString &name)
{
    Q_D(TestServer);
    if (d->cookie == name)
        return;
    d->cookie = name;
    Q_EMIT cookieChanged();
}

bool TestServer::connectionStateRecovery() const { return d_func()->recovery; }
void TestServer::setConnectionStateRecovery(bool enabled)
{
    Q_D(TestServer);
    if (d->recovery == enabled)
        return;
    d->recovery = enabled;
    Q_EMIT recoveryChanged();
}

int TestServer::maxDisconnectionDuration() const { return d_func()->maxDisconnectionDuration; }
void TestServer::setMaxDisconnectionDuration(int ms)
{
    Q_D(TestServer);
    if (d->maxDisconnectionDuration == ms || ms < 0)
        return;
    d->maxDisconnectionDuration = ms;
    Q_EMIT recoveryChanged();
}

void TestServer::addNamespace(const QString &nsp)
{
    Q_D(TestServer);
    if (!d->namespaces.contains(nsp))
        d->namespaces.append(nsp);
}

QStringList TestServer::namespaces() const { return d_func()->namespaces; }
void TestServer::setNamespacePredicate(NamespacePredicate predicate)
{
    d_func()->namespacePredicate = std::move(predicate);
}
void TestServer::setAuthHandler(AuthHandler handler) { d_func()->authHandler = std::move(handler); }

void TestServer::on(const QString &event, EventHandler handler)
{
    on(QStringLiteral("/"), event, std::move(handler));
}

void TestServer::on(const QString &nsp, const QString &event, EventHandler handler)
{
    addNamespace(nsp);
    d_func()->handlers.insert(nsp + QLatin1Char('\n') + event, std::move(handler));
}

void TestServer::send(const QString &socketId, const QString &event, const QVariantList &args)
{
    Q_D(TestServer);
    const TestSocket socket = d->sockets.value(socketId);
    if (!socket.id.isEmpty())
        d->emitEvent(socket.nsp, {socketId}, event, args);
}

void TestServer::sendWithAck(const QString &socketId, const QString &event,
                             const QVariantList &args, AckCallback callback, int timeout)
{
    Q_D(TestServer);
    const TestSocket socket = d->sockets.value(socketId);
    TestClient *client = d->client(socket.sessionId);
    if (!client) {
        if (callback)
            callback(true, {});
        return;
    }
    const qint64 id = client->nextAckId++;
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    const QString sid = socket.sessionId;
    connect(timer, &QTimer::timeout, this, [d, sid, id] {
        TestClient *client = d->client(sid);
        if (!client)
            return;
        const PendingAck ack = client->acks.take(id);
        ack.timer->deleteLater();
        if (ack.callback)
            ack.callback(true, {});
    });
    client->acks.insert(id, {std::move(callback), timer});
    timer->start(timeout);
    QVariantList data{event};
    data += args;
    d->deliver(sid, SocketIOPacket(SocketIOPacket::Event, socket.nsp, data, id));
}

void TestServer::broadcast(const QString &nsp, const QString &event, const QVariantList &args)
{
    d_func()->emitEvent(nsp, {}, event, args);
}

void TestServer::broadcastToRoom(const QString &nsp, const QString &room, const QString &event,
                                 const QVariantList &args)
{
    d_func()->emitEvent(nsp, {room}, event, args);
}

void TestServer::join(const QString &socketId, const QString &room)
{
    Q_D(TestServer);
    if (auto it = d->sockets.find(socketId); it != d->sockets.end())
        it->rooms.insert(room);
}

void TestServer::leave(const QString &socketId, const QString &room)
{
    Q_D(TestServer);
    if (auto it = d->sockets.find(socketId); it != d->sockets.end())
        it->rooms.remove(room);
}

QStringList TestServer::rooms(const QString &socketId) const
{
    QStringList rooms = d_func()->sockets.value(socketId).rooms.values();
    rooms.sort();
    return rooms;
}

QStringList TestServer::sockets(const QString &nsp) const
{
    QStringList ids;
    for (const TestSocket &socket : std::as_const(d_func()->sockets)) {
        if (socket.nsp == nsp)
            ids.append(socket.id);
    }
    return ids;
}

int TestServer::socketCount() const { return int(d_func()->sockets.size()); }
bool TestServer::isRecovered(const QString &socketId) const
{
    return d_func()->sockets.value(socketId).recovered;
}
QString TestServer::sessionId(const QString &socketId) const
{
    return d_func()->sockets.value(socketId).sessionId;
}

QStringList TestServer::sessions() const
{
    QStringList ids;
    for (const auto &entry : d_func()->clients)
        ids.append(entry.first);
    return ids;
}

QString TestServer::transport(const QString &sessionId) const
{
    const TestClient *client = d_func()->client(sessionId);
    return client ? client->engine->transportName() : QString();
}

int TestServer::engineVersion(const QString &sessionId) const
{
    const TestClient *client = d_func()->client(sessionId);
    return client ? int(client->engine->version()) : 0;
}

void TestServer::disconnectSocket(const QString &socketId)
{
    Q_D(TestServer);
    const TestSocket socket = d->sockets.value(socketId);
    if (socket.id.isEmpty())
        return;
    d->transmit(socket.sessionId, SocketIOPacket(SocketIOPacket::Disconnect, socket.nsp));
    d->removeSocket(socketId, QStringLiteral("server namespace disconnect"));
}

void TestServer::closeSession(const QString &sessionId, bool abort)
{
    Q_D(TestServer);
    if (TestClient *client = d->client(sessionId)) {
        if (abort)
            client->engine->abort(QStringLiteral("transport close"));
        else
            client->engine->close(QStringLiteral("forced server close"));
    }
}

QString TestServer::waitForClient(int timeout)
{
    QEventLoop loop;
    QString id;
    const auto connection = connect(this, &TestServer::clientConnected, &loop,
                                    [&](const QString &socketId) { id = socketId; loop.quit(); });
    QTimer::singleShot(timeout, &loop, &QEventLoop::quit);
    loop.exec();
    disconnect(connection);
    return id;
}

bool TestServer::waitForEvent(const QString &event, int timeout, QVariantList *args)
{
    QEventLoop loop;
    bool received = false;
    const auto connection = connect(this, &TestServer::eventReceived, &loop,
                                    [&](const QString &, const QString &name, const QVariantList &values) {
        if (name != event || received)
            return;
        received = true;
        if (args)
            *args = values;
        loop.quit();
    });
    QTimer::singleShot(timeout, &loop, &QEventLoop::quit);
    loop.exec();
    disconnect(connection);
    return received;
}

void TestServer::dropPackets(int count, Direction direction)
{
    Q_D(TestServer);
    (direction == Direction::ToClient ? d->dropToClient : d->dropFromClient) = qMax(0, count);
}

void TestServer::setDropFilter(PacketFilter filter) { d_func()->dropFilter = std::move(filter); }

int TestServer::packetDelay() const { return d_func()->packetDelay; }
void TestServer::setPacketDelay(int ms)
{
    Q_D(TestServer);
    if (d->packetDelay == ms)
        return;
    d->packetDelay = qMax(0, ms);
    Q_EMIT faultsChanged();
}

void TestServer::closeTransportAfter(int packets) { d_func()->closeAfter = packets; }

bool TestServer::pingsAnswered() const { return d_func()->config.pingsAnswered; }
void TestServer::setPingsAnswered(bool answered)
{
    Q_D(TestServer);
    if (d->config.pingsAnswered == answered)
        return;
    d->config.pingsAnswered = answered;
    Q_EMIT faultsChanged();
}

bool TestServer::isUpgradeRefused() const { return d_func()->config.upgradeRefused; }
void TestServer::setUpgradeRefused(bool refused)
{
    Q_D(TestServer);
    if (d->config.upgradeRefused == refused)
        return;
    d->config.upgradeRefused = refused;
    Q_EMIT faultsChanged();
}

void TestServer::sendMalformedFrame(const QString &sessionId)
{
    sendEnginePacket(sessionId, EngineIOPacket(EngineIOPacket::Message, "2[\"unterminated"));
}

bool TestServer::automaticReplies() const { return d_func()->automaticReplies; }
void TestServer::setAutomaticReplies(bool automatic)
{
    Q_D(TestServer);
    if (d->automaticReplies == automatic)
        return;
    d->automaticReplies = automatic;
    Q_EMIT automaticRepliesChanged();
}

void TestServer::sendPacket(const QString &sessionId, const SocketIOPacket &packet)
{
    d_func()->transmit(sessionId, packet);
}

void TestServer::sendEnginePacket(const QString &sessionId, const EngineIOPacket &packet)
{
    if (TestClient *client = d_func()->client(sessionId))
        client->engine->send(packet);
}

void TestServer::sendRawFrame(const QString &sessionId, const QByteArray &frame, bool binary)
{
    if (TestClient *client = d_func()->client(sessionId))
        client->engine->sendRaw(frame, binary);
}

TestServer::Error TestServer::error() const { return d_func()->error; }
QString TestServer::errorString() const { return d_func()->errorString; }

} // namespace Test
} // namespace SocketIOQt
