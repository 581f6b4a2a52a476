#include "socketiodecoder.h"
#include "socketiodecoder_p.h"
#include "jsoncodec_p.h"
#include "payloadrules_p.h"
#include "utf8_p.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace SocketIOQt {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isBinaryType(SocketIOPacket::Type type)
{
    return type == SocketIOPacket::BinaryEvent || type == SocketIOPacket::BinaryAck;
}

bool failHeader(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

// What the header of a text packet says; the packet is made once, from it and the payload.
struct Header
{
    QString nsp = QStringLiteral("/");
    qint64 id = -1;
    qsizetype payloadOffset = 0;
    int attachments = 0;
    SocketIOPacket::Type type = SocketIOPacket::Event;

    SocketIOPacket toPacket(const QVariant &data) const
    {
        SocketIOPacket packet(type, nsp, data, id);
        packet.setAttachments(attachments);
        return packet;
    }
};

// The header "<type>[<attachments>-][<nsp>,][<id>]", checked as socket.io-parser checks it.
bool readHeader(const QByteArray &text, int revision, int maxAttachments, Header *header,
                QString *error)
{
    const char *const begin = text.constBegin();
    const char *p = begin;
    const char *const end = text.constEnd();
    if (p == end)
        return failHeader(error, QStringLiteral("empty packet"));

    const int maxType = revision >= 4 ? SocketIOPacket::BinaryAck : SocketIOPacket::BinaryEvent;
    if (!isDigit(*p) || *p - '0' > maxType)
        return failHeader(error, QStringLiteral("unknown packet type %1").arg(SocketIOUtf8::describeByte(*p)));
    header->type = SocketIOPacket::Type(*p++ - '0');

    if (isBinaryType(header->type)) {
        // The count bounds nothing that is allocated: it is only compared.
        const char *digits = p;
        qint64 count = 0;
        for (; p < end && isDigit(*p); ++p) {
            if (count <= maxAttachments)
                count = count * 10 + (*p - '0');
        }
        if (p == digits || p == end || *p != '-')
            return failHeader(error, QStringLiteral("invalid attachment count"));
        ++p;
        if (count > maxAttachments) {
            return failHeader(error, QStringLiteral("too many attachments (the limit is %1)")
                                .arg(maxAttachments));
        }
        if (count == 0 && revision >= 5) // as socket.io-parser 4.2
            return failHeader(error, QStringLiteral("invalid attachment count"));
        header->attachments = int(count);
    }

    if (p < end && *p == '/') {
        const char *start = p;
        while (p < end && *p != ',')
            ++p;
        if (!SocketIOUtf8::isValid(reinterpret_cast<const uchar *>(start),
                                   reinterpret_cast<const uchar *>(p))) {
            return failHeader(error, QStringLiteral("invalid UTF-8 in namespace"));
        }
        header->nsp = QString::fromUtf8(start, p - start);
        if (p < end)
            ++p; // ','
    }

    if (p < end && isDigit(*p)) {
        qint64 id = 0;
        for (; p < end && isDigit(*p); ++p) {
            const int d = *p - '0';
            if (id > (std::numeric_limits<qint64>::max() - d) / 10)
                return failHeader(error, QStringLiteral("ack id out of range"));
            id = id * 10 + d;
        }
        header->id = id;
    }

    header->payloadOffset = p - begin;
    return true;
}

} // namespace

class SocketIODecoderPrivate
{
public:
    SocketIODecoderPrivate(int revision, const Limits &limits)
        : limits(limits), revision(revision)
    {}

    SocketIODecoder::Status fail(const QString &message);
    void reset();

    Header header;                   // of the packet waiting for attachments
    QVariant data;                   // its payload, placeholders not yet filled
    QList<QByteArray> attachments;
    SocketIOPacket packet;           // the packet ready for takePacket()
    QString error;
    Limits limits;
    qint64 bytes = 0;
    int revision;
    bool awaiting = false;
};

SocketIODecoder::SocketIODecoder(int revision)
    : SocketIODecoder(revision, Limits())
{}

SocketIODecoder::SocketIODecoder(int revision, const Limits &limits)
    : d_ptr(std::make_unique<SocketIODecoderPrivate>(revision, limits))
{}

SocketIODecoder::SocketIODecoder(SocketIODecoder &&other) noexcept = default;
SocketIODecoder &SocketIODecoder::operator=(SocketIODecoder &&other) noexcept = default;
SocketIODecoder::~SocketIODecoder() = default;

SocketIODecoder::Status SocketIODecoder::addText(const QByteArray &utf8)
{
    Q_D(SocketIODecoder);
    if (d->awaiting) {
        return d->fail(QStringLiteral("text packet while %1 of %2 binary attachments are missing")
                               .arg(d->header.attachments - d->attachments.size())
                               .arg(d->header.attachments));
    }
    d->reset();
    if (utf8.size() > d->limits.maxPacketSize()) {
        return d->fail(QStringLiteral("packet of %1 bytes exceeds the limit of %2")
                               .arg(utf8.size()).arg(d->limits.maxPacketSize()));
    }
    Header header;
    QString error;
    if (!readHeader(utf8, d->revision, d->limits.maxAttachments(), &header, &error))
        return d->fail(error);
    const char *p = utf8.constBegin() + header.payloadOffset;
    const char *const end = utf8.constEnd();

    QVariant data;
    if (p < end) {
        const QByteArrayView json(p, end - p);
        SocketIOJson::ReadOptions options;
        options.maxDepth = d->limits.maxDepth();
        options.placeholders = isBinaryType(header.type);
        options.attachmentCount = header.attachments;
        options.keepPlaceholders = true;
        QString jsonError;
        if (!SocketIOJson::read(json, &data, &jsonError, options)) {
            // Servers of revisions 3 and 4 may send an ERROR's reason unquoted.
            if (header.type == SocketIOPacket::ConnectError && d->revision < 5)
                data = QString::fromUtf8(json);
            else
                return d->fail(QStringLiteral("invalid JSON payload: %1").arg(jsonError));
        }
    }
    if (!SocketIOPayload::isValid(header.type, data, d->revision)) {
        return d->fail(QStringLiteral("invalid payload for %1")
                               .arg(SocketIOPacket::typeName(header.type)));
    }

    d->bytes = utf8.size();
    if (header.attachments == 0) {
        d->packet = header.toPacket(data);
        return PacketReady;
    }
    // The placeholders were checked against the count; they are filled once
    // every attachment is in (the packet is not made before).
    d->header = std::move(header);
    d->data = std::move(data);
    d->awaiting = true;
    return NeedAttachments;
}

bool SocketIODecoder::decodeHeader(const QByteArray &text, int revision, SocketIOPacket *packet,
                                   qsizetype *payloadOffset, QString *error)
{
    Header header;
    const bool ok = readHeader(text, revision, Limits().maxAttachments(), &header, error);
    if (ok && packet)
        *packet = header.toPacket(QVariant());
    if (payloadOffset)
        *payloadOffset = ok ? header.payloadOffset : 0;
    return ok;
}

namespace SocketIOTextEvent {

bool readHeader(const QByteArray &text, int revision, const Limits &limits, EventSpans *event)
{
    if (text.isEmpty() || text.front() != '0' + SocketIOPacket::Event
        || text.size() > limits.maxPacketSize()) {
        return false;
    }
    Header header;
    if (!SocketIOQt::readHeader(text, revision, limits.maxAttachments(), &header, nullptr)
        || header.payloadOffset == text.size()) {
        return false;
    }
    event->nsp = std::move(header.nsp);
    event->id = header.id;
    event->payload = QByteArrayView(text).sliced(header.payloadOffset);
    return true;
}

bool split(int revision, const Limits &limits, EventSpans *event)
{
    SocketIOJson::ReadOptions options;
    options.maxDepth = limits.maxDepth();
    event->spans.clear();
    event->members.pairs.clear();
    event->members.index.clear();
    // The payload rules of an EVENT (see SocketIOPayload::isValid()) for a string name; a
    // number as the name is left to the decoder.
    return SocketIOJson::check(event->payload, options, &event->spans, nullptr, &event->members)
            && !event->spans.isEmpty() // only the outermost array has spans
            && SocketIOJson::readString(event->spans.front(), &event->name)
            && (revision < 5 || !SocketIOPayload::isReservedEventName(event->name));
}

} // namespace SocketIOTextEvent

SocketIODecoder::Status SocketIODecoder::addBinary(const QByteArray &attachment)
{
    Q_D(SocketIODecoder);
    if (!d->awaiting)
        return d->fail(QStringLiteral("unexpected binary attachment"));
    d->bytes += attachment.size();
    if (d->bytes > d->limits.maxPacketSize()) {
        return d->fail(QStringLiteral("packet with attachments exceeds the limit of %1 bytes")
                               .arg(d->limits.maxPacketSize()));
    }
    d->attachments.append(attachment);
    if (d->attachments.size() < d->header.attachments)
        return NeedAttachments;

    // The tree is the decoder's alone: the placeholders are filled in place.
    SocketIOJson::fillPlaceholders(d->data, d->attachments);
    d->packet = d->header.toPacket(std::exchange(d->data, QVariant()));
    d->attachments.clear();
    d->awaiting = false;
    return PacketReady;
}

SocketIOPacket SocketIODecoder::takePacket()
{
    Q_D(SocketIODecoder);
    return std::exchange(d->packet, SocketIOPacket());
}

bool SocketIODecoder::isAwaitingAttachments() const
{
    Q_D(const SocketIODecoder);
    return d->awaiting;
}

QString SocketIODecoder::errorString() const
{
    Q_D(const SocketIODecoder);
    return d->error;
}

void SocketIODecoder::reset()
{
    Q_D(SocketIODecoder);
    d->reset();
}

void SocketIODecoderPrivate::reset()
{
    header = Header();
    data = QVariant();
    attachments.clear();
    packet = SocketIOPacket();
    error.clear();
    bytes = 0;
    awaiting = false;
}

SocketIODecoder::Status SocketIODecoderPrivate::fail(const QString &message)
{
    reset();
    error = message;
    return SocketIODecoder::Error;
}

int SocketIODecoder::revision() const
{
    Q_D(const SocketIODecoder);
    return d->revision;
}

void SocketIODecoder::setRevision(int revision)
{
    Q_D(SocketIODecoder);
    d->revision = revision;
}

Limits SocketIODecoder::limits() const
{
    Q_D(const SocketIODecoder);
    return d->limits;
}

void SocketIODecoder::setLimits(const Limits &limits)
{
    Q_D(SocketIODecoder);
    d->limits = limits;
}

} // namespace SocketIOQt
