#ifndef SOCKETIOQT_SOCKETIODECODER_P_H
#define SOCKETIOQT_SOCKETIODECODER_P_H

//
//  W A R N I N G
//  -------------
// Internal to SocketIOQt; not installed, may change at any time. Exported only
// so that the unit tests and the fuzz targets can use it.
//

#include "eventspans_p.h"
#include "socketiolimits.h"

namespace SocketIOQt {

namespace SocketIOTextEvent {

// Reads the header of text; true when it is an EVENT with a payload that SocketIODecoder::addText()
// reads with the same header within limits. Otherwise false: the decoder has the last word.
SOCKETIOQT_EXPORT bool readHeader(const QByteArray &text, int revision, const Limits &limits,
                                  EventSpans *event);

// Checks and splits the payload found by readHeader(); true when addText() would accept it as
// it is (the JSON within limits, an array whose first element is a string that the payload
// rules allow) and the name and the argument spans are set. Otherwise false: the decoder has
// the last word, and its error.
SOCKETIOQT_EXPORT bool split(int revision, const Limits &limits, EventSpans *event);

} // namespace SocketIOTextEvent

} // namespace SocketIOQt

#endif // SOCKETIOQT_SOCKETIODECODER_P_H
