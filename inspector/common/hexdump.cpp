#include "hexdump.h"

using namespace Qt::StringLiterals;

QString HexDump::format(const QByteArray &data, qsizetype maxBytes)
{
    static const char digits[] = "0123456789abcdef";
    const qsizetype shown = qMin(data.size(), maxBytes);
    QString out;
    out.reserve((shown / 16 + 2) * 78);
    for (qsizetype line = 0; line < shown; line += 16) {
        out += QString::number(line, 16).rightJustified(8, u'0');
        out += u"  "_s;
        QString ascii;
        for (qsizetype k = 0; k < 16; ++k) {
            if (k == 8)
                out += u' ';
            if (line + k < shown) {
                const auto byte = quint8(data[line + k]);
                out += QLatin1Char(digits[byte >> 4]);
                out += QLatin1Char(digits[byte & 15]);
                out += u' ';
                ascii += (byte >= 0x20 && byte < 0x7f) ? QChar(char16_t(byte)) : u'.';
            } else {
                out += u"   "_s;
            }
        }
        out += u" |"_s + ascii + u"|\n"_s;
    }
    if (data.isEmpty())
        out = u"(empty)\n"_s;
    if (shown < data.size())
        out += u"… %1 more bytes not shown\n"_s.arg(data.size() - shown);
    return out;
}

bool HexDump::parse(const QString &text, QByteArray *out, QString *error)
{
    QByteArray digits;
    const QString input = text.trimmed();
    for (qsizetype i = 0; i < input.size(); ++i) {
        const QChar c = input[i];
        if (c.isSpace() || c == u',' || c == u':')
            continue;
        if (c == u'0' && i + 1 < input.size() && (input[i + 1] == u'x' || input[i + 1] == u'X')) {
            ++i;
            continue;
        }
        if (!isxdigit(c.toLatin1()) || c.unicode() > 127) {
            if (error)
                *error = u"'%1' at position %2 is not a hex digit"_s.arg(c).arg(i + 1);
            return false;
        }
        digits.append(char(c.toLatin1()));
    }
    if (digits.size() % 2) {
        if (error)
            *error = u"odd number of hex digits (%1)"_s.arg(digits.size());
        return false;
    }
    *out = QByteArray::fromHex(digits);
    return true;
}
