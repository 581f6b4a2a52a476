#include "jsonedit.h"

#include "theme.h"

#include <QtGui/qtextobject.h>

using namespace Qt::StringLiterals;

JsonEdit::JsonEdit(Expect expect, QWidget *parent)
    : QPlainTextEdit(parent), m_expect(expect)
{
    setFont(Theme::monospaceFont());
    setTabChangesFocus(true);
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    connect(this, &QPlainTextEdit::textChanged, this, &JsonEdit::validate);
}

QSize JsonEdit::sizeHint() const
{
    const QFontMetrics fm(font());
    return {fm.horizontalAdvance(u'x') * 40, fm.lineSpacing() * 4 + 12};
}

void JsonEdit::validate()
{
    const QString text = toPlainText();
    QString error;
    m_document = QJsonDocument();
    QList<QTextEdit::ExtraSelection> marks;

    if (!text.trimmed().isEmpty()) {
        const QByteArray utf8 = text.toUtf8();
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(utf8, &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            // The offset counts UTF-8 bytes: map it back to a character position.
            const int pos = int(QString::fromUtf8(utf8.left(parseError.offset)).size());
            const QTextBlock block = document()->findBlock(pos);
            error = u"Line %1, column %2: %3"_s.arg(block.blockNumber() + 1)
                            .arg(pos - block.position() + 1)
                            .arg(parseError.errorString());
            QTextEdit::ExtraSelection mark;
            mark.cursor = QTextCursor(document());
            mark.cursor.setPosition(qBound(0, pos > 0 && pos >= text.size() ? pos - 1 : pos, int(text.size()) - 1));
            mark.cursor.movePosition(QTextCursor::NextCharacter, QTextCursor::KeepAnchor);
            mark.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
            mark.format.setUnderlineColor(Theme::severityColor(LintFinding::Error));
            mark.format.setBackground(QColor(0xfd, 0xe0, 0xe0));
            marks.append(mark);
        } else if (m_expect == Expect::Object && !doc.isObject()) {
            error = u"Expected a JSON object: {\"key\": \"value\"}"_s;
        } else if (m_expect == Expect::Array && !doc.isArray()) {
            error = u"Expected a JSON array of arguments: [\"hello\", {\"n\": 1}]"_s;
        } else {
            m_document = doc;
        }
    }
    setExtraSelections(marks);
    if (error != m_error) {
        m_error = error;
        Q_EMIT errorChanged(m_error);
    }
}
