#ifndef SOCKETIOQT_PAYLOADRULES_P_H
#define SOCKETIOQT_PAYLOADRULES_P_H

//
//  W A R N I N G
//  -------------
// Internal to SocketIOQt; not installed, may change at any time.
//

#include "socketiopacket.h"

namespace SocketIOQt {

// What a received packet may carry, shared by the decoders of every format.
namespace SocketIOPayload {

// Event names that socket.io-parser 4.x refuses on receive.
bool isReservedEventName(const QString &name);

// Revision 5, as socket.io-parser's isPayloadValid and the protocol document: CONNECT an object
// or nothing, DISCONNECT nothing, CONNECT_ERROR a string or an object, EVENT a non-empty array
// whose first element is a number or a string other than a reserved name, ACK an array.
// Revisions 3 and 4, whose parsers checked nothing: CONNECT and DISCONNECT as above, EVENT the
// same but reserved names allowed, ACK an array or nothing, ERROR anything.
bool isValid(SocketIOPacket::Type type, const QVariant &data, int revision);

} // namespace SocketIOPayload

} // namespace SocketIOQt

#endif // SOCKETIOQT_PAYLOADRULES_P_H
