#ifndef SOCKETIOQT_SOCKETIOPARSER_H
#define SOCKETIOQT_SOCKETIOPARSER_H

#include <SocketIOQt/packetdecoder.h>
#include <SocketIOQt/packetencoder.h>
#include <SocketIOQt/socketiolimits.h>

#include <QtCore/qstring.h>

#include <memory>

namespace SocketIOQt {

/// How Socket.IO packets travel in Engine.IO messages: the format that the client and the
/// server must agree on (the `parser` option of the JavaScript client and server). A Parser
/// makes a PacketEncoder and a PacketDecoder for each connection; it holds no state of its own
/// and may be shared by any number of SocketIO objects, in any thread.
///
/// Two come with the library: json() (socket.io-parser, the default of every Socket.IO server)
/// and msgpack() (socket.io-msgpack-parser 3.x). Others are written by subclassing Parser,
/// PacketEncoder and PacketDecoder, and given to SocketIO::setParser():
///
///     class CborParser : public SocketIOQt::Parser {
///         QString name() const override { return QStringLiteral("cbor"); }
///         std::unique_ptr<PacketEncoder> createEncoder(int) const override;
///         std::unique_ptr<PacketDecoder> createDecoder(int, const Limits &) const override;
///     };
///     io.setParser(std::make_shared<CborParser>());
///
/// The classes are interfaces without data: implementations add their own.
class SOCKETIOQT_EXPORT Parser
{
public:
    /// Destroys the parser.
    virtual ~Parser();

    /// The parser's name, as SocketIO::parserName() and the tools show it: "json", "msgpack".
    virtual QString name() const = 0;
    /// Whether the parser speaks Socket.IO protocol \a revision (3, 4 or 5). The default
    /// implementation accepts 5 only: a parser that does not speak 3 and 4 turns the protocol
    /// auto-detection off (SocketIO::Auto then means Revision5).
    virtual bool supportsRevision(int revision) const;
    /// A new encoder for a connection that speaks protocol \a revision.
    virtual std::unique_ptr<PacketEncoder> createEncoder(int revision) const = 0;
    /// A new decoder for a connection that speaks protocol \a revision, that refuses input
    /// beyond \a limits (nesting depth, packet size, attachment count, as far as its format has
    /// them).
    virtual std::unique_ptr<PacketDecoder> createDecoder(int revision, const Limits &limits) const = 0;

    /// The default parser: socket.io-parser's text format with binary attachments, revisions 3
    /// to 5 (SocketIOEncoder and SocketIODecoder).
    static std::shared_ptr<const Parser> json();
    /// socket.io-msgpack-parser 3.x: each packet one MessagePack binary message, binary data
    /// inside it as `bin`; revision 5 only.
    static std::shared_ptr<const Parser> msgpack();
    /// The parser that comes with the library under \a name ("json" or "msgpack"); nullptr for
    /// other names.
    static std::shared_ptr<const Parser> fromName(const QString &name);

protected:
    /// Constructs the parser.
    Parser() = default;

private:
    Q_DISABLE_COPY(Parser)
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_SOCKETIOPARSER_H
