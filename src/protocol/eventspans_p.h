#ifndef SOCKETIOQT_EVENTSPANS_P_H
#define SOCKETIOQT_EVENTSPANS_P_H

//
//  W A R N I N G
//  -------------
// Internal to SocketIOQt; not installed, may change at any time.
//

#include "jsoncodec_p.h"

namespace SocketIOQt {

// A plain EVENT (no attachments) split without its QVariant tree, for typed handlers: the
// header, the event name, and each argument as it came, JSON text (SocketIOTextEvent::split())
// or MessagePack (MsgPackParser::splitEvent()).
struct EventSpans
{
    QString nsp;
    qint64 id = -1;
    QByteArrayView payload; // JSON: the payload, in the frame's text
    QString name;
    SocketIOJson::Spans spans; // the payload's elements: the name, then the arguments
    // The members of the elements that are objects (maps): JSON keys are their text between the
    // quotes, MessagePack keys the string's bytes; values as they came.
    SocketIOJson::MemberSpans members;

    const QByteArrayView *arguments() const { return spans.constData() + 1; }
    qsizetype argumentCount() const { return spans.size() - 1; }
    // Where argument i's members start in members.pairs (as pairs), for i up to argumentCount().
    const qsizetype *argumentMemberIndex() const { return members.index.constData() + 1; }
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_EVENTSPANS_P_H
