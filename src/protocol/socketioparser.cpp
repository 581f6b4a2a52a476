#include "socketioparser.h"
#include "jsonparser_p.h"
#include "msgpackparser_p.h"

namespace SocketIOQt {

Parser::~Parser() = default;

bool Parser::supportsRevision(int revision) const
{
    return revision == 5;
}

std::shared_ptr<const Parser> Parser::json()
{
    static const auto parser = std::make_shared<const JsonParser>();
    return parser;
}

std::shared_ptr<const Parser> Parser::msgpack()
{
    static const auto parser = std::make_shared<const MsgPackParser>();
    return parser;
}

std::shared_ptr<const Parser> Parser::fromName(const QString &name)
{
    if (name == QLatin1String("json"))
        return json();
    if (name == QLatin1String("msgpack"))
        return msgpack();
    return nullptr;
}

} // namespace SocketIOQt
