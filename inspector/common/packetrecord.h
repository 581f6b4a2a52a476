#ifndef PACKETRECORD_H
#define PACKETRECORD_H

#include <SocketIOQt/socketio.h>

#include <QtCore/qjsonobject.h>

// A traced Engine.IO packet (SocketIO::packetTraced) as the JSON record that
// socketio-cli --raw prints and the inspector will record:
//   {"type":"raw","dir":"in"|"out","transport":"websocket","eio":"message","data":"<text>"}
// A binary message carries "binary":"<base64>" instead of "data".
class PacketRecord
{
public:
    static QJsonObject toJson(SocketIOQt::SocketIO::Direction direction, const SocketIOQt::EngineIOPacket &packet,
                              const QString &transport);
};

#endif // PACKETRECORD_H
