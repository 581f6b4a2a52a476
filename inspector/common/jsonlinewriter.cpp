#include "jsonlinewriter.h"

#include <QtCore/qjsondocument.h>

void JsonLineWriter::write(const QJsonObject &object, QLatin1StringView key, const QByteArray &json)
{
    const QByteArray rest = QJsonDocument(object).toJson(QJsonDocument::Compact); // {...}
    const QByteArray head = "{\"" + QByteArray(key.data(), key.size()) + "\":";
    std::fwrite(head.constData(), 1, size_t(head.size()), m_stream);
    std::fwrite(json.constData(), 1, size_t(json.size()), m_stream);
    if (!object.isEmpty())
        std::fputc(',', m_stream);
    std::fwrite(rest.constData() + 1, 1, size_t(rest.size() - 1), m_stream);
    std::fputc('\n', m_stream);
    std::fflush(m_stream);
}

void JsonLineWriter::write(const QJsonObject &object)
{
    // The newline written on its own: appending it could copy a large line once more.
    const QByteArray line = QJsonDocument(object).toJson(QJsonDocument::Compact);
    std::fwrite(line.constData(), 1, size_t(line.size()), m_stream);
    std::fputc('\n', m_stream);
    std::fflush(m_stream);
}
