#ifndef SOCKETIOQT_NAMESPACEREGISTRY_P_H
#define SOCKETIOQT_NAMESPACEREGISTRY_P_H

#include <QtCore/qlist.h>
#include <QtCore/qstring.h>

#include <utility>

namespace SocketIOQt {

class Namespace;

// The namespaces of one connection by name, in name order (as a QMap would hold them). A sorted
// list: one allocation for the one or few namespaces a connection has, where a QMap takes two
// (its data and a node each), in every connection of a process that holds thousands.
class NamespaceRegistry
{
public:
    Namespace *value(const QString &name) const;
    void insert(const QString &name, Namespace *ns);
    void remove(const QString &name);
    QList<Namespace *> values() const;
    bool isEmpty() const { return m_entries.isEmpty(); }
    void clear() { m_entries.clear(); }

private:
    using Entry = std::pair<QString, Namespace *>;
    QList<Entry>::const_iterator find(const QString &name) const;

    QList<Entry> m_entries;
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_NAMESPACEREGISTRY_P_H
