// Built by an outside project that embeds SocketIOQt (CMakeLists.txt): a codec round trip and a
// client object, through the same headers as an installed SocketIOQt.
#include <SocketIOQt/SocketIO>
#include <SocketIOQt/SocketIODecoder>
#include <SocketIOQt/SocketIOEncoder>
#include <SocketIOQt/socketioqtversion.h>

#include <QCoreApplication>
#include <cstdio>
#include <cstring>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    using namespace SocketIOQt;
    const SocketIOPacket packet = SocketIOPacket::event(QStringLiteral("/"), QStringLiteral("hi"), {1});
    SocketIODecoder decoder;
    if (decoder.addText(SocketIOEncoder::encode(packet).at(0)) != SocketIODecoder::PacketReady
        || decoder.takePacket().data() != packet.data())
        return 1;
    SocketIO io(QUrl(QStringLiteral("http://127.0.0.1:1")));
    if (io.state() != SocketIO::Disconnected || std::strcmp(SocketIOQt::version(), SOCKETIOQT_VERSION_STR) != 0)
        return 1;
    std::printf("embed OK: SocketIOQt %s, %s\n", SocketIOQt::version(), EMBED_LIBRARY_TYPE);
    return 0;
}
