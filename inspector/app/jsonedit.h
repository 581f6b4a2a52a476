#ifndef JSONEDIT_H
#define JSONEDIT_H

#include <QtCore/qjsondocument.h>
#include <QtWidgets/qplaintextedit.h>

// A JSON editor that validates as you type: a parse error is underlined at
// its position and reported through errorChanged() with line and column.
// Empty text is valid (it means "nothing").
class JsonEdit : public QPlainTextEdit
{
    Q_OBJECT
public:
    enum class Expect { Any, Object, Array };

    explicit JsonEdit(Expect expect = Expect::Any, QWidget *parent = nullptr);

    bool isValid() const { return m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    QJsonDocument jsonDocument() const { return m_document; } // null when empty or invalid

    QSize sizeHint() const override;

Q_SIGNALS:
    void errorChanged(const QString &error); // empty when valid

private:
    void validate();

    Expect m_expect;
    QString m_error;
    QJsonDocument m_document;
};

#endif // JSONEDIT_H
