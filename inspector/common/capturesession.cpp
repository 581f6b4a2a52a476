#include "capturesession.h"


#include "engineiocodec.h"
#include "msgpackparser_p.h"
#include <SocketIOQt/socketiodecoder.h>

#include <QtCore/qdatetime.h>
#include <QtCore/qelapsedtimer.h>
#include <QtCore/qjsonarray.h>
#include <QtCore/qjsondocument.h>
#include <QtCore/qjsonobject.h>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

// What the capture keeps per Engine.IO session while it reads its packets.
struct CaptureStream
{
    QString label;
    int configuredRevision = 0;
    int revision = 5;
    int eioVersion = 0;
    SocketIODecoder decoder{5};
    QString parser;              // "msgpack" once a packet decoded as such; empty: json
    int pendingBinaryRow = -1;   // text frame of the binary packet being assembled
    int attachmentsSeen = 0;
    qint64 lastPingUs = 0;       // last heartbeat ping (or the open): the base of the next deadline
    qint64 pendingPingUs = 0;    // a ping waiting for its pong
    int pingInterval = 0;
    int pingTimeout = 0;
    QSet<QString> connected;     // namespaces with a CONNECT answer
    QSet<QString> connecting;    // namespaces the client asked to join, not answered yet
};

static QString strippedNamespace(const QString &nsp)
{
    // Revisions 3 and 4 carry the namespace's query in the packet: "/admin?token=1".
    const qsizetype q = nsp.indexOf(u'?');
    return q < 0 ? nsp : nsp.left(q);
}

static QString directionArrow(SocketIO::Direction direction)
{
    return direction == SocketIO::Direction::Incoming ? u"server → client"_s : u"client → server"_s;
}

// The event name of an EVENT / BINARY_EVENT text that the decoder did not (or
// not yet) hand over, read straight from its JSON; empty when there is none.
static QString eventNameOf(const QByteArray &text, const SocketIOPacket &header, qsizetype payloadOffset)
{
    if (header.type() != SocketIOPacket::Event && header.type() != SocketIOPacket::BinaryEvent)
        return {};
    const QJsonDocument doc = QJsonDocument::fromJson(text.mid(payloadOffset));
    const QJsonValue first = doc.isArray() ? doc.array().at(0) : QJsonValue();
    return first.isString() ? first.toString() : first.isDouble() ? QString::number(first.toDouble()) : QString();
}

// Says what is wrong with a payload the decoder refused as invalid, in the
// terms of the protocol's rules rather than the decoder's.
static QString explainInvalidPayload(const QByteArray &text, const SocketIOPacket &header, qsizetype payloadOffset,
                                     int revision)
{
    const QByteArray json = text.mid(payloadOffset);
    const QJsonDocument doc = QJsonDocument::fromJson('[' + json + ']');
    const QJsonValue payload = doc.isArray() ? doc.array().at(0) : QJsonValue(QJsonValue::Undefined);
    switch (header.type()) {
    case SocketIOPacket::Event:
    case SocketIOPacket::BinaryEvent: {
        if (!payload.isArray()) {
            const QString what = json.isEmpty() ? u"nothing"_s
                    : payload.isString()         ? u"a string"_s
                    : payload.isObject()         ? u"an object"_s
                    : payload.isDouble()         ? u"a number"_s
                                                 : u"this"_s;
            return u"EVENT payload must be an array [name, ...args], not %1"_s.arg(what);
        }
        const QJsonArray array = payload.toArray();
        if (array.isEmpty())
            return u"EVENT payload is an empty array: the event name is missing"_s;
        if (array.at(0).isString() && revision >= 5)
            return u"\"%1\" is a reserved event name: revision 5 parsers refuse it"_s.arg(array.at(0).toString());
        return u"the event name must be a string or a number"_s;
    }
    case SocketIOPacket::Ack:
    case SocketIOPacket::BinaryAck:
        return u"ACK payload must be an array of arguments"_s;
    case SocketIOPacket::Connect:
        return u"CONNECT payload must be an object (or nothing)"_s;
    case SocketIOPacket::Disconnect:
        return u"DISCONNECT carries no payload"_s;
    case SocketIOPacket::ConnectError:
        return u"CONNECT_ERROR payload must be a string or an object"_s;
    }
    return {};
}

static int countBinary(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::QByteArray:
        return 1;
    case QMetaType::QVariantList: {
        int n = 0;
        for (const QVariant &v : *static_cast<const QVariantList *>(value.constData()))
            n += countBinary(v);
        return n;
    }
    case QMetaType::QVariantMap: {
        int n = 0;
        for (const QVariant &v : *static_cast<const QVariantMap *>(value.constData()))
            n += countBinary(v);
        return n;
    }
    default:
        return 0;
    }
}

CaptureSession::CaptureSession(QObject *parent)
    : QObject(parent)
{
    addStream();
}

CaptureSession::~CaptureSession() = default;

qint64 CaptureSession::currentTimeUs()
{
    // The wall clock once, then a monotonic clock: packets keep their order
    // and their gaps even when the system clock is adjusted during a capture.
    static const qint64 baseUs = QDateTime::currentMSecsSinceEpoch() * 1000;
    static const QElapsedTimer clock = [] { QElapsedTimer t; t.start(); return t; }();
    return baseUs + clock.nsecsElapsed() / 1000;
}

int CaptureSession::addStream(const QString &label)
{
    auto s = std::make_unique<CaptureStream>();
    s->label = label;
    m_streams.push_back(std::move(s));
    const int index = int(m_streams.size() - 1);
    if (index > 0)
        Q_EMIT streamAdded(index);
    return index;
}

int CaptureSession::streamCount() const
{
    return int(m_streams.size());
}

CaptureStream &CaptureSession::stream(int index)
{
    while (index >= int(m_streams.size()))
        addStream();
    return *m_streams[size_t(index)];
}

QString CaptureSession::streamLabel(int stream) const
{
    return stream < int(m_streams.size()) ? m_streams[size_t(stream)]->label : QString();
}

void CaptureSession::setStreamLabel(int index, const QString &label)
{
    stream(index).label = label;
}

void CaptureSession::setConfiguredRevision(int index, int revision)
{
    CaptureStream &s = stream(index);
    s.configuredRevision = revision;
    if (revision > 0) {
        s.revision = revision;
        s.decoder.setRevision(revision);
    }
}

int CaptureSession::configuredRevision(int index) const
{
    return index < int(m_streams.size()) ? m_streams[size_t(index)]->configuredRevision : 0;
}

int CaptureSession::revision(int index) const
{
    return index < int(m_streams.size()) ? m_streams[size_t(index)]->revision : 5;
}

QString CaptureSession::intern(const QString &s)
{
    if (s.isEmpty())
        return {};
    const auto it = m_strings.constFind(s);
    if (it != m_strings.constEnd())
        return *it;
    m_strings.insert(s);
    return s;
}

void CaptureSession::noteName(const QString &name, QSet<QString> &seen, QStringList &list)
{
    if (name.isEmpty() || seen.contains(name))
        return;
    seen.insert(name);
    list.append(name);
    Q_EMIT namesChanged();
}

int CaptureSession::addTimeline(EngineEvent::Kind kind, int streamIndex, int row,
                                SocketIO::Direction direction, const QString &nsp, const QString &detail,
                                double latencyMs)
{
    EngineEvent e;
    e.kind = kind;
    e.timeUs = row >= 0 ? m_packets[row].timeUs : m_lastUs;
    e.stream = streamIndex;
    e.direction = direction;
    e.row = row;
    e.nsp = nsp;
    e.detail = detail;
    e.latencyMs = latencyMs;
    return addEvent(e);
}

int CaptureSession::addEvent(const EngineEvent &event)
{
    const int index = m_timeline.append(event);
    Q_EMIT timelineEventAdded(index);
    return index;
}

void CaptureSession::lint(LintFinding::Rule rule, int row, const QString &message)
{
    const CapturedPacket &p = m_packets[row];
    const int index = m_linter.add(rule, row, p.stream, p.timeUs, message);
    CapturedPacket &target = m_packets[row];
    target.flags |= CapturedPacket::HasFinding;
    if (target.firstFinding < 0)
        target.firstFinding = index;
    Q_EMIT findingAdded(index);
}

int CaptureSession::append(qint64 timeUs, SocketIO::Direction direction, const EngineIOPacket &packet,
                           const QString &transport, int streamIndex)
{
    stream(streamIndex); // created on first use
    CapturedPacket captured;
    captured.timeUs = timeUs;
    captured.direction = direction;
    captured.stream = streamIndex;
    captured.transport = intern(transport);
    captured.packet = packet;
    m_packets.append(captured);
    if (m_firstUs == 0)
        m_firstUs = timeUs;
    m_lastUs = qMax(m_lastUs, timeUs);
    m_bytes += packet.data().size();
    return int(m_packets.size() - 1);
}

int CaptureSession::addPacket(qint64 timeUs, SocketIO::Direction direction, const EngineIOPacket &packet,
                              const QString &transport, int streamIndex)
{
    const int row = append(timeUs, direction, packet, transport, streamIndex);

    switch (packet.type()) {
    case EngineIOPacket::Open:
        onOpen(row);
        break;
    case EngineIOPacket::Ping:
    case EngineIOPacket::Pong:
        onHeartbeat(row);
        break;
    case EngineIOPacket::Upgrade:
        addTimeline(EngineEvent::Upgrade, streamIndex, row, direction, {},
                    u"upgraded to %1"_s.arg(transport));
        break;
    case EngineIOPacket::Close:
        addTimeline(EngineEvent::Close, streamIndex, row, direction, {},
                    direction == SocketIO::Direction::Outgoing ? u"closed by the client"_s
                                                               : u"closed by the server"_s);
        break;
    case EngineIOPacket::Message:
        onMessage(row);
        break;
    case EngineIOPacket::Noop:
        break;
    }
    Q_EMIT packetAdded(row);
    return row;
}

int CaptureSession::addMalformedFrame(qint64 timeUs, SocketIO::Direction direction, const QByteArray &frame,
                                      bool binary, const QString &transport, int streamIndex,
                                      const QString &error)
{
    const int row = append(timeUs, direction, EngineIOPacket(EngineIOPacket::Noop, frame, binary), transport,
                           streamIndex);
    m_packets[row].flags = CapturedPacket::DecodeError;
    lint(LintFinding::MalformedFrame, row, u"not an Engine.IO packet: %1"_s.arg(error));
    Q_EMIT packetAdded(row);
    return row;
}

void CaptureSession::onOpen(int row)
{
    const CapturedPacket &p = m_packets[row];
    CaptureStream &s = stream(p.stream);
    EngineIOHandshake handshake;
    QString error;
    if (!EngineIOHandshake::parse(p.packet.data(), &handshake, &error)) {
        lint(LintFinding::MalformedFrame, row, u"open packet without a valid handshake: %1"_s.arg(error));
        return;
    }
    const QJsonObject json = QJsonDocument::fromJson(p.packet.data()).object();
    EngineStreamInfo info;
    info.sid = handshake.sid;
    info.upgrades = handshake.upgrades;
    info.eioVersion = json.contains("maxPayload"_L1) ? 4 : 3;
    info.pingInterval = handshake.pingInterval;
    info.pingTimeout = handshake.pingTimeout;
    info.maxPayload = json.contains("maxPayload"_L1) ? handshake.maxPayload : 0;
    info.openTimeUs = p.timeUs;
    m_timeline.setStreamInfo(p.stream, info);

    // A new Engine.IO session (the first, or a reconnection): start afresh.
    s.eioVersion = info.eioVersion;
    s.pingInterval = info.pingInterval;
    s.pingTimeout = info.pingTimeout;
    s.lastPingUs = p.timeUs;
    s.pendingPingUs = 0;
    s.connected.clear();
    s.connecting.clear();
    if (s.pendingBinaryRow >= 0)
        abandonAttachments(s, u"the session ended"_s);
    s.decoder.reset();
    if (s.label.isEmpty())
        s.label = handshake.sid;

    const int wanted = info.eioVersion == 3 ? 4 : 5;
    if (s.configuredRevision == 0) {
        s.revision = wanted;
        s.decoder.setRevision(wanted);
    } else if ((s.configuredRevision >= 5) != (info.eioVersion == 4)) {
        lint(LintFinding::GenerationMismatch, row,
             u"the server answered with an Engine.IO %1 handshake%2, the client speaks revision %3"_s
                     .arg(info.eioVersion)
                     .arg(info.eioVersion == 3 ? u" (no maxPayload: socket.io 1.x/2.x)"_s : QString())
                     .arg(s.configuredRevision));
    }

    addTimeline(EngineEvent::Open, p.stream, row, p.direction, {},
                u"sid %1 · Engine.IO %2 · pingInterval %3 ms · pingTimeout %4 ms%5"_s.arg(handshake.sid)
                        .arg(info.eioVersion)
                        .arg(handshake.pingInterval)
                        .arg(handshake.pingTimeout)
                        .arg(handshake.upgrades.isEmpty() ? QString()
                                                          : u" · upgrades: "_s + handshake.upgrades.join(u", ")));
}

void CaptureSession::onHeartbeat(int row)
{
    const CapturedPacket &p = m_packets[row];
    CaptureStream &s = stream(p.stream);
    const bool ping = p.packet.type() == EngineIOPacket::Ping;
    const bool incoming = p.direction == SocketIO::Direction::Incoming;

    if (p.packet.data() == "probe") {
        addTimeline(EngineEvent::UpgradeProbe, p.stream, row, p.direction, {},
                    ping ? u"probe sent over %1"_s.arg(p.transport) : u"probe answered over %1"_s.arg(p.transport));
        return;
    }
    if (s.eioVersion == 0) {
        addTimeline(ping ? EngineEvent::Ping : EngineEvent::Pong, p.stream, row, p.direction);
        return;
    }
    // Engine.IO 4: the server pings, the client answers. Engine.IO 3: the other way round.
    const bool pingerIsServer = s.eioVersion >= 4;
    const bool fromPinger = incoming == pingerIsServer;
    if (ping != fromPinger) {
        lint(LintFinding::GenerationMismatch, row,
             u"%1 sent a %2: in Engine.IO %3 the %4 pings and the %5 answers"_s
                     .arg(incoming ? u"the server"_s : u"the client"_s, ping ? u"ping"_s : u"pong"_s)
                     .arg(s.eioVersion)
                     .arg(pingerIsServer ? u"server"_s : u"client"_s, pingerIsServer ? u"client"_s : u"server"_s));
        addTimeline(ping ? EngineEvent::Ping : EngineEvent::Pong, p.stream, row, p.direction);
        return;
    }

    if (ping) {
        const qint64 gapMs = (p.timeUs - s.lastPingUs) / 1000;
        const qint64 allowedMs = qint64(s.pingInterval) + s.pingTimeout;
        if (pingerIsServer && s.pingInterval > 0 && gapMs > allowedMs) {
            lint(LintFinding::LateHeartbeat, row,
                 u"ping %1 ms after the previous one: more than pingInterval + pingTimeout (%2 ms), "
                 "the client may already have dropped the connection"_s.arg(gapMs).arg(allowedMs));
            addTimeline(EngineEvent::HeartbeatLate, p.stream, row, p.direction, {},
                        u"ping after %1 ms (allowed %2 ms)"_s.arg(gapMs).arg(allowedMs));
        }
        s.lastPingUs = p.timeUs;
        s.pendingPingUs = p.timeUs;
        addTimeline(EngineEvent::Ping, p.stream, row, p.direction, {},
                    u"%1 ms after the previous heartbeat"_s.arg(gapMs));
        return;
    }

    double latencyMs = -1;
    if (s.pendingPingUs > 0) {
        latencyMs = (p.timeUs - s.pendingPingUs) / 1000.0;
        s.pendingPingUs = 0;
        if (s.pingTimeout > 0 && latencyMs > s.pingTimeout) {
            lint(LintFinding::LateHeartbeat, row,
                 u"pong %1 ms after its ping: more than pingTimeout (%2 ms)"_s
                         .arg(qRound64(latencyMs)).arg(s.pingTimeout));
            addTimeline(EngineEvent::HeartbeatLate, p.stream, row, p.direction, {},
                        u"pong after %1 ms (pingTimeout %2 ms)"_s.arg(qRound64(latencyMs)).arg(s.pingTimeout));
        }
    }
    addTimeline(EngineEvent::Pong, p.stream, row, p.direction, {},
                latencyMs >= 0 ? u"answered in %1 ms"_s.arg(latencyMs, 0, 'f', 1) : QString(), latencyMs);
}

void CaptureSession::abandonAttachments(CaptureStream &s, const QString &why)
{
    const int parent = s.pendingBinaryRow;
    CapturedPacket &p = m_packets[parent];
    p.flags = (p.flags & ~CapturedPacket::Incomplete) | CapturedPacket::DecodeError;
    lint(LintFinding::AttachmentMismatch, parent,
         u"%1 announced %2 attachment(s) but only %3 arrived before %4"_s
                 .arg(SocketIOPacket::typeName(SocketIOPacket::Type(p.sioType)))
                 .arg(p.attachments)
                 .arg(s.attachmentsSeen)
                 .arg(why));
    s.pendingBinaryRow = -1;
    s.attachmentsSeen = 0;
    s.decoder.reset();
    Q_EMIT packetChanged(parent);
}

bool CaptureSession::decodeMsgPack(int row, CaptureStream &s)
{
    CapturedPacket &p = m_packets[row];
    SocketIOPacket packet;
    QString error;
    if (MsgPackParser::decodePacket(p.packet.data(), Limits(), &packet, &error)) {
        s.parser = u"msgpack"_s;
        onSocketIOPacket(row, packet);
        return true;
    }
    if (s.parser != "msgpack"_L1)
        return false; // not msgpack either: a stray attachment
    p.flags |= CapturedPacket::DecodeError;
    lint(LintFinding::InvalidPayload, row, u"%1 (msgpack decoder)"_s.arg(error));
    return true;
}

QString CaptureSession::parser(int stream) const
{
    if (stream >= int(m_streams.size()) || m_streams[size_t(stream)]->parser.isEmpty())
        return u"json"_s;
    return m_streams[size_t(stream)]->parser;
}

void CaptureSession::onMessage(int row)
{
    CapturedPacket &p = m_packets[row];
    CaptureStream &s = stream(p.stream);

    if (p.packet.isBinary()) {
        // With the JSON parser a binary message only ever follows a text packet that announced
        // it; one that stands alone is a msgpack parser's packet (socket.io-msgpack-parser).
        if (s.pendingBinaryRow < 0 && decodeMsgPack(row, s))
            return;
        if (s.pendingBinaryRow < 0) {
            p.flags |= CapturedPacket::DecodeError;
            lint(LintFinding::AttachmentMismatch, row,
                 u"binary frame of %1 bytes that no BINARY_EVENT or BINARY_ACK announced"_s.arg(p.packet.data().size()));
            return;
        }
        const int parent = s.pendingBinaryRow;
        p.parent = parent;
        p.attachmentIndex = s.attachmentsSeen++;
        const CapturedPacket &text = m_packets[parent];
        p.sioType = text.sioType;
        p.nsp = text.nsp;
        p.event = text.event;
        p.ackId = text.ackId;
        m_attachmentRows[parent].append(row);
        switch (s.decoder.addBinary(p.packet.data())) {
        case SocketIODecoder::NeedAttachments:
            break;
        case SocketIODecoder::PacketReady:
            s.pendingBinaryRow = -1;
            s.attachmentsSeen = 0;
            onSocketIOPacket(parent, s.decoder.takePacket());
            break;
        case SocketIODecoder::Error:
            m_packets[parent].flags = (m_packets[parent].flags & ~CapturedPacket::Incomplete)
                    | CapturedPacket::DecodeError;
            s.pendingBinaryRow = -1;
            s.attachmentsSeen = 0;
            lint(LintFinding::InvalidPayload, parent, s.decoder.errorString());
            Q_EMIT packetChanged(parent);
            break;
        }
        return;
    }

    if (s.pendingBinaryRow >= 0)
        abandonAttachments(s, u"the next text packet"_s);

    // The header alone, which reads even when the payload does not decode.
    SocketIOPacket header;
    qsizetype payloadOffset = 0;
    const bool headerValid = SocketIODecoder::decodeHeader(p.packet.data(), s.revision, &header, &payloadOffset);
    if (headerValid) {
        p.sioType = qint8(header.type());
        p.nsp = intern(strippedNamespace(header.nsp()));
        p.ackId = header.id();
        p.attachments = header.attachments();
    }
    switch (s.decoder.addText(p.packet.data())) {
    case SocketIODecoder::PacketReady:
        onSocketIOPacket(row, s.decoder.takePacket());
        break;
    case SocketIODecoder::NeedAttachments:
        p.flags |= CapturedPacket::Incomplete;
        p.event = intern(eventNameOf(p.packet.data(), header, payloadOffset));
        s.pendingBinaryRow = row;
        s.attachmentsSeen = 0;
        break;
    case SocketIODecoder::Error: {
        p.flags |= CapturedPacket::DecodeError;
        if (headerValid)
            p.event = intern(eventNameOf(p.packet.data(), header, payloadOffset));
        QString message = u"%1 (revision %2 decoder)"_s.arg(s.decoder.errorString()).arg(s.revision);
        if (headerValid && s.decoder.errorString().startsWith("invalid payload"_L1))
            message = explainInvalidPayload(p.packet.data(), header, payloadOffset, s.revision);
        lint(LintFinding::InvalidPayload, row, message);
        break;
    }
    }
}

void CaptureSession::onSocketIOPacket(int row, const SocketIOPacket &packet)
{
    CapturedPacket &p = m_packets[row];
    CaptureStream &s = stream(p.stream);
    const QString nsp = intern(strippedNamespace(packet.nsp()));
    p.flags &= ~CapturedPacket::Incomplete;
    p.sioType = qint8(packet.type());
    p.nsp = nsp;
    p.ackId = packet.id();
    p.attachments = packet.attachments();
    noteName(nsp, m_namespaceSet, m_namespaceList);

    const bool incoming = p.direction == SocketIO::Direction::Incoming;
    switch (packet.type()) {
    case SocketIOPacket::Event:
    case SocketIOPacket::BinaryEvent: {
        p.event = intern(packet.eventName());
        noteName(p.event, m_eventSet, m_eventList);
        if (!s.connected.contains(nsp)) {
            lint(LintFinding::EventBeforeConnect, row,
                 u"\"%1\" sent %2 on %3, which is not connected"_s.arg(p.event, directionArrow(p.direction), nsp));
        }
        if (packet.id() >= 0) {
            const int entry = m_acks.addRequest(p.stream, p.direction, nsp, packet.id(), p.event, row, p.timeUs,
                                                m_ackTimeoutMs);
            m_packets[row].ackEntry = entry;
            Q_EMIT ackAdded(entry);
        }
        break;
    }
    case SocketIOPacket::Ack:
    case SocketIOPacket::BinaryAck:
        onAck(row, packet, nsp);
        break;
    case SocketIOPacket::Connect:
        if (incoming) {
            s.connecting.remove(nsp);
            s.connected.insert(nsp);
            m_acks.startNamespaceSession(p.stream, nsp);
            const QVariantMap data = packet.data().toMap();
            const bool hasSid = data.contains(u"sid"_s);
            if (s.revision >= 5 && !hasSid) {
                lint(LintFinding::GenerationMismatch, row,
                     u"CONNECT answer without {\"sid\"}: a revision 4 server (socket.io 2.x) answering a "
                     "revision 5 client"_s);
            } else if (s.revision < 5 && hasSid) {
                lint(LintFinding::GenerationMismatch, row,
                     u"CONNECT answer with {\"sid\"}: a revision 5 server answering a revision %1 client"_s
                             .arg(s.revision));
            }
            addTimeline(EngineEvent::NamespaceConnected, p.stream, row, p.direction, nsp,
                        hasSid ? u"sid "_s + data.value(u"sid"_s).toString() : QString());
        } else {
            if (s.connected.contains(nsp) || s.connecting.contains(nsp)) {
                lint(LintFinding::DuplicateConnect, row,
                     u"a second CONNECT for %1 while %2"_s.arg(nsp, s.connected.contains(nsp)
                                                                          ? u"it is connected"_s
                                                                          : u"the first is unanswered"_s));
            }
            s.connecting.insert(nsp);
            if (s.revision < 5 && packet.data().isValid()) {
                lint(LintFinding::GenerationMismatch, row,
                     u"CONNECT with a payload: revision %1 servers ignore it (auth travels in the query)"_s
                             .arg(s.revision));
            }
            addTimeline(EngineEvent::NamespaceConnect, p.stream, row, p.direction, nsp,
                        packet.data().isValid() ? u"with auth"_s : QString());
        }
        break;
    case SocketIOPacket::Disconnect:
        s.connected.remove(nsp);
        s.connecting.remove(nsp);
        addTimeline(EngineEvent::NamespaceDisconnect, p.stream, row, p.direction, nsp,
                    incoming ? u"io server disconnect"_s : u"io client disconnect"_s);
        break;
    case SocketIOPacket::ConnectError: {
        s.connected.remove(nsp);
        s.connecting.remove(nsp);
        QString message;
        const QVariant d = packet.data();
        if (d.typeId() == QMetaType::QVariantMap)
            message = d.toMap().value(u"message"_s).toString();
        if (message.isEmpty())
            message = QString::fromUtf8(QJsonDocument::fromVariant(QVariantList{d}).toJson(QJsonDocument::Compact))
                              .mid(1).chopped(1);
        addTimeline(EngineEvent::NamespaceRefused, p.stream, row, p.direction, nsp, message);
        break;
    }
    }

    if (packet.attachments() > 0) {
        const int found = countBinary(packet.data());
        if (found != packet.attachments()) {
            lint(LintFinding::AttachmentMismatch, row,
                 u"%1 announces %2 attachment(s) but its payload has %3 placeholder(s)"_s
                         .arg(SocketIOPacket::typeName(packet.type()))
                         .arg(packet.attachments())
                         .arg(found));
        }
        const CapturedPacket &text = m_packets[row];
        for (int child : m_attachmentRows.value(row)) {
            CapturedPacket &c = m_packets[child];
            c.sioType = text.sioType;
            c.nsp = text.nsp;
            c.event = text.event;
            c.ackId = text.ackId;
            c.ackEntry = text.ackEntry;
            Q_EMIT packetChanged(child);
        }
        Q_EMIT packetChanged(row);
    }
}

void CaptureSession::onAck(int row, const SocketIOPacket &packet, const QString &nsp)
{
    CapturedPacket &p = m_packets[row];
    if (packet.id() < 0) {
        lint(LintFinding::InvalidPayload, row, u"%1 without an id: nothing to answer"_s
                                                       .arg(SocketIOPacket::typeName(packet.type())));
        return;
    }
    AckLedger::Match match;
    const int entry = m_acks.addAnswer(p.stream, p.direction, nsp, packet.id(), row, p.timeUs, &match);
    const AckEntry &e = m_acks.entry(entry);
    p.ackEntry = entry;
    p.event = e.event;
    switch (match) {
    case AckLedger::Match::Answered:
    case AckLedger::Match::Late:
        Q_EMIT ackChanged(entry);
        if (e.requestRow >= 0)
            Q_EMIT packetChanged(e.requestRow);
        if (match == AckLedger::Match::Late) {
            lint(LintFinding::LateAck, row,
                 u"ack %1 for \"%2\" came after %3 ms, the request had timed out after %4 ms"_s.arg(packet.id())
                         .arg(e.event)
                         .arg(qRound64(e.rttMs()))
                         .arg(e.timeoutMs));
        }
        break;
    case AckLedger::Match::Duplicate:
        Q_EMIT ackAdded(entry);
        lint(LintFinding::DuplicateAck, row,
             u"ack %1 on %2 answers \"%3\" a second time (the first answer was #%4)"_s.arg(packet.id())
                     .arg(nsp, e.event)
                     .arg(m_acks.entry(e.related).answerRow + 1));
        break;
    case AckLedger::Match::WrongNamespace:
        Q_EMIT ackAdded(entry);
        lint(LintFinding::WrongNamespaceAck, row,
             u"ack %1 arrived on %2, but the request \"%3\" with this id was sent on %4"_s.arg(packet.id())
                     .arg(nsp, e.event, m_acks.entry(e.related).nsp));
        break;
    case AckLedger::Match::Unknown:
        Q_EMIT ackAdded(entry);
        lint(LintFinding::UnknownAckId, row,
             u"ack %1 on %2 (%3) answers no request: no event with this id is waiting"_s.arg(packet.id())
                     .arg(nsp, directionArrow(p.direction)));
        break;
    }
}

void CaptureSession::expireAcks(qint64 nowUs)
{
    for (int index : m_acks.expire(nowUs)) {
        Q_EMIT ackChanged(index);
        if (m_acks.entry(index).requestRow >= 0)
            Q_EMIT packetChanged(m_acks.entry(index).requestRow);
    }
}

void CaptureSession::markAckTimedOut(int streamIndex, SocketIO::Direction requestDirection, const QString &nsp,
                                     qint64 id)
{
    const int index = m_acks.markTimedOut(streamIndex, requestDirection, nsp, id);
    if (index < 0)
        return;
    Q_EMIT ackChanged(index);
    if (m_acks.entry(index).requestRow >= 0)
        Q_EMIT packetChanged(m_acks.entry(index).requestRow);
}

QList<int> CaptureSession::frameRows(int row) const
{
    if (row < 0 || row >= m_packets.size())
        return {};
    const int text = m_packets[row].isAttachment() ? m_packets[row].parent : row;
    return QList<int>{text} + m_attachmentRows.value(text);
}

bool CaptureSession::decodePacket(int row, SocketIOPacket *packet) const
{
    const QList<int> frames = frameRows(row);
    if (frames.isEmpty())
        return false;
    const CapturedPacket &text = m_packets[frames.first()];
    if (!text.isSocketIO() || (text.flags & (CapturedPacket::DecodeError | CapturedPacket::Incomplete))
            || parser(text.stream) != QLatin1String("json")) {
        return false;
    }
    SocketIODecoder decoder(revision(text.stream));
    SocketIODecoder::Status status = decoder.addText(text.packet.data());
    for (qsizetype k = 1; k < frames.size() && status == SocketIODecoder::NeedAttachments; ++k)
        status = decoder.addBinary(m_packets[frames[k]].packet.data());
    if (status != SocketIODecoder::PacketReady)
        return false;
    *packet = decoder.takePacket();
    return true;
}

void CaptureSession::clear()
{
    m_packets.clear();
    m_attachmentRows.clear();
    m_acks.clear();
    m_timeline.clear();
    m_linter.clear();
    m_strings.clear();
    m_namespaceSet.clear();
    m_namespaceList.clear();
    m_eventSet.clear();
    m_eventList.clear();
    m_firstUs = m_lastUs = m_bytes = 0;
    // Streams stay (a live connection goes on), but a binary packet being
    // assembled would now point at a row that is gone.
    for (auto &s : m_streams) {
        s->pendingBinaryRow = -1;
        s->attachmentsSeen = 0;
        s->decoder.reset();
    }
    Q_EMIT cleared();
}
