#ifndef JSONLOCATOR_H
#define JSONLOCATOR_H

#include <QtCore/qbytearray.h>
#include <QtCore/qhash.h>
#include <QtCore/qstring.h>

// The line on which each value of a JSON text starts, by its path ("steps[2].args",
// "phases[0]"), so that errors found after QJsonDocument parsed the text can name a line:
// QJsonDocument keeps no positions. Expects text that QJsonDocument accepted.
class JsonLocator
{
public:
    explicit JsonLocator(const QByteArray &json);

    // The value's line (1-based), or of its closest enclosing value that was found; 1 for "".
    int line(const QString &path) const;
    // Line (1-based) and column (1-based) of a byte offset, for QJsonParseError::offset.
    static std::pair<int, int> position(const QByteArray &json, qsizetype offset);

private:
    QHash<QString, int> m_lines;
};

#endif // JSONLOCATOR_H
