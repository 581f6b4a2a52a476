#ifndef SOCKETIOQT_JSONCODEC_P_H
#define SOCKETIOQT_JSONCODEC_P_H

//
//  W A R N I N G
//  -------------
// Internal to SocketIOQt; not installed, may change at any time. Exported only
// so that the unit tests, the fuzz targets and the inspector can use it.
//

#include <SocketIOQt/socketioqt_export.h>

#include <QtCore/qbytearray.h>
#include <QtCore/qbytearrayview.h>
#include <QtCore/qlist.h>
#include <QtCore/qstring.h>
#include <QtCore/qvarlengtharray.h>
#include <QtCore/qvariant.h>

namespace SocketIOQt {

// JSON straight from UTF-8 to QVariant trees and back, without the detour
// through QJsonDocument (which parses into its own representation first and
// converts afterwards); this is the hot path of every event.
//
// Values read: QVariantMap, QVariantList, QString, bool, numbers, and JSON null
// as QVariant::fromValue(nullptr). An integer literal (no fraction, no
// exponent) becomes int when it fits, else qlonglong when |v| <= 2^53 (what a
// JavaScript number holds exactly), else double; other numbers are double.
//
// Values written, as JavaScript's JSON.stringify writes them:
// - QVariantMap, QVariantHash (keys sorted), QVariantList, QStringList and any
//   other container QVariant can iterate (QList<int>, QMap<QString, T>, ...);
// - QString; QChar, char, char16_t and char32_t as one-character strings;
//   QUrl in its encoded form; QDateTime as Date.prototype.toJSON writes it
//   (UTC ISO 8601 with milliseconds; invalid -> null);
// - bool, all integer types including signed and unsigned char (plain, exact
//   even beyond 2^53), float and double as the shortest string that reads back
//   the same, in JavaScript's notation (1.5, 1e+21, 1e-7); -0 as 0; NaN and
//   infinities as null;
// - any other type that QVariant converts to QString (QDate, QTime, QUuid,
//   enums...) as that string, through QVariant::toString();
// - nullptr, an invalid QVariant and all remaining types as null, except that
//   an invalid QVariant inside a map is left out (as undefined is in JavaScript);
// - QJsonValue, QJsonObject, QJsonArray and QJsonDocument as their JSON;
// - QByteArray as a {"_placeholder":true,"num":N} object, the bytes appended
//   to *attachments, in the order met (depth-first, in list and key order);
//   without an attachment list, as a base64 string.
// Strings are written as raw UTF-8; the escapes are those of JSON.stringify:
// \" \\ \b \f \n \r \t, \u00XX for the other control characters and \uXXXX for
// lone surrogates.
namespace SocketIOJson {

struct ReadOptions
{
    int maxDepth = 128; // nesting of arrays and objects; the reader recurses once per level

    // When set, objects whose "_placeholder" member is true are replaced by
    // attachment number "num", which must be an integer in [0, attachmentCount);
    // anything else is an error. The values come from *attachments, or are
    // null QByteArrays when attachments is null (to validate a packet before its
    // attachments arrive). When not set, placeholders are plain objects.
    bool placeholders = false;
    int attachmentCount = 0;
    const QList<QByteArray> *attachments = nullptr;
    // With placeholders and no attachments: leave markers that fillPlaceholders()
    // replaces once the attachments are in, rather than null QByteArrays, so
    // that the JSON is read only once.
    bool keepPlaceholders = false;
};

// Parses exactly one JSON value (surrounding whitespace allowed). On failure
// returns false and sets *error to "<what> at offset <n>" (offset in bytes).
SOCKETIOQT_EXPORT bool read(QByteArrayView json, QVariant *value, QString *error = nullptr,
                            const ReadOptions &options = {});

// Replaces the markers left by read() with ReadOptions::keepPlaceholders by
// their attachments (as many as the attachmentCount given to read()).
SOCKETIOQT_EXPORT void fillPlaceholders(QVariant &value, const QList<QByteArray> &attachments);

// Without the tree: typed handlers read their arguments straight from the text of a plain
// JSON event (see SocketIOPrivate::takeTypedEvent()), which is checked first as read() checks it.
using Spans = QVarLengthArray<QByteArrayView, 8>;

// The members of the objects among an array's elements, as check() finds them: element i's
// are the pairs index[i] to index[i + 1] - 1 of pairs, each pair a key's text between its
// quotes (escapes as they are, as nextMember() gives it) and its value's text.
struct MemberSpans
{
    QVarLengthArray<QByteArrayView, 32> pairs; // key, value, key, value, ...
    QVarLengthArray<qsizetype, 8> index; // one more than the elements
};

// Whether read() accepts json with options (which must not ask for placeholders), found without
// building anything: read() fails exactly when this does (its error is the same too). When the
// value is an array and elements is not null, appends the text of each element to *elements,
// and when members is not null too, the members of the elements that are objects to *members.
SOCKETIOQT_EXPORT bool check(QByteArrayView json, const ReadOptions &options = {},
                             Spans *elements = nullptr, QString *error = nullptr,
                             MemberSpans *members = nullptr);

// Readers of the text of one value that check() accepted; each returns false when the value is
// not of its kind (or, for numbers, not one it reads exactly as read() does).
// The string.
SOCKETIOQT_EXPORT bool readString(QByteArrayView json, QString *out);
// An integer literal that read() makes an int or a qlonglong: no fraction, no exponent, at most
// 2^53 in magnitude.
SOCKETIOQT_EXPORT bool readInteger(QByteArrayView json, qint64 *out);
// A number, as the double that read() makes of it or of its integer.
SOCKETIOQT_EXPORT bool readDouble(QByteArrayView json, double *out);
// The elements of an array, one per call: *rest starts as the array's text, each call puts the
// next element in *element and returns false after the last (at once when json is no array).
SOCKETIOQT_EXPORT bool nextElement(QByteArrayView *rest, QByteArrayView *element);
// The members of an object, as nextElement() does: *key gets the text between the name's
// quotes, escapes as they are.
SOCKETIOQT_EXPORT bool nextMember(QByteArrayView *rest, QByteArrayView *key, QByteArrayView *value);

// Appends the compact JSON of value to out.
SOCKETIOQT_EXPORT void write(QByteArray &out, const QVariant &value,
                             QList<QByteArray> *attachments = nullptr);
SOCKETIOQT_EXPORT QByteArray write(const QVariant &value, QList<QByteArray> *attachments = nullptr);

} // namespace SocketIOJson

} // namespace SocketIOQt

#endif // SOCKETIOQT_JSONCODEC_P_H
