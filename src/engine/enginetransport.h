#ifndef SOCKETIOQT_ENGINETRANSPORT_H
#define SOCKETIOQT_ENGINETRANSPORT_H

#include "engineiocodec.h"
#include <SocketIOQt/socketioqt_export.h>

#include <QtCore/qhash.h>
#include <QtCore/qobject.h>
#include <QtCore/qurl.h>
#include <QtNetwork/qnetworkproxy.h>
#include <QtNetwork/qsslconfiguration.h>
#include <QtNetwork/qsslerror.h>

#include <optional>

namespace SocketIOQt {

// What every transport needs to reach the server.
struct EngineTransportOptions
{
    QUrl url; // the Engine.IO endpoint with EIO, transport and (once known) sid in its query
    QHash<QByteArray, QByteArray> headers;
    std::optional<QSslConfiguration> sslConfiguration; // unset: Qt's default
    EngineIOCodec::Version version = EngineIOCodec::V4;
    bool detectVersion = false; // Protocol "auto": an EIO 3 answer switches to EIO 3
    QList<QSslError> ignoredSslErrors;
    std::optional<QNetworkProxy> proxy; // unset: the default proxy (a QNetworkProxy costs an allocation)
    qint64 maxMessageSize = 100000000; // the largest frame or HTTP body accepted, bytes
};

// One way of carrying Engine.IO packets (WebSocket or HTTP long-polling).
// Transports only move packets; the handshake, heartbeat and upgrade logic
// live in EngineSocket.
class EngineTransport : public QObject
{
    Q_OBJECT
public:
    // ClosedError: an open connection closed without an orderly close (the peer died):
    // "transport close", as the JavaScript client calls a closed WebSocket, yet an error.
    enum Error { NoError, ConnectionError, ProtocolError, SslError, ClosedError };
    Q_ENUM(Error)

    // Who hears what the transport reports (its EngineSocket). Direct calls rather than signals:
    // a signal connection costs memory in each of the thousands of connections a process may
    // hold (socketio-load). A call may close or abort the transport: it reports nothing after.
    class Listener
    {
    public:
        virtual void transportOpened(EngineTransport *transport) = 0;
        virtual void transportPacket(EngineTransport *transport, const EngineIOPacket &packet) = 0;
        // The transport is gone: error is NoError for an orderly close by the peer.
        virtual void transportClosed(EngineTransport *transport, Error error, const QString &description) = 0;
        virtual void transportSslErrors(EngineTransport *transport, const QList<QSslError> &errors) = 0;

    protected:
        ~Listener() = default;
    };

    explicit EngineTransport(const EngineTransportOptions &options, QObject *parent = nullptr);

    // nullptr: nothing more is reported (whoever listened lets go of the transport).
    void setListener(Listener *listener) { m_listener = listener; }

    virtual QString name() const = 0;
    virtual void open() = 0;
    virtual void send(const QList<EngineIOPacket> &packets) = 0;
    // Flushes what was sent, closes orderly and deletes itself; no further
    // signals. The caller lets go of the object (it must not be its parent).
    virtual void close() = 0;
    // Closes at once, without further signals.
    virtual void abort() = 0;
    // Bytes sent but not yet taken by the server (about, for polling).
    virtual qint64 bytesToWrite() const = 0;

    const EngineTransportOptions &options() const { return m_options; }
    EngineIOCodec::Version version() const { return m_options.version; }
    void setVersion(EngineIOCodec::Version version) { m_options.version = version; }

protected:
    void reportOpened();
    void reportPacket(const EngineIOPacket &packet);
    void reportClosed(Error error, const QString &description);
    void reportSslErrors(const QList<QSslError> &errors);

    EngineTransportOptions m_options;
    Listener *m_listener = nullptr;
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_ENGINETRANSPORT_H
