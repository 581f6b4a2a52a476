#include "connectionpanel.h"

#include "jsonedit.h"
#include "liveconnection.h"
#include "recentconnections.h"
#include "theme.h"

#include <QtWidgets/qboxlayout.h>
#include <QtWidgets/qcheckbox.h>
#include <QtWidgets/qcombobox.h>
#include <QtWidgets/qformlayout.h>
#include <QtWidgets/qgroupbox.h>
#include <QtWidgets/qheaderview.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qplaintextedit.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qspinbox.h>
#include <QtWidgets/qtoolbutton.h>
#include <QtWidgets/qtreewidget.h>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

ConnectionPanel::ConnectionPanel(LiveConnection *connection, QWidget *parent)
    : QWidget(parent), m_connection(connection)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);

    // Server
    auto *server = new QGroupBox(u"Server"_s, this);
    auto *form = new QFormLayout(server);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_url = new QComboBox(server);
    m_url->setEditable(true);
    m_url->setInsertPolicy(QComboBox::NoInsert);
    m_url->lineEdit()->setPlaceholderText(u"http://localhost:3000/namespace"_s);
    m_url->setToolTip(u"http(s)://host:port[/namespace]; the list holds recent connections"_s);
    m_recent = RecentConnections::load();
    for (const ConnectionSettings &s : std::as_const(m_recent))
        m_url->addItem(s.url.toString());
    m_url->setCurrentIndex(-1);
    connect(m_url, &QComboBox::activated, this, &ConnectionPanel::loadRecent);
    form->addRow(u"URL"_s, m_url);

    m_path = new QLineEdit(u"/socket.io"_s, server);
    form->addRow(u"Path"_s, m_path);

    m_protocol = new QComboBox(server);
    m_protocol->addItem(u"Revision 5 · socket.io 3 / 4"_s, 5);
    m_protocol->addItem(u"Revision 4 · socket.io 1.x / 2.x"_s, 4);
    m_protocol->addItem(u"Revision 3 · socket.io 1.0"_s, 3);
    m_protocol->addItem(u"Auto · find the server's generation"_s, 0);
    form->addRow(u"Protocol"_s, m_protocol);

    m_transports = new QComboBox(server);
    m_transports->addItem(u"Polling, then upgrade to WebSocket"_s, QStringList{u"polling"_s, u"websocket"_s});
    m_transports->addItem(u"WebSocket only"_s, QStringList{u"websocket"_s});
    m_transports->addItem(u"Polling only"_s, QStringList{u"polling"_s});
    form->addRow(u"Transports"_s, m_transports);
    m_parser = new QComboBox(server);
    m_parser->addItem(u"JSON · the default parser"_s, u"json"_s);
    m_parser->addItem(u"MessagePack · socket.io-msgpack-parser"_s, u"msgpack"_s);
    m_parser->setToolTip(u"The server's parser: both sides must use the same one"_s);
    form->addRow(u"Parser"_s, m_parser);
    // Long choices must not widen the side panel on a laptop screen: the combos shrink, their
    // lists show the whole text.
    for (QComboBox *combo : {m_protocol, m_transports, m_parser}) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(16);
    }

    auto *buttons = new QHBoxLayout;
    m_connect = new QPushButton(u"Connect"_s, server);
    m_connect->setDefault(true);
    m_disconnect = new QPushButton(u"Disconnect"_s, server);
    buttons->addWidget(m_connect);
    buttons->addWidget(m_disconnect);
    form->addRow(buttons);
    m_status = new QLabel(server);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(m_status);
    m_error = new QLabel(server);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(u"color: #c62828;"_s);
    m_error->hide();
    form->addRow(m_error);
    layout->addWidget(server);

    // More options, folded away
    auto *toggle = new QToolButton(this);
    toggle->setText(u"Handshake options"_s);
    toggle->setCheckable(true);
    toggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toggle->setArrowType(Qt::RightArrow);
    toggle->setAutoRaise(true);
    layout->addWidget(toggle);
    auto *options = new QWidget(this);
    auto *optionsForm = new QFormLayout(options);
    optionsForm->setContentsMargins(8, 0, 0, 0);
    optionsForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_auth = new JsonEdit(JsonEdit::Expect::Object, options);
    m_auth->setPlaceholderText(u"{\"token\": \"…\"}"_s);
    m_auth->setMaximumHeight(48);
    optionsForm->addRow(u"Auth"_s, m_auth);
    m_query = new QLineEdit(options);
    m_query->setPlaceholderText(u"key=value&other=1"_s);
    optionsForm->addRow(u"Query"_s, m_query);
    m_headers = new QPlainTextEdit(options);
    m_headers->setPlaceholderText(u"Authorization: Bearer …"_s);
    m_headers->setMaximumHeight(48);
    m_headers->setFont(Theme::monospaceFont());
    optionsForm->addRow(u"Headers"_s, m_headers);
    m_ignoreSsl = new QCheckBox(u"Accept any TLS certificate"_s, options);
    optionsForm->addRow(u"TLS"_s, m_ignoreSsl);
    m_caFile = new QLineEdit(options);
    m_caFile->setPlaceholderText(u"CA certificates (PEM file)"_s);
    optionsForm->addRow(QString(), m_caFile);
    m_reconnection = new QCheckBox(u"Reconnect automatically"_s, options);
    m_reconnection->setChecked(true);
    optionsForm->addRow(u"Reconnect"_s, m_reconnection);
    m_ackTimeout = new QSpinBox(options);
    m_ackTimeout->setRange(0, 3600000);
    m_ackTimeout->setSingleStep(1000);
    m_ackTimeout->setValue(10000);
    m_ackTimeout->setSuffix(u" ms"_s);
    m_ackTimeout->setSpecialValueText(u"never"_s);
    m_ackTimeout->setToolTip(u"When the ledger counts an unanswered ack request as timed out"_s);
    optionsForm->addRow(u"Ack timeout"_s, m_ackTimeout);
    options->hide();
    layout->addWidget(options);
    connect(toggle, &QToolButton::toggled, this, [toggle, options](bool on) {
        options->setVisible(on);
        toggle->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
    });

    // Namespaces
    auto *nsBox = new QGroupBox(u"Namespaces"_s, this);
    auto *nsLayout = new QVBoxLayout(nsBox);
    m_namespaces = new QTreeWidget(nsBox);
    m_namespaces->setRootIsDecorated(false);
    m_namespaces->setHeaderLabels({u"Namespace"_s, u"State"_s, u"Detail"_s});
    m_namespaces->setColumnWidth(0, 80);
    m_namespaces->setColumnWidth(1, 86);
    m_namespaces->setMinimumHeight(90);
    nsLayout->addWidget(m_namespaces, 1);
    auto *addRow = new QHBoxLayout;
    m_newNamespace = new QLineEdit(nsBox);
    m_newNamespace->setPlaceholderText(u"/admin"_s);
    m_newNamespaceAuth = new JsonEdit(JsonEdit::Expect::Object, nsBox);
    m_newNamespaceAuth->setPlaceholderText(u"auth {…}"_s);
    m_newNamespaceAuth->setMaximumHeight(m_newNamespace->sizeHint().height() + 6);
    m_newNamespaceAuth->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_newNamespaceAuth->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *join = new QPushButton(u"Join"_s, nsBox);
    auto *leave = new QPushButton(u"Leave"_s, nsBox);
    join->setAutoDefault(false);
    leave->setAutoDefault(false);
    // Two rows: on one, the side panel would need more width than a laptop screen leaves it.
    addRow->addWidget(m_newNamespace, 2);
    addRow->addWidget(m_newNamespaceAuth, 3);
    auto *nsButtons = new QHBoxLayout;
    nsButtons->addStretch(1);
    nsButtons->addWidget(join);
    nsButtons->addWidget(leave);
    nsLayout->addLayout(addRow);
    nsLayout->addLayout(nsButtons);
    layout->addWidget(nsBox, 1);

    connect(join, &QPushButton::clicked, this, &ConnectionPanel::addNamespace);
    connect(m_newNamespace, &QLineEdit::returnPressed, this, &ConnectionPanel::addNamespace);
    connect(leave, &QPushButton::clicked, this, [this] {
        QTreeWidgetItem *item = m_namespaces->currentItem();
        if (!item)
            return;
        if (m_connection->isOpen())
            m_connection->leaveNamespace(item->text(0));
        else
            delete item;
    });
    connect(m_connect, &QPushButton::clicked, this, &ConnectionPanel::connectNow);
    connect(m_url->lineEdit(), &QLineEdit::returnPressed, this, &ConnectionPanel::connectNow);
    connect(m_disconnect, &QPushButton::clicked, this, &ConnectionPanel::disconnectNow);
    connect(connection, &LiveConnection::stateChanged, this, &ConnectionPanel::refreshState);
    connect(connection, &LiveConnection::namespaceStatusChanged, this, &ConnectionPanel::refreshNamespaces);
    refreshState();
}

void ConnectionPanel::loadRecent(int index)
{
    if (index >= 0 && index < m_recent.size())
        setSettings(m_recent[index]);
}

ConnectionSettings ConnectionPanel::settings() const
{
    ConnectionSettings s;
    QString url = m_url->currentText().trimmed();
    if (!url.isEmpty() && !url.contains(u"://"_s))
        url.prepend(u"http://"_s);
    s.url = QUrl(url);
    s.path = m_path->text().trimmed();
    s.protocol = m_protocol->currentData().toInt();
    s.transports = m_transports->currentData().toStringList();
    s.parser = m_parser->currentData().toString();
    s.authJson = m_auth->toPlainText();
    s.query = m_query->text();
    s.headers = m_headers->toPlainText();
    s.ignoreSslErrors = m_ignoreSsl->isChecked();
    s.caCertificates = m_caFile->text();
    s.reconnection = m_reconnection->isChecked();
    s.ackTimeoutMs = m_ackTimeout->value();
    const QString defaultNsp = s.defaultNamespace();
    for (int i = 0; i < m_namespaces->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = m_namespaces->topLevelItem(i);
        if (item->text(0) != defaultNsp)
            s.namespaces.append({item->text(0), item->data(0, Qt::UserRole).toString()});
    }
    return s;
}

void ConnectionPanel::setSettings(const ConnectionSettings &s)
{
    m_url->setCurrentText(s.url.toString());
    m_path->setText(s.path);
    m_protocol->setCurrentIndex(qMax(0, m_protocol->findData(s.protocol)));
    m_transports->setCurrentIndex(qMax(0, m_transports->findData(s.transports)));
    m_parser->setCurrentIndex(qMax(0, m_parser->findData(s.parser)));
    m_auth->setPlainText(s.authJson);
    m_query->setText(s.query);
    m_headers->setPlainText(s.headers);
    m_ignoreSsl->setChecked(s.ignoreSslErrors);
    m_caFile->setText(s.caCertificates);
    m_reconnection->setChecked(s.reconnection);
    m_ackTimeout->setValue(s.ackTimeoutMs);
    if (!m_connection->isOpen()) {
        m_namespaces->clear();
        for (const ConnectionSettings::NamespaceEntry &n : s.namespaces) {
            auto *item = new QTreeWidgetItem(m_namespaces, {n.name, u"not joined"_s,
                                                            n.authJson.isEmpty() ? QString() : u"auth "_s + n.authJson});
            item->setData(0, Qt::UserRole, n.authJson);
        }
    }
}

void ConnectionPanel::addNamespace()
{
    QString name = m_newNamespace->text().trimmed();
    if (name.isEmpty())
        return;
    if (!name.startsWith(u'/'))
        name.prepend(u'/');
    if (!m_newNamespaceAuth->isValid())
        return;
    const QString authJson = m_newNamespaceAuth->toPlainText().trimmed();
    QVariantMap auth;
    ConnectionSettings::parseAuth(authJson, &auth, nullptr);
    if (m_connection->isOpen()) {
        m_connection->joinNamespace(name, auth, !authJson.isEmpty());
    } else {
        auto *item = new QTreeWidgetItem(m_namespaces, {name, u"not joined"_s,
                                                        authJson.isEmpty() ? QString() : u"auth "_s + authJson});
        item->setData(0, Qt::UserRole, authJson);
    }
    m_newNamespace->clear();
    m_newNamespaceAuth->clear();
}

void ConnectionPanel::connectNow()
{
    if (!m_auth->isValid()) {
        m_error->setText(u"Auth: "_s + m_auth->errorString());
        m_error->show();
        return;
    }
    const ConnectionSettings s = settings();
    QString error;
    if (m_connection->isOpen())
        m_connection->close();
    if (!m_connection->open(s, &error)) {
        m_error->setText(error);
        m_error->show();
        return;
    }
    m_error->hide();
    Q_EMIT connectRequested(s);
}

void ConnectionPanel::disconnectNow()
{
    m_connection->close();
}

void ConnectionPanel::refreshState()
{
    SocketIO *io = m_connection->io();
    const bool open = m_connection->isOpen();
    m_connect->setText(open ? u"Reconnect"_s : u"Connect"_s);
    m_disconnect->setEnabled(open);
    QString state;
    switch (io->state()) {
    case SocketIO::Disconnected: state = u"Disconnected"_s; break;
    case SocketIO::Connecting: state = u"Connecting…"_s; break;
    case SocketIO::Connected: state = u"Connected"_s; break;
    case SocketIO::Disconnecting: state = u"Disconnecting…"_s; break;
    }
    QString text = u"<b>%1</b>"_s.arg(state);
    if (io->state() == SocketIO::Connected) {
        text += u" · %1 · revision %2<br><span style='color:#707070'>engine id %3</span>"_s.arg(io->transport())
                        .arg(int(io->negotiatedProtocol()))
                        .arg(io->engineId().toHtmlEscaped());
    }
    if (io->error() != SocketIO::NoError && io->state() != SocketIO::Connected)
        text += u"<br><span style='color:#c62828'>%1</span>"_s.arg(io->errorString().toHtmlEscaped());
    m_status->setText(text);
}

void ConnectionPanel::refreshNamespaces()
{
    const QString current = m_namespaces->currentItem() ? m_namespaces->currentItem()->text(0) : QString();
    QHash<QString, QString> authOf;
    for (int i = 0; i < m_namespaces->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = m_namespaces->topLevelItem(i);
        authOf.insert(item->text(0), item->data(0, Qt::UserRole).toString());
    }
    m_namespaces->clear();
    for (const LiveConnection::NamespaceStatus &s : m_connection->namespaceStatus()) {
        QString state;
        QColor color = Theme::mutedText();
        switch (s.state) {
        case LiveConnection::NamespaceState::Idle: state = u"not joined"_s; break;
        case LiveConnection::NamespaceState::Connecting: state = u"connecting"_s; color = QColor(0xb2, 0x6b, 0x00); break;
        case LiveConnection::NamespaceState::Connected: state = u"connected"_s; color = QColor(0x1b, 0x7a, 0x3d); break;
        case LiveConnection::NamespaceState::Refused: state = u"refused"_s; color = QColor(0xc6, 0x28, 0x28); break;
        case LiveConnection::NamespaceState::Disconnected: state = u"disconnected"_s; break;
        }
        auto *item = new QTreeWidgetItem(m_namespaces, {s.name, state, s.detail});
        item->setForeground(1, color);
        item->setToolTip(2, s.detail);
        item->setData(0, Qt::UserRole, authOf.value(s.name));
        if (s.name == current)
            m_namespaces->setCurrentItem(item);
    }
}
