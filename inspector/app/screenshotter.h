#ifndef SCREENSHOTTER_H
#define SCREENSHOTTER_H

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qobject.h>
#include <QtCore/qtimer.h>

class MainWindow;

// --screenshot: waits until the window's content has settled (a recording is
// loaded; a connection has joined or been refused on every namespace, or
// failed, or the wait ran out), selects a packet worth showing, renders the
// window into a PNG and ends the application.
class Screenshotter : public QObject
{
    Q_OBJECT
public:
    struct Options {
        QString path;
        int selectRow = -1;   // 0-based; -1: pick one
        int pane = -1;        // SessionView::Pane; -1: the packet pane
        int maxWaitMs = 10000;
        int settleMs = 600;   // after the content is ready, for the batches and a heartbeat
    };

    Screenshotter(MainWindow *window, const Options &options, QObject *parent = nullptr);
    void start();

Q_SIGNALS:
    void done(int exitCode);

private:
    void poll();
    bool isReady() const;
    void capture();

    MainWindow *const m_window;
    const Options m_options;
    QTimer m_poll;
    QElapsedTimer m_clock;
    bool m_ready = false;
};

#endif // SCREENSHOTTER_H
