// socketio-cli: a headless Socket.IO client speaking JSON lines, for scripts
// and tests. See CliOptions for the command line, CommandRunner for the
// commands and CliSession for the reports.
#include "clioptions.h"
#include "clisession.h"
#include "commandrunner.h"
#include "jsonlinewriter.h"
#include "stdinreader.h"

#include <QtCore/qcoreapplication.h>

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
    return QCoreApplication::exec();
}
