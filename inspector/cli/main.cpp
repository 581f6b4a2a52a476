// socketio-cli: a headless Socket.IO client speaking JSON lines, for scripts
// and tests. See CliOptions for the command line, CommandRunner for the
// commands and CliSession for the reports.
#include "clioptions.h"
#include "clisession.h"
#include "commandrunner.h"
#include "jsonlinewriter.h"
#include "stdinreader.h"

#include <QtCore/qcoreapplication.h>
#include <QtCore/qdeadlinetimer.h>

#include <algorithm>
#include <cstdio>

int main(int argc, char *argv[])
{
    StdinReader::reserveStdin();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("socketio-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SOCKETIO_CLI_VERSION));

    CliOptions options;
    if (!options.parse(QCoreApplication::arguments())) {
        std::fprintf(stderr, "socketio-cli: %s\nTry 'socketio-cli --help' for more information.\n",
                     qUtf8Printable(options.errorString()));
        return CliExit::Usage;
    }

    JsonLineWriter out;
    CliSession session(options, &out);
    CommandRunner runner(&session, &out);
    StdinReader input;
    QObject::connect(&input, &StdinReader::lineRead, &runner, &CommandRunner::addLine);
    QObject::connect(&input, &StdinReader::finished, &runner, &CommandRunner::endOfInput);
    QObject::connect(&runner, &CommandRunner::closed, &input, &StdinReader::stop);
    // Queued: the session may finish before exec() runs, when exit() would be lost.
    QObject::connect(&session, &CliSession::finished, &app, &QCoreApplication::exit, Qt::QueuedConnection);

    session.start();
    input.start();
    const int exitCode = QCoreApplication::exec();
    // A closed connection finishes closing on its own: over polling, the namespaces' DISCONNECT
    // and the close packet are still being posted (the library hands those transports to the
    // application object). Give them a moment, or the server sees a "transport error".
    const auto closing = [&app] {
        const QObjectList children = app.children();
        return std::any_of(children.cbegin(), children.cend(),
                           [](const QObject *o) { return o->inherits("SocketIOQt::EngineTransport"); });
    };
    const QDeadlineTimer grace(2000);
    while (closing() && !grace.hasExpired())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    return exitCode;
}
