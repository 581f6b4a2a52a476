// JSON reader against QJsonDocument: where both accept a document they give the same tree, and
// the strict JSON QJsonDocument writes of what it accepted reads back to that tree too. Numbers
// compare by value (the reader makes int, qlonglong or double of them, QJsonDocument qlonglong or
// double). What only the reader accepts (a scalar at the top, say) is left to fuzz_json.

#include "fuzzcommon.h"
#include "jsoncodec_p.h"

#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>

using namespace SocketIOQt;

namespace {

bool sameAsQt(const QVariant &value, const QJsonDocument &document)
{
    const QVariant expected = document.isArray() ? QVariant(document.array().toVariantList())
                                                 : QVariant(document.object().toVariantMap());
    return Fuzz::sameTree(value, expected, [](const QVariant &x, const QVariant &y) -> std::optional<bool> {
        if (!Fuzz::isNumber(x))
            return std::nullopt;
        return Fuzz::isNumber(y) && x.toDouble() == y.toDouble();
    });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    QJsonParseError qtError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &qtError);
    QVariant value;
    SocketIOJson::ReadOptions options;
    options.maxDepth = 1024; // QJsonDocument's
    const bool ok = SocketIOJson::read(json, &value, nullptr, options);
    if (qtError.error != QJsonParseError::NoError)
        return 0;
    // QJsonDocument is laxer than JSON (RFC 8259) in places ("1.", ".5", raw control characters
    // in strings, a backslash before any character): what it accepted, it also writes back as
    // strict JSON, which the reader must take.
    if (ok)
        FUZZ_CHECK(sameAsQt(value, document));
    QVariant strict;
    FUZZ_CHECK(SocketIOJson::read(document.toJson(QJsonDocument::Compact), &strict, nullptr, options));
    FUZZ_CHECK(sameAsQt(strict, document));
    return 0;
}
