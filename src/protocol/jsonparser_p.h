#ifndef SOCKETIOQT_JSONPARSER_P_H
#define SOCKETIOQT_JSONPARSER_P_H

//
//  W A R N I N G
//  -------------
// Internal to SocketIOQt; not installed, may change at any time.
//

#include "socketioparser.h"

namespace SocketIOQt {

// Parser::json(): SocketIOEncoder and SocketIODecoder behind the Parser interface.
class JsonParser final : public Parser
{
public:
    QString name() const override;
    bool supportsRevision(int revision) const override;
    std::unique_ptr<PacketEncoder> createEncoder(int revision) const override;
    std::unique_ptr<PacketDecoder> createDecoder(int revision, const Limits &limits) const override;
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_JSONPARSER_P_H
