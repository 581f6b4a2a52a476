#include "harreader.h"

#include "capturesession.h"
#include "engineiocodec.h"

#include <QtCore/qdatetime.h>
#include <QtCore/qfile.h>
#include <QtCore/qfileinfo.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>
#include <QtCore/qurlquery.h>

#include <algorithm>
#include <cmath>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

namespace {
// One frame or payload record, before the streams are known and the time order is set.
struct Item
{
    qint64 timeUs = 0;
    int order = 0; // in the file: ties keep it
    QString sid;
    SocketIO::Direction direction = SocketIO::Direction::Incoming;
    QString transport;
    EngineIOPacket packet;
    bool malformed = false;
    QByteArray raw;
    bool binary = false;
    QString error;
};

qint64 isoToUs(const QString &text)
{
    const QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    return t.isValid() ? t.toMSecsSinceEpoch() * 1000 : 0;
}

struct Reader
{
    QList<Item> items;
    RecordingInfo *info;
    int entriesRead = 0;

    void skip(int entry, const QString &why)
    {
        ++info->skippedLines;
        if (info->firstProblem.isEmpty())
            info->firstProblem = u"entry %1: %2"_s.arg(entry + 1).arg(why);
    }

    void add(Item item)
    {
        item.order = int(items.size());
        items.append(std::move(item));
    }

    // The sid of a session whose first packets were read without one (a handshake, a WebSocket
    // opened directly): its open packet names it.
    static QString sidOfOpen(const QList<EngineIOPacket> &packets)
    {
        if (packets.isEmpty() || packets.first().type() != EngineIOPacket::Open)
            return {};
        EngineIOHandshake handshake;
        return EngineIOHandshake::parse(packets.first().data(), &handshake) ? handshake.sid : QString();
    }

    void polling(int index, const QJsonObject &entry, EngineIOCodec::Version version, QString sid)
    {
        const QJsonObject request = entry.value("request"_L1).toObject();
        const QJsonObject response = entry.value("response"_L1).toObject();
        const qint64 startedUs = isoToUs(entry.value("startedDateTime"_L1).toString());
        const bool post = request.value("method"_L1).toString() == "POST"_L1;
        QByteArray body;
        bool binaryBody = false;
        if (post) {
            const QJsonObject postData = request.value("postData"_L1).toObject();
            body = postData.value("text"_L1).toString().toUtf8();
            binaryBody = postData.value("mimeType"_L1).toString().contains("octet-stream"_L1);
        } else {
            const QJsonObject content = response.value("content"_L1).toObject();
            const QString text = content.value("text"_L1).toString();
            const bool base64 = content.value("encoding"_L1).toString() == "base64"_L1;
            body = base64 ? QByteArray::fromBase64(text.toLatin1()) : text.toUtf8();
            binaryBody = content.value("mimeType"_L1).toString().contains("octet-stream"_L1);
            if (response.value("status"_L1).toInt() != 200) {
                skip(index, u"HTTP %1 from the server"_s.arg(response.value("status"_L1).toInt()));
                return;
            }
        }
        if (body.isEmpty())
            return; // a POST's "ok" answer has nothing; an aborted poll neither
        QList<EngineIOPacket> packets;
        QString error;
        Item item;
        item.direction = post ? SocketIO::Direction::Outgoing : SocketIO::Direction::Incoming;
        item.transport = u"polling"_s;
        item.timeUs = post ? startedUs : startedUs + qint64(std::llround(entry.value("time"_L1).toDouble() * 1000));
        if (!EngineIOCodec::decodePayload(body, binaryBody, version, &packets, &error)) {
            item.sid = sid;
            item.malformed = true;
            item.raw = body;
            item.binary = binaryBody;
            item.error = error;
            add(std::move(item));
            return;
        }
        if (sid.isEmpty())
            sid = sidOfOpen(packets);
        item.sid = sid;
        for (const EngineIOPacket &packet : std::as_const(packets)) {
            item.packet = packet;
            add(item);
        }
    }

    void webSocket(int index, const QJsonObject &entry, EngineIOCodec::Version version, QString sid)
    {
        const QJsonArray messages = entry.value("_webSocketMessages"_L1).toArray();
        QList<Item> frames;
        for (const QJsonValue &value : messages) {
            const QJsonObject message = value.toObject();
            const QString type = message.value("type"_L1).toString();
            if (type != "send"_L1 && type != "receive"_L1) {
                skip(index, u"a WebSocket message of type \"%1\""_s.arg(type));
                continue;
            }
            Item item;
            item.direction = type == "send"_L1 ? SocketIO::Direction::Outgoing : SocketIO::Direction::Incoming;
            item.transport = u"websocket"_s;
            item.timeUs = qint64(std::llround(message.value("time"_L1).toDouble() * 1e6));
            const int opcode = message.value("opcode"_L1).toInt(1);
            if (opcode != 1 && opcode != 2)
                continue; // control frames
            item.binary = opcode == 2;
            const QString data = message.value("data"_L1).toString();
            item.raw = item.binary ? QByteArray::fromBase64(data.toLatin1()) : data.toUtf8();
            if (!EngineIOCodec::decodeFrame(item.raw, item.binary, version, &item.packet, &item.error))
                item.malformed = true;
            if (sid.isEmpty() && !item.malformed && item.packet.type() == EngineIOPacket::Open)
                sid = sidOfOpen({item.packet});
            frames.append(std::move(item));
        }
        for (Item &frame : frames) {
            frame.sid = sid;
            add(std::move(frame));
        }
    }

    void entry(int index, const QJsonObject &entry)
    {
        const QUrl url(entry.value("request"_L1).toObject().value("url"_L1).toString());
        const QUrlQuery query(url);
        if (!query.hasQueryItem(u"EIO"_s))
            return; // not Engine.IO: the page, its scripts, other requests
        const int eio = query.queryItemValue(u"EIO"_s).toInt();
        if (eio != 3 && eio != 4) {
            skip(index, u"Engine.IO version %1"_s.arg(query.queryItemValue(u"EIO"_s)));
            return;
        }
        ++entriesRead;
        if (info->url.isEmpty()) {
            QUrl server = url.adjusted(QUrl::RemoveQuery | QUrl::RemovePath);
            if (server.scheme() == "ws"_L1 || server.scheme() == "wss"_L1)
                server.setScheme(server.scheme() == "ws"_L1 ? u"http"_s : u"https"_s);
            info->url = server;
        }
        const auto version = EngineIOCodec::Version(eio);
        const QString sid = query.queryItemValue(u"sid"_s);
        if (entry.contains("_webSocketMessages"_L1) || query.queryItemValue(u"transport"_s) == "websocket"_L1)
            webSocket(index, entry, version, sid);
        else
            polling(index, entry, version, sid);
    }
};
} // namespace

bool HarReader::read(QIODevice *device, CaptureSession *session, RecordingInfo *info, QString *error)
{
    RecordingInfo local;
    if (!info)
        info = &local;
    *info = RecordingInfo();
    info->source = u"har"_s;
    const auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    if (device->size() > MaxFileSize)
        return fail(u"larger than %1 MiB"_s.arg(MaxFileSize >> 20));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(device->readAll(), &parseError);
    if (!doc.isObject())
        return fail(u"not a HAR file (%1)"_s.arg(doc.isNull() ? parseError.errorString() : u"not a JSON object"_s));
    const QJsonValue entries = doc.object().value("log"_L1).toObject().value("entries"_L1);
    if (!entries.isArray())
        return fail(u"not a HAR file (no log.entries)"_s);

    Reader reader{{}, info};
    const QJsonArray list = entries.toArray();
    for (int i = 0; i < list.size(); ++i)
        reader.entry(i, list.at(i).toObject());
    if (reader.items.isEmpty())
        return fail(u"no Socket.IO traffic in this HAR file (no request with an EIO parameter)"_s);

    // Entries overlap (a poll waits while POSTs go): the packets in time order, file order on ties.
    std::stable_sort(reader.items.begin(), reader.items.end(),
                     [](const Item &a, const Item &b) { return a.timeUs < b.timeUs; });
    QHash<QString, int> streams;
    const auto streamOf = [&](const QString &sid) {
        const auto found = streams.constFind(sid);
        if (found != streams.cend())
            return *found;
        const int stream = streams.isEmpty() ? 0 : session->addStream(sid);
        if (stream == 0)
            session->setStreamLabel(0, sid);
        streams.insert(sid, stream);
        return stream;
    };
    info->startedUs = reader.items.first().timeUs;
    for (const Item &item : std::as_const(reader.items)) {
        const int stream = streamOf(item.sid);
        if (item.malformed)
            session->addMalformedFrame(item.timeUs, item.direction, item.raw, item.binary, item.transport, stream,
                                       item.error);
        else
            session->addPacket(item.timeUs, item.direction, item.packet, item.transport, stream);
        ++info->packets;
    }
    session->expireAcks(reader.items.last().timeUs);
    return true;
}

bool HarReader::load(const QString &path, CaptureSession *session, RecordingInfo *info, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return read(&file, session, info, error);
}

bool HarReader::looksLikeHar(const QString &path)
{
    if (QFileInfo(path).suffix().compare("har"_L1, Qt::CaseInsensitive) == 0)
        return true;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray start = file.read(4096).simplified();
    return start.startsWith('{') && start.contains("\"log\"");
}
