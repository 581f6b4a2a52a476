#include "recordingwriter.h"

#include "capturesession.h"
#include "packetrecord.h"

#include <QtCore/qjsondocument.h>
#include <QtCore/qsavefile.h>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

static double toMs(qint64 timeUs)
{
    return double(timeUs) / 1000.0;
}

QJsonObject RecordingWriter::headerRecord(const RecordingInfo &info)
{
    QJsonObject record{{"type"_L1, u"session"_s},
                       {"format"_L1, u"socketio-inspector"_s},
                       {"version"_L1, RecordingInfo::FormatVersion},
                       {"time"_L1, toMs(info.startedUs)}};
    if (!info.url.isEmpty())
        record.insert("url"_L1, info.url.toString());
    if (!info.source.isEmpty())
        record.insert("source"_L1, info.source);
    record.insert("protocol"_L1, info.protocol);
    if (!info.parser.isEmpty() && info.parser != "json"_L1)
        record.insert("parser"_L1, info.parser);
    return record;
}

QJsonObject RecordingWriter::packetRecord(qint64 timeUs, SocketIO::Direction direction,
                                          const EngineIOPacket &packet, const QString &transport, int stream)
{
    QJsonObject record = PacketRecord::toJson(direction, packet, transport);
    record.insert("time"_L1, toMs(timeUs));
    if (stream != 0)
        record.insert("stream"_L1, stream);
    return record;
}

QJsonObject RecordingWriter::eventRecord(const EngineEvent &event)
{
    QJsonObject record;
    switch (event.kind) {
    case EngineEvent::ReconnectAttempt:
        record.insert("type"_L1, u"reconnect_attempt"_s);
        record.insert("attempt"_L1, event.detail.toInt());
        break;
    case EngineEvent::Reconnected:
        record.insert("type"_L1, u"reconnect"_s);
        record.insert("attempt"_L1, event.detail.toInt());
        break;
    case EngineEvent::ReconnectFailed:
        record.insert("type"_L1, u"reconnect_failed"_s);
        break;
    case EngineEvent::ConnectionError:
        record.insert("type"_L1, u"error"_s);
        record.insert("message"_L1, event.detail);
        break;
    default:
        return {};
    }
    record.insert("time"_L1, toMs(event.timeUs));
    if (event.stream != 0)
        record.insert("stream"_L1, event.stream);
    return record;
}

bool RecordingWriter::write(const CaptureSession &session, const RecordingInfo &info, QIODevice *device,
                            QString *error)
{
    const auto line = [&](const QJsonObject &record) {
        QByteArray bytes = QJsonDocument(record).toJson(QJsonDocument::Compact);
        bytes.append('\n');
        return device->write(bytes) == bytes.size();
    };
    RecordingInfo header = info;
    if (header.startedUs == 0)
        header.startedUs = session.firstTimeUs();
    bool ok = line(headerRecord(header));
    for (int s = 1; ok && s < session.streamCount(); ++s) {
        ok = line({{"type"_L1, u"stream"_s}, {"stream"_L1, s}, {"label"_L1, session.streamLabel(s)}});
    }

    // Packets and the non-packet events merged by time (both lists are in time order).
    const EngineTimeline &timeline = session.timeline();
    int e = 0;
    const auto flushEventsUntil = [&](qint64 timeUs) {
        for (; ok && e < timeline.count() && timeline.event(e).timeUs <= timeUs; ++e) {
            const QJsonObject record = eventRecord(timeline.event(e));
            if (!record.isEmpty())
                ok = line(record);
        }
    };
    for (int row = 0; ok && row < session.packetCount(); ++row) {
        const CapturedPacket &p = session.packet(row);
        flushEventsUntil(p.timeUs - 1);
        if (!ok)
            break;
        QJsonObject record = packetRecord(p.timeUs, p.direction, p.packet, p.transport, p.stream);
        if (p.packet.type() == EngineIOPacket::Noop && (p.flags & CapturedPacket::DecodeError)) {
            record.insert("type"_L1, u"malformed"_s);
            record.remove("eio"_L1);
            if (p.firstFinding >= 0)
                record.insert("error"_L1, session.linter().finding(p.firstFinding).message);
        }
        ok = line(record);
    }
    flushEventsUntil(std::numeric_limits<qint64>::max());
    if (!ok && error)
        *error = device->errorString();
    return ok;
}

bool RecordingWriter::save(const CaptureSession &session, const RecordingInfo &info, const QString &path,
                           QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    if (!write(session, info, &file, error)) {
        file.cancelWriting();
        return false;
    }
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}
