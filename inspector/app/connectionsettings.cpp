#include "connectionsettings.h"

#include "jsonvariant.h"

#include <SocketIOQt/Parser>
#include <SocketIOQt/socketio.h>

#include <QtCore/qfile.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtNetwork/qsslcertificate.h>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

QString ConnectionSettings::defaultNamespace() const
{
    const QString p = url.path();
    return p.isEmpty() || p == "/"_L1 ? u"/"_s : p;
}

QString ConnectionSettings::title() const
{
    if (url.isEmpty())
        return u"New connection"_s;
    QString t = url.host();
    if (url.port() > 0)
        t += u':' + QString::number(url.port());
    const QString nsp = defaultNamespace();
    if (nsp != "/"_L1)
        t += nsp;
    return t;
}

QVariantMap ConnectionSettings::toVariant() const
{
    QVariantList nsps;
    for (const NamespaceEntry &n : namespaces)
        nsps.append(QVariantMap{{u"name"_s, n.name}, {u"auth"_s, n.authJson}});
    return {
        {u"url"_s, url.toString()},
        {u"path"_s, path},
        {u"protocol"_s, protocol},
        {u"transports"_s, transports},
        {u"parser"_s, parser},
        {u"auth"_s, authJson},
        {u"query"_s, query},
        {u"headers"_s, headers},
        {u"ignoreSslErrors"_s, ignoreSslErrors},
        {u"caCertificates"_s, caCertificates},
        {u"reconnection"_s, reconnection},
        {u"ackTimeout"_s, ackTimeoutMs},
        {u"namespaces"_s, nsps},
    };
}

ConnectionSettings ConnectionSettings::fromVariant(const QVariantMap &map)
{
    ConnectionSettings s;
    s.url = QUrl(map.value(u"url"_s).toString());
    s.path = map.value(u"path"_s, s.path).toString();
    s.protocol = map.value(u"protocol"_s, s.protocol).toInt();
    s.transports = map.value(u"transports"_s, s.transports).toStringList();
    s.parser = map.value(u"parser"_s, s.parser).toString();
    s.authJson = map.value(u"auth"_s).toString();
    s.query = map.value(u"query"_s).toString();
    s.headers = map.value(u"headers"_s).toString();
    s.ignoreSslErrors = map.value(u"ignoreSslErrors"_s).toBool();
    s.caCertificates = map.value(u"caCertificates"_s).toString();
    s.reconnection = map.value(u"reconnection"_s, true).toBool();
    s.ackTimeoutMs = map.value(u"ackTimeout"_s, s.ackTimeoutMs).toInt();
    for (const QVariant &v : map.value(u"namespaces"_s).toList()) {
        const QVariantMap n = v.toMap();
        s.namespaces.append({n.value(u"name"_s).toString(), n.value(u"auth"_s).toString()});
    }
    return s;
}

bool ConnectionSettings::parseAuth(const QString &json, QVariantMap *auth, QString *error)
{
    auth->clear();
    if (json.trimmed().isEmpty())
        return true;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        if (error) {
            *error = parseError.error != QJsonParseError::NoError
                    ? u"auth: %1 at offset %2"_s.arg(parseError.errorString()).arg(parseError.offset)
                    : u"auth must be a JSON object"_s;
        }
        return false;
    }
    *auth = JsonVariant::toVariant(doc.object()).toMap();
    return true;
}

bool ConnectionSettings::apply(SocketIO *io, QString *error) const
{
    io->setUrl(url);
    io->setPath(path.isEmpty() ? u"/socket.io"_s : path);
    io->setProtocol(SocketIO::ProtocolVersion(protocol));
    io->setTransports(transports);
    io->setReconnection(reconnection);
    const std::shared_ptr<const Parser> chosen = Parser::fromName(parser);
    if (!chosen) {
        if (error)
            *error = u"unknown parser \"%1\" (json or msgpack)"_s.arg(parser);
        return false;
    }
    io->setParser(chosen);

    QVariantMap auth;
    if (!parseAuth(authJson, &auth, error))
        return false;
    io->setAuth(auth);

    io->setQuery(QUrlQuery(query.trimmed()));

    QHash<QByteArray, QByteArray> extra;
    const QStringList lines = headers.split(u'\n', Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        if (line.trimmed().isEmpty())
            continue;
        const qsizetype colon = line.indexOf(u':');
        if (colon <= 0) {
            if (error)
                *error = u"header \"%1\" has no \"Name: value\" form"_s.arg(line.trimmed());
            return false;
        }
        extra.insert(line.left(colon).trimmed().toUtf8(), line.mid(colon + 1).trimmed().toUtf8());
    }
    io->setExtraHeaders(extra);

    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    if (ignoreSslErrors)
        ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
    if (!caCertificates.trimmed().isEmpty()) {
        const QList<QSslCertificate> certs = QSslCertificate::fromPath(caCertificates.trimmed());
        if (certs.isEmpty()) {
            if (error)
                *error = u"no certificate could be read from %1"_s.arg(caCertificates);
            return false;
        }
        ssl.addCaCertificates(certs);
    }
    io->setSslConfiguration(ssl);
    return true;
}
