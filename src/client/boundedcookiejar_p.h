#ifndef SOCKETIOQT_BOUNDEDCOOKIEJAR_P_H
#define SOCKETIOQT_BOUNDEDCOOKIEJAR_P_H

#include <QtNetwork/qnetworkcookiejar.h>

namespace SocketIOQt {

// The cookie jar of the QNetworkAccessManager a SocketIO creates for itself: a server's cookies
// (sticky sessions) are kept, but only so many per domain and so many bytes in all
// (Limits::maxCookiesPerHost(), Limits::maxCookieJarSize()); more are refused with a warning.
class BoundedCookieJar : public QNetworkCookieJar
{
    Q_OBJECT
public:
    using QNetworkCookieJar::QNetworkCookieJar;

    void setBounds(int perHost, qint64 totalBytes);
    bool insertCookie(const QNetworkCookie &cookie) override;

private:
    int m_perHost = 50;
    qint64 m_totalBytes = 1000000;
    bool m_warned = false;
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_BOUNDEDCOOKIEJAR_P_H
