#ifndef PROXYPANEL_H
#define PROXYPANEL_H

#include <QtWidgets/qwidget.h>

class CaptureProxy;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

// The side panel of a proxy capture: where to listen (loopback unless the
// user says otherwise), which server to forward to, start and stop.
class ProxyPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ProxyPanel(CaptureProxy *proxy, QWidget *parent = nullptr);

    QLineEdit *targetEdit() const { return m_target; }
    QLineEdit *addressEdit() const { return m_address; }
    QSpinBox *portSpin() const { return m_port; }
    QPushButton *startButton() const { return m_start; }

public Q_SLOTS:
    bool start();
    void stop();

Q_SIGNALS:
    void stateChanged();

private:
    void refresh();

    CaptureProxy *const m_proxy;
    QLineEdit *m_target;
    QLineEdit *m_address;
    QSpinBox *m_port;
    QPushButton *m_start;
    QPushButton *m_stop;
    QLabel *m_status;
    QString m_error;
};

#endif // PROXYPANEL_H
