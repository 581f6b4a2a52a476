#include "harwriter.h"

#include "capturesession.h"
#include "engineiocodec.h"

#include <QtCore/qdatetime.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qsavefile.h>
#include <QtCore/qurlquery.h>

#include <algorithm>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

namespace {
QString isoTime(qint64 timeUs)
{
    return QDateTime::fromMSecsSinceEpoch(timeUs / 1000).toUTC().toString(Qt::ISODateWithMs);
}

QJsonArray nameValues(const QList<QPair<QString, QString>> &pairs)
{
    QJsonArray out;
    for (const auto &[name, value] : pairs)
        out.append(QJsonObject{{"name"_L1, name}, {"value"_L1, value}});
    return out;
}

// The fields HAR 1.2 requires of every entry, for one request to the Engine.IO endpoint.
QJsonObject entryFor(const QUrl &url, const QString &method, qint64 timeUs, const QString &resourceType)
{
    const QUrlQuery query(url);
    const QJsonObject request{{"method"_L1, method},
                              {"url"_L1, url.toString(QUrl::FullyEncoded)},
                              {"httpVersion"_L1, u"HTTP/1.1"_s},
                              {"headers"_L1, QJsonArray()},
                              {"queryString"_L1, nameValues(query.queryItems(QUrl::FullyDecoded))},
                              {"cookies"_L1, QJsonArray()},
                              {"headersSize"_L1, -1},
                              {"bodySize"_L1, 0}};
    const bool ws = resourceType == "websocket"_L1;
    const QJsonObject response{{"status"_L1, ws ? 101 : 200},
                               {"statusText"_L1, ws ? u"Switching Protocols"_s : u"OK"_s},
                               {"httpVersion"_L1, u"HTTP/1.1"_s},
                               {"headers"_L1, QJsonArray()},
                               {"cookies"_L1, QJsonArray()},
                               {"content"_L1, QJsonObject{{"size"_L1, 0}, {"mimeType"_L1, u"x-unknown"_s}}},
                               {"redirectURL"_L1, QString()},
                               {"headersSize"_L1, -1},
                               {"bodySize"_L1, -1}};
    return {{"startedDateTime"_L1, isoTime(timeUs)},
            {"time"_L1, 0},
            {"request"_L1, request},
            {"response"_L1, response},
            {"cache"_L1, QJsonObject()},
            {"timings"_L1, QJsonObject{{"send"_L1, 0}, {"wait"_L1, 0}, {"receive"_L1, 0}}},
            {"_resourceType"_L1, resourceType}};
}

struct Run
{
    int stream = 0;
    SocketIO::Direction direction = SocketIO::Direction::Outgoing;
    qint64 timeUs = 0;
    QList<EngineIOPacket> packets;
};
} // namespace

bool HarWriter::write(const CaptureSession &session, const RecordingInfo &info, QIODevice *device, QString *error)
{
    QUrl base = info.url.isEmpty() ? QUrl(u"http://localhost/"_s) : info.url;
    base.setPath(u"/socket.io/"_s);
    const auto urlFor = [&](int stream, const QString &transport, EngineIOCodec::Version version) {
        QUrl url = base;
        if (transport == "websocket"_L1)
            url.setScheme(base.scheme() == "https"_L1 ? u"wss"_s : u"ws"_s);
        QUrlQuery query;
        query.addQueryItem(u"EIO"_s, QString::number(int(version)));
        query.addQueryItem(u"transport"_s, transport);
        const QString sid = session.streamLabel(stream);
        if (!sid.isEmpty())
            query.addQueryItem(u"sid"_s, sid);
        url.setQuery(query);
        return url;
    };
    const auto versionOf = [&](int stream) {
        return session.revision(stream) >= 5 ? EngineIOCodec::V4 : EngineIOCodec::V3;
    };

    // Per stream: the WebSocket's frames; polling as runs of one direction, each a request.
    QList<QJsonArray> frames(session.streamCount());
    QList<qint64> firstFrameUs(session.streamCount(), -1);
    QList<Run> runs;
    bool inRun = false; // the previous packet went into the last run: a new one starts otherwise
    for (int row = 0; row < session.packetCount(); ++row) {
        const CapturedPacket &p = session.packet(row);
        if (p.flags & CapturedPacket::DecodeError) {
            inRun = false;
            continue; // not a packet: nothing to encode
        }
        if (p.transport == "websocket"_L1) {
            inRun = false;
            bool binary = false;
            const QByteArray frame = EngineIOCodec::encodeFrame(p.packet, versionOf(p.stream), &binary);
            if (firstFrameUs[p.stream] < 0)
                firstFrameUs[p.stream] = p.timeUs;
            frames[p.stream].append(QJsonObject{
                    {"type"_L1, p.direction == SocketIO::Direction::Outgoing ? u"send"_s : u"receive"_s},
                    {"time"_L1, double(p.timeUs) / 1e6},
                    {"opcode"_L1, binary ? 2 : 1},
                    {"data"_L1, binary ? QString::fromLatin1(frame.toBase64()) : QString::fromUtf8(frame)}});
            continue;
        }
        // A run is what one request carried: same stream, same direction, the same moment.
        if (!inRun || runs.last().stream != p.stream || runs.last().direction != p.direction
            || runs.last().timeUs != p.timeUs)
            runs.append(Run{p.stream, p.direction, p.timeUs, {}});
        runs.last().packets.append(p.packet);
        inRun = true;
    }

    QList<QJsonObject> entries;
    for (const Run &run : std::as_const(runs)) {
        const bool post = run.direction == SocketIO::Direction::Outgoing;
        QJsonObject entry = entryFor(urlFor(run.stream, u"polling"_s, versionOf(run.stream)),
                                     post ? u"POST"_s : u"GET"_s, run.timeUs, u"xhr"_s);
        bool binaryBody = false;
        const QByteArray body = EngineIOCodec::encodePayload(run.packets, versionOf(run.stream), &binaryBody);
        const QString mime = binaryBody ? u"application/octet-stream"_s : u"text/plain;charset=UTF-8"_s;
        if (post) {
            QJsonObject request = entry.value("request"_L1).toObject();
            request.insert("postData"_L1, QJsonObject{{"mimeType"_L1, mime}, {"text"_L1, QString::fromUtf8(body)}});
            request.insert("bodySize"_L1, body.size());
            entry.insert("request"_L1, request);
        } else {
            // The server's packets arrived when the response ended: startedDateTime + time, the
            // microseconds in the (fractional) time.
            entry.insert("time"_L1, double(run.timeUs % 1000) / 1000.0);
            QJsonObject response = entry.value("response"_L1).toObject();
            QJsonObject content{{"size"_L1, body.size()}, {"mimeType"_L1, mime}};
            if (binaryBody) {
                content.insert("text"_L1, QString::fromLatin1(body.toBase64()));
                content.insert("encoding"_L1, u"base64"_s);
            } else {
                content.insert("text"_L1, QString::fromUtf8(body));
            }
            response.insert("content"_L1, content);
            entry.insert("response"_L1, response);
        }
        entries.append(entry);
    }
    for (int stream = 0; stream < frames.size(); ++stream) {
        if (frames[stream].isEmpty())
            continue;
        QJsonObject entry = entryFor(urlFor(stream, u"websocket"_s, versionOf(stream)), u"GET"_s,
                                     firstFrameUs[stream], u"websocket"_s);
        entry.insert("_webSocketMessages"_L1, frames[stream]);
        entries.append(entry);
    }
    std::stable_sort(entries.begin(), entries.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a.value("startedDateTime"_L1).toString() < b.value("startedDateTime"_L1).toString();
    });

    QJsonArray list;
    for (const QJsonObject &entry : std::as_const(entries))
        list.append(entry);
    const QJsonObject har{
            {"log"_L1, QJsonObject{{"version"_L1, u"1.2"_s},
                                   {"creator"_L1, QJsonObject{{"name"_L1, u"socketio-inspector"_s},
                                                              {"version"_L1, QStringLiteral(SOCKETIO_INSPECTOR_VERSION)}}},
                                   {"pages"_L1, QJsonArray()},
                                   {"entries"_L1, list}}}};
    const QByteArray bytes = QJsonDocument(har).toJson(QJsonDocument::Indented);
    if (device->write(bytes) != bytes.size()) {
        if (error)
            *error = device->errorString();
        return false;
    }
    return true;
}

bool HarWriter::save(const CaptureSession &session, const RecordingInfo &info, const QString &path, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !write(session, info, &file, error) || !file.commit()) {
        if (error && error->isEmpty())
            *error = file.errorString();
        return false;
    }
    return true;
}
