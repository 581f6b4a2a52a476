#include "msgpackcodec_p.h"
#include "mapbuilder_p.h"
#include "msgpackscanner_p.h"
#include "stringcache_p.h"

#include <QtCore/qdatetime.h>
#include <QtCore/qtimezone.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qjsonvalue.h>
#include <QtCore/qsequentialiterable.h>
#include <QtCore/qassociativeiterable.h>
#include <QtCore/qstringconverter.h>
#include <QtCore/qurl.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <vector>

namespace SocketIOQt {

namespace SocketIOMsgPack {

namespace {

constexpr qint64 maxSafeInteger = (qint64(1) << 53);

// Integers as the JSON reader gives them: int, qlonglong within 2^53, else double.
QVariant integer(qint64 v)
{
    if (v >= std::numeric_limits<int>::min() && v <= std::numeric_limits<int>::max())
        return QVariant(int(v));
    if (v >= -maxSafeInteger && v <= maxSafeInteger)
        return QVariant(qlonglong(v));
    return QVariant(double(v));
}

class Reader : public MsgPackScanner
{
public:
    Reader(QByteArrayView bytes, int maxDepth)
        : MsgPackScanner(bytes, maxDepth), m_maps(MapBuilder::forThisThread()), m_mapsBase(m_maps.mark())
    {}
    ~Reader() { m_maps.finish(m_mapsBase); }
    Q_DISABLE_COPY_MOVE(Reader)

    bool readDocument(QVariant *value, int uncountedLevels)
    {
        if (!readValue(value, -uncountedLevels))
            return false;
        if (m_p != m_end)
            return fail(QStringLiteral("%1 trailing bytes").arg(m_end - m_p));
        return true;
    }

    // A document that is a map: only the members named in names are kept (see readMapMembers()).
    bool readMembers(const QLatin1StringView *names, qsizetype count, QVariant *values, int uncountedLevels)
    {
        const int depth = -uncountedLevels;
        qsizetype members = 0;
        if (!readMapHeader(&members))
            return false;
        if (depth >= m_maxDepth)
            return tooDeep();
        QString key;
        QVariant other;
        QByteArrayView bytes;
        for (qsizetype i = 0; i < members; ++i) {
            const QLatin1StringView *name = names + count;
            if (MsgPackScanner::readString(&bytes)) {
                // A string key, as the packet's are: matched on its bytes, no string made.
                name = std::find_if(names, names + count, [&](QLatin1StringView n) {
                    return QByteArrayView(n.data(), n.size()) == bytes;
                });
            } else {
                if (!error.isEmpty() || !readKey(&key))
                    return false;
                name = std::find(names, names + count, key);
            }
            QVariant &slot = name != names + count ? values[name - names] : other;
            slot = QVariant(); // a repeated key keeps the last value, as in JavaScript
            if (!readValue(&slot, depth + 1))
                return false;
        }
        if (m_p != m_end)
            return fail(QStringLiteral("%1 trailing bytes").arg(m_end - m_p));
        return true;
    }

private:
    bool readValue(QVariant *value, int depth);
    bool readString(QVariant *value, qsizetype length);
    bool readBinary(QVariant *value, qsizetype length);
    bool readArray(QVariant *value, qsizetype count, int depth);
    bool readMap(QVariant *value, qsizetype count, int depth);
    bool readExtension(QVariant *value, uchar prefix, qsizetype length, int depth);
    bool readKey(QString *key);

    bool isCached(qsizetype length) const
    {
        return StringCache::takes(m_p, length);
    }

    StringCache &m_strings = StringCache::forThisThread();
    MapBuilder &m_maps;
    const size_t m_mapsBase;
};

bool Reader::readString(QVariant *value, qsizetype length)
{
    if (length > remaining())
        return truncated();
    if (isCached(length))
        *value = QVariant(m_strings.ascii(m_p, length)); // no QString of our own in between
    else
        *value = QString::fromUtf8(reinterpret_cast<const char *>(m_p), length);
    m_p += length;
    return true;
}

bool Reader::readBinary(QVariant *value, qsizetype length)
{
    if (length > remaining())
        return truncated();
    *value = QVariant(QByteArray(reinterpret_cast<const char *>(m_p), length));
    m_p += length;
    return true;
}

bool Reader::readArray(QVariant *value, qsizetype count, int depth)
{
    if (depth >= m_maxDepth)
        return tooDeep();
    // Allocated once at its size (bounded by the bytes that remain, see readLength()), the
    // elements read straight into their slots, then shared with the QVariant.
    QVariantList list(count);
    for (QVariant &element : list) {
        if (!readValue(&element, depth + 1))
            return false;
    }
    *value = QVariant(list);
    return true;
}

bool Reader::readKey(QString *key)
{
    // Short ASCII ones (keys, names) from the cache.
    QByteArrayView bytes;
    if (MsgPackScanner::readString(&bytes)) {
        *key = m_strings.utf8(reinterpret_cast<const uchar *>(bytes.data()), bytes.size());
        return true;
    }
    if (!error.isEmpty())
        return false; // cut short
    const uchar prefix = *m_p;
    // JavaScript makes a property name of any key; integers are the ones that occur.
    if ((prefix >= 0x80 && prefix < 0xa0) || (prefix >= 0xdc && prefix <= 0xdf))
        return fail(QStringLiteral("map key is neither a string nor an integer"));
    QVariant other;
    if (!readValue(&other, m_maxDepth))
        return false;
    const int type = other.typeId();
    if (type != QMetaType::Int && type != QMetaType::LongLong)
        return fail(QStringLiteral("map key is neither a string nor an integer"));
    *key = QString::number(other.toLongLong());
    return true;
}

bool Reader::readMap(QVariant *value, qsizetype count, int depth)
{
    if (depth >= m_maxDepth)
        return tooDeep();
    const size_t base = m_maps.mark();
    for (qsizetype i = 0; i < count; ++i) {
        QString key;
        QVariant member; // not in the stack yet: nested maps grow it
        if (!readKey(&key) || !readValue(&member, depth + 1))
            return false;
        m_maps.append(std::move(key), std::move(member));
    }
    *value = QVariant(QVariantMap(m_maps.take(base)));
    return true;
}

// The extension types of notepack; type 0 is JavaScript's, other types are the application's.
bool Reader::readExtension(QVariant *value, uchar prefix, qsizetype length, int depth)
{
    if (remaining() < 1 + length)
        return truncated();
    const auto type = qint8(*m_p++);
    if (type == 0) {
        if (length == 1 && prefix == 0xd4) { // fixext 1: undefined
            ++m_p;
            *value = QVariant();
            return true;
        }
        if (length == 8 && prefix == 0xd7) { // fixext 8: Date
            qint64 ms = 0;
            readBigEndian(&ms);
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
            *value = QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::UTC);
#else
            *value = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
#endif
            return true;
        }
        if (prefix >= 0xc7 && prefix <= 0xc9) // ext 8/16/32: ArrayBuffer
            return readBinary(value, length);
    }
    if (depth >= m_maxDepth)
        return tooDeep();
    QVariant bytes;
    readBinary(&bytes, length);
    *value = QVariantList{int(type), bytes};
    return true;
}

bool Reader::readValue(QVariant *value, int depth)
{
    if (m_p == m_end)
        return truncated();
    const uchar prefix = *m_p++;
    if (prefix < 0x80) {
        *value = int(prefix);
        return true;
    }
    if (prefix >= 0xe0) {
        *value = int(qint8(prefix));
        return true;
    }
    if (prefix < 0x90) {
        const qsizetype count = prefix & 0x0f;
        if (count * 2 > remaining())
            return truncated();
        return readMap(value, count, depth);
    }
    if (prefix < 0xa0) {
        const qsizetype count = prefix & 0x0f;
        if (count > remaining())
            return truncated();
        return readArray(value, count, depth);
    }
    if (prefix < 0xc0)
        return readString(value, prefix & 0x1f);

    qsizetype length = 0;
    switch (prefix) {
    case 0xc0:
        *value = QVariant::fromValue(nullptr);
        return true;
    case 0xc2:
        *value = false;
        return true;
    case 0xc3:
        *value = true;
        return true;
    case 0xc4:
        return readLength<quint8>(&length, 1) && readBinary(value, length);
    case 0xc5:
        return readLength<quint16>(&length, 1) && readBinary(value, length);
    case 0xc6:
        return readLength<quint32>(&length, 1) && readBinary(value, length);
    case 0xc7:
        return readLength<quint8>(&length, 1) && readExtension(value, prefix, length, depth);
    case 0xc8:
        return readLength<quint16>(&length, 1) && readExtension(value, prefix, length, depth);
    case 0xc9:
        return readLength<quint32>(&length, 1) && readExtension(value, prefix, length, depth);
    case 0xca: {
        quint32 bits = 0;
        if (!readBigEndian(&bits))
            return false;
        float f;
        std::memcpy(&f, &bits, sizeof f);
        *value = double(f);
        return true;
    }
    case 0xcb: {
        quint64 bits = 0;
        if (!readBigEndian(&bits))
            return false;
        double d;
        std::memcpy(&d, &bits, sizeof d);
        *value = d;
        return true;
    }
    case 0xcc: { quint8 v = 0; if (!readBigEndian(&v)) return false; *value = int(v); return true; }
    case 0xcd: { quint16 v = 0; if (!readBigEndian(&v)) return false; *value = int(v); return true; }
    case 0xce: { quint32 v = 0; if (!readBigEndian(&v)) return false; *value = integer(qint64(v)); return true; }
    case 0xcf: {
        quint64 v = 0;
        if (!readBigEndian(&v))
            return false;
        *value = v <= quint64(maxSafeInteger) ? integer(qint64(v)) : QVariant(double(v));
        return true;
    }
    case 0xd0: { qint8 v = 0; if (!readBigEndian(&v)) return false; *value = int(v); return true; }
    case 0xd1: { qint16 v = 0; if (!readBigEndian(&v)) return false; *value = int(v); return true; }
    case 0xd2: { qint32 v = 0; if (!readBigEndian(&v)) return false; *value = int(v); return true; }
    case 0xd3: { qint64 v = 0; if (!readBigEndian(&v)) return false; *value = integer(v); return true; }
    case 0xd4:
        return readExtension(value, prefix, 1, depth);
    case 0xd5:
        return readExtension(value, prefix, 2, depth);
    case 0xd6:
        return readExtension(value, prefix, 4, depth);
    case 0xd7:
        return readExtension(value, prefix, 8, depth);
    case 0xd8:
        return readExtension(value, prefix, 16, depth);
    case 0xd9:
        return readLength<quint8>(&length, 1) && readString(value, length);
    case 0xda:
        return readLength<quint16>(&length, 1) && readString(value, length);
    case 0xdb:
        return readLength<quint32>(&length, 1) && readString(value, length);
    case 0xdc:
        return readLength<quint16>(&length, 1) && readArray(value, length, depth);
    case 0xdd:
        return readLength<quint32>(&length, 1) && readArray(value, length, depth);
    case 0xde:
        return readLength<quint16>(&length, 2) && readMap(value, length, depth);
    case 0xdf:
        return readLength<quint32>(&length, 2) && readMap(value, length, depth);
    default: // 0xc1, never used
        --m_p;
        return fail(QStringLiteral("invalid byte 0x%1").arg(prefix, 2, 16, QLatin1Char('0')));
    }
}

class Writer
{
public:
    explicit Writer(QByteArray &out) : m_out(out) {}

    void writeValue(const QVariant &value);
    void writeString(QStringView string);
    void writeMapHeader(quint32 count) { writeHeader(count, 0x80, 16, 0xde); }

private:
    void put(uchar c) { m_out.append(char(c)); }
    template<typename T>
    void putBigEndian(T v)
    {
        char bytes[sizeof(T)];
        auto u = std::make_unsigned_t<T>(v);
        for (size_t i = sizeof(T); i-- > 0; u = std::make_unsigned_t<T>(quint64(u) >> 8))
            bytes[i] = char(u & 0xff);
        m_out.append(bytes, sizeof(T));
    }
    // fix formats below fixLimit elements, else the 16- or 32-bit format (prefix16, prefix16 + 1).
    void writeHeader(quint32 count, uchar fixPrefix, quint32 fixLimit, uchar prefix16)
    {
        if (count < fixLimit) {
            put(uchar(fixPrefix | count));
        } else if (count < 0x10000) {
            put(prefix16);
            putBigEndian(quint16(count));
        } else {
            put(uchar(prefix16 + 1));
            putBigEndian(count);
        }
    }
    void writeArrayHeader(quint32 count) { writeHeader(count, 0x90, 16, 0xdc); }
    void writeInteger(qint64 v);
    void writeUnsigned(quint64 v);
    void writeDouble(double d);
    void writeBinary(const QByteArray &bytes);
    void writeUndefined() { m_out.append("\xd4\x00\x00", 3); }
    void writeNil() { put(0xc0); }
    void writeList(const QVariantList &list);
    void writeMap(const QVariantMap &map);
    void writeHash(const QVariantHash &hash);
    void writeOther(const QVariant &value);

    QByteArray &m_out;
};

void Writer::writeUnsigned(quint64 v)
{
    if (v < 0x80) {
        put(uchar(v));
    } else if (v < 0x100) {
        put(0xcc);
        put(uchar(v));
    } else if (v < 0x10000) {
        put(0xcd);
        putBigEndian(quint16(v));
    } else if (v < 0x100000000ull) {
        put(0xce);
        putBigEndian(quint32(v));
    } else {
        put(0xcf);
        putBigEndian(v);
    }
}

void Writer::writeInteger(qint64 v)
{
    if (v >= 0)
        return writeUnsigned(quint64(v));
    if (v >= -0x20) {
        put(uchar(qint8(v)));
    } else if (v >= -0x80) {
        put(0xd0);
        put(uchar(qint8(v)));
    } else if (v >= -0x8000) {
        put(0xd1);
        putBigEndian(qint16(v));
    } else if (v >= -0x80000000ll) {
        put(0xd2);
        putBigEndian(qint32(v));
    } else {
        put(0xd3);
        putBigEndian(v);
    }
}

void Writer::writeDouble(double d)
{
    // JavaScript has numbers only: notepack writes the integral ones as integers.
    if (std::isfinite(d) && std::floor(d) == d && d >= -9223372036854775808.0 && d < 18446744073709551616.0) {
        if (d >= 0)
            return writeUnsigned(quint64(d));
        return writeInteger(qint64(d));
    }
    put(0xcb);
    quint64 bits = 0;
    std::memcpy(&bits, &d, sizeof bits);
    putBigEndian(bits);
}

void Writer::writeString(QStringView string)
{
    // The UTF-8 goes straight into the output, after room for the largest header; the text is
    // moved next to the header once its size, and so the header's, is known.
    const qsizetype headerAt = m_out.size();
    m_out.resize(headerAt + 5 + string.size() * 3);
    char *text = m_out.data() + headerAt + 5;
    QStringEncoder encoder(QStringConverter::Utf8);
    const qsizetype length = encoder.appendToBuffer(text, string) - text;
    char *header = m_out.data() + headerAt;
    qsizetype headerSize = 1;
    if (length < 0x20) {
        header[0] = char(0xa0 | length);
    } else if (length < 0x100) {
        header[0] = char(0xd9);
        header[1] = char(length);
        headerSize = 2;
    } else if (length < 0x10000) {
        header[0] = char(0xda);
        header[1] = char(length >> 8);
        header[2] = char(length);
        headerSize = 3;
    } else {
        header[0] = char(0xdb);
        for (int i = 0; i < 4; ++i)
            header[1 + i] = char(quint32(length) >> (24 - 8 * i));
        headerSize = 5;
    }
    if (headerSize != 5)
        std::memmove(header + headerSize, text, size_t(length));
    m_out.resize(headerAt + headerSize + length);
}

void Writer::writeBinary(const QByteArray &bytes)
{
    const auto n = quint32(bytes.size());
    if (n < 0x100) {
        put(0xc4);
        put(uchar(n));
    } else if (n < 0x10000) {
        put(0xc5);
        putBigEndian(quint16(n));
    } else {
        put(0xc6);
        putBigEndian(n);
    }
    m_out.append(bytes);
}

void Writer::writeList(const QVariantList &list)
{
    writeArrayHeader(quint32(list.size()));
    for (const QVariant &v : list)
        writeValue(v);
}

void Writer::writeMap(const QVariantMap &map)
{
    writeMapHeader(quint32(map.size()));
    for (auto it = map.cbegin(), end = map.cend(); it != end; ++it) {
        writeString(it.key());
        writeValue(it.value());
    }
}

void Writer::writeHash(const QVariantHash &hash)
{
    QStringList keys = hash.keys();
    std::sort(keys.begin(), keys.end());
    writeMapHeader(quint32(keys.size()));
    for (const QString &key : std::as_const(keys)) {
        writeString(key);
        writeValue(hash.value(key));
    }
}

void Writer::writeOther(const QVariant &value)
{
    if (value.canConvert<QSequentialIterable>()) {
        const auto iterable = value.value<QSequentialIterable>();
        QVariantList list;
        for (const QVariant &element : iterable)
            list.append(element);
        return writeList(list);
    }
    if (value.canConvert<QAssociativeIterable>()) {
        const auto iterable = value.value<QAssociativeIterable>();
        QVariantMap map;
        for (auto it = iterable.begin(), end = iterable.end(); it != end; ++it)
            map.insert(it.key().toString(), it.value());
        return writeMap(map);
    }
    if (value.canConvert<QString>())
        return writeString(value.toString());
    writeNil();
}

void Writer::writeValue(const QVariant &value)
{
    const void *d = value.constData();
    switch (value.typeId()) {
    case QMetaType::UnknownType:
        return writeUndefined();
    case QMetaType::Nullptr:
        return writeNil();
    case QMetaType::Bool:
        return put(*static_cast<const bool *>(d) ? 0xc3 : 0xc2);
    case QMetaType::Int:
        return writeInteger(*static_cast<const int *>(d));
    case QMetaType::LongLong:
        return writeInteger(*static_cast<const qlonglong *>(d));
    case QMetaType::Short:
    case QMetaType::Long:
    case QMetaType::SChar:
        return writeInteger(value.toLongLong());
    case QMetaType::UInt:
    case QMetaType::ULongLong:
    case QMetaType::UShort:
    case QMetaType::ULong:
    case QMetaType::UChar:
        return writeUnsigned(value.toULongLong());
    case QMetaType::Double:
        return writeDouble(*static_cast<const double *>(d));
    case QMetaType::Float:
        return writeDouble(double(*static_cast<const float *>(d)));
    case QMetaType::QString:
        return writeString(*static_cast<const QString *>(d));
    case QMetaType::QChar:
    case QMetaType::Char:
    case QMetaType::Char16:
    case QMetaType::Char32:
        return writeString(value.toString());
    case QMetaType::QByteArray:
        return writeBinary(*static_cast<const QByteArray *>(d));
    case QMetaType::QVariantList:
        return writeList(*static_cast<const QVariantList *>(d));
    case QMetaType::QStringList: {
        const auto &list = *static_cast<const QStringList *>(d);
        writeArrayHeader(quint32(list.size()));
        for (const QString &s : list)
            writeString(s);
        return;
    }
    case QMetaType::QVariantMap:
        return writeMap(*static_cast<const QVariantMap *>(d));
    case QMetaType::QVariantHash:
        return writeHash(*static_cast<const QVariantHash *>(d));
    case QMetaType::QJsonValue: {
        const auto &json = *static_cast<const QJsonValue *>(d);
        return json.isUndefined() ? writeUndefined() : writeValue(json.toVariant());
    }
    case QMetaType::QJsonArray:
        return writeList(static_cast<const QJsonArray *>(d)->toVariantList());
    case QMetaType::QJsonObject:
        return writeMap(static_cast<const QJsonObject *>(d)->toVariantMap());
    case QMetaType::QJsonDocument: {
        const auto &doc = *static_cast<const QJsonDocument *>(d);
        if (doc.isArray())
            return writeList(doc.array().toVariantList());
        if (doc.isObject())
            return writeMap(doc.object().toVariantMap());
        return writeNil();
    }
    case QMetaType::QDateTime: {
        const auto &dt = *static_cast<const QDateTime *>(d);
        if (!dt.isValid())
            return writeNil();
        m_out.append("\xd7\x00", 2);
        return putBigEndian(qint64(dt.toMSecsSinceEpoch()));
    }
    case QMetaType::QUrl:
        return writeString(QString::fromLatin1(static_cast<const QUrl *>(d)->toEncoded()));
    default:
        return writeOther(value);
    }
}

} // namespace

bool read(QByteArrayView bytes, QVariant *value, QString *error, int maxDepth, int uncountedLevels)
{
    Reader reader(bytes, maxDepth);
    QVariant result;
    if (!reader.readDocument(&result, uncountedLevels)) {
        if (error)
            *error = reader.error;
        return false;
    }
    *value = std::move(result);
    return true;
}

bool readMapMembers(QByteArrayView bytes, const QLatin1StringView *names, qsizetype count,
                    QVariant *values, bool *isMap, QString *error, int maxDepth, int uncountedLevels)
{
    Reader reader(bytes, maxDepth);
    *isMap = !bytes.isEmpty() && Reader::isMap(uchar(bytes.front()));
    QVariant other;
    const bool ok = *isMap ? reader.readMembers(names, count, values, uncountedLevels)
                           : reader.readDocument(&other, uncountedLevels);
    if (!ok && error)
        *error = reader.error;
    return ok;
}

void write(QByteArray &out, const QVariant &value)
{
    Writer(out).writeValue(value);
}

void writeMapHeader(QByteArray &out, quint32 count)
{
    Writer(out).writeMapHeader(count);
}

void writeString(QByteArray &out, QStringView string)
{
    Writer(out).writeString(string);
}

} // namespace SocketIOMsgPack

} // namespace SocketIOQt
