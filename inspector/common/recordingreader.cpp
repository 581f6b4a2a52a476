#include "recordingreader.h"

#include "capturesession.h"

#include <QtCore/qfile.h>
#include <QtCore/qjsondocument.h>

#include <cmath>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

static bool eioType(const QString &name, EngineIOPacket::Type *type)
{
    for (int t = EngineIOPacket::Open; t <= EngineIOPacket::Noop; ++t) {
        if (EngineIOPacket::typeName(EngineIOPacket::Type(t)) == name) {
            *type = EngineIOPacket::Type(t);
            return true;
        }
    }
    return false;
}

namespace {
struct Reader
{
    CaptureSession *session;
    RecordingInfo *info;
    int lineNumber = 0;
    qint64 syntheticUs = 0;   // for records without a time
    qint64 lastUs = 0;

    void skip(const QString &why)
    {
        ++info->skippedLines;
        if (info->firstProblem.isEmpty())
            info->firstProblem = u"line %1: %2"_s.arg(lineNumber).arg(why);
    }

    qint64 timeOf(const QJsonObject &record)
    {
        const QJsonValue t = record.value("time"_L1);
        qint64 us;
        if (t.isDouble()) {
            us = qint64(std::llround(t.toDouble() * 1000.0));
        } else {
            // socketio-cli --raw has no times: keep the order, one ms apart.
            if (syntheticUs == 0)
                syntheticUs = info->startedUs > 0 ? info->startedUs : 1000;
            us = syntheticUs;
            syntheticUs += 1000;
        }
        lastUs = qMax(lastUs, us);
        return us;
    }

    bool payload(const QJsonObject &record, QByteArray *data, bool *binary)
    {
        if (record.contains("binary"_L1)) {
            const auto decoded = QByteArray::fromBase64Encoding(record.value("binary"_L1).toString().toLatin1(),
                                                                QByteArray::AbortOnBase64DecodingErrors);
            if (!decoded) {
                skip(u"invalid base64 in \"binary\""_s);
                return false;
            }
            *data = decoded.decoded;
            *binary = true;
            return true;
        }
        *data = record.value("data"_L1).toString().toUtf8();
        *binary = false;
        return true;
    }

    bool direction(const QJsonObject &record, SocketIO::Direction *dir)
    {
        const QString d = record.value("dir"_L1).toString();
        if (d == "in"_L1) {
            *dir = SocketIO::Direction::Incoming;
        } else if (d == "out"_L1) {
            *dir = SocketIO::Direction::Outgoing;
        } else {
            skip(u"\"dir\" must be \"in\" or \"out\""_s);
            return false;
        }
        return true;
    }

    void record(const QJsonObject &record)
    {
        const QString type = record.value("type"_L1).toString();
        const int stream = record.value("stream"_L1).toInt(0);
        if (stream < 0 || stream > 100000) {
            skip(u"invalid stream %1"_s.arg(stream));
            return;
        }
        if (type == "session"_L1) {
            info->formatVersion = record.value("version"_L1).toInt();
            info->url = QUrl(record.value("url"_L1).toString());
            info->source = record.value("source"_L1).toString();
            info->protocol = record.value("protocol"_L1).toInt();
            info->parser = record.value("parser"_L1).toString(u"json"_s);
            info->startedUs = qint64(std::llround(record.value("time"_L1).toDouble() * 1000.0));
            if (info->protocol > 0)
                session->setConfiguredRevision(0, info->protocol);
        } else if (type == "stream"_L1) {
            session->setStreamLabel(stream, record.value("label"_L1).toString());
            if (info->protocol > 0)
                session->setConfiguredRevision(stream, info->protocol);
        } else if (type == "raw"_L1) {
            SocketIO::Direction dir;
            EngineIOPacket::Type eio;
            if (!direction(record, &dir))
                return;
            if (!eioType(record.value("eio"_L1).toString(), &eio)) {
                skip(u"unknown Engine.IO type \"%1\""_s.arg(record.value("eio"_L1).toString()));
                return;
            }
            QByteArray data;
            bool binary = false;
            if (!payload(record, &data, &binary))
                return;
            const EngineIOPacket packet(eio, data, binary);
            session->addPacket(timeOf(record), dir, packet, record.value("transport"_L1).toString(), stream);
            ++info->packets;
        } else if (type == "malformed"_L1) {
            SocketIO::Direction dir;
            QByteArray data;
            bool binary;
            if (!direction(record, &dir) || !payload(record, &data, &binary))
                return;
            session->addMalformedFrame(timeOf(record), dir, data, binary, record.value("transport"_L1).toString(),
                                       stream, record.value("error"_L1).toString());
            ++info->packets;
        } else if (type == "reconnect_attempt"_L1 || type == "reconnect"_L1 || type == "reconnect_failed"_L1
                   || type == "error"_L1) {
            EngineEvent e;
            e.kind = type == "reconnect_attempt"_L1 ? EngineEvent::ReconnectAttempt
                    : type == "reconnect"_L1        ? EngineEvent::Reconnected
                    : type == "reconnect_failed"_L1 ? EngineEvent::ReconnectFailed
                                                    : EngineEvent::ConnectionError;
            e.timeUs = timeOf(record);
            e.stream = stream;
            e.detail = type == "error"_L1 ? record.value("message"_L1).toString()
                                          : QString::number(record.value("attempt"_L1).toInt());
            session->addEvent(e);
        }
        // Other socketio-cli lines (connect, event, ack, ...) repeat what the
        // packets say: nothing to add.
    }
};
} // namespace

bool RecordingReader::read(QIODevice *device, CaptureSession *session, RecordingInfo *info, QString *error)
{
    RecordingInfo local;
    if (!info)
        info = &local;
    *info = RecordingInfo();
    Reader reader{session, info};
    int usable = 0;
    while (!device->atEnd()) {
        const QByteArray line = device->readLine().trimmed();
        ++reader.lineNumber;
        if (line.isEmpty())
            continue;
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
        if (!doc.isObject()) {
            reader.skip(doc.isNull() ? parseError.errorString() : u"not a JSON object"_s);
            continue;
        }
        const int skippedBefore = info->skippedLines;
        reader.record(doc.object());
        if (info->skippedLines == skippedBefore)
            ++usable;
    }
    if (reader.lastUs > 0)
        session->expireAcks(reader.lastUs);
    if (usable == 0) {
        if (error)
            *error = info->firstProblem.isEmpty() ? u"the file is empty"_s
                                                  : u"not a recording (%1)"_s.arg(info->firstProblem);
        return false;
    }
    return true;
}

bool RecordingReader::load(const QString &path, CaptureSession *session, RecordingInfo *info, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return read(&file, session, info, error);
}

bool RecordingReader::looksLikeRecording(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray first = file.readLine(64 * 1024).trimmed();
    const QJsonObject record = QJsonDocument::fromJson(first).object();
    return record.contains("type"_L1);
}
