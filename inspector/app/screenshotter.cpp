#include "screenshotter.h"

#include "capturesession.h"
#include "liveconnection.h"
#include "mainwindow.h"
#include "sessionview.h"

#include <SocketIOQt/socketiopacket.h>

#include <QtGui/qpixmap.h>

#include <cstdio>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

Screenshotter::Screenshotter(MainWindow *window, const Options &options, QObject *parent)
    : QObject(parent), m_window(window), m_options(options)
{
    m_poll.setInterval(100);
    connect(&m_poll, &QTimer::timeout, this, &Screenshotter::poll);
}

void Screenshotter::start()
{
    m_clock.start();
    m_poll.start();
}

bool Screenshotter::isReady() const
{
    SessionView *view = m_window->currentSession();
    if (!view)
        return true;
    LiveConnection *connection = view->connection();
    if (!connection)
        return true; // recordings are loaded before the window shows; proxies wait for nobody
    if (connection->io()->state() == SocketIO::Disconnected && connection->io()->error() != SocketIO::NoError)
        return true;
    const auto status = connection->namespaceStatus();
    if (status.isEmpty())
        return false;
    for (const LiveConnection::NamespaceStatus &s : status) {
        if (s.state == LiveConnection::NamespaceState::Connecting)
            return false;
    }
    return true;
}

void Screenshotter::poll()
{
    if (!m_ready && (isReady() || m_clock.elapsed() > m_options.maxWaitMs)) {
        m_ready = true;
        QTimer::singleShot(m_options.settleMs, this, &Screenshotter::capture);
        m_poll.stop();
    }
}

// A packet that shows what the inspector does: one with binary attachments
// that took part in an ack, else one with attachments, else an event with an
// ack, else the last event.
static int interestingRow(const CaptureSession *session)
{
    int binary = -1, withAck = -1, event = -1;
    for (int row = 0; row < session->packetCount(); ++row) {
        const CapturedPacket &p = session->packet(row);
        if (p.isAttachment() || !p.isSocketIO())
            continue;
        const bool isEvent = p.sioType == SocketIOPacket::Event || p.sioType == SocketIOPacket::BinaryEvent;
        if (p.attachments > 0 && p.ackEntry >= 0)
            return row;
        if (p.attachments > 0 && binary < 0)
            binary = row;
        if (isEvent && p.ackEntry >= 0 && withAck < 0)
            withAck = row;
        if (isEvent)
            event = row;
    }
    for (int candidate : {binary, withAck, event}) {
        if (candidate >= 0)
            return candidate;
    }
    return session->packetCount() - 1;
}

void Screenshotter::capture()
{
    if (SessionView *view = m_window->currentSession()) {
        view->flush();
        const int row = m_options.selectRow >= 0 ? m_options.selectRow : interestingRow(view->session());
        if (row >= 0)
            view->selectPacket(row);
        if (m_options.pane >= 0)
            view->showPane(SessionView::Pane(m_options.pane));
        view->flush();
    }
    // Let the views lay out and paint what was just selected.
    QTimer::singleShot(150, this, [this] {
        const QPixmap pixmap = m_window->grab();
        const bool ok = pixmap.save(m_options.path, "PNG");
        if (!ok)
            std::fprintf(stderr, "socketio-inspector: cannot write %s\n", qUtf8Printable(m_options.path));
        Q_EMIT done(ok ? 0 : 1);
    });
}
