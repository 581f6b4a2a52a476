// Soak: resident memory before and after thousands of reconnection cycles and a million emits
// against the real test server. Not a CI test; its figures go into the closing notes.
//
//     resilience_soak [cycles = 3000] [emits = 1000000]
//
// Cycles alternate: the client closes and opens again; the server closes the Engine.IO
// connection and the client reconnects by itself; one in ten runs over polling with the upgrade.
// Emits go over WebSocket, one in a hundred with an ack. Prints RSS (VmRSS) at each stage.
#include "testserver.h"

#include <SocketIOQt/socketio.h>

#include <QtCore/qcoreapplication.h>
#include <QtCore/qelapsedtimer.h>
#include <QtCore/qfile.h>
#include <QtTest/qsignalspy.h>

#include <cstdio>

using namespace SocketIOQt;

namespace {

double rssMiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return -1;
}

bool waitConnected(Namespace *ns, int ms = 10000)
{
    if (ns->isConnected())
        return true;
    QSignalSpy spy(ns, &Namespace::connected);
    return spy.wait(ms) || ns->isConnected();
}

bool roundTrip(Namespace *ns)
{
    AckReply *r = ns->emitWithAck(QStringLiteral("ack-me"), {1}, std::chrono::milliseconds(30000));
    QSignalSpy done(r, &AckReply::finished);
    const bool ok = (r->isFinished() || done.wait(31000)) && r->error() == AckReply::NoError;
    r->deleteLater();
    return ok;
}

// Lets deleteLater() and finished replies go, so that RSS shows what is really kept.
void settle()
{
    for (int i = 0; i < 5; ++i) {
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    }
}

int cycles(SocketIO &io, Namespace *ns, int from, int to, int *failures)
{
    for (int i = from; i < to; ++i) {
        const bool polling = i % 10 == 9;
        if (polling != (io.transports().size() == 2)) {
            io.close();
            io.setTransports(polling ? QStringList{QStringLiteral("polling"), QStringLiteral("websocket")}
                                     : QStringList{QStringLiteral("websocket")});
            io.open();
        }
        if (!waitConnected(ns)) {
            ++*failures;
            io.close();
            io.open();
            continue;
        }
        if (i % 2 == 0) {
            io.close();
            io.open();
        } else {
            QSignalSpy reconnected(&io, &SocketIO::reconnected);
            ns->emitEvent(QStringLiteral("close-engine"));
            if (!reconnected.wait(10000))
                ++*failures;
        }
        if (!waitConnected(ns))
            ++*failures;
        if (i % 100 == 0)
            settle();
    }
    return to - from;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int totalCycles = argc > 1 ? atoi(argv[1]) : 3000;
    const int totalEmits = argc > 2 ? atoi(argv[2]) : 1000000;

    TestServer server;
    if (!server.start()) {
        fprintf(stderr, "soak: %s\n", qPrintable(server.errorString()));
        return 2;
    }
    SocketIO io(server.url());
    io.setTransports({QStringLiteral("websocket")});
    io.setReconnectionDelay(0);
    io.setReconnectionDelayMax(0);
    Namespace *ns = io.socket();
    io.open();
    if (!waitConnected(ns)) {
        fprintf(stderr, "soak: no connection\n");
        return 2;
    }

    // Warm-up: caches, allocator pools, the first polling session.
    int failures = 0;
    cycles(io, ns, 0, 50, &failures);
    waitConnected(ns);
    for (int i = 0; i < 20000; ++i)
        ns->emitEvent(QStringLiteral("noop"), {i, QStringLiteral("warm-up payload")});
    roundTrip(ns);
    settle();
    const double before = rssMiB();
    printf("soak: RSS after warm-up: %.1f MiB\n", before);
    fflush(stdout);

    QElapsedTimer clock;
    clock.start();
    cycles(io, ns, 50, 50 + totalCycles, &failures);
    const qint64 cyclesMs = clock.elapsed();
    waitConnected(ns);
    settle();
    const double afterCycles = rssMiB();
    printf("soak: %d reconnection cycles (close/open, server close + reconnect; 10%% polling+upgrade) in %.1f s, "
           "%d failed; RSS %.1f MiB (%+.1f MiB)\n",
           totalCycles, cyclesMs / 1000.0, failures, afterCycles, afterCycles - before);
    fflush(stdout);

    if (io.transports().size() != 1) {
        io.close();
        io.setTransports({QStringLiteral("websocket")});
        io.open();
        waitConnected(ns);
    }
    clock.restart();
    int acked = 0;
    int sent = 0;
    const QVariantMap payload{{QStringLiteral("text"), QStringLiteral("soak payload ✓")},
                              {QStringLiteral("n"), 42}};
    while (sent < totalEmits) {
        const int batch = qMin(10000, totalEmits - sent);
        for (int i = 0; i < batch; ++i, ++sent) {
            if (sent % 100 == 0)
                ns->emitEvent(QStringLiteral("ack-me"), {sent}, [&acked](const QVariantList &) { ++acked; });
            else
                ns->emitEvent(QStringLiteral("noop"), {sent, payload});
        }
        if (!roundTrip(ns)) { // the batch has left and been read
            fprintf(stderr, "soak: round trip failed after %d emits\n", sent);
            return 1;
        }
    }
    const qint64 emitsMs = clock.elapsed();
    settle();
    const double afterEmits = rssMiB();
    printf("soak: %d emits (1%% with an ack, %d acked) in %.1f s (%.0f/s); RSS %.1f MiB (%+.1f MiB since warm-up)\n",
           totalEmits, acked, emitsMs / 1000.0, totalEmits * 1000.0 / qMax<qint64>(1, emitsMs), afterEmits,
           afterEmits - before);
    io.close();
    settle();
    printf("soak: RSS after close: %.1f MiB\n", rssMiB());
    return failures == 0 && acked == (totalEmits + 99) / 100 ? 0 : 1;
}
