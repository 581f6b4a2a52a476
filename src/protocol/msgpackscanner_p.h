#ifndef SOCKETIOQT_MSGPACKSCANNER_P_H
#define SOCKETIOQT_MSGPACKSCANNER_P_H

//
//  W A R N I N G
//  -------------
// Internal to SocketIOQt; not installed, may change at any time.
//

#include <QtCore/qbytearrayview.h>
#include <QtCore/qstring.h>
#include <QtCore/qvarlengtharray.h>

#include <type_traits>

namespace SocketIOQt {

// A cursor over MessagePack bytes: the headers and scalars of values, and whole values checked
// and passed over without being built (skip()). The base of the value reader (msgpackcodec.cpp),
// and what splits an event for typed handlers and reads their parameters, without a QVariant.
//
// The read functions below return false when the value here is of another kind (nothing is
// passed then, and error stays empty) or when it is cut short (error says so).
class MsgPackScanner
{
public:
    explicit MsgPackScanner(QByteArrayView bytes, int maxDepth = 128)
        : m_begin(reinterpret_cast<const uchar *>(bytes.data())), m_p(m_begin),
          m_end(m_begin + bytes.size()), m_maxDepth(maxDepth)
    {}

    bool atEnd() const { return m_p == m_end; }
    const uchar *position() const { return m_p; }
    // The bytes from start (an earlier position()) to here.
    QByteArrayView since(const uchar *start) const { return QByteArrayView(start, m_p - start); }

    // Checks the value here as SocketIOMsgPack::read() checks a value read at nesting level
    // depth, and passes over it without building anything. Where that keeps this simple it is
    // stricter than read(), which then has the last word: false also for map keys that are not
    // strings (read() takes integers) and for extensions.
    bool skip(int depth);

    // Whether a value starting with prefix is a map.
    static bool isMap(uchar prefix) { return (prefix & 0xf0) == 0x80 || prefix == 0xde || prefix == 0xdf; }

    // The members of a map whose header gave count, the map at nesting level depth, passed over
    // as skip() passes over them; with pairs, each key's bytes and its value's bytes are
    // appended to it.
    bool skipMap(qsizetype count, int depth, QVarLengthArray<QByteArrayView, 32> *pairs = nullptr);

    bool readMapHeader(qsizetype *count);
    bool readArrayHeader(qsizetype *count);
    // str: its UTF-8, unchecked. Keys and names are fixstr: read inline.
    bool readString(QByteArrayView *bytes)
    {
        if (m_p != m_end && (*m_p & 0xe0) == 0xa0 && qsizetype(*m_p & 0x1f) < remaining()) {
            *bytes = QByteArrayView(m_p + 1, *m_p & 0x1f);
            m_p += 1 + bytes->size();
            return true;
        }
        return readSized(bytes, 0xe0, 0xa0, 0xd9);
    }
    bool readBinary(QByteArrayView *bytes); // bin
    bool readBoolean(bool *value);
    // An integer format holding a value within +-2^53 (what read() gives as int or qlonglong).
    bool readInteger(qint64 *value);
    // A float format, or any integer format, as the double that read() gives or converts to.
    bool readNumber(double *value);

    QString error;

protected:
    bool fail(const QString &what)
    {
        if (error.isEmpty())
            error = QStringLiteral("%1 at offset %2").arg(what).arg(m_p - m_begin);
        return false;
    }
    bool truncated() { return fail(QStringLiteral("unexpected end of data")); }
    bool tooDeep() { return fail(QStringLiteral("nesting deeper than %1").arg(m_maxDepth)); }

    qsizetype remaining() const { return m_end - m_p; }

    template<typename T>
    bool readBigEndian(T *out)
    {
        if (remaining() < qsizetype(sizeof(T)))
            return truncated();
        std::make_unsigned_t<T> v = 0;
        for (size_t i = 0; i < sizeof(T); ++i)
            v = std::make_unsigned_t<T>((quint64(v) << 8) | m_p[i]);
        m_p += sizeof(T);
        *out = T(v);
        return true;
    }

    // A length from the header, checked against what remains: an element takes at least
    // minBytes, so no count can make us allocate beyond the input.
    template<typename T>
    bool readLength(qsizetype *length, qsizetype minBytes)
    {
        T n = 0;
        if (!readBigEndian(&n))
            return false;
        *length = qsizetype(n);
        if (quint64(n) * quint64(minBytes) > quint64(remaining()))
            return truncated();
        return true;
    }

    const uchar *m_begin;
    const uchar *m_p;
    const uchar *m_end;
    int m_maxDepth;

private:
    bool readContainerHeader(qsizetype *count, uchar fixBase, uchar prefix16, qsizetype minBytes);
    bool readSized(QByteArrayView *bytes, uchar fixMask, uchar fixBase, uchar prefix8);
    bool skipBytes(qsizetype n);
    bool skipArray(qsizetype count, int depth);
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_MSGPACKSCANNER_P_H
