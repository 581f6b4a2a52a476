// Every server generation users still run, over every transport, with the
// protocol given and found automatically: socket.io 1.7.4 and 2.5.1
// (revision 4, Engine.IO 3) and 4.8 (revision 5, Engine.IO 4; also with
// allowEIO3). Each cell runs the same conversation.
#include "testserver.h"

#include <SocketIOQt/socketio.h>

#include <QtTest>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

class tst_Generations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void conversation_data();
    void conversation();
    void credentialsRefused_data();
    void credentialsRefused();

private:
    void addRows(bool allTransports);
    std::map<QString, std::unique_ptr<TestServer>> m_servers;
};

namespace {
struct ServerKind {
    const char *name;
    QStringList args;
    SocketIO::ProtocolVersion explicitProtocol;
    SocketIO::ProtocolVersion autoFinds;
};

const QList<ServerKind> &serverKinds()
{
    static const QList<ServerKind> kinds = {
        {"socket.io 1.7.4", {u"--version"_s, u"1"_s}, SocketIO::Revision4, SocketIO::Revision4},
        {"socket.io 2.5.1", {u"--version"_s, u"2"_s}, SocketIO::Revision4, SocketIO::Revision4},
        {"socket.io 4.8", {u"--version"_s, u"4"_s}, SocketIO::Revision5, SocketIO::Revision5},
        {"socket.io 4.8 allowEIO3", {u"--version"_s, u"4"_s, u"--allow-eio3"_s}, SocketIO::Revision4,
         SocketIO::Revision5},
    };
    return kinds;
}


AckReply *ask(Namespace *ns, const QString &event, const QVariantList &args)
{
    return ns->emitWithAck(event, args, std::chrono::seconds(15));
}

bool waitFinished(AckReply *reply)
{
    if (reply->isFinished())
        return true;
    QSignalSpy spy(reply, &AckReply::finished);
    return spy.wait(15000);
}
} // namespace

void tst_Generations::initTestCase()
{
    for (const ServerKind &kind : serverKinds()) {
        auto server = std::make_unique<TestServer>(kind.args);
        QVERIFY2(server->start(), kind.name);
        m_servers[QString::fromLatin1(kind.name)] = std::move(server);
    }
}

void tst_Generations::addRows(bool allTransports)
{
    QTest::addColumn<QString>("server");
    QTest::addColumn<QStringList>("transports");
    QTest::addColumn<bool>("upgrade");
    QTest::addColumn<SocketIO::ProtocolVersion>("protocol");
    QTest::addColumn<SocketIO::ProtocolVersion>("expected");
    struct Mode { const char *name; QStringList transports; bool upgrade; };
    const QList<Mode> modes = {
        {"websocket", {u"websocket"_s}, false},
        {"polling", {u"polling"_s}, false},
        {"polling+upgrade", {u"polling"_s, u"websocket"_s}, true},
    };
    for (const ServerKind &kind : serverKinds()) {
        for (const Mode &mode : modes) {
            if (!allTransports && mode.upgrade)
                continue;
            for (bool automatic : {false, true}) {
                QTest::addRow("%s, %s, %s", kind.name, mode.name, automatic ? "auto" : "explicit")
                        << QString::fromLatin1(kind.name) << mode.transports << mode.upgrade
                        << (automatic ? SocketIO::Auto : kind.explicitProtocol)
                        << (automatic ? kind.autoFinds : kind.explicitProtocol);
            }
        }
    }
}

void tst_Generations::conversation_data()
{
    addRows(true);
}

void tst_Generations::conversation()
{
    QFETCH(QString, server);
    QFETCH(QStringList, transports);
    QFETCH(bool, upgrade);
    QFETCH(SocketIO::ProtocolVersion, protocol);
    QFETCH(SocketIO::ProtocolVersion, expected);

    SocketIO io(m_servers.at(server)->url());
    io.setTransports(transports);
    io.setProtocol(protocol);
    io.setReconnection(false);
    Namespace *root = io.socket(u"/"_s);
    Namespace *chat = io.socket(u"/chat"_s);
    Namespace *admin = io.socket(u"/admin"_s);
    admin->setAuth({{u"token"_s, u"secret"_s}});
    QSignalSpy upgraded(&io, &SocketIO::upgraded);
    QSignalSpy rootConnected(root, &Namespace::connected);
    io.open();
    QTRY_VERIFY_WITH_TIMEOUT(root->isConnected() && chat->isConnected() && admin->isConnected(), 15000);
    QCOMPARE(io.negotiatedProtocol(), expected);
    QCOMPARE(rootConnected.size(), 1);
    if (upgrade)
        QTRY_COMPARE_WITH_TIMEOUT(io.transport(), u"websocket"_s, 10000);
    else
        QCOMPARE(io.transport(), transports.first());
    QCOMPARE(upgraded.size(), upgrade ? 1 : 0);
    if (expected == SocketIO::Revision4)
        QCOMPARE(chat->id(), u"/chat#"_s + io.engineId());

    // Acks both ways, with non-ASCII text and nested binary.
    const QString text = u"Grüße, 世界 € 😀 \"q\" \\"_s;
    const QByteArray blob("\x00\x01\xfe\xff binary", 11);
    const QVariantList sent{text, QVariantMap{{u"bin"_s, blob}, {u"list"_s, QVariantList{1, blob, u"ü"_s}}}, 2.5};
    AckReply *reply = ask(chat, u"ack-me"_s, sent);
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->error(), AckReply::NoError);
    QCOMPARE(reply->arguments(), sent);

    QList<QVariantList> answers;
    root->on(u"answer"_s, [&](const QVariantList &args) { answers.append(args); });
    root->on(u"question"_s, [&](const QVariantList &args, const AckHandle &ack) {
        QCOMPARE(args, (QVariantList{text}));
        ack.send({text, blob});
    });
    root->emitEvent(u"ask"_s, {QVariantMap{{u"event"_s, u"question"_s}, {u"args"_s, QVariantList{text}}}});
    QTRY_COMPARE_WITH_TIMEOUT(answers.size(), 1, 15000);
    QCOMPARE(answers.first().value(0).toList(), (QVariantList{text, blob}));

    // Binary nested, from the server; and an echo of ours as an event.
    QList<QVariantList> binaries, echoes;
    admin->on(u"binary"_s, [&](const QVariantList &args) { binaries.append(args); });
    admin->on(u"echo"_s, [&](const QVariantList &args) { echoes.append(args); });
    admin->emitEvent(u"binary"_s);
    admin->emitEvent(u"echo"_s, sent);
    QTRY_VERIFY_WITH_TIMEOUT(binaries.size() == 1 && echoes.size() == 1, 15000);
    const QVariantMap first = binaries.first().value(0).toMap();
    QCOMPARE(first.value(u"a"_s).toByteArray(), QByteArray("\x01\x02\x03"));
    QCOMPARE(first.value(u"nested"_s).toMap().value(u"list"_s).toList().value(2).toMap().value(u"deep"_s).toByteArray(),
             QByteArray("\x06"));
    QCOMPARE(echoes.first(), sent);

    // A burst of a thousand, in order.
    QList<int> items;
    bool done = false;
    root->on(u"item"_s, [&](const QVariantList &args) { items.append(args.value(0).toMap().value(u"i"_s).toInt()); });
    root->on(u"burst-done"_s, [&] { done = true; });
    root->emitEvent(u"burst"_s, {QVariantMap{{u"count"_s, 1000}}});
    QTRY_VERIFY_WITH_TIMEOUT(done, 30000);
    QCOMPARE(items.size(), 1000);
    for (int i = 0; i < items.size(); ++i)
        QCOMPARE(items.at(i), i);

    // Server-side disconnect of one namespace leaves the others.
    QSignalSpy chatDisconnected(chat, &Namespace::disconnected);
    chat->emitEvent(u"disconnect-me"_s);
    QVERIFY(chatDisconnected.wait(10000));
    QCOMPARE(chatDisconnected.at(0).at(0).toString(), u"io server disconnect"_s);
    QVERIFY(root->isConnected());
    QVERIFY(admin->isConnected());
    QCOMPARE(io.state(), SocketIO::Connected);
}

void tst_Generations::credentialsRefused_data()
{
    addRows(false);
}

void tst_Generations::credentialsRefused()
{
    QFETCH(QString, server);
    QFETCH(QStringList, transports);
    QFETCH(SocketIO::ProtocolVersion, protocol);

    SocketIO io(m_servers.at(server)->url());
    io.setTransports(transports);
    io.setProtocol(protocol);
    io.setReconnection(false);
    Namespace *root = io.socket(u"/"_s);
    Namespace *admin = io.socket(u"/admin"_s);
    admin->setAuth({{u"token"_s, u"wrong"_s}});
    QSignalSpy refused(admin, &Namespace::connectError);
    io.open();
    QVERIFY(refused.wait(15000));
    const QVariant data = refused.at(0).at(1);
    QCOMPARE(data.toMap().value(u"reason"_s).toString(), u"bad token"_s);
    QCOMPARE(data.toMap().value(u"code"_s).toInt(), 401);
    QVERIFY(!admin->isConnected());
    QTRY_VERIFY(root->isConnected());
}

QTEST_MAIN(tst_Generations)
#include "tst_generations.moc"
