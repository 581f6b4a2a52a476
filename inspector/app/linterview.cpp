#include "linterview.h"

#include "lintermodel.h"

#include <QtWidgets/qboxlayout.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qtreeview.h>

using namespace Qt::StringLiterals;

LinterView::LinterView(CaptureSession *session, QWidget *parent)
    : QWidget(parent), m_model(new LinterModel(session, this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    m_view = new QTreeView(this);
    m_view->setModel(m_model);
    m_view->setRootIsDecorated(true); // groups of identical findings unfold into their packets
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setColumnWidth(LinterModel::Severity, 74);
    m_view->setColumnWidth(LinterModel::Rule, 170);
    m_view->setColumnWidth(LinterModel::Count, 52);
    m_view->setColumnWidth(LinterModel::Packet, 64);
    layout->addWidget(m_view, 1);

    m_hint = new QLabel(this);
    m_hint->setWordWrap(true);
    m_hint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_hint->setText(u"The linter checks every packet as it is captured: ack ids (unknown, duplicate, wrong "
                    "namespace, late), attachment counts, payload shapes, Engine.IO and Socket.IO generation "
                    "mismatches, events before CONNECT, double CONNECTs and heartbeat deadlines. Identical "
                    "findings are grouped: unfold one to jump to each packet."_s);
    m_hint->setStyleSheet(u"QLabel { color: #505050; padding: 4px; }"_s);
    layout->addWidget(m_hint);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    m_hint->setText(u"<b>Hint:</b> "_s + current.data(LinterModel::HintRole).toString().toHtmlEscaped());
            });
    connect(m_view, &QTreeView::activated, this, [this](const QModelIndex &index) {
        Q_EMIT jumpToRow(index.data(LinterModel::RowRole).toInt());
    });
}
