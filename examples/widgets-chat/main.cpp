// A Qt Widgets chat for the demo server (examples/demo-server): the protocol is the window's own
// signals and slots, bound with ObjectBinding.
//
//   widgets-chat [URL] [--user NAME] [--demo]
//
// --demo runs one scripted tour (join with an ack, a message, a ping, a binary upload) and quits.
#include "chatwindow.h"

#include <QApplication>
#include <QCommandLineParser>

using namespace SocketIOQt;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("widgets-chat"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Qt Widgets chat client for the SocketIOQt demo server."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("url"), QStringLiteral("Server URL, default http://127.0.0.1:3000"));
    const QCommandLineOption userOption(QStringLiteral("user"), QStringLiteral("Your name."), QStringLiteral("name"),
                                        QStringLiteral("widgets-user"));
    const QCommandLineOption demoOption(QStringLiteral("demo"), QStringLiteral("Run one scripted tour and quit."));
    parser.addOptions({userOption, demoOption});
    parser.process(app);

    const QUrl url(parser.positionalArguments().value(0, QStringLiteral("http://127.0.0.1:3000")));
    ChatWindow window(url, parser.value(userOption), parser.isSet(demoOption));
    window.show();
    return app.exec();
}
