#include "consolechat.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QSocketNotifier>
#include <QTimer>

#include <cstdio>
#include <unistd.h>

using namespace SocketIOQt;

ConsoleChat::ConsoleChat(const QUrl &url, const QString &user, bool demo, QObject *parent)
    : QObject(parent), m_io(url), m_socket(m_io.socket()), m_user(user), m_demo(demo), m_out(stdout)
{
    m_io.setReconnectionAttempts(5);

    connect(m_socket, &Namespace::connected, this, &ConsoleChat::onConnected);
    connect(m_socket, &Namespace::disconnected, this,
            [this](const QString &reason) { print(QStringLiteral("* disconnected: %1").arg(reason)); });
    connect(m_socket, &Namespace::connectError, this, [this](const QString &message) {
        print(QStringLiteral("* cannot connect: %1").arg(message));
    });
    connect(&m_io, &SocketIO::reconnectFailed, this, [this] { Q_EMIT finished(1); });

    // Server events, each with its own handler.
    m_socket->on(QStringLiteral("welcome"), this, [this](const QVariantList &args) {
        print(QStringLiteral("* server: %1").arg(args.value(0).toMap().value(QStringLiteral("message")).toString()));
    });
    m_socket->on(QStringLiteral("chat message"), this, [this](const QVariantList &args) {
        const QVariantMap msg = args.value(0).toMap();
        print(QStringLiteral("<%1> %2").arg(msg.value(QStringLiteral("user")).toString(),
                                             msg.value(QStringLiteral("text")).toString()));
    });
    // The server asks us something and waits for our acknowledgement.
    m_socket->on(QStringLiteral("hello"), this, [this](const QVariantList &args, const AckHandle &ack) {
        print(QStringLiteral("* server asks for our details (%1), answering its ack")
                      .arg(QString::fromUtf8(QJsonDocument::fromVariant(args.value(0)).toJson(QJsonDocument::Compact))));
        ack.send({QVariantMap{{QStringLiteral("client"), QStringLiteral("SocketIOQt console-chat")},
                              {QStringLiteral("qt"), QString::fromLatin1(qVersion())},
                              {QStringLiteral("user"), m_user}}});
    });
    m_socket->on(QStringLiteral("hello-ack-received"), this, [this](const QVariantList &) {
        print(QStringLiteral("* the server got our ack"));
    });
}

void ConsoleChat::start()
{
    print(QStringLiteral("* connecting to %1").arg(m_io.url().toString()));
    m_io.open();
}

void ConsoleChat::onConnected()
{
    print(QStringLiteral("* connected as %1 (socket id %2)").arg(m_user, m_socket->id()));
    m_socket->emitEvent(QStringLiteral("join"), {QVariantMap{{QStringLiteral("user"), m_user}}},
                        this, [this](const QVariantList &reply) {
                            const QStringList users = reply.value(0).toMap().value(QStringLiteral("users")).toStringList();
                            print(QStringLiteral("* joined; users here: %1").arg(users.join(QStringLiteral(", "))));
                            if (m_demo)
                                runDemo();
                        });
    if (!m_demo && !m_stdin) {
        m_stdin = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
        connect(m_stdin, &QSocketNotifier::activated, this, [this] {
            char buffer[4096];
            if (!fgets(buffer, sizeof buffer, stdin)) {
                m_stdin->setEnabled(false);
                Q_EMIT finished(0);
                return;
            }
            handleLine(QString::fromLocal8Bit(buffer).trimmed());
        });
        print(QStringLiteral("* type a message, /ping, /upload TEXT or /quit"));
    }
}

void ConsoleChat::runDemo()
{
    m_socket->emitEvent(QStringLiteral("chat message"), {QStringLiteral("Hello from Qt! ✓")});
    ping([this] {
        upload(QByteArray("\x00\x01\x02\x03 binary from Qt", 20), [this] {
            // Leave a moment for the broadcast of our message to come back.
            QTimer::singleShot(200, this, [this] {
                m_io.close();
                print(QStringLiteral("* demo done"));
                Q_EMIT finished(0);
            });
        });
    });
}

void ConsoleChat::handleLine(const QString &line)
{
    if (line.isEmpty())
        return;
    if (line == QLatin1String("/quit")) {
        m_io.close();
        Q_EMIT finished(0);
    } else if (line == QLatin1String("/ping")) {
        ping();
    } else if (line.startsWith(QLatin1String("/upload "))) {
        upload(line.mid(8).toUtf8());
    } else {
        m_socket->emitEvent(QStringLiteral("chat message"), {line});
    }
}

void ConsoleChat::ping(std::function<void()> then)
{
    AckReply *reply = m_socket->emitWithAck(QStringLiteral("ping"), {}, std::chrono::seconds(5));
    connect(reply, &AckReply::finished, this, [this, reply, then] {
        if (reply->error() == AckReply::NoError)
            print(QStringLiteral("* %1 after %2 ms").arg(reply->arguments().value(0).toString()).arg(reply->elapsedMs()));
        else
            print(QStringLiteral("* ping failed: %1").arg(reply->errorString()));
        reply->deleteLater();
        if (then)
            then();
    });
}

void ConsoleChat::upload(const QByteArray &data, std::function<void()> then)
{
    print(QStringLiteral("* uploading %1 bytes of binary").arg(data.size()));
    m_socket->emitEvent(QStringLiteral("upload"), {data}, this, [this, then](const QVariantList &reply) {
        print(QStringLiteral("* server received %1 bytes")
                      .arg(reply.value(0).toMap().value(QStringLiteral("bytes")).toInt()));
        if (then)
            then();
    });
}

void ConsoleChat::print(const QString &text)
{
    m_out << QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss.zzz ")) << text << Qt::endl;
}
