#ifndef REPLAYSCRIPT_H
#define REPLAYSCRIPT_H

#include <QtCore/qlist.h>
#include <QtCore/qvariant.h>

class CaptureSession;

// The emits of a capture, ready to be sent again: every EVENT the client sent
// (on stream 0, or on every stream of a proxy capture), decoded with its
// binary attachments, with its offset from the first one, whether it asked
// for an ack, and the auth each namespace joined with.
struct ReplayScript
{
    struct Emit {
        qint64 offsetMs = 0;
        QString nsp;
        QString event;
        QVariantList args;
        bool ack = false;
        int row = -1;
    };

    QList<Emit> emits;
    QStringList namespaces;            // in order of first use
    QHash<QString, QVariantMap> auth;  // the CONNECT payloads the client sent

    static ReplayScript fromCapture(const CaptureSession &session, int stream = -1);
};

#endif // REPLAYSCRIPT_H
