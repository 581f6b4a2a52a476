#include "certificateauthority.h"
#include "mainwindow.h"
#include "proxypanel.h"
#include "recordingreader.h"
#include "screenshotter.h"
#include "sessionview.h"

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qfileinfo.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qspinbox.h>
#include <QtWidgets/qapplication.h>
#include <QtWidgets/qstylefactory.h>

#include <cstdio>

using namespace Qt::StringLiterals;

static int usageError(const QString &message)
{
    std::fprintf(stderr, "socketio-inspector: %s\n", qUtf8Printable(message));
    return 2;
}

namespace {
// The command line, defined once: it is parsed twice (see main()).
struct CommandLine
{
    QCommandLineParser parser;
    const QCommandLineOption screenshot{u"screenshot"_s,
                                        u"Render the window to <png> once the content has settled, then exit."_s,
                                        u"png"_s};
    const QCommandLineOption size{u"size"_s, u"Window size, e.g. 1440x900."_s, u"WxH"_s, u"1440x900"_s};
    const QCommandLineOption select{u"select"_s, u"Select packet number <n> (as in the # column)."_s, u"n"_s};
    const QCommandLineOption pane{u"pane"_s, u"Show this pane below the traffic: packet, acks, engine, linter."_s,
                                  u"name"_s};
    const QCommandLineOption proxy{u"proxy"_s, u"Start a capturing proxy that forwards to <url>."_s, u"url"_s};
    const QCommandLineOption listen{u"listen"_s, u"The proxy's port on 127.0.0.1 (default: any free port)."_s,
                                    u"port"_s};
    const QCommandLineOption ca{u"ca"_s, u"With --proxy: trust the CA certificates in this PEM file for an https/wss "
                                         "server, besides the system's."_s,
                                u"file"_s};
    const QCommandLineOption exportCa{u"export-ca"_s,
                                      u"Write the certificate of the inspector's own CA (the one TLS clients of "
                                      "the proxy must trust) to <file>, print how to trust it, and exit."_s,
                                      u"file"_s};
    const QCommandLineOption wait{u"wait"_s, u"With --screenshot: wait at most <ms> for a connection to settle."_s,
                                  u"ms"_s, u"10000"_s};

    CommandLine()
    {
        parser.setApplicationDescription(
                u"Inspects Socket.IO traffic: live connections, recorded sessions and captures through a proxy."_s);
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addPositionalArgument(u"target"_s,
                                     u"A recording (JSON lines) to open, or a server URL to connect to."_s,
                                     u"[RECORDING | URL]"_s);
        parser.addOptions({screenshot, size, select, pane, proxy, listen, ca, exportCa, wait});
    }
};

void setApplicationNames()
{
    QCoreApplication::setApplicationName(u"socketio-inspector"_s);
    QCoreApplication::setOrganizationName(u"SocketIOQt"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(SOCKETIO_INSPECTOR_VERSION));
}
} // namespace

int main(int argc, char *argv[])
{
    // --help, --version and usage errors are answered before the GUI starts: they must work on a
    // machine without a display (QApplication would abort there).
    {
        QCoreApplication probe(argc, argv);
        setApplicationNames();
        CommandLine commandLine;
        commandLine.parser.process(probe); // exits on --help, --version and unknown options
        if (commandLine.parser.isSet(commandLine.exportCa)) {
            const QString path = commandLine.parser.value(commandLine.exportCa);
            QString error;
            if (!CertificateAuthority::shared()->exportCertificate(path, &error)) {
                std::fprintf(stderr, "socketio-inspector: %s\n", qUtf8Printable(error));
                return 1;
            }
            std::printf("%s\n", qUtf8Printable(CertificateAuthority::trustInstructions(path)));
            return 0;
        }
    }

    QApplication app(argc, argv);
    setApplicationNames();
    QApplication::setStyle(QStyleFactory::create(u"Fusion"_s));
    CommandLine commandLine;
    QCommandLineParser &parser = commandLine.parser;
    parser.process(app);
    const QCommandLineOption &screenshot = commandLine.screenshot;
    const QCommandLineOption &size = commandLine.size;
    const QCommandLineOption &select = commandLine.select;
    const QCommandLineOption &pane = commandLine.pane;
    const QCommandLineOption &proxy = commandLine.proxy;
    const QCommandLineOption &listen = commandLine.listen;
    const QCommandLineOption &wait = commandLine.wait;

    const QStringList targets = parser.positionalArguments();
    if (targets.size() > 1)
        return usageError(u"one recording or URL at a time"_s);

    MainWindow window;
    const QStringList wh = parser.value(size).split(u'x');
    if (wh.size() != 2 || wh[0].toInt() < 400 || wh[1].toInt() < 300)
        return usageError(u"--size wants WIDTHxHEIGHT, e.g. 1440x900"_s);
    window.resize(wh[0].toInt(), wh[1].toInt());

    if (parser.isSet(proxy)) {
        SessionView *view = window.newProxy(QUrl::fromUserInput(parser.value(proxy)), false);
        if (parser.isSet(listen))
            view->proxyPanel()->portSpin()->setValue(parser.value(listen).toInt());
        if (parser.isSet(commandLine.ca))
            view->proxyPanel()->serverCaEdit()->setText(parser.value(commandLine.ca));
        if (!view->proxyPanel()->start())
            std::fprintf(stderr, "socketio-inspector: the proxy could not start\n");
    }
    if (!targets.isEmpty()) {
        const QString target = targets.first();
        const QUrl url(target);
        const bool isUrl = !QFileInfo::exists(target) && !url.scheme().isEmpty() && url.scheme().size() > 1;
        if (isUrl) {
            const QString scheme = url.scheme();
            if (scheme != "http"_L1 && scheme != "https"_L1 && scheme != "ws"_L1 && scheme != "wss"_L1)
                return usageError(u"%1: not an http(s) or ws(s) URL, nor a file"_s.arg(target));
            ConnectionSettings settings;
            settings.url = url;
            window.newConnection(settings, true);
        } else {
            QString error;
            if (!window.openRecording(target, &error))
                return usageError(u"cannot open %1: %2"_s.arg(target, error));
        }
    }
    if (window.sessionCount() == 0)
        window.newConnection();

    window.show();

    if (parser.isSet(screenshot)) {
        Screenshotter::Options options;
        options.path = parser.value(screenshot);
        options.maxWaitMs = parser.value(wait).toInt();
        if (parser.isSet(select))
            options.selectRow = parser.value(select).toInt() - 1;
        if (parser.isSet(pane)) {
            const QStringList panes{u"packet"_s, u"acks"_s, u"engine"_s, u"linter"_s};
            options.pane = int(panes.indexOf(parser.value(pane).toLower()));
            if (options.pane < 0)
                return usageError(u"--pane: one of packet, acks, engine, linter"_s);
        }
        auto *shooter = new Screenshotter(&window, options, &app);
        QObject::connect(shooter, &Screenshotter::done, &app, [](int code) { QApplication::exit(code); });
        shooter->start();
    }
    return app.exec();
}
