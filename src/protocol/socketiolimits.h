#ifndef SOCKETIOQT_SOCKETIOLIMITS_H
#define SOCKETIOQT_SOCKETIOLIMITS_H

#include <SocketIOQt/socketioqt_export.h>

#include <QtCore/qshareddata.h>

namespace SocketIOQt {

class LimitsPrivate;

// The header is not named limits.h: src/protocol is an include directory of the library, where
// that name would hide the C library's <limits.h> (which <climits> includes).

/// The bounds on what a peer can make the library hold. Input beyond them is refused as a
/// protocol error instead of being buffered, so that a hostile or broken server cannot exhaust
/// the client's memory. Set them with SocketIO::setLimits(), or give them to a SocketIODecoder.
///
/// An implicitly shared value: copies are cheap and share their data until one is written to.
/// Every bound the library has is meant to live here; new ones get their own getter and setter,
/// with a default that keeps existing programs working.
///
///     Limits limits;
///     limits.setMaxPacketSize(10 * 1024 * 1024); // 10 MiB per packet, attachments included
///     io.setLimits(limits);
class SOCKETIOQT_EXPORT Limits
{
public:
    /// The defaults: 1000 attachments, a nesting depth of 128, packets of 100,000,000 bytes,
    /// namespace buffers of 100,000,000 bytes, a write queue of 200,000,000 bytes, 50 cookies per
    /// domain and 1,000,000 bytes of cookies in all.
    Limits();
    /// A copy of \a other, sharing its data.
    Limits(const Limits &other);
    /// Moves \a other into a new object; \a other may then only be assigned to or destroyed.
    Limits(Limits &&other) noexcept;
    /// Makes this object a copy of \a other, sharing its data.
    Limits &operator=(const Limits &other);
    /// Swaps this object with \a other.
    Limits &operator=(Limits &&other) noexcept { swap(other); return *this; }
    /// Destroys the object.
    ~Limits();

    /// Swaps this object with \a other; never fails.
    void swap(Limits &other) noexcept { d.swap(other.d); }

    /// The most binary attachments one Socket.IO packet may announce. Default 1000.
    int maxAttachments() const;
    /// Sets the most attachments one packet may announce; a packet announcing more is an error.
    void setMaxAttachments(int count);
    /// The deepest nesting of arrays and objects in a packet's JSON. Default 128.
    int maxDepth() const;
    /// Sets the deepest nesting of a packet's JSON; deeper JSON is an error.
    void setMaxDepth(int depth);
    /// The largest Socket.IO packet, in bytes: its text plus all its attachments. Default 100,000,000.
    qint64 maxPacketSize() const;
    /// Sets the largest packet, in bytes; a larger one is an error.
    void setMaxPacketSize(qint64 bytes);

    /// The most bytes each namespace holds in each of its buffers: the events that arrive before
    /// its CONNECT answer, and the emits waiting while it is offline. Default 100,000,000.
    qint64 maxBufferSize() const;
    /// Sets the most bytes of a namespace buffer. An event that would overflow the receive buffer
    /// ends the connection with a protocol error; an emit that would overflow the send buffer is
    /// refused (SocketIO::sendBufferOverflow()).
    void setMaxBufferSize(qint64 bytes);
    /// The most bytes waiting to be written to the server (a server that stops reading makes them
    /// pile up). Default 200,000,000.
    qint64 maxWriteBufferSize() const;
    /// Sets the most bytes waiting to be written; past it the connection ends with an error.
    void setMaxWriteBufferSize(qint64 bytes);

    /// The most cookies kept per domain, in the cookie jar of the network access manager that
    /// SocketIO creates (one set with SocketIO::setNetworkAccessManager() is the caller's). Default 50.
    int maxCookiesPerHost() const;
    /// Sets the most cookies kept per domain; more are refused, with a warning.
    void setMaxCookiesPerHost(int count);
    /// The most bytes of cookie names and values kept in that jar in all. Default 1,000,000.
    qint64 maxCookieJarSize() const;
    /// Sets the most bytes of cookies kept in all; a cookie past it is refused, with a warning.
    void setMaxCookieJarSize(qint64 bytes);

    /// Whether every bound of \a lhs equals the one of \a rhs.
    friend SOCKETIOQT_EXPORT bool operator==(const Limits &lhs, const Limits &rhs);
    /// Whether any bound of \a lhs differs from the one of \a rhs.
    friend bool operator!=(const Limits &lhs, const Limits &rhs) { return !(lhs == rhs); }

private:
    QSharedDataPointer<LimitsPrivate> d;
};

} // namespace SocketIOQt

Q_DECLARE_SHARED(SocketIOQt::Limits)

#endif // SOCKETIOQT_SOCKETIOLIMITS_H
