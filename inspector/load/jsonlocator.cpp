#include "jsonlocator.h"

#include <QtCore/qlist.h>

using namespace Qt::StringLiterals;

namespace {
struct Container {
    QString path;
    bool isObject = false;
    int index = -1;   // arrays: the element being read
    QString key;      // objects: the key whose value comes next
    bool expectKey = true;
};

QString childPath(const Container &c)
{
    if (!c.isObject)
        return u"%1[%2]"_s.arg(c.path).arg(c.index);
    return c.path.isEmpty() ? c.key : c.path + u'.' + c.key;
}
} // namespace

JsonLocator::JsonLocator(const QByteArray &json)
{
    QList<Container> stack;
    int line = 1;
    // A value starts here: give it its path, and in an array move to the next element.
    const auto valueStarts = [&]() -> QString {
        if (stack.isEmpty())
            return {};
        Container &top = stack.last();
        if (!top.isObject)
            ++top.index;
        const QString path = childPath(top);
        m_lines.insert(path, line);
        return path;
    };
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json.at(i);
        switch (c) {
        case '\n':
            ++line;
            break;
        case '{':
        case '[': {
            const QString path = valueStarts();
            stack.append({path, c == '{', -1, {}, true});
            break;
        }
        case '}':
        case ']':
            if (!stack.isEmpty())
                stack.removeLast();
            break;
        case ':':
            if (!stack.isEmpty())
                stack.last().expectKey = false;
            break;
        case ',':
            if (!stack.isEmpty() && stack.last().isObject)
                stack.last().expectKey = true;
            break;
        case '"': {
            qsizetype end = i + 1;
            while (end < json.size() && json.at(end) != '"')
                end += json.at(end) == '\\' ? 2 : 1;
            if (!stack.isEmpty() && stack.last().isObject && stack.last().expectKey)
                stack.last().key = QString::fromUtf8(json.mid(i + 1, end - i - 1));
            else
                valueStarts();
            i = end;
            break;
        }
        case ' ': case '\t': case '\r':
            break;
        default: // a number, true, false or null: skip to its end
            valueStarts();
            while (i + 1 < json.size() && !QByteArrayView(",]} \t\r\n").contains(json.at(i + 1)))
                ++i;
            break;
        }
    }
}

int JsonLocator::line(const QString &path) const
{
    QString p = path;
    while (!p.isEmpty()) {
        if (const auto it = m_lines.constFind(p); it != m_lines.cend())
            return it.value();
        const qsizetype cut = std::max(p.lastIndexOf(u'.'), p.lastIndexOf(u'['));
        p.truncate(std::max<qsizetype>(cut, 0));
    }
    return 1;
}

std::pair<int, int> JsonLocator::position(const QByteArray &json, qsizetype offset)
{
    const QByteArrayView before = QByteArrayView(json).first(std::min(offset, json.size()));
    const int line = int(before.count('\n')) + 1;
    const qsizetype lineStart = before.lastIndexOf('\n') + 1;
    return {line, int(before.size() - lineStart) + 1};
}
