#ifndef SOCKETIOQT_ENGINEIOCODEC_H
#define SOCKETIOQT_ENGINEIOCODEC_H

#include "engineiopacket.h"

#include <QtCore/qlist.h>
#include <QtCore/qstringlist.h>

namespace SocketIOQt {

/// The contents of an Engine.IO open packet.
struct SOCKETIOQT_EXPORT EngineIOHandshake
{
    /// The session id.
    QString sid;
    /// The transports the server offers to upgrade to.
    QStringList upgrades;
    /// The heartbeat interval.
    int pingInterval = 25000;   ///< ms
    /// How long the peer may stay silent after a heartbeat.
    int pingTimeout = 20000;    ///< ms
    /// The largest polling payload the server accepts.
    qint64 maxPayload = 1000000; ///< bytes; EIO 4 only (EIO 3 servers do not send it)

    /// Parses the JSON of an open packet; false with *error set when it is malformed.
    static bool parse(const QByteArray &json, EngineIOHandshake *out, QString *error = nullptr);
};

/// Options of the HTTP long-polling payload formats (EngineIOCodec).
struct EngineIOPayloadOptions
{
    /// Binary as base64 in text payloads.
    bool base64 = false;    ///< EIO 3: the b64=1 query parameter was sent
    /// Strings UTF-8 encoded a second time.
    bool utf8Twice = false; ///< EIO 3 over engine.io-parser 1.x: strings UTF-8 encoded once more
};

/// Encoding and decoding of Engine.IO packets, no I/O: one packet per WebSocket
/// frame, several per HTTP long-polling payload.
class SOCKETIOQT_EXPORT EngineIOCodec
{
public:
    /// The Engine.IO protocol version.
    enum Version { V3 = 3, V4 = 4 };

    /// WebSocket: one packet per frame. *binaryFrame tells which kind of frame to
    /// send. Only messages are binary; EIO 3 puts the type byte (4) in front of
    /// the bytes. Text frames may also carry "b" (EIO 3: "b4") + base64, as
    /// engine.io-parser accepts wherever a string packet may appear.
    static QByteArray encodeFrame(const EngineIOPacket &packet, Version version, bool *binaryFrame);
    /// Decodes one WebSocket frame into \a packet; false with \a error set when it is malformed.
    static bool decodeFrame(const QByteArray &frame, bool binaryFrame, Version version,
                            EngineIOPacket *packet, QString *error = nullptr);

    // HTTP long-polling payloads. EIO 4: text records separated by 0x1e, binary
    // as 'b' + base64. EIO 3: "<len>:<packet>" text records (len in UTF-16 code
    // units), 'b4' + base64 records when base64 is true, otherwise the XHR2
    // binary payload format whenever a packet is binary (*binaryBody is then
    // true: send it as application/octet-stream). EIO 4 bodies are always text,
    // whatever binaryBody says. Decoding replaces *packets, on success only;
    // empty EIO 3 records ("0:") are skipped as engine.io-parser skips them.
    // Lengths are checked against the body before anything is read.
    /// Options of the polling payload formats.
    using PayloadOptions = EngineIOPayloadOptions;
    /// Encodes \a packets as one HTTP long-polling body: EIO 4 text records separated by 0x1e
    /// (binary as 'b' + base64); EIO 3 "<len>:<packet>" records, with binary as 'b4' + base64 when
    /// \a options asks for base64, else the XHR2 binary format (*\a binaryBody is then true).
    static QByteArray encodePayload(const QList<EngineIOPacket> &packets, Version version,
                                    bool *binaryBody, const PayloadOptions &options = {});
    /// Decodes an HTTP long-polling body into \a packets; false with \a error set when it is malformed.
    static bool decodePayload(const QByteArray &body, bool binaryBody, Version version,
                              QList<EngineIOPacket> *packets, QString *error = nullptr,
                              const PayloadOptions &options = {});
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_ENGINEIOCODEC_H
