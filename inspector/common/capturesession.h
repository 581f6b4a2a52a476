#ifndef CAPTURESESSION_H
#define CAPTURESESSION_H

#include "ackledger.h"
#include "capturedpacket.h"
#include "enginetimeline.h"
#include "protocollinter.h"

#include <SocketIOQt/socketiopacket.h>

#include <QtCore/qhash.h>
#include <QtCore/qobject.h>
#include <QtCore/qset.h>

#include <memory>

struct CaptureStream;

// Everything the inspector knows about one capture: the Engine.IO packets in
// arrival order, the Socket.IO packets they carry (decoded as they come, one
// decoder per stream), the ack ledger, the engine timeline and the linter's
// findings. Live connections, proxy captures and opened recordings all feed
// one of these; the views only read it and follow its signals.
//
// A stream is one Engine.IO session seen from one client: a live connection
// has one (it keeps it across reconnections), a proxy capture one per client
// session it forwards.
class CaptureSession : public QObject
{
    Q_OBJECT
public:
    explicit CaptureSession(QObject *parent = nullptr);
    ~CaptureSession() override;

    static qint64 currentTimeUs(); // microseconds since the Unix epoch, monotonic within a run

    int addStream(const QString &label = {});
    int streamCount() const;
    QString streamLabel(int stream) const;
    void setStreamLabel(int stream, const QString &label);
    // The Socket.IO revision the client was set to: 3, 4, 5, or 0 for auto
    // (the handshake decides: Engine.IO 3 means revision 4, Engine.IO 4 revision 5).
    void setConfiguredRevision(int stream, int revision);
    int configuredRevision(int stream) const;
    int revision(int stream) const; // the one in use for decoding
    // "json", or "msgpack" once a stream's binary messages decoded as socket.io-msgpack-parser
    // packets (the parser is told from the frames: JSON never sends a binary message alone).
    QString parser(int stream) const;

    int defaultAckTimeout() const { return m_ackTimeoutMs; }
    void setDefaultAckTimeout(int ms) { m_ackTimeoutMs = ms; } // ms, 0: requests never time out

    // Feeding. Packets must come in order per stream.
    int addPacket(qint64 timeUs, SocketIOQt::SocketIO::Direction direction, const SocketIOQt::EngineIOPacket &packet,
                  const QString &transport, int stream = 0);
    // A frame that is not an Engine.IO packet (seen by the proxy): kept as a
    // noop packet flagged with a malformed-frame finding.
    int addMalformedFrame(qint64 timeUs, SocketIOQt::SocketIO::Direction direction, const QByteArray &frame,
                          bool binary, const QString &transport, int stream, const QString &error);
    int addEvent(const EngineEvent &event);
    void expireAcks(qint64 nowUs);
    void markAckTimedOut(int stream, SocketIOQt::SocketIO::Direction requestDirection, const QString &nsp, qint64 id);
    void clear();

    int packetCount() const { return int(m_packets.size()); }
    const CapturedPacket &packet(int row) const { return m_packets[row]; }
    // The rows of the Socket.IO packet that `row` belongs to: its text frame
    // first, then its attachment frames in order.
    QList<int> frameRows(int row) const;
    // The Socket.IO packet that `row` belongs to, decoded again from its frames with its
    // attachments in place (the capture keeps only summaries). False for frames that are not
    // a complete Socket.IO packet, and for msgpack streams (JSON packets only).
    bool decodePacket(int row, SocketIOQt::SocketIOPacket *packet) const;
    const AckLedger &acks() const { return m_acks; }
    const EngineTimeline &timeline() const { return m_timeline; }
    const ProtocolLinter &linter() const { return m_linter; }
    qint64 firstTimeUs() const { return m_firstUs; }
    qint64 lastTimeUs() const { return m_lastUs; }
    qint64 totalBytes() const { return m_bytes; }

    QStringList namespaces() const { return m_namespaceList; } // in order of first appearance
    QStringList eventNames() const { return m_eventList; }

Q_SIGNALS:
    void packetAdded(int row);
    void packetChanged(int row);
    void ackAdded(int index);
    void ackChanged(int index);
    void timelineEventAdded(int index);
    void findingAdded(int index);
    void namesChanged(); // a namespace or event name not seen before
    void streamAdded(int stream);
    void cleared();

private:
    CaptureStream &stream(int index);
    int append(qint64 timeUs, SocketIOQt::SocketIO::Direction direction, const SocketIOQt::EngineIOPacket &packet, const QString &transport,
               int stream);
    QString intern(const QString &s);
    void noteName(const QString &name, QSet<QString> &seen, QStringList &list);
    int addTimeline(EngineEvent::Kind kind, int stream, int row, SocketIOQt::SocketIO::Direction direction,
                    const QString &nsp = {}, const QString &detail = {}, double latencyMs = -1);
    void lint(LintFinding::Rule rule, int row, const QString &message);

    void onOpen(int row);
    void onHeartbeat(int row);
    void onMessage(int row);
    bool decodeMsgPack(int row, CaptureStream &s);
    void onSocketIOPacket(int row, const SocketIOQt::SocketIOPacket &packet);
    void onAck(int row, const SocketIOQt::SocketIOPacket &packet, const QString &nsp);
    void abandonAttachments(CaptureStream &s, const QString &why);

    QList<CapturedPacket> m_packets;
    std::vector<std::unique_ptr<CaptureStream>> m_streams;
    QHash<int, QList<int>> m_attachmentRows; // text frame row -> its attachment rows
    AckLedger m_acks;
    EngineTimeline m_timeline;
    ProtocolLinter m_linter;
    QSet<QString> m_strings;
    QSet<QString> m_namespaceSet;
    QStringList m_namespaceList;
    QSet<QString> m_eventSet;
    QStringList m_eventList;
    qint64 m_firstUs = 0;
    qint64 m_lastUs = 0;
    qint64 m_bytes = 0;
    int m_ackTimeoutMs = 10000;
};

#endif // CAPTURESESSION_H
