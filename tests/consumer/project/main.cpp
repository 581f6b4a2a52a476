// A program built against the installed SocketIOQt, knowing nothing of its
// source tree: the headers, the package config and the library must suffice.
#include <SocketIOQt/Limits>
#include <SocketIOQt/socketio.h>
#include <SocketIOQt/socketiodecoder.h>
#include <SocketIOQt/socketioencoder.h>
#include <SocketIOQt/socketioqtversion.h>

#include <QCoreApplication>
#include <cstdio>

using namespace SocketIOQt;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);

    const SocketIOPacket packet = SocketIOPacket::event(QStringLiteral("/chat"), QStringLiteral("hello"),
                                                        {1, QByteArray("bin")});
    const QList<QByteArray> frames = SocketIOEncoder::encode(packet);
    SocketIODecoder decoder;
    SocketIODecoder::Status status = decoder.addText(frames.at(0));
    for (qsizetype i = 1; i < frames.size(); ++i)
        status = decoder.addBinary(frames.at(i));
    if (status != SocketIODecoder::PacketReady || decoder.takePacket().data() != packet.data()) {
        std::fprintf(stderr, "codec round trip failed\n");
        return 1;
    }

    SocketIO io(QUrl(QStringLiteral("http://127.0.0.1:1")));
    Namespace *ns = io.socket(QStringLiteral("/chat"));
    if (ns->name() != QLatin1String("/chat") || io.state() != SocketIO::Disconnected)
        return 1;
    // The README's snippet of the limits.
    Limits limits;
    limits.setMaxPacketSize(10 * 1024 * 1024); // 10 MiB per packet, attachments included
    io.setLimits(limits);
    if (io.limits() != limits || io.limits().maxDepth() != 128)
        return 1;
    // The library loaded is the one whose headers this program was built with.
    if (qstrcmp(SocketIOQt::version(), SOCKETIOQT_VERSION_STR) != 0 || SOCKETIOQT_VERSION < QT_VERSION_CHECK(1, 0, 0)) {
        std::fprintf(stderr, "version: library %s, headers %s\n", SocketIOQt::version(), SOCKETIOQT_VERSION_STR);
        return 1;
    }
    std::printf("consumer OK (SocketIOQt %s): %s\n", SocketIOQt::version(), frames.at(0).constData());
    return 0;
}
