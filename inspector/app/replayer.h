#ifndef REPLAYER_H
#define REPLAYER_H

#include "replayscript.h"

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qobject.h>
#include <QtCore/qtimer.h>

class LiveConnection;

// Sends the emits of a recording again over a live connection: joins their
// namespaces (with the auth they were joined with), waits until each is
// connected or refused, then emits in order, keeping the recorded gaps or
// back to back. Emits that asked for an ack ask again, so the new round
// trips land in the ledger.
class Replayer : public QObject
{
    Q_OBJECT
public:
    Replayer(LiveConnection *connection, const ReplayScript &script, bool keepTiming, QObject *parent = nullptr);

    void start();
    int sent() const { return m_next; }
    int total() const { return int(m_script.emits.size()); }
    bool isFinished() const { return m_finished; }

Q_SIGNALS:
    void progress(int sent, int total);
    void finished();

private:
    void checkJoined();
    void sendDue();

    LiveConnection *const m_connection;
    const ReplayScript m_script;
    const bool m_keepTiming;
    int m_next = 0;
    bool m_sending = false;
    bool m_finished = false;
    QTimer m_timer;
    QTimer m_joinTimeout;
    QElapsedTimer m_clock;
};

#endif // REPLAYER_H
