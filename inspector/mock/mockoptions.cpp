#include "mockoptions.h"

#include <QtCore/qcommandlineparser.h>

#include <cmath>

using namespace Qt::StringLiterals;

static const char Description[] = R"(
Serves a recording as a Socket.IO server. RECORDING is a file written by
socketio-inspector or `socketio-cli --record` (JSON lines), or a browser's HAR
file. For every client that connects, the server's packets of the recorded
session are sent again in order, with their recorded timing, the client's
ack requests are answered with the recorded acks, and each packet the client
sends (CONNECT with its namespace and auth, EVENT with its name, arguments and
ack request, ACK, DISCONNECT) is checked against the recording.

Reports, one JSON object per line on stdout:
  {"port":N}                           first, once listening
  {"type":"session",...}               a client connected (sid, eio, transport)
  {"type":"mismatch","index":I,"row":R,"kind":K,"expected":{...},"got":{...}}
      K: type, namespace, event, args, auth, ack, missing (never came),
      unexpected (not in the recording; "index" -1), engine (other EIO version)
  {"type":"timeout","index":I,"expected":{...},"waited_ms":T}
  {"type":"session_end",...}           a client left: matched, mismatches, unsent
  {"type":"summary",...}               at exit: the counts and the exit code
"index" is the packet's position among the session's recorded Socket.IO
packets, "row" its row in the inspector's traffic table.

Not checked: the order of client packets the recorded server answered
together (between two server packets), masked credentials ("***" in
recordings matches any value), the Engine.IO layer (transports, upgrades,
heartbeats, headers) and the client's timing. Every client gets the same
recorded session; JSON packets only (no msgpack recordings).

Exit status:
  0  every client packet matched the recording
  1  a mismatch (or a recorded client packet that never came)
  2  usage error, or the port cannot be had
  3  the recording cannot be read or holds nothing to serve
  4  timeout: a client stopped sending what the recording has (--timeout))";

bool MockOptions::fail(const QString &message)
{
    m_error = message;
    return false;
}

bool MockOptions::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QString::fromLatin1(Description).trimmed());
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption portOption(u"port"_s, u"Port to listen on, on 127.0.0.1 (default: an ephemeral one)."_s,
                                        u"N"_s);
    const QCommandLineOption onceOption(u"once"_s, u"Exit after the first client session ends."_s);
    const QCommandLineOption speedOption(u"speed"_s, u"Play the recorded delays N times faster (default 1)."_s,
                                         u"N"_s);
    const QCommandLineOption fastOption(
            u"fast"_s, u"No delays: each server packet goes as soon as the client packets recorded before it came."_s);
    const QCommandLineOption timeoutOption(
            u"timeout"_s, u"How long to wait for a recorded client packet, in ms (default 10000, 0 = forever)."_s,
            u"MS"_s);
    const QCommandLineOption ignoreArgsOption(u"ignore-args"_s, u"Do not compare event and ack arguments."_s);
    const QCommandLineOption ignoreEventOption(u"ignore-event"_s,
                                               u"Do not compare the arguments of this event (repeatable)."_s,
                                               u"NAME"_s);
    const QCommandLineOption transportsOption(
            u"transports"_s, u"Comma-separated transports clients may use: websocket, polling (default both)."_s,
            u"LIST"_s);
    const QCommandLineOption streamOption(
            u"stream"_s, u"Which recorded Engine.IO session to serve, from 0 (default: the first one with packets)."_s,
            u"N"_s);
    for (const auto *option : {&portOption, &onceOption, &speedOption, &fastOption, &timeoutOption,
                               &ignoreArgsOption, &ignoreEventOption, &transportsOption, &streamOption}) {
        parser.addOption(*option);
    }
    parser.addPositionalArgument(u"RECORDING"_s, u"A recording (JSON lines) or a HAR file."_s);

    if (!parser.parse(arguments))
        return fail(parser.errorText());
    if (parser.isSet(help))
        parser.showHelp(MockExit::Success);
    if (parser.isSet(version))
        parser.showVersion();

    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return fail(u"missing RECORDING"_s);
    if (positional.size() > 1)
        return fail(u"unexpected argument \"%1\""_s.arg(positional.at(1)));
    recordingPath = positional.first();

    bool ok = true;
    if (parser.isSet(portOption)) {
        const uint value = parser.value(portOption).toUInt(&ok);
        if (!ok || value > 65535)
            return fail(u"invalid --port: %1"_s.arg(parser.value(portOption)));
        port = quint16(value);
    }
    if (parser.isSet(speedOption)) {
        speed = parser.value(speedOption).toDouble(&ok);
        if (!ok || !std::isfinite(speed) || speed <= 0)
            return fail(u"invalid --speed: %1 (a number above 0)"_s.arg(parser.value(speedOption)));
    }
    if (parser.isSet(timeoutOption)) {
        timeoutMs = parser.value(timeoutOption).toInt(&ok);
        if (!ok || timeoutMs < 0)
            return fail(u"invalid --timeout: %1"_s.arg(parser.value(timeoutOption)));
    }
    if (parser.isSet(streamOption)) {
        stream = parser.value(streamOption).toInt(&ok);
        if (!ok || stream < 0)
            return fail(u"invalid --stream: %1"_s.arg(parser.value(streamOption)));
    }
    if (parser.isSet(transportsOption)) {
        for (const QString &item : parser.value(transportsOption).split(u',', Qt::SkipEmptyParts)) {
            const QString name = item.trimmed();
            if (name != "websocket"_L1 && name != "polling"_L1)
                return fail(u"unknown transport \"%1\""_s.arg(name));
            transports.append(name);
        }
        if (transports.isEmpty())
            return fail(u"invalid --transports: no transport"_s);
    }
    once = parser.isSet(onceOption);
    fast = parser.isSet(fastOption);
    ignoreArgs = parser.isSet(ignoreArgsOption);
    ignoredEvents = parser.values(ignoreEventOption);
    return true;
}
