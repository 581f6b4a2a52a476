#include "socketiodecoder.h"
#include "jsoncodec_p.h"
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

// Event names that socket.io-parser 4.x refuses on receive.
bool isReservedEventName(const QString &name)
{
    static const QString reserved[] = {
        QStringLiteral("connect"), QStringLiteral("connect_error"), QStringLiteral("disconnect"),
        QStringLiteral("disconnecting"), QStringLiteral("newListener"), QStringLiteral("removeListener"),
    };
    return std::find(std::begin(reserved), std::end(reserved), name) != std::end(reserved);
}

bool isNumber(const QVariant &v)
{
    const int type = v.typeId();
    return type == QMetaType::Int || type == QMetaType::LongLong || type == QMetaType::Double;
}

bool failHeader(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

} // namespace

SocketIODecoder::SocketIODecoder(int revision)
    : m_revision(revision)
{}

SocketIODecoder::SocketIODecoder(int revision, const Limits &limits)
    : m_limits(limits), m_revision(revision)
{}

SocketIODecoder::Status SocketIODecoder::addText(const QByteArray &utf8)
{
    if (m_awaiting) {
        return fail(QStringLiteral("text packet while %1 of %2 binary attachments are missing")
                            .arg(m_packet.attachments - m_attachments.size())
                            .arg(m_packet.attachments));
    }
    reset();
    if (utf8.size() > m_limits.maxPacketSize) {
        return fail(QStringLiteral("packet of %1 bytes exceeds the limit of %2")
                            .arg(utf8.size()).arg(m_limits.maxPacketSize));
    }
    SocketIOPacket packet;
    qsizetype offset = 0;
    QString error;
    if (!readHeader(utf8, m_revision, m_limits.maxAttachments, &packet, &offset, &error))
        return fail(error);
    const bool binary = packet.type == SocketIOPacket::BinaryEvent
            || packet.type == SocketIOPacket::BinaryAck;
    const char *p = utf8.constBegin() + offset;
    const char *const end = utf8.constEnd();

    if (p < end) {
        const QByteArrayView json(p, end - p);
        SocketIOJson::ReadOptions options;
        options.maxDepth = m_limits.maxDepth;
        options.placeholders = binary;
        options.attachmentCount = packet.attachments;
        options.keepPlaceholders = true;
        QString jsonError;
        if (!SocketIOJson::read(json, &packet.data, &jsonError, options)) {
            // Servers of revisions 3 and 4 may send an ERROR's reason unquoted.
            if (packet.type == SocketIOPacket::ConnectError && m_revision < 5)
                packet.data = QString::fromUtf8(json);
            else
                return fail(QStringLiteral("invalid JSON payload: %1").arg(jsonError));
        }
    }
    if (!isPayloadValid(packet)) {
        return fail(QStringLiteral("invalid payload for %1")
                            .arg(SocketIOPacket::typeName(packet.type)));
    }

    m_packet = std::move(packet);
    m_bytes = utf8.size();
    if (m_packet.attachments == 0)
        return PacketReady;
    // The placeholders were checked against the count; they are filled once
    // every attachment is in (the packet is not handed out before).
    m_awaiting = true;
    return NeedAttachments;
}

// The header "<type>[<attachments>-][<nsp>,][<id>]", checked as socket.io-parser checks it.
bool SocketIODecoder::readHeader(const QByteArray &text, int revision, int maxAttachments,
                                 SocketIOPacket *out, qsizetype *payloadOffset, QString *error)
{
    const char *const begin = text.constBegin();
    const char *p = begin;
    const char *const end = text.constEnd();
    if (p == end)
        return failHeader(error, QStringLiteral("empty packet"));

    const int maxType = revision >= 4 ? SocketIOPacket::BinaryAck : SocketIOPacket::BinaryEvent;
    if (!isDigit(*p) || *p - '0' > maxType)
        return failHeader(error, QStringLiteral("unknown packet type %1").arg(SocketIOUtf8::describeByte(*p)));
    SocketIOPacket &packet = *out;
    packet = SocketIOPacket();
    packet.type = SocketIOPacket::Type(*p++ - '0');
    const bool binary = packet.type == SocketIOPacket::BinaryEvent
            || packet.type == SocketIOPacket::BinaryAck;

    if (binary) {
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
        packet.attachments = int(count);
    }

    if (p < end && *p == '/') {
        const char *start = p;
        while (p < end && *p != ',')
            ++p;
        if (!SocketIOUtf8::isValid(reinterpret_cast<const uchar *>(start),
                                   reinterpret_cast<const uchar *>(p))) {
            return failHeader(error, QStringLiteral("invalid UTF-8 in namespace"));
        }
        packet.nsp = QString::fromUtf8(start, p - start);
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
        packet.id = id;
    }

    *payloadOffset = p - begin;
    return true;
}

bool SocketIODecoder::decodeHeader(const QByteArray &text, int revision, SocketIOPacket *packet,
                                   qsizetype *payloadOffset, QString *error)
{
    SocketIOPacket scratch;
    qsizetype offset = 0;
    const bool ok = readHeader(text, revision, Limits().maxAttachments, packet ? packet : &scratch,
                               &offset, error);
    if (payloadOffset)
        *payloadOffset = ok ? offset : 0;
    return ok;
}

SocketIODecoder::Status SocketIODecoder::addBinary(const QByteArray &attachment)
{
    if (!m_awaiting)
        return fail(QStringLiteral("unexpected binary attachment"));
    m_bytes += attachment.size();
    if (m_bytes > m_limits.maxPacketSize) {
        return fail(QStringLiteral("packet with attachments exceeds the limit of %1 bytes")
                            .arg(m_limits.maxPacketSize));
    }
    m_attachments.append(attachment);
    if (m_attachments.size() < m_packet.attachments)
        return NeedAttachments;

    SocketIOJson::fillPlaceholders(m_packet.data, m_attachments);
    m_attachments.clear();
    m_awaiting = false;
    return PacketReady;
}

bool SocketIODecoder::isPayloadValid(const SocketIOPacket &packet) const
{
    const QVariant &data = packet.data;
    const bool none = !data.isValid();
    const bool object = data.typeId() == QMetaType::QVariantMap;
    const bool array = data.typeId() == QMetaType::QVariantList;
    switch (packet.type) {
    case SocketIOPacket::Connect:
        return none || object;
    case SocketIOPacket::Disconnect:
        return none;
    case SocketIOPacket::ConnectError:
        return m_revision < 5 || data.typeId() == QMetaType::QString || object;
    case SocketIOPacket::Event:
    case SocketIOPacket::BinaryEvent: {
        if (!array)
            return false;
        const auto &list = *static_cast<const QVariantList *>(data.constData());
        if (list.isEmpty())
            return false;
        const QVariant &name = list.first();
        if (isNumber(name))
            return true;
        return name.typeId() == QMetaType::QString
                && (m_revision < 5 || !isReservedEventName(name.toString()));
    }
    case SocketIOPacket::Ack:
    case SocketIOPacket::BinaryAck:
        return array || (none && m_revision < 5);
    }
    return false;
}

SocketIOPacket SocketIODecoder::takePacket()
{
    return std::exchange(m_packet, SocketIOPacket());
}

bool SocketIODecoder::isAwaitingAttachments() const
{
    return m_awaiting;
}

QString SocketIODecoder::errorString() const
{
    return m_error;
}

void SocketIODecoder::reset()
{
    m_packet = SocketIOPacket();
    m_attachments.clear();
    m_error.clear();
    m_bytes = 0;
    m_awaiting = false;
}

SocketIODecoder::Status SocketIODecoder::fail(const QString &message)
{
    reset();
    m_error = message;
    return Error;
}

int SocketIODecoder::revision() const
{
    return m_revision;
}

void SocketIODecoder::setRevision(int revision)
{
    m_revision = revision;
}

SocketIODecoder::Limits SocketIODecoder::limits() const
{
    return m_limits;
}

void SocketIODecoder::setLimits(const Limits &limits)
{
    m_limits = limits;
}

} // namespace SocketIOQt
