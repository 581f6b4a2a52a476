#ifndef PROTOCOLLINTER_H
#define PROTOCOLLINTER_H

#include <QtCore/qlist.h>
#include <QtCore/qstring.h>

// A protocol problem found in a capture, tied to the packet that shows it.
struct LintFinding
{
    enum Rule {
        UnknownAckId,        // an ACK whose id no request used
        DuplicateAck,        // a second ACK for the same request
        WrongNamespaceAck,   // an ACK on another namespace than its request
        LateAck,             // an ACK after the request had timed out
        AttachmentMismatch,  // attachment frames and the announced count disagree
        InvalidPayload,      // a Socket.IO packet that does not decode or has an invalid shape
        MalformedFrame,      // an Engine.IO frame that does not decode (proxy captures)
        GenerationMismatch,  // Engine.IO 3 vs 4, revision 4 vs 5 shapes
        EventBeforeConnect,  // an event on a namespace that is not connected
        LateHeartbeat,       // a ping or pong outside pingInterval / pingTimeout
        DuplicateConnect     // a CONNECT for a namespace already joined or being joined
    };
    enum Severity { Info, Warning, Error };

    Rule rule = InvalidPayload;
    int row = -1;
    int stream = 0;
    qint64 timeUs = 0;
    QString message; // one line: what is wrong with this packet

    Severity severity() const { return severityOf(rule); }
    static Severity severityOf(Rule rule);
    static QString ruleId(Rule rule);   // "unknown-ack-id", ...
    static QString hint(Rule rule);     // one line: what usually causes it, what to check
    static QString severityName(Severity severity);
};

// The findings of one capture. The checks themselves run in CaptureSession,
// which sees the packets in order with their context (open acks, namespaces,
// handshake); this class holds the rule catalogue and the findings.
class ProtocolLinter
{
public:
    int add(LintFinding::Rule rule, int row, int stream, qint64 timeUs, const QString &message);
    void clear();

    int count() const { return int(m_findings.size()); }
    const LintFinding &finding(int index) const { return m_findings[index]; }
    const QList<LintFinding> &findings() const { return m_findings; }
    int count(LintFinding::Severity severity) const;

private:
    QList<LintFinding> m_findings;
    int m_counts[3] = {0, 0, 0};
};

#endif // PROTOCOLLINTER_H
