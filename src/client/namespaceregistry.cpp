#include "namespaceregistry_p.h"

#include <algorithm>

namespace SocketIOQt {

QList<NamespaceRegistry::Entry>::const_iterator NamespaceRegistry::find(const QString &name) const
{
    return std::lower_bound(m_entries.cbegin(), m_entries.cend(), name,
                            [](const Entry &entry, const QString &key) { return entry.first < key; });
}

Namespace *NamespaceRegistry::value(const QString &name) const
{
    const auto it = find(name);
    return it != m_entries.cend() && it->first == name ? it->second : nullptr;
}

void NamespaceRegistry::insert(const QString &name, Namespace *ns)
{
    const auto it = find(name);
    const qsizetype index = it - m_entries.cbegin();
    if (it != m_entries.cend() && it->first == name)
        m_entries[index].second = ns;
    else
        m_entries.insert(index, Entry(name, ns));
}

void NamespaceRegistry::remove(const QString &name)
{
    const auto it = find(name);
    if (it != m_entries.cend() && it->first == name)
        m_entries.remove(it - m_entries.cbegin());
}

QList<Namespace *> NamespaceRegistry::values() const
{
    QList<Namespace *> list;
    list.reserve(m_entries.size());
    for (const Entry &entry : m_entries)
        list.append(entry.second);
    return list;
}

} // namespace SocketIOQt
