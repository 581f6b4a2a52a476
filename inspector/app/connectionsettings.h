#ifndef CONNECTIONSETTINGS_H
#define CONNECTIONSETTINGS_H

#include <QtCore/qlist.h>
#include <QtCore/qstringlist.h>
#include <QtCore/qurl.h>
#include <QtCore/qvariant.h>

namespace SocketIOQt { class SocketIO; }

// What the connection panel edits: everything needed to open one connection
// again, stored in the recent-connections list as a QVariantMap.
struct ConnectionSettings
{
    struct NamespaceEntry {
        QString name;      // "/chat"
        QString authJson;  // an object, or empty for the connection's auth
    };

    QUrl url;
    QString path = QStringLiteral("/socket.io");
    int protocol = 5;                 // Socket.IO revision 3, 4, 5, or 0 for auto
    QStringList transports{QStringLiteral("polling"), QStringLiteral("websocket")}; // as socket.io-client
    QString parser = QStringLiteral("json"); // "json" or "msgpack" (socket.io-msgpack-parser)
    QString authJson;                 // the default auth object
    QString query;                    // "a=1&b=2"
    QString headers;                  // "Name: value" per line
    bool ignoreSslErrors = false;
    QString caCertificates;           // PEM file
    bool reconnection = true;
    int ackTimeoutMs = 10000;
    QList<NamespaceEntry> namespaces; // besides the URL's own

    QString defaultNamespace() const; // the URL's path, or "/"
    QString title() const;            // "localhost:3000/chat"

    QVariantMap toVariant() const;
    static ConnectionSettings fromVariant(const QVariantMap &map);

    // Applies everything to a SocketIO; false with the first problem (bad
    // JSON, a header without a colon, an unreadable certificate file).
    bool apply(SocketIOQt::SocketIO *io, QString *error) const;
    static bool parseAuth(const QString &json, QVariantMap *auth, QString *error);
};

#endif // CONNECTIONSETTINGS_H
