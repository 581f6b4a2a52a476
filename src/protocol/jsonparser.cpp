#include "jsonparser_p.h"
#include "socketiodecoder.h"
#include "socketioencoder.h"

namespace SocketIOQt {

namespace {

class JsonEncoder final : public PacketEncoder
{
public:
    explicit JsonEncoder(int revision) : m_revision(revision) {}

    QList<EngineIOPacket> encode(const SocketIOPacket &packet) override
    {
        const QList<QByteArray> frames = SocketIOEncoder::encode(packet, m_revision);
        QList<EngineIOPacket> packets;
        packets.reserve(frames.size());
        for (qsizetype i = 0; i < frames.size(); ++i)
            packets.append(EngineIOPacket(EngineIOPacket::Message, frames.at(i), i > 0));
        return packets;
    }

private:
    int m_revision;
};

class JsonDecoder final : public PacketDecoder
{
public:
    JsonDecoder(int revision, const Limits &limits) : m_decoder(revision, limits) {}

    Status addFrame(const EngineIOPacket &frame) override
    {
        const SocketIODecoder::Status status = frame.isBinary() ? m_decoder.addBinary(frame.data())
                                                                : m_decoder.addText(frame.data());
        switch (status) {
        case SocketIODecoder::NeedAttachments:
            return NeedMoreFrames;
        case SocketIODecoder::PacketReady:
            return PacketReady;
        case SocketIODecoder::Error:
            break;
        }
        return Error;
    }
    SocketIOPacket takePacket() override { return m_decoder.takePacket(); }
    QString errorString() const override { return m_decoder.errorString(); }
    void reset() override { m_decoder.reset(); }

private:
    SocketIODecoder m_decoder;
};

} // namespace

QString JsonParser::name() const
{
    return QStringLiteral("json");
}

bool JsonParser::supportsRevision(int revision) const
{
    return revision >= 3 && revision <= 5;
}

std::unique_ptr<PacketEncoder> JsonParser::createEncoder(int revision) const
{
    return std::make_unique<JsonEncoder>(revision);
}

std::unique_ptr<PacketDecoder> JsonParser::createDecoder(int revision, const Limits &limits) const
{
    return std::make_unique<JsonDecoder>(revision, limits);
}

} // namespace SocketIOQt
