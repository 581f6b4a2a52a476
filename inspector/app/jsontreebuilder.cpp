#include "jsontreebuilder.h"

#include "theme.h"

#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtWidgets/qtreewidget.h>

using namespace Qt::StringLiterals;

static constexpr int MaxChildren = 500;
static constexpr int MaxItems = 20000;
static constexpr int MaxText = 2000;

JsonTreeBuilder::JsonTreeBuilder(const QList<qint64> &attachmentSizes)
    : m_sizes(attachmentSizes)
{
}

bool JsonTreeBuilder::isPlaceholder(const QJsonValue &value, int *num)
{
    if (!value.isObject())
        return false;
    const QJsonObject o = value.toObject();
    if (o.size() != 2 || o.value("_placeholder"_L1) != QJsonValue(true) || !o.value("num"_L1).isDouble())
        return false;
    if (num)
        *num = o.value("num"_L1).toInt();
    return true;
}

static QString number(double d)
{
    if (d == double(qint64(d)) && qAbs(d) < 1e15)
        return QString::number(qint64(d));
    return QString::number(d, 'g', 17);
}

QString JsonTreeBuilder::preview(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String: {
        const QString s = value.toString();
        return u'"' + (s.size() > MaxText ? s.left(MaxText) + u"…"_s : s) + u'"';
    }
    case QJsonValue::Double:
        return number(value.toDouble());
    case QJsonValue::Bool:
        return value.toBool() ? u"true"_s : u"false"_s;
    case QJsonValue::Null:
        return u"null"_s;
    case QJsonValue::Array:
        return u"[…] %1 item(s)"_s.arg(value.toArray().size());
    case QJsonValue::Object:
        return u"{…} %1 key(s)"_s.arg(value.toObject().size());
    case QJsonValue::Undefined:
        break;
    }
    return {};
}

QTreeWidgetItem *JsonTreeBuilder::add(QTreeWidgetItem *parent, const QString &key, const QJsonValue &value)
{
    auto *item = new QTreeWidgetItem(parent, {key, {}});
    ++m_items;
    int num = -1;
    if (isPlaceholder(value, &num)) {
        const QString size = num >= 0 && num < m_sizes.size() ? Theme::formatBytes(m_sizes[num]) : u"missing"_s;
        item->setText(1, u"▣ binary attachment #%1 (%2)"_s.arg(num).arg(size));
        item->setForeground(1, Theme::linkColor());
        QFont f = item->font(1);
        f.setUnderline(true);
        item->setFont(1, f);
        item->setData(1, AttachmentRole, num);
        item->setToolTip(1, u"{\"_placeholder\":true,\"num\":%1}: click to show its bytes"_s.arg(num));
        return item;
    }
    item->setText(1, preview(value));
    switch (value.type()) {
    case QJsonValue::String:
        item->setForeground(1, QColor(0xa3, 0x15, 0x15));
        if (value.toString().size() > 80)
            item->setToolTip(1, value.toString().left(MaxText));
        break;
    case QJsonValue::Double:
        item->setForeground(1, QColor(0x09, 0x86, 0x58));
        break;
    case QJsonValue::Bool:
    case QJsonValue::Null:
        item->setForeground(1, QColor(0x00, 0x00, 0xff));
        break;
    case QJsonValue::Array: {
        item->setForeground(1, Theme::mutedText());
        const QJsonArray array = value.toArray();
        int k = 0;
        for (const QJsonValue &v : array) {
            if (k == MaxChildren || m_items >= MaxItems) {
                new QTreeWidgetItem(item, {u"…"_s, u"%1 more"_s.arg(array.size() - k)});
                break;
            }
            add(item, QString::number(k++), v);
        }
        break;
    }
    case QJsonValue::Object: {
        item->setForeground(1, Theme::mutedText());
        const QJsonObject object = value.toObject();
        int k = 0;
        for (auto it = object.begin(); it != object.end(); ++it, ++k) {
            if (k == MaxChildren || m_items >= MaxItems) {
                new QTreeWidgetItem(item, {u"…"_s, u"%1 more"_s.arg(object.size() - k)});
                break;
            }
            add(item, it.key(), it.value());
        }
        break;
    }
    case QJsonValue::Undefined:
        break;
    }
    return item;
}
