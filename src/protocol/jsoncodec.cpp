#include "jsoncodec_p.h"
#include "mapbuilder_p.h"
#include "scratchstack_p.h"
#include "stringcache_p.h"
#include "utf8_p.h"

#include <QtCore/qalgorithms.h>
#include <QtCore/qassociativeiterable.h>
#include <QtCore/qdatetime.h>
#include <QtCore/qendian.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qjsonvalue.h>
#include <QtCore/qsequentialiterable.h>
#include <QtCore/qurl.h>
#include <QtCore/qvarlengtharray.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <type_traits>
#include <memory>
#include <vector>

// SSE2 is part of x86-64; elsewhere the scanners below take 8 bytes at a time in plain C++.
#if defined(__SSE2__) || defined(_M_X64) || defined(_M_AMD64)
#  include <emmintrin.h>
#  define SOCKETIOQT_JSON_SSE2
#endif

namespace SocketIOQt {

namespace {

// ---------------------------------------------------------------------------
// Scanners: most of a JSON text is runs of bytes that need no attention (string contents,
// and in checked text everything between brackets and quotes), found 16 bytes at a time.

#ifdef SOCKETIOQT_JSON_SSE2
// The first of 16 bytes at p for which matches() is set; 16 when none is.
template <typename Matches>
inline uint firstMatch(const uchar *p, Matches matches)
{
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
    const uint mask = uint(_mm_movemask_epi8(matches(v)));
    return mask ? qCountTrailingZeroBits(mask) : 16;
}
#else
constexpr quint64 EveryByte = Q_UINT64_C(0x0101010101010101);
constexpr quint64 HighBits = Q_UINT64_C(0x8080808080808080);
// Non-zero when one of the 8 bytes of w equals c (or, only after such a byte, a few more).
inline quint64 hasByte(quint64 w, uchar c)
{
    const quint64 x = w ^ (EveryByte * c);
    return (x - EveryByte) & ~x & HighBits;
}
#endif

// The first byte in [p, end) that ends plain string text: '"', '\\', a control character or a
// byte of a multi-byte UTF-8 sequence; end when there is none.
inline const uchar *findStringSpecial(const uchar *p, const uchar *end)
{
#ifdef SOCKETIOQT_JSON_SSE2
    for (; end - p >= 16; p += 16) {
        const uint at = firstMatch(p, [](__m128i v) {
            // Compared as signed bytes, those from 0x80 up are below ' ' too.
            return _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                             _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
                                _mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
        });
        if (at < 16)
            return p + at;
    }
#else
    for (; end - p >= 8; p += 8) {
        const quint64 w = qFromUnaligned<quint64>(p);
        // (w - 0x20 in every byte) sets the high bit of a byte below 0x20 (and of those after it).
        if (hasByte(w, '"') | hasByte(w, '\\') | (((w - EveryByte * 0x20) | w) & HighBits))
            break;
    }
#endif
    while (p < end && *p != '"' && *p != '\\' && *p >= 0x20 && *p < 0x80)
        ++p;
    return p;
}

// In text that check() accepted: the first '"' or '\\' in [p, end), or end.
inline const char *findQuoteOrBackslash(const char *p, const char *end)
{
#ifdef SOCKETIOQT_JSON_SSE2
    for (; end - p >= 16; p += 16) {
        const uint at = firstMatch(reinterpret_cast<const uchar *>(p), [](__m128i v) {
            return _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
        });
        if (at < 16)
            return p + at;
    }
#else
    for (; end - p >= 8; p += 8) {
        const quint64 w = qFromUnaligned<quint64>(p);
        if (hasByte(w, '"') | hasByte(w, '\\'))
            break;
    }
#endif
    while (p < end && *p != '"' && *p != '\\')
        ++p;
    return p;
}

constexpr quint64 MaxSafeInteger = Q_UINT64_C(1) << 53; // Number.MAX_SAFE_INTEGER + 1

// What ReadOptions::keepPlaceholders leaves for fillPlaceholders().
struct PendingAttachment
{
    int num = 0;
};

void fillPlaceholders(QVariant &value, const QList<QByteArray> &attachments)
{
    // The tree was just read: its containers are not shared, nothing below detaches.
    switch (value.typeId()) {
    case QMetaType::QVariantList:
        for (QVariant &v : *static_cast<QVariantList *>(value.data()))
            fillPlaceholders(v, attachments);
        break;
    case QMetaType::QVariantMap:
        for (QVariant &v : *static_cast<QVariantMap *>(value.data()))
            fillPlaceholders(v, attachments);
        break;
    default:
        if (value.metaType() == QMetaType::fromType<PendingAttachment>()) {
            const int num = static_cast<const PendingAttachment *>(value.constData())->num;
            value = QVariant(attachments.value(num));
        }
        break;
    }
}

// Constructs a default T inside v and returns it, so that containers and
// strings are built in place instead of being copied into the QVariant.
template <typename T>
T &emplace(QVariant &v)
{
    v = QVariant(QMetaType::fromType<T>());
    return *static_cast<T *>(v.data());
}

// ---------------------------------------------------------------------------
// Reader

// The elements of the arrays being read, moved into a list of the right size at the end: one
// allocation per array.
ScratchStack<QVariant> &arrayStack()
{
    thread_local ScratchStack<QVariant> stack;
    return stack;
}

// Build: the QVariant tree of the text. Otherwise the reader only checks the text, exactly as
// the tree would be checked (the same grammar, depth bound and errors), and notes where the
// elements of the outermost array lie: typed handlers read their arguments from those.
template <bool Build>
class Reader
{
public:
    Reader(QByteArrayView json, const SocketIOJson::ReadOptions &options,
           SocketIOJson::Spans *elements = nullptr, SocketIOJson::MemberSpans *members = nullptr)
        : m_begin(reinterpret_cast<const uchar *>(json.data())),
          m_p(m_begin), m_end(m_begin + json.size()), m_options(options),
          m_strings(StringCache::forThisThread()), m_stack(arrayStack()), m_stackBase(m_stack.mark()),
          m_maps(MapBuilder::forThisThread()), m_mapsBase(m_maps.mark()), m_elements(elements),
          m_members(elements ? members : nullptr)
    {}

    bool read(QVariant &value)
    {
        skipWhitespace();
        bool ok = parseValue(value, 0);
        if (ok) {
            skipWhitespace();
            if (m_p != m_end)
                ok = fail("unexpected data after the value");
        }
        m_stack.finish(m_stackBase);
        m_maps.finish(m_mapsBase);
        return ok;
    }

    QString errorString() const { return m_error; }

private:
    // Out of line: building the message needs a stack frame that the hot paths do without.
    Q_NEVER_INLINE bool fail(const char *what) { return failAt(m_p, QLatin1StringView(what)); }
    Q_NEVER_INLINE bool failAt(const uchar *where, const QString &what)
    {
        m_error = QStringLiteral("%1 at offset %2").arg(what).arg(where - m_begin);
        return false;
    }

    void skipWhitespace()
    {
        // Most calls meet no whitespace at all (JSON.stringify() writes none): one comparison
        // tells, since every whitespace byte is at most ' '.
        if (m_p < m_end && *m_p > ' ')
            return;
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t'))
            ++m_p;
    }

    bool parseValue(QVariant &out, int depth);
    // Checking only (out stays untouched): parseValue(), and parseString() of a string, with
    // plain strings (most keys and values) scanned in place, without the calls.
    bool checkValue(QVariant &out, int depth)
    {
        if (m_p < m_end && *m_p == '"')
            return checkString();
        return parseValue(out, depth);
    }
    bool checkString()
    {
        const uchar *p = findStringSpecial(m_p + 1, m_end);
        if (p == m_end || *p != '"')
            return parseString(m_unused);
        m_p = p + 1;
        return true;
    }
    bool parseArray(QVariant &out, int depth);
    bool parseObject(QVariant &out, int depth);
    bool parseString(QString &out);
    bool parseKey(QString &out);
    // Out of line, so that the common case (parseString()) needs no stack frame.
    Q_NEVER_INLINE bool parseSlowString(QString &out, const uchar *start, const uchar *p);
    Q_NEVER_INLINE bool checkSlowString(QString &out, const uchar *start, const uchar *p);
    bool parseNumber(QVariant &out);
    bool parseLiteral(const char *word, int length);
    bool replacePlaceholder(QVariant &out, const std::map<QString, QVariant> &members,
                            const uchar *start);

    const uchar *const m_begin;
    const uchar *m_p;
    const uchar *const m_end;
    const SocketIOJson::ReadOptions &m_options;
    QString m_error;
    StringCache &m_strings;
    ScratchStack<QVariant> &m_stack;
    const size_t m_stackBase;
    MapBuilder &m_maps;
    const size_t m_mapsBase;
    SocketIOJson::Spans *const m_elements;
    SocketIOJson::MemberSpans *const m_members;
    QString m_unused; // what check-only string reading writes to: nothing
};

template <bool Build>
bool Reader<Build>::parseValue(QVariant &out, int depth)
{
    if (m_p == m_end)
        return fail("unexpected end of input");
    switch (*m_p) {
    case '{':
        return parseObject(out, depth + 1);
    case '[':
        return parseArray(out, depth + 1);
    case '"':
        if constexpr (Build) {
            // Copied into the QVariant: cheaper than a default string made through the
            // meta-type and then assigned.
            QString string;
            if (!parseString(string))
                return false;
            out = QVariant(string);
            return true;
        } else {
            return parseString(m_unused);
        }
    case 't':
        if constexpr (Build)
            out = QVariant(true);
        return parseLiteral("true", 4);
    case 'f':
        if constexpr (Build)
            out = QVariant(false);
        return parseLiteral("false", 5);
    case 'n':
        if constexpr (Build)
            out = QVariant::fromValue(nullptr);
        return parseLiteral("null", 4);
    case '-': case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
        return parseNumber(out);
    default:
        return fail("unexpected character");
    }
}

template <bool Build>
bool Reader<Build>::parseLiteral(const char *word, int length)
{
    if (m_end - m_p < length || memcmp(m_p, word, length) != 0)
        return fail("invalid literal");
    m_p += length;
    return true;
}

template <bool Build>
bool Reader<Build>::parseArray(QVariant &out, int depth)
{
    if (depth > m_options.maxDepth)
        return failAt(m_p, QStringLiteral("nesting deeper than %1 levels").arg(m_options.maxDepth));
    ++m_p;
    skipWhitespace();
    if (m_p < m_end && *m_p == ']') {
        ++m_p;
        if constexpr (Build)
            emplace<QVariantList>(out);
        else if (depth == 1 && m_members)
            m_members->index.append(0);
        return true;
    }
    std::vector<QVariant> &stack = m_stack.items;
    const size_t base = stack.size();
    for (;;) {
        if constexpr (Build) {
            QVariant element; // not in the stack yet: nested arrays grow it
            if (!parseValue(element, depth))
                return false;
            stack.push_back(std::move(element));
        } else {
            const uchar *start = m_p;
            if (depth == 1 && m_members)
                m_members->index.append(m_members->pairs.size() / 2);
            if (!checkValue(out, depth))
                return false;
            if (depth == 1 && m_elements)
                m_elements->append(QByteArrayView(start, m_p - start));
        }
        skipWhitespace();
        if (m_p == m_end)
            return fail("unterminated array");
        if (*m_p == ']') {
            ++m_p;
            if constexpr (Build) {
                QVariantList &list = emplace<QVariantList>(out);
                list.resize(qsizetype(stack.size() - base));
                std::move(stack.begin() + qptrdiff(base), stack.end(), list.begin());
                stack.resize(base);
            } else if (depth == 1 && m_members) {
                m_members->index.append(m_members->pairs.size() / 2);
            }
            return true;
        }
        if (*m_p != ',')
            return fail("expected ',' or ']'");
        ++m_p;
        skipWhitespace();
    }
}

template <bool Build>
bool Reader<Build>::parseObject(QVariant &out, int depth)
{
    if (depth > m_options.maxDepth)
        return failAt(m_p, QStringLiteral("nesting deeper than %1 levels").arg(m_options.maxDepth));
    const uchar *start = m_p++;
    // Collected in the text's order, then made a std::map that QMap adopts.
    const size_t base = m_maps.mark();
    skipWhitespace();
    if (m_p < m_end && *m_p == '}') {
        ++m_p;
    } else {
        for (;;) {
            if (m_p == m_end || *m_p != '"')
                return fail(m_p == m_end ? "unterminated object" : "expected a string key");
            const uchar *keyStart = m_p;
            QString key;
            if (!parseKey(key))
                return false;
            const uchar *keyEnd = m_p;
            skipWhitespace();
            if (m_p == m_end || *m_p != ':')
                return fail("expected ':'");
            ++m_p;
            skipWhitespace();
            if constexpr (Build) {
                QVariant value; // not in the stack yet: nested objects grow it
                if (!parseValue(value, depth))
                    return false;
                m_maps.append(std::move(key), std::move(value));
            } else {
                const uchar *valueStart = m_p;
                if (!checkValue(out, depth))
                    return false;
                // The objects at depth 2 are elements of the outer array once it has noted one.
                if (depth == 2 && m_members && !m_members->index.isEmpty()) {
                    m_members->pairs.append(QByteArrayView(keyStart + 1, keyEnd - 1));
                    m_members->pairs.append(QByteArrayView(valueStart, m_p));
                }
            }
            skipWhitespace();
            if (m_p == m_end)
                return fail("unterminated object");
            if (*m_p == '}') {
                ++m_p;
                break;
            }
            if (*m_p != ',')
                return fail("expected ',' or '}'");
            ++m_p;
            skipWhitespace();
        }
    }
    if constexpr (Build) {
        std::map<QString, QVariant> map = m_maps.take(base);
        if (m_options.placeholders && !map.empty()) {
            const auto it = map.find(QStringLiteral("_placeholder"));
            if (it != map.end() && it->second.typeId() == QMetaType::Bool && it->second.toBool())
                return replacePlaceholder(out, map, start);
        }
        emplace<QVariantMap>(out) = QVariantMap(std::move(map));
    } else {
        Q_UNUSED(base);
        Q_UNUSED(start);
        Q_ASSERT(!m_options.placeholders); // the placeholders need the tree
    }
    return true;
}

// socket.io-parser's reconstructPacket: {"_placeholder":true,"num":N} stands
// for attachment N, other members ignored.
template <bool Build>
bool Reader<Build>::replacePlaceholder(QVariant &out, const std::map<QString, QVariant> &members,
                                const uchar *start)
{
    const auto it = members.find(QStringLiteral("num"));
    double num = -1;
    if (it != members.end()) {
        switch (it->second.typeId()) {
        case QMetaType::Int:
        case QMetaType::LongLong:
        case QMetaType::Double:
            num = it->second.toDouble();
            break;
        default:
            break;
        }
    }
    const int count = m_options.attachmentCount;
    if (!(num >= 0 && num < count && num == std::floor(num))) {
        if (count == 0)
            return failAt(start, QStringLiteral("binary placeholder in a packet without attachments"));
        return failAt(start, QStringLiteral("binary placeholder without a valid \"num\" (0 to %1)")
                                     .arg(count - 1));
    }
    const qsizetype index = qsizetype(num);
    if (m_options.attachments) {
        out = index < m_options.attachments->size() ? QVariant(m_options.attachments->at(index))
                                                    : QVariant(QByteArray());
    } else if (m_options.keepPlaceholders) {
        out = QVariant::fromValue(PendingAttachment{int(index)});
    } else {
        out = QVariant(QByteArray());
    }
    return true;
}

template <bool Build>
bool Reader<Build>::parseString(QString &out)
{
    const uchar *start = ++m_p;
    // Fast path: printable ASCII without escapes, most keys and many values.
    const uchar *p = findStringSpecial(start, m_end);
    if (p == m_end)
        return failAt(start - 1, QStringLiteral("unterminated string"));
    if (*p != '"') {
        if constexpr (Build)
            return parseSlowString(out, start, p);
        else
            return checkSlowString(out, start, p);
    }
    if constexpr (Build)
        out = m_strings.knownAscii(start, p - start);
    m_p = p + 1;
    return true;
}

template <bool Build>
bool Reader<Build>::parseKey(QString &out)
{
    if constexpr (Build) {
        const uchar *start = m_p + 1;
        const uchar *p = findStringSpecial(start, m_end);
        const qsizetype size = p - start;
        if (p == m_end || *p != '"' || size == 0 || size > StringCache::MaxSize)
            return parseString(out);
        out = m_strings.ascii(start, size);
        m_p = p + 1;
        return true;
    } else {
        Q_UNUSED(out);
        return checkString();
    }
}

// Checking only, escapes and non-ASCII text: whether parseSlowString() accepts it, found
// without decoding; when not, parseSlowString() finds the error (the first one it meets is not
// always the first in the text: an unterminated string is reported as such).
template <bool Build>
bool Reader<Build>::checkSlowString(QString &out, const uchar *start, const uchar *p)
{
    static_assert(!Build);
    const auto isHex = [](uchar h) {
        return (h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F');
    };
    for (const uchar *q = p;;) {
        q = findStringSpecial(q, m_end);
        if (q == m_end)
            break;
        const uchar c = *q;
        if (c == '"') {
            m_p = q + 1;
            return true;
        }
        if (c == '\\') {
            if (m_end - q < 2)
                break;
            switch (q[1]) {
            case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
                q += 2;
                continue;
            case 'u':
                if (m_end - q < 6 || !isHex(q[2]) || !isHex(q[3]) || !isHex(q[4]) || !isHex(q[5]))
                    break;
                q += 6;
                continue;
            default:
                break;
            }
            break;
        }
        if (c < 0x20 || SocketIOUtf8::decode(q, m_end) == SocketIOUtf8::Invalid)
            break;
    }
    return parseSlowString(out, start, p);
}

// Escapes and non-ASCII text; [start, p) is plain ASCII already.
template <bool Build>
bool Reader<Build>::parseSlowString(QString &out, const uchar *start, const uchar *p)
{
    // Find the closing quote first: the UTF-8 byte count bounds the UTF-16 length.
    const uchar *close = p;
    while (close < m_end && *close != '"') {
        if (*close == '\\' && m_end - close >= 2)
            close += 2;
        else
            ++close;
    }
    if (close >= m_end)
        return failAt(start - 1, QStringLiteral("unterminated string"));

    // Checking only: the text is decoded into scratch, not kept.
    [[maybe_unused]] std::conditional_t<Build, std::nullptr_t, QVarLengthArray<char16_t, 256>> scratch{};
    char16_t *o;
    if constexpr (Build) {
        out.resize(close - start);
        o = reinterpret_cast<char16_t *>(out.data());
    } else {
        scratch.resize(close - start);
        o = scratch.data();
    }
    o = std::copy(start, p, o);
    while (p < close) {
        const uchar c = *p;
        if (c >= 0x20 && c < 0x80 && c != '\\') {
            *o++ = c;
            ++p;
        } else if (c == '\\') {
            const uchar e = p[1];
            switch (e) {
            case '"': *o++ = u'"'; break;
            case '\\': *o++ = u'\\'; break;
            case '/': *o++ = u'/'; break;
            case 'b': *o++ = u'\b'; break;
            case 'f': *o++ = u'\f'; break;
            case 'n': *o++ = u'\n'; break;
            case 'r': *o++ = u'\r'; break;
            case 't': *o++ = u'\t'; break;
            case 'u': {
                if (close - p < 6)
                    return failAt(p, QStringLiteral("invalid \\u escape"));
                char16_t unit = 0;
                for (int i = 2; i < 6; ++i) {
                    const uchar h = p[i];
                    unit <<= 4;
                    if (h >= '0' && h <= '9')
                        unit |= h - '0';
                    else if (h >= 'a' && h <= 'f')
                        unit |= h - 'a' + 10;
                    else if (h >= 'A' && h <= 'F')
                        unit |= h - 'A' + 10;
                    else
                        return failAt(p, QStringLiteral("invalid \\u escape"));
                }
                // Surrogates pass through unit by unit: a valid pair stays a
                // pair and a lone one stays lone, as in JavaScript.
                *o++ = unit;
                p += 4;
                break;
            }
            default:
                return failAt(p, QStringLiteral("invalid escape"));
            }
            p += 2;
        } else if (c < 0x20) {
            return failAt(p, QStringLiteral("control character in string"));
        } else {
            const uchar *at = p;
            const char32_t cp = SocketIOUtf8::decode(p, close);
            if (cp == SocketIOUtf8::Invalid)
                return failAt(at, QStringLiteral("invalid UTF-8"));
            o = SocketIOUtf8::appendUtf16(o, cp);
        }
    }
    if constexpr (Build)
        out.truncate(o - reinterpret_cast<const char16_t *>(out.constData()));
    m_p = close + 1;
    return true;
}

template <bool Build>
bool Reader<Build>::parseNumber(QVariant &out)
{
    const uchar *start = m_p;
    const bool negative = *m_p == '-';
    if (negative)
        ++m_p;
    const auto isDigit = [this] { return m_p < m_end && *m_p >= '0' && *m_p <= '9'; };
    if (!isDigit())
        return fail("invalid number");

    quint64 mantissa = 0;
    bool exact = true; // the integer part fits in mantissa
    if (*m_p == '0') {
        ++m_p;
        if (isDigit())
            return fail("leading zero in number");
    } else if constexpr (Build) {
        while (isDigit()) {
            const uint d = *m_p++ - '0';
            if (mantissa > (std::numeric_limits<quint64>::max() - d) / 10)
                exact = false;
            else
                mantissa = mantissa * 10 + d;
        }
    } else {
        while (isDigit())
            ++m_p;
    }
    bool integer = true;
    if (m_p < m_end && *m_p == '.') {
        integer = false;
        ++m_p;
        if (!isDigit())
            return fail("invalid number");
        while (isDigit())
            ++m_p;
    }
    if (m_p < m_end && (*m_p == 'e' || *m_p == 'E')) {
        integer = false;
        ++m_p;
        if (m_p < m_end && (*m_p == '+' || *m_p == '-'))
            ++m_p;
        if (!isDigit())
            return fail("invalid number");
        while (isDigit())
            ++m_p;
    }

    if constexpr (!Build)
        return true;

    if (integer && exact) {
        if (!negative && mantissa <= quint64(std::numeric_limits<int>::max()))
            out = QVariant(int(mantissa));
        else if (negative && mantissa <= quint64(std::numeric_limits<int>::max()) + 1)
            out = QVariant(int(-qint64(mantissa)));
        else if (mantissa <= MaxSafeInteger)
            out = QVariant(qlonglong(negative ? -qint64(mantissa) : qint64(mantissa)));
        else
            integer = false;
        if (integer)
            return true;
    }

    double value = 0;
    const auto result = std::from_chars(reinterpret_cast<const char *>(start),
                                        reinterpret_cast<const char *>(m_p), value);
    if (result.ec == std::errc::result_out_of_range) {
        // from_chars leaves the value alone; JavaScript gives ±Infinity or ±0.
        // Which one depends on the decimal exponent of the first significant digit.
        // Digits before the point count up from it, zeros between the point
        // and it count down.
        const uchar *d = start + (negative ? 1 : 0);
        qint64 exponent = -1;
        bool seenPoint = false, significant = false;
        for (; d < m_p && *d != 'e' && *d != 'E'; ++d) {
            if (*d == '.') {
                seenPoint = true;
            } else if (*d != '0' || significant) {
                significant = true;
                if (!seenPoint)
                    ++exponent;
            } else if (seenPoint) {
                --exponent;
            }
        }
        if (d < m_p) { // clamped beyond any input length: only the sum's sign matters
            qint64 e = 0;
            const bool minus = d[1] == '-';
            for (++d; d < m_p; ++d) {
                if (*d >= '0' && *d <= '9' && e < (Q_INT64_C(1) << 50))
                    e = e * 10 + (*d - '0');
            }
            exponent += minus ? -e : e;
        }
        value = exponent > 0 ? std::numeric_limits<double>::infinity() : 0.0;
        if (negative)
            value = -value;
    }
    out = QVariant(value);
    return true;
}

// ---------------------------------------------------------------------------
// Writer

class Writer
{
public:
    Writer(QByteArray &out, QList<QByteArray> *attachments)
        : m_out(out), m_attachments(attachments), m_used(out.size()), m_size(out.size())
    {}
    // The output grows ahead of what is written, in few large steps; cut to size at the end.
    ~Writer() { m_out.resize(m_used); }

    void writeValue(const QVariant &value);

private:
    char *reserve(qsizetype n) // room for n more bytes, at the returned position
    {
        if (m_size - m_used < n) {
            m_out.resize(qMax(m_used + n, qMax<qsizetype>(m_size * 2, 64)));
            m_data = m_out.data();
            m_size = m_out.size();
        }
        return m_data + m_used;
    }
    void append(char c)
    {
        *reserve(1) = c;
        ++m_used;
    }
    void append(const char *s, qsizetype n)
    {
        if (n <= 0)
            return;
        memcpy(reserve(n), s, size_t(n));
        m_used += n;
    }
    void appendLiteral(const char *s) { append(s, qsizetype(strlen(s))); }
    void writeString(QStringView s);
    void writeInteger(qint64 v);
    void writeUnsigned(quint64 v);
    template <typename T>
    void writeFloating(T v);
    void writeBinary(const QByteArray &bytes);
    void writeJson(const QJsonValue &value);
    void writeJsonArray(const QJsonArray &array);
    void writeJsonObject(const QJsonObject &object);
    void writeList(const QVariantList &list);
    void writeStringList(const QStringList &list);
    void writeMap(const QVariantMap &map);
    void writeHash(const QVariantHash &hash);
    void writeOther(const QVariant &value);

    QByteArray &m_out;
    QList<QByteArray> *m_attachments;
    char *m_data = nullptr; // m_out's bytes, once reserve() has made them ours
    qsizetype m_used;       // bytes written, from m_data
    qsizetype m_size;       // m_out.size(), the room
};

void Writer::writeValue(const QVariant &value)
{
    const void *d = value.constData();
    switch (value.typeId()) {
    case QMetaType::UnknownType:
    case QMetaType::Nullptr:
        return appendLiteral("null");
    case QMetaType::Bool:
        return appendLiteral(*static_cast<const bool *>(d) ? "true" : "false");
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
        return writeFloating(*static_cast<const double *>(d));
    case QMetaType::Float:
        return writeFloating(*static_cast<const float *>(d));
    case QMetaType::QString:
        return writeString(*static_cast<const QString *>(d));
    case QMetaType::QChar:
        return writeString(QStringView(static_cast<const QChar *>(d), 1));
    case QMetaType::Char:
        return writeString(QString(QLatin1Char(*static_cast<const char *>(d))));
    case QMetaType::Char16:
        return writeString(QStringView(static_cast<const char16_t *>(d), 1));
    case QMetaType::Char32:
        return writeString(QString::fromUcs4(static_cast<const char32_t *>(d), 1));
    case QMetaType::QByteArray:
        return writeBinary(*static_cast<const QByteArray *>(d));
    case QMetaType::QVariantList:
        return writeList(*static_cast<const QVariantList *>(d));
    case QMetaType::QStringList:
        return writeStringList(*static_cast<const QStringList *>(d));
    case QMetaType::QVariantMap:
        return writeMap(*static_cast<const QVariantMap *>(d));
    case QMetaType::QVariantHash:
        return writeHash(*static_cast<const QVariantHash *>(d));
    case QMetaType::QJsonValue:
        return writeJson(*static_cast<const QJsonValue *>(d));
    case QMetaType::QJsonArray:
        return writeJsonArray(*static_cast<const QJsonArray *>(d));
    case QMetaType::QJsonObject:
        return writeJsonObject(*static_cast<const QJsonObject *>(d));
    case QMetaType::QJsonDocument: {
        const auto &doc = *static_cast<const QJsonDocument *>(d);
        if (doc.isArray())
            return writeJsonArray(doc.array());
        if (doc.isObject())
            return writeJsonObject(doc.object());
        return appendLiteral("null");
    }
    case QMetaType::QDateTime: {
        const auto &dt = *static_cast<const QDateTime *>(d);
        if (!dt.isValid())
            return appendLiteral("null");
        return writeString(dt.toUTC().toString(Qt::ISODateWithMs));
    }
    case QMetaType::QUrl: {
        const QByteArray encoded = static_cast<const QUrl *>(d)->toEncoded();
        append('"');
        append(encoded.constData(), encoded.size()); // ASCII without '"' or '\\'
        return append('"');
    }
    default:
        return writeOther(value);
    }
}

void Writer::writeOther(const QVariant &value)
{
    if (value.canConvert<QSequentialIterable>()) {
        const auto iterable = value.value<QSequentialIterable>();
        append('[');
        bool first = true;
        for (const QVariant &element : iterable) {
            if (!first)
                append(',');
            first = false;
            writeValue(element);
        }
        return append(']');
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
    appendLiteral("null");
}

void Writer::writeList(const QVariantList &list)
{
    append('[');
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (i)
            append(',');
        writeValue(list.at(i));
    }
    append(']');
}

void Writer::writeStringList(const QStringList &list)
{
    append('[');
    for (qsizetype i = 0; i < list.size(); ++i) {
        if (i)
            append(',');
        writeString(list.at(i));
    }
    append(']');
}

void Writer::writeMap(const QVariantMap &map)
{
    append('{');
    bool first = true;
    for (auto it = map.cbegin(), end = map.cend(); it != end; ++it) {
        if (!it.value().isValid())
            continue; // undefined members are left out
        if (!first)
            append(',');
        first = false;
        writeString(it.key());
        append(':');
        writeValue(it.value());
    }
    append('}');
}

void Writer::writeHash(const QVariantHash &hash)
{
    // Sorted like QVariantMap, so that the output does not depend on hashing.
    QList<QVariantHash::const_iterator> members;
    members.reserve(hash.size());
    for (auto it = hash.cbegin(); it != hash.cend(); ++it) {
        if (it.value().isValid())
            members.append(it);
    }
    std::sort(members.begin(), members.end(),
              [](const auto &a, const auto &b) { return a.key() < b.key(); });
    append('{');
    for (qsizetype i = 0; i < members.size(); ++i) {
        if (i)
            append(',');
        writeString(members.at(i).key());
        append(':');
        writeValue(members.at(i).value());
    }
    append('}');
}

void Writer::writeBinary(const QByteArray &bytes)
{
    if (!m_attachments) {
        append('"');
        const QByteArray base64 = bytes.toBase64();
        append(base64.constData(), base64.size());
        return append('"');
    }
    appendLiteral("{\"_placeholder\":true,\"num\":");
    writeInteger(m_attachments->size());
    append('}');
    m_attachments->append(bytes);
}

void Writer::writeInteger(qint64 v)
{
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, v);
    append(buffer, result.ptr - buffer);
}

void Writer::writeUnsigned(quint64 v)
{
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, v);
    append(buffer, result.ptr - buffer);
}

// ECMAScript Number::toString: the shortest digits that read back the same
// value, positioned as fixed notation for decimal exponents in [-7, 21),
// scientific otherwise ("1e+21", "1.5e-7").
template <typename T>
void Writer::writeFloating(T v)
{
    if (!std::isfinite(v))
        return appendLiteral("null");
    if (v == 0)
        return append('0'); // -0 too
    char sci[32];
    const auto result = std::to_chars(sci, sci + sizeof sci, v, std::chars_format::scientific);
    // sci holds "[-]d[.ddd]e[+-]xx"
    const char *p = sci;
    const char *end = result.ptr;
    if (*p == '-') {
        append('-');
        ++p;
    }
    char digits[24];
    int k = 0;
    for (; p < end && *p != 'e'; ++p) {
        if (*p != '.')
            digits[k++] = *p;
    }
    int exponent = 0;
    std::from_chars(p + 1 + (p[1] == '+'), end, exponent);
    const int n = exponent + 1; // position of the decimal point relative to the digits

    char out[48];
    char *o = out;
    if (k <= n && n <= 21) {
        o = std::copy(digits, digits + k, o);
        o = std::fill_n(o, n - k, '0');
    } else if (0 < n && n <= 21) {
        o = std::copy(digits, digits + n, o);
        *o++ = '.';
        o = std::copy(digits + n, digits + k, o);
    } else if (-6 < n && n <= 0) {
        *o++ = '0';
        *o++ = '.';
        o = std::fill_n(o, -n, '0');
        o = std::copy(digits, digits + k, o);
    } else {
        *o++ = digits[0];
        if (k > 1) {
            *o++ = '.';
            o = std::copy(digits + 1, digits + k, o);
        }
        *o++ = 'e';
        *o++ = n - 1 < 0 ? '-' : '+';
        o = std::to_chars(o, out + sizeof out, n - 1 < 0 ? 1 - n : n - 1).ptr;
    }
    append(out, o - out);
}

void Writer::writeString(QStringView s)
{
    static constexpr char hex[] = "0123456789abcdef";
    // Worst case: 6 bytes per UTF-16 unit (\u001f, a lone surrogate as \udxxx).
    // Reserve chunk by chunk so that a long string does not over-allocate 6x.
    constexpr qsizetype Chunk = 4096;
    const char16_t *p = s.utf16();
    const char16_t *const end = p + s.size();
    char *o = reserve(qMin<qsizetype>(end - p, Chunk) * 6 + 2);
    *o++ = '"';
    while (p < end) {
        const char16_t *chunkEnd = end - p > Chunk ? p + Chunk : end;
        m_used = o - m_data;
        o = reserve((chunkEnd - p) * 6 + 2);
        while (p < chunkEnd) {
            const char16_t c = *p++;
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    *o++ = char(c);
                    continue;
                }
                *o++ = '\\';
                switch (c) {
                case '"': *o++ = '"'; break;
                case '\\': *o++ = '\\'; break;
                case '\b': *o++ = 'b'; break;
                case '\f': *o++ = 'f'; break;
                case '\n': *o++ = 'n'; break;
                case '\r': *o++ = 'r'; break;
                case '\t': *o++ = 't'; break;
                default:
                    *o++ = 'u';
                    *o++ = '0';
                    *o++ = '0';
                    *o++ = hex[c >> 4];
                    *o++ = hex[c & 0xF];
                    break;
                }
            } else if (QChar::isSurrogate(c)) {
                if (QChar::isHighSurrogate(c) && p < end && QChar::isLowSurrogate(*p)) {
                    // The pair's second unit may lie in the next chunk; 4 bytes
                    // for 2 units stays within this chunk's reserve anyway.
                    o = SocketIOUtf8::appendUtf8(o, QChar::surrogateToUcs4(c, *p++));
                } else {
                    *o++ = '\\';
                    *o++ = 'u';
                    *o++ = hex[c >> 12];
                    *o++ = hex[(c >> 8) & 0xF];
                    *o++ = hex[(c >> 4) & 0xF];
                    *o++ = hex[c & 0xF];
                }
            } else {
                o = SocketIOUtf8::appendUtf8(o, c);
            }
        }
    }
    *o++ = '"';
    m_used = o - m_data;
}

void Writer::writeJson(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return appendLiteral(value.toBool() ? "true" : "false");
    case QJsonValue::Double: {
        // QJsonValue keeps integers as qint64 internally; toVariant() tells.
        const QVariant number = value.toVariant();
        if (number.typeId() == QMetaType::LongLong)
            return writeInteger(number.toLongLong());
        return writeFloating(value.toDouble());
    }
    case QJsonValue::String:
        return writeString(value.toString());
    case QJsonValue::Array:
        return writeJsonArray(value.toArray());
    case QJsonValue::Object:
        return writeJsonObject(value.toObject());
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    appendLiteral("null");
}

void Writer::writeJsonArray(const QJsonArray &array)
{
    append('[');
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (i)
            append(',');
        writeJson(array.at(i));
    }
    append(']');
}

void Writer::writeJsonObject(const QJsonObject &object)
{
    append('{');
    bool first = true;
    for (auto it = object.constBegin(), end = object.constEnd(); it != end; ++it) {
        if (it.value().isUndefined())
            continue;
        if (!first)
            append(',');
        first = false;
        writeString(it.key());
        append(':');
        writeJson(it.value());
    }
    append('}');
}

} // namespace

namespace SocketIOJson {

bool read(QByteArrayView json, QVariant *value, QString *error, const ReadOptions &options)
{
    Reader<true> reader(json, options);
    QVariant result;
    if (!reader.read(result)) {
        if (error)
            *error = reader.errorString();
        return false;
    }
    if (value)
        *value = std::move(result);
    return true;
}

void fillPlaceholders(QVariant &value, const QList<QByteArray> &attachments)
{
    SocketIOQt::fillPlaceholders(value, attachments);
}

bool check(QByteArrayView json, const ReadOptions &options, Spans *elements, QString *error,
           MemberSpans *members)
{
    Q_ASSERT(!options.placeholders);
    Reader<false> reader(json, options, elements, members);
    QVariant unused;
    if (reader.read(unused))
        return true;
    if (error)
        *error = reader.errorString();
    return false;
}

bool readString(QByteArrayView json, QString *out)
{
    if (!json.startsWith('"'))
        return false;
    // Plain ASCII, as the reader makes it, without a reader.
    const auto *first = reinterpret_cast<const uchar *>(json.data()) + 1;
    const auto *last = reinterpret_cast<const uchar *>(json.data()) + json.size() - 1;
    if (first <= last && *last == '"' && findStringSpecial(first, last) == last) {
        *out = StringCache::forThisThread().knownAscii(first, last - first);
        return true;
    }
    QVariant value;
    if (!read(json, &value))
        return false;
    *out = std::move(*static_cast<QString *>(value.data()));
    return true;
}

bool readInteger(QByteArrayView json, qint64 *out)
{
    const char *p = json.begin();
    const char *const end = json.end();
    const bool negative = p < end && *p == '-';
    if (negative)
        ++p;
    if (p == end)
        return false;
    quint64 mantissa = 0;
    for (; p < end; ++p) {
        if (*p < '0' || *p > '9' || mantissa > MaxSafeInteger)
            return false;
        mantissa = mantissa * 10 + quint64(*p - '0');
    }
    if (mantissa > MaxSafeInteger)
        return false;
    *out = negative ? -qint64(mantissa) : qint64(mantissa);
    return true;
}

bool readDouble(QByteArrayView json, double *out)
{
    qint64 integer = 0;
    if (readInteger(json, &integer)) {
        *out = double(integer);
        return true;
    }
    // What the reader does with the other numbers; beyond double's range it has its own rule.
    double value = 0;
    const auto result = std::from_chars(json.begin(), json.end(), value);
    if (result.ec != std::errc() || result.ptr != json.end())
        return false;
    *out = value;
    return true;
}

} // namespace SocketIOJson

namespace {

// The end of the string whose opening quote is at p, in text that check() accepted.
const char *skipString(const char *p, const char *end)
{
    for (++p; p < end; p += 2) { // past an escape: its second byte closes nothing
        p = findQuoteOrBackslash(p, end);
        if (p < end && *p == '"')
            return p + 1;
    }
    return end;
}

// The end of the array or object that starts at p, in text that check() accepted: only quotes,
// backslashes and brackets count, found 16 bytes at a time where SSE2 is.
const char *skipContainer(const char *p, const char *end)
{
    int depth = 0;
    bool inString = false;
    // One byte at a time up to stop (and past it by the second byte of an escape); true when
    // the container ended, p then just after it.
    const auto bytewise = [&](const char *stop) {
        while (p < stop) {
            const char c = *p++;
            if (inString) {
                if (c == '\\')
                    ++p;
                else if (c == '"')
                    inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                ++depth;
            } else if ((c == ']' || c == '}') && --depth == 0) {
                return true;
            }
        }
        return false;
    };
#ifdef SOCKETIOQT_JSON_SSE2
    while (end - p >= 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
        const auto bytesEqual = [v](char c) {
            return uint(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(c))));
        };
        if (bytesEqual('\\')) { // rare: escapes are followed byte by byte
            if (bytewise(p + 16))
                return p;
            continue;
        }
        // The bytes inside strings, opening quote included, closing quote not: the running XOR
        // of the quotes, continued from the previous block.
        uint inside = bytesEqual('"');
        inside ^= inside << 1;
        inside ^= inside << 2;
        inside ^= inside << 4;
        inside ^= inside << 8;
        if (inString)
            inside = ~inside;
        inString = inside & 0x8000;
        // OR 0x20 makes '[' of '{' and ']' of '}', and nothing else of either.
        const __m128i folded = _mm_or_si128(v, _mm_set1_epi8(0x20));
        const uint opens = uint(_mm_movemask_epi8(_mm_cmpeq_epi8(folded, _mm_set1_epi8('{')))) & ~inside;
        const uint closes = uint(_mm_movemask_epi8(_mm_cmpeq_epi8(folded, _mm_set1_epi8('}')))) & ~inside;
        for (uint brackets = opens | closes; brackets; brackets &= brackets - 1) {
            const uint at = qCountTrailingZeroBits(brackets);
            if (opens & (1u << at))
                ++depth;
            else if (--depth == 0)
                return p + at + 1;
        }
        p += 16;
    }
#endif
    return bytewise(end) ? p : end;
}

// The end of the value that starts at p, in text that check() accepted.
const char *skipValue(const char *p, const char *end)
{
    if (*p == '"')
        return skipString(p, end);
    if (*p == '[' || *p == '{')
        return skipContainer(p, end);
    while (p < end && *p != ',' && *p != ']' && *p != '}' && *p != ' ' && *p != '\t'
           && *p != '\n' && *p != '\r')
        ++p;
    return p;
}

const char *skipWhitespace(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
        ++p;
    return p;
}

// The start of the next element or member of the container whose text (from its opening
// bracket, or from the end of an earlier element) is rest; null after the last one.
const char *nextItem(QByteArrayView rest, char open)
{
    const char *p = skipWhitespace(rest.begin(), rest.end());
    if (p == rest.end() || (*p != open && *p != ','))
        return nullptr;
    p = skipWhitespace(p + 1, rest.end());
    if (p == rest.end() || *p == ']' || *p == '}')
        return nullptr;
    return p;
}

} // namespace

namespace SocketIOJson {

bool nextElement(QByteArrayView *rest, QByteArrayView *element)
{
    const char *p = nextItem(*rest, '[');
    if (!p)
        return false;
    const char *end = skipValue(p, rest->end());
    *element = QByteArrayView(p, end);
    *rest = QByteArrayView(end, rest->end());
    return true;
}

bool nextMember(QByteArrayView *rest, QByteArrayView *key, QByteArrayView *value)
{
    const char *p = nextItem(*rest, '{');
    if (!p)
        return false;
    const char *keyEnd = skipValue(p, rest->end());
    *key = QByteArrayView(p + 1, keyEnd - 1);
    p = skipWhitespace(keyEnd, rest->end()) + 1; // ':'
    p = skipWhitespace(p, rest->end());
    const char *end = skipValue(p, rest->end());
    *value = QByteArrayView(p, end);
    *rest = QByteArrayView(end, rest->end());
    return true;
}

void write(QByteArray &out, const QVariant &value, QList<QByteArray> *attachments)
{
    Writer(out, attachments).writeValue(value);
}

QByteArray write(const QVariant &value, QList<QByteArray> *attachments)
{
    QByteArray out;
    write(out, value, attachments);
    return out;
}

} // namespace SocketIOJson

} // namespace SocketIOQt
