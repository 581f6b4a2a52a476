#include "jsonlinewriter.h"

#include <QtCore/qjsondocument.h>

void JsonLineWriter::write(const QJsonObject &object)
{
    QByteArray line = QJsonDocument(object).toJson(QJsonDocument::Compact);
    line.append('\n');
    std::fwrite(line.constData(), 1, size_t(line.size()), m_stream);
    std::fflush(m_stream);
}
