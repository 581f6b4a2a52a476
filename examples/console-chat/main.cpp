#include "consolechat.h"

#include <QCommandLineParser>
#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("console-chat"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Console chat client for the SocketIOQt demo server."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("url"), QStringLiteral("Server URL, default http://127.0.0.1:3000"));
    const QCommandLineOption userOption(QStringLiteral("user"), QStringLiteral("Your name."), QStringLiteral("name"),
                                        QStringLiteral("qt-user"));
    const QCommandLineOption demoOption(QStringLiteral("demo"),
                                        QStringLiteral("Run one scripted tour (events, acks both ways, binary) and quit."));
    parser.addOptions({userOption, demoOption});
    parser.process(app);

    const QString url = parser.positionalArguments().value(0, QStringLiteral("http://127.0.0.1:3000"));
    ConsoleChat chat(QUrl(url), parser.value(userOption), parser.isSet(demoOption));
    QObject::connect(&chat, &ConsoleChat::finished, &app, &QCoreApplication::exit);
    chat.start();
    return app.exec();
}
