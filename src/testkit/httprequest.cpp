#include "httprequest_p.h"

#include <QtCore/qlist.h>

namespace SocketIOQt {
namespace Test {

bool HttpRequestHead::isWebSocketUpgrade() const
{
    return method == "GET" && headers.value("upgrade").toLower() == "websocket";
}

HttpRequestHead::Status HttpRequestHead::parse(const QByteArray &bytes, qsizetype maxHeadSize,
                                               HttpRequestHead *out)
{
    const qsizetype end = bytes.indexOf("\r\n\r\n");
    if (end < 0)
        return bytes.size() >= maxHeadSize ? TooLarge : NeedMore;
    if (end + 4 > maxHeadSize)
        return TooLarge;

    HttpRequestHead head;
    head.headSize = end + 4;
    const QList<QByteArray> lines = bytes.left(end).split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1."))
        return Malformed;
    head.method = requestLine.at(0);
    if (!requestLine.at(1).startsWith('/'))
        return Malformed;
    head.url = QUrl::fromEncoded(requestLine.at(1));
    if (!head.url.isValid())
        return Malformed;
    const bool http10 = requestLine.at(2) == "HTTP/1.0";

    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return Malformed;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        QByteArray &slot = head.headers[name];
        slot = slot.isEmpty() ? value : slot + ", " + value;
    }

    if (head.headers.contains("transfer-encoding"))
        return Malformed;
    if (head.headers.contains("content-length")) {
        bool ok = false;
        head.contentLength = head.headers.value("content-length").toLongLong(&ok);
        if (!ok || head.contentLength < 0)
            return Malformed;
    }
    const QByteArray connection = head.headers.value("connection").toLower();
    head.keepAlive = http10 ? connection.contains("keep-alive") : !connection.contains("close");
    *out = std::move(head);
    return Ready;
}

} // namespace Test
} // namespace SocketIOQt
