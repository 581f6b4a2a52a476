#include "recentconnections.h"

#include <QtCore/qsettings.h>

using namespace Qt::StringLiterals;

static const QString Key = u"connections/recent"_s;

QList<ConnectionSettings> RecentConnections::load()
{
    QSettings settings;
    QList<ConnectionSettings> result;
    for (const QVariant &v : settings.value(Key).toList()) {
        const ConnectionSettings s = ConnectionSettings::fromVariant(v.toMap());
        if (s.url.isValid() && !s.url.isEmpty())
            result.append(s);
    }
    return result;
}

void RecentConnections::remember(const ConnectionSettings &entry)
{
    QList<ConnectionSettings> list = load();
    list.removeIf([&](const ConnectionSettings &s) { return s.url == entry.url && s.path == entry.path; });
    list.prepend(entry);
    QVariantList stored;
    for (const ConnectionSettings &s : std::as_const(list).first(qMin(list.size(), qsizetype(MaxEntries))))
        stored.append(s.toVariant());
    QSettings settings;
    settings.setValue(Key, stored);
}

void RecentConnections::clear()
{
    QSettings settings;
    settings.remove(Key);
}
