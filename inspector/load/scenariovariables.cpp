#include "scenariovariables.h"

#include <QtCore/qfile.h>

using namespace Qt::StringLiterals;

namespace {
constexpr QStringView Open = u"{{";
constexpr QStringView Close = u"}}";

// Splits one CSV line; "quoted" fields may hold commas and "" for a quote.
QStringList splitCsvLine(QStringView line)
{
    QStringList fields;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (quoted) {
            if (c == u'"' && i + 1 < line.size() && line.at(i + 1) == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"') {
            quoted = true;
        } else if (c == u',') {
            fields.append(std::exchange(field, QString()));
        } else {
            field += c;
        }
    }
    fields.append(field);
    return fields;
}
} // namespace

bool ScenarioVariables::loadCsv(const QString &fileName, QString *error)
{
    QFile file(fileName);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        *error = u"cannot read %1: %2"_s.arg(fileName, file.errorString());
        return false;
    }
    const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
    if (lines.size() < 2) {
        *error = u"%1: a header row and at least one row are needed"_s.arg(fileName);
        return false;
    }
    const QStringList header = splitCsvLine(QStringView(lines.first()).trimmed());
    for (int i = 0; i < header.size(); ++i)
        m_columns.insert(header.at(i).trimmed(), i);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        QStringList row = splitCsvLine(QStringView(lines.at(i)).trimmed());
        if (row.size() != header.size()) {
            *error = u"%1:%2: %3 fields where the header has %4"_s.arg(fileName).arg(i + 1).arg(row.size()).arg(header.size());
            return false;
        }
        m_rows.append(std::move(row));
    }
    return true;
}

bool ScenarioVariables::isKnown(QStringView name) const
{
    if (name == u"user" || name == u"iteration" || name == u"random")
        return true;
    return name.startsWith(u"row.") && m_columns.contains(name.mid(4).toString());
}

bool ScenarioVariables::validate(const QVariant &value, QString *error) const
{
    switch (value.typeId()) {
    case QMetaType::QVariantList:
        for (const QVariant &item : value.toList()) {
            if (!validate(item, error))
                return false;
        }
        return true;
    case QMetaType::QVariantMap:
        for (const QVariant &item : value.toMap()) {
            if (!validate(item, error))
                return false;
        }
        return true;
    case QMetaType::QString: {
        const QString text = value.toString();
        for (qsizetype from = text.indexOf(Open); from >= 0; from = text.indexOf(Open, from + 2)) {
            const qsizetype to = text.indexOf(Close, from + 2);
            const QStringView name = to < 0 ? QStringView() : QStringView(text).sliced(from + 2, to - from - 2).trimmed();
            if (to < 0 || !isKnown(name)) {
                *error = to < 0 ? u"unclosed {{ in \"%1\""_s.arg(text)
                       : name.startsWith(u"row.") && m_rows.isEmpty()
                           ? u"{{%1}} needs a payload file (\"payload\")"_s.arg(name)
                           : u"unknown variable {{%1}} (user, iteration, random, row.COLUMN)"_s.arg(name);
                return false;
            }
        }
        return true;
    }
    default:
        return true;
    }
}

bool ScenarioVariables::hasPlaceholders(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::QVariantList:
        for (const QVariant &item : value.toList()) {
            if (hasPlaceholders(item))
                return true;
        }
        return false;
    case QMetaType::QVariantMap:
        for (const QVariant &item : value.toMap()) {
            if (hasPlaceholders(item))
                return true;
        }
        return false;
    case QMetaType::QString:
        return value.toString().contains(Open);
    default:
        return false;
    }
}

QVariant ScenarioVariables::expand(const QVariant &value, const Context &context) const
{
    switch (value.typeId()) {
    case QMetaType::QVariantList: {
        QVariantList list = value.toList();
        for (QVariant &item : list)
            item = expand(item, context);
        return list;
    }
    case QMetaType::QVariantMap: {
        QVariantMap map = value.toMap();
        for (QVariant &item : map)
            item = expand(item, context);
        return map;
    }
    case QMetaType::QString:
        return expandString(value.toString(), context);
    default:
        return value;
    }
}

QVariant ScenarioVariables::lookup(QStringView name, const Context &context) const
{
    if (name == u"user")
        return context.user;
    if (name == u"iteration")
        return context.iteration;
    if (name == u"random")
        return qint64(context.random & 0x7fffffff);
    const QStringList &row = m_rows.at(context.user % m_rows.size());
    return row.value(m_columns.value(name.mid(4).toString()));
}

QVariant ScenarioVariables::expandString(const QString &text, const Context &context) const
{
    qsizetype from = text.indexOf(Open);
    if (from < 0)
        return text;
    if (from == 0 && text.endsWith(Close) && text.indexOf(Open, 2) < 0)
        return lookup(QStringView(text).sliced(2, text.size() - 4).trimmed(), context);
    QString result;
    qsizetype done = 0;
    for (; from >= 0; from = text.indexOf(Open, done)) {
        const qsizetype to = text.indexOf(Close, from + 2);
        result += QStringView(text).sliced(done, from - done);
        result += lookup(QStringView(text).sliced(from + 2, to - from - 2).trimmed(), context).toString();
        done = to + 2;
    }
    result += QStringView(text).sliced(done);
    return result;
}
