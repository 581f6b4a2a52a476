#ifndef SOCKETIOQT_UTF8_P_H
#define SOCKETIOQT_UTF8_P_H

//
//  W A R N I N G
//  -------------
// Internal to SocketIOQt's protocol layer; not installed, may change at any time.
//

#include <QtCore/qstring.h>

namespace SocketIOQt {

// Strict UTF-8 helpers shared by the JSON reader and the Engine.IO and
// Socket.IO decoders. Strict as RFC 3629: no overlong forms, no encoded surrogates, nothing
// above U+10FFFF. Qt's own decoders replace bad input with U+FFFD, which would
// hide malformed packets instead of rejecting them.
namespace SocketIOUtf8 {

constexpr char32_t Invalid = 0xFFFFFFFF;

// Decodes the sequence at p (p < end) and moves p past it; Invalid when
// malformed or truncated (p then points just after the lead byte).
inline char32_t decode(const uchar *&p, const uchar *end) noexcept
{
    const uchar b0 = *p++;
    if (b0 < 0x80)
        return b0;
    int extra;
    char32_t cp;
    uchar lo = 0x80, hi = 0xBF; // allowed range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        extra = 1;
        cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        extra = 2;
        cp = b0 & 0x0F;
        if (b0 == 0xE0)
            lo = 0xA0; // overlong
        else if (b0 == 0xED)
            hi = 0x9F; // surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        extra = 3;
        cp = b0 & 0x07;
        if (b0 == 0xF0)
            lo = 0x90; // overlong
        else if (b0 == 0xF4)
            hi = 0x8F; // above U+10FFFF
    } else {
        return Invalid;
    }
    if (end - p < extra || p[0] < lo || p[0] > hi)
        return Invalid;
    for (int i = 0; i < extra; ++i) {
        if ((p[i] & 0xC0) != 0x80)
            return Invalid;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    p += extra;
    return cp;
}

// Appends the UTF-16 form of a valid code point.
inline char16_t *appendUtf16(char16_t *out, char32_t cp) noexcept
{
    if (cp < 0x10000) {
        *out++ = char16_t(cp);
    } else {
        *out++ = char16_t(0xD800 + ((cp - 0x10000) >> 10));
        *out++ = char16_t(0xDC00 + ((cp - 0x10000) & 0x3FF));
    }
    return out;
}

// Appends the UTF-8 form of a code point (surrogates included, as WTF-8 would:
// callers decide beforehand what to do with them).
inline char *appendUtf8(char *out, char32_t cp) noexcept
{
    if (cp < 0x80) {
        *out++ = char(cp);
    } else if (cp < 0x800) {
        *out++ = char(0xC0 | (cp >> 6));
        *out++ = char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *out++ = char(0xE0 | (cp >> 12));
        *out++ = char(0x80 | ((cp >> 6) & 0x3F));
        *out++ = char(0x80 | (cp & 0x3F));
    } else {
        *out++ = char(0xF0 | (cp >> 18));
        *out++ = char(0x80 | ((cp >> 12) & 0x3F));
        *out++ = char(0x80 | ((cp >> 6) & 0x3F));
        *out++ = char(0x80 | (cp & 0x3F));
    }
    return out;
}

inline bool isValid(const uchar *p, const uchar *end) noexcept
{
    while (p < end) {
        if (*p < 0x80) {
            ++p;
            continue;
        }
        if (decode(p, end) == Invalid)
            return false;
    }
    return true;
}

// A byte as error messages show it: 'x' when printable ASCII, else 0xNN.
inline QString describeByte(uchar c)
{
    if (c >= 0x20 && c < 0x7F)
        return QStringLiteral("'%1'").arg(QLatin1Char(char(c)));
    return QStringLiteral("0x%1").arg(c, 2, 16, QLatin1Char('0'));
}

} // namespace SocketIOUtf8

} // namespace SocketIOQt

#endif // SOCKETIOQT_UTF8_P_H
