#ifndef JSONTREEBUILDER_H
#define JSONTREEBUILDER_H

#include <QtCore/qjsonvalue.h>
#include <QtCore/qlist.h>

class QTreeWidgetItem;

// Fills a QTreeWidget branch with a JSON value as it travelled: objects and
// arrays as branches, scalars coloured by type, and Socket.IO's binary
// placeholders ({"_placeholder":true,"num":N}) as links to attachment N.
// Very large values are cut (children and text) so that the view stays fast.
class JsonTreeBuilder
{
public:
    enum Role { AttachmentRole = 0x0100 + 10, RowRole }; // on placeholder items: attachment index; on links: a row

    explicit JsonTreeBuilder(const QList<qint64> &attachmentSizes = {});

    QTreeWidgetItem *add(QTreeWidgetItem *parent, const QString &key, const QJsonValue &value);
    int itemCount() const { return m_items; }

    static bool isPlaceholder(const QJsonValue &value, int *num = nullptr);
    static QString preview(const QJsonValue &value); // one line

private:
    QList<qint64> m_sizes;
    int m_items = 0;
};

#endif // JSONTREEBUILDER_H
