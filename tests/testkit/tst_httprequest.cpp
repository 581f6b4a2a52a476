// TestServer's HTTP request head parser (src/testkit/httprequest.cpp): what it accepts, and
// that every input is bounded by the peek size it is given.
#include "httprequest_p.h"

#include <QtTest/qtest.h>

using SocketIOQt::Test::HttpRequestHead;

class tst_HttpRequest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("status");
        QTest::addColumn<qint64>("contentLength");
        QTest::addColumn<bool>("keepAlive");
        QTest::addColumn<bool>("upgrade");
        const auto row = [](const char *name, const QByteArray &bytes, HttpRequestHead::Status status,
                            qint64 length = 0, bool keepAlive = true, bool upgrade = false) {
            QTest::newRow(name) << bytes << int(status) << length << keepAlive << upgrade;
        };
        row("get", "GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n",
            HttpRequestHead::Ready);
        row("post", "POST /socket.io/?sid=a HTTP/1.1\r\nContent-Length: 12\r\n\r\n4hello",
            HttpRequestHead::Ready, 12);
        row("http10 closes", "GET / HTTP/1.0\r\n\r\n", HttpRequestHead::Ready, 0, false);
        row("connection close", "GET / HTTP/1.1\r\nConnection: close\r\n\r\n",
            HttpRequestHead::Ready, 0, false);
        row("websocket", "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nUpgrade: WebSocket\r\n"
                         "Connection: Upgrade\r\n\r\n", HttpRequestHead::Ready, 0, true, true);
        row("incomplete", "GET / HTTP/1.1\r\nHost: x\r\n", HttpRequestHead::NeedMore);
        row("no version", "GET /\r\n\r\n", HttpRequestHead::Malformed);
        row("not origin-form", "GET http://x/ HTTP/1.1\r\n\r\n", HttpRequestHead::Malformed);
        row("header without colon", "GET / HTTP/1.1\r\nbroken\r\n\r\n", HttpRequestHead::Malformed);
        row("negative length", "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", HttpRequestHead::Malformed);
        row("garbage length", "POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n", HttpRequestHead::Malformed);
        row("chunked", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", HttpRequestHead::Malformed);
        row("head too large", "GET / HTTP/1.1\r\nX: " + QByteArray(2000, 'a'), HttpRequestHead::TooLarge);
        row("blank line past the bound", "GET / HTTP/1.1\r\nX: " + QByteArray(1020, 'a') + "\r\n\r\n",
            HttpRequestHead::TooLarge);
    }

    void parse()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, status);
        QFETCH(qint64, contentLength);
        QFETCH(bool, keepAlive);
        QFETCH(bool, upgrade);
        HttpRequestHead head;
        QCOMPARE(int(HttpRequestHead::parse(bytes, 1024, &head)), status);
        if (status != HttpRequestHead::Ready)
            return;
        QCOMPARE(qint64(head.contentLength), contentLength);
        QCOMPARE(head.keepAlive, keepAlive);
        QCOMPARE(head.isWebSocketUpgrade(), upgrade);
        QVERIFY(head.headSize <= bytes.size());
    }

    void repeatedHeadersJoined()
    {
        HttpRequestHead head;
        QCOMPARE(HttpRequestHead::parse("GET /a?b=1 HTTP/1.1\r\nCookie: x=1\r\ncookie: y=2\r\n\r\n",
                                        1024, &head), HttpRequestHead::Ready);
        QCOMPARE(head.headers.value("cookie"), QByteArray("x=1, y=2"));
        QCOMPARE(head.url.path(), QStringLiteral("/a"));
        QCOMPARE(head.url.query(), QStringLiteral("b=1"));
    }
};

QTEST_MAIN(tst_HttpRequest)
#include "tst_httprequest.moc"
