#ifndef CBORPARSER_H
#define CBORPARSER_H

#include <SocketIOQt/Parser>

// A Socket.IO parser of our own, plugged in through the public Parser interface: each packet is
// one binary message holding the CBOR (RFC 8949) map {"type", "nsp", "data", "id"}, binary data
// as CBOR byte strings. The server needs the same format (a socket.io `parser` option that reads
// and writes these maps).
class CborParser final : public SocketIOQt::Parser
{
public:
    QString name() const override;
    std::unique_ptr<SocketIOQt::PacketEncoder> createEncoder(int revision) const override;
    std::unique_ptr<SocketIOQt::PacketDecoder> createDecoder(int revision,
                                                             const SocketIOQt::Limits &limits) const override;
};

#endif // CBORPARSER_H
