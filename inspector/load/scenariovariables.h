#ifndef SCENARIOVARIABLES_H
#define SCENARIOVARIABLES_H

#include <QtCore/qhash.h>
#include <QtCore/qstringlist.h>
#include <QtCore/qvariant.h>

// The per-user variables of a scenario, written {{name}} inside strings:
//   {{user}}       the user's index in the whole run (the same in every shard)
//   {{iteration}}  the innermost loop's iteration, from 0
//   {{random}}     a random integer in [0, 2^31)
//   {{row.COLUMN}} a column of the payload CSV file, row (user mod rows)
// A string that is one placeholder and nothing else becomes the value itself (a number for
// user, iteration, random); otherwise the placeholders are replaced in the text.
class ScenarioVariables
{
public:
    // The values a user substitutes.
    struct Context {
        qint64 user = 0;
        qint64 iteration = 0;
        quint32 random = 0;
    };

    // Reads a CSV file with a header row (comma separated, "quoted" fields with "" escapes).
    bool loadCsv(const QString &fileName, QString *error);
    qsizetype rowCount() const { return m_rows.size(); }

    // Checks every placeholder of `value`; false with the first unknown one in `error`.
    bool validate(const QVariant &value, QString *error) const;
    // Whether `value` holds any placeholder (when not, it is used as is: no copy per emit).
    static bool hasPlaceholders(const QVariant &value);
    QVariant expand(const QVariant &value, const Context &context) const;

private:
    QVariant expandString(const QString &text, const Context &context) const;
    QVariant lookup(QStringView name, const Context &context) const;
    bool isKnown(QStringView name) const;

    QHash<QString, int> m_columns; // CSV header -> column
    QList<QStringList> m_rows;
};

#endif // SCENARIOVARIABLES_H
