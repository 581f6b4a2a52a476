// The traps a stranger walked into (issue 11, part 3): each test is named after one, and shows it
// fixed, against the real socket.io 4.x server of tests/server where the behaviour is on the wire.
#include "testserver.h"

#include <SocketIOQt/socketio.h>
#include <SocketIOQt/typedevents.h>

#include <QtTest>

#include <QJsonObject>

using namespace SocketIOQt;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

// Counts the CONNECT packets the client sends for one namespace (revision 5: "0/nsp[,payload]").
class ConnectCounter : public QObject
{
public:
    ConnectCounter(SocketIO *io, const QString &nsp) : QObject(io)
    {
        const QByteArray prefix = "0" + nsp.toUtf8();
        connect(io, &SocketIO::packetTraced, this,
                [this, prefix](SocketIO::Direction direction, const EngineIOPacket &packet, const QString &) {
                    if (direction != SocketIO::Direction::Outgoing || packet.type() != EngineIOPacket::Message
                        || packet.isBinary() || !packet.data().startsWith(prefix))
                        return;
                    const QByteArray rest = packet.data().mid(prefix.size());
                    if (rest.isEmpty() || rest.startsWith(',') || rest.startsWith('{'))
                        ++count;
                });
    }
    int count = 0;
};

// The text of the EVENT packets the client sends ("2[...]", Engine.IO message data).
class EventRecorder : public QObject
{
public:
    explicit EventRecorder(SocketIO *io) : QObject(io)
    {
        connect(io, &SocketIO::packetTraced, this,
                [this](SocketIO::Direction direction, const EngineIOPacket &packet, const QString &) {
                    if (direction == SocketIO::Direction::Outgoing && packet.type() == EngineIOPacket::Message
                        && !packet.isBinary() && packet.data().startsWith('2'))
                        events.append(packet.data());
                });
    }
    QByteArrayList events;
};

// Waits for \a reply to finish.
bool finishes(AckReply *reply)
{
    QSignalSpy finished(reply, &AckReply::finished);
    return reply->isFinished() || finished.wait(10000);
}

// Collects the warnings of the library's logging categories (socketio.*) while it lives.
class LibraryWarnings
{
public:
    LibraryWarnings() { s_previous = qInstallMessageHandler(&handler); }
    ~LibraryWarnings() { qInstallMessageHandler(s_previous); }
    static inline QStringList warnings;

private:
    static void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
    {
        if ((type == QtWarningMsg || type == QtCriticalMsg) && context.category && qstrncmp(context.category, "socketio", 8) == 0)
            warnings.append(QLatin1StringView(context.category) + u": "_s + message);
        if (s_previous)
            s_previous(type, context, message);
    }
    static inline QtMessageHandler s_previous = nullptr;
};

bool connectRoot(SocketIO &io, Namespace *ns)
{
    QSignalSpy connected(ns, &Namespace::connected);
    io.open();
    return ns->isConnected() || connected.wait(10000);
}

} // namespace

class tst_Traps : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void openIsIdempotent();
    void sendIsVariadic();
    void emitVolatileReportsDrop();
    void ackIdWhileBuffered();
    void serverDeathIsTransportClose_data();
    void serverDeathIsTransportClose();
    void emitWithAckTimeoutIsNotAnArgument();
    void authAtCreation();
    void ackRepliesDoNotPileUp();
    void moveToThreadWhileDisconnected();
    void typedHandlerMismatchIsCompileError();

private:
    TestServer m_server;
};

void tst_Traps::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
}

void tst_Traps::openIsIdempotent()
{
    // Disconnected, then connecting: open() twice before the connection is up.
    {
        SocketIO io(m_server.url());
        ConnectCounter counter(&io, u"/chat"_s);
        Namespace *chat = io.socket(u"/chat"_s);
        QSignalSpy connected(chat, &Namespace::connected);
        chat->open();
        chat->open();
        QCOMPARE(io.state(), SocketIO::Connecting);
        chat->open();
        QVERIFY(connected.wait(10000));
        chat->open(); // connected
        QTest::qWait(200);
        QCOMPARE(counter.count, 1);
        QCOMPARE(connected.size(), 1);
    }
    // On an open connection, while the CONNECT is pending ("/slow" answers after 200 ms).
    {
        SocketIO io(m_server.url());
        ConnectCounter counter(&io, u"/slow"_s);
        Namespace *root = io.socket();
        QSignalSpy rootConnected(root, &Namespace::connected);
        io.open();
        QVERIFY(rootConnected.wait(10000));
        Namespace *slow = io.socket(u"/slow"_s);
        QSignalSpy connected(slow, &Namespace::connected);
        slow->open();
        QTRY_COMPARE(counter.count, 1); // the CONNECT is out, the answer is not
        QVERIFY(!slow->isConnected());
        slow->open();
        slow->open();
        QVERIFY(connected.wait(10000));
        slow->open();
        QTest::qWait(200);
        QCOMPARE(counter.count, 1);
        QCOMPARE(connected.size(), 1);
    }
}

void tst_Traps::sendIsVariadic()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    EventRecorder recorder(&io);
    QVERIFY(connectRoot(io, ns));
    QVERIFY(ns->send(u"a"_s, 1));                     // native values, as emitEvent()
    QVERIFY(ns->send("b", true, QVariantMap{{u"k"_s, 2}}));
    QVERIFY(ns->send(QVariantList{u"c"_s, 3}));       // a QVariantList is still the argument list
    QVERIFY(ns->send());
    QTRY_COMPARE(recorder.events.size(), 4);
    QCOMPARE(recorder.events.at(0), QByteArray(R"(2["message","a",1])"));
    QCOMPARE(recorder.events.at(1), QByteArray(R"(2["message","b",true,{"k":2}])"));
    QCOMPARE(recorder.events.at(2), QByteArray(R"(2["message","c",3])"));
    QCOMPARE(recorder.events.at(3), QByteArray(R"(2["message"])"));
}

void tst_Traps::emitVolatileReportsDrop()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    EventRecorder recorder(&io);
    // Not connected: dropped, and said so.
    QVERIFY(!ns->emitVolatile(u"v"_s, {1}));
    QVERIFY(!ns->emitVolatile(u"v"_s, 2));
    QVERIFY(connectRoot(io, ns));
    QVERIFY(ns->emitVolatile(u"v"_s, {3}));        // handed to the transport
    QVERIFY(ns->emitVolatile(u"v"_s, 4));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"reserved event name"_s));
    QVERIFY(!ns->emitVolatile(u"disconnect"_s));  // refused: a reserved name
    QTRY_COMPARE(recorder.events.size(), 2);
    QCOMPARE(recorder.events.at(0), QByteArray(R"(2["v",3])"));
    QCOMPARE(recorder.events.at(1), QByteArray(R"(2["v",4])"));
    ns->close();
    QVERIFY(!ns->emitVolatile(u"v"_s, 5));
    QTest::qWait(50);
    QCOMPARE(recorder.events.size(), 2);
}

void tst_Traps::ackIdWhileBuffered()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    // Not connected: the packet waits in the send buffer, with no id yet.
    AckReply *buffered = ns->emitWithAck(u"ack-me"_s, {u"buffered"_s});
    AckReply *buffered2 = ns->emitWithAck(u"ack-me"_s, {u"buffered 2"_s});
    QCOMPARE(buffered->ackId(), -1);
    QCOMPARE(buffered2->ackId(), -1);
    QVERIFY(!buffered->isFinished());
    QSignalSpy finished(buffered2, &AckReply::finished);
    QVERIFY(connectRoot(io, ns));
    // Left with the connection: the ids it went with.
    QVERIFY(buffered->ackId() >= 0);
    QVERIFY(buffered2->ackId() > buffered->ackId());
    QVERIFY(finished.wait(10000) || buffered2->isFinished());
    QCOMPARE(buffered2->arguments(), QVariantList{u"buffered 2"_s});
    // Connected: the packet leaves at once, with its id.
    AckReply *direct = ns->emitWithAck(u"ack-me"_s, {u"direct"_s});
    QVERIFY(direct->ackId() > buffered2->ackId());
    QSignalSpy directFinished(direct, &AckReply::finished);
    QVERIFY(directFinished.wait(10000));
    QCOMPARE(direct->arguments(), QVariantList{u"direct"_s});
}

void tst_Traps::serverDeathIsTransportClose_data()
{
    QTest::addColumn<QStringList>("transports");
    QTest::addColumn<QString>("reason");
    // A closed WebSocket connection is "transport close", as in socket.io-client; a failed
    // polling request stays "transport error", as there.
    QTest::newRow("websocket") << QStringList{u"websocket"_s} << u"transport close"_s;
    QTest::newRow("upgraded") << QStringList{u"polling"_s, u"websocket"_s} << u"transport close"_s;
    QTest::newRow("polling") << QStringList{u"polling"_s} << u"transport error"_s;
}

void tst_Traps::serverDeathIsTransportClose()
{
    QFETCH(QStringList, transports);
    QFETCH(QString, reason);
    TestServer server;
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    SocketIO io(server.url());
    io.setTransports(transports);
    io.setReconnectionDelay(50);
    io.setReconnectionDelayMax(100);
    Namespace *ns = io.socket();
    QVERIFY(connectRoot(io, ns));
    QTRY_COMPARE(io.transport(), transports.last());
    QSignalSpy disconnected(ns, &Namespace::disconnected);
    QSignalSpy closed(&io, &SocketIO::closed);
    QSignalSpy attempts(&io, &SocketIO::reconnectAttempt);
    QSignalSpy reconnected(&io, &SocketIO::reconnected);
    // Losing the server and getting it back is the normal life of a client: no warnings from
    // the library (Qt's network stack may have its own words about the aborted requests).
    LibraryWarnings libraryWarnings;
    LibraryWarnings::warnings.clear();
    server.kill();
    QVERIFY(disconnected.wait(10000));
    QCOMPARE(disconnected.at(0).at(0).toString(), reason);
    QCOMPARE(closed.size(), 1);
    QCOMPARE(closed.at(0).at(0).toString(), reason);
    QTRY_VERIFY_WITH_TIMEOUT(attempts.size() >= 2, 10000); // refused while the server is down
    QVERIFY(server.restart());
    QVERIFY(reconnected.wait(10000) || !reconnected.isEmpty());
    QTRY_VERIFY(ns->isConnected());
    QVERIFY2(LibraryWarnings::warnings.isEmpty(), qPrintable(LibraryWarnings::warnings.join(u'\n')));
}

void tst_Traps::emitWithAckTimeoutIsNotAnArgument()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    QVERIFY(connectRoot(io, ns));

    // A number is an argument, whatever comes before it ("ack-me" answers with the arguments).
    AckReply *typed = ns->emitWithAck(u"ack-me"_s, QString(u"x"_s), 500);
    QVERIFY(finishes(typed));
    QCOMPARE(typed->error(), AckReply::NoError);
    QCOMPARE(typed->arguments(), (QVariantList{u"x"_s, 500}));
    AckReply *afterList = ns->emitWithAck(u"ack-me"_s, QVariantList{1}, 500);
    QVERIFY(finishes(afterList));
    QCOMPARE(afterList->arguments(), (QVariantList{QVariantList{1}, 500}));

    // A timeout is a duration: given last, or through timeout().
    QElapsedTimer timer;
    timer.start();
    AckReply *listTimeout = ns->emitWithAck(u"nobody-answers"_s, {}, 100ms);
    AckReply *typedTimeout = ns->emitWithAck(u"nobody-answers"_s, QString(u"x"_s), 100ms);
    AckReply *jsForm = ns->timeout(100ms)->emitWithAck(u"nobody-answers"_s, QString(u"x"_s), 1);
    AckReply *jsFormList = ns->timeout(100ms).emitWithAck(u"nobody-answers"_s);
    for (AckReply *reply : {listTimeout, typedTimeout, jsForm, jsFormList}) {
        QVERIFY(finishes(reply));
        QCOMPARE(reply->error(), AckReply::TimeoutError);
    }
    QVERIFY(timer.elapsed() < 5000); // not the default: ackTimeout() is 0, wait forever

    // timeout() with a callback: (error, args), as the JavaScript client's (err, ...args).
    QList<AckReply::Error> errors;
    QVariantList answer;
    QVERIFY(ns->timeout(100ms).emitEvent(u"nobody-answers"_s, {}, [&](AckReply::Error e, const QVariantList &) {
        errors.append(e);
    }));
    QVERIFY(ns->timeout(5s)->emitEvent(u"ack-me"_s, {u"y"_s, 7}, ns, [&](AckReply::Error e, const QVariantList &a) {
        errors.append(e);
        answer = a;
    }));
    QTRY_COMPARE(errors.size(), 2);
    QVERIFY(errors.contains(AckReply::TimeoutError));
    QVERIFY(errors.contains(AckReply::NoError));
    QCOMPARE(answer, (QVariantList{u"y"_s, 7}));
    AckReply *answered = ns->timeout(5s)->emitWithAck(u"ack-me"_s, QString(u"z"_s), 7);
    QVERIFY(finishes(answered));
    QCOMPARE(answered->arguments(), (QVariantList{u"z"_s, 7}));

    // The namespace default, with a duration too.
    ns->setAckTimeout(150ms);
    QCOMPARE(ns->ackTimeout(), 150);
    AckReply *byDefault = ns->emitWithAck(u"nobody-answers"_s, 42);
    QVERIFY(finishes(byDefault));
    QCOMPARE(byDefault->error(), AckReply::TimeoutError);
}

void tst_Traps::authAtCreation()
{
    // "/admin" refuses a CONNECT without auth.token "secret".
    const QVariantMap secret{{u"token"_s, u"secret"_s}};
    const auto whoamiAuth = [](Namespace *ns) {
        AckReply *reply = ns->emitWithAck(u"whoami"_s);
        return finishes(reply) ? reply->arguments().value(0).toMap().value(u"auth"_s).toMap() : QVariantMap();
    };
    // setAuth() right after socket(), on an open connection: the CONNECT has not left yet.
    {
        SocketIO io(m_server.url());
        QVERIFY(connectRoot(io, io.socket()));
        Namespace *admin = io.socket(u"/admin"_s);
        admin->setAuth(secret);
        QSignalSpy connected(admin, &Namespace::connected);
        QSignalSpy refused(admin, &Namespace::connectError);
        QVERIFY(connected.wait(10000));
        QCOMPARE(refused.size(), 0);
        QCOMPARE(whoamiAuth(admin), secret);
    }
    // The credentials given at creation.
    {
        SocketIO io(m_server.url());
        QVERIFY(connectRoot(io, io.socket()));
        Namespace *admin = io.socket(u"/admin"_s, secret);
        QCOMPARE(admin->auth(), secret);
        QSignalSpy connected(admin, &Namespace::connected);
        QVERIFY(connected.wait(10000));
        QCOMPARE(whoamiAuth(admin), secret);
        QCOMPARE(io.socket(u"/admin"_s), admin); // the same namespace afterwards
    }
    // Before the connection opens, too; and open() in the same function changes nothing.
    {
        SocketIO io(m_server.url());
        ConnectCounter counter(&io, u"/admin"_s);
        Namespace *admin = io.socket(u"/admin"_s, secret);
        admin->open();
        QSignalSpy connected(admin, &Namespace::connected);
        QVERIFY(connected.wait(10000));
        QCOMPARE(counter.count, 1);
    }
    // Wrong credentials are still refused.
    {
        SocketIO io(m_server.url());
        QVERIFY(connectRoot(io, io.socket()));
        Namespace *admin = io.socket(u"/admin"_s, {{u"token"_s, u"wrong"_s}});
        QSignalSpy refused(admin, &Namespace::connectError);
        QVERIFY(refused.wait(10000));
        QVERIFY(!admin->isConnected());
    }
}

namespace {
struct PlainStruct { int x = 0; };
struct TrapGadget
{
    Q_GADGET
    Q_PROPERTY(int x MEMBER x)
public:
    int x = 0;
};
enum class TrapColor { Red, Green };
} // namespace

void tst_Traps::ackRepliesDoNotPileUp()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    QVERIFY(connectRoot(io, ns));
    const auto replies = [ns] { return ns->findChildren<AckReply *>().size(); };
    const auto runDeferredDeletes = [] { QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete); };

    // A finished reply is readable in its slots and until control returns to the event loop,
    // then it deletes itself.
    QPointer<AckReply> reply = ns->emitWithAck(u"ack-me"_s, QVariantList{u"x"_s});
    QVERIFY(reply->autoDelete());
    QVERIFY(finishes(reply));
    QVERIFY(reply);
    QCOMPARE(reply->arguments(), QVariantList{u"x"_s});
    QTRY_VERIFY(!reply);

    // setAutoDelete(false) keeps it, until the user deletes it (or the namespace goes).
    QPointer<AckReply> kept = ns->emitWithAck(u"ack-me"_s, QVariantList{u"y"_s});
    QSignalSpy autoDeleteChanged(kept.data(), &AckReply::autoDeleteChanged);
    kept->setAutoDelete(false);
    QCOMPARE(autoDeleteChanged.size(), 1);
    QVERIFY(finishes(kept));
    runDeferredDeletes();
    QVERIFY(kept);
    QCOMPARE(kept->arguments(), QVariantList{u"y"_s});
    delete kept;

    // A refused emit's reply, finished before emitWithAck() returned, goes the same way.
    QPointer<AckReply> refused = ns->emitWithAck(u"connect"_s);
    QVERIFY(refused->isFinished());
    QCOMPARE(refused->error(), AckReply::CanceledError);
    runDeferredDeletes();
    QVERIFY(!refused);

    // Many acked emits leave nothing behind: no replies once answered, and one timer for all the
    // ack timeouts, not one per emit that would live until its timeout.
    ns->setAckTimeout(30s);
    constexpr int n = 2000;
    int answered = 0;
    for (int i = 0; i < n; ++i) {
        AckReply *r = ns->emitWithAck(u"ack-me"_s, QVariantList{i});
        connect(r, &AckReply::acknowledged, ns, [&answered] { ++answered; });
    }
    QCOMPARE(replies(), n);
    QTRY_COMPARE_WITH_TIMEOUT(answered, n, 20000);
    runDeferredDeletes();
    QCOMPARE(replies(), 0);
    QVERIFY(ns->findChildren<QTimer *>().size() <= 1);

    // The callback forms create no object at all.
    int called = 0;
    for (int i = 0; i < 100; ++i) {
        QVERIFY(ns->emitEvent(u"ack-me"_s, {i}, [&called](const QVariantList &) { ++called; }));
        QVERIFY(ns->timeout(5s).emitEvent(u"ack-me"_s, {i}, [&called](AckReply::Error, const QVariantList &) { ++called; }));
    }
    QCOMPARE(replies(), 0);
    QTRY_COMPARE(called, 200);
}

void tst_Traps::moveToThreadWhileDisconnected()
{
    // A connection built in one thread and moved, while disconnected, to another lives there:
    // its timers, engine, namespaces and replies included, and every callback comes there. A timer
    // left behind would warn "Timers cannot be started from another thread".
    QTest::failOnWarning(QRegularExpression(u"thread"_s, QRegularExpression::CaseInsensitiveOption));
    auto *io = new SocketIO(m_server.url());
    Namespace *ns = io->socket();
    QThread worker;
    worker.start();
    io->moveToThread(&worker);
    QCOMPARE(ns->thread(), &worker);

    QThread *connectedIn = nullptr;
    QThread *answeredIn = nullptr;
    QVariantList answer;
    QAtomicInt done = 0;
    QObject::connect(ns, &Namespace::connected, ns, [&, ns] {
        connectedIn = QThread::currentThread();
        ns->setAckTimeout(10s);
        AckReply *reply = ns->emitWithAck(u"ack-me"_s, QVariantList{u"there"_s});
        QObject::connect(reply, &AckReply::finished, ns, [&, reply] {
            answeredIn = QThread::currentThread();
            answer = reply->arguments();
            done.storeRelease(1);
        });
    });
    QMetaObject::invokeMethod(io, &SocketIO::open, Qt::QueuedConnection);
    QTRY_VERIFY_WITH_TIMEOUT(done.loadAcquire() == 1, 10000);
    QCOMPARE(connectedIn, &worker);
    QCOMPARE(answeredIn, &worker);
    QCOMPARE(answer, QVariantList{u"there"_s});

    QAtomicInt destroyed = 0;
    QObject::connect(io, &QObject::destroyed, [&destroyed] { destroyed.storeRelease(1); });
    io->deleteLater(); // in the worker, its thread
    QTRY_VERIFY(destroyed.loadAcquire() == 1);
    worker.quit();
    QVERIFY(worker.wait(5000));
}

void tst_Traps::typedHandlerMismatchIsCompileError()
{
    // The failing half is the ctest tst_traps_typedHandlerMismatchIsCompileError (a typed
    // handler with a QObject * or a plain struct parameter does not compile); here, what the
    // check lets through and what it stops.
    using Conversion::detail::isConvertibleParameter;
    static_assert(isConvertibleParameter<const QString &>());
    static_assert(isConvertibleParameter<int>() && isConvertibleParameter<double>() && isConvertibleParameter<bool>());
    static_assert(isConvertibleParameter<QByteArray>() && isConvertibleParameter<QVariant>());
    static_assert(isConvertibleParameter<QVariantMap>() && isConvertibleParameter<QVariantList>());
    static_assert(isConvertibleParameter<QJsonObject>() && isConvertibleParameter<QStringList>());
    static_assert(isConvertibleParameter<TrapGadget>() && isConvertibleParameter<TrapColor>());
    static_assert(isConvertibleParameter<QList<TrapGadget>>() && isConvertibleParameter<std::optional<int>>());
    static_assert(isConvertibleParameter<QMap<QString, std::vector<int>>>());
    static_assert(isConvertibleParameter<QUrl>() && isConvertibleParameter<QDateTime>());
    static_assert(!isConvertibleParameter<QObject *>());
    static_assert(!isConvertibleParameter<PlainStruct>());
    static_assert(!isConvertibleParameter<const PlainStruct &>());
    static_assert(!isConvertibleParameter<QList<PlainStruct>>());
    static_assert(!isConvertibleParameter<std::optional<QObject *>>());
    static_assert(!isConvertibleParameter<const char *>());

    // And the handlers that compile still run (a typed gadget parameter, an enum).
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    QVERIFY(connectRoot(io, ns));
    int x = -1;
    TrapColor color = TrapColor::Red;
    ns->on(u"echo"_s, [&](const TrapGadget &g, TrapColor c) { x = g.x; color = c; });
    ns->emitEvent(u"echo"_s, QVariantMap{{u"x"_s, 7}}, 1);
    QTRY_COMPARE(x, 7);
    QCOMPARE(color, TrapColor::Green);
}

QTEST_MAIN(tst_Traps)
#include "tst_traps.moc"
