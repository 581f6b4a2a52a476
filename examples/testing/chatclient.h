#ifndef CHATCLIENT_H
#define CHATCLIENT_H

#include <QtCore/qobject.h>
#include <QtCore/qurl.h>

namespace SocketIOQt { class SocketIO; }

// The application under test: a chat client that joins a room, sends messages the server must
// acknowledge within a deadline, and shows what others say.
class ChatClient : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool online READ isOnline NOTIFY onlineChanged)
public:
    explicit ChatClient(const QUrl &server, QObject *parent = nullptr);
    ~ChatClient() override;

    bool isOnline() const;
    void join(const QString &room);
    // Sends \a text; delivered(id) once the server acknowledges it, failed(id) after 1 s without.
    int say(const QString &text);

Q_SIGNALS:
    void onlineChanged(bool online);
    void messageReceived(const QString &from, const QString &text);
    void delivered(int id);
    void failed(int id);

private:
    SocketIOQt::SocketIO *m_io;
    QString m_room;
    int m_nextId = 0;
};

#endif // CHATCLIENT_H
