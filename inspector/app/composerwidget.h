#ifndef COMPOSERWIDGET_H
#define COMPOSERWIDGET_H

#include <QtCore/qvariant.h>
#include <QtWidgets/qwidget.h>

class JsonEdit;
class LiveConnection;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QRadioButton;
class QSpinBox;

// The composer: an event name and its arguments as JSON (checked as you type,
// the error shown where it is), binary arguments from files or hex, an ack
// with a timeout, and a history of what was sent to load or send again.
// Below it, how to answer the server's ack requests: at once, after a delay,
// never (to exercise the server's timeouts), or by hand, with the request's
// own arguments or a chosen payload.
class ComposerWidget : public QWidget
{
    Q_OBJECT
public:
    explicit ComposerWidget(LiveConnection *connection, QWidget *parent = nullptr);

    struct Draft {
        QString nsp;
        QString event;
        QString argsJson;
        QList<QByteArray> binaries;
        bool ack = false;
        int timeoutMs = 5000;
    };

    void setDraft(const Draft &draft);
    Draft draft() const;
    bool send();                          // the current draft; false when it cannot go
    bool resend(int historyIndex);
    int historyCount() const { return int(m_history.size()); }
    QString lastError() const { return m_lastError; }

    // Builds the argument list: the JSON array ({"$binary": base64} allowed
    // anywhere), then the binary attachments. False with an error otherwise.
    static bool buildArguments(const Draft &draft, QVariantList *args, QString *error);

    // Widgets, for tests.
    QLineEdit *eventEdit() const { return m_event; }
    JsonEdit *argumentsEdit() const { return m_args; }
    QLabel *errorLabel() const { return m_error; }
    QPushButton *sendButton() const { return m_send; }
    QCheckBox *ackCheck() const { return m_ack; }
    QComboBox *replyModeCombo() const { return m_replyMode; }
    JsonEdit *replyPayloadEdit() const { return m_replyPayload; }
    QRadioButton *replyEchoButton() const { return m_replyEcho; }
    QRadioButton *replyWithButton() const { return m_replyWith; }
    QSpinBox *replyDelaySpin() const { return m_replyDelay; }
    QListWidget *historyList() const { return m_historyList; }
    QListWidget *pendingRequestsList() const { return m_pending; }

public Q_SLOTS:
    void addBinaryFromFile();
    void addBinaryFromHex();
    void addBinary(const QByteArray &data, const QString &label);

private:
    QWidget *buildEmitGroup();
    QWidget *buildReplyGroup();
    void updateValidity();
    void applyReplyPolicy();
    void refreshPending();
    void refreshNamespaces();
    void answerSelected();
    bool sendDraft(const Draft &draft);

    LiveConnection *const m_connection;
    QComboBox *m_nsp;
    QLineEdit *m_event;
    JsonEdit *m_args;
    QLabel *m_error;
    QListWidget *m_binaries;
    QList<QByteArray> m_binaryData;
    QCheckBox *m_ack;
    QSpinBox *m_timeout;
    QPushButton *m_send;
    QListWidget *m_historyList;
    QList<Draft> m_history;

    QComboBox *m_replyMode;
    QRadioButton *m_replyEcho;
    QRadioButton *m_replyWith;
    JsonEdit *m_replyPayload;
    QLabel *m_replyError;
    QSpinBox *m_replyDelay;
    QListWidget *m_pending;
    QString m_lastError;
};

#endif // COMPOSERWIDGET_H
