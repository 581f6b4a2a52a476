#include "engineiocodec.h"
#include "jsoncodec_p.h"
#include "utf8_p.h"

#include <algorithm>
#include <limits>

namespace SocketIOQt {

namespace {

using SocketIOUtf8::describeByte;

constexpr char RecordSeparator = '\x1e'; // EIO 4 payloads
constexpr int MaxLengthDigits = 10;      // EIO 3 record lengths; a body is never that large

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

bool fromBase64(QByteArrayView base64, QByteArray *out)
{
    auto result = QByteArray::fromBase64Encoding(base64.toByteArray(),
                                                 QByteArray::AbortOnBase64DecodingErrors);
    if (!result)
        return false;
    *out = std::move(*result);
    return true;
}

bool isBinaryMessage(const EngineIOPacket &packet)
{
    return packet.isBinary() && packet.type() == EngineIOPacket::Message;
}

// "<type digit>[data]": the form of a packet in a text frame and in a text payload.
void appendStringPacket(QByteArray &out, const EngineIOPacket &packet)
{
    out.append(char('0' + packet.type()));
    out.append(packet.data());
}

QByteArray encodeStringPacket(const EngineIOPacket &packet)
{
    QByteArray s;
    s.reserve(packet.data().size() + 1);
    appendStringPacket(s, packet);
    return s;
}

// Reverses encodeStringPacket, and also reads binary messages written as text:
// "b" + base64 (EIO 4) or "b4" + base64 (EIO 3), as engine.io-parser's
// decodePacket does wherever a string packet may appear.
bool decodeStringPacket(QByteArrayView s, EngineIOCodec::Version version,
                        EngineIOPacket *packet, QString *error)
{
    if (s.isEmpty())
        return fail(error, QStringLiteral("empty packet"));
    const char first = s.front();
    if (first == 'b') {
        QByteArrayView base64 = s.sliced(1);
        if (version == EngineIOCodec::V3) {
            if (base64.isEmpty() || base64.front() != '0' + EngineIOPacket::Message)
                return fail(error, QStringLiteral("base64 packet that is not a message"));
            base64 = base64.sliced(1);
        }
        QByteArray bytes;
        if (!fromBase64(base64, &bytes))
            return fail(error, QStringLiteral("invalid base64 in binary packet"));
        *packet = EngineIOPacket(EngineIOPacket::Message, bytes, true);
        return true;
    }
    if (first < '0' + EngineIOPacket::Open || first > '0' + EngineIOPacket::Noop)
        return fail(error, QStringLiteral("unknown packet type %1").arg(describeByte(first)));
    *packet = EngineIOPacket(EngineIOPacket::Type(first - '0'), s.sliced(1).toByteArray());
    return true;
}

// Length of a UTF-8 string in UTF-16 code units, as JavaScript's String.length.
qsizetype utf16Length(QByteArrayView utf8)
{
    qsizetype units = 0;
    for (const char c : utf8) {
        const uchar b = uchar(c);
        if ((b & 0xC0) != 0x80)
            units += b >= 0xF0 ? 2 : 1;
    }
    return units;
}

// engine.io-parser 1.x runs utf8.encode() over string packets in polling
// payloads: every byte of the UTF-8 becomes one character, itself sent as UTF-8.
QByteArray addUtf8Layer(QByteArrayView bytes)
{
    QByteArray out;
    out.reserve(bytes.size() * 2);
    for (const char c : bytes) {
        const uchar b = uchar(c);
        if (b < 0x80) {
            out.append(char(b));
        } else {
            out.append(char(0xC0 | (b >> 6)));
            out.append(char(0x80 | (b & 0x3F)));
        }
    }
    return out;
}

// Expects valid UTF-8 (checked by the caller while counting).
bool removeUtf8Layer(QByteArrayView text, QByteArray *out)
{
    out->clear();
    out->reserve(text.size());
    const uchar *p = reinterpret_cast<const uchar *>(text.data());
    const uchar *const end = p + text.size();
    while (p < end) {
        const char32_t cp = SocketIOUtf8::decode(p, end);
        if (cp > 0xFF)
            return false;
        out->append(char(cp));
    }
    const uchar *inner = reinterpret_cast<const uchar *>(out->constData());
    return SocketIOUtf8::isValid(inner, inner + out->size());
}

// XHR2 binary payload (EIO 3): per record, 0 (string) or 1 (binary), the
// length as one byte per decimal digit, 0xFF, then the packet; a binary
// packet starts with its type byte.
QByteArray encodeBinaryPayload(const QList<EngineIOPacket> &packets)
{
    QByteArray body;
    for (const EngineIOPacket &packet : packets) {
        const bool binary = isBinaryMessage(packet);
        body.append(char(binary ? 1 : 0));
        for (const char digit : QByteArray::number(packet.data().size() + 1))
            body.append(char(digit - '0'));
        body.append(char(0xFF));
        body.append(binary ? char(packet.type()) : char('0' + packet.type()));
        body.append(packet.data());
    }
    return body;
}

bool decodeBinaryPayload(QByteArrayView body, QList<EngineIOPacket> *packets, QString *error)
{
    const uchar *const begin = reinterpret_cast<const uchar *>(body.data());
    const uchar *const end = begin + body.size();
    const uchar *p = begin;
    const auto failAt = [&](const uchar *at, const QString &what) {
        return fail(error, QStringLiteral("%1 at offset %2").arg(what).arg(at - begin));
    };
    while (p < end) {
        const uchar *recordStart = p;
        const uchar kind = *p++;
        if (kind > 1)
            return failAt(recordStart, QStringLiteral("invalid record kind %1").arg(describeByte(kind)));
        qint64 length = 0;
        int digits = 0;
        for (; p < end && *p != 0xFF; ++p) {
            if (*p > 9)
                return failAt(p, QStringLiteral("invalid length digit %1").arg(describeByte(*p)));
            if (++digits > MaxLengthDigits)
                return failAt(p, QStringLiteral("record length too long"));
            length = length * 10 + *p;
        }
        if (p == end)
            return failAt(recordStart, QStringLiteral("truncated record header"));
        if (digits == 0)
            return failAt(p, QStringLiteral("missing record length"));
        ++p;
        if (length > end - p) {
            return failAt(recordStart, QStringLiteral("record length %1 exceeds the %2 remaining bytes")
                                               .arg(length).arg(end - p));
        }
        const QByteArrayView record(p, length);
        const uchar *recordData = p;
        p += length;
        EngineIOPacket packet;
        if (kind == 0) {
            if (!SocketIOUtf8::isValid(recordData, p))
                return failAt(recordData, QStringLiteral("invalid UTF-8 in string record"));
            QString packetError;
            if (!decodeStringPacket(record, EngineIOCodec::V3, &packet, &packetError))
                return failAt(recordData, packetError);
        } else {
            if (length == 0)
                return failAt(recordData, QStringLiteral("empty binary record"));
            if (record.front() != EngineIOPacket::Message) {
                return failAt(recordData, QStringLiteral("binary record of packet type %1")
                                                  .arg(describeByte(record.front())));
            }
            packet = EngineIOPacket(EngineIOPacket::Message, record.sliced(1).toByteArray(), true);
        }
        packets->append(packet);
    }
    return true;
}

// EIO 3 text payload: "<length>:<packet>" records, the length in UTF-16 code units.
QByteArray encodeTextPayloadV3(const QList<EngineIOPacket> &packets, bool utf8Twice)
{
    QByteArray body;
    for (const EngineIOPacket &packet : packets) {
        QByteArray record;
        qsizetype length;
        if (isBinaryMessage(packet)) {
            record = "b4" + packet.data().toBase64();
            length = record.size();
        } else if (utf8Twice) {
            const QByteArray once = encodeStringPacket(packet);
            length = once.size(); // one character per byte of the first encoding
            record = addUtf8Layer(once);
        } else {
            record = encodeStringPacket(packet);
            length = utf16Length(record);
        }
        body.append(QByteArray::number(length));
        body.append(':');
        body.append(record);
    }
    return body;
}

bool decodeTextPayloadV3(QByteArrayView body, bool utf8Twice, QList<EngineIOPacket> *packets,
                         QString *error)
{
    const uchar *const begin = reinterpret_cast<const uchar *>(body.data());
    const uchar *const end = begin + body.size();
    const uchar *p = begin;
    const auto failAt = [&](const uchar *at, const QString &what) {
        return fail(error, QStringLiteral("%1 at offset %2").arg(what).arg(at - begin));
    };
    while (p < end) {
        const uchar *recordStart = p;
        qint64 length = 0;
        int digits = 0;
        for (; p < end && *p != ':'; ++p) {
            if (*p < '0' || *p > '9')
                return failAt(p, QStringLiteral("invalid record length character %1").arg(describeByte(*p)));
            if (++digits > MaxLengthDigits)
                return failAt(p, QStringLiteral("record length too long"));
            length = length * 10 + (*p - '0');
        }
        if (p == end)
            return failAt(recordStart, QStringLiteral("missing ':' after the record length"));
        if (digits == 0)
            return failAt(p, QStringLiteral("missing record length"));
        ++p;
        // A code unit takes at least one byte: reject impossible lengths up front.
        if (length > end - p) {
            return failAt(recordStart, QStringLiteral("record length %1 exceeds the %2 remaining bytes")
                                               .arg(length).arg(end - p));
        }
        const uchar *packetStart = p;
        qint64 units = 0;
        while (units < length) {
            if (p == end)
                return failAt(recordStart, QStringLiteral("record shorter than its length %1").arg(length));
            if (*p < 0x80) {
                ++p;
                ++units;
                continue;
            }
            const uchar *at = p;
            const char32_t cp = SocketIOUtf8::decode(p, end);
            if (cp == SocketIOUtf8::Invalid)
                return failAt(at, QStringLiteral("invalid UTF-8"));
            units += cp >= 0x10000 ? 2 : 1;
        }
        if (units != length)
            return failAt(recordStart, QStringLiteral("record length %1 splits a character").arg(length));
        if (length == 0)
            continue; // engine.io-parser skips empty records

        QByteArrayView record(packetStart, p - packetStart);
        QByteArray inner;
        if (utf8Twice) {
            if (!removeUtf8Layer(record, &inner))
                return failAt(packetStart, QStringLiteral("invalid double UTF-8 encoding"));
            record = inner;
        }
        EngineIOPacket packet;
        QString packetError;
        if (!decodeStringPacket(record, EngineIOCodec::V3, &packet, &packetError))
            return failAt(packetStart, packetError);
        packets->append(packet);
    }
    return true;
}

// Handshake numbers: any JSON number, integral or not, within [0, max].
bool readNumber(const QVariantMap &map, const QString &key, qint64 max, bool required,
                qint64 *out, QString *error)
{
    const auto it = map.constFind(key);
    if (it == map.cend()) {
        if (required)
            return fail(error, QStringLiteral("handshake without \"%1\"").arg(key));
        return true;
    }
    qint64 value;
    switch (it->typeId()) {
    case QMetaType::Int:
    case QMetaType::LongLong:
        value = it->toLongLong();
        break;
    case QMetaType::Double: {
        // double(max) + 1 is exact for int and rounds to 2^63 for qint64: the
        // truncated value fits either way.
        const double d = it->toDouble();
        if (!(d >= 0 && d < double(max) + 1))
            return fail(error, QStringLiteral("handshake \"%1\" out of range").arg(key));
        value = qint64(d);
        break;
    }
    default:
        return fail(error, QStringLiteral("handshake \"%1\" is not a number").arg(key));
    }
    if (value < 0 || value > max)
        return fail(error, QStringLiteral("handshake \"%1\" out of range").arg(key));
    *out = value;
    return true;
}

} // namespace

bool EngineIOHandshake::parse(const QByteArray &json, EngineIOHandshake *out, QString *error)
{
    SocketIOJson::ReadOptions options;
    options.maxDepth = 8;
    QVariant value;
    QString jsonError;
    if (!SocketIOJson::read(json, &value, &jsonError, options))
        return fail(error, QStringLiteral("invalid handshake JSON: %1").arg(jsonError));
    if (value.typeId() != QMetaType::QVariantMap)
        return fail(error, QStringLiteral("handshake is not a JSON object"));
    const QVariantMap map = value.toMap();

    EngineIOHandshake result;
    const QVariant sid = map.value(QStringLiteral("sid"));
    if (sid.typeId() != QMetaType::QString || sid.toString().isEmpty())
        return fail(error, QStringLiteral("handshake without a session id"));
    result.sid = sid.toString();

    // Optional: EIO 3 servers leave it out on WebSocket-only sessions.
    const auto upgrades = map.constFind(QStringLiteral("upgrades"));
    if (upgrades != map.cend()) {
        if (upgrades->typeId() != QMetaType::QVariantList)
            return fail(error, QStringLiteral("handshake \"upgrades\" is not an array"));
        for (const QVariant &upgrade : upgrades->toList()) {
            if (upgrade.typeId() != QMetaType::QString)
                return fail(error, QStringLiteral("handshake \"upgrades\" holds a non-string"));
            result.upgrades.append(upgrade.toString());
        }
    }

    constexpr qint64 IntMax = std::numeric_limits<int>::max();
    qint64 pingInterval = 0, pingTimeout = 0, maxPayload = result.maxPayload;
    if (!readNumber(map, QStringLiteral("pingInterval"), IntMax, true, &pingInterval, error)
        || !readNumber(map, QStringLiteral("pingTimeout"), IntMax, true, &pingTimeout, error)
        || !readNumber(map, QStringLiteral("maxPayload"), std::numeric_limits<qint64>::max(), false,
                       &maxPayload, error)) {
        return false;
    }
    result.pingInterval = int(pingInterval);
    result.pingTimeout = int(pingTimeout);
    result.maxPayload = maxPayload;
    if (out)
        *out = result;
    return true;
}

QByteArray EngineIOCodec::encodeFrame(const EngineIOPacket &packet, Version version, bool *binaryFrame)
{
    const bool binary = isBinaryMessage(packet);
    if (binaryFrame)
        *binaryFrame = binary;
    if (!binary)
        return encodeStringPacket(packet);
    if (version == V4)
        return packet.data();
    QByteArray frame;
    frame.reserve(packet.data().size() + 1);
    frame.append(char(EngineIOPacket::Message));
    frame.append(packet.data());
    return frame;
}

bool EngineIOCodec::decodeFrame(const QByteArray &frame, bool binaryFrame, Version version,
                                EngineIOPacket *packet, QString *error)
{
    if (!binaryFrame)
        return decodeStringPacket(frame, version, packet, error);
    if (version == V4) {
        *packet = EngineIOPacket(EngineIOPacket::Message, frame, true);
        return true;
    }
    if (frame.isEmpty())
        return fail(error, QStringLiteral("empty binary frame"));
    if (frame.front() != EngineIOPacket::Message) {
        return fail(error, QStringLiteral("binary frame of packet type %1")
                                   .arg(describeByte(frame.front())));
    }
    *packet = EngineIOPacket(EngineIOPacket::Message, frame.sliced(1), true);
    return true;
}

QByteArray EngineIOCodec::encodePayload(const QList<EngineIOPacket> &packets, Version version,
                                        bool *binaryBody, const PayloadOptions &options)
{
    if (binaryBody)
        *binaryBody = false;
    if (version == V4) {
        QByteArray body;
        for (qsizetype i = 0; i < packets.size(); ++i) {
            const EngineIOPacket &packet = packets.at(i);
            if (i)
                body.append(RecordSeparator);
            if (isBinaryMessage(packet)) {
                body.append('b');
                body.append(packet.data().toBase64());
            } else {
                appendStringPacket(body, packet);
            }
        }
        return body;
    }
    const bool anyBinary = std::any_of(packets.cbegin(), packets.cend(), isBinaryMessage);
    if (anyBinary && !options.base64) {
        if (binaryBody)
            *binaryBody = true;
        return encodeBinaryPayload(packets);
    }
    return encodeTextPayloadV3(packets, options.utf8Twice);
}

bool EngineIOCodec::decodePayload(const QByteArray &body, bool binaryBody, Version version,
                                  QList<EngineIOPacket> *packets, QString *error,
                                  const PayloadOptions &options)
{
    if (body.isEmpty())
        return fail(error, QStringLiteral("empty payload"));
    QList<EngineIOPacket> decoded;
    if (version == V4) {
        // EIO 4 bodies are always text, whatever the Content-Type said.
        const QByteArrayView view(body);
        qsizetype start = 0;
        for (;;) {
            qsizetype next = view.indexOf(RecordSeparator, start);
            if (next < 0)
                next = view.size();
            EngineIOPacket packet;
            QString packetError;
            if (!decodeStringPacket(view.sliced(start, next - start), version, &packet, &packetError)) {
                return fail(error, QStringLiteral("%1 in record at offset %2")
                                           .arg(packetError).arg(start));
            }
            decoded.append(packet);
            if (next == view.size())
                break;
            start = next + 1;
        }
    } else if (binaryBody) {
        if (!decodeBinaryPayload(body, &decoded, error))
            return false;
    } else if (!decodeTextPayloadV3(body, options.utf8Twice, &decoded, error)) {
        return false;
    }
    if (packets)
        *packets = std::move(decoded);
    return true;
}

} // namespace SocketIOQt
