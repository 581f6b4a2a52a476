// Scaled out as users do it: two socket.io 4 nodes sharing state through the Redis adapter
// (a real redis-server), behind a real nginx with sticky sessions (a balancer cookie). See
// cluster.h for the setup. The client must keep its session across polling requests and the
// WebSocket upgrade by sending the balancer's cookie back, and broadcasts must cross nodes.
//
// redis-server and nginx are required: without them the test fails (it does not skip), since
// CI installs them (scripts/install-deps.sh).
#include "cluster.h"

#include <SocketIOQt/socketio.h>

#include <QNetworkAccessManager>
#include <QNetworkCookie>
#include <QNetworkCookieJar>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QtTest>

#include <functional>
#include <map>
#include <memory>
#include <vector>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

namespace {

const QString kCookie = QString::fromLatin1(NginxBalancer::cookieName);

// One client and everything that would show it lost its session.
struct Client
{
    std::unique_ptr<SocketIO> io;
    Namespace *ns = nullptr;
    std::unique_ptr<QSignalSpy> opened, reconnectAttempts, disconnects, upgradeFailures, ioErrors, connectErrors;
    QStringList whoamiSentOver;     // the transport each outgoing "whoami" was handed to
    QStringList connectSentOver;    // the transport each outgoing Socket.IO CONNECT was handed to
    int pollingPackets = 0;         // Engine.IO packets that went either way over polling
    QPointer<AckReply> firstWhoami; // emitted as soon as the namespace connected
    QVariantMap first;              // its answer
    QString node;                   // the node it reported
    QList<QVariantList> news;       // "lb-news" events received
    QList<int> items;               // "lb-item" {i} received, in order
    bool burstDone = false;

    ~Client() { io.reset(); } // first: its signals may still reach the members above

    bool ready(bool needUpgrade) const
    {
        return ns->isConnected() && firstWhoami && firstWhoami->isFinished()
            && (!needUpgrade || io->transport() == u"websocket"_s);
    }

    // Empty when nothing went wrong; else what did.
    QString problems() const
    {
        QStringList p;
        if (opened->size() > 1)
            p << u"%1 Engine.IO sessions opened (a new session: the old one was lost)"_s.arg(opened->size());
        if (!reconnectAttempts->isEmpty())
            p << u"%1 reconnection attempts"_s.arg(reconnectAttempts->size());
        for (const QList<QVariant> &d : std::as_const(*disconnects))
            p << u"disconnected: %1"_s.arg(d.value(0).toString());
        for (const QList<QVariant> &u : std::as_const(*upgradeFailures))
            p << u"upgrade failed: %1"_s.arg(u.value(0).toString());
        if (!ioErrors->isEmpty())
            p << u"error: %1"_s.arg(io->errorString());
        for (const QList<QVariant> &e : std::as_const(*connectErrors))
            p << u"connect error: %1"_s.arg(e.value(0).toString());
        if (firstWhoami && firstWhoami->isFinished() && firstWhoami->error() != AckReply::NoError)
            p << u"whoami failed: %1"_s.arg(firstWhoami->errorString());
        return p.join(u"; "_s);
    }

    // The balancer cookie in this client's jar (what it will send back), or empty.
    QString jarCookie(const QUrl &url) const
    {
        QNetworkCookieJar *jar = io->networkAccessManager() ? io->networkAccessManager()->cookieJar() : nullptr;
        if (!jar)
            return {};
        QUrl u = url;
        u.setPath(u"/socket.io/"_s);
        const QList<QNetworkCookie> cookies = jar->cookiesForUrl(u);
        for (const QNetworkCookie &c : cookies) {
            if (QString::fromUtf8(c.name()) == kCookie)
                return QString::fromUtf8(c.value());
        }
        return {};
    }
};

// The request's Cookie header as the server saw it carries the balancer cookie for `node`.
bool sentCookie(const QVariantMap &who, const QString &node)
{
    const QString header = who.value(u"cookie"_s).toString();
    const QStringList parts = header.split(u';');
    for (const QString &part : parts) {
        if (part.trimmed() == kCookie + u'=' + node)
            return true;
    }
    return false;
}

QString describe(const QVariantMap &who)
{
    return u"node=%1 id=%2 transport=%3 cookie=%4"_s.arg(who.value(u"node"_s).toString(), who.value(u"id"_s).toString(),
                                                        who.value(u"transport"_s).toString(),
                                                        who.value(u"cookie"_s).toString());
}

// A cookie jar that keeps nothing: a client without cookie handling, for the control test.
class ForgetfulJar : public QNetworkCookieJar
{
public:
    using QNetworkCookieJar::QNetworkCookieJar;
    bool setCookiesFromUrl(const QList<QNetworkCookie> &, const QUrl &) override { return false; }
};

// A raw Engine.IO request through the balancer, without any cookie jar: only the Cookie
// header given (if any) goes out, and nothing is stored.
struct RawAnswer
{
    int status = 0;
    QByteArray body;
    QString node; // from the balancer's Set-Cookie
    QString error;
};

RawAnswer rawRequest(QNetworkAccessManager &nam, const QUrl &url, const QByteArray &postBody,
                     const QByteArray &cookie)
{
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    if (!cookie.isEmpty())
        request.setRawHeader("Cookie", cookie);
    QNetworkReply *reply;
    if (postBody.isNull()) {
        reply = nam.get(request);
    } else {
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"text/plain;charset=UTF-8"_s);
        reply = nam.post(request, postBody);
    }
    RawAnswer answer;
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(10000)) {
        answer.error = u"no answer within 10 s"_s;
        reply->abort();
    }
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    if (answer.status == 0)
        answer.error = reply->errorString();
    const QList<QNetworkCookie> cookies = QNetworkCookie::parseCookies(reply->rawHeader("Set-Cookie"));
    for (const QNetworkCookie &c : cookies) {
        if (QString::fromUtf8(c.name()) == kCookie)
            answer.node = QString::fromUtf8(c.value());
    }
    reply->deleteLater();
    return answer;
}

} // namespace

class tst_LoadBalancer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();

    void balancerIsStickyOnlyWithItsCookie();
    void pollingWithUpgradeKeepsItsSession();
    void broadcastReachesTheOtherNode();
    void pollingOnlyStaysSticky();
    void withoutTheCookieSessionsBreak();

private:
    std::unique_ptr<Client> makeClient(const QStringList &transports, bool forgetCookies = false);
    // Connects clients (in batches) until there are at least minimum and both nodes have one;
    // each has answered its first whoami (and, with needUpgrade, is on websocket).
    void connectCoveringBothNodes(std::vector<std::unique_ptr<Client>> &clients, const QStringList &transports,
                                  int minimum, bool needUpgrade);
    QVariantMap whoami(Client &client);

    LoadBalancedCluster m_cluster;
};

void tst_LoadBalancer::initTestCase()
{
    const QString missing = LoadBalancedCluster::missingTools();
    if (!missing.isEmpty())
        QFAIL(qPrintable(u"the load-balancer test needs these (CI installs them):\n"_s + missing));
    QVERIFY2(m_cluster.start(), qPrintable(m_cluster.errorString()));
    qInfo("redis %s, nodes a :%u and b :%u, nginx %s", qPrintable(m_cluster.redis().url()),
          unsigned(m_cluster.node(u"a"_s)->port()), unsigned(m_cluster.node(u"b"_s)->port()),
          qPrintable(m_cluster.url().toString()));
}

void tst_LoadBalancer::init()
{
    QVERIFY2(m_cluster.health().isEmpty(), qPrintable(m_cluster.health()));
}

void tst_LoadBalancer::cleanup()
{
    if (QTest::currentTestFailed()) {
        QStringList log = m_cluster.balancer().accessLog().split(u'\n');
        if (log.size() > 60)
            log = log.mid(log.size() - 60);
        qWarning("nginx access log (last lines):\n%s", qPrintable(log.join(u'\n')));
    }
    QVERIFY2(m_cluster.health().isEmpty(), qPrintable(m_cluster.health()));
}

void tst_LoadBalancer::cleanupTestCase()
{
    m_cluster.stop();
}

std::unique_ptr<Client> tst_LoadBalancer::makeClient(const QStringList &transports, bool forgetCookies)
{
    auto c = std::make_unique<Client>();
    Client *client = c.get();
    c->io = std::make_unique<SocketIO>(m_cluster.url());
    if (forgetCookies) {
        auto *nam = new QNetworkAccessManager(c->io.get());
        nam->setCookieJar(new ForgetfulJar(nam));
        c->io->setNetworkAccessManager(nam);
    }
    if (!transports.isEmpty())
        c->io->setTransports(transports);
    c->ns = c->io->socket(u"/"_s);
    c->opened = std::make_unique<QSignalSpy>(c->io.get(), &SocketIO::opened);
    c->reconnectAttempts = std::make_unique<QSignalSpy>(c->io.get(), &SocketIO::reconnectAttempt);
    c->upgradeFailures = std::make_unique<QSignalSpy>(c->io.get(), &SocketIO::upgradeFailed);
    c->ioErrors = std::make_unique<QSignalSpy>(c->io.get(), &SocketIO::errorOccurred);
    c->disconnects = std::make_unique<QSignalSpy>(c->ns, &Namespace::disconnected);
    c->connectErrors = std::make_unique<QSignalSpy>(c->ns, &Namespace::connectError);

    connect(c->io.get(), &SocketIO::packetTraced, c->io.get(),
            [client](SocketIO::Direction direction, const EngineIOPacket &packet, const QString &transport) {
                if (transport == u"polling"_s)
                    ++client->pollingPackets;
                if (direction != SocketIO::Direction::Outgoing || packet.type() != EngineIOPacket::Message)
                    return;
                if (packet.data().startsWith('0'))
                    client->connectSentOver << transport;
                else if (packet.data().contains("\"whoami\""))
                    client->whoamiSentOver << transport;
            });
    // At once when connected: while still on polling, unless the upgrade won the race (the
    // trace above tells which transport carried it).
    connect(c->ns, &Namespace::connected, c->ns, [client] {
        if (!client->firstWhoami) {
            client->firstWhoami = client->ns->emitWithAck(u"whoami"_s);
            client->firstWhoami->setAutoDelete(false); // read after later waits
        }
    });
    c->ns->on(u"lb-news"_s, [client](const QVariantList &args) { client->news << args; });
    c->ns->on(u"lb-item"_s, [client](const QVariantList &args) {
        client->items << args.value(0).toMap().value(u"i"_s).toInt();
    });
    c->ns->on(u"burst-done"_s, [client] { client->burstDone = true; });
    return c;
}

void tst_LoadBalancer::connectCoveringBothNodes(std::vector<std::unique_ptr<Client>> &clients,
                                                const QStringList &transports, int minimum, bool needUpgrade)
{
    // Each client's first request lands on a node at random: 24 clients all on one node
    // would happen once in 8 million runs with a balancer that works.
    constexpr int kMaximum = 24;
    constexpr int kBatch = 4;
    std::map<QString, int> perNode;
    while (int(clients.size()) < kMaximum) {
        const size_t begin = clients.size();
        for (int i = 0; i < kBatch; ++i) {
            clients.push_back(makeClient(transports));
            clients.back()->io->open();
        }
        auto batchReady = [&] {
            for (size_t i = begin; i < clients.size(); ++i) {
                if (!clients[i]->ready(needUpgrade) || !clients[i]->problems().isEmpty())
                    return false;
            }
            return true;
        };
        auto batchState = [&] {
            QStringList s;
            for (size_t i = begin; i < clients.size(); ++i) {
                const Client &c = *clients[i];
                s << u"client %1: connected=%2 transport=%3 whoami=%4 problems=[%5]"_s.arg(i)
                         .arg(c.ns->isConnected())
                         .arg(c.io->transport(), c.firstWhoami && c.firstWhoami->isFinished() ? u"answered"_s : u"pending"_s,
                              c.problems());
            }
            return s.join(u'\n');
        };
        QTRY_VERIFY2_WITH_TIMEOUT(batchReady(), qPrintable(batchState()), 20000);

        for (size_t i = begin; i < clients.size(); ++i) {
            Client &c = *clients[i];
            QCOMPARE(c.firstWhoami->error(), AckReply::NoError);
            c.first = c.firstWhoami->arguments().value(0).toMap();
            c.node = c.first.value(u"node"_s).toString();
            QVERIFY2(m_cluster.node(c.node), qPrintable(u"whoami reports no known node: "_s + describe(c.first)));
            ++perNode[c.node];
        }
        if (int(clients.size()) >= minimum && perNode[u"a"_s] > 0 && perNode[u"b"_s] > 0)
            break;
    }
    QVERIFY2(perNode[u"a"_s] > 0 && perNode[u"b"_s] > 0,
             qPrintable(u"%1 clients, all on one node (a: %2, b: %3): the balancer does not spread new sessions"_s
                            .arg(clients.size()).arg(perNode[u"a"_s]).arg(perNode[u"b"_s])));
    qInfo("%d clients: %d on node a, %d on node b", int(clients.size()), perNode[u"a"_s], perNode[u"b"_s]);
}

QVariantMap tst_LoadBalancer::whoami(Client &client)
{
    AckReply *reply = client.ns->emitWithAck(u"whoami"_s);
    QSignalSpy finished(reply, &AckReply::finished);
    if (!reply->isFinished() && !finished.wait(10000))
        return {};
    const QVariantMap who = reply->error() == AckReply::NoError ? reply->arguments().value(0).toMap() : QVariantMap();
    reply->deleteLater();
    return who;
}

// The premise: without its cookie a request lands on either node, and the wrong one does not
// know the session. So the tests below pass only because the client sends the cookie back.
void tst_LoadBalancer::balancerIsStickyOnlyWithItsCookie()
{
    QNetworkAccessManager nam;
    QUrl url = m_cluster.url();
    url.setPath(u"/socket.io/"_s);
    url.setQuery(u"EIO=4&transport=polling"_s);

    const RawAnswer open = rawRequest(nam, url, QByteArray(), QByteArray());
    QVERIFY2(open.error.isEmpty(), qPrintable(open.error));
    QCOMPARE(open.status, 200);
    QVERIFY2(open.body.startsWith("0{"), open.body.constData());
    const QString sid = QJsonDocument::fromJson(open.body.mid(1)).object().value(u"sid"_s).toString();
    QVERIFY(!sid.isEmpty());
    const QString home = open.node;
    QVERIFY2(m_cluster.node(home), qPrintable(u"no balancer cookie on the handshake: "_s + open.node));

    QUrl sessionUrl = url;
    sessionUrl.setQuery(u"EIO=4&transport=polling&sid="_s + sid);

    // Without the cookie: noop packets, each POST to a node at random.
    constexpr int kTries = 24;
    int accepted = 0, unknown = 0;
    for (int i = 0; i < kTries; ++i) {
        const RawAnswer a = rawRequest(nam, sessionUrl, QByteArrayLiteral("6"), QByteArray());
        QVERIFY2(a.error.isEmpty() || a.status != 0, qPrintable(a.error));
        if (a.status == 200) {
            QCOMPARE(a.body, QByteArrayLiteral("ok"));
            QCOMPARE(a.node, home);
            ++accepted;
        } else {
            QCOMPARE(a.status, 400);
            QVERIFY2(a.body.contains("Session ID unknown"), a.body.constData());
            QVERIFY(a.node != home);
            ++unknown;
        }
    }
    qInfo("without the cookie: %d of %d requests reached the session's node, %d got \"Session ID unknown\"",
          accepted, kTries, unknown);
    QVERIFY2(accepted > 0 && unknown > 0, "the balancer does not spread cookie-less requests over both nodes");

    // With it: always the session's node.
    const QByteArray cookie = (kCookie + u'=' + home).toUtf8();
    for (int i = 0; i < 12; ++i) {
        const RawAnswer a = rawRequest(nam, sessionUrl, QByteArrayLiteral("6"), cookie);
        QCOMPARE(a.status, 200);
        QCOMPARE(a.body, QByteArrayLiteral("ok"));
        QCOMPARE(a.node, home);
    }
    const RawAnswer close = rawRequest(nam, sessionUrl, QByteArrayLiteral("1"), cookie);
    QCOMPARE(close.status, 200);
}

// Polling, then the upgrade, all through the balancer: one session, one node, no reconnection.
void tst_LoadBalancer::pollingWithUpgradeKeepsItsSession()
{
    std::vector<std::unique_ptr<Client>> clients;
    connectCoveringBothNodes(clients, {}, 4, true);
    if (QTest::currentTestFailed())
        return;

    int firstOverPolling = 0;
    for (const std::unique_ptr<Client> &cp : clients) {
        Client &c = *cp;
        const QString context = describe(c.first);
        QVERIFY2(c.problems().isEmpty(), qPrintable(c.problems()));
        QCOMPARE(c.first.value(u"id"_s).toString(), c.ns->id());
        QCOMPARE(c.jarCookie(m_cluster.url()), c.node); // the jar holds the balancer's cookie
        QVERIFY2(c.pollingPackets >= 3, qPrintable(u"only %1 packets over polling"_s.arg(c.pollingPackets)));
        // The socket was made over polling (CONNECT in a POST, its id in a long-poll answer, both
        // through the balancer), and the node that knows it is the one the WebSocket reached.
        QCOMPARE(c.connectSentOver, QStringList{u"polling"_s});

        // The server saw the first whoami on the transport the client sent it over.
        QCOMPARE(c.whoamiSentOver.size(), 1);
        const QString sentOver = c.whoamiSentOver.constFirst();
        QCOMPARE(c.first.value(u"transport"_s).toString(), sentOver);
        if (sentOver == u"polling"_s) {
            ++firstOverPolling;
            QVERIFY2(sentCookie(c.first, c.node), qPrintable(u"polling request without the cookie: "_s + context));
        }

        // Now over the WebSocket: same node, same socket; the upgrade request carried the cookie.
        const QVariantMap second = whoami(c);
        QVERIFY2(!second.isEmpty(), qPrintable(u"no answer over websocket; "_s + c.problems()));
        QCOMPARE(second.value(u"transport"_s).toString(), u"websocket"_s);
        QCOMPARE(second.value(u"node"_s).toString(), c.node);
        QCOMPARE(second.value(u"id"_s).toString(), c.first.value(u"id"_s).toString());
        QVERIFY2(sentCookie(second, c.node), qPrintable(u"upgrade without the cookie: "_s + describe(second)));
        QCOMPARE(c.io->transport(), u"websocket"_s);
        QVERIFY2(c.problems().isEmpty(), qPrintable(c.problems()));
    }
    qInfo("%d of %d clients' first whoami went over polling (the rest: the upgrade was quicker)",
          firstOverPolling, int(clients.size()));
}

// A broadcast from a client on one node reaches the clients of the other through Redis.
void tst_LoadBalancer::broadcastReachesTheOtherNode()
{
    std::vector<std::unique_ptr<Client>> clients;
    connectCoveringBothNodes(clients, {}, 2, true);
    if (QTest::currentTestFailed())
        return;

    int round = 0;
    for (const QString &from : m_cluster.nodeNames()) {
        ++round;
        Client *sender = nullptr;
        for (const std::unique_ptr<Client> &c : clients) {
            if (c->node == from) {
                sender = c.get();
                break;
            }
        }
        QVERIFY(sender);
        const QVariantMap payload{{u"from"_s, from}, {u"round"_s, round}};
        QVERIFY(sender->ns->emitEvent(u"broadcast"_s,
                                      {QVariantMap{{u"event"_s, u"lb-news"_s}, {u"args"_s, QVariantList{payload}}}}));
        auto everybodyHasIt = [&] {
            for (const std::unique_ptr<Client> &c : clients) {
                if (c->news.size() < round)
                    return false;
            }
            return true;
        };
        auto whoIsMissing = [&] {
            QStringList s;
            for (const std::unique_ptr<Client> &c : clients) {
                if (c->news.size() < round)
                    s << u"a client on node %1 (%2)"_s.arg(c->node, c->problems());
            }
            return u"broadcast from node %1 missing at: "_s.arg(from) + s.join(u", "_s);
        };
        QTRY_VERIFY2_WITH_TIMEOUT(everybodyHasIt(), qPrintable(whoIsMissing()), 10000);
        for (const std::unique_ptr<Client> &c : clients) {
            QCOMPARE(c->news.size(), round); // once each
            const QVariantMap got = c->news.last().value(0).toMap();
            QCOMPARE(got.value(u"from"_s).toString(), from);
            QCOMPARE(got.value(u"round"_s).toInt(), round);
        }
    }
    for (const std::unique_ptr<Client> &c : clients)
        QVERIFY2(c->problems().isEmpty(), qPrintable(c->problems()));
}

// Polling only: every request of a long session goes through the balancer to the same node.
void tst_LoadBalancer::pollingOnlyStaysSticky()
{
    // (The chains' state first: destroyed after the clients, whose pending replies finish then.)
    std::vector<int> done;
    std::vector<QString> failures;
    std::vector<std::function<void()>> next;
    std::vector<std::unique_ptr<Client>> clients;
    connectCoveringBothNodes(clients, {u"polling"_s}, 4, false);
    if (QTest::currentTestFailed())
        return;

    for (const std::unique_ptr<Client> &c : clients) {
        QCOMPARE(c->first.value(u"transport"_s).toString(), u"polling"_s);
        QVERIFY2(sentCookie(c->first, c->node), qPrintable(describe(c->first)));
    }

    // Each client: a chain of round trips, one at a time (every one a POST and a long-poll
    // answer), all clients at once.
    constexpr int kRoundTrips = 30;
    done.assign(clients.size(), 0);
    failures.assign(clients.size(), QString());
    next.resize(clients.size());
    for (size_t i = 0; i < clients.size(); ++i) {
        Client *c = clients[i].get();
        next[i] = [&, i, c] {
            const int n = done[i];
            AckReply *reply = c->ns->emitWithAck(u"ack-me"_s, {n});
            connect(reply, &AckReply::finished, c->ns, [&, i, reply, n] {
                reply->deleteLater();
                if (reply->error() != AckReply::NoError || reply->arguments().size() != 1
                    || reply->arguments().constFirst().toInt() != n) {
                    failures[i] = u"round trip %1: %2"_s.arg(n).arg(reply->errorString());
                    return;
                }
                if (++done[i] < kRoundTrips)
                    next[i]();
            });
        };
        next[i]();
    }
    auto allDone = [&] {
        for (size_t i = 0; i < clients.size(); ++i) {
            if ((done[i] < kRoundTrips && failures[i].isEmpty()) || !clients[i]->problems().isEmpty())
                return false;
        }
        return true;
    };
    auto state = [&] {
        QStringList s;
        for (size_t i = 0; i < clients.size(); ++i)
            s << u"client %1 (node %2): %3/%4 %5 %6"_s.arg(i).arg(clients[i]->node).arg(done[i]).arg(kRoundTrips)
                     .arg(failures[i], clients[i]->problems());
        return s.join(u'\n');
    };
    QTRY_VERIFY2_WITH_TIMEOUT(allDone(), qPrintable(state()), 60000);
    for (size_t i = 0; i < clients.size(); ++i)
        QVERIFY2(failures[i].isEmpty(), qPrintable(failures[i]));

    // And the server pushing: a burst over the long polls, in order.
    constexpr int kBurst = 200;
    for (const std::unique_ptr<Client> &c : clients)
        QVERIFY(c->ns->emitEvent(u"burst"_s, {QVariantMap{{u"count"_s, kBurst}, {u"event"_s, u"lb-item"_s}}}));
    auto allBursts = [&] {
        for (const std::unique_ptr<Client> &c : clients) {
            if (!c->burstDone || !c->problems().isEmpty())
                return false;
        }
        return true;
    };
    QTRY_VERIFY2_WITH_TIMEOUT(allBursts(), qPrintable(state()), 30000);
    QList<int> expected;
    for (int k = 0; k < kBurst; ++k)
        expected << k;
    for (const std::unique_ptr<Client> &c : clients)
        QCOMPARE(c->items, expected);

    for (const std::unique_ptr<Client> &cp : clients) {
        Client &c = *cp;
        const QVariantMap who = whoami(c);
        QVERIFY2(!who.isEmpty(), qPrintable(u"no whoami answer; "_s + c.problems()));
        QCOMPARE(who.value(u"node"_s).toString(), c.node);
        QCOMPARE(who.value(u"id"_s).toString(), c.first.value(u"id"_s).toString());
        QCOMPARE(who.value(u"transport"_s).toString(), u"polling"_s);
        QVERIFY2(sentCookie(who, c.node), qPrintable(describe(who)));
        QCOMPARE(c.io->transport(), u"polling"_s);
        QVERIFY2(c.pollingPackets > 2 * kRoundTrips + kBurst,
                 qPrintable(u"only %1 packets over polling"_s.arg(c.pollingPackets)));
        QVERIFY2(c.problems().isEmpty(), qPrintable(c.problems()));
    }
}

// The control: the same clients with a cookie jar that keeps nothing lose their sessions
// ("Session ID unknown" from the other node), so the tests above do check the cookie handling.
void tst_LoadBalancer::withoutTheCookieSessionsBreak()
{
    // Each such client survives its first few requests with a chance of 1/2 each: with 16 of
    // them, all surviving would take a broken test setup (or a 1 in 10^7 fluke).
    constexpr int kClients = 16;
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < kClients; ++i) {
        clients.push_back(makeClient({}, true));
        clients.back()->io->setReconnection(false); // one session each is enough to see it break
        clients.back()->io->open();
    }
    auto sessionUnknown = [&] {
        for (const std::unique_ptr<Client> &c : clients) {
            if (c->problems().contains(u"Session ID unknown"_s))
                return true;
        }
        return false;
    };
    QTRY_VERIFY2_WITH_TIMEOUT(sessionUnknown(), "no client lost its session without the balancer cookie", 20000);
    QString example;
    int broken = 0;
    for (const std::unique_ptr<Client> &c : clients) {
        if (!c->problems().isEmpty()) {
            ++broken;
            example = c->problems();
        }
    }
    qInfo("without cookies: %d of %d clients lost their session so far, e.g. %s", broken, kClients,
          qPrintable(example));
    QVERIFY(clients.front()->jarCookie(m_cluster.url()).isEmpty());
}

QTEST_MAIN(tst_LoadBalancer)
#include "tst_loadbalancer.moc"
