// examples/readme/main.cpp (the README's example) with qualified names instead of
// `using namespace SocketIOQt;`: tst_consumer checks that the two stay the same program.
// README-BEGIN
#include <SocketIOQt/SocketIO>

#include <QCoreApplication>
#include <QDebug>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);

    SocketIOQt::SocketIO io(QUrl(QStringLiteral("http://127.0.0.1:3000")));
    SocketIOQt::Namespace *socket = io.socket(); // the namespace "/"

    QObject::connect(socket, &SocketIOQt::Namespace::connected, [socket] {
        // An event with JSON arguments and binary, and an acknowledgement.
        socket->emitEvent(QStringLiteral("chat message"),
                          {QVariantMap{{QStringLiteral("text"), QStringLiteral("hello")}}});
        socket->emitEvent(QStringLiteral("upload"), {QByteArray("\x01\x02\x03", 3)},
                          [](const QVariantList &reply) { qInfo() << "upload acknowledged:" << reply; });
    });
    // Events from the server; answer when the server asks for an ack.
    socket->on(QStringLiteral("hello"), [](const QVariantList &args, const SocketIOQt::AckHandle &ack) {
        qInfo() << "server says hello:" << args;
        if (ack.isRequested())
            ack.send({QStringLiteral("hi from Qt")});
    });
    QObject::connect(socket, &SocketIOQt::Namespace::connectError, [](const QString &message) {
        qWarning() << "could not join:" << message;
    });

    io.open();
    return app.exec();
}
// README-END
