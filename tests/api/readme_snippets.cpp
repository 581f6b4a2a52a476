// The C++ code of the README's "Qt-native API" section, verbatim between the markers, so that
// it keeps compiling; tst_conversion calls it on a namespace that never connects.
#include "readme_snippets.h"

// README-QTNATIVE-BEGIN
#include <SocketIOQt/ObjectBinding>
#include <SocketIOQt/SocketIO>
#include <SocketIOQt/TypedEvents>

using namespace SocketIOQt;

struct ChatLine // the server's {user, text} object as a plain Qt type
{
    Q_GADGET
    Q_PROPERTY(QString user MEMBER user)
    Q_PROPERTY(QString text MEMBER text)
public:
    QString user;
    QString text;
};

void typedEvents(Namespace *socket, QObject *context)
{
    // Typed handlers: the arguments are converted; a mismatch logs a warning on
    // "socketio.client" (event, argument index, what was expected) and skips the call.
    socket->on(QStringLiteral("chat message"), context, [](const ChatLine &line) {
        qInfo() << line.user << "says" << line.text;
    });
    socket->on(QStringLiteral("score"), context, [](const QString &player, int points, const AckHandle &ack) {
        ack.send({QStringLiteral("%1 has %2").arg(player).arg(points)});
    });
    socket->on(QStringLiteral("sum"), context, [](int a, int b) { return a + b; }); // answers the ack

    // Typed emits: native values, binary included, and an optional typed ack callback.
    socket->emitEvent(QStringLiteral("move"), 3, "up", QByteArray("\x01\x02", 2));
    socket->emitEvent(QStringLiteral("upload"), QByteArray("\x00\x01\x02", 3), context,
                      [](const QVariantMap &reply) { qInfo() << "stored" << reply.value(QStringLiteral("bytes")); });
}

// A protocol as a plain QObject: events call the slots named after them, signals send events.
class ChatClient : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("socketio.event.say", "chat message") // say() sends "chat message"
Q_SIGNALS:
    void join(const QVariantMap &user);        // sends "join" with an ack request...
    void say(const QString &text);
public Q_SLOTS:
    void joinReply(const QVariantMap &reply)   // ...answered here
    { qInfo() << "users:" << reply.value(QStringLiteral("users")); }
    void chatMessage(const ChatLine &line)     // "chat message"
    { qInfo() << line.user << line.text; }
    QVariantMap hello(const QVariantMap &)     // "hello": the return value answers the ack
    { return {{QStringLiteral("client"), QStringLiteral("Qt")}}; }
};
// README-QTNATIVE-END

void readmeSnippets(SocketIO &io)
{
    Namespace *socket = io.socket();
    typedEvents(socket, &io);
    auto *chat = new ChatClient;
    chat->setParent(&io);
    ObjectBinding::bind(socket, chat);
    Q_EMIT chat->join({{QStringLiteral("user"), QStringLiteral("qt")}});
    Q_EMIT chat->say(QStringLiteral("hello"));
}

#include "readme_snippets.moc"
