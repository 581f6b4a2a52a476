#ifndef ENGINEVIEW_H
#define ENGINEVIEW_H

#include <QtCore/qtimer.h>
#include <QtWidgets/qwidget.h>

class CaptureSession;
class EngineLane;
class QLabel;
class QTreeWidget;

// The "Engine" tab: the handshake's parameters, the engine lane, and the
// same events as a list.
class EngineView : public QWidget
{
    Q_OBJECT
public:
    explicit EngineView(CaptureSession *session, QWidget *parent = nullptr);

    EngineLane *lane() const { return m_lane; }
    QTreeWidget *eventList() const { return m_list; }

Q_SIGNALS:
    void jumpToRow(int row);

private:
    void refresh();

    CaptureSession *const m_session;
    EngineLane *m_lane;
    QTreeWidget *m_list;
    QLabel *m_info;
    QTimer m_timer;
    int m_shown = 0;
};

#endif // ENGINEVIEW_H
