// ObjectBinding: events onto a QObject's own slots and signals, against the real socket.io
// server of tests/server ("echo" sends its arguments back as "echo", "ack-me" acknowledges
// them, "ask" {event, args} makes the server emit event with an ack request and report the
// answer as "answer").
#include "testserver.h"
#include "testtypes.h"

#include <SocketIOQt/objectbinding.h>
#include <SocketIOQt/socketio.h>
#include <SocketIOQt/typedevents.h>

#include <QtTest>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

// The application's protocol as a plain QObject.
class Protocol : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("socketio.event.sendEcho", "echo")
    Q_CLASSINFO("socketio.event.received", "renamed event")
    Q_PROPERTY(int counter READ counter NOTIFY counterChanged)
public:
    int counter() const { return int(calls.size()); }
    QStringList calls;
    QVariantList lastArgs;

Q_SIGNALS:
    void sendEcho(const QString &text, int n);       // "echo" (Q_CLASSINFO)
    void ackMe(const QString &text, int n);          // "ack-me" with KebabNames; answer: ackMeReply
    void chatMessage(const QString &text);           // "chatMessage" by default
    void sendPoint(const Point &point);              // gadget as an object
    void counterChanged();                           // NOTIFY: not bound

public Q_SLOTS:
    void echo(const QString &text, int n)
    {
        calls << u"echo(%1,%2)"_s.arg(text).arg(n);
    }
    void echo(const QString &text) { calls << u"echo(%1)"_s.arg(text); }
    void ackMeReply(const QString &text, int n) { calls << u"ackMeReply(%1,%2)"_s.arg(text).arg(n); }
    int userJoined(const QString &user) // "user joined", "user-joined", "user_joined", "userJoined"
    {
        calls << u"userJoined(%1)"_s.arg(user);
        return int(user.size());
    }
    void withAck(int n, const AckHandle &ack)
    {
        calls << u"withAck(%1)"_s.arg(n);
        ack.send({n + 1, u"done"_s});
    }
    void point(const Point &p) { calls << u"point(%1,%2,%3)"_s.arg(p.x).arg(p.y).arg(p.label); }
    void received(const QVariantList &list) { calls << u"received"_s; lastArgs = list; }
    Q_INVOKABLE QVariantMap invokable(const QVariantMap &in)
    {
        calls << u"invokable"_s;
        QVariantMap out = in;
        out.insert(u"seen"_s, true);
        return out;
    }

protected Q_SLOTS:
    void hidden() { calls << u"hidden"_s; } // not public: never called
};

class DerivedProtocol : public Protocol
{
    Q_OBJECT
public Q_SLOTS:
    void extra(int n) { calls << u"extra(%1)"_s.arg(n); }
};

class tst_Binding : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();

    void boundMethods();
    void incomingByName_data();
    void incomingByName();
    void overloadsByArguments();
    void returnValueAndAckHandle();
    void mismatchWarns();
    void nonPublicAndUnknownIgnored();
    void outgoingSignals();
    void outgoingWithReply();
    void namingStyles();
    void explicitNames();
    void baseClassMethods();
    void deletingUnbinds();

private:
    bool connectNs(SocketIO &io, Namespace *ns);
    // Makes the server emit `event` with `args` and an ack request; returns the client's answer.
    QVariantList ask(Namespace *ns, const QString &event, const QVariantList &args);
    TestServer m_server;
};

bool tst_Binding::connectNs(SocketIO &io, Namespace *ns)
{
    if (ns->isConnected())
        return true;
    QSignalSpy spy(ns, &Namespace::connected);
    io.open();
    return spy.wait(10000) || ns->isConnected();
}

QVariantList tst_Binding::ask(Namespace *ns, const QString &event, const QVariantList &args)
{
    QVariantList answer;
    bool answered = false;
    bool synced = false;
    const auto id = ns->on(u"answer"_s, [&](const QVariantList &reply) {
        answer = reply.value(0).toList();
        answered = true;
    });
    ns->emitEvent(u"ask"_s, QVariantMap{{u"event"_s, event}, {u"args"_s, args}});
    // The server handles packets in order: once "ack-me" is answered, our handlers have seen
    // the event and sent their ack, if any; its "answer" follows at once.
    ns->emitEvent(u"ack-me"_s, QVariantList(), [&](const QVariantList &) { synced = true; });
    if (!QTest::qWaitFor([&] { return synced; }, 5000))
        qWarning("no answer to ack-me");
    if (!QTest::qWaitFor([&] { return answered; }, 300))
        answer.clear();
    ns->off(id);
    return answer;
}

void tst_Binding::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
}

void tst_Binding::boundMethods()
{
    SocketIO io;
    Protocol p;
    auto *binding = ObjectBinding::bind(io.socket(), &p);
    QCOMPARE(binding->parent(), &p);
    QCOMPARE(binding->socket(), io.socket());
    QCOMPARE(binding->outgoingSignals(),
             QStringList({u"sendEcho(QString,int)"_s, u"ackMe(QString,int)"_s, u"chatMessage(QString)"_s,
                          u"sendPoint(Point)"_s}));
    const QStringList incoming = binding->incomingMethods();
    QVERIFY(incoming.contains(u"echo(QString,int)"_s));
    QVERIFY(incoming.contains(u"invokable(QVariantMap)"_s));
    QVERIFY(!incoming.contains(u"ackMeReply(QString,int)"_s)); // a reply slot
    QVERIFY(!incoming.contains(u"hidden()"_s));
    QVERIFY(!incoming.contains(u"deleteLater()"_s));
}

void tst_Binding::incomingByName_data()
{
    QTest::addColumn<QString>("event");
    QTest::addColumn<QVariantList>("args");
    QTest::addColumn<QString>("call");
    QTest::newRow("exact") << u"userJoined"_s << QVariantList{u"ann"_s} << u"userJoined(ann)"_s;
    QTest::newRow("spaces") << u"user joined"_s << QVariantList{u"bob"_s} << u"userJoined(bob)"_s;
    QTest::newRow("kebab") << u"user-joined"_s << QVariantList{u"cy"_s} << u"userJoined(cy)"_s;
    QTest::newRow("snake") << u"user_joined"_s << QVariantList{u"di"_s} << u"userJoined(di)"_s;
    QTest::newRow("capitalised words") << u"User Joined"_s << QVariantList{u"ed"_s} << u"userJoined(ed)"_s;
    QTest::newRow("gadget") << u"point"_s << QVariantList{QVariantMap{{u"x"_s, 1}, {u"y"_s, 2}, {u"label"_s, u"p"_s}}}
                            << u"point(1,2,p)"_s;
    QTest::newRow("Q_CLASSINFO") << u"renamed event"_s << QVariantList{QVariant(QVariantList{1})} << u"received"_s;
}

void tst_Binding::incomingByName()
{
    QFETCH(QString, event);
    QFETCH(QVariantList, args);
    QFETCH(QString, call);
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    Protocol p;
    ObjectBinding::bind(ns, &p);
    QVERIFY(connectNs(io, ns));
    ask(ns, event, args);
    QCOMPARE(p.calls, QStringList({call}));
}

void tst_Binding::overloadsByArguments()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    Protocol p;
    ObjectBinding::bind(ns, &p, ObjectBinding::Incoming);
    QVERIFY(connectNs(io, ns));
    ask(ns, u"echo"_s, {u"a"_s, 1});
    ask(ns, u"echo"_s, {u"b"_s});
    ask(ns, u"echo"_s, {u"c"_s, u"not a number"_s}); // the one-argument overload takes it
    QCOMPARE(p.calls, QStringList({u"echo(a,1)"_s, u"echo(b)"_s, u"echo(c)"_s}));
}

void tst_Binding::returnValueAndAckHandle()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    Protocol p;
    ObjectBinding::bind(ns, &p);
    QVERIFY(connectNs(io, ns));
    QCOMPARE(ask(ns, u"user joined"_s, {u"alice"_s}), QVariantList{5});
    QCOMPARE(ask(ns, u"withAck"_s, {41}), QVariantList({42, u"done"_s}));
    QCOMPARE(ask(ns, u"invokable"_s, {QVariantMap{{u"k"_s, 1}}}),
             QVariantList({QVariantMap{{u"k"_s, 1}, {u"seen"_s, true}}}));
    QCOMPARE(p.calls, QStringList({u"userJoined(alice)"_s, u"withAck(41)"_s, u"invokable"_s}));
}

void tst_Binding::mismatchWarns()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    Protocol p;
    ObjectBinding::bind(ns, &p);
    QVERIFY(connectNs(io, ns));
    QTest::ignoreMessage(QtWarningMsg,
                         "slot Protocol::userJoined(QString) for event \"user joined\" not called: argument index 0: "
                         "expected a string, got a number (3)");
    ask(ns, u"user joined"_s, {3});
    QTest::ignoreMessage(QtWarningMsg,
                         "slot Protocol::withAck(int,AckHandle) for event \"withAck\" not called: argument index 0: "
                         "missing (the event has 0 arguments)");
    ask(ns, u"withAck"_s, {});
    QTest::ignoreMessage(QtWarningMsg,
                         "slot Protocol::point(Point) for event \"point\" not called: argument index 0: "
                         ".x: expected an integer (int), got a boolean (true)");
    ask(ns, u"point"_s, {QVariantMap{{u"x"_s, true}}});
    QVERIFY(p.calls.isEmpty());
}

void tst_Binding::nonPublicAndUnknownIgnored()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    Protocol p;
    ObjectBinding::bind(ns, &p);
    QVERIFY(connectNs(io, ns));
    ask(ns, u"hidden"_s, {});
    ask(ns, u"deleteLater"_s, {});
    ask(ns, u"no such slot"_s, {1});
    ask(ns, u"ackMeReply"_s, {u"x"_s, 1}); // reply slots answer acks only
    QVERIFY(p.calls.isEmpty());
}

void tst_Binding::outgoingSignals()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    Protocol p;
    ObjectBinding::bind(ns, &p);
    QStringList sent;
    QList<QVariantList> sentArgs;
    ns->onAnyOutgoing([&](const QString &event, const QVariantList &args) {
        sent << event;
        sentArgs << args;
    });
    QVERIFY(connectNs(io, ns));
    // "echo" comes back and calls the slot echo(QString,int): a full round trip.
    Q_EMIT p.sendEcho(u"round ✓"_s, 3);
    QTRY_COMPARE(p.calls, QStringList({u"echo(round ✓,3)"_s}));
    Q_EMIT p.chatMessage(u"hi"_s);
    Q_EMIT p.sendPoint(Point{1, 2, u"p"_s});
    Q_EMIT p.counterChanged();
    QCOMPARE(sent, QStringList({u"echo"_s, u"chatMessage"_s, u"sendPoint"_s}));
    QCOMPARE(sentArgs.at(0), QVariantList({u"round ✓"_s, 3}));
    QCOMPARE(sentArgs.at(2), QVariantList({QVariantMap{{u"x"_s, 1}, {u"y"_s, 2}, {u"label"_s, u"p"_s}}}));
}

void tst_Binding::outgoingWithReply()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    Protocol p;
    auto *binding = ObjectBinding::bind(ns, &p, ObjectBinding::Outgoing);
    binding->setOutgoingNames(ObjectBinding::KebabNames);
    QCOMPARE(binding->eventName("ackMe"), u"ack-me"_s);
    QVERIFY(connectNs(io, ns));
    Q_EMIT p.ackMe(u"x"_s, 7);
    QTRY_COMPARE(p.calls, QStringList({u"ackMeReply(x,7)"_s}));
    // Outgoing only: the echo does not come back into the slots.
    Q_EMIT p.sendEcho(u"y"_s, 1);
    QTest::qWait(200);
    QCOMPARE(p.calls.size(), 1);
}

void tst_Binding::namingStyles()
{
    SocketIO io;
    Protocol p;
    auto *binding = ObjectBinding::bind(io.socket(), &p);
    QSignalSpy changed(binding, &ObjectBinding::outgoingNamesChanged);
    QCOMPARE(binding->eventName("chatMessage"), u"chatMessage"_s);
    binding->setOutgoingNames(ObjectBinding::SpacedNames);
    QCOMPARE(binding->eventName("chatMessage"), u"chat message"_s);
    QCOMPARE(binding->eventName("sendHTTPData"), u"send http data"_s);
    binding->setOutgoingNames(ObjectBinding::SnakeNames);
    QCOMPARE(binding->eventName("chatMessage"), u"chat_message"_s);
    binding->setOutgoingNames(ObjectBinding::KebabNames);
    QCOMPARE(binding->eventName("chatMessage"), u"chat-message"_s);
    QCOMPARE(binding->eventName("sendEcho"), u"echo"_s); // Q_CLASSINFO wins
    QCOMPARE(changed.size(), 3);
}

void tst_Binding::explicitNames()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    Protocol p;
    auto *binding = ObjectBinding::bind(ns, &p);
    binding->setEventName("chatMessage", u"echo"_s); // the signal now sends "echo"
    binding->setEventName("userJoined", u"somebody came"_s);
    QVERIFY(connectNs(io, ns));
    Q_EMIT p.chatMessage(u"via echo"_s);
    QTRY_COMPARE(p.calls, QStringList({u"echo(via echo)"_s}));
    QCOMPARE(ask(ns, u"somebody came"_s, {u"zoe"_s}), QVariantList{3});
    // The automatic names of a method mapped to another event no longer reach it.
    ask(ns, u"user joined"_s, {u"x"_s});
    QCOMPARE(p.calls, QStringList({u"echo(via echo)"_s, u"userJoined(zoe)"_s}));
}

void tst_Binding::baseClassMethods()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    DerivedProtocol own;
    DerivedProtocol all;
    auto *ownBinding = ObjectBinding::bind(ns, &own);
    auto *allBinding = ObjectBinding::bind(ns, &all, ObjectBinding::Both, &QObject::staticMetaObject);
    QCOMPARE(ownBinding->incomingMethods(), QStringList({u"extra(int)"_s}));
    QVERIFY(ownBinding->outgoingSignals().isEmpty());
    QVERIFY(allBinding->incomingMethods().contains(u"userJoined(QString)"_s));
    QVERIFY(connectNs(io, ns));
    ask(ns, u"extra"_s, {1});
    ask(ns, u"userJoined"_s, {u"u"_s});
    QCOMPARE(own.calls, QStringList({u"extra(1)"_s}));
    QCOMPARE(all.calls, QStringList({u"extra(1)"_s, u"userJoined(u)"_s}));
}

void tst_Binding::deletingUnbinds()
{
    SocketIO io(m_server.url());
    Namespace *ns = io.socket();
    Protocol p;
    auto *binding = ObjectBinding::bind(ns, &p);
    QStringList sent;
    ns->onAnyOutgoing([&](const QString &event, const QVariantList &) { sent << event; });
    QVERIFY(connectNs(io, ns));
    delete binding;
    Q_EMIT p.chatMessage(u"x"_s);
    ask(ns, u"userJoined"_s, {u"u"_s});
    QCOMPARE(sent, QStringList({u"ask"_s, u"ack-me"_s}));
    QVERIFY(p.calls.isEmpty());
    // And an object deleted before its namespace takes its binding along.
    auto *q = new Protocol;
    ObjectBinding::bind(ns, q);
    delete q;
    ask(ns, u"userJoined"_s, {u"u"_s});
}

QTEST_GUILESS_MAIN(tst_Binding)
#include "tst_binding.moc"
