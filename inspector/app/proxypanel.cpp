#include "proxypanel.h"

#include "captureproxy.h"
#include "certificateauthority.h"

#include <QtCore/qdir.h>
#include <QtNetwork/qsslcertificate.h>
#include <QtWidgets/qfiledialog.h>
#include <QtWidgets/qmessagebox.h>

#include <QtWidgets/qboxlayout.h>
#include <QtWidgets/qformlayout.h>
#include <QtWidgets/qgroupbox.h>
#include <QtWidgets/qlabel.h>
#include <QtWidgets/qlineedit.h>
#include <QtWidgets/qpushbutton.h>
#include <QtWidgets/qspinbox.h>

using namespace Qt::StringLiterals;

ProxyPanel::ProxyPanel(CaptureProxy *proxy, QWidget *parent)
    : QWidget(parent), m_proxy(proxy)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    auto *box = new QGroupBox(u"Capturing proxy"_s, this);
    auto *form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto *explain = new QLabel(u"Point another application at this address instead of its server: the proxy "
                               "forwards everything and decodes both directions (WebSocket and polling, "
                               "Engine.IO 3 and 4). TLS clients connect to the same port with https:// once "
                               "they trust the inspector's certificate authority."_s, box);
    explain->setWordWrap(true);
    form->addRow(explain);
    m_target = new QLineEdit(box);
    m_target->setPlaceholderText(u"http://localhost:3000"_s);
    form->addRow(u"Forward to"_s, m_target);
    m_address = new QLineEdit(u"127.0.0.1"_s, box);
    m_address->setToolTip(u"Loopback by default: anything that reaches the proxy is forwarded"_s);
    form->addRow(u"Listen on"_s, m_address);
    m_port = new QSpinBox(box);
    m_port->setRange(0, 65535);
    m_port->setValue(0);
    m_port->setSpecialValueText(u"any free port"_s);
    form->addRow(u"Port"_s, m_port);
    m_serverCa = new QLineEdit(box);
    m_serverCa->setPlaceholderText(u"system CAs"_s);
    m_serverCa->setToolTip(u"A PEM file of CA certificates to trust, besides the system's, when the server "
                           "is https:// or wss:// (it is always verified)"_s);
    form->addRow(u"Server CA"_s, m_serverCa);
    auto *buttons = new QHBoxLayout;
    m_start = new QPushButton(u"Start"_s, box);
    m_stop = new QPushButton(u"Stop"_s, box);
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    form->addRow(buttons);
    m_exportCa = new QPushButton(u"Export CA Certificate…"_s, box);
    m_exportCa->setToolTip(u"Save the certificate that TLS clients must trust to be captured, "
                           "with the steps to trust it"_s);
    form->addRow(m_exportCa);
    m_status = new QLabel(box);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(m_status);
    layout->addWidget(box);
    layout->addStretch(1);

    connect(m_start, &QPushButton::clicked, this, &ProxyPanel::start);
    connect(m_stop, &QPushButton::clicked, this, &ProxyPanel::stop);
    connect(m_exportCa, &QPushButton::clicked, this, &ProxyPanel::exportCaInteractively);
    connect(m_proxy, &CaptureProxy::connectionCountChanged, this, &ProxyPanel::refresh);
    connect(m_proxy, &CaptureProxy::errorOccurred, this, [this](const QString &message) {
        m_error = message;
        refresh();
    });
    refresh();
}

bool ProxyPanel::start()
{
    QString target = m_target->text().trimmed();
    if (!target.isEmpty() && !target.contains(u"://"_s))
        target.prepend(u"http://"_s);
    m_proxy->setTarget(QUrl(target));
    QHostAddress address;
    if (!address.setAddress(m_address->text().trimmed())) {
        m_error = u"\"%1\" is not an IP address"_s.arg(m_address->text());
        refresh();
        return false;
    }
    const QString caFile = m_serverCa->text().trimmed();
    QList<QSslCertificate> serverCas;
    if (!caFile.isEmpty()) {
        serverCas = QSslCertificate::fromPath(caFile);
        if (serverCas.isEmpty()) {
            m_error = u"no PEM certificate could be read from %1"_s.arg(caFile);
            refresh();
            return false;
        }
    }
    m_proxy->setUpstreamCaCertificates(serverCas);
    const bool ok = m_proxy->listen(address, quint16(m_port->value()));
    m_error = ok ? QString() : m_proxy->errorString();
    refresh();
    Q_EMIT stateChanged();
    return ok;
}

bool ProxyPanel::exportCaCertificate(const QString &path)
{
    CertificateAuthority *authority = m_proxy->certificateAuthority();
    QString error = u"this proxy has no certificate authority"_s;
    const bool ok = authority && authority->exportCertificate(path, &error);
    m_error = ok ? QString() : error;
    refresh();
    return ok;
}

void ProxyPanel::exportCaInteractively()
{
    const QString path = QFileDialog::getSaveFileName(this, u"Export CA Certificate"_s,
                                                      QDir::home().filePath(u"socketio-inspector-ca.pem"_s),
                                                      u"PEM certificates (*.pem *.crt)"_s);
    if (path.isEmpty() || !exportCaCertificate(path))
        return;
    QMessageBox box(QMessageBox::Information, u"CA Certificate Exported"_s,
                    u"Saved to %1."_s.arg(QDir::toNativeSeparators(path)), QMessageBox::Ok, this);
    box.setInformativeText(CertificateAuthority::trustInstructions(path));
    box.setTextInteractionFlags(Qt::TextSelectableByMouse);
    box.exec();
}

void ProxyPanel::stop()
{
    m_proxy->close();
    refresh();
    Q_EMIT stateChanged();
}

void ProxyPanel::refresh()
{
    const bool listening = m_proxy->isListening();
    m_start->setEnabled(!listening);
    m_stop->setEnabled(listening);
    m_target->setEnabled(!listening);
    m_address->setEnabled(!listening);
    m_port->setEnabled(!listening);
    m_serverCa->setEnabled(!listening);
    QString text;
    if (listening) {
        const QString host = m_proxy->serverAddress().protocol() == QAbstractSocket::IPv6Protocol
                ? u"[%1]"_s.arg(m_proxy->serverAddress().toString()) : m_proxy->serverAddress().toString();
        const QString tlsHost = m_proxy->serverAddress().isLoopback() ? u"localhost"_s : host;
        text = u"<b>Listening</b> on http://%1:%2<br>and https://%3:%2 for TLS clients<br>→ %4<br>"
               "%5 connection(s) open"_s.arg(host)
                       .arg(m_proxy->serverPort())
                       .arg(tlsHost, m_proxy->target().toString().toHtmlEscaped())
                       .arg(m_proxy->connectionCount());
    } else {
        text = u"<b>Stopped</b>"_s;
    }
    if (!m_error.isEmpty())
        text += u"<br><span style='color:#c62828'>%1</span>"_s.arg(m_error.toHtmlEscaped());
    m_status->setText(text);
}
