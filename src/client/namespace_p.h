#ifndef SOCKETIOQT_NAMESPACE_P_H
#define SOCKETIOQT_NAMESPACE_P_H

#include "namespace.h"
#include "ackhandle_p.h"
#include "namespacehost_p.h"
#include "socketiopacket.h"

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qhash.h>
#include <QtCore/qmap.h>
#include <QtCore/qtimer.h>
#include <QtCore/qpointer.h>
#include <QtCore/qurlquery.h>

#include <memory>

namespace SocketIOQt {

class NamespacePrivate
{
    Q_DECLARE_PUBLIC(Namespace)
public:
    NamespacePrivate(Namespace *q, SocketIO *io, NamespaceHost *host, const QString &name);

    // Called by the SocketIO that owns the namespace.
    void onEngineOpen();                        // send CONNECT when active
    void scheduleConnect();                     // send CONNECT from the event loop (socket(), open())
    // Consumed: an event's arguments move on. wireSize: its size on the wire, in bytes.
    void onPacket(SocketIOPacket packet, qint64 wireSize = 0);
    void onEngineClose(const QString &reason);  // the connection is gone
    void onEngineError(const QString &message); // a (re)connection attempt failed
    // Typed handlers without the tree (SocketIOPrivate::takeTypedEvent()): whether nothing but
    // the listeners of an event could want its tree now, and the event delivered to them, when
    // they all take the arguments as they came (false, and nothing done, when one does not).
    bool takesEncodedEvents() const;
    bool onEncodedEvent(const QString &event, qint64 id, const detail::EncodedArguments &args);

    // How an acknowledgement (or its failure) reaches whoever waits for it.
    using AckResult = std::function<void(const QVariantList &args, AckReply::Error error)>;

    bool emitPacket(const QString &event, const QVariantList &args, Namespace::AckCallback callback,
                    const QObject *context, AckReply *reply, int timeoutMs, bool isVolatile);
    bool sendEvent(const QString &event, const QVariantList &args, AckResult onAck, int timeoutMs,
                   bool isVolatile, AckReply *reply = nullptr, bool retried = false);
    bool enqueueReliable(const QString &event, const QVariantList &args, AckResult onAck);
    void drainQueue(bool force);
    void onQueuedAck(quint64 seq, const QVariantList &args, AckReply::Error error);
    bool sendAck(const AckHandle::State &state, const QVariantList &args);
    void leave(const QString &reason, bool sendDisconnect);

    // Revisions 3-4 carry credentials in query strings: strings as they are,
    // numbers and booleans as text, anything else as JSON.
    static void appendCredentials(QUrlQuery *query, const QVariantMap &credentials);

    struct Listener {
        Namespace::ListenerId id = 0;
        QPointer<const QObject> context;
        bool hasContext = false;
        bool once = false;
        bool removed = false;
        Namespace::Handler handler;
        detail::EncodedHandler encodedHandler; // typed handlers: the same, reading the arguments as they came
        Namespace::AnyHandler anyHandler;
        Namespace::AnyOutgoingHandler outgoingHandler;
        bool alive() const { return !removed && (!hasContext || context); }
    };
    using ListenerList = QList<std::shared_ptr<Listener>>;

    struct PendingAck {
        QString event;
        AckResult onAck;
        QPointer<AckReply> reply; // restarted when the packet leaves the send buffer
        QElapsedTimer elapsed;
        qint64 deadline = -1;     // on ackClock, -1: waits forever
        bool retried = false;     // belongs to the retry queue: a disconnection is no answer
    };
    struct QueuedEmit {           // the retry queue (retries > 0)
        quint64 seq = 0;
        QString event;
        QVariantList args;
        AckResult onAck;
        int tries = 0;
        bool pending = false;
    };

    Namespace *q_ptr;
    SocketIO *io;
    NamespaceHost *host; // all the namespace asks of its connection
    QString name;
    QString id;
    QVariantMap auth;
    bool hasAuth = false;
    bool connected = false;
    bool connectPending = false; // a CONNECT went out on this connection and is not answered yet
    bool connectQueued = false;  // scheduleConnect() was called, the CONNECT has not left yet
    bool active = false;
    bool recovered = false;
    int ackTimeout = 0;
    int retries = 0;
    QList<QueuedEmit> retryQueue;
    quint64 nextQueueSeq = 0;
    Namespace::Error error = Namespace::NoError;
    QString errorString;

    quint64 session = 0; // bumped at each (dis)connection: stale AckHandles are refused
    qint64 nextAckId = 0;
    QHash<qint64, PendingAck> acks;
    // Ack timeouts: one timer for all, armed for the earliest deadline, so that answered acks
    // leave nothing behind (a timer per emit would live until its timeout).
    QMultiMap<qint64, qint64> ackDeadlines; // deadline on ackClock -> ack id
    QElapsedTimer ackClock;
    QTimer *ackTimer = nullptr;             // a child of the Namespace, created on first use
    qint64 ackTimerDeadline = 0;            // what ackTimer is armed for, on ackClock
    QList<SocketIOPacket> sendBuffer; // waiting for the connection, in order
    qint64 sendBufferBytes = 0;       // about: see approximateSize()
    // Events that arrived before our CONNECT was answered (a recovering server replays the
    // missed ones first): delivered once connected, as the JS client's receiveBuffer.
    QList<SocketIOPacket> receiveBuffer;
    qint64 receiveBufferBytes = 0;    // as they came on the wire
    QString pid;                      // connection state recovery
    QString lastOffset;

    QHash<QString, ListenerList> listeners;
    ListenerList anyListeners;
    ListenerList anyOutgoingListeners;
    Namespace::ListenerId nextListenerId = 1;
    bool encodedListeners = false; // a typed handler was added: events may skip the tree

private:
    void sendConnect();
    void onConnect(const SocketIOPacket &packet);
    void onEvent(SocketIOPacket packet);
    AckHandle ackHandle(qint64 id);
    template <typename Call>
    void callListeners(const ListenerList &listeners, Call call);
    void onAck(const SocketIOPacket &packet);
    void onConnectError(const SocketIOPacket &packet);
    void setConnected(bool connected);
    void setActive(bool active);
    void setError(Namespace::Error error, const QString &message);
    void finishAck(qint64 id, const QVariantList &args, AckReply::Error error);
    void startAckTimeout(qint64 id, int ms);
    void armAckTimer();
    void onAckTimeouts();
    void failPendingAcks(AckReply::Error error);
    void sendPacket(const SocketIOPacket &packet);
    void flushSendBuffer();
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_NAMESPACE_P_H
