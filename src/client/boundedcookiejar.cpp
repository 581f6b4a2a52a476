#include "boundedcookiejar_p.h"

#include "logging_p.h"

#include <QtNetwork/qnetworkcookie.h>

#include <utility>

namespace SocketIOQt {

void BoundedCookieJar::setBounds(int perHost, qint64 totalBytes)
{
    m_perHost = perHost;
    m_totalBytes = totalBytes;
}

bool BoundedCookieJar::insertCookie(const QNetworkCookie &cookie)
{
    // The jar holds at most the bounds, so counting it again for each new cookie stays cheap.
    int sameDomain = 0;
    qint64 bytes = cookie.name().size() + cookie.value().size();
    const QList<QNetworkCookie> cookies = allCookies();
    for (const QNetworkCookie &c : cookies) {
        if (c.hasSameIdentifier(cookie))
            continue; // replaced by this one
        if (c.domain() == cookie.domain())
            ++sameDomain;
        bytes += c.name().size() + c.value().size();
    }
    if (sameDomain >= m_perHost || bytes > m_totalBytes) {
        if (!std::exchange(m_warned, true)) // once: a server may send many
            qCWarning(lcClient, "cookie refused: the server set more than %d cookies for its domain or %lld bytes "
                                "of cookies in all (the cookie limits)", m_perHost, m_totalBytes);
        return false;
    }
    return QNetworkCookieJar::insertCookie(cookie);
}

} // namespace SocketIOQt
