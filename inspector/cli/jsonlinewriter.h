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

private:
    FILE *m_stream;
};

#endif // JSONLINEWRITER_H
