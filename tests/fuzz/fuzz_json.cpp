// JSON reader: anything in, no crash; what it accepts writes back to JSON
// that reads back to the same value, and writing is stable.
// First byte: bit 0 placeholder mode, bits 1-3 attachment count, bits 4-7 depth limit.

#include "fuzzcommon.h"
#include "jsoncodec_p.h"

using namespace SocketIOQt;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const uint8_t flags = data[0];
    const QByteArrayView json(data + 1, qsizetype(size - 1));

    const QList<QByteArray> attachments{"a", QByteArray(), "\x00\xff", "d", "e", "f", "g"};
    SocketIOJson::ReadOptions options;
    options.placeholders = flags & 1;
    options.attachmentCount = (flags >> 1) & 7;
    options.attachments = &attachments;
    options.maxDepth = (flags >> 4) ? (flags >> 4) * 16 : 128;

    QVariant value;
    QString error;
    if (!SocketIOJson::read(json, &value, &error, options)) {
        FUZZ_CHECK(!error.isEmpty());
        return 0;
    }
    QList<QByteArray> extracted;
    const QByteArray written = SocketIOJson::write(value, &extracted);

    SocketIOJson::ReadOptions again;
    again.placeholders = options.placeholders; // literal placeholders stay literal
    again.attachmentCount = int(extracted.size());
    again.attachments = &extracted;
    again.maxDepth = 1000; // placeholder objects may add a level
    QVariant reread;
    FUZZ_CHECK(SocketIOJson::read(written, &reread, &error, again));
    FUZZ_CHECK(Fuzz::sameAfterRoundTrip(value, reread));
    QList<QByteArray> extractedAgain;
    FUZZ_CHECK(SocketIOJson::write(reread, &extractedAgain) == written);
    FUZZ_CHECK(extractedAgain == extracted);
    return 0;
}
