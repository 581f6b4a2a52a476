#ifndef CONSOLECHAT_H
#define CONSOLECHAT_H

#include <SocketIOQt/socketio.h>

#include <QObject>
#include <QTextStream>

class QSocketNotifier;

// A console chat client for the bundled demo server (examples/demo-server).
// Interactive: each line typed is a chat message, "/ping" measures a round
// trip, "/upload TEXT" sends binary, "/quit" leaves. Scripted (--demo): runs
// one tour of events, acks both ways and binary, then quits.
class ConsoleChat : public QObject
{
    Q_OBJECT
public:
    ConsoleChat(const QUrl &url, const QString &user, bool demo, QObject *parent = nullptr);

    void start();

Q_SIGNALS:
    void finished(int exitCode);

private:
    void onConnected();
    void runDemo();
    void handleLine(const QString &line);
    void ping(std::function<void()> then = {});
    void upload(const QByteArray &data, std::function<void()> then = {});
    void print(const QString &text);

    SocketIOQt::SocketIO m_io;
    SocketIOQt::Namespace *m_socket;
    QString m_user;
    bool m_demo;
    QTextStream m_out;
    QSocketNotifier *m_stdin = nullptr;
};

#endif // CONSOLECHAT_H
