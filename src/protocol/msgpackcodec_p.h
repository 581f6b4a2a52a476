#ifndef SOCKETIOQT_MSGPACKCODEC_P_H
#define SOCKETIOQT_MSGPACKCODEC_P_H

//
//  W A R N I N G
//  -------------
// Internal to SocketIOQt; not installed, may change at any time. Exported only
// so that the unit tests, the fuzz targets and the benchmarks can use it.
//

#include <SocketIOQt/socketioqt_export.h>

#include <QtCore/qbytearray.h>
#include <QtCore/qbytearrayview.h>
#include <QtCore/qstring.h>
#include <QtCore/qvariant.h>

namespace SocketIOQt {

// MessagePack straight from bytes to QVariant trees and back, in the dialect of notepack.io 2.x
// (what socket.io-msgpack-parser 3.x uses), so that values cross between the two unchanged.
//
// Values read:
// - nil as QVariant::fromValue(nullptr), booleans, str as QString (invalid UTF-8 replaced, as
//   Node's Buffer does), bin as QByteArray, array as QVariantList, map as QVariantMap (keys str
//   or integers, taken as their decimal text, as JavaScript property names);
// - integers as int when they fit, else qlonglong when |v| <= 2^53 (what a JavaScript number
//   holds exactly), else double; float 32 and 64 as double;
// - the extensions notepack writes: fixext 1 type 0 (undefined) as an invalid QVariant, fixext 8
//   type 0 (Date, milliseconds since the epoch) as a UTC QDateTime, ext 8/16/32 type 0
//   (ArrayBuffer) as QByteArray; any other extension as notepack gives it, [type, bytes].
//
// Values written, as notepack writes the JavaScript values they stand for:
// - an invalid QVariant as undefined (fixext 1 type 0), nullptr as nil;
// - integral numbers (integer types, and doubles without fraction) in the smallest integer
//   format; other doubles and floats as float 64; NaN and infinities as float 64 too;
// - QString (and QChar, char, char16_t, char32_t) as str; QUrl as its encoded form;
// - QByteArray as bin; QDateTime as Date (invalid: nil);
// - QVariantList, QStringList and other iterable sequences as array; QVariantMap, QVariantHash
//   (keys sorted) and other associative containers as map; QJsonValue, QJsonArray, QJsonObject
//   and QJsonDocument as the values they hold;
// - any other type that QVariant converts to QString as that string; the rest as nil.
namespace SocketIOMsgPack {

// Reads exactly one value from bytes, nested at most maxDepth arrays and maps deep, not counting
// the uncountedLevels outermost ones (a packet's own map, so that the depth of its payload counts
// as in JSON). No count or length is trusted beyond the bytes that remain, so the memory held
// stays proportional to the input. On failure returns false and sets *error to
// "<what> at offset <n>".
SOCKETIOQT_EXPORT bool read(QByteArrayView bytes, QVariant *value, QString *error = nullptr,
                            int maxDepth = 128, int uncountedLevels = 0);

// As read(), for a document that is expected to be a map (a packet) but wanted member by member,
// without the map: values[i] gets the member whose key is names[i], plain ASCII (an invalid QVariant when
// absent; a repeated key keeps the last value), the other members are read and dropped. When the
// document is not a map, *isMap is false and it is only read. Same errors as read().
SOCKETIOQT_EXPORT bool readMapMembers(QByteArrayView bytes, const QLatin1StringView *names, qsizetype count,
                                      QVariant *values, bool *isMap, QString *error = nullptr,
                                      int maxDepth = 128, int uncountedLevels = 0);

// Appends the MessagePack of value to out.
SOCKETIOQT_EXPORT void write(QByteArray &out, const QVariant &value);

// Appends a map header for count entries, and a str, for the writers of composite values.
SOCKETIOQT_EXPORT void writeMapHeader(QByteArray &out, quint32 count);
SOCKETIOQT_EXPORT void writeString(QByteArray &out, QStringView string);

} // namespace SocketIOMsgPack

} // namespace SocketIOQt

#endif // SOCKETIOQT_MSGPACKCODEC_P_H
