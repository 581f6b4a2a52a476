#ifndef CLIOPTIONS_H
#define CLIOPTIONS_H

#include <SocketIOQt/socketio.h>

#include <QtCore/qhash.h>
#include <QtCore/qstringlist.h>
#include <QtCore/qurl.h>
#include <QtCore/qurlquery.h>
#include <QtNetwork/qsslcertificate.h>

#include <optional>

// The command line of socketio-cli, parsed and checked. --help and --version
// print and exit from parse(); every other problem is a usage error.
// The exit statuses of socketio-cli, as --help and the README give them.
namespace CliExit {
enum Code {
    Success = 0,          // the input ended and the connection worked
    ConnectionFailed = 1, // unreachable, refused, TLS, closed by the server, reconnection failed
    Usage = 2,            // bad arguments
    ProtocolError = 3,    // the server broke the protocol or a limit (see the README's Limits)
    Timeout = 4,          // no handshake in time, or the server's heartbeat stopped
};
}

class CliOptions
{
public:
    // False on a usage error, explained by errorString().
    bool parse(const QStringList &arguments);
    QString errorString() const { return m_error; }

    // Applies the connection options to a fresh SocketIO.
    void configure(SocketIOQt::SocketIO &io) const;

    QUrl url;
    QStringList extraNamespaces; // --namespace, in order
    int ackTimeout = 10000;      // ms, 0: forever
    int linger = 0;              // ms
    bool raw = false;
    QString recordPath;          // --record: empty for none

private:
    bool fail(const QString &message);

    std::optional<QString> m_path;
    SocketIOQt::SocketIO::ProtocolVersion m_protocol = SocketIOQt::SocketIO::Revision5;
    std::shared_ptr<const SocketIOQt::Parser> m_parser;
    QStringList m_transports;    // empty: the library's default
    std::optional<QVariantMap> m_auth;
    std::optional<QUrlQuery> m_query;
    QHash<QByteArray, QByteArray> m_headers;
    bool m_reconnection = true;
    std::optional<int> m_reconnectionAttempts;
    std::optional<int> m_reconnectionDelay;
    std::optional<int> m_reconnectionDelayMax;
    QList<QSslCertificate> m_caCertificates; // --ca
    bool m_insecure = false;                 // --insecure
    QString m_error;
};

#endif // CLIOPTIONS_H
