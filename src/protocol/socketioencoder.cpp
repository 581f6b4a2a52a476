#include "socketioencoder.h"
#include "jsoncodec_p.h"

namespace SocketIOQt {

QList<QByteArray> SocketIOEncoder::encode(const SocketIOPacket &packet, int revision)
{
    using Type = SocketIOPacket::Type;
    const Type type = packet.type();
    const QString nsp = packet.nsp();
    const qint64 id = packet.id();
    const QVariant data = packet.data();
    const bool event = type == Type::Event || type == Type::BinaryEvent;
    const bool ack = type == Type::Ack || type == Type::BinaryAck;
    // Revision 3 has no BINARY_ACK: there, binary in an ACK goes as base64 strings.
    const bool extractBinary = event || (ack && revision >= 4);
    const Type plainType = event ? Type::Event : ack ? Type::Ack : type;

    QByteArray text;
    text.append(char('0' + plainType));
    const bool hasNamespace = !nsp.isEmpty() && nsp != QLatin1Char('/');
    const bool hasId = id >= 0;
    // JSON.stringify leaves out undefined, and socket.io-parser null as well.
    const bool hasData = data.isValid() && data.typeId() != QMetaType::Nullptr;
    if (hasNamespace) {
        text.append(nsp.toUtf8());
        // socket.io-parser 3+ always ends the namespace with ','; 2.x (and the
        // revision 3 document: "0/admin") only when an id or data follows.
        if (revision >= 4 || hasId || hasData)
            text.append(',');
    }
    if (hasId)
        text.append(QByteArray::number(id));

    QList<QByteArray> frames;
    if (hasData) {
        const qsizetype json = text.size();
        SocketIOJson::write(text, data, extractBinary ? &frames : nullptr);
        // A bare number (an ERROR's payload in revisions 3 and 4) would be read
        // back as part of the ack id: JSON allows a space in front.
        if (text.at(json) >= '0' && text.at(json) <= '9')
            text.insert(json, ' ');
    }
    if (!frames.isEmpty()) {
        // The count is known only once the JSON is written: patch the header.
        text[0] = char('0' + (event ? Type::BinaryEvent : Type::BinaryAck));
        text.insert(1, QByteArray::number(frames.size()) + '-');
    }
    frames.prepend(text);
    return frames;
}

} // namespace SocketIOQt
