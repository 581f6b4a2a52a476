#ifndef SOCKETIOQT_SOCKETIOENCODER_H
#define SOCKETIOQT_SOCKETIOENCODER_H

#include <SocketIOQt/socketiopacket.h>

#include <QtCore/qlist.h>

namespace SocketIOQt {

/// Encodes Socket.IO packets (revisions 3, 4 and 5), no I/O.
class SOCKETIOQT_EXPORT SocketIOEncoder
{
public:
    // The first frame is the text packet (UTF-8, without Engine.IO's leading
    // '4'); one binary frame follows for each QByteArray found in the data,
    // which the text refers to by a {"_placeholder":true,"num":N} object.
    //
    // The type follows the data: EVENT and ACK packets holding binary become
    // BINARY_EVENT and BINARY_ACK, and BINARY_* packets without binary are sent
    // as EVENT and ACK. Revision 3 has no BINARY_ACK: there, an ACK is always
    // an ACK and its QByteArray values travel as base64 strings, as they do in
    // CONNECT, DISCONNECT and CONNECT_ERROR packets of every revision. Data that
    // is invalid or null is left out; id -1 means no ack id. The namespace ends
    // with ',' in revisions 4 and 5 (socket.io-parser 3+), and in revision 3 only
    // when an id or data follows ("0/admin", as socket.io-parser 2.x writes it).
    // A payload that starts with a digit (a bare number, which only an ERROR of
    // revisions 3 and 4 may carry) gets a space in front, so that it does not
    // read as part of the ack id.
    /// Encodes \a packet for protocol \a revision into its frames.
    static QList<QByteArray> encode(const SocketIOPacket &packet, int revision = 5);
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_SOCKETIOENCODER_H
