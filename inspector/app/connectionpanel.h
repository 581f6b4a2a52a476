#ifndef CONNECTIONPANEL_H
#define CONNECTIONPANEL_H

#include "connectionsettings.h"

#include <QtWidgets/qwidget.h>

class JsonEdit;
class LiveConnection;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTreeWidget;

// The connection panel of a live tab: URL (with the recent connections),
// path, protocol revision, transports, auth, query, headers, TLS options,
// reconnection, and the namespaces to join with their own auth, each showing
// its state (connected with its id, or the server's CONNECT_ERROR).
class ConnectionPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ConnectionPanel(LiveConnection *connection, QWidget *parent = nullptr);

    ConnectionSettings settings() const;
    void setSettings(const ConnectionSettings &settings);

    QComboBox *urlCombo() const { return m_url; }
    QComboBox *parserCombo() const { return m_parser; }
    QPushButton *connectButton() const { return m_connect; }
    QTreeWidget *namespaceList() const { return m_namespaces; }
    QLabel *statusLabel() const { return m_status; }

public Q_SLOTS:
    void connectNow();
    void disconnectNow();

Q_SIGNALS:
    void connectRequested(const ConnectionSettings &settings); // accepted: remember it

private:
    void refreshState();
    void refreshNamespaces();
    void addNamespace();
    void loadRecent(int index);

    LiveConnection *const m_connection;
    QComboBox *m_url;
    QLineEdit *m_path;
    QComboBox *m_protocol;
    QComboBox *m_transports;
    QComboBox *m_parser;
    JsonEdit *m_auth;
    QLineEdit *m_query;
    QPlainTextEdit *m_headers;
    QCheckBox *m_ignoreSsl;
    QLineEdit *m_caFile;
    QCheckBox *m_reconnection;
    QSpinBox *m_ackTimeout;
    QTreeWidget *m_namespaces;
    QLineEdit *m_newNamespace;
    JsonEdit *m_newNamespaceAuth;
    QPushButton *m_connect;
    QPushButton *m_disconnect;
    QLabel *m_status;
    QLabel *m_error;
    QList<ConnectionSettings> m_recent;
};

#endif // CONNECTIONPANEL_H
