#ifndef FILTERBAR_H
#define FILTERBAR_H

#include <QtCore/qtimer.h>
#include <QtWidgets/qwidget.h>

class CaptureSession;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QToolButton;
class TrafficFilterProxy;
class TrafficModel;

// The row above the traffic table: filters (direction, namespace, event,
// kind, text), pause / resume, follow the newest packet, and the count of
// what is shown. Clear is elsewhere (the toolbar's far end): next to Pause,
// one mis-click lost a capture.
class FilterBar : public QWidget
{
    Q_OBJECT
public:
    FilterBar(TrafficModel *model, TrafficFilterProxy *filter, QWidget *parent = nullptr);

    bool follows() const;
    QComboBox *directionCombo() const { return m_direction; }
    QComboBox *namespaceCombo() const { return m_nsp; }
    QComboBox *eventCombo() const { return m_event; }
    QComboBox *kindCombo() const { return m_kind; }
    QLineEdit *textEdit() const { return m_text; }
    QToolButton *pauseButton() const { return m_pause; }
    void refreshCount();

private:
    void refreshNames();

    TrafficModel *const m_model;
    TrafficFilterProxy *const m_filter;
    QComboBox *m_direction;
    QComboBox *m_nsp;
    QComboBox *m_event;
    QComboBox *m_kind;
    QLineEdit *m_text;
    QToolButton *m_pause;
    QCheckBox *m_follow;
    QLabel *m_count;
    QTimer m_namesTimer;
    QTimer m_textTimer;
};

#endif // FILTERBAR_H
