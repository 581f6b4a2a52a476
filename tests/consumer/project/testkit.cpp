// A program built against the installed SocketIOQt::Test: a TestServer and the installed
// client meet over loopback, and an event with an ack goes across.
#include <SocketIOQt/Namespace>
#include <SocketIOQt/SocketIO>
#include <SocketIOQt/TestServer>

#include <QCoreApplication>
#include <QTimer>
#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    SocketIOQt::Test::TestServer server;
    server.on(QStringLiteral("ping"), [](const QString &, const QVariantList &args,
                                         const SocketIOQt::Test::TestServer::Reply &reply) {
        if (reply)
            reply(args);
    });
    if (!server.listen()) {
        std::fprintf(stderr, "listen: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    SocketIOQt::SocketIO io(server.url());
    QVariantList answer;
    QObject::connect(io.socket(), &SocketIOQt::Namespace::connected, [&] {
        io.socket()->emitEvent(QStringLiteral("ping"), {7}, [&](const QVariantList &args) {
            answer = args;
            app.quit();
        });
    });
    io.open();
    if (server.waitForClient(10000).isEmpty()) {
        std::fprintf(stderr, "no client\n");
        return 1;
    }
    QTimer::singleShot(10000, &app, &QCoreApplication::quit);
    app.exec();
    if (answer != QVariantList{7}) {
        std::fprintf(stderr, "no ack\n");
        return 1;
    }
    std::printf("testkit: ok\n");
    return 0;
}
