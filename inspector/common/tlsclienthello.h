#ifndef TLSCLIENTHELLO_H
#define TLSCLIENTHELLO_H

#include <QtCore/qbytearrayview.h>
#include <QtCore/qstring.h>

// Reads the host name a TLS client asks for (the server_name extension of its ClientHello)
// from the first bytes it sends, before any TLS library sees them: the capture proxy picks the
// certificate to present by it. Only the first record is read, within its bounds.
namespace TlsClientHello {

enum class Result {
    NeedMore, // the first record is not complete yet
    NotTls,   // not a TLS handshake record holding a ClientHello
    Read,     // a ClientHello; the name is empty when it names no (valid) host
};

// The largest first record: TLS records carry at most 2^14 bytes, plus the 5-byte header.
constexpr qsizetype MaxRecordSize = 16384 + 5;

Result serverName(QByteArrayView data, QString *hostName);

} // namespace TlsClientHello

#endif // TLSCLIENTHELLO_H
