#ifndef CHATWINDOW_H
#define CHATWINDOW_H

#include "messages.h"

#include <SocketIOQt/objectbinding.h>
#include <SocketIOQt/socketio.h>

#include <QWidget>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

// A chat window whose own signals and slots are the demo server's protocol: ObjectBinding
// sends an event when one of the signals below is emitted, and calls the slot named after each
// event that arrives (camelCase: "user joined" calls userJoined()), converting the arguments.
// The UI's own handlers are private, so the server cannot call them.
class ChatWindow : public QWidget
{
    Q_OBJECT
    // The signal say() sends "chat message"; startTyping() sends "typing".
    Q_CLASSINFO("socketio.event.say", "chat message")
    Q_CLASSINFO("socketio.event.startTyping", "typing")

public:
    ChatWindow(const QUrl &url, const QString &user, bool demo, QWidget *parent = nullptr);

Q_SIGNALS:
    // Outgoing events. A signal whose name + "Reply" is a slot asks for an acknowledgement,
    // and the answer calls that slot.
    void join(const QVariantMap &user);  // "join"   -> joinReply()
    void say(const QString &text);       // "chat message"
    void startTyping();                  // "typing"
    void ping();                         // "ping"   -> pingReply()
    void upload(const QByteArray &data); // "upload" -> uploadReply()
    // (Every signal of this class is an event: application signals belong elsewhere.)

public Q_SLOTS:
    // Incoming events.
    void welcome(const Welcome &welcome);
    QVariantMap hello(const QVariantMap &server); // the return value answers the server's ack
    void helloAckReceived(const QVariantMap &reply);
    void chatMessage(const ChatLine &line);
    void userJoined(const UserInfo &who);
    void userLeft(const UserInfo &who);
    void typing(const UserInfo &who);
    // Acknowledgements of our own events.
    void joinReply(const JoinReply &reply);
    void pingReply(const QString &pong, double serverTime);
    void uploadReply(const UploadReply &reply);

private Q_SLOTS:
    void onConnected();
    void sendInput();

private:
    void print(const QString &line);
    void demoStep();

    SocketIOQt::SocketIO m_io;
    SocketIOQt::Namespace *m_socket;
    QString m_user;
    bool m_demo;
    int m_demoStep = 0;
    qint64 m_pingSent = 0;
    QLabel *m_status;
    QListWidget *m_log;
    QLineEdit *m_input;
    QPushButton *m_send;
};

#endif // CHATWINDOW_H
