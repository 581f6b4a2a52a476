#include "protocollinter.h"

using namespace Qt::StringLiterals;

LintFinding::Severity LintFinding::severityOf(Rule rule)
{
    switch (rule) {
    case UnknownAckId:
    case WrongNamespaceAck:
    case AttachmentMismatch:
    case InvalidPayload:
    case MalformedFrame:
        return Error;
    case DuplicateAck:
    case GenerationMismatch:
    case EventBeforeConnect:
    case LateHeartbeat:
    case DuplicateConnect:
        return Warning;
    case LateAck:
        return Info;
    }
    return Warning;
}

QString LintFinding::ruleId(Rule rule)
{
    switch (rule) {
    case UnknownAckId: return u"unknown-ack-id"_s;
    case DuplicateAck: return u"duplicate-ack"_s;
    case WrongNamespaceAck: return u"wrong-namespace-ack"_s;
    case LateAck: return u"late-ack"_s;
    case AttachmentMismatch: return u"attachment-mismatch"_s;
    case InvalidPayload: return u"invalid-payload"_s;
    case MalformedFrame: return u"malformed-frame"_s;
    case GenerationMismatch: return u"generation-mismatch"_s;
    case EventBeforeConnect: return u"event-before-connect"_s;
    case LateHeartbeat: return u"late-heartbeat"_s;
    case DuplicateConnect: return u"duplicate-connect"_s;
    }
    return {};
}

QString LintFinding::hint(Rule rule)
{
    switch (rule) {
    case UnknownAckId:
        return u"Acks must reuse the id of the EVENT they answer; check that the sender does not invent "
               "or shift ids (an off-by-one, or ids kept across reconnections)."_s;
    case DuplicateAck:
        return u"An ack callback must run once: look for a handler that calls it in two code paths "
               "(e.g. on success and in a finally block)."_s;
    case WrongNamespaceAck:
        return u"Ids are per namespace: answer on the namespace socket that received the event, "
               "not on the default one."_s;
    case LateAck:
        return u"The sender had given up; raise its ack timeout or make the handler answer sooner."_s;
    case AttachmentMismatch:
        return u"A BINARY_EVENT/BINARY_ACK must be followed by exactly <n> binary frames, one per "
               "{\"_placeholder\":true,\"num\":i}; check custom parsers and proxies that drop frames."_s;
    case InvalidPayload:
        return u"Revision 5 wants: EVENT a non-empty array starting with a non-reserved name, ACK an "
               "array, CONNECT an object, DISCONNECT nothing. Check the encoder or the protocol setting."_s;
    case MalformedFrame:
        return u"Not a valid Engine.IO packet for this protocol version; check the EIO query parameter "
               "and any proxy rewriting the stream."_s;
    case GenerationMismatch:
        return u"Client and server speak different generations: socket.io 3/4 servers use Engine.IO 4 "
               "and revision 5, socket.io 1/2 servers Engine.IO 3 and revision 4. Set the protocol to "
               "match, or use Auto (or allowEIO3 on the server)."_s;
    case EventBeforeConnect:
        return u"Emit only after the namespace's CONNECT answer; buffered clients do this for you, "
               "raw senders must wait."_s;
    case LateHeartbeat:
        return u"The other side drops the connection when heartbeats miss pingInterval + pingTimeout: "
               "look for a blocked event loop or a proxy buffering the stream."_s;
    case DuplicateConnect:
        return u"The server opens a second socket for the namespace (a new id; the first one's state is "
               "lost): look for a client calling open()/connect() again while joining or joined."_s;
    }
    return {};
}

QString LintFinding::severityName(Severity severity)
{
    switch (severity) {
    case Info: return u"info"_s;
    case Warning: return u"warning"_s;
    case Error: return u"error"_s;
    }
    return {};
}

int ProtocolLinter::add(LintFinding::Rule rule, int row, int stream, qint64 timeUs, const QString &message)
{
    LintFinding f;
    f.rule = rule;
    f.row = row;
    f.stream = stream;
    f.timeUs = timeUs;
    f.message = message;
    m_findings.append(f);
    ++m_counts[f.severity()];
    return int(m_findings.size() - 1);
}

int ProtocolLinter::count(LintFinding::Severity severity) const
{
    return m_counts[severity];
}

void ProtocolLinter::clear()
{
    m_findings.clear();
    m_counts[0] = m_counts[1] = m_counts[2] = 0;
}
