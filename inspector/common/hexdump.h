#ifndef HEXDUMP_H
#define HEXDUMP_H

#include <QtCore/qbytearray.h>
#include <QtCore/qstring.h>

// Classic hex dump: offset, 16 bytes in hex, the printable ASCII beside.
class HexDump
{
public:
    // At most maxBytes are shown; a last line tells how many were left out.
    static QString format(const QByteArray &data, qsizetype maxBytes = 64 * 1024);
    // "01 02 ff" or "0102ff" (spaces, newlines and a 0x prefix allowed) to bytes.
    static bool parse(const QString &text, QByteArray *out, QString *error = nullptr);
};

#endif // HEXDUMP_H
