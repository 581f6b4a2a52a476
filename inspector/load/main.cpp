// socketio-load: a Socket.IO load generator on SocketIOQt. See the README's "Load testing".

#include "loadreport.h"
#include "loadrunner.h"
#include "reportplot.h"
#include "scenario.h"

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qfile.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qregularexpression.h>
#include <QtGui/qguiapplication.h>

#include <sys/resource.h>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

namespace {
const char Description[] = R"(
A Socket.IO load generator: runs the users of a scenario file (JSON) against a server
and reports latency histograms, rates, errors and disconnect reasons.

  socketio-load [options] SCENARIO.json
  socketio-load merge [--output F] [--plot F] REPORT.json...

merge combines the reports of shards (--shard i/N) exactly.
Exit status: 0 when the run ends, 1 when a file cannot be read or written, 2 on a usage or
scenario error.)";

int usageError(const QString &message)
{
    std::fprintf(stderr, "socketio-load: %s\n", qPrintable(message));
    return 2;
}

// Many connections need many descriptors: take the hard limit.
void raiseFileLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

// Writes the JSON report and the plot, prints the table. 1 when a file cannot be written.
int writeOutputs(const LoadReport &report, const QString &output, const QString &plot)
{
    std::fputs(qPrintable(report.table()), stdout);
    std::fflush(stdout);
    if (!output.isEmpty()) {
        QFile file(output);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
            || file.write(QJsonDocument(report.toJson()).toJson(QJsonDocument::Compact)) < 0) {
            std::fprintf(stderr, "socketio-load: cannot write %s: %s\n", qPrintable(output), qPrintable(file.errorString()));
            return 1;
        }
    }
    QString error;
    if (!plot.isEmpty() && !ReportPlot::render(report, plot, &error)) {
        std::fprintf(stderr, "socketio-load: %s\n", qPrintable(error));
        return 1;
    }
    return 0;
}

int merge(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Merges socketio-load reports exactly."_s);
    parser.addHelpOption();
    const QCommandLineOption output(u"output"_s, u"Write the merged report (JSON) here."_s, u"file"_s);
    const QCommandLineOption plot(u"plot"_s, u"Draw the merged report into this PNG."_s, u"file"_s);
    parser.addOptions({output, plot});
    parser.addPositionalArgument(u"reports"_s, u"The reports to merge."_s, u"REPORT.json..."_s);
    if (!parser.parse(arguments))
        return usageError(parser.errorText());
    if (parser.isSet(u"help"_s))
        parser.showHelp(0);
    const QStringList files = parser.positionalArguments().mid(1); // after "merge"
    if (files.isEmpty())
        return usageError(u"merge needs at least one report"_s);
    LoadReport merged;
    merged.shard = u"merged"_s;
    merged.processes = 0;
    merged.threads = 0;
    for (const QString &name : files) {
        QFile file(name);
        if (!file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "socketio-load: cannot read %s: %s\n", qPrintable(name), qPrintable(file.errorString()));
            return 1;
        }
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
        LoadReport report;
        QString error = parseError.error == QJsonParseError::NoError ? QString() : parseError.errorString();
        if (error.isEmpty() && !report.fromJson(doc.object(), &error)) {
        }
        if (!error.isEmpty()) {
            std::fprintf(stderr, "socketio-load: %s: %s\n", qPrintable(name), qPrintable(error));
            return 1;
        }
        merged.merge(report);
        merged.processes += report.processes;
        merged.threads += report.threads;
    }
    return writeOutputs(merged, parser.value(output), parser.value(plot));
}

// "i/N" with 0 <= i < N.
bool parseShard(const QString &text, int *index, int *count)
{
    static const QRegularExpression pattern(u"^(\\d+)/(\\d+)$"_s);
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return false;
    *index = match.captured(1).toInt();
    *count = match.captured(2).toInt();
    return *count >= 1 && *count <= 100000 && *index < *count;
}
} // namespace

int main(int argc, char *argv[])
{
    // The plot is painted with QPainter, which needs a QGuiApplication; the offscreen platform
    // lets it run without a display. Without --plot a QCoreApplication is enough.
    bool plotting = false;
    for (int i = 1; i < argc; ++i)
        plotting = plotting || qstrcmp(argv[i], "--plot") == 0 || qstrncmp(argv[i], "--plot=", 7) == 0;
    if (plotting && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // Qt's own event dispatcher rather than GLib's: GLib wakes its loop through an eventfd
    // (a write and a read) whenever a socket notifier is switched on or off and for every
    // posted event, which QWebSocket does for each frame; measured, a tenth of the CPU time of
    // a run. Nothing here needs GLib's loop.
    if (qEnvironmentVariableIsEmpty("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    std::unique_ptr<QCoreApplication> app(plotting ? new QGuiApplication(argc, argv) : new QCoreApplication(argc, argv));
    QCoreApplication::setApplicationName(u"socketio-load"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(SOCKETIO_LOAD_VERSION));

    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() > 1 && arguments.at(1) == "merge"_L1)
        return merge(arguments);

    QCommandLineParser parser;
    parser.setApplicationDescription(QString::fromLatin1(Description).trimmed());
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption target(u"target"_s, u"The server, instead of the scenario's \"target\"."_s, u"URL"_s);
    const QCommandLineOption threads(u"threads"_s, u"Worker threads, each with its own event loop (default 1)."_s,
                                     u"N"_s, u"1"_s);
    const QCommandLineOption shard(u"shard"_s, u"Run shard i of N: users i, i+N, i+2N... (default 0/1)."_s,
                                   u"i/N"_s, u"0/1"_s);
    const QCommandLineOption output(u"output"_s, u"Write the report (JSON) here."_s, u"file"_s);
    const QCommandLineOption plot(u"plot"_s, u"Draw the report into this PNG."_s, u"file"_s);
    const QCommandLineOption grace(u"grace"_s,
                                   u"Seconds after the last phase before running users are stopped (default 30)."_s,
                                   u"S"_s, u"30"_s);
    const QCommandLineOption progress(u"progress"_s, u"Seconds between progress lines on stderr, 0 for none (default 5)."_s,
                                      u"S"_s, u"5"_s);
    const QCommandLineOption check(u"check"_s, u"Only read the scenario: print what it would run, or its error."_s);
    parser.addOptions({target, threads, shard, output, plot, grace, progress, check});
    parser.addPositionalArgument(u"scenario"_s, u"The scenario file (JSON)."_s, u"SCENARIO.json"_s);
    if (!parser.parse(arguments))
        return usageError(parser.errorText());
    if (parser.isSet(u"help"_s))
        parser.showHelp(0);
    if (parser.isSet(u"version"_s))
        parser.showVersion();
    if (parser.positionalArguments().size() != 1)
        return usageError(u"expected one scenario file (see --help)"_s);

    LoadRunner::Options options;
    bool ok = false;
    options.threads = parser.value(threads).toInt(&ok);
    if (!ok || options.threads < 1 || options.threads > 256)
        return usageError(u"--threads must be between 1 and 256"_s);
    if (!parseShard(parser.value(shard), &options.shardIndex, &options.shardCount))
        return usageError(u"--shard must be i/N with 0 <= i < N"_s);
    options.graceSeconds = parser.value(grace).toInt(&ok);
    if (!ok || options.graceSeconds < 0)
        return usageError(u"--grace must be an integer >= 0"_s);
    options.progressSeconds = parser.value(progress).toInt(&ok);
    if (!ok || options.progressSeconds < 0)
        return usageError(u"--progress must be an integer >= 0"_s);

    Scenario scenario;
    QString error;
    if (!scenario.load(parser.positionalArguments().constFirst(), &error))
        return usageError(error);
    if (parser.isSet(target)) {
        const QUrl url(parser.value(target), QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty())
            return usageError(u"invalid --target %1"_s.arg(parser.value(target)));
        scenario.target = url;
    }

    if (parser.isSet(check)) {
        std::printf("scenario %s: %lld users over %.1f s against %s, %lld steps\n", qPrintable(scenario.name),
                    qlonglong(scenario.arrivals().size()), double(scenario.lastPhaseEndMs()) / 1000.0,
                    qPrintable(scenario.target.toString()), qlonglong(scenario.steps.size()));
        return 0;
    }
    raiseFileLimit();
    LoadRunner runner(scenario, options);
    QObject::connect(&runner, &LoadRunner::finished, app.get(), [&] {
        QCoreApplication::exit(writeOutputs(runner.report(), parser.value(output), parser.value(plot)));
    });
    runner.start();
    return QCoreApplication::exec();
}
