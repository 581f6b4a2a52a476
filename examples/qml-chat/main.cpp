// A QML chat for the demo server (examples/demo-server): all of the client is in Main.qml,
// with the QML module SocketIO and property bindings.
//
//   qml-chat [URL] [--user NAME] [--demo]
//
// --demo runs one scripted tour (join with an ack, a message, a ping, a binary upload) and quits.
#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QGuiApplication>
#include <QQmlContext>
#include <QQmlEngine>
#include <QQuickView>
#include <QTimer>

#include <cstdio>


// Lets the QML print to stdout (for the smoke test) and quit with an exit code.
class ChatApp : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    Q_INVOKABLE void print(const QString &line)
    {
        const QByteArray out = (QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss.zzz ")) + line + u'\n').toUtf8();
        fwrite(out.constData(), 1, size_t(out.size()), stdout);
        fflush(stdout);
    }
    Q_INVOKABLE void quit(int exitCode)
    {
        QTimer::singleShot(0, qApp, [exitCode] { QCoreApplication::exit(exitCode); });
    }
};

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("qml-chat"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("QML chat client for the SocketIOQt demo server."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("url"), QStringLiteral("Server URL, default http://127.0.0.1:3000"));
    const QCommandLineOption userOption(QStringLiteral("user"), QStringLiteral("Your name."), QStringLiteral("name"),
                                        QStringLiteral("qml-user"));
    const QCommandLineOption demoOption(QStringLiteral("demo"), QStringLiteral("Run one scripted tour and quit."));
    parser.addOptions({userOption, demoOption});
    parser.process(app);

    ChatApp chatApp;
    QQuickView view;
    if (QDir(QStringLiteral(SOCKETIOQT_QML_IMPORT_PATH)).exists())
        view.engine()->addImportPath(QStringLiteral(SOCKETIOQT_QML_IMPORT_PATH));
    QQmlContext *context = view.rootContext();
    context->setContextProperty(QStringLiteral("serverUrl"),
                                QUrl(parser.positionalArguments().value(0, QStringLiteral("http://127.0.0.1:3000"))));
    context->setContextProperty(QStringLiteral("userName"), parser.value(userOption));
    context->setContextProperty(QStringLiteral("demoMode"), parser.isSet(demoOption));
    context->setContextProperty(QStringLiteral("app"), &chatApp);
    view.setTitle(QStringLiteral("SocketIOQt QML chat"));
    view.setResizeMode(QQuickView::SizeRootObjectToView);
    view.setSource(QUrl(QStringLiteral("qrc:/qml-chat/Main.qml")));
    if (view.status() == QQuickView::Error)
        return 2;
    view.show();
    return app.exec();
}

#include "main.moc"
