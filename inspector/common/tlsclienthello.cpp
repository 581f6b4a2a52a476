#include "tlsclienthello.h"

namespace TlsClientHello {

namespace {
// A bounds-checked reader: every read past the end fails, and stays failed.
class Reader
{
public:
    explicit Reader(QByteArrayView data) : m_data(data) { }
    bool ok() const { return m_ok; }
    qsizetype remaining() const { return m_ok ? m_data.size() - m_pos : 0; }
    quint32 number(int bytes)
    {
        quint32 value = 0;
        if (remaining() < bytes)
            return fail();
        for (int i = 0; i < bytes; ++i)
            value = (value << 8) | quint8(m_data[m_pos++]);
        return value;
    }
    QByteArrayView take(qsizetype size)
    {
        if (remaining() < size) {
            fail();
            return {};
        }
        const QByteArrayView part = m_data.sliced(m_pos, size);
        m_pos += size;
        return part;
    }
    // A vector with a length prefix of `bytes` bytes.
    QByteArrayView vector(int bytes) { return take(number(bytes)); }

private:
    quint32 fail()
    {
        m_ok = false;
        return 0;
    }
    QByteArrayView m_data;
    qsizetype m_pos = 0;
    bool m_ok = true;
};

constexpr quint8 HandshakeRecord = 22;
constexpr quint8 ClientHelloMessage = 1;
constexpr quint16 ServerNameExtension = 0;
constexpr quint8 HostNameType = 0;

QString validHostName(QByteArrayView name)
{
    if (name.isEmpty() || name.size() > 253)
        return {};
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
                || c == '.';
        if (!ok)
            return {};
    }
    return QString::fromLatin1(name).toLower();
}
} // namespace

Result serverName(QByteArrayView data, QString *hostName)
{
    hostName->clear();
    Reader record(data);
    const quint32 type = record.number(1);
    const quint32 major = record.number(1);
    record.number(1); // minor version: any
    const quint32 length = record.number(2);
    if (!record.ok())
        return data.isEmpty() || (data[0] == char(HandshakeRecord)) ? Result::NeedMore : Result::NotTls;
    if (type != HandshakeRecord || major != 3 || length == 0 || length > MaxRecordSize - 5)
        return Result::NotTls;
    if (record.remaining() < qsizetype(length))
        return Result::NeedMore;

    Reader hello(record.take(length));
    if (hello.number(1) != ClientHelloMessage)
        return Result::NotTls;
    hello.number(3); // message length: the message may go on in the next record
    hello.take(2 + 32); // version, random
    hello.vector(1);    // session id
    hello.vector(2);    // cipher suites
    hello.vector(1);    // compression methods
    Reader extensions(hello.vector(2));
    if (!hello.ok())
        return Result::Read; // cut short (a ClientHello over several records): no name known
    while (extensions.remaining() > 0) {
        const quint32 extension = extensions.number(2);
        Reader body(extensions.vector(2));
        if (!extensions.ok() || extension != ServerNameExtension)
            continue;
        Reader names(body.vector(2));
        while (names.remaining() > 0) {
            const quint32 nameType = names.number(1);
            const QByteArrayView name = names.vector(2);
            if (names.ok() && nameType == HostNameType) {
                *hostName = validHostName(name);
                return Result::Read;
            }
        }
        return Result::Read;
    }
    return Result::Read;
}

} // namespace TlsClientHello
