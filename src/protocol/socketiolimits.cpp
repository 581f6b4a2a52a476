#include "socketiolimits.h"

namespace SocketIOQt {

class LimitsPrivate : public QSharedData
{
public:
    int maxAttachments = 1000;
    int maxDepth = 128;
    qint64 maxPacketSize = 100000000;
    qint64 maxBufferSize = 100000000;
    qint64 maxWriteBufferSize = 200000000;
    int maxCookiesPerHost = 50;
    qint64 maxCookieJarSize = 1000000;
};

namespace {
// Every default-constructed Limits shares one: a connection that keeps the defaults allocates
// none (a setter detaches).
const QSharedDataPointer<LimitsPrivate> &defaultLimits()
{
    static const QSharedDataPointer<LimitsPrivate> defaults(new LimitsPrivate);
    return defaults;
}
} // namespace

Limits::Limits()
    : d(defaultLimits())
{}

Limits::Limits(const Limits &other) = default;
Limits::Limits(Limits &&other) noexcept = default;
Limits &Limits::operator=(const Limits &other) = default;
Limits::~Limits() = default;

int Limits::maxAttachments() const
{
    return d->maxAttachments;
}

void Limits::setMaxAttachments(int count)
{
    d->maxAttachments = count;
}

int Limits::maxDepth() const
{
    return d->maxDepth;
}

void Limits::setMaxDepth(int depth)
{
    d->maxDepth = depth;
}

qint64 Limits::maxPacketSize() const
{
    return d->maxPacketSize;
}

void Limits::setMaxPacketSize(qint64 bytes)
{
    d->maxPacketSize = bytes;
}

qint64 Limits::maxBufferSize() const
{
    return d->maxBufferSize;
}

void Limits::setMaxBufferSize(qint64 bytes)
{
    d->maxBufferSize = bytes;
}

qint64 Limits::maxWriteBufferSize() const
{
    return d->maxWriteBufferSize;
}

void Limits::setMaxWriteBufferSize(qint64 bytes)
{
    d->maxWriteBufferSize = bytes;
}

int Limits::maxCookiesPerHost() const
{
    return d->maxCookiesPerHost;
}

void Limits::setMaxCookiesPerHost(int count)
{
    d->maxCookiesPerHost = count;
}

qint64 Limits::maxCookieJarSize() const
{
    return d->maxCookieJarSize;
}

void Limits::setMaxCookieJarSize(qint64 bytes)
{
    d->maxCookieJarSize = bytes;
}

bool operator==(const Limits &lhs, const Limits &rhs)
{
    return lhs.d == rhs.d
            || (lhs.d->maxAttachments == rhs.d->maxAttachments && lhs.d->maxDepth == rhs.d->maxDepth
                && lhs.d->maxPacketSize == rhs.d->maxPacketSize && lhs.d->maxBufferSize == rhs.d->maxBufferSize
                && lhs.d->maxWriteBufferSize == rhs.d->maxWriteBufferSize
                && lhs.d->maxCookiesPerHost == rhs.d->maxCookiesPerHost
                && lhs.d->maxCookieJarSize == rhs.d->maxCookieJarSize);
}

} // namespace SocketIOQt
