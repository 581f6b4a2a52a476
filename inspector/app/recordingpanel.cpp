#include "recordingpanel.h"

#include "capturesession.h"
#include "replayscript.h"
#include "theme.h"

#include <QtCore/qdatetime.h>
#include <QtCore/qfileinfo.h>
#include <QtWidgets/qboxlayout.h>
#include <QtWidgets/qcheckbox.h>
#include <QtWidgets/qformlayout.h>
#include <QtWidgets/qgroupbox.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qpushbutton.h>

using namespace Qt::StringLiterals;

RecordingPanel::RecordingPanel(CaptureSession *session, const QString &path, const RecordingInfo &info,
                               QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);

    auto *about = new QGroupBox(u"Recording"_s, this);
    auto *form = new QFormLayout(about);
    const auto value = [about](const QString &text) {
        auto *label = new QLabel(text, about);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setWordWrap(true);
        return label;
    };
    form->addRow(u"File"_s, value(QFileInfo(path).fileName()));
    form->addRow(u"Folder"_s, value(QFileInfo(path).path())); // as given: no private paths in screenshots
    if (!info.url.isEmpty())
        form->addRow(u"Server"_s, value(info.url.toString()));
    form->addRow(u"Source"_s, value(info.source.isEmpty() ? (info.formatVersion ? u"inspector"_s : u"socketio-cli --raw"_s)
                                                          : info.source));
    if (info.protocol > 0)
        form->addRow(u"Protocol"_s, value(u"revision %1"_s.arg(info.protocol)));
    if (info.startedUs > 0) {
        form->addRow(u"Started"_s, value(QDateTime::fromMSecsSinceEpoch(info.startedUs / 1000)
                                                 .toString(u"yyyy-MM-dd HH:mm:ss"_s)));
    }
    const double seconds = double(session->lastTimeUs() - session->firstTimeUs()) / 1e6;
    form->addRow(u"Packets"_s, value(u"%1 · %2 · %3 s"_s.arg(info.packets)
                                             .arg(Theme::formatBytes(session->totalBytes()))
                                             .arg(seconds, 0, 'f', 2)));
    if (session->streamCount() > 1)
        form->addRow(u"Streams"_s, value(QString::number(session->streamCount())));
    if (info.skippedLines > 0) {
        auto *warning = value(u"%1 line(s) skipped; %2"_s.arg(info.skippedLines).arg(info.firstProblem));
        warning->setStyleSheet(u"color: #b26b00;"_s);
        form->addRow(u"Skipped"_s, warning);
    }
    layout->addWidget(about);

    const ReplayScript script = ReplayScript::fromCapture(*session);
    auto *replay = new QGroupBox(u"Replay"_s, this);
    auto *replayForm = new QFormLayout(replay);
    replayForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto *explain = new QLabel(u"Send the %1 emit(s) of this recording again, on %2 namespace(s), "
                               "in a new connection tab."_s.arg(script.emits.size()).arg(script.namespaces.size()),
                               replay);
    explain->setWordWrap(true);
    replayForm->addRow(explain);
    m_target = new QLineEdit(info.url.toString(), replay);
    m_target->setPlaceholderText(u"http://localhost:3000"_s);
    replayForm->addRow(u"Server"_s, m_target);
    m_keepTiming = new QCheckBox(u"Keep the recorded timing"_s, replay);
    replayForm->addRow(QString(), m_keepTiming);
    m_replay = new QPushButton(u"Replay emits"_s, replay);
    m_replay->setEnabled(!script.emits.isEmpty());
    replayForm->addRow(QString(), m_replay);
    layout->addWidget(replay);
    layout->addStretch(1);

    const int protocol = info.protocol;
    connect(m_replay, &QPushButton::clicked, this, [this, protocol] {
        QString url = m_target->text().trimmed();
        if (!url.contains(u"://"_s))
            url.prepend(u"http://"_s);
        Q_EMIT replayRequested(QUrl(url), protocol, m_keepTiming->isChecked());
    });
}
