#include "packetdetailview.h"

#include "capturesession.h"
#include "hexdump.h"
#include "jsontreebuilder.h"
#include "theme.h"

#include "engineiocodec.h"

#include <SocketIOQt/socketiodecoder.h>

#include <QtCore/qjsonarray.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qjsondocument.h>
#include <QtWidgets/qboxlayout.h>
#include <QtWidgets/qheaderview.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qplaintextedit.h>
#include <QtWidgets/qsplitter.h>
#include <QtWidgets/qtabwidget.h>
#include <QtWidgets/qtreewidget.h>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

static constexpr qsizetype MaxRawShown = 256 * 1024;

static QWidget *titled(const QString &title, QWidget *content, QWidget *parent)
{
    auto *pane = new QWidget(parent);
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(3);
    auto *label = new QLabel(title, pane);
    QFont f = label->font();
    f.setBold(true);
    label->setFont(f);
    layout->addWidget(label);
    layout->addWidget(content, 1);
    return pane;
}

PacketDetailView::PacketDetailView(CaptureSession *session, QWidget *parent)
    : QWidget(parent), m_session(session)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(6);

    m_summary = new QLabel(this);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_summary->setWordWrap(true);
    connect(m_summary, &QLabel::linkActivated, this, [this](const QString &link) {
        if (link.startsWith("row:"_L1))
            Q_EMIT jumpToRow(link.mid(4).toInt());
    });
    layout->addWidget(m_summary);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setChildrenCollapsible(false);

    m_raw = new QPlainTextEdit(this);
    m_raw->setReadOnly(true);
    m_raw->setFont(Theme::monospaceFont());
    m_raw->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_raw->setPlaceholderText(u"Select a packet to see its frames."_s);
    m_splitter->addWidget(titled(u"Raw frames"_s, m_raw, this));

    // Right of the raw frames: the decoded tree, and below it the hex view
    // of the attachment a placeholder links to.
    auto *decoded = new QSplitter(Qt::Vertical, m_splitter);
    decoded->setChildrenCollapsible(false);
    m_tree = new QTreeWidget(this);
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({u"Field"_s, u"Value"_s});
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setColumnWidth(0, 170);
    connect(m_tree, &QTreeWidget::itemClicked, this, &PacketDetailView::onItemActivated);
    connect(m_tree, &QTreeWidget::itemActivated, this, &PacketDetailView::onItemActivated);
    decoded->addWidget(titled(u"Decoded"_s, m_tree, this));

    m_binary = new QTabWidget(this);
    m_binary->setDocumentMode(true);
    m_binaryPane = titled(u"Binary attachments"_s, m_binary, this);
    decoded->addWidget(m_binaryPane);
    decoded->setStretchFactor(0, 3);
    decoded->setStretchFactor(1, 2);
    m_binaryPane->hide();
    m_splitter->addWidget(decoded);

    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    layout->addWidget(m_splitter, 1);

    connect(session, &CaptureSession::packetChanged, this, [this](int row) {
        if (m_row >= 0 && m_session->frameRows(m_row).contains(row))
            showPacket(m_row);
    });
    connect(session, &CaptureSession::cleared, this, [this] { showPacket(-1); });
    showPacket(-1);
}

QString PacketDetailView::frameHeader(int row) const
{
    const CapturedPacket &p = m_session->packet(row);
    return u"#%1  %2  %3  +%4 s  %5 %6"_s.arg(row + 1)
            .arg(Theme::directionArrow(p.direction), p.transport.isEmpty() ? u"-"_s : p.transport)
            .arg(double(p.timeUs - m_session->firstTimeUs()) / 1e6, 0, 'f', 6)
            .arg(p.packet.isBinary() ? u"binary"_s : u"text"_s, Theme::formatBytes(p.size()));
}

void PacketDetailView::showPacket(int row)
{
    m_row = (row >= 0 && row < m_session->packetCount()) ? row : -1;
    m_raw->clear();
    m_tree->clear();
    while (m_binary->count() > 0) {
        QWidget *w = m_binary->widget(0);
        m_binary->removeTab(0);
        delete w;
    }
    if (m_row < 0) {
        m_summary->setText(u"<span style='color:#707070'>No packet selected.</span>"_s);
        m_binaryPane->hide();
        return;
    }
    const QList<int> rows = m_session->frameRows(m_row);
    fillRaw(rows);
    fillTree(rows.first(), rows);
    fillBinary(rows);
}

void PacketDetailView::fillRaw(const QList<int> &rows)
{
    QString text;
    for (int row : rows) {
        const CapturedPacket &p = m_session->packet(row);
        text += frameHeader(row) + u'\n';
        if (p.packet.isBinary()) {
            const QByteArray head = p.packet.data().left(48);
            text += u"‹%1›  %2%3\n"_s.arg(Theme::formatBytes(p.size()))
                            .arg(QString::fromLatin1(head.toHex(' ')))
                            .arg(p.size() > head.size() ? u" …"_s : QString());
        } else if (p.packet.type() == EngineIOPacket::Noop && (p.flags & CapturedPacket::DecodeError)) {
            text += QString::fromUtf8(p.packet.data().left(MaxRawShown)) + u'\n';
        } else {
            // The frame as it travels over WebSocket: the Engine.IO type digit, then the data.
            bool binaryFrame = false;
            const QByteArray frame = EngineIOCodec::encodeFrame(p.packet, EngineIOCodec::V4, &binaryFrame);
            text += QString::fromUtf8(frame.left(MaxRawShown));
            if (frame.size() > MaxRawShown)
                text += u"\n… %1 more bytes"_s.arg(frame.size() - MaxRawShown);
            text += u'\n';
        }
        text += u'\n';
    }
    m_raw->setPlainText(text);
}

void PacketDetailView::fillTree(int textRow, const QList<int> &rows)
{
    const CapturedPacket &p = m_session->packet(textRow);
    QList<qint64> sizes;
    for (qsizetype k = 1; k < rows.size(); ++k)
        sizes.append(m_session->packet(rows[k]).size());
    JsonTreeBuilder builder(sizes);

    const auto field = [this](const QString &key, const QString &value) {
        auto *item = new QTreeWidgetItem(m_tree, {key, value});
        return item;
    };

    // The one-line summary above, with links to related packets.
    QString summary = u"<b>#%1</b> &nbsp;<span style='color:%2'>%3</span> &nbsp;%4"_s.arg(textRow + 1)
                              .arg(Theme::directionColor(p.direction).name(),
                                   Theme::directionArrow(p.direction).toHtmlEscaped(),
                                   EngineIOPacket::typeName(p.packet.type()));
    if (p.isSocketIO()) {
        summary += u" · <b>%1</b> · %2"_s.arg(SocketIOPacket::typeName(SocketIOPacket::Type(p.sioType)),
                                               p.nsp.toHtmlEscaped());
        if (!p.event.isEmpty())
            summary += u" · \"%1\""_s.arg(p.event.toHtmlEscaped());
    }

    field(u"Engine.IO"_s, u"%1 (%2, %3)"_s.arg(EngineIOPacket::typeName(p.packet.type()),
                                                p.packet.isBinary() ? u"binary"_s : u"text"_s,
                                                Theme::formatBytes(p.size())));
    if (m_session->streamCount() > 1)
        field(u"Stream"_s, u"%1 (%2)"_s.arg(p.stream).arg(m_session->streamLabel(p.stream)));

    if (p.packet.type() == EngineIOPacket::Open) {
        const QJsonDocument doc = QJsonDocument::fromJson(p.packet.data());
        if (doc.isObject())
            builder.add(m_tree->invisibleRootItem(), u"Handshake"_s, doc.object())->setExpanded(true);
    } else if (p.packet.type() != EngineIOPacket::Message && !p.packet.data().isEmpty()) {
        field(u"Data"_s, QString::fromUtf8(p.packet.data().left(2000)));
    }

    if (p.isSocketIO()) {
        field(u"Socket.IO"_s, SocketIOPacket::typeName(SocketIOPacket::Type(p.sioType)));
        field(u"Namespace"_s, p.nsp);
        if (!p.event.isEmpty())
            field(u"Event"_s, p.event);
        if (p.attachments > 0)
            field(u"Attachments"_s, u"%1 announced, %2 received"_s.arg(p.attachments).arg(rows.size() - 1));
    }

    if (p.ackEntry >= 0) {
        const AckEntry &e = m_session->acks().entry(p.ackEntry);
        auto *ack = field(u"Ack id"_s, QString::number(e.id));
        const bool isRequest = e.requestRow == textRow;
        QString status = AckEntry::statusName(e.status);
        int other = -1;
        if (e.status == AckEntry::Answered) {
            status = isRequest ? u"answered in %1%2"_s.arg(Theme::formatMs(e.rttMs()), e.late ? u" (late)"_s : QString())
                               : u"answers #%1 after %2"_s.arg(e.requestRow + 1).arg(Theme::formatMs(e.rttMs()));
            other = isRequest ? e.answerRow : e.requestRow;
        } else if (e.status == AckEntry::Duplicate) {
            other = m_session->acks().entry(e.related).answerRow;
            status = u"duplicate: #%1 answered first"_s.arg(other + 1);
        } else if (e.status == AckEntry::Unknown && e.related >= 0) {
            other = m_session->acks().entry(e.related).requestRow;
            status = u"unknown here; the request is #%1 on %2"_s.arg(other + 1).arg(m_session->acks().entry(e.related).nsp);
        }
        ack->setText(1, u"%1 · %2"_s.arg(e.id).arg(status));
        ack->setForeground(1, Theme::ackStatusColor(e.status, e.late));
        if (other >= 0) {
            ack->setData(1, JsonTreeBuilder::RowRole, other);
            ack->setToolTip(1, u"Click to go to #%1"_s.arg(other + 1));
            summary += u" · ack %1: <a href='row:%2'>%3</a>"_s.arg(e.id).arg(other).arg(status.toHtmlEscaped());
        } else {
            summary += u" · ack %1: <span style='color:%2'>%3</span>"_s.arg(e.id).arg(
                    Theme::ackStatusColor(e.status).name(), status.toHtmlEscaped());
        }
    } else if (p.ackId >= 0) {
        field(u"Ack id"_s, QString::number(p.ackId));
    }
    if (p.isAttachment())
        summary += u" · attachment %1 of <a href='row:%2'>#%3</a>"_s.arg(p.attachmentIndex).arg(p.parent).arg(p.parent + 1);

    // The payload exactly as it travelled: placeholders stay placeholders.
    if (p.packet.type() == EngineIOPacket::Message && !p.packet.isBinary()) {
        qsizetype payloadOffset = 0;
        if (SocketIODecoder::decodeHeader(p.packet.data(), SocketIO::Revision5, nullptr, &payloadOffset)
            && payloadOffset < p.packet.data().size()) {
            const QByteArray json = p.packet.data().mid(payloadOffset);
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson('[' + json + ']', &error);
            if (doc.isArray() && error.error == QJsonParseError::NoError) {
                const QJsonValue payload = doc.array().at(0);
                const bool isEvent = p.sioType == SocketIOPacket::Event || p.sioType == SocketIOPacket::BinaryEvent;
                if (isEvent && payload.isArray() && !payload.toArray().isEmpty()) {
                    QJsonArray args = payload.toArray();
                    args.removeFirst();
                    QTreeWidgetItem *branch = builder.add(m_tree->invisibleRootItem(), u"Arguments"_s, args);
                    branch->setExpanded(true);
                } else {
                    const QString label = p.sioType == SocketIOPacket::Ack || p.sioType == SocketIOPacket::BinaryAck
                            ? u"Arguments"_s : u"Payload"_s;
                    QTreeWidgetItem *branch = builder.add(m_tree->invisibleRootItem(), label, payload);
                    branch->setExpanded(true);
                }
            } else {
                auto *bad = field(u"Payload"_s, u"not JSON: %1"_s.arg(error.errorString()));
                bad->setForeground(1, Theme::severityColor(LintFinding::Error));
            }
        }
    }

    // Findings of every frame of this packet.
    for (int row : rows) {
        for (const LintFinding &f : m_session->linter().findings()) {
            if (f.row != row)
                continue;
            auto *item = field(u"⚠ "_s + LintFinding::ruleId(f.rule), f.message);
            item->setForeground(0, Theme::severityColor(f.severity()));
            item->setForeground(1, Theme::severityColor(f.severity()));
            item->setToolTip(1, f.message);
            auto *hint = new QTreeWidgetItem(item, {u"hint"_s, LintFinding::hint(f.rule)});
            hint->setToolTip(1, LintFinding::hint(f.rule));
            hint->setForeground(1, Theme::mutedText());
            item->setExpanded(true);
            summary += u" · <span style='color:%1'>⚠ %2</span>"_s.arg(Theme::severityColor(f.severity()).name(),
                                                                     LintFinding::ruleId(f.rule));
        }
    }
    m_summary->setText(summary);
    // Small payloads open completely (placeholders in view); big ones two levels deep.
    if (builder.itemCount() <= 300)
        m_tree->expandAll();
    else
        m_tree->expandToDepth(1);
}

void PacketDetailView::fillBinary(const QList<int> &rows)
{
    const auto addHex = [this](const CapturedPacket &p, const QString &title) {
        auto *hex = new QPlainTextEdit(m_binary);
        hex->setReadOnly(true);
        hex->setFont(Theme::monospaceFont());
        hex->setLineWrapMode(QPlainTextEdit::NoWrap);
        hex->setPlainText(HexDump::format(p.packet.data()));
        m_binary->addTab(hex, u"%1 · %2"_s.arg(title, Theme::formatBytes(p.size())));
    };
    for (qsizetype k = 1; k < rows.size(); ++k)
        addHex(m_session->packet(rows[k]), u"#%1"_s.arg(k - 1));
    // A stray binary frame (no text packet announced it) shows its own bytes.
    const CapturedPacket &first = m_session->packet(rows.first());
    if (rows.size() == 1 && first.packet.isBinary())
        addHex(first, u"frame"_s);
    m_binaryPane->setVisible(m_binary->count() > 0);
    if (m_row >= 0 && m_session->packet(m_row).isAttachment())
        showAttachment(m_session->packet(m_row).attachmentIndex);
}

void PacketDetailView::showAttachment(int index)
{
    if (index >= 0 && index < m_binary->count()) {
        m_binaryPane->show();
        m_binary->setCurrentIndex(index);
    }
}

void PacketDetailView::onItemActivated(QTreeWidgetItem *item, int column)
{
    Q_UNUSED(column);
    const QVariant attachment = item->data(1, JsonTreeBuilder::AttachmentRole);
    if (attachment.isValid()) {
        showAttachment(attachment.toInt());
        return;
    }
    const QVariant row = item->data(1, JsonTreeBuilder::RowRole);
    if (row.isValid())
        Q_EMIT jumpToRow(row.toInt());
}
