// socketioqt-qmlprobe: a QML program installed next to the tools, as users install theirs (only
// tests/install installs it, component SocketIOQtInstallTest). It imports QtQuick and the
// installed module SocketIO, joins the server given as argument, emits "echo" with an ack and
// exits 0 once the ack came, after printing where Qt found things:
//
//   import-path: <each QML import path>      plugin-path: <each plugin path>
//   loaded: <each mapped file named libsocketio*>   connected: <id>   ack: <JSON>
//
//   socketioqt-qmlprobe URL             exit 1: the QML did not load (why on stderr); 2: no ack in 20 s
//   socketioqt-qmlprobe --quick-only    imports QtQuick alone (no SocketIO, no server)
#include <QCoreApplication>
#include <QFile>
#include <QGuiApplication>
#include <QQmlComponent>
#include <QQmlContext>
#include <QQmlEngine>
#include <QTimer>
#include <QUrl>

#include <cstdio>

static void print(const QString &line)
{
    std::printf("%s\n", qUtf8Printable(line));
    std::fflush(stdout);
}

// The shared objects of this process named libsocketio*: which library and plugin loaded.
static void printLoaded()
{
    QFile maps(QStringLiteral("/proc/self/maps"));
    if (!maps.open(QIODevice::ReadOnly))
        return;
    QStringList seen;
    for (const QByteArray &line : maps.readAll().split('\n')) {
        const qsizetype slash = line.indexOf('/');
        if (slash < 0 || !line.contains("/libsocketio"))
            continue;
        const QString path = QString::fromLocal8Bit(line.mid(slash));
        if (!seen.contains(path)) {
            seen.append(path);
            print(QStringLiteral("loaded: ") + path);
        }
    }
}

class Probe : public QObject
{
    Q_OBJECT
public:
    Q_INVOKABLE void report(const QString &line) { print(line); }
    Q_INVOKABLE void finish()
    {
        printLoaded();
        QTimer::singleShot(0, qApp, [] { QCoreApplication::exit(0); });
    }
};

int main(int argc, char *argv[])
{
    QGuiApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    const bool quickOnly = args.value(0) == QStringLiteral("--quick-only");
    if (args.size() != 1) {
        std::fprintf(stderr, "usage: socketioqt-qmlprobe URL | --quick-only\n");
        return 2;
    }

    QQmlEngine engine;
    for (const QString &path : engine.importPathList())
        print(QStringLiteral("import-path: ") + path);
    for (const QString &path : QCoreApplication::libraryPaths())
        print(QStringLiteral("plugin-path: ") + path);

    Probe probe;
    engine.rootContext()->setContextProperty(QStringLiteral("probe"), &probe);
    engine.rootContext()->setContextProperty(QStringLiteral("serverUrl"), QUrl(args.value(0)));
    QQmlComponent component(&engine);
    component.setData(quickOnly ? QByteArrayLiteral("import QtQuick\nItem { Component.onCompleted: probe.finish() }\n")
                                : QByteArrayLiteral(R"(import QtQuick
import SocketIO
Item {
    SocketIOClient { id: client; url: serverUrl }
    SocketIONamespace {
        client: client
        onConnectedChanged: {
            if (!connected)
                return
            probe.report("connected: " + id)
            emit("echo", "from QML", function (...reply) {
                probe.report("ack: " + JSON.stringify(reply))
                probe.finish()
            })
        }
    }
}
)"),
                      QUrl(QStringLiteral("file:///socketioqt-qmlprobe.qml")));
    QObject *root = component.create();
    if (!root) {
        std::fprintf(stderr, "%s", qUtf8Printable(component.errorString()));
        return 1;
    }
    QTimer::singleShot(20000, &app, [] {
        std::fprintf(stderr, "socketioqt-qmlprobe: no ack within 20 s\n");
        QCoreApplication::exit(2);
    });
    const int status = app.exec();
    delete root;
    return status;
}

#include "qmlprobe.moc"
