#ifndef SOCKETIOQT_ACKHANDLE_P_H
#define SOCKETIOQT_ACKHANDLE_P_H

#include "ackhandle.h"

#include <QtCore/qpointer.h>

namespace SocketIOQt {

// What every copy of one AckHandle shares: the request, and whether it was answered.
struct AckHandle::State
{
    QPointer<Namespace> nsp;
    qint64 id = -1;
    quint64 session = 0; // the namespace connection it belongs to
    bool answered = false;
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_ACKHANDLE_P_H
