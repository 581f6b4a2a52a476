#ifndef JSONLINEWRITER_H
#define JSONLINEWRITER_H

#include <QtCore/qjsonobject.h>

#include <cstdio>

// Writes one compact JSON object per line and flushes it, so that a program
// at the other end of a pipe sees every report as it happens.
class JsonLineWriter
{
public:
    explicit JsonLineWriter(FILE *stream = stdout) : m_stream(stream) {}
    void write(const QJsonObject &object);
    // Writes `object` with one more member, `key`, whose value is the JSON text `json`, first
    // (so that a large value is written as it is, never copied into the line).
    void write(const QJsonObject &object, QLatin1StringView key, const QByteArray &json);

private:
    FILE *m_stream;
};

#endif // JSONLINEWRITER_H
