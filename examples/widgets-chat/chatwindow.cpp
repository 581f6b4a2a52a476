#include "chatwindow.h"

#include <QApplication>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

#include <cstdio>

using namespace SocketIOQt;

ChatWindow::ChatWindow(const QUrl &url, const QString &user, bool demo, QWidget *parent)
    : QWidget(parent), m_io(url), m_socket(m_io.socket()), m_user(user), m_demo(demo)
{
    setWindowTitle(tr("SocketIOQt widgets chat - %1").arg(user));
    m_status = new QLabel(tr("Connecting to %1...").arg(url.toString()));
    m_log = new QListWidget;
    m_input = new QLineEdit;
    m_input->setPlaceholderText(tr("Type a message, /ping or /upload TEXT"));
    m_send = new QPushButton(tr("Send"));
    m_send->setEnabled(false);
    auto *row = new QHBoxLayout;
    row->addWidget(m_input);
    row->addWidget(m_send);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_log);
    layout->addLayout(row);
    resize(480, 360);

    // The protocol: this object's signals and slots, bound to the namespace "/".
    ObjectBinding::bind(m_socket, this);

    // The connection itself through ordinary signals and slots.
    m_io.setReconnectionAttempts(5);
    connect(m_socket, &Namespace::connected, this, &ChatWindow::onConnected);
    connect(m_socket, &Namespace::disconnected, this, [this](const QString &reason) {
        m_status->setText(tr("Disconnected: %1").arg(reason));
        m_send->setEnabled(false);
        print(QStringLiteral("* disconnected: %1").arg(reason));
    });
    connect(m_socket, &Namespace::connectError, this, [this](const QString &message) {
        m_status->setText(tr("Cannot connect: %1").arg(message));
        print(QStringLiteral("* cannot connect: %1").arg(message));
    });
    connect(&m_io, &SocketIO::reconnectFailed, this, [] { QApplication::exit(1); });

    connect(m_send, &QPushButton::clicked, this, &ChatWindow::sendInput);
    connect(m_input, &QLineEdit::returnPressed, this, &ChatWindow::sendInput);
    connect(m_input, &QLineEdit::textEdited, this, [this] { Q_EMIT startTyping(); });

    print(QStringLiteral("* connecting to %1").arg(url.toString()));
    m_io.open();
}

void ChatWindow::onConnected()
{
    m_status->setText(tr("Connected as %1 (socket id %2)").arg(m_user, m_socket->id()));
    m_send->setEnabled(true);
    print(QStringLiteral("* connected as %1 (socket id %2)").arg(m_user, m_socket->id()));
    Q_EMIT join({{QStringLiteral("user"), m_user}});
}

void ChatWindow::sendInput()
{
    const QString text = m_input->text().trimmed();
    m_input->clear();
    if (text.isEmpty())
        return;
    if (text == QLatin1String("/ping")) {
        m_pingSent = QDateTime::currentMSecsSinceEpoch();
        Q_EMIT ping();
    } else if (text.startsWith(QLatin1String("/upload "))) {
        Q_EMIT upload(text.mid(8).toUtf8());
    } else {
        Q_EMIT say(text);
    }
}

// --- incoming events --------------------------------------------------------------------------

void ChatWindow::welcome(const Welcome &welcome)
{
    print(QStringLiteral("* server: %1").arg(welcome.message));
}

QVariantMap ChatWindow::hello(const QVariantMap &server)
{
    print(QStringLiteral("* server %1 says hello and asks for our details: answering its ack")
                  .arg(server.value(QStringLiteral("server")).toString()));
    return {{QStringLiteral("client"), QStringLiteral("SocketIOQt widgets-chat")},
            {QStringLiteral("qt"), QString::fromLatin1(qVersion())},
            {QStringLiteral("user"), m_user}};
}

void ChatWindow::helloAckReceived(const QVariantMap &)
{
    print(QStringLiteral("* the server got our ack"));
}

void ChatWindow::chatMessage(const ChatLine &line)
{
    print(QStringLiteral("<%1> %2").arg(line.user, line.text));
    if (m_demo && m_demoStep == 1 && line.user == m_user)
        demoStep();
}

void ChatWindow::userJoined(const UserInfo &who) { print(QStringLiteral("* %1 joined").arg(who.user)); }
void ChatWindow::userLeft(const UserInfo &who) { print(QStringLiteral("* %1 left").arg(who.user)); }
void ChatWindow::typing(const UserInfo &who) { m_status->setText(tr("%1 is typing...").arg(who.user)); }

// --- acknowledgements -------------------------------------------------------------------------

void ChatWindow::joinReply(const JoinReply &reply)
{
    print(QStringLiteral("* joined (%1); users here: %2")
                  .arg(reply.ok ? QStringLiteral("ok") : QStringLiteral("refused"), reply.users.join(QStringLiteral(", "))));
    if (m_demo && m_demoStep == 0)
        demoStep();
}

void ChatWindow::pingReply(const QString &pong, double)
{
    print(QStringLiteral("* %1 after %2 ms").arg(pong).arg(QDateTime::currentMSecsSinceEpoch() - m_pingSent));
    if (m_demo && m_demoStep == 2)
        demoStep();
}

void ChatWindow::uploadReply(const UploadReply &reply)
{
    print(QStringLiteral("* server received %1 bytes (sha1 %2)").arg(reply.bytes).arg(reply.sha1));
    if (m_demo && m_demoStep == 3)
        demoStep();
}

// --- the scripted tour (--demo) ---------------------------------------------------------------

void ChatWindow::demoStep()
{
    switch (m_demoStep++) {
    case 0:
        Q_EMIT say(QStringLiteral("Hello from Qt Widgets! ✓"));
        break;
    case 1:
        m_pingSent = QDateTime::currentMSecsSinceEpoch();
        Q_EMIT ping();
        break;
    case 2:
        print(QStringLiteral("* uploading 16 bytes of binary"));
        Q_EMIT upload(QByteArray("\x00\x01\x02\x03 widgets 0123", 16));
        break;
    case 3:
        QTimer::singleShot(100, this, [this] {
            m_io.close();
            print(QStringLiteral("* demo done"));
            QApplication::exit(0);
        });
        break;
    }
}

void ChatWindow::print(const QString &line)
{
    m_log->addItem(line);
    m_log->scrollToBottom();
    // Also on stdout, for the smoke test and for curious terminals.
    const QByteArray out = (QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss.zzz ")) + line + u'\n').toUtf8();
    fwrite(out.constData(), 1, size_t(out.size()), stdout);
    fflush(stdout);
}
