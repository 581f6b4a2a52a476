// The QML module "SocketIO" (import SocketIO) against two real socket.io 4 servers of
// tests/server, driven from C++: each test creates QML from inline text with the build tree's
// module and runs JavaScript in the objects' context.
//
// Server events used: "echo" (emits "echo" back with the same arguments, or acks them),
// "ack-me" (acks its arguments), "ask" {event, args} (emits event with args and an ack request;
// the answer comes back as "answer"), "binary", "types", "whoami" (acks the handshake details).
#include "tst_qml.h"

#include <QtTest>

#include <QQmlComponent>
#include <QQmlContext>
#include <QQmlEngine>
#include <QQmlExpression>
#include <QQmlProperty>

#include <SocketIOQt/namespace.h>
#include <SocketIOQt/socketio.h>


using namespace Qt::StringLiterals;


// A client and a namespace on it; `done`, `result` and `error` collect asynchronous results.
static const QString kPair = uR"-(
QtObject {
    id: root
    property var done: false
    property var result
    property var error
    property var log: []
    property SocketIOClient client: SocketIOClient { url: serverUrl }
    property SocketIONamespace ns: SocketIONamespace { client: root.client }
    function settle(promise) {
        done = false
        promise.then(v => { result = v; done = true }, e => { error = e; done = true })
    }
}
)-"_s;

void tst_Qml::initTestCase()
{
    QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    QVERIFY2(m_other.start(), qPrintable(m_other.errorString()));
    QVERIFY2(m_msgpack.start(), qPrintable(m_msgpack.errorString()));
    m_engine = new QQmlEngine(this);
    m_engine->addImportPath(QStringLiteral(SOCKETIOQT_QML_IMPORT_PATH));
    m_engine->rootContext()->setContextProperty(u"serverUrl"_s, m_server.url());
    m_engine->rootContext()->setContextProperty(u"otherServerUrl"_s, m_other.url());
    m_engine->rootContext()->setContextProperty(u"msgpackServerUrl"_s, m_msgpack.url());
}

void tst_Qml::cleanup()
{
    for (const auto &o : std::as_const(m_objects))
        delete o;
    m_objects.clear();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
}

void tst_Qml::cleanupTestCase()
{
    // Closed polling transports finish (and delete themselves) when their last request returns:
    // give the last test's ones the time, so that leak checkers see nothing pending at exit.
    QTest::qWait(2000);
}

QObject *tst_Qml::create(const QString &qml)
{
    QQmlComponent component(m_engine);
    component.setData((u"import QtQml\nimport SocketIO\n"_s + qml).toUtf8(),
                      QUrl(u"file:///inline/%1.qml"_s.arg(QString::fromLatin1(QTest::currentTestFunction()))));
    QObject *o = component.create();
    if (!o) {
        qWarning().noquote() << component.errorString();
        return nullptr;
    }
    m_objects.append(o);
    return o;
}

QVariant tst_Qml::js(QObject *o, const QString &code)
{
    QQmlExpression expression(qmlContext(o), o, code);
    const QVariant v = expression.evaluate();
    if (expression.hasError())
        qWarning().noquote() << "JavaScript error:" << expression.error().toString() << "in" << code;
    const QJSValue value = v.value<QJSValue>();
    return v.metaType() == QMetaType::fromType<QJSValue>() ? value.toVariant() : v;
}


#define TRY_JS(o, code) QTRY_VERIFY2_WITH_TIMEOUT(js(o, code).toBool(), qPrintable(code), 10000)

void tst_Qml::connectsWithProperties()
{
    QObject *o = create(kPair);
    QVERIFY(o);
    TRY_JS(o, u"ns.connected"_s);
    QVERIFY(js(o, u"ns.id.length > 0"_s).toBool());
    QVERIFY(js(o, u"client.state === SocketIOClient.Connected"_s).toBool());
    QVERIFY(js(o, u"client.connected"_s).toBool());
    // Polling first, then the upgrade to WebSocket (the default transports).
    TRY_JS(o, u"client.transport === 'websocket'"_s);
    QVERIFY(js(o, u"client.negotiatedProtocol === SocketIOClient.Revision5"_s).toBool());
    QVERIFY(js(o, u"client.engineId.length > 0"_s).toBool());
    QCOMPARE(js(o, u"ns.name"_s).toString(), u"/"_s);
    QVERIFY(js(o, u"ns.error === SocketIONamespace.NoError"_s).toBool());
    QVERIFY(!js(o, u"ns.recovered"_s).toBool());
    QCOMPARE(js(o, u"client.path"_s).toString(), u"/socket.io"_s);
    QCOMPARE(js(o, u"client.reconnectionDelay"_s).toInt(), 1000);
}

void tst_Qml::emitWithAckCallback()
{
    QObject *o = create(kPair);
    QVERIFY(o);
    TRY_JS(o, u"ns.connected"_s);
    QVERIFY(js(o, u"ns.emit('ack-me', 1, 'two', { a: [1, null] }, function (a, b, c) { result = [a, b, c]; done = true })"_s).toBool());
    TRY_JS(o, u"done"_s);
    QCOMPARE(json(o, u"result"_s), uR"-([1,"two",{"a":[1,null]}])-"_s);
    // emitEvent() is the same; arrow functions too.
    js(o, u"done = false"_s);
    QVERIFY(js(o, u"ns.emitEvent('ack-me', 'x', reply => { result = reply; done = true })"_s).toBool());
    TRY_JS(o, u"done"_s);
    QCOMPARE(js(o, u"result"_s).toString(), u"x"_s);
    // Nine arguments, the callback included.
    js(o, u"done = false"_s);
    js(o, u"ns.emit('ack-me', 1, 2, 3, 4, 5, 6, 7, 8, function () { result = Array.from(arguments); done = true })"_s);
    TRY_JS(o, u"done"_s);
    QCOMPARE(json(o, u"result"_s), u"[1,2,3,4,5,6,7,8]"_s);
}

void tst_Qml::emitWithAckPromise()
{
    QObject *o = create(kPair);
    QVERIFY(o);
    TRY_JS(o, u"ns.connected"_s);
    js(o, u"settle(ns.emitWithAck('ack-me', 42, 'more'))"_s);
    TRY_JS(o, u"done"_s);
    QCOMPARE(js(o, u"result"_s).toInt(), 42); // the first argument, as the JavaScript client's
    QVERIFY(js(o, u"error === undefined"_s).toBool());

    js(o, u"ns.ackTimeout = 100"_s);
    js(o, u"settle(ns.emitWithAck('never-acknowledged'))"_s);
    TRY_JS(o, u"done"_s);
    QVERIFY(js(o, u"error instanceof Error && error.message.length > 0"_s).toBool());

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"reserved event name"_s));
    js(o, u"error = undefined; settle(ns.emitWithAck('connect'))"_s);
    TRY_JS(o, u"done"_s);
    QVERIFY(js(o, u"error instanceof Error"_s).toBool());
}

// The declarative form: namespace and handlers nested, bindings on arguments.
static const QString kDeclarative = uR"-(
SocketIOClient {
    id: io
    url: serverUrl
    property alias ns: chat
    property string lastEcho: echoEvent.count > 0 ? String(echoEvent.args[0]) : "(none)"
    property var log: []
    SocketIONamespace {
        id: chat
        name: "/chat"
        SocketIOEvent { id: echoEvent; event: "echo" }
        SocketIOEvent {
            id: sumEvent
            event: "sum"
            onReceived: (args, ack) => ack(args[0] + args[1], "sum")
        }
        SocketIOEvent { id: answerEvent; event: "answer" }
        SocketIOEvent { id: typesEvent; event: "types" }
        SocketIOEvent { id: binaryEvent; event: "binary" }
        SocketIOEvent { id: disabledEvent; event: "echo"; enabled: false }
        SocketIOEvent {
            id: external
            socket: chat
            event: "echo"
            onReceived: (args, ack) => io.log = io.log.concat([typeof ack])
        }
    }
}
)-"_s;

void tst_Qml::declarativeEventsAndBindings()
{
    QObject *o = create(kDeclarative);
    QVERIFY(o);
    TRY_JS(o, u"chat.connected"_s);
    QVERIFY(js(o, u"chat.client === io"_s).toBool()); // from its parent
    QVERIFY(js(o, u"echoEvent.socket === chat"_s).toBool());
    QCOMPARE(o->property("lastEcho").toString(), u"(none)"_s);
    js(o, u"chat.emit('echo', 'hi', 2)"_s);
    TRY_JS(o, u"echoEvent.count === 1"_s);
    QCOMPARE(json(o, u"echoEvent.args"_s), uR"-(["hi",2])-"_s);
    QCOMPARE(o->property("lastEcho").toString(), u"hi"_s);
    QCOMPARE(js(o, u"disabledEvent.count"_s).toInt(), 0);
    // Without an ack request, ack is undefined.
    QCOMPARE(json(o, u"log"_s), uR"-(["undefined"])-"_s);
    js(o, u"disabledEvent.enabled = true; chat.emit('echo', 'again')"_s);
    TRY_JS(o, u"disabledEvent.count === 1"_s);
    QCOMPARE(o->property("lastEcho").toString(), u"again"_s);
}

void tst_Qml::ackFromQml()
{
    QObject *o = create(kDeclarative);
    QVERIFY(o);
    TRY_JS(o, u"chat.connected"_s);
    js(o, u"chat.emit('ask', { event: 'sum', args: [2, 3] })"_s);
    TRY_JS(o, u"answerEvent.count === 1"_s);
    QCOMPARE(json(o, u"answerEvent.args[0]"_s), uR"-([5,"sum"])-"_s);
}

void tst_Qml::catchAllInAndOut()
{
    QObject *o = create(kPair);
    QVERIFY(o);
    TRY_JS(o, u"ns.connected"_s);
    js(o, uR"-((function () {
        ns.eventReceived.connect((event, args, ack) => {
            log = log.concat([["in", event, args, typeof ack]])
            if (event === "question") ack("forty-two")
        })
        ns.eventSent.connect((event, args) => { log = log.concat([["out", event, args]]) })
    })())-"_s);
    js(o, u"ns.emit('echo', 'a', { b: 1 })"_s);
    TRY_JS(o, u"log.length === 2"_s);
    QCOMPARE(json(o, u"log"_s), uR"-([["out","echo",["a",{"b":1}]],["in","echo",["a",{"b":1}],"undefined"]])-"_s);
    // A catch-all handler may answer the ack.
    js(o, u"log = []; ns.emit('ask', { event: 'question' })"_s);
    TRY_JS(o, u"log.length === 3"_s);
    QCOMPARE(json(o, u"log"_s), uR"-([["out","ask",[{"event":"question"}]],["in","question",[],"function"],["in","answer",[["forty-two"]],"undefined"]])-"_s);
    // send() is emit("message", ...).
    js(o, u"log = []; ns.send('hello', 1)"_s);
    QCOMPARE(json(o, u"log"_s), uR"-([["out","message",["hello",1]]])-"_s);
}

void tst_Qml::binaryAsArrayBuffer()
{
    QObject *o = create(kDeclarative);
    QVERIFY(o);
    TRY_JS(o, u"chat.connected"_s);
    js(o, uR"-((function () {
        const typed = new Uint8Array([1, 2, 3, 250])
        chat.emit("echo", typed.buffer, { nested: typed.subarray(1, 3), list: [new DataView(typed.buffer, 3, 1)] })
    })())-"_s);
    TRY_JS(o, u"echoEvent.count === 1"_s);
    QVERIFY(js(o, u"echoEvent.args[0] instanceof ArrayBuffer"_s).toBool());
    QCOMPARE(json(o, u"Array.from(new Uint8Array(echoEvent.args[0]))"_s), u"[1,2,3,250]"_s);
    QVERIFY(js(o, u"echoEvent.args[1].nested instanceof ArrayBuffer"_s).toBool());
    QCOMPARE(json(o, u"Array.from(new Uint8Array(echoEvent.args[1].nested))"_s), u"[2,3]"_s);
    QCOMPARE(json(o, u"Array.from(new Uint8Array(echoEvent.args[1].list[0]))"_s), u"[250]"_s);

    // Binary from the server, nested.
    js(o, u"chat.emit('binary')"_s);
    TRY_JS(o, u"binaryEvent.count === 1"_s);
    const auto bytes = [&](const QString &e) { return json(o, u"Array.from(new Uint8Array("_s + e + u"))"_s); };
    QCOMPARE(bytes(u"binaryEvent.args[0].a"_s), u"[1,2,3]"_s);
    QCOMPARE(bytes(u"binaryEvent.args[0].nested.list[0]"_s), u"[4,5]"_s);
    QCOMPARE(js(o, u"binaryEvent.args[0].nested.list[1]"_s).toString(), u"text"_s);
    QCOMPARE(bytes(u"binaryEvent.args[0].nested.list[2].deep"_s), u"[6]"_s);
    QCOMPARE(bytes(u"binaryEvent.args[1]"_s), u"[7,8,9]"_s);

    // An ack callback receives binary too.
    js(o, u"io.log = []; chat.emit('ack-me', new Uint8Array([9, 8]), reply => { io.log = [Array.from(new Uint8Array(reply))] })"_s);
    TRY_JS(o, u"io.log.length === 1"_s);
    QCOMPARE(json(o, u"io.log[0]"_s), u"[9,8]"_s);
}

void tst_Qml::jsonTypes()
{
    QObject *o = create(kDeclarative);
    QVERIFY(o);
    TRY_JS(o, u"chat.connected"_s);
    js(o, u"chat.emit('types')"_s);
    TRY_JS(o, u"typesEvent.count === 1"_s);
    QCOMPARE(json(o, u"typesEvent.args"_s),
             json(o, uR"-(['str', 42, -1.5, true, false, null, { obj: { x: [1, 'two', null] } }, [1, 2, 3],
                         'üñíçødé ✓ 😀', '', 9007199254740991, 1e21])-"_s));
    // And back through the server unchanged (undefined members are left out, as in JSON).
    js(o, uR"-(chat.emit('echo', 'üñíçødé ✓ 😀', -1.5, 9007199254740991, null, { u: undefined, n: null }, [undefined]))-"_s);
    TRY_JS(o, u"echoEvent.count === 1"_s);
    QCOMPARE(json(o, u"echoEvent.args"_s), uR"-(["üñíçødé ✓ 😀",-1.5,9007199254740991,null,{"n":null},[null]])-"_s);
}

void tst_Qml::namespaceAuthBinding()
{
    QObject *o = create(uR"-(
QtObject {
    id: root
    property string token: "wrong"
    property var done: false
    property var result
    property var refusals: []
    property var reasons: []
    property SocketIOClient client: SocketIOClient { url: serverUrl }
    property SocketIONamespace ns: SocketIONamespace {
        client: root.client
        name: "/admin"
        auth: ({ token: root.token })
        onConnectError: (message, data) => root.refusals = root.refusals.concat([[message, data.code]])
        onDisconnected: reason => root.reasons = root.reasons.concat([reason])
    }
    function whoami() { done = false; ns.emitWithAck("whoami").then(v => { result = v; done = true }) }
}
)-"_s);
    QVERIFY(o);
    TRY_JS(o, u"refusals.length === 1"_s);
    QCOMPARE(json(o, u"refusals[0]"_s), uR"-(["not authorized",401])-"_s);
    QVERIFY(js(o, u"ns.error === SocketIONamespace.ConnectError"_s).toBool());
    QCOMPARE(js(o, u"ns.errorString"_s).toString(), u"not authorized"_s);
    QVERIFY(!js(o, u"ns.connected"_s).toBool());

    // The binding changes: the namespace tries again with the new credentials.
    js(o, u"token = 'secret'"_s);
    TRY_JS(o, u"ns.connected"_s);
    QVERIFY(js(o, u"ns.error === SocketIONamespace.NoError"_s).toBool());
    js(o, u"whoami()"_s);
    TRY_JS(o, u"done"_s);
    QCOMPARE(js(o, u"result.auth.token"_s).toString(), u"secret"_s);
    QCOMPARE(js(o, u"result.nsp"_s).toString(), u"/admin"_s);

    // Changing it while connected rejoins with the new value.
    js(o, u"ns.auth = { token: 'secret', extra: 1 }"_s);
    TRY_JS(o, u"reasons.length === 1"_s);
    QCOMPARE(json(o, u"reasons"_s), uR"-(["io client disconnect"])-"_s);
    TRY_JS(o, u"ns.connected"_s);
    js(o, u"whoami()"_s);
    TRY_JS(o, u"done"_s);
    QCOMPARE(js(o, u"result.auth.extra"_s).toInt(), 1);
}

void tst_Qml::clientAuthAndQueryReconnectOnce()
{
    QObject *o = create(uR"-(
QtObject {
    id: root
    property var done: false
    property var result
    property int opened: 0
    property var closed: []
    property SocketIOClient client: SocketIOClient {
        url: serverUrl
        auth: ({ token: "a" })
        onOpened: root.opened++
        onClosed: reason => root.closed = root.closed.concat([reason])
    }
    property SocketIONamespace ns: SocketIONamespace { client: root.client }
    function whoami() { done = false; ns.emitWithAck("whoami").then(v => { result = v; done = true }) }
}
)-"_s);
    QVERIFY(o);
    TRY_JS(o, u"ns.connected"_s);
    js(o, u"whoami()"_s);
    TRY_JS(o, u"done"_s);
    QCOMPARE(js(o, u"result.auth.token"_s).toString(), u"a"_s);
    QCOMPARE(o->property("opened").toInt(), 1);
    // Two changes in one go: one reconnection.
    js(o, u"client.auth = { token: 'b' }; client.query = { room: '42' }"_s);
    TRY_JS(o, u"opened === 2"_s);
    TRY_JS(o, u"ns.connected"_s);
    QCOMPARE(json(o, u"closed"_s), uR"-(["io client disconnect"])-"_s);
    js(o, u"whoami()"_s);
    TRY_JS(o, u"done"_s);
    QCOMPARE(js(o, u"result.auth.token"_s).toString(), u"b"_s);
    QCOMPARE(js(o, u"result.query.room"_s).toString(), u"42"_s);
    QTest::qWait(100);
    QCOMPARE(o->property("opened").toInt(), 2);
}

void tst_Qml::urlChangeReconnects()
{
    QObject *o = create(kPair);
    QVERIFY(o);
    TRY_JS(o, u"ns.connected"_s);
    js(o, u"settle(ns.emitWithAck('whoami'))"_s);
    TRY_JS(o, u"done"_s);
    QCOMPARE(u"http://"_s + js(o, u"result.headers.host"_s).toString(), m_server.url().toString());
    js(o, u"client.url = otherServerUrl"_s);
    TRY_JS(o, u"!ns.connected"_s);
    TRY_JS(o, u"ns.connected"_s);
    js(o, u"settle(ns.emitWithAck('whoami'))"_s);
    TRY_JS(o, u"done"_s);
    QCOMPARE(u"http://"_s + js(o, u"result.headers.host"_s).toString(), m_other.url().toString());
}

void tst_Qml::activeToggles()
{
    QObject *o = create(kPair);
    QVERIFY(o);
    TRY_JS(o, u"ns.connected"_s);
    js(o, u"ns.active = false"_s);
    QVERIFY(!js(o, u"ns.connected"_s).toBool());
    // The connection closes with its last namespace, as in the JavaScript client.
    TRY_JS(o, u"client.state === SocketIOClient.Disconnected"_s);
    js(o, u"ns.active = true"_s);
    TRY_JS(o, u"ns.connected"_s);
    js(o, u"client.active = false"_s);
    QVERIFY(js(o, u"client.state === SocketIOClient.Disconnected"_s).toBool());
    QVERIFY(!js(o, u"ns.connected"_s).toBool());
    js(o, u"client.open()"_s);
    QVERIFY(js(o, u"client.active"_s).toBool());
    TRY_JS(o, u"ns.connected"_s);
    js(o, u"ns.close()"_s);
    QVERIFY(!js(o, u"ns.active"_s).toBool());
    QVERIFY(!js(o, u"ns.connected"_s).toBool());
}

void tst_Qml::nameChange()
{
    QObject *o = create(kPair);
    QVERIFY(o);
    TRY_JS(o, u"ns.connected"_s);
    js(o, u"settle(ns.emitWithAck('whoami'))"_s);
    TRY_JS(o, u"done"_s);
    QCOMPARE(js(o, u"result.nsp"_s).toString(), u"/"_s);
    js(o, u"ns.name = '/chat'"_s);
    TRY_JS(o, u"ns.connected"_s);
    js(o, u"settle(ns.emitWithAck('whoami'))"_s);
    TRY_JS(o, u"done"_s);
    QCOMPARE(js(o, u"result.nsp"_s).toString(), u"/chat"_s);
}

void tst_Qml::inactiveClientWaits()
{
    QObject *o = create(uR"-(
QtObject {
    id: root
    property bool acked: false
    property SocketIOClient client: SocketIOClient { url: serverUrl; active: false }
    property SocketIONamespace ns: SocketIONamespace { client: root.client; name: "/chat" }
}
)-"_s);
    QVERIFY(o);
    QTest::qWait(qEnvironmentVariableIntValue("TST_QML_CLEANUP_WAIT") > 0 ? qEnvironmentVariableIntValue("TST_QML_CLEANUP_WAIT") : 200);
    QVERIFY(!js(o, u"ns.connected"_s).toBool());
    QVERIFY(js(o, u"client.state === SocketIOClient.Disconnected"_s).toBool());
    // Emits wait in the send buffer.
    QVERIFY(js(o, u"ns.emit('ack-me', 1, () => { acked = true })"_s).toBool());
    js(o, u"client.active = true"_s);
    TRY_JS(o, u"ns.connected"_s);
    TRY_JS(o, u"acked"_s);
}

void tst_Qml::errors()
{
    QObject *lonely = create(uR"-(SocketIONamespace { })-"_s);
    QVERIFY(lonely);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"cannot emit \"x\": no client, or not active"_s));
    QVERIFY(!js(lonely, u"emit('x')"_s).toBool());

    QObject *o = create(kPair);
    QVERIFY(o);
    TRY_JS(o, u"ns.connected"_s);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"reserved event name"_s));
    QVERIFY(!js(o, u"ns.emit('disconnect')"_s).toBool());
    QVERIFY(js(o, u"ns.error === SocketIONamespace.ReservedEventError"_s).toBool());

    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"Invalid URL"_s));
    QObject *bad = create(uR"-(SocketIOClient {
    url: "ftp://nowhere"
    property int errorChanges: 0
    onErrorChanged: errorChanges++   // SocketIO's notify signal is errorOccurred
})-"_s);
    QVERIFY(bad);
    QTRY_VERIFY(js(bad, u"error === SocketIOClient.InvalidUrlError"_s).toBool());
    QVERIFY(js(bad, u"errorChanges > 0"_s).toBool());
    QVERIFY(js(bad, u"errorString.length > 0"_s).toBool());

    // A callback that throws is reported, not fatal.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"ack callback threw: Error: boom"_s));
    js(o, u"done = false; ns.emit('ack-me', 1, () => { done = true; throw new Error('boom') })"_s);
    TRY_JS(o, u"done"_s);
}

void tst_Qml::clientSignals()
{
    TestServer server({u"--ping-interval"_s, u"100"_s});
    QVERIFY2(server.start(), qPrintable(server.errorString()));
    m_engine->rootContext()->setContextProperty(u"pingServerUrl"_s, server.url());
    QObject *o = create(uR"-(
QtObject {
    id: root
    property var events: []
    function note(e) { events = events.concat([e]) }
    property SocketIOClient client: SocketIOClient {
        url: pingServerUrl
        reconnectionDelay: 50
        reconnectionDelayMax: 100
        onOpened: root.note("open")
        onPingReceived: if (root.events.indexOf("ping") < 0) root.note("ping")
        onClosed: reason => root.note("close:" + reason)
        onReconnectAttempt: n => root.note("attempt:" + n)
        onReconnected: n => root.note("reconnect:" + n)
    }
    property SocketIONamespace ns: SocketIONamespace { client: root.client }
}
)-"_s);
    QVERIFY(o);
    TRY_JS(o, u"events.indexOf('ping') >= 0"_s);
    js(o, u"ns.emit('close-engine')"_s);
    TRY_JS(o, u"events.indexOf('reconnect:1') >= 0"_s);
    QCOMPARE(json(o, u"events"_s), uR"-(["open","ping","close:transport close","attempt:1","open","reconnect:1"])-"_s);
}

void tst_Qml::emitAnyNumberOfArguments_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<bool>("callback");
    for (int n : {0, 1, 5, 12}) {
        QTest::addRow("%d arguments", n) << n << false;
        QTest::addRow("%d arguments and an ack callback", n) << n << true;
    }
}

// emit() takes any number of arguments, a function last being the ack callback; so do
// emitEvent(), send() and emitWithAck().
void tst_Qml::emitAnyNumberOfArguments()
{
    QFETCH(int, count);
    QFETCH(bool, callback);
    QStringList values;
    for (int i = 0; i < count; ++i) {
        switch (i % 4) {
        case 0: values << QString::number(i); break;
        case 1: values << u"'s%1'"_s.arg(i); break;
        case 2: values << u"{ list: [%1, null], n: %1 }"_s.arg(i); break;
        case 3: values << u"new Uint8Array([%1, 255])"_s.arg(i); break;
        }
    }
    const QString list = values.join(u", "_s);
    const QString comma = count > 0 ? u", "_s : QString();
    // Binary comes back as ArrayBuffer: compare its bytes.
    const QString normalize = u"(a => JSON.stringify(Array.from(a).map(v => v instanceof ArrayBuffer || ArrayBuffer.isView(v) ? Array.from(new Uint8Array(v.buffer || v)) : v)))"_s;
    QObject *o = create(kDeclarative);
    QVERIFY(o);
    TRY_JS(o, u"chat.connected"_s);
    const QString expected = js(o, normalize + u"(["_s + list + u"])"_s).toString();

    if (callback) {
        QVERIFY(js(o, u"chat.emit('ack-me'"_s + comma + list + u", function () { io.log = [Array.from(arguments)] })"_s).toBool());
        TRY_JS(o, u"io.log.length === 1"_s);
        QCOMPARE(js(o, normalize + u"(io.log[0])"_s).toString(), expected);
        js(o, u"io.log = []"_s);
        QVERIFY(js(o, u"chat.emitEvent('ack-me'"_s + comma + list + u", (...reply) => { io.log = [reply] })"_s).toBool());
        TRY_JS(o, u"io.log.length === 1"_s);
        QCOMPARE(js(o, normalize + u"(io.log[0])"_s).toString(), expected);
    } else {
        QVERIFY(js(o, u"chat.emit('echo'"_s + comma + list + u")"_s).toBool());
        TRY_JS(o, u"echoEvent.count === 1"_s);
        QCOMPARE(js(o, normalize + u"(echoEvent.args)"_s).toString(), expected);
        QVERIFY(js(o, u"chat.emitEvent('echo'"_s + comma + list + u")"_s).toBool());
        TRY_JS(o, u"echoEvent.count === 2"_s);
        QCOMPARE(js(o, normalize + u"(echoEvent.args)"_s).toString(), expected);
    }
    // send() is emit("message", ...): what it sent, seen by the outgoing catch-all.
    js(o, u"io.log = []; chat.eventSent.connect((event, args) => { if (event === 'message') io.log = io.log.concat([[event, args]]) })"_s);
    QVERIFY(js(o, u"chat.send("_s + list + (callback ? comma + u"() => {}"_s : QString()) + u")"_s).toBool());
    QCOMPARE(js(o, u"io.log[0][0]"_s).toString(), u"message"_s);
    QCOMPARE(js(o, normalize + u"(io.log[0][1])"_s).toString(), expected);
    // emitWithAck(): a Promise of the first argument of the answer.
    js(o, u"io.log = []; chat.emitWithAck('ack-me'"_s + comma + list + u").then(v => { io.log = [[v]] }, e => { io.log = [['error', e.message]] })"_s);
    TRY_JS(o, u"io.log.length === 1"_s);
    QCOMPARE(js(o, normalize + u"(io.log[0])"_s).toString(),
             count > 0 ? js(o, normalize + u"([["_s + list + u"][0]])"_s).toString() : u"[null]"_s);
}

// A change made on the C++ objects (SocketIO, Namespace) reaches QML bindings: the QML
// properties are theirs.
void tst_Qml::cppChangesNotifyBindings()
{
    QObject *o = create(uR"-(
QtObject {
    id: root
    property SocketIOClient client: SocketIOClient { url: serverUrl }
    property SocketIONamespace ns: SocketIONamespace { client: root.client }
    property int state: client.state
    property bool clientConnected: client.connected
    property int delay: client.reconnectionDelay
    property int sendBufferLimit: client.sendBufferLimit
    property bool connected: ns.connected
    property string nsId: ns.id
    property int ackTimeout: ns.ackTimeout
    property int retries: ns.retries
    property string token: ns.auth.token || ""
    property int ackTimeoutChanges: 0
    property var states: []
    property Connections watch: Connections {
        target: root.ns
        function onAckTimeoutChanged() { root.ackTimeoutChanges++ }
    }
    onStateChanged: states = states.concat([state])
}
)-"_s);
    QVERIFY(o);
    TRY_JS(o, u"connected"_s);
    auto *io = qobject_cast<SocketIOQt::SocketIO *>(o->property("client").value<QObject *>());
    QVERIFY(io); // SocketIOClient is a SocketIO
    SocketIOQt::Namespace *ns = io->socket(u"/"_s);
    QCOMPARE(o->property("state").toInt(), int(SocketIOQt::SocketIO::Connected));
    QVERIFY(o->property("clientConnected").toBool());
    QCOMPARE(o->property("nsId").toString(), ns->id());

    io->setReconnectionDelay(1234);
    QCOMPARE(o->property("delay").toInt(), 1234);
    io->setSendBufferLimit(77);
    QCOMPARE(o->property("sendBufferLimit").toInt(), 77);
    ns->setAckTimeout(250);
    QCOMPARE(o->property("ackTimeout").toInt(), 250);
    QCOMPARE(o->property("ackTimeoutChanges").toInt(), 1);
    QCOMPARE(js(o, u"ns.ackTimeout"_s).toInt(), 250);
    ns->setRetries(3);
    QCOMPARE(o->property("retries").toInt(), 3);
    ns->setAuth({{u"token"_s, u"c++"_s}});
    QCOMPARE(o->property("token").toString(), u"c++"_s);
    // And QML writes reach C++.
    js(o, u"ns.ackTimeout = 500; ns.retries = 1; client.reconnectionDelay = 99"_s);
    QCOMPARE(ns->ackTimeout(), 500);
    QCOMPARE(ns->retries(), 1);
    QCOMPARE(io->reconnectionDelay(), 99);
    QCOMPARE(o->property("ackTimeoutChanges").toInt(), 2);

    // Leaving and closing from C++: connected, id and state follow.
    ns->close();
    QTRY_VERIFY(!o->property("connected").toBool());
    QCOMPARE(o->property("nsId").toString(), QString());
    io->close();
    QTRY_COMPARE(o->property("state").toInt(), int(SocketIOQt::SocketIO::Disconnected));
    QVERIFY(!o->property("clientConnected").toBool());
    QCOMPARE(json(o, u"states.slice(-1)"_s), u"[%1]"_s.arg(int(SocketIOQt::SocketIO::Disconnected)));
    // A URL set from C++ reconnects as one set from QML does (the client is still active).
    io->setUrl(m_other.url());
    TRY_JS(o, u"clientConnected && client.url.toString() === otherServerUrl.toString()"_s);
    QCOMPARE(o->property("state").toInt(), int(SocketIOQt::SocketIO::Connected));
    // auth set from QML, then from C++: QML reads what the Namespace has.
    TRY_JS(o, u"connected"_s);
    js(o, u"ns.auth = { token: 'qml' }"_s);
    QCOMPARE(ns->auth().value(u"token"_s).toString(), u"qml"_s);
    QCOMPARE(o->property("token").toString(), u"qml"_s);
    ns->setAuth({{u"token"_s, u"c++ again"_s}});
    QCOMPARE(o->property("token").toString(), u"c++ again"_s);
    QCOMPARE(js(o, u"ns.auth.token"_s).toString(), u"c++ again"_s);
}

// Every property of SocketIO and Namespace is readable from QML with the same value, and
// notifies when the C++ one does; every enum value of theirs is there too.
// The parser is a plain string property: "msgpack" talks to a socket.io-msgpack-parser server.
void tst_Qml::msgpackParser()
{
    QObject *o = create(uR"-(
QtObject {
    id: root
    property var log: []
    property SocketIOClient client: SocketIOClient { url: msgpackServerUrl; parser: "msgpack" }
    property SocketIONamespace ns: SocketIONamespace { client: root.client }
}
)-"_s);
    QVERIFY(o);
    TRY_JS(o, u"ns.connected"_s);
    QCOMPARE(js(o, u"client.parser"_s).toString(), u"msgpack"_s);
    js(o, u"ns.emit('ack-me', new Uint8Array([9, 8]).buffer, 'ü', reply => { root.log = [Array.from(new Uint8Array(reply))] })"_s);
    TRY_JS(o, u"root.log.length === 1"_s);
    QCOMPARE(json(o, u"root.log[0]"_s), u"[9,8]"_s);
}

void tst_Qml::everyCppPropertyInQml()
{
    QObject *o = create(kPair);
    QVERIFY(o);
    TRY_JS(o, u"ns.connected"_s);
    js(o, u"ns.ackTimeout = 321; ns.auth = { token: 't' }"_s);
    QObject *client = o->property("client").value<QObject *>();
    QObject *handle = o->property("ns").value<QObject *>();
    auto *io = qobject_cast<SocketIOQt::SocketIO *>(client);
    QVERIFY(io);
    SocketIOQt::Namespace *ns = io->socket(u"/"_s);
    QTRY_VERIFY(ns->isConnected());

    const auto check = [&](const QMetaObject &mo, QObject *cpp, QObject *qml, const QString &id, const QString &type) {
        int properties = 0;
        for (int i = mo.propertyOffset(); i < mo.propertyCount(); ++i) {
            const QMetaProperty p = mo.property(i);
            const QString name = QString::fromLatin1(p.name());
            const QString what = type + u'.' + name;
            const QQmlProperty q(qml, name);
            QVERIFY2(q.isValid() && q.isProperty(), qPrintable(what));
            if (p.isWritable())
                QVERIFY2(q.isWritable(), qPrintable(what));
            if (p.hasNotifySignal())
                QVERIFY2(q.hasNotifySignal(), qPrintable(what));
            QVERIFY2(js(o, u"typeof %1.%2 !== 'undefined'"_s.arg(id, name)).toBool(), qPrintable(what));
            QVERIFY2(q.read() == p.read(cpp), qPrintable(what + u": "_s + q.read().toString() + u" != "_s + p.read(cpp).toString()));
            ++properties;
        }
        QVERIFY(properties >= 10);
        for (int i = mo.enumeratorOffset(); i < mo.enumeratorCount(); ++i) {
            const QMetaEnum e = mo.enumerator(i);
            for (int k = 0; k < e.keyCount(); ++k) {
                const QString key = e.isScoped() ? QString::fromLatin1(e.enumName()) + u'.' + QString::fromLatin1(e.key(k))
                                                 : QString::fromLatin1(e.key(k));
                QCOMPARE(js(o, type + u'.' + key).toInt(), e.value(k));
            }
        }
    };
    check(SocketIOQt::SocketIO::staticMetaObject, io, client, u"client"_s, u"SocketIOClient"_s);
    check(SocketIOQt::Namespace::staticMetaObject, ns, handle, u"ns"_s, u"SocketIONamespace"_s);
}

QTEST_GUILESS_MAIN(tst_Qml)
