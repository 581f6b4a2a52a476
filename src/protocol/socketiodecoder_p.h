#ifndef SOCKETIOQT_SOCKETIODECODER_P_H
#define SOCKETIOQT_SOCKETIODECODER_P_H

//
//  W A R N I N G
//  -------------
// Internal to SocketIOQt; not installed, may change at any time. Exported only
// so that the unit tests and the fuzz targets can use it.
//

#include "jsoncodec_p.h"
#include "socketiolimits.h"

namespace SocketIOQt {

// A plain EVENT text frame (no binary) split without its QVariant tree, for typed handlers:
// the header, the event name, and the JSON text of each argument.
struct TextEvent
{
    QString nsp;
    qint64 id = -1;
    QByteArrayView payload; // the JSON, in the frame's text
    QString name;
    SocketIOJson::Spans spans; // the payload's elements: the name, then the arguments
    SocketIOJson::MemberSpans members; // the members of the elements that are objects

    const QByteArrayView *arguments() const { return spans.constData() + 1; }
    qsizetype argumentCount() const { return spans.size() - 1; }
    // Where argument i's members start in members.pairs (as pairs), for i up to argumentCount().
    const qsizetype *argumentMemberIndex() const { return members.index.constData() + 1; }
};

namespace SocketIOTextEvent {

// Reads the header of text; true when it is an EVENT with a payload that SocketIODecoder::addText()
// reads with the same header within limits. Otherwise false: the decoder has the last word.
SOCKETIOQT_EXPORT bool readHeader(const QByteArray &text, int revision, const Limits &limits,
                                  TextEvent *event);

// Checks and splits the payload found by readHeader(); true when addText() would accept it as
// it is (the JSON within limits, an array whose first element is a string that the payload
// rules allow) and the name and the argument spans are set. Otherwise false: the decoder has
// the last word, and its error.
SOCKETIOQT_EXPORT bool split(int revision, const Limits &limits, TextEvent *event);

} // namespace SocketIOTextEvent

} // namespace SocketIOQt

#endif // SOCKETIOQT_SOCKETIODECODER_P_H
