#include "filterbar.h"

#include "capturesession.h"
#include "trafficfilterproxy.h"
#include "trafficmodel.h"

#include <QtWidgets/qboxlayout.h>
#include <QtWidgets/qcheckbox.h>
#include <QtWidgets/qcombobox.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qtoolbutton.h>

using namespace Qt::StringLiterals;

FilterBar::FilterBar(TrafficModel *model, TrafficFilterProxy *filter, QWidget *parent)
    : QWidget(parent), m_model(model), m_filter(filter)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);

    m_direction = new QComboBox(this);
    m_direction->addItem(u"↔ Both"_s, int(TrafficFilterProxy::DirectionFilter::Both));
    m_direction->addItem(u"← In"_s, int(TrafficFilterProxy::DirectionFilter::Incoming));
    m_direction->addItem(u"→ Out"_s, int(TrafficFilterProxy::DirectionFilter::Outgoing));

    m_nsp = new QComboBox(this);
    m_nsp->setMinimumContentsLength(10);
    m_nsp->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_nsp->addItem(u"All namespaces"_s, QString());

    m_event = new QComboBox(this);
    m_event->setEditable(true);
    m_event->setInsertPolicy(QComboBox::NoInsert);
    m_event->setMinimumContentsLength(7);
    m_event->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_event->lineEdit()->setPlaceholderText(u"All events"_s);
    m_event->setToolTip(u"Event name (part of it is enough)"_s);

    m_kind = new QComboBox(this);
    m_kind->addItem(u"All packets"_s, int(TrafficFilterProxy::Kind::All));
    m_kind->addItem(u"Events"_s, int(TrafficFilterProxy::Kind::Events));
    m_kind->addItem(u"Acks"_s, int(TrafficFilterProxy::Kind::Acks));
    m_kind->addItem(u"Lifecycle"_s, int(TrafficFilterProxy::Kind::Lifecycle));
    m_kind->addItem(u"Heartbeat"_s, int(TrafficFilterProxy::Kind::Heartbeat));
    m_kind->addItem(u"Binary"_s, int(TrafficFilterProxy::Kind::Binary));
    m_kind->addItem(u"Problems"_s, int(TrafficFilterProxy::Kind::Problems));

    m_text = new QLineEdit(this);
    m_text->setPlaceholderText(u"Search frames…"_s);
    m_text->setClearButtonEnabled(true);
    m_text->setMinimumWidth(70);

    m_pause = new QToolButton(this);
    m_pause->setText(u"Pause"_s);
    m_pause->setCheckable(true);
    m_pause->setToolTip(u"Freeze the table; capturing goes on and resume shows what came"_s);
    m_follow = new QCheckBox(u"Follow"_s, this);
    m_follow->setChecked(true);
    m_follow->setToolTip(u"Keep the newest packet in view"_s);
    m_count = new QLabel(this);
    
    m_count->setAlignment(Qt::AlignRight | Qt::AlignVCenter);

    layout->addWidget(m_direction);
    layout->addWidget(m_nsp);
    layout->addWidget(m_event);
    layout->addWidget(m_kind);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_pause);
    layout->addWidget(m_follow);
    layout->addWidget(m_count);

    connect(m_direction, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setDirectionFilter(TrafficFilterProxy::DirectionFilter(m_direction->currentData().toInt()));
    });
    connect(m_nsp, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setNamespaceFilter(m_nsp->currentData().toString()); });
    connect(m_event, &QComboBox::currentTextChanged, this, [this](const QString &text) {
        m_filter->setEventFilter(text == "All events"_L1 ? QString() : text.trimmed());
    });
    connect(m_kind, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setKind(TrafficFilterProxy::Kind(m_kind->currentData().toInt())); });
    // Typing filters after a short pause, not on every key over 100,000 rows.
    m_textTimer.setSingleShot(true);
    m_textTimer.setInterval(180);
    connect(m_text, &QLineEdit::textChanged, &m_textTimer, qOverload<>(&QTimer::start));
    connect(&m_textTimer, &QTimer::timeout, this, [this] { m_filter->setText(m_text->text()); });
    connect(m_pause, &QToolButton::toggled, m_model, &TrafficModel::setPaused);
    connect(m_model, &TrafficModel::pausedChanged, this, [this](bool paused) {
        m_pause->setChecked(paused);
        m_pause->setText(paused ? u"Resume"_s : u"Pause"_s);
        refreshCount();
    });
    connect(m_model, &TrafficModel::heldBackChanged, this, &FilterBar::refreshCount);
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &FilterBar::refreshCount);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &FilterBar::refreshCount);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &FilterBar::refreshCount);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &FilterBar::refreshCount);

    m_namesTimer.setSingleShot(true);
    m_namesTimer.setInterval(300);
    connect(&m_namesTimer, &QTimer::timeout, this, &FilterBar::refreshNames);
    connect(model->session(), &CaptureSession::namesChanged, &m_namesTimer, qOverload<>(&QTimer::start));
    connect(model->session(), &CaptureSession::cleared, this, &FilterBar::refreshNames);
    refreshNames();
    refreshCount();
}

bool FilterBar::follows() const
{
    return m_follow->isChecked();
}

void FilterBar::refreshNames()
{
    CaptureSession *session = m_model->session();
    {
        const QString current = m_nsp->currentData().toString();
        const QSignalBlocker blocker(m_nsp);
        m_nsp->clear();
        m_nsp->addItem(u"All namespaces"_s, QString());
        for (const QString &n : session->namespaces())
            m_nsp->addItem(n, n);
        m_nsp->setCurrentIndex(qMax(0, m_nsp->findData(current)));
    }
    {
        const QString current = m_event->currentText();
        const QSignalBlocker blocker(m_event);
        m_event->clear();
        m_event->addItem(QString());
        m_event->addItems(session->eventNames());
        m_event->setCurrentText(current);
    }
}

void FilterBar::refreshCount()
{
    const int shown = m_filter->rowCount();
    const int total = m_model->rowCount();
    QString text = m_filter->isFiltering() ? u"%1 of %2 packets"_s.arg(shown).arg(total)
                                           : u"%1 packets"_s.arg(total);
    const int held = m_model->heldBack();
    if (m_model->isPaused() && held > 0)
        text += u" · %1 held"_s.arg(held);
    m_count->setText(text);
}
