#ifndef NAMESPACESETUP_H
#define NAMESPACESETUP_H

#include <SocketIOQt/TestServer>

// The namespaces both TestServer suites use: "/admin" behind a token ("good"; revision 5 sends
// it in the auth object, revision 4 in the namespace's query), refused with
// {message: "not authorized", data: {code: 401}}; "/dyn-*" allowed by the predicate.
inline void setUpNamespaces(SocketIOQt::Test::TestServer &server)
{
    using SocketIOQt::Test::TestServer;
    server.addNamespace(QStringLiteral("/admin"));
    server.setNamespacePredicate([](const QString &nsp, const TestServer::Handshake &) {
        return nsp.startsWith(QLatin1String("/dyn-"));
    });
    server.setAuthHandler([](const TestServer::Handshake &handshake) {
        if (handshake.nsp != QLatin1String("/admin"))
            return TestServer::AuthResult::accept();
        const QString token = handshake.engineVersion == 4
            ? handshake.auth.value(QStringLiteral("token")).toString()
            : handshake.query.queryItemValue(QStringLiteral("token"));
        return token == QLatin1String("good")
            ? TestServer::AuthResult::accept()
            : TestServer::AuthResult::reject(QStringLiteral("not authorized"),
                                             QVariantMap{{QStringLiteral("code"), 401}});
    });
}

#endif // NAMESPACESETUP_H
