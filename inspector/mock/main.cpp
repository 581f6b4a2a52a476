// socketio-mock: serves a recording as a Socket.IO server and checks that clients send what
// the recorded client sent. See MockOptions for the command line, MockScript for what is read
// from a recording, MockSession for the replay and MockServer for the verdict.
#include "jsonlinewriter.h"
#include "mockoptions.h"
#include "mockscript.h"
#include "mockserver.h"

#include <QtCore/qcoreapplication.h>

#include <cstdio>

#ifdef Q_OS_UNIX
#include <QtCore/qsocketnotifier.h>

#include <csignal>
#include <unistd.h>

// SIGINT and SIGTERM end a run that serves more than one client: the handler only writes to a
// pipe, and the event loop stops the server, which writes the summary.
static int signalPipe[2] = {-1, -1};

static void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(signalPipe[1], &byte, 1);
}

static void stopOnSignals(MockServer *server)
{
    if (::pipe(signalPipe) != 0)
        return;
    auto *notifier = new QSocketNotifier(signalPipe[0], QSocketNotifier::Read, server);
    QObject::connect(notifier, &QSocketNotifier::activated, server, &MockServer::stop);
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}
#else
static void stopOnSignals(MockServer *) {}
#endif

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("socketio-mock"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SOCKETIO_MOCK_VERSION));

    MockOptions options;
    if (!options.parse(QCoreApplication::arguments())) {
        std::fprintf(stderr, "socketio-mock: %s\nTry 'socketio-mock --help' for more information.\n",
                     qUtf8Printable(options.errorString()));
        return MockExit::Usage;
    }

    MockScript script;
    QString error;
    if (!MockScript::load(options.recordingPath, options.stream, &script, &error)) {
        std::fprintf(stderr, "socketio-mock: %s: %s\n", qUtf8Printable(options.recordingPath),
                     qUtf8Printable(error));
        return MockExit::Unreadable;
    }

    JsonLineWriter out;
    MockServer server(script, options, &out);
    if (!server.listen(options.port, &error)) {
        std::fprintf(stderr, "socketio-mock: cannot listen on port %u: %s\n", unsigned(options.port),
                     qUtf8Printable(error));
        return MockExit::Usage;
    }
    stopOnSignals(&server);
    QObject::connect(&server, &MockServer::finished, &app, &QCoreApplication::exit);
    return QCoreApplication::exec();
}
