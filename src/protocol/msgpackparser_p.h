#ifndef SOCKETIOQT_MSGPACKPARSER_P_H
#define SOCKETIOQT_MSGPACKPARSER_P_H

//
//  W A R N I N G
//  -------------
// Internal to SocketIOQt; not installed, may change at any time.
//

#include "socketioparser.h"
#include "socketiolimits.h"

namespace SocketIOQt {

struct EventSpans;

// Parser::msgpack(), wire-compatible with socket.io-msgpack-parser 3.x: every packet is one
// binary message, the MessagePack (notepack.io dialect, see msgpackcodec_p.h) of a map
// {type, data, nsp, id}: type 0-4 (there are no BINARY_* types: binary travels inside as bin),
// nsp always present, data and id left out when there are none.
//
// The decoder checks what socket.io-msgpack-parser checks (type an integer 0-4, nsp a string,
// id absent or an integer, the payload rules of its type) and, like the JSON decoder of
// revision 5, that an EVENT is a non-empty array named by a string that is not reserved, or a
// number; keys other than these four (socket.io-client sends "options") are ignored. Limits:
// maxPacketSize bounds the message, maxDepth the nesting of arrays and maps; there are no
// attachments.
class MsgPackParser final : public Parser
{
public:
    QString name() const override;
    std::unique_ptr<PacketEncoder> createEncoder(int revision) const override;
    std::unique_ptr<PacketDecoder> createDecoder(int revision, const Limits &limits) const override;

    // One packet's message, and back; what the encoder and decoder do, for the tools and tests.
    SOCKETIOQT_EXPORT static QByteArray encodePacket(const SocketIOPacket &packet);
    SOCKETIOQT_EXPORT static bool decodePacket(QByteArrayView bytes, const Limits &limits,
                                               SocketIOPacket *packet, QString *error);

    // A plain EVENT split without its tree, for typed handlers (see EventSpans): true when
    // decodePacket() accepts bytes within limits as an EVENT named by a string, and the parts
    // are set. Otherwise false, and the decoder has the last word (this is stricter than it
    // where that keeps it simple: map keys that are not strings, extensions, numbers that are
    // not exact; then the decoder decides).
    SOCKETIOQT_EXPORT static bool splitEvent(QByteArrayView bytes, const Limits &limits, EventSpans *event);
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_MSGPACKPARSER_P_H
