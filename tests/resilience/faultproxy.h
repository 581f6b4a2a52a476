#ifndef FAULTPROXY_H
#define FAULTPROXY_H

#include <QtCore/qbytearray.h>
#include <QtCore/qlist.h>
#include <QtCore/qobject.h>
#include <QtCore/qpointer.h>
#include <QtCore/qurl.h>
#include <QtNetwork/qtcpserver.h>

class FaultProxyConnection;

// A TCP relay on 127.0.0.1 between a client and a real server (on 127.0.0.1:targetPort) that
// injects network faults. It forwards bytes, so it serves WebSocket, HTTP long-polling and TLS
// alike. Everything it does is controllable at any moment:
//
//     FaultProxy proxy(server.port());
//     QVERIFY(proxy.listen());
//     SocketIO io(proxy.url());
//     ...
//     proxy.setStalled(true);       // the network freezes: nothing moves, sockets stay open
//     proxy.cutAll();               // every connection drops now
//     proxy.cutOnPattern(FaultProxy::ServerToClient, "3probe"); // the next connection whose
//                                   // server sends "3probe" is cut right after those bytes
//
// Cuts that happen "after" some bytes forward exactly those bytes, then close the client side
// (FIN after the data) and abort the server side. Buffers are bounded (maxBuffer per direction
// and connection): when a side cannot drain, the relay stops reading the other, and TCP flow
// control pushes back on the sender.
class FaultProxy : public QObject
{
    Q_OBJECT
public:
    enum Direction { ClientToServer, ServerToClient };
    Q_ENUM(Direction)

    explicit FaultProxy(quint16 targetPort = 0, QObject *parent = nullptr);
    ~FaultProxy() override;

    bool listen();             // on 127.0.0.1, an ephemeral port
    quint16 port() const;
    QUrl url(const QString &scheme = QStringLiteral("http")) const;
    quint16 targetPort() const { return m_targetPort; }
    void setTargetPort(quint16 port) { m_targetPort = port; } // for later connections

    // --- faults ----------------------------------------------------------------------------
    void cutAll();                   // aborts every open connection now
    void setRefusing(bool refuse);   // new connections are closed as soon as they are accepted
    bool isRefusing() const { return m_refusing; }
    void setStalled(bool stalled);   // no byte moves in either direction; sockets stay open
    bool isStalled() const { return m_stalled; }
    void setDelay(int ms);           // each chunk read waits ms before it is forwarded
    int delay() const { return m_delayMs; }
    // Forward in pieces of at most `bytes` (0: as read), each written (and flushed) on its own,
    // `intervalMs` apart (0: back to back).
    void setFragmentation(int bytes, int intervalMs = 0);
    // The connection that carries the n-th byte (counted from now) from the server is cut
    // right after it. Once.
    void cutAfterServerBytes(qint64 n);
    // The next connection whose stream in `direction` contains `pattern` is cut right after
    // the pattern and `extraBytes` more bytes of that stream (negative: that many bytes before
    // the end of the pattern, e.g. inside HTTP headers found by the body that follows them).
    // Once (or on every match while
    // `once` is false). Client-to-server WebSocket frames are masked: match their HTTP
    // upgrade request, not their payload.
    void cutOnPattern(Direction direction, const QByteArray &pattern, qint64 extraBytes = 0, bool once = true);
    void clearFaults();              // stall, delay, fragmentation, refusal and armed cuts off

    // --- what happened -----------------------------------------------------------------------
    int openConnections() const;
    int acceptedConnections() const { return m_accepted; }
    int cutConnections() const { return m_cuts; }
    qint64 bytesForwarded(Direction direction) const { return m_forwarded[direction]; }
    // Everything forwarded so far in one direction, concatenated over connections (first
    // `keep` bytes only; for assertions on small exchanges).
    QByteArray transcript(Direction direction) const { return m_transcript[direction]; }

    qint64 maxBuffer = 1 << 20;      // per direction and connection
    qint64 transcriptLimit = 1 << 20;

Q_SIGNALS:
    void accepted();
    void matched(FaultProxy::Direction direction, const QByteArray &pattern);
    void cut(const QString &why);

private:
    friend class FaultProxyConnection;
    struct Rule {
        Direction direction;
        QByteArray pattern;
        qint64 extra = 0;
        bool once = true;
    };
    void onNewConnection();
    void pumpAll();

    QTcpServer m_server;
    quint16 m_targetPort;
    QList<QPointer<FaultProxyConnection>> m_connections;
    QList<Rule> m_rules;
    qint64 m_serverBytesLeft = -1; // cutAfterServerBytes: -1 when not armed
    bool m_refusing = false;
    bool m_stalled = false;
    int m_delayMs = 0;
    int m_fragmentBytes = 0;
    int m_fragmentIntervalMs = 0;
    int m_accepted = 0;
    int m_cuts = 0;
    qint64 m_forwarded[2] = {0, 0};
    QByteArray m_transcript[2];
};

#endif // FAULTPROXY_H
