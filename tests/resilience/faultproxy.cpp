#include "faultproxy.h"

#include <QtCore/qdeadlinetimer.h>
#include <QtCore/qelapsedtimer.h>
#include <QtCore/qtimer.h>
#include <QtNetwork/qtcpsocket.h>

#include <deque>

// One relayed connection: the accepted client socket, the socket to the server, and a pipe
// per direction.
class FaultProxyConnection : public QObject
{
public:
    struct Chunk {
        qint64 due; // ms on the connection's clock
        QByteArray data;
    };
    struct Pipe {
        FaultProxy::Direction direction;
        QTcpSocket *from = nullptr;
        QTcpSocket *to = nullptr;
        std::deque<Chunk> queue;
        qint64 queued = 0;
        qint64 readOffset = 0;  // stream bytes read from `from`
        qint64 writeOffset = 0; // stream bytes written to `to`
        qint64 cutAt = -1;      // stream offset after which the connection is cut
        QByteArray window;      // tail of the stream, for patterns split across reads
        bool eof = false;       // `from` closed
        QTimer timer;           // the next due chunk or fragment
    };

    FaultProxyConnection(FaultProxy *proxy, QTcpSocket *client)
        : QObject(proxy), m_proxy(proxy), m_client(client), m_server(new QTcpSocket(this))
    {
        m_clock.start();
        client->setParent(this);
        for (QTcpSocket *s : {m_client, m_server}) {
            // Bounded: Qt reads no more than this ahead; TCP flow control does the rest.
            s->setReadBufferSize(64 * 1024);
            s->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        }
        m_pipes[0].direction = FaultProxy::ClientToServer;
        m_pipes[0].from = m_client;
        m_pipes[0].to = m_server;
        m_pipes[1].direction = FaultProxy::ServerToClient;
        m_pipes[1].from = m_server;
        m_pipes[1].to = m_client;
        for (Pipe &p : m_pipes) {
            p.timer.setSingleShot(true);
            QObject::connect(&p.timer, &QTimer::timeout, this, [this] { pump(); });
            QObject::connect(p.from, &QTcpSocket::readyRead, this, [this] { pump(); });
            QObject::connect(p.to, &QTcpSocket::bytesWritten, this, [this] { pump(); });
            QObject::connect(p.from, &QTcpSocket::disconnected, this, [this, &p] {
                p.eof = true;
                pump();
            });
            QObject::connect(p.from, &QAbstractSocket::errorOccurred, this, [this, &p] {
                p.eof = true;
                pump();
            });
        }
        QObject::connect(m_server, &QTcpSocket::connected, this, [this] {
            m_serverConnected = true;
            pump();
        });
        QObject::connect(m_server, &QAbstractSocket::errorOccurred, this, [this] {
            if (!m_serverConnected)
                abortAll(QStringLiteral("the server is unreachable"));
        });
        m_server->connectToHost(QStringLiteral("127.0.0.1"), proxy->m_targetPort);
    }

    bool isOpen() const { return !m_closed; }

    // Abort both sides now.
    void abortAll(const QString &why)
    {
        if (m_closed)
            return;
        m_closed = true;
        for (Pipe &p : m_pipes)
            p.timer.stop();
        m_client->abort();
        m_server->abort();
        ++m_proxy->m_cuts;
        Q_EMIT m_proxy->cut(why);
        deleteLater();
    }

    void pump()
    {
        if (m_closed || m_pumping)
            return;
        m_pumping = true;
        for (Pipe &p : m_pipes) {
            if (m_closed)
                break;
            pumpPipe(p);
        }
        m_pumping = false;
        if (m_closed)
            return;
        if (m_proxy->m_stalled)
            return; // a frozen network passes no close on either
        // One side went away and everything it sent was passed on: close the other side
        // (after its pending data), and go.
        for (Pipe &p : m_pipes) {
            if (!p.eof || !p.queue.empty() || p.from->bytesAvailable() > 0)
                continue;
            if (p.to == m_server && !m_serverConnected) {
                abortAll(QStringLiteral("the client left before the server answered"));
                return;
            }
            finish(p.to, p.from);
            return;
        }
    }

private:
    void pumpPipe(Pipe &p)
    {
        FaultProxy *proxy = m_proxy;
        if (proxy->m_stalled)
            return;
        const qint64 now = m_clock.elapsed();
        // Read what there is, within the bound.
        while (p.from->bytesAvailable() > 0 && p.queued < proxy->maxBuffer
               && (p.cutAt < 0 || p.readOffset < p.cutAt)) {
            const QByteArray data = p.from->read(qMin<qint64>(p.from->bytesAvailable(), proxy->maxBuffer - p.queued));
            if (data.isEmpty())
                break;
            inspect(p, data);
            p.readOffset += data.size();
            p.queue.push_back({now + proxy->m_delayMs, data});
            p.queued += data.size();
        }
        if (p.cutAt >= 0 && p.readOffset >= p.cutAt && p.from->bytesAvailable() > 0) {
            // Past the cut nothing goes anyway; what is still unread is dropped.
            p.from->readAll();
        }
        if (p.to->state() != QAbstractSocket::ConnectedState)
            return;
        const int fragment = proxy->m_fragmentBytes;
        while (!p.queue.empty()) {
            Chunk &front = p.queue.front();
            if (front.due > now) {
                p.timer.start(int(front.due - now));
                return;
            }
            if (p.to->bytesToWrite() >= proxy->maxBuffer)
                return; // bytesWritten() pumps again
            qint64 n = front.data.size();
            if (fragment > 0)
                n = qMin<qint64>(n, fragment);
            bool cutNow = false;
            if (p.cutAt >= 0 && p.writeOffset + n >= p.cutAt) {
                n = p.cutAt - p.writeOffset;
                cutNow = true;
            }
            if (n > 0) {
                const QByteArray piece = front.data.left(n);
                p.to->write(piece);
                proxy->m_forwarded[p.direction] += n;
                QByteArray &t = proxy->m_transcript[p.direction];
                if (t.size() < proxy->transcriptLimit)
                    t += piece.left(proxy->transcriptLimit - t.size());
                p.writeOffset += n;
                front.data.remove(0, n);
                p.queued -= n;
                if (front.data.isEmpty())
                    p.queue.pop_front();
            }
            if (cutNow) {
                cutAfterWrite(p);
                return;
            }
            if (fragment > 0) {
                p.to->flush();
                if (proxy->m_fragmentIntervalMs > 0 && !p.queue.empty()) {
                    p.timer.start(proxy->m_fragmentIntervalMs);
                    return;
                }
            }
        }
    }

    // Looks for armed patterns and byte counts in newly read data; sets the pipe's cut point.
    void inspect(Pipe &p, const QByteArray &data)
    {
        FaultProxy *proxy = m_proxy;
        if (p.direction == FaultProxy::ServerToClient && proxy->m_serverBytesLeft >= 0) {
            if (proxy->m_serverBytesLeft <= data.size()) {
                p.cutAt = p.readOffset + proxy->m_serverBytesLeft;
                proxy->m_serverBytesLeft = -1;
            } else {
                proxy->m_serverBytesLeft -= data.size();
            }
        }
        qsizetype longest = 0;
        for (const auto &rule : std::as_const(proxy->m_rules))
            longest = qMax(longest, rule.pattern.size());
        if (longest == 0)
            return;
        const QByteArray haystack = p.window + data;
        const qint64 base = p.readOffset - p.window.size();
        for (qsizetype i = 0; i < proxy->m_rules.size(); ++i) {
            const FaultProxy::Rule rule = proxy->m_rules.at(i);
            if (rule.direction != p.direction || rule.pattern.isEmpty())
                continue;
            const qsizetype at = haystack.indexOf(rule.pattern);
            if (at < 0)
                continue;
            // A negative extra cuts before the end of the pattern (never before what left).
            const qint64 end = qMax(base + at + rule.pattern.size() + rule.extra, p.writeOffset);
            if (p.cutAt < 0 || end < p.cutAt)
                p.cutAt = end;
            if (rule.once) {
                proxy->m_rules.removeAt(i);
                --i;
            }
            Q_EMIT proxy->matched(p.direction, rule.pattern);
        }
        p.window = haystack.right(longest - 1);
    }

    void cutAfterWrite(Pipe &p)
    {
        // The bytes up to the cut reach the receiver, then it sees the connection end.
        ++m_proxy->m_cuts;
        Q_EMIT m_proxy->cut(QStringLiteral("cut at byte %1 of the %2 stream")
                                    .arg(p.cutAt)
                                    .arg(p.direction == FaultProxy::ServerToClient ? QStringLiteral("server")
                                                                                   : QStringLiteral("client")));
        finish(p.to, p.from);
    }

    // Graceful close of `flushed` (its pending data goes first), abort of `other`.
    void finish(QTcpSocket *flushed, QTcpSocket *other)
    {
        m_closed = true;
        for (Pipe &q : m_pipes)
            q.timer.stop();
        other->abort();
        if (flushed->state() == QAbstractSocket::ConnectedState) {
            flushed->flush();
            QObject::connect(flushed, &QTcpSocket::disconnected, this, &QObject::deleteLater);
            QTimer::singleShot(2000, this, &QObject::deleteLater);
            flushed->disconnectFromHost();
        } else {
            flushed->abort();
            deleteLater();
        }
    }

    FaultProxy *m_proxy;
    QTcpSocket *m_client;
    QTcpSocket *m_server;
    Pipe m_pipes[2];
    QElapsedTimer m_clock;
    bool m_closed = false;
    bool m_pumping = false;
    bool m_serverConnected = false;
};

FaultProxy::FaultProxy(quint16 targetPort, QObject *parent)
    : QObject(parent), m_targetPort(targetPort)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FaultProxy::onNewConnection);
}

FaultProxy::~FaultProxy()
{
    for (const auto &c : std::as_const(m_connections)) {
        if (c)
            delete c.data();
    }
}

bool FaultProxy::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

quint16 FaultProxy::port() const
{
    return m_server.serverPort();
}

QUrl FaultProxy::url(const QString &scheme) const
{
    QUrl u;
    u.setScheme(scheme);
    u.setHost(QStringLiteral("127.0.0.1"));
    u.setPort(port());
    return u;
}

void FaultProxy::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        ++m_accepted;
        if (m_refusing) {
            socket->abort();
            socket->deleteLater();
            ++m_cuts;
            Q_EMIT cut(QStringLiteral("refused"));
            continue;
        }
        m_connections.removeAll(nullptr);
        m_connections.append(new FaultProxyConnection(this, socket));
        Q_EMIT accepted();
    }
}

void FaultProxy::cutAll()
{
    const auto list = m_connections;
    for (const auto &c : list) {
        if (c && c->isOpen())
            c->abortAll(QStringLiteral("cut"));
    }
    m_connections.removeAll(nullptr);
}

void FaultProxy::setRefusing(bool refuse)
{
    m_refusing = refuse;
}

void FaultProxy::pumpAll()
{
    const auto list = m_connections;
    for (const auto &c : list) {
        if (c)
            QTimer::singleShot(0, c.data(), [c] {
                if (c)
                    c->pump();
            });
    }
}

void FaultProxy::setStalled(bool stalled)
{
    m_stalled = stalled;
    if (!stalled)
        pumpAll();
}

void FaultProxy::setDelay(int ms)
{
    m_delayMs = qMax(0, ms);
}

void FaultProxy::setFragmentation(int bytes, int intervalMs)
{
    m_fragmentBytes = qMax(0, bytes);
    m_fragmentIntervalMs = qMax(0, intervalMs);
}

void FaultProxy::cutAfterServerBytes(qint64 n)
{
    m_serverBytesLeft = qMax<qint64>(0, n);
}

void FaultProxy::cutOnPattern(Direction direction, const QByteArray &pattern, qint64 extraBytes, bool once)
{
    m_rules.append({direction, pattern, extraBytes, once});
}

void FaultProxy::clearFaults()
{
    m_rules.clear();
    m_serverBytesLeft = -1;
    m_refusing = false;
    m_delayMs = 0;
    m_fragmentBytes = 0;
    m_fragmentIntervalMs = 0;
    setStalled(false);
}

int FaultProxy::openConnections() const
{
    int n = 0;
    for (const auto &c : m_connections)
        n += c && c->isOpen() ? 1 : 0;
    return n;
}
