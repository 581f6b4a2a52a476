#ifndef SOCKETIOQT_NAMESPACEHOST_P_H
#define SOCKETIOQT_NAMESPACEHOST_P_H

#include <QtCore/qstring.h>
#include <QtCore/qvariant.h>

namespace SocketIOQt {

class Namespace;
class SocketIOPacket;

// The one seam between a Namespace and the connection that owns it: everything a namespace may
// ask of its SocketIO (which implements it in SocketIOPrivate). The other way, the connection
// drives its namespaces through NamespacePrivate's "called by the SocketIO" functions.
class NamespaceHost
{
public:
    // The session is up and its revision known: packets may go out.
    virtual bool isOpen() const = 0;
    // The protocol revision of the current connection (3, 4 or 5).
    virtual int revision() const = 0;
    // The Engine.IO session id: revisions 3-4 derive the socket ids from it.
    virtual QString engineSessionId() const = 0;
    // Revisions 3-4: the server joins "/" by itself, so its CONNECT must not be sent; once "/"
    // was joined, a later join asks.
    virtual bool joinsRootImplicitly() const = 0;
    virtual void rootJoined() = 0;
    // The connection's credentials, for namespaces without their own.
    virtual QVariantMap defaultAuth() const = 0;
    // The bound on each namespace's send, receive and retry buffers, in packets.
    virtual int bufferLimit() const = 0;
    // The same bound in bytes (Limits::maxBufferSize()).
    virtual qint64 bufferSizeLimit() const = 0;
    // A namespace got a typed handler: plain JSON events may skip the tree (see
    // SocketIOPrivate::takeTypedEvent()); until then, they do not even look.
    virtual void typedListenerAdded() = 0;
    // The server broke the protocol (or a bound): the connection ends with a protocol error.
    virtual void failProtocol(const QString &message) = 0;

    virtual void sendPacket(const SocketIOPacket &packet) = 0;
    // An emit was refused because a buffer was full (SocketIO::sendBufferOverflow()).
    virtual void reportBufferOverflow(const QString &nsp, const QString &event) = 0;
    // Namespace::open() on a connection that is not open: opens it, unless it is on its way.
    virtual void openFor(Namespace *ns) = 0;
    // A namespace was left: the connection closes with the last active one.
    virtual void namespaceLeft() = 0;
    // A namespace is being destroyed: forget it (and say DISCONNECT when it was joined).
    virtual void namespaceDestroyed(Namespace *ns, bool joined) = 0;

protected:
    ~NamespaceHost() = default;
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_NAMESPACEHOST_P_H
