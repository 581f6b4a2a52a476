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
    QLineEdit *serverCaEdit() const { return m_serverCa; }
    QPushButton *startButton() const { return m_start; }
    QPushButton *exportCaButton() const { return m_exportCa; }
    QLabel *statusLabel() const { return m_status; }

    // Writes the inspector's CA certificate to `path`; the error is shown in the panel.
    bool exportCaCertificate(const QString &path);

public Q_SLOTS:
    bool start();
    void stop();
    void exportCaInteractively(); // asks where, then shows how to trust it

Q_SIGNALS:
    void stateChanged();

private:
    void refresh();

    CaptureProxy *const m_proxy;
    QLineEdit *m_target;
    QLineEdit *m_address;
    QSpinBox *m_port;
    QLineEdit *m_serverCa;
    QPushButton *m_start;
    QPushButton *m_exportCa;
    QPushButton *m_stop;
    QLabel *m_status;
    QString m_error;
};

#endif // PROXYPANEL_H
