#include "fakeserver.h"

#include <QtNetwork/qhostaddress.h>

FakeServer::FakeServer(QObject *parent)
    : QObject(parent), m_server(QStringLiteral("fake"), QWebSocketServer::NonSecureMode)
{
    connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
        while (QWebSocket *socket = m_server.nextPendingConnection()) {
            socket->setParent(this);
            m_client = socket;
            connect(socket, &QWebSocket::textMessageReceived, this, [this, socket](const QString &frame) {
                received.append(frame);
                if (frame.startsWith(QLatin1String("40")) && answerConnect) {
                    const QString nsp = frame.mid(2).section(QLatin1Char(','), 0, 0);
                    const QString prefix = nsp.startsWith(QLatin1Char('/')) ? nsp + QLatin1Char(',') : QString();
                    socket->sendTextMessage(QStringLiteral("40") + prefix + QStringLiteral(R"({"sid":"fake-socket"})"));
                }
                if (onText)
                    onText(socket, frame);
                Q_EMIT textReceived(frame);
            });
            if (!openPacket.isEmpty())
                socket->sendTextMessage(QString::fromUtf8(openPacket));
            Q_EMIT clientConnected();
        }
    });
}

bool FakeServer::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl FakeServer::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort()));
}
