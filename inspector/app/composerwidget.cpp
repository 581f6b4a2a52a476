#include "composerwidget.h"

#include "capturesession.h"
#include "hexdump.h"
#include "jsonedit.h"
#include "jsonvariant.h"
#include "liveconnection.h"
#include "theme.h"

#include <QtCore/qfile.h>
#include <QtCore/qfileinfo.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qstringlistmodel.h>
#include <QtGui/qshortcut.h>
#include <QtWidgets/qboxlayout.h>
#include <QtWidgets/qbuttongroup.h>
#include <QtWidgets/qcheckbox.h>
#include <QtWidgets/qcombobox.h>
#include <QtWidgets/qcompleter.h>
#include <QtWidgets/qfiledialog.h>
#include <QtWidgets/qformlayout.h>
#include <QtWidgets/qgroupbox.h>
#include <QtWidgets/qinputdialog.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qlistwidget.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qradiobutton.h>
#include <QtWidgets/qspinbox.h>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

ComposerWidget::ComposerWidget(LiveConnection *connection, QWidget *parent)
    : QWidget(parent), m_connection(connection)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(buildEmitGroup(), 3);
    layout->addWidget(buildReplyGroup(), 2);

    connect(connection, &LiveConnection::serverRequestsChanged, this, &ComposerWidget::refreshPending);
    connect(connection, &LiveConnection::namespaceStatusChanged, this, &ComposerWidget::refreshNamespaces);
    connect(connection->session(), &CaptureSession::namesChanged, this, [this] {
        auto *completer = m_event->completer();
        if (!completer) {
            completer = new QCompleter(this);
            completer->setCaseSensitivity(Qt::CaseInsensitive);
            m_event->setCompleter(completer);
        }
        completer->setModel(nullptr);
        auto *model = new QStringListModel(m_connection->session()->eventNames(), completer);
        completer->setModel(model);
    });
    refreshNamespaces();
    updateValidity();
    applyReplyPolicy();
}

QWidget *ComposerWidget::buildEmitGroup()
{
    auto *group = new QGroupBox(u"Emit"_s, this);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows); // the side panel is narrow

    m_nsp = new QComboBox(group);
    m_nsp->setEditable(true);
    m_nsp->setToolTip(u"The namespace to emit on; a new one is joined first"_s);
    m_nsp->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_nsp->setMinimumContentsLength(8);
    form->addRow(u"Namespace"_s, m_nsp);

    m_event = new QLineEdit(group);
    m_event->setPlaceholderText(u"event name, e.g. echo"_s);
    form->addRow(u"Event"_s, m_event);

    m_args = new JsonEdit(JsonEdit::Expect::Array, group);
    m_args->setPlaceholderText(u"[\"hello\", {\"n\": 1}]"_s);
    m_args->setToolTip(u"The arguments as a JSON array. {\"$binary\": \"<base64>\"} puts binary anywhere; "
                       "attachments below are appended as further arguments."_s);
    m_args->setMinimumHeight(64);
    form->addRow(new QLabel(u"Arguments (a JSON array)"_s, group));
    form->addRow(m_args);

    m_error = new QLabel(group);
    m_error->setWordWrap(true);
    QPalette pal = m_error->palette();
    pal.setColor(QPalette::WindowText, Theme::severityColor(LintFinding::Error));
    m_error->setPalette(pal);
    form->addRow(m_error);

    auto *binRow = new QHBoxLayout;
    m_binaries = new QListWidget(group);
    m_binaries->setMaximumHeight(54);
    m_binaries->setToolTip(u"Binary arguments, appended after the JSON ones"_s);
    auto *binButtons = new QVBoxLayout;
    auto *fromFile = new QPushButton(u"File…"_s, group);
    auto *fromHex = new QPushButton(u"Hex…"_s, group);
    auto *remove = new QPushButton(u"Remove"_s, group);
    for (QPushButton *b : {fromFile, fromHex, remove}) {
        b->setAutoDefault(false);
        binButtons->addWidget(b);
    }
    binButtons->setSpacing(2);
    binRow->addWidget(m_binaries, 1);
    binRow->addLayout(binButtons);
    // Label above, list and buttons across the whole width: the side panel is narrow.
    form->addRow(new QLabel(u"Binary"_s, group));
    form->addRow(binRow);
    connect(fromFile, &QPushButton::clicked, this, &ComposerWidget::addBinaryFromFile);
    connect(fromHex, &QPushButton::clicked, this, &ComposerWidget::addBinaryFromHex);
    connect(remove, &QPushButton::clicked, this, [this] {
        const int row = m_binaries->currentRow();
        if (row >= 0) {
            delete m_binaries->takeItem(row);
            m_binaryData.removeAt(row);
        }
    });

    auto *ackRow = new QHBoxLayout;
    m_ack = new QCheckBox(u"Ack, timeout"_s, group);
    m_ack->setToolTip(u"Ask the server for an acknowledgement; the ledger times the round trip"_s);
    m_timeout = new QSpinBox(group);
    m_timeout->setRange(0, 3600000);
    m_timeout->setSingleStep(500);
    m_timeout->setValue(5000);
    m_timeout->setSuffix(u" ms"_s);
    m_timeout->setSpecialValueText(u"none"_s);
    m_send = new QPushButton(u"Send"_s, group);
    m_send->setDefault(true);
    m_send->setToolTip(u"Send (Ctrl+Return)"_s);
    ackRow->addWidget(m_ack);
    ackRow->addWidget(m_timeout);
    ackRow->addStretch(1);
    form->addRow(ackRow);
    auto *sendRow = new QHBoxLayout; // its own row: beside the ack options it widened the panel
    sendRow->addStretch(1);
    sendRow->addWidget(m_send);
    form->addRow(sendRow);
    connect(m_ack, &QCheckBox::toggled, m_timeout, &QWidget::setEnabled);
    m_timeout->setEnabled(false);

    m_historyList = new QListWidget(group);
    m_historyList->setMinimumHeight(80);
    m_historyList->setToolTip(u"Double-click to send again; select to load into the editor"_s);
    m_historyList->setFont(Theme::monospaceFont());
    auto *historyButtons = new QHBoxLayout;
    auto *load = new QPushButton(u"Load"_s, group);
    auto *again = new QPushButton(u"Send again"_s, group);
    historyButtons->addStretch(1);
    historyButtons->addWidget(load);
    historyButtons->addWidget(again);
    auto *historyBox = new QVBoxLayout;
    historyBox->addWidget(m_historyList, 1);
    historyBox->addLayout(historyButtons);
    form->addRow(new QLabel(u"History"_s, group));
    form->addRow(historyBox);

    connect(m_send, &QPushButton::clicked, this, &ComposerWidget::send);
    auto *shortcut = new QShortcut(QKeySequence(u"Ctrl+Return"_s), this);
    connect(shortcut, &QShortcut::activated, this, &ComposerWidget::send);
    connect(m_args, &JsonEdit::errorChanged, this, &ComposerWidget::updateValidity);
    connect(m_event, &QLineEdit::textChanged, this, &ComposerWidget::updateValidity);
    connect(m_historyList, &QListWidget::itemDoubleClicked, this,
            [this](QListWidgetItem *item) { resend(m_historyList->row(item)); });
    connect(load, &QPushButton::clicked, this, [this] {
        const int row = m_historyList->currentRow();
        if (row >= 0 && row < m_history.size())
            setDraft(m_history[row]);
    });
    connect(again, &QPushButton::clicked, this, [this] { resend(m_historyList->currentRow()); });

    group->setLayout(form);
    return group;
}

QWidget *ComposerWidget::buildReplyGroup()
{
    auto *group = new QGroupBox(u"When the server asks for an ack"_s, this);
    auto *layout = new QVBoxLayout(group);

    auto *modeRow = new QHBoxLayout;
    m_replyMode = new QComboBox(group);
    m_replyMode->addItem(u"Answer at once"_s, int(LiveConnection::ReplyMode::Immediately));
    m_replyMode->addItem(u"Answer after a delay"_s, int(LiveConnection::ReplyMode::AfterDelay));
    m_replyMode->addItem(u"Never answer"_s, int(LiveConnection::ReplyMode::Never));
    m_replyMode->addItem(u"Let me answer"_s, int(LiveConnection::ReplyMode::Manual));
    m_replyDelay = new QSpinBox(group);
    m_replyDelay->setRange(0, 3600000);
    m_replyDelay->setSingleStep(250);
    m_replyDelay->setValue(1000);
    m_replyDelay->setSuffix(u" ms"_s);
    // Shrinks with the side panel; the list shows the whole text.
    m_replyMode->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_replyMode->setMinimumContentsLength(12);
    modeRow->addWidget(m_replyMode, 1);
    modeRow->addWidget(m_replyDelay);
    layout->addLayout(modeRow);

    auto *payloadRow = new QVBoxLayout; // one above the other: the side panel is narrow
    m_replyEcho = new QRadioButton(u"Echo its arguments"_s, group);
    m_replyWith = new QRadioButton(u"Answer with:"_s, group);
    m_replyEcho->setChecked(true);
    auto *buttons = new QButtonGroup(group);
    buttons->addButton(m_replyEcho);
    buttons->addButton(m_replyWith);
    payloadRow->addWidget(m_replyEcho);
    payloadRow->addWidget(m_replyWith);
    layout->addLayout(payloadRow);

    m_replyPayload = new JsonEdit(JsonEdit::Expect::Array, group);
    m_replyPayload->setPlaceholderText(u"[\"ok\", {\"status\": 200}]"_s);
    m_replyPayload->setMaximumHeight(58);
    layout->addWidget(m_replyPayload);
    m_replyError = new QLabel(group);
    QPalette pal = m_replyError->palette();
    pal.setColor(QPalette::WindowText, Theme::severityColor(LintFinding::Error));
    m_replyError->setPalette(pal);
    m_replyError->hide();
    layout->addWidget(m_replyError);

    m_pending = new QListWidget(group);
    m_pending->setMaximumHeight(70);
    m_pending->setToolTip(u"Requests waiting for you (\"Let me answer\")"_s);
    auto *pendingRow = new QHBoxLayout;
    auto *answer = new QPushButton(u"Answer"_s, group);
    auto *drop = new QPushButton(u"Drop"_s, group);
    answer->setAutoDefault(false);
    drop->setAutoDefault(false);
    pendingRow->addWidget(new QLabel(u"Waiting:"_s, group));
    pendingRow->addStretch(1);
    pendingRow->addWidget(answer);
    pendingRow->addWidget(drop);
    layout->addLayout(pendingRow);
    layout->addWidget(m_pending);

    connect(m_replyMode, &QComboBox::currentIndexChanged, this, &ComposerWidget::applyReplyPolicy);
    connect(m_replyDelay, &QSpinBox::valueChanged, this, &ComposerWidget::applyReplyPolicy);
    connect(m_replyEcho, &QRadioButton::toggled, this, &ComposerWidget::applyReplyPolicy);
    // After the editor's own validation (connected first): the payload follows every edit.
    connect(m_replyPayload, &QPlainTextEdit::textChanged, this, &ComposerWidget::applyReplyPolicy);
    connect(answer, &QPushButton::clicked, this, &ComposerWidget::answerSelected);
    connect(m_pending, &QListWidget::itemDoubleClicked, this, &ComposerWidget::answerSelected);
    connect(drop, &QPushButton::clicked, this, [this] { m_connection->dropServerRequest(m_pending->currentRow()); });
    return group;
}

void ComposerWidget::refreshNamespaces()
{
    const QString current = m_nsp->currentText();
    QStringList names;
    for (const LiveConnection::NamespaceStatus &s : m_connection->namespaceStatus())
        names.append(s.name);
    if (names.isEmpty())
        names.append(u"/"_s);
    const QSignalBlocker blocker(m_nsp);
    m_nsp->clear();
    m_nsp->addItems(names);
    m_nsp->setCurrentText(current.isEmpty() ? names.first() : current);
}

void ComposerWidget::updateValidity()
{
    QString error = m_args->errorString();
    if (error.isEmpty() && m_event->text().trimmed().isEmpty())
        error.clear(); // an empty name is not an error worth shouting about; Send stays off
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());
    m_send->setEnabled(m_args->isValid() && !m_event->text().trimmed().isEmpty());
}

void ComposerWidget::applyReplyPolicy()
{
    const auto mode = LiveConnection::ReplyMode(m_replyMode->currentData().toInt());
    m_replyDelay->setEnabled(mode == LiveConnection::ReplyMode::AfterDelay);
    m_replyPayload->setEnabled(m_replyWith->isChecked());
    m_replyError->setText(m_replyPayload->errorString());
    m_replyError->setVisible(!m_replyPayload->isValid());
    QString error;
    const QVariantList payload = JsonVariant::toVariantList(m_replyPayload->jsonDocument().array(), &error);
    m_connection->setReplyPolicy(mode, payload, m_replyEcho->isChecked(), m_replyDelay->value());
}

void ComposerWidget::refreshPending()
{
    m_pending->clear();
    for (const LiveConnection::ServerRequest &r : m_connection->pendingServerRequests()) {
        m_pending->addItem(u"%1  \"%2\"  id %3  %4"_s.arg(r.nsp, r.event).arg(r.id).arg(
                QString::fromUtf8(QJsonDocument(JsonVariant::toJsonArray(r.args)).toJson(QJsonDocument::Compact)).left(80)));
    }
    if (m_pending->count() > 0)
        m_pending->setCurrentRow(0);
}

void ComposerWidget::answerSelected()
{
    const int row = m_pending->currentRow();
    const QList<LiveConnection::ServerRequest> waiting = m_connection->pendingServerRequests();
    if (row < 0 || row >= waiting.size())
        return;
    QString error;
    const QVariantList args = m_replyEcho->isChecked()
            ? waiting[row].args
            : JsonVariant::toVariantList(m_replyPayload->jsonDocument().array(), &error);
    m_connection->answerServerRequest(row, args);
}

void ComposerWidget::addBinaryFromFile()
{
    const QString path = QFileDialog::getOpenFileName(this, u"Binary argument"_s);
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_error->setText(file.errorString());
        m_error->show();
        return;
    }
    addBinary(file.readAll(), QFileInfo(path).fileName());
}

void ComposerWidget::addBinaryFromHex()
{
    bool ok = false;
    const QString text = QInputDialog::getMultiLineText(this, u"Binary argument"_s,
                                                        u"Bytes in hex (spaces and 0x allowed):"_s, {}, &ok);
    if (!ok)
        return;
    QByteArray bytes;
    QString error;
    if (!HexDump::parse(text, &bytes, &error)) {
        m_error->setText(u"Hex: "_s + error);
        m_error->show();
        return;
    }
    addBinary(bytes, u"hex"_s);
}

void ComposerWidget::addBinary(const QByteArray &data, const QString &label)
{
    m_binaryData.append(data);
    m_binaries->addItem(u"%1 · %2 · %3"_s.arg(m_binaryData.size() - 1).arg(label, Theme::formatBytes(data.size())));
}

ComposerWidget::Draft ComposerWidget::draft() const
{
    Draft d;
    d.nsp = m_nsp->currentText().trimmed();
    d.event = m_event->text().trimmed();
    d.argsJson = m_args->toPlainText();
    d.binaries = m_binaryData;
    d.ack = m_ack->isChecked();
    d.timeoutMs = m_timeout->value();
    return d;
}

void ComposerWidget::setDraft(const Draft &d)
{
    m_nsp->setCurrentText(d.nsp);
    m_event->setText(d.event);
    m_args->setPlainText(d.argsJson);
    m_binaries->clear();
    m_binaryData.clear();
    for (const QByteArray &b : d.binaries)
        addBinary(b, u"binary"_s);
    m_ack->setChecked(d.ack);
    m_timeout->setValue(d.timeoutMs);
}

bool ComposerWidget::buildArguments(const Draft &d, QVariantList *args, QString *error)
{
    args->clear();
    if (!d.argsJson.trimmed().isEmpty()) {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(d.argsJson.toUtf8(), &parseError);
        if (!doc.isArray()) {
            if (error)
                *error = parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                      : u"the arguments must be a JSON array"_s;
            return false;
        }
        QString conversion;
        *args = JsonVariant::toVariantList(doc.array(), &conversion);
        if (!conversion.isEmpty()) {
            if (error)
                *error = conversion;
            return false;
        }
    }
    for (const QByteArray &b : d.binaries)
        args->append(b);
    return true;
}

bool ComposerWidget::sendDraft(const Draft &d)
{
    QVariantList args;
    QString error;
    if (!buildArguments(d, &args, &error)
            || !m_connection->emitEvent(d.nsp, d.event, args, d.ack, d.timeoutMs, &error)) {
        m_lastError = error;
        m_error->setText(error);
        m_error->setVisible(!error.isEmpty());
        return false;
    }
    m_lastError.clear();
    m_history.prepend(d);
    QString line = u"%1  %2  %3"_s.arg(d.nsp.isEmpty() ? u"/"_s : d.nsp, d.event,
                                       d.argsJson.simplified().left(60));
    if (!d.binaries.isEmpty())
        line += u"  +%1 binary"_s.arg(d.binaries.size());
    if (d.ack)
        line += u"  ⟲ack"_s;
    m_historyList->insertItem(0, line);
    return true;
}

bool ComposerWidget::send()
{
    if (!m_send->isEnabled())
        return false;
    return sendDraft(draft());
}

bool ComposerWidget::resend(int historyIndex)
{
    if (historyIndex < 0 || historyIndex >= m_history.size())
        return false;
    // A copy: sendDraft() prepends to m_history, which would leave a reference into it dangling.
    const Draft draft = m_history.at(historyIndex);
    return sendDraft(draft);
}
