#include "replayscript.h"

#include "capturesession.h"

using namespace SocketIOQt;

ReplayScript ReplayScript::fromCapture(const CaptureSession &session, int stream)
{
    ReplayScript script;
    qint64 firstUs = -1;
    for (int row = 0; row < session.packetCount(); ++row) {
        const CapturedPacket &p = session.packet(row);
        if (p.direction != SocketIO::Direction::Outgoing || p.isAttachment() || !p.isSocketIO()
                || (stream >= 0 && p.stream != stream) || (p.flags & CapturedPacket::DecodeError)) {
            continue;
        }
        const bool event = p.sioType == SocketIOPacket::Event || p.sioType == SocketIOPacket::BinaryEvent;
        const bool connect = p.sioType == SocketIOPacket::Connect;
        if (!event && !connect)
            continue;

        SocketIOPacket packet;
        if (!session.decodePacket(row, &packet))
            continue;
        if (!script.namespaces.contains(p.nsp))
            script.namespaces.append(p.nsp);
        if (connect) {
            if (packet.data().typeId() == QMetaType::QVariantMap)
                script.auth.insert(p.nsp, packet.data().toMap());
            continue;
        }
        if (firstUs < 0)
            firstUs = p.timeUs;
        Emit e;
        e.offsetMs = (p.timeUs - firstUs) / 1000;
        e.nsp = p.nsp;
        e.event = packet.eventName();
        e.args = packet.eventArguments();
        e.ack = packet.id() >= 0;
        e.row = row;
        script.emits.append(e);
    }
    return script;
}
