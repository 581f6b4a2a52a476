#ifndef RECORDINGPANEL_H
#define RECORDINGPANEL_H

#include "recordinginfo.h"

#include <QtWidgets/qwidget.h>

class CaptureSession;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

// The side panel of a recording opened for offline inspection: what the file
// says about itself, and replaying its emits against a server.
class RecordingPanel : public QWidget
{
    Q_OBJECT
public:
    RecordingPanel(CaptureSession *session, const QString &path, const RecordingInfo &info,
                   QWidget *parent = nullptr);

    QLineEdit *targetEdit() const { return m_target; }
    QPushButton *replayButton() const { return m_replay; }

Q_SIGNALS:
    void replayRequested(const QUrl &target, int protocol, bool keepTiming);

private:
    QLineEdit *m_target;
    QCheckBox *m_keepTiming;
    QPushButton *m_replay;
};

#endif // RECORDINGPANEL_H
