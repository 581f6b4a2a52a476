// TestServer's HTTP request head parser (src/testkit/httprequest.cpp). The bound holds for any
// input: a head is Ready only within maxHeadSize, and its parts lie inside the input.

#include "fuzzcommon.h"
#include "httprequest_p.h"

using SocketIOQt::Test::HttpRequestHead;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    constexpr qsizetype bound = 4096;
    HttpRequestHead head;
    const auto status = HttpRequestHead::parse(bytes, bound, &head);
    if (status == HttpRequestHead::Ready) {
        FUZZ_CHECK(head.headSize <= bound && head.headSize <= bytes.size());
        FUZZ_CHECK(head.contentLength >= 0);
        FUZZ_CHECK(bytes.mid(head.headSize - 4, 4) == "\r\n\r\n");
    }
    if (status == HttpRequestHead::NeedMore)
        FUZZ_CHECK(bytes.size() < bound && !bytes.contains("\r\n\r\n"));
    return 0;
}
