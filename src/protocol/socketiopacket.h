#ifndef SOCKETIOPACKET_H
#define SOCKETIOPACKET_H

#include "socketioqt_export.h"

#include <QtCore/qstring.h>
#include <QtCore/qvariant.h>

// One Socket.IO packet. Values are QVariant trees: QVariantMap, QVariantList,
// QString, bool, int / qlonglong / double, nullptr (std::nullptr_t) for JSON
// null, and QByteArray for binary, which may appear at any depth.
class SOCKETIOQT_EXPORT SocketIOPacket
{
public:
    enum Type : quint8 {
        Connect = 0, Disconnect = 1, Event = 2, Ack = 3,
        ConnectError = 4, // ERROR in revisions 3 and 4
        BinaryEvent = 5, BinaryAck = 6
    };

    SocketIOPacket() = default;
    SocketIOPacket(Type type, const QString &nsp, const QVariant &data = {}, qint64 id = -1)
        : type(type), nsp(nsp), id(id), data(data) {}

    static QString typeName(Type type); // "CONNECT", "EVENT", ...

    // EVENT / BINARY_EVENT helpers: data is [name, args...]
    static SocketIOPacket event(const QString &nsp, const QString &name, const QVariantList &args,
                                qint64 id = -1);
    QString eventName() const;
    QVariantList eventArguments() const;

    Type type = Event;
    QString nsp = QStringLiteral("/"); // may carry a query string in revisions 3 and 4: "/admin?token=1"
    qint64 id = -1;                    // ack id, -1 for none
    QVariant data;                     // invalid QVariant: no payload
    int attachments = 0;               // filled in by the encoder and the decoder
};

#endif // SOCKETIOPACKET_H
