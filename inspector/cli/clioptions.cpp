#include "clioptions.h"

#include "jsonfields.h"
#include "jsonvariant.h"

#include <QtCore/qcommandlineparser.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtNetwork/qsslcertificate.h>
#include <QtNetwork/qsslsocket.h>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

static const char Description[] = R"(
A headless Socket.IO client: commands are JSON lines on stdin, everything
that happens is reported as JSON lines on stdout. URL is
http(s)://host:port[/namespace] (ws and wss work too).

Commands ("nsp" defaults to the URL's namespace):
  {"op":"emit","nsp":"/","event":"E","args":[...],"ack":true,"tag":"t1"}
  {"op":"ack","nsp":"/","id":N,"args":[...]}       answer a server event
  {"op":"connect","nsp":"/x","auth":{...}}          join, or rejoin with new auth
  {"op":"disconnect","nsp":"/x"}
  {"op":"sleep","ms":N}
  {"op":"wait","nsp":"/","event":"E","count":N,"timeout_ms":T}
  {"op":"close"}
Binary values are written {"$binary":"<base64>"}, at any depth.

Reports: connect, connect_error, event, ack, ack_timeout, ack_error,
disconnect, reconnect_attempt, reconnect, reconnect_failed, wait_timeout,
error (a command refused), failure (the run ends: reason, message,
exit_code), and raw (with --raw).

Exit status:
  0  the input ended and the connection worked
  1  connection failed for good: unreachable, TLS, closed by the server,
     reconnection given up (at once with --no-reconnect, else at the end
     of input when the connection is still failing)
  2  usage error
  3  protocol error: the server broke the protocol or a limit
  4  timeout: no handshake in time, or the server's heartbeat stopped)";

bool CliOptions::fail(const QString &message)
{
    m_error = message;
    return false;
}

// A non-negative (or >= `min`) integer option value.
static std::optional<int> intValue(const QString &text, int min = 0)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < min)
        return std::nullopt;
    return value;
}

bool CliOptions::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QString::fromLatin1(Description).trimmed());
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption path(u"path"_s, u"Engine.IO path (default /socket.io)."_s, u"P"_s);
    const QCommandLineOption protocol(u"protocol"_s, u"Socket.IO protocol revision: 3, 4, 5 or auto (default 5)."_s,
                                      u"REV"_s, u"5"_s);
    const QCommandLineOption parserOption(u"parser"_s,
                                          u"How packets travel: json (default) or msgpack (socket.io-msgpack-parser)."_s,
                                          u"name"_s, u"json"_s);
    const QCommandLineOption transports(u"transports"_s,
                                        u"Comma-separated transports in order of preference: websocket, polling."_s,
                                        u"LIST"_s);
    const QCommandLineOption auth(u"auth"_s, u"Auth payload (a JSON object) sent with every namespace CONNECT."_s,
                                  u"JSON"_s);
    const QCommandLineOption query(u"query"_s, u"Query parameter added to every request (repeatable)."_s,
                                   u"K=V"_s);
    const QCommandLineOption header(u"header"_s, u"Extra HTTP header, 'Name: value' (repeatable)."_s,
                                    u"HEADER"_s);
    const QCommandLineOption nsp(u"namespace"_s, u"Another namespace to join at start (repeatable)."_s,
                                 u"NSP"_s);
    const QCommandLineOption ackTimeoutOption(u"ack-timeout"_s, u"Ack timeout in ms, 0 waits forever (default 10000)."_s,
                                              u"MS"_s, u"10000"_s);
    const QCommandLineOption noReconnect(u"no-reconnect"_s, u"Do not reconnect: a failed connection ends the run (status 1)."_s);
    const QCommandLineOption attempts(u"reconnection-attempts"_s, u"Reconnection attempts, -1 for infinite (default)."_s,
                                      u"N"_s);
    const QCommandLineOption delay(u"reconnection-delay"_s, u"First reconnection delay in ms (default 1000)."_s,
                                   u"MS"_s);
    const QCommandLineOption delayMax(u"reconnection-delay-max"_s, u"Longest reconnection delay in ms (default 5000)."_s,
                                      u"MS"_s);
    const QCommandLineOption lingerOption(u"linger"_s, u"At the end of input, stay connected this many ms more."_s,
                                          u"MS"_s, u"0"_s);
    const QCommandLineOption rawOption(u"raw"_s, u"Also report every Engine.IO packet in and out."_s);
    const QCommandLineOption caOption(u"ca"_s, u"Trust the CA certificates in this PEM file (https/wss)."_s,
                                      u"file"_s);
    const QCommandLineOption recordOption(u"record"_s,
                                          u"Also write every packet to this file, as a recording that "
                                          u"socketio-inspector opens (JSON lines)."_s, u"file"_s);
    const QCommandLineOption insecureOption(u"insecure"_s,
                                            u"Do not verify the server's TLS certificate (https/wss)."_s);
    parser.addOptions({path, protocol, parserOption, transports, auth, query, header, nsp, ackTimeoutOption, noReconnect,
                       attempts, delay, delayMax, lingerOption, rawOption, caOption, insecureOption, recordOption});
    parser.addPositionalArgument(u"URL"_s, u"http(s)://host:port[/namespace]"_s);

    // parse() rather than process(): usage errors must exit with status 2.
    if (!parser.parse(arguments))
        return fail(parser.errorText());
    if (parser.isSet(help))
        parser.showHelp(0);
    if (parser.isSet(version))
        parser.showVersion();

    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return fail(u"missing URL"_s);
    if (positional.size() > 1)
        return fail(u"unexpected argument: %1"_s.arg(positional.at(1)));
    url = QUrl(positional.first(), QUrl::StrictMode);
    static const QStringList schemes{u"http"_s, u"https"_s, u"ws"_s, u"wss"_s};
    if (!url.isValid() || !schemes.contains(url.scheme()) || url.host().isEmpty())
        return fail(u"invalid URL %1: expected http(s)://host:port[/namespace]"_s.arg(positional.first()));

    if (parser.isSet(path))
        m_path = parser.value(path);

    const QString rev = parser.value(protocol).toLower();
    static const QHash<QString, SocketIO::ProtocolVersion> revisions{
        {u"3"_s, SocketIO::Revision3}, {u"4"_s, SocketIO::Revision4},
        {u"5"_s, SocketIO::Revision5}, {u"auto"_s, SocketIO::Auto}};
    if (!revisions.contains(rev))
        return fail(u"invalid --protocol %1: expected 3, 4, 5 or auto"_s.arg(rev));
    m_protocol = revisions.value(rev);

    m_parser = Parser::fromName(parser.value(parserOption).toLower());
    if (!m_parser)
        return fail(u"invalid --parser %1: expected json or msgpack"_s.arg(parser.value(parserOption)));
    if (!m_parser->supportsRevision(int(m_protocol)) && m_protocol != SocketIO::Auto)
        return fail(u"--parser %1 needs --protocol 5 or auto"_s.arg(m_parser->name()));

    if (parser.isSet(transports)) {
        static const QStringList known{u"websocket"_s, u"polling"_s};
        for (const QString &name : parser.value(transports).split(u',')) {
            const QString transport = name.trimmed();
            if (!known.contains(transport))
                return fail(u"unknown transport \"%1\": expected websocket or polling"_s.arg(transport));
            if (!m_transports.contains(transport))
                m_transports.append(transport);
        }
    }

    if (parser.isSet(auth)) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(parser.value(auth).toUtf8(), &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            return fail(u"--auth must be a JSON object"_s);
        QString conversionError;
        m_auth = JsonVariant::toVariant(doc.object(), &conversionError).toMap();
        if (!conversionError.isEmpty())
            return fail(u"--auth: "_s + conversionError);
    }

    if (parser.isSet(query)) {
        QUrlQuery items;
        for (const QString &item : parser.values(query)) {
            const qsizetype eq = item.indexOf(u'=');
            if (eq <= 0)
                return fail(u"invalid --query %1: expected KEY=VALUE"_s.arg(item));
            items.addQueryItem(item.left(eq), item.mid(eq + 1));
        }
        m_query = items;
    }

    for (const QString &item : parser.values(header)) {
        const qsizetype colon = item.indexOf(u':');
        const QByteArray name = item.left(colon).trimmed().toLatin1();
        if (colon <= 0 || name.isEmpty())
            return fail(u"invalid --header %1: expected 'Name: value'"_s.arg(item));
        m_headers.insert(name, item.mid(colon + 1).trimmed().toUtf8());
    }

    for (const QString &name : parser.values(nsp)) {
        if (name.isEmpty())
            return fail(u"--namespace needs a name"_s);
        extraNamespaces.append(JsonFields::namespaceName(name));
    }

    // Integer options: {option, target, minimum}.
    struct IntOption { const QCommandLineOption &option; int *target; int min; };
    int attemptsValue = -1, delayValue = 0, delayMaxValue = 0;
    const IntOption intOptions[] = {{ackTimeoutOption, &ackTimeout, 0}, {lingerOption, &linger, 0},
                                    {attempts, &attemptsValue, -1}, {delay, &delayValue, 0},
                                    {delayMax, &delayMaxValue, 0}};
    for (const IntOption &o : intOptions) {
        if (!parser.isSet(o.option) && o.option.defaultValues().isEmpty())
            continue;
        const std::optional<int> value = intValue(parser.value(o.option), o.min);
        if (!value)
            return fail(u"invalid --%1 %2: expected an integer >= %3"_s
                            .arg(o.option.names().first(), parser.value(o.option)).arg(o.min));
        *o.target = *value;
    }
    if (parser.isSet(attempts))
        m_reconnectionAttempts = attemptsValue;
    if (parser.isSet(delay))
        m_reconnectionDelay = delayValue;
    if (parser.isSet(delayMax))
        m_reconnectionDelayMax = delayMaxValue;
    m_reconnection = !parser.isSet(noReconnect);
    raw = parser.isSet(rawOption);
    m_insecure = parser.isSet(insecureOption);
    recordPath = parser.value(recordOption);
    if (parser.isSet(caOption)) {
        m_caCertificates = QSslCertificate::fromPath(parser.value(caOption), QSsl::Pem);
        if (m_caCertificates.isEmpty())
            return fail(u"invalid --ca %1: no PEM certificate could be read"_s.arg(parser.value(caOption)));
    }
    return true;
}

void CliOptions::configure(SocketIO &io) const
{
    if (m_path)
        io.setPath(*m_path);
    io.setProtocol(m_protocol);
    io.setParser(m_parser);
    if (!m_transports.isEmpty())
        io.setTransports(m_transports);
    if (m_auth)
        io.setAuth(*m_auth);
    if (m_query)
        io.setQuery(*m_query);
    if (!m_headers.isEmpty())
        io.setExtraHeaders(m_headers);
    io.setReconnection(m_reconnection);
    if (m_reconnectionAttempts)
        io.setReconnectionAttempts(*m_reconnectionAttempts);
    if (m_reconnectionDelay)
        io.setReconnectionDelay(*m_reconnectionDelay);
    if (m_reconnectionDelayMax)
        io.setReconnectionDelayMax(*m_reconnectionDelayMax);
    if (m_insecure || !m_caCertificates.isEmpty()) {
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        if (!m_caCertificates.isEmpty())
            ssl.addCaCertificates(m_caCertificates);
        if (m_insecure) // only when asked in so many words
            ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
        io.setSslConfiguration(ssl);
    }
}
