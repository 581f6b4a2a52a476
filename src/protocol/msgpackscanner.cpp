#include "msgpackscanner_p.h"

#include <cstring>
#include <limits>

namespace SocketIOQt {

namespace {
constexpr qint64 maxSafeInteger = qint64(1) << 53;
}

bool MsgPackScanner::readContainerHeader(qsizetype *count, uchar fixBase, uchar prefix16, qsizetype minBytes)
{
    if (m_p == m_end)
        return truncated();
    const uchar prefix = *m_p;
    if ((prefix & 0xf0) == fixBase) {
        ++m_p;
        *count = prefix & 0x0f;
        return *count * minBytes <= remaining() || truncated();
    }
    if (prefix != prefix16 && prefix != prefix16 + 1)
        return false;
    ++m_p;
    return prefix == prefix16 ? readLength<quint16>(count, minBytes) : readLength<quint32>(count, minBytes);
}

bool MsgPackScanner::readMapHeader(qsizetype *count)
{
    return readContainerHeader(count, 0x80, 0xde, 2);
}

bool MsgPackScanner::readArrayHeader(qsizetype *count)
{
    return readContainerHeader(count, 0x90, 0xdc, 1);
}

// A str or bin: the fixed form (when fixMask is not 0) or the 8, 16 and 32-bit lengths.
bool MsgPackScanner::readSized(QByteArrayView *bytes, uchar fixMask, uchar fixBase, uchar prefix8)
{
    if (m_p == m_end)
        return truncated();
    const uchar prefix = *m_p;
    qsizetype length = 0;
    if (fixMask && (prefix & fixMask) == fixBase) {
        ++m_p;
        length = prefix & ~fixMask;
        if (length > remaining())
            return truncated();
    } else if (prefix >= prefix8 && prefix <= prefix8 + 2) {
        ++m_p;
        const bool ok = prefix == prefix8 ? readLength<quint8>(&length, 1)
                : prefix == prefix8 + 1   ? readLength<quint16>(&length, 1)
                                          : readLength<quint32>(&length, 1);
        if (!ok)
            return false;
    } else {
        return false;
    }
    *bytes = QByteArrayView(m_p, length);
    m_p += length;
    return true;
}

bool MsgPackScanner::readBinary(QByteArrayView *bytes)
{
    return readSized(bytes, 0, 0, 0xc4);
}

bool MsgPackScanner::readBoolean(bool *value)
{
    if (m_p == m_end)
        return truncated();
    if (*m_p != 0xc2 && *m_p != 0xc3)
        return false;
    *value = *m_p++ == 0xc3;
    return true;
}

bool MsgPackScanner::readInteger(qint64 *value)
{
    const uchar *start = m_p;
    double d = 0;
    if (!readNumber(&d))
        return false;
    // Read again exactly: a double holds every integer within 2^53.
    if (*start == 0xca || *start == 0xcb || d < -double(maxSafeInteger) || d > double(maxSafeInteger)) {
        m_p = start;
        return false;
    }
    *value = qint64(d);
    return true;
}

bool MsgPackScanner::readNumber(double *value)
{
    if (m_p == m_end)
        return truncated();
    const uchar prefix = *m_p;
    if (prefix < 0x80 || prefix >= 0xe0) {
        ++m_p;
        *value = prefix < 0x80 ? double(prefix) : double(qint8(prefix));
        return true;
    }
    const uchar *start = m_p++;
    bool ok = true;
    switch (prefix) {
    case 0xca: {
        quint32 bits = 0;
        float f = 0;
        ok = readBigEndian(&bits);
        std::memcpy(&f, &bits, sizeof f);
        *value = double(f);
        break;
    }
    case 0xcb: {
        quint64 bits = 0;
        ok = readBigEndian(&bits);
        std::memcpy(value, &bits, sizeof *value);
        break;
    }
    case 0xcc: { quint8 v = 0; ok = readBigEndian(&v); *value = double(v); break; }
    case 0xcd: { quint16 v = 0; ok = readBigEndian(&v); *value = double(v); break; }
    case 0xce: { quint32 v = 0; ok = readBigEndian(&v); *value = double(v); break; }
    case 0xcf: { quint64 v = 0; ok = readBigEndian(&v); *value = double(v); break; }
    case 0xd0: { qint8 v = 0; ok = readBigEndian(&v); *value = double(v); break; }
    case 0xd1: { qint16 v = 0; ok = readBigEndian(&v); *value = double(v); break; }
    case 0xd2: { qint32 v = 0; ok = readBigEndian(&v); *value = double(v); break; }
    case 0xd3: { qint64 v = 0; ok = readBigEndian(&v); *value = double(v); break; }
    default:
        m_p = start;
        return false;
    }
    return ok;
}

bool MsgPackScanner::skipBytes(qsizetype n)
{
    if (n > remaining())
        return truncated();
    m_p += n;
    return true;
}

bool MsgPackScanner::skipArray(qsizetype count, int depth)
{
    if (depth >= m_maxDepth)
        return tooDeep();
    for (qsizetype i = 0; i < count; ++i) {
        if (!skip(depth + 1))
            return false;
    }
    return true;
}

bool MsgPackScanner::skipMap(qsizetype count, int depth, QVarLengthArray<QByteArrayView, 32> *pairs)
{
    if (depth >= m_maxDepth)
        return tooDeep();
    QByteArrayView key;
    for (qsizetype i = 0; i < count; ++i) {
        if (!readString(&key))
            return fail(QStringLiteral("map key is not a string"));
        const uchar *value = m_p;
        if (!skip(depth + 1))
            return false;
        if (pairs) {
            pairs->append(key);
            pairs->append(since(value));
        }
    }
    return true;
}

bool MsgPackScanner::skip(int depth)
{
    if (m_p == m_end)
        return truncated();
    const uchar prefix = *m_p;
    if (prefix < 0x80 || prefix >= 0xe0) {
        ++m_p;
        return true;
    }
    if (prefix >= 0xa0 && prefix < 0xc0) // fixstr, the most common
        return skipBytes(1 + (prefix & 0x1f));
    qsizetype count = 0;
    if (prefix < 0x90)
        return readMapHeader(&count) && skipMap(count, depth);
    if (prefix < 0xa0)
        return readArrayHeader(&count) && skipArray(count, depth);
    QByteArrayView bytes;
    switch (prefix) {
    case 0xc0:
    case 0xc2:
    case 0xc3:
        ++m_p;
        return true;
    case 0xc4:
    case 0xc5:
    case 0xc6:
        return readBinary(&bytes);
    case 0xcc:
    case 0xd0:
        return skipBytes(2);
    case 0xcd:
    case 0xd1:
        return skipBytes(3);
    case 0xca:
    case 0xce:
    case 0xd2:
        return skipBytes(5);
    case 0xcb:
    case 0xcf:
    case 0xd3:
        return skipBytes(9);
    case 0xdc:
    case 0xdd:
        return readArrayHeader(&count) && skipArray(count, depth);
    case 0xde:
    case 0xdf:
        return readMapHeader(&count) && skipMap(count, depth);
    case 0xd9:
    case 0xda:
    case 0xdb:
        return readString(&bytes);
    default: // extensions, and 0xc1 (never used): read() decides
        return fail(QStringLiteral("byte 0x%1 not skipped").arg(prefix, 2, 16, QLatin1Char('0')));
    }
}

} // namespace SocketIOQt
