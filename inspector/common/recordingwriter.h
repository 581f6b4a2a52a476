#ifndef RECORDINGWRITER_H
#define RECORDINGWRITER_H

#include "recordinginfo.h"

#include <SocketIOQt/socketio.h>

#include <QtCore/qjsonobject.h>

class CaptureSession;
class QIODevice;
struct EngineEvent;

// Writes a capture as JSON lines, one record per line:
//
//   {"type":"session","format":"socketio-inspector","version":1,"time":T,"url":"http://…","protocol":5}
//   {"type":"raw","dir":"out","transport":"websocket","eio":"message","data":"2[\"hello\"]","time":T}
//   {"type":"raw","dir":"in","transport":"websocket","eio":"message","binary":"AQID","time":T}
//   {"type":"reconnect_attempt","attempt":1,"time":T}
//
// Packet records are socketio-cli's --raw records (PacketRecord) plus "time":
// milliseconds since the Unix epoch, with microseconds as the fraction. A
// capture with several streams (the proxy) adds "stream":N and names them in
// {"type":"stream","stream":N,"label":"…"} records. Readers skip what they do
// not know, so socketio-cli's other output lines may be mixed in.
class RecordingWriter
{
public:
    static QJsonObject headerRecord(const RecordingInfo &info);
    static QJsonObject packetRecord(qint64 timeUs, SocketIOQt::SocketIO::Direction direction, const SocketIOQt::EngineIOPacket &packet,
                                    const QString &transport, int stream = 0);
    // Timeline events that are not packets (reconnection, errors); an empty object for the others.
    static QJsonObject eventRecord(const EngineEvent &event);

    // The whole capture, in time order.
    static bool write(const CaptureSession &session, const RecordingInfo &info, QIODevice *device,
                      QString *error = nullptr);
    static bool save(const CaptureSession &session, const RecordingInfo &info, const QString &path,
                     QString *error = nullptr);
};

#endif // RECORDINGWRITER_H
