#ifndef SOCKETIOQT_HTTPREQUEST_P_H
#define SOCKETIOQT_HTTPREQUEST_P_H

#include <QtCore/qbytearray.h>
#include <QtCore/qhash.h>
#include <QtCore/qurl.h>

namespace SocketIOQt {
namespace Test {

// The head of one HTTP/1.1 request (request line and headers), parsed from bytes that are
// still in the socket: TestServer peeks at them so that a WebSocket upgrade can be handed to
// QWebSocketServer untouched. No I/O; bounded by the caller's peek size.
struct HttpRequestHead
{
    enum Status { NeedMore, Ready, Malformed, TooLarge };

    QByteArray method;
    QUrl url;                            // path and query of the request target
    QHash<QByteArray, QByteArray> headers; // lower-case names; repeated headers joined by ", "
    qsizetype headSize = 0;              // bytes up to and including the blank line
    qsizetype contentLength = 0;
    bool keepAlive = true;

    bool isWebSocketUpgrade() const;
    // Parses \a bytes (the start of the stream); TooLarge when no blank line is found within
    // \a maxHeadSize bytes. Chunked bodies are Malformed: Engine.IO clients send Content-Length.
    static Status parse(const QByteArray &bytes, qsizetype maxHeadSize, HttpRequestHead *out);
};

} // namespace Test
} // namespace SocketIOQt

#endif // SOCKETIOQT_HTTPREQUEST_P_H
