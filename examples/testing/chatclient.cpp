#include "chatclient.h"

#include <SocketIOQt/AckReply>
#include <SocketIOQt/Namespace>
#include <SocketIOQt/SocketIO>
#include <SocketIOQt/TypedEvents>

using namespace SocketIOQt;
using namespace std::chrono_literals;

ChatClient::ChatClient(const QUrl &server, QObject *parent)
    : QObject(parent), m_io(new SocketIO(server, this))
{
    m_io->setReconnectionDelay(100);
    Namespace *chat = m_io->socket();
    connect(chat, &Namespace::connectedChanged, this, [this, chat](bool online) {
        if (online && !m_room.isEmpty()) // rejoin after a reconnection
            chat->emitEvent(QStringLiteral("join"), {m_room});
        Q_EMIT onlineChanged(online);
    });
    chat->on(QStringLiteral("message"), [this](const QString &from, const QString &text) {
        Q_EMIT messageReceived(from, text);
    });
    m_io->open();
}

ChatClient::~ChatClient() = default;

bool ChatClient::isOnline() const
{
    return m_io->socket()->isConnected();
}

void ChatClient::join(const QString &room)
{
    m_room = room;
    if (isOnline())
        m_io->socket()->emitEvent(QStringLiteral("join"), {room});
}

int ChatClient::say(const QString &text)
{
    const int id = ++m_nextId;
    AckReply *reply = m_io->socket()->emitWithAck(QStringLiteral("say"), {m_room, text}, 1000ms);
    connect(reply, &AckReply::finished, this, [this, reply, id] {
        if (reply->error() == AckReply::NoError)
            Q_EMIT delivered(id);
        else
            Q_EMIT failed(id);
    });
    return id;
}
