#ifndef SOCKETIOQT_PACKETDECODER_H
#define SOCKETIOQT_PACKETDECODER_H

#include <SocketIOQt/engineiopacket.h>
#include <SocketIOQt/socketiopacket.h>

namespace SocketIOQt {

/// The receiving half of a Parser: turns the Engine.IO messages from the server into Socket.IO
/// packets. No I/O. A SocketIO makes one per connection, through Parser::createDecoder() with
/// its Limits, and calls it from its own thread only.
///
/// Feed it each message with addFrame(). A packet may take several frames (the JSON format
/// sends binary attachments after the text); the decoder says so with NeedMoreFrames. Input
/// that is malformed, or beyond the Limits the decoder was made with, is an Error with a
/// readable errorString(): the SocketIO then reports SocketIO::ProtocolError and disconnects
/// with the reason "parse error", as the JavaScript client does. A decoder must never crash on
/// any input nor hold more than the limits allow.
///
/// An interface without data, to be subclassed: see Parser for how the pieces fit together.
class SOCKETIOQT_EXPORT PacketDecoder
{
public:
    /// What addFrame() found: a packet waiting for more frames, a packet, or an error.
    enum Status { NeedMoreFrames, PacketReady, Error };

    /// Destroys the decoder and its packet in progress.
    virtual ~PacketDecoder();

    /// Decodes the next message from the server (text or binary: \a frame.isBinary()).
    virtual Status addFrame(const EngineIOPacket &frame) = 0;
    /// The decoded packet; valid after addFrame() returned PacketReady.
    virtual SocketIOPacket takePacket() = 0;
    /// Why the last addFrame() returned Error.
    virtual QString errorString() const = 0;
    /// Drops a packet in progress, to start afresh on the next frame (after an Error, or when
    /// the connection ends).
    virtual void reset() = 0;

protected:
    /// Constructs the decoder.
    PacketDecoder() = default;

private:
    Q_DISABLE_COPY(PacketDecoder)
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_PACKETDECODER_H
