#include "mockscript.h"

#include "capturesession.h"
#include "harreader.h"
#include "recordingreader.h"

#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>

#include <algorithm>

using namespace SocketIOQt;
using namespace Qt::StringLiterals;

int MockScript::clientPacketCount() const
{
    return int(std::count_if(steps.cbegin(), steps.cend(), [](const Step &s) { return s.fromClient; }));
}

// The first stream with a complete Socket.IO packet.
static int firstStream(const CaptureSession &session)
{
    for (int row = 0; row < session.packetCount(); ++row) {
        const CapturedPacket &p = session.packet(row);
        if (p.isSocketIO() && !p.isAttachment())
            return p.stream;
    }
    return -1;
}

bool MockScript::fromCapture(const CaptureSession &session, int stream, MockScript *script, QString *error)
{
    if (stream < 0)
        stream = firstStream(session);
    if (stream < 0 || stream >= session.streamCount()) {
        *error = stream < 0 ? u"the recording holds no Socket.IO packet"_s
                            : u"no stream %1 (the recording has %2)"_s.arg(stream).arg(session.streamCount());
        return false;
    }
    if (session.parser(stream) != "json"_L1) {
        *error = u"the recording uses the %1 parser; socketio-mock serves JSON packets only"_s.arg(
                session.parser(stream));
        return false;
    }
    *script = MockScript();
    script->stream = stream;
    // Socket.IO revision 5 travels over Engine.IO 4; revisions 3 and 4 over Engine.IO 3.
    script->engineVersion = session.revision(stream) >= 5 ? 4 : 3;

    qint64 previousUs = -1;
    int undecoded = 0;
    for (int row = 0; row < session.packetCount(); ++row) {
        const CapturedPacket &p = session.packet(row);
        if (p.stream != stream || p.isAttachment())
            continue;
        const bool fromClient = p.direction == SocketIO::Direction::Outgoing;
        if (p.packet.type() == EngineIOPacket::Open && !fromClient && script->steps.isEmpty()) {
            const QJsonObject open = QJsonDocument::fromJson(p.packet.data()).object();
            script->pingInterval = open.value("pingInterval"_L1).toInt();
            script->pingTimeout = open.value("pingTimeout"_L1).toInt();
            script->maxPayload = qint64(open.value("maxPayload"_L1).toDouble());
            previousUs = p.timeUs;
            continue;
        }
        if (!p.isSocketIO())
            continue;
        Step step;
        if (!session.decodePacket(row, &step.packet)) {
            ++undecoded;
            continue;
        }
        step.fromClient = fromClient;
        step.row = row;
        step.delayMs = previousUs < 0 ? 0 : qMax<qint64>(0, (p.timeUs - previousUs) / 1000);
        previousUs = p.timeUs;
        script->steps.append(step);
    }
    if (script->steps.isEmpty()) {
        *error = undecoded ? u"none of the %1 Socket.IO packets of stream %2 decodes"_s.arg(undecoded).arg(stream)
                           : u"stream %1 holds no Socket.IO packet"_s.arg(stream);
        return false;
    }
    return true;
}

bool MockScript::load(const QString &path, int stream, MockScript *script, QString *error)
{
    CaptureSession session;
    RecordingInfo info;
    const bool read = HarReader::looksLikeHar(path) ? HarReader::load(path, &session, &info, error)
                                                    : RecordingReader::load(path, &session, &info, error);
    return read && fromCapture(session, stream, script, error);
}
