// socketioqt-bench: the C++ side of the benchmark suite (tests/benchmarks/run-benchmarks.sh).
// Prints one JSON line per measurement on stdout; run-benchmarks.sh collects them, next to the
// same measurements of the official Node client (node-client.js) and socket.io-parser
// (codec.js), and prints the table.
//
//   socketioqt-bench receive --client sio|sio-typed|raw|rawjson --url URL --mode burst|normal
//                            [--kinds small,medium,binary] [--n N] [--warmup W]
//   socketioqt-bench ack     --client sio|raw --url URL [--n N] [--warmup W]
//   socketioqt-bench conns   --client sio|raw --url URL [--n N]
//   socketioqt-bench ackmem  --client reply|keep|callback --url URL [--n N] [--window W] [--timeout-ms T]
//   socketioqt-bench codec   --corpus corpus.json [--seconds S] [--sets text,binary] [--ops encode,decode]
//   common: [--tag TAG] (copied into the output)
//
// URL is the bench server's http://host:port. The clients:
// - sio: SocketIO + Namespace, WebSocket only, handlers as an application writes them;
// - sio-typed: the same with a typed handler, taking the event as a Q_GADGET;
// - raw: the floor, one plain QWebSocket on the same Engine.IO endpoint, speaking just enough
//   of the protocol by hand ("40" to join "/", events and acks as literal frames), receiving
//   the identical frames; it touches each frame without parsing it;
// - rawjson: raw plus QJsonDocument::fromJson of every text frame's JSON, reading one field.
// ackmem (memory over many acked emits, issue 11's ownership rule of AckReply): `reply` uses
// emitWithAck() and lets the replies delete themselves, `keep` sets autoDelete false and never
// deletes them (0.1's behaviour, for contrast), `callback` uses emitEvent(event, args, callback);
// W emits in flight, each with ackTimeout T ms (0: none). Prints RSS at every tenth.
#include <SocketIOQt/namespace.h>
#include <SocketIOQt/socketio.h>
#include <SocketIOQt/socketiodecoder.h>
#include <SocketIOQt/socketioencoder.h>
#include <SocketIOQt/typedevents.h>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qelapsedtimer.h>
#include <QtCore/qfile.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qtimer.h>
#include <QtWebSockets/qwebsocket.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <memory>
#include <vector>

#include <malloc.h>
#include <sys/resource.h>

using namespace SocketIOQt;

// What the typed handler of sio-typed takes: the field the untyped handler reads (and the
// attachment of the binary kind).
struct Item
{
    Q_GADGET
    Q_PROPERTY(qint64 i MEMBER i)
    Q_PROPERTY(QByteArray data MEMBER data)
public:
    qint64 i = 0;
    QByteArray data;
};

namespace {

struct Options
{
    QString command;
    QString client = QStringLiteral("sio");
    QString url;
    QString mode = QStringLiteral("burst");
    QStringList kinds = {QStringLiteral("small"), QStringLiteral("medium"), QStringLiteral("binary")};
    int n = 10000;
    int warmup = 1000;
    double seconds = 1.0;
    QString corpus;
    QStringList sets = {QStringLiteral("text"), QStringLiteral("binary")};
    QStringList ops = {QStringLiteral("encode"), QStringLiteral("decode")};
    QString tag;
    QString parser = QStringLiteral("json");
    int window = 64;
    int timeoutMs = 0;
};

[[noreturn]] void usage(const char *message)
{
    std::fprintf(stderr, "socketioqt-bench: %s\n"
                         "usage: socketioqt-bench receive|ack|conns|codec|ackmem [--client sio|sio-typed|raw|rawjson|reply|keep|callback]\n"
                         "       [--url URL] [--mode burst|normal] [--kinds a,b] [--n N] [--warmup W] [--seconds S]\n"
                         "       [--window W] [--timeout-ms T]\n"
                         "       [--corpus FILE] [--sets text,binary] [--ops encode,decode] [--tag TAG]\n"
                         "       [--parser json|msgpack]\n",
                 message);
    std::exit(2);
}

Options parseOptions(const QStringList &args)
{
    Options o;
    if (args.size() < 2)
        usage("no command");
    o.command = args.at(1);
    for (int i = 2; i < args.size(); ++i) {
        const QString key = args.at(i);
        if (i + 1 >= args.size())
            usage("an option without its value");
        const QString value = args.at(++i);
        bool ok = true;
        if (key == QLatin1String("--client"))
            o.client = value;
        else if (key == QLatin1String("--url"))
            o.url = value;
        else if (key == QLatin1String("--mode"))
            o.mode = value;
        else if (key == QLatin1String("--kinds"))
            o.kinds = value.split(QLatin1Char(','), Qt::SkipEmptyParts);
        else if (key == QLatin1String("--n"))
            o.n = value.toInt(&ok);
        else if (key == QLatin1String("--warmup"))
            o.warmup = value.toInt(&ok);
        else if (key == QLatin1String("--seconds"))
            o.seconds = value.toDouble(&ok);
        else if (key == QLatin1String("--corpus"))
            o.corpus = value;
        else if (key == QLatin1String("--sets"))
            o.sets = value.split(QLatin1Char(','), Qt::SkipEmptyParts);
        else if (key == QLatin1String("--ops"))
            o.ops = value.split(QLatin1Char(','), Qt::SkipEmptyParts);
        else if (key == QLatin1String("--tag"))
            o.tag = value;
        else if (key == QLatin1String("--parser"))
            o.parser = value;
        else if (key == QLatin1String("--window"))
            o.window = value.toInt(&ok);
        else if (key == QLatin1String("--timeout-ms"))
            o.timeoutMs = value.toInt(&ok);
        else
            usage("unknown option");
        if (!ok)
            usage("not a number");
    }
    return o;
}

Options g_options;

void output(QJsonObject object)
{
    object.insert(QStringLiteral("tag"), g_options.tag);
    const QByteArray line = QJsonDocument(object).toJson(QJsonDocument::Compact);
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

[[noreturn]] void die(const QString &message)
{
    std::fprintf(stderr, "socketioqt-bench: %s\n", qPrintable(message));
    std::exit(1);
}

// CPU time of the whole process (every thread), as the Node client's process.cpuUsage().
qint64 cpuMicroseconds()
{
    rusage ru {};
    getrusage(RUSAGE_SELF, &ru);
    return qint64(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000
            + ru.ru_utime.tv_usec + ru.ru_stime.tv_usec;
}

qint64 procStatusKb(const char *field)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray prefix = QByteArray(field) + ':';
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

// RSS once the allocator has returned what it holds unused (the Node client's side does a
// garbage collection at the same points).
qint64 settledRssKb()
{
    malloc_trim(0);
    return procStatusKb("VmRSS");
}

// Runs the event loop until `done` is called (or the deadline passes: an error).
void runUntil(const std::function<void(const std::function<void()> &)> &start, int timeoutMs, const char *what)
{
    QEventLoop loop;
    bool finished = false;
    QTimer::singleShot(timeoutMs, &loop, [&] {
        if (!finished)
            die(QStringLiteral("timed out: %1").arg(QLatin1String(what)));
    });
    // Lives until the loop ends: callbacks may keep a reference to it.
    const std::function<void()> done = [&] {
        finished = true;
        QMetaObject::invokeMethod(&loop, &QEventLoop::quit, Qt::QueuedConnection);
    };
    start(done);
    if (!finished)
        loop.exec();
}

QUrl engineUrl(const QString &base)
{
    QUrl url(base);
    url.setScheme(url.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    url.setPath(QStringLiteral("/socket.io/"));
    url.setQuery(QStringLiteral("EIO=4&transport=websocket"));
    return url;
}

QVariantMap smallPayload(int k)
{
    return {{QStringLiteral("i"), k},
            {QStringLiteral("name"), QStringLiteral("abc")},
            {QStringLiteral("ok"), true},
            {QStringLiteral("vals"), QVariantList{1, 2, 3}}};
}

QString percentileJsonKey(double p)
{
    return QStringLiteral("p%1_us").arg(int(std::lround(p * 100)));
}

double percentile(std::vector<double> sorted, double p)
{
    if (sorted.empty())
        return 0;
    std::sort(sorted.begin(), sorted.end());
    const size_t index = size_t(std::ceil(p * double(sorted.size()))) - 1;
    return sorted[std::min(index, sorted.size() - 1)];
}

// ---------------------------------------------------------------------------
// The raw QWebSocket floor: Engine.IO 4 / Socket.IO 5 on "/" written by hand.

class RawClient : public QObject
{
public:
    std::function<void()> onJoined;
    std::function<void(const QString &frame)> onEvent;      // "42[...]" or "451-[...]"
    std::function<void(const QString &frame)> onAck;        // "43<id>[...]"
    std::function<void(const QByteArray &data)> onBinary;

    explicit RawClient(QObject *parent = nullptr) : QObject(parent)
    {
        connect(&socket, &QWebSocket::textMessageReceived, this, [this](const QString &frame) {
            if (frame.size() >= 2 && frame.at(0) == QLatin1Char('4')) {
                const QChar type = frame.at(1);
                if (type == QLatin1Char('2') || type == QLatin1Char('5')) {
                    if (onEvent)
                        onEvent(frame);
                } else if (type == QLatin1Char('3')) {
                    if (onAck)
                        onAck(frame);
                } else if (type == QLatin1Char('0')) {
                    joined = true;
                    if (onJoined)
                        onJoined();
                }
            } else if (frame.startsWith(QLatin1Char('0'))) {
                socket.sendTextMessage(QStringLiteral("40")); // join "/"
            } else if (frame == QLatin1String("2")) {
                socket.sendTextMessage(QStringLiteral("3"));
            }
        });
        connect(&socket, &QWebSocket::binaryMessageReceived, this, [this](const QByteArray &data) {
            if (onBinary)
                onBinary(data);
        });
        connect(&socket, &QWebSocket::disconnected, this, [this] {
            if (!closing)
                die(QStringLiteral("raw websocket closed: %1").arg(socket.errorString()));
        });
    }

    void open(const QString &base) { socket.open(engineUrl(base)); }
    void send(const QString &frame) { socket.sendTextMessage(frame); }
    void close()
    {
        closing = true;
        socket.abort();
    }

    QWebSocket socket;
    bool joined = false;
    bool closing = false;
};

// ---------------------------------------------------------------------------
// receive

struct ReceiveResult
{
    qint64 wallNs = 0;
    qint64 cpuUs = 0;
};

void printReceive(const QString &kind, const ReceiveResult &r)
{
    output({{QStringLiteral("client"), g_options.client},
            {QStringLiteral("test"), QStringLiteral("receive")},
            {QStringLiteral("mode"), g_options.mode},
            {QStringLiteral("kind"), kind},
            {QStringLiteral("n"), g_options.n},
            {QStringLiteral("wall_us"), double(r.wallNs) / 1000.0},
            {QStringLiteral("cpu_us"), double(r.cpuUs)}});
}

QVariantMap prepareRequest(const QString &kind, int n)
{
    return {{QStringLiteral("kind"), kind}, {QStringLiteral("n"), n}, {QStringLiteral("mode"), g_options.mode}};
}

void checkSum(qint64 sum, int n)
{
    const qint64 expected = qint64(n) * (n - 1) / 2;
    if (sum != expected)
        die(QStringLiteral("checksum %1, expected %2").arg(sum).arg(expected));
}

// WebSocket only, no reconnection: joins "/" (any error ends the program) and returns it.
Namespace *joinOverWebSocket(SocketIO &io)
{
    io.setTransports({QStringLiteral("websocket")});
    io.setReconnection(false);
    io.setParser(Parser::fromName(g_options.parser));
    Namespace *ns = io.socket();
    QObject::connect(&io, &SocketIO::errorOccurred, [&io] { die(io.errorString()); });
    QMetaObject::Connection joined;
    runUntil([&](const std::function<void()> &done) {
        joined = QObject::connect(ns, &Namespace::connected, done);
        io.open();
    }, 20000, "connect");
    QObject::disconnect(joined);
    return ns;
}

int receiveSio(bool typed)
{
    SocketIO io{QUrl(g_options.url)};
    Namespace *ns = joinOverWebSocket(io);

    const QString keyI = QStringLiteral("i");
    const QString keyData = QStringLiteral("data");
    auto run = [&](const QString &kind, int n) {
        ReceiveResult result;
        int count = 0;
        qint64 sum = 0;
        qint64 bytes = 0;
        QElapsedTimer timer;
        qint64 cpu0 = 0;
        const bool binary = kind == QLatin1String("binary");
        runUntil([&](const std::function<void()> &done) {
            auto finishEvent = [&, done] {
                if (++count == n) {
                    result.wallNs = timer.nsecsElapsed();
                    result.cpuUs = cpuMicroseconds() - cpu0;
                    done();
                }
            };
            // The handler as an application writes it: reads one field (and the attachment),
            // from the argument list or (sio-typed) as a gadget's properties.
            if (typed) {
                ns->on(QStringLiteral("item"), [&, finishEvent](const Item &item) {
                    sum += item.i;
                    bytes += item.data.size();
                    finishEvent();
                });
            } else {
                ns->on(QStringLiteral("item"), [&, finishEvent](const QVariantList &args) {
                    const QVariantMap payload = args.at(0).toMap();
                    sum += payload.value(keyI).toLongLong();
                    if (binary)
                        bytes += payload.value(keyData).toByteArray().size();
                    finishEvent();
                });
            }
            ns->emitEvent(QStringLiteral("prepare"), {prepareRequest(kind, n)}, [&](const QVariantList &) {
                timer.start();
                cpu0 = cpuMicroseconds();
                ns->emitEvent(QStringLiteral("go"));
            });
        }, 600000, "receive");
        ns->off(QStringLiteral("item"));
        checkSum(sum, n);
        if (binary && bytes != qint64(n) * 1024)
            die(QStringLiteral("attachments: %1 bytes").arg(bytes));
        return result;
    };
    for (const QString &kind : g_options.kinds) {
        if (g_options.warmup > 0)
            run(kind, g_options.warmup);
        printReceive(kind, run(kind, g_options.n));
    }
    return 0;
}

int receiveRaw(bool parseJson)
{
    RawClient client;
    runUntil([&](const std::function<void()> &done) {
        client.onJoined = done;
        client.open(g_options.url);
    }, 20000, "connect");
    client.onJoined = nullptr;

    const QString keyI = QStringLiteral("i");
    auto run = [&](const QString &kind, int n) {
        ReceiveResult result;
        int count = 0;
        qint64 sum = 0;
        qint64 touched = 0;
        qint64 bytes = 0;
        QElapsedTimer timer;
        qint64 cpu0 = 0;
        const bool binary = kind == QLatin1String("binary");
        runUntil([&](const std::function<void()> &done) {
            auto finishEvent = [&, done] {
                if (++count == n) {
                    result.wallNs = timer.nsecsElapsed();
                    result.cpuUs = cpuMicroseconds() - cpu0;
                    done();
                }
            };
            client.onEvent = [&, binary, finishEvent](const QString &frame) {
                if (parseJson) {
                    // "42[...]" or "451-[...]": the JSON after the header, read one field.
                    const qsizetype json = frame.indexOf(QLatin1Char('['));
                    const QJsonDocument doc = QJsonDocument::fromJson(QStringView(frame).mid(json).toUtf8());
                    sum += doc.array().at(1).toObject().value(keyI).toInteger();
                } else {
                    touched += frame.size();
                }
                if (!binary)
                    finishEvent();
            };
            client.onBinary = [&, finishEvent](const QByteArray &data) {
                bytes += data.size();
                finishEvent();
            };
            client.onAck = [&](const QString &frame) {
                if (!frame.startsWith(QLatin1String("430")))
                    die(QStringLiteral("unexpected ack %1").arg(frame));
                timer.start();
                cpu0 = cpuMicroseconds();
                client.send(QStringLiteral("42[\"go\"]"));
            };
            const QByteArray request = QJsonDocument(QJsonArray{QStringLiteral("prepare"),
                                                                QJsonObject::fromVariantMap(prepareRequest(kind, n))})
                                               .toJson(QJsonDocument::Compact);
            client.send(QStringLiteral("420") + QString::fromUtf8(request));
        }, 600000, "receive");
        client.onEvent = nullptr;
        client.onBinary = nullptr;
        client.onAck = nullptr;
        if (parseJson)
            checkSum(sum, n);
        else if (touched == 0)
            die(QStringLiteral("no frames"));
        if (binary && bytes != qint64(n) * 1024)
            die(QStringLiteral("attachments: %1 bytes").arg(bytes));
        return result;
    };
    for (const QString &kind : g_options.kinds) {
        if (g_options.warmup > 0)
            run(kind, g_options.warmup);
        printReceive(kind, run(kind, g_options.n));
    }
    client.close();
    return 0;
}

// ---------------------------------------------------------------------------
// ack round trip: sequential emits, each waiting for its ack

void printAck(std::vector<double> samples)
{
    double mean = 0;
    for (double s : samples)
        mean += s;
    mean /= double(std::max<size_t>(1, samples.size()));
    output({{QStringLiteral("client"), g_options.client},
            {QStringLiteral("test"), QStringLiteral("ack")},
            {QStringLiteral("n"), int(samples.size())},
            {percentileJsonKey(0.5), percentile(samples, 0.5)},
            {percentileJsonKey(0.99), percentile(samples, 0.99)},
            {QStringLiteral("mean_us"), mean}});
}

int ackSio()
{
    SocketIO io{QUrl(g_options.url)};
    Namespace *ns = joinOverWebSocket(io);

    const int total = g_options.warmup + g_options.n;
    std::vector<double> samples;
    samples.reserve(size_t(g_options.n));
    const QString keyI = QStringLiteral("i");
    QElapsedTimer timer;
    int k = 0;
    std::function<void()> next;
    runUntil([&](const std::function<void()> &done) {
        next = [&] {
            if (k == total)
                return done();
            timer.start();
            ns->emitEvent(QStringLiteral("echo"), {smallPayload(k)}, [&](const QVariantList &reply) {
                const double us = double(timer.nsecsElapsed()) / 1000.0;
                if (reply.value(0).toMap().value(keyI).toInt() != k)
                    die(QStringLiteral("wrong ack"));
                if (k >= g_options.warmup)
                    samples.push_back(us);
                ++k;
                next();
            });
        };
        next();
    }, 600000, "ack");
    printAck(samples);
    return 0;
}

int ackRaw()
{
    RawClient client;
    runUntil([&](const std::function<void()> &done) {
        client.onJoined = done;
        client.open(g_options.url);
    }, 20000, "connect");
    client.onJoined = nullptr;

    const int total = g_options.warmup + g_options.n;
    std::vector<double> samples;
    samples.reserve(size_t(g_options.n));
    QElapsedTimer timer;
    int k = 0;
    QString expected;
    runUntil([&](const std::function<void()> &done) {
        auto next = [&] {
            if (k == total)
                return done();
            // The frame SocketIOQt sends for the same emit (ack id = k).
            const QString id = QString::number(k);
            expected = QStringLiteral("43") + id + QLatin1Char('[');
            timer.start();
            client.send(QStringLiteral("42") + id + QStringLiteral("[\"echo\",{\"i\":") + id
                        + QStringLiteral(",\"name\":\"abc\",\"ok\":true,\"vals\":[1,2,3]}]"));
        };
        client.onAck = [&, next](const QString &frame) {
            const double us = double(timer.nsecsElapsed()) / 1000.0;
            if (!frame.startsWith(expected))
                die(QStringLiteral("wrong ack %1").arg(frame));
            if (k >= g_options.warmup)
                samples.push_back(us);
            ++k;
            next();
        };
        next();
    }, 600000, "ack");
    printAck(samples);
    client.close();
    return 0;
}

// ---------------------------------------------------------------------------
// connections: N at once, in waves of at most 50 handshakes

template <typename Open>
void openWaves(int from, int n, Open open, const int &connectedCount)
{
    int started = from;
    QTimer timer;
    runUntil([&](const std::function<void()> &done) {
        QObject::connect(&timer, &QTimer::timeout, [&] {
            if (connectedCount >= n) {
                timer.stop();
                done();
                return;
            }
            while (started < n && started - connectedCount < 50)
                open(started++);
        });
        timer.start(1);
    }, 600000, "connections");
}

void printConns(qint64 base, qint64 all, int connected)
{
    const int n = g_options.n;
    output({{QStringLiteral("client"), g_options.client},
            {QStringLiteral("test"), QStringLiteral("conns")},
            {QStringLiteral("n"), n},
            {QStringLiteral("connected"), connected},
            {QStringLiteral("rss_base_kb"), double(base)},
            {QStringLiteral("rss_all_kb"), double(all)},
            {QStringLiteral("peak_kb"), double(procStatusKb("VmHWM"))},
            {QStringLiteral("per_conn_kb"), double(all - base) / double(std::max(1, n - 1))}});
}

void settle(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

int connsSio()
{
    std::vector<std::unique_ptr<SocketIO>> clients;
    int connected = 0;
    auto open = [&](int) {
        auto io = std::make_unique<SocketIO>(QUrl(g_options.url));
        io->setTransports({QStringLiteral("websocket")});
        io->setReconnection(false);
        QObject::connect(io->socket(), &Namespace::connected, [&connected] { ++connected; });
        QObject::connect(io.get(), &SocketIO::errorOccurred, [p = io.get()] { die(p->errorString()); });
        io->open();
        clients.push_back(std::move(io));
    };
    openWaves(0, 1, open, connected);
    settle(100);
    const qint64 base = settledRssKb();
    openWaves(1, g_options.n, open, connected);
    settle(300);
    printConns(base, settledRssKb(), connected);
    return 0;
}

int connsRaw()
{
    std::vector<std::unique_ptr<RawClient>> clients;
    int connected = 0;
    auto open = [&](int) {
        auto client = std::make_unique<RawClient>();
        client->onJoined = [&connected] { ++connected; };
        client->open(g_options.url);
        clients.push_back(std::move(client));
    };
    openWaves(0, 1, open, connected);
    settle(100);
    const qint64 base = settledRssKb();
    openWaves(1, g_options.n, open, connected);
    settle(300);
    printConns(base, settledRssKb(), connected);
    for (auto &c : clients)
        c->close();
    return 0;
}

// ---------------------------------------------------------------------------
// codec: socket.io packets <-> frames, on the corpus written by codec.js

struct CorpusPacket
{
    QByteArray text;
    QList<QByteArray> attachments;
    SocketIOPacket packet;
    qint64 bytes = 0;
};

QList<CorpusPacket> loadCorpus(const QJsonArray &array)
{
    QList<CorpusPacket> corpus;
    for (const QJsonValue &v : array) {
        const QJsonArray frames = v.toArray();
        CorpusPacket p;
        p.text = frames.at(0).toString().toUtf8();
        p.bytes = p.text.size();
        for (qsizetype i = 1; i < frames.size(); ++i) {
            p.attachments.append(QByteArray::fromBase64(frames.at(i).toString().toLatin1()));
            p.bytes += p.attachments.last().size();
        }
        SocketIODecoder decoder;
        SocketIODecoder::Status status = decoder.addText(p.text);
        for (const QByteArray &a : std::as_const(p.attachments))
            status = decoder.addBinary(a);
        if (status != SocketIODecoder::PacketReady)
            die(QStringLiteral("corpus packet does not decode: %1 %2").arg(QString::fromUtf8(p.text), decoder.errorString()));
        p.packet = decoder.takePacket();
        const QList<QByteArray> encoded = SocketIOEncoder::encode(p.packet);
        if (encoded.size() != p.attachments.size() + 1 || encoded.first().size() != p.text.size())
            die(QStringLiteral("corpus packet does not encode back: %1").arg(QString::fromUtf8(encoded.first())));
        corpus.append(std::move(p));
    }
    return corpus;
}

template <typename Body>
void timeCodec(const QString &set, const QString &op, const QList<CorpusPacket> &corpus, Body body)
{
    qint64 bytesPerRound = 0;
    for (const CorpusPacket &p : corpus)
        bytesPerRound += p.bytes;
    // Warm up, then whole rounds over the corpus until the time is up.
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < qMax<qint64>(500, qint64(g_options.seconds * 300)))
        body(); // as long as socket.io-parser's, whose JIT needs it
    qint64 rounds = 0;
    const qint64 cpu0 = cpuMicroseconds();
    timer.start();
    do {
        for (int i = 0; i < 16; ++i)
            body();
        rounds += 16;
    } while (timer.nsecsElapsed() < qint64(g_options.seconds * 1e9));
    const double seconds = double(cpuMicroseconds() - cpu0) / 1e6; // CPU, not wall: noisy machines
    output({{QStringLiteral("client"), QStringLiteral("sio")},
            {QStringLiteral("test"), QStringLiteral("codec")},
            {QStringLiteral("set"), set},
            {QStringLiteral("op"), op},
            {QStringLiteral("packets_per_s"), double(rounds * corpus.size()) / seconds},
            {QStringLiteral("mb_per_s"), double(rounds * bytesPerRound) / seconds / 1e6}});
}

int codec()
{
    QFile file(g_options.corpus);
    if (!file.open(QIODevice::ReadOnly))
        die(QStringLiteral("cannot read %1").arg(g_options.corpus));
    const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    for (const QString &set : std::as_const(g_options.sets)) {
        const QList<CorpusPacket> corpus = loadCorpus(root.value(set).toArray());
        volatile qsizetype sink = 0;
        if (g_options.ops.contains(QLatin1String("encode"))) {
            timeCodec(set, QStringLiteral("encode"), corpus, [&] {
                for (const CorpusPacket &p : corpus)
                    sink = sink + SocketIOEncoder::encode(p.packet).size();
            });
        }
        if (!g_options.ops.contains(QLatin1String("decode")))
            continue;
        SocketIODecoder decoder;
        timeCodec(set, QStringLiteral("decode"), corpus, [&] {
            for (const CorpusPacket &p : corpus) {
                SocketIODecoder::Status status = decoder.addText(p.text);
                for (const QByteArray &a : p.attachments)
                    status = decoder.addBinary(a);
                if (status != SocketIODecoder::PacketReady)
                    die(decoder.errorString());
                sink = sink + decoder.takePacket().data().typeId();
            }
        });
    }
    return 0;
}

// Memory over many acked emits: RSS (after malloc_trim) at every tenth of n, and the peak.
int ackMemory()
{
    const Options &o = g_options;
    SocketIO io{QUrl(o.url)};
    Namespace *ns = joinOverWebSocket(io);
    ns->setAckTimeout(o.timeoutMs);

    const auto report = [&](int answered) {
        output({{QStringLiteral("client"), o.client},
                {QStringLiteral("test"), QStringLiteral("ackmem")},
                {QStringLiteral("answered"), answered},
                {QStringLiteral("rss_kb"), double(settledRssKb())},
                {QStringLiteral("replies_alive"), int(ns->findChildren<AckReply *>().size())},
                {QStringLiteral("peak_kb"), double(procStatusKb("VmHWM"))}});
    };
    report(0);
    const QVariantList args{smallPayload(1)};
    const QString event = QStringLiteral("echo");
    int sent = 0;
    int answered = 0;
    QElapsedTimer timer;
    timer.start();
    std::function<void()> sendOne;
    runUntil([&](const std::function<void()> &done) {
        const auto onAnswer = [&, done] {
            ++answered;
            if (answered % (o.n / 10) == 0)
                report(answered);
            if (answered == o.n)
                return done();
            if (sent < o.n)
                sendOne();
        };
        sendOne = [&, onAnswer] {
            ++sent;
            if (o.client == QLatin1String("callback")) {
                ns->emitEvent(event, args, [onAnswer](const QVariantList &) { onAnswer(); });
                return;
            }
            AckReply *reply = ns->emitWithAck(event, args);
            if (o.client == QLatin1String("keep"))
                reply->setAutoDelete(false);
            QObject::connect(reply, &AckReply::finished, ns, [reply, onAnswer] {
                if (reply->error() != AckReply::NoError)
                    die(reply->errorString());
                onAnswer();
            });
        };
        for (int i = 0; i < o.window && sent < o.n; ++i)
            sendOne();
    }, 3600000, "ackmem");
    output({{QStringLiteral("client"), o.client},
            {QStringLiteral("test"), QStringLiteral("ackmem_done")},
            {QStringLiteral("n"), o.n},
            {QStringLiteral("seconds"), double(timer.elapsed()) / 1000.0},
            {QStringLiteral("peak_kb"), double(procStatusKb("VmHWM"))}});
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    g_options = parseOptions(app.arguments());
    const Options &o = g_options;
    const bool needsUrl = o.command != QLatin1String("codec");
    if (needsUrl && o.url.isEmpty())
        usage("--url is required");
    if (o.n < 2)
        usage("--n must be at least 2");
    if (o.command == QLatin1String("receive")) {
        if (o.client == QLatin1String("sio") || o.client == QLatin1String("sio-typed"))
            return receiveSio(o.client == QLatin1String("sio-typed"));
        if (o.client == QLatin1String("raw") || o.client == QLatin1String("rawjson"))
            return receiveRaw(o.client == QLatin1String("rawjson"));
    } else if (o.command == QLatin1String("ack")) {
        if (o.client == QLatin1String("sio"))
            return ackSio();
        if (o.client == QLatin1String("raw"))
            return ackRaw();
    } else if (o.command == QLatin1String("conns")) {
        if (o.client == QLatin1String("sio"))
            return connsSio();
        if (o.client == QLatin1String("raw"))
            return connsRaw();
    } else if (o.command == QLatin1String("ackmem")) {
        if (o.client == QLatin1String("reply") || o.client == QLatin1String("keep")
            || o.client == QLatin1String("callback"))
            return ackMemory();
    } else if (o.command == QLatin1String("codec")) {
        if (o.corpus.isEmpty())
            usage("--corpus is required");
        return codec();
    }
    usage("unknown command or client");
}

#include "socketioqt-bench.moc"
