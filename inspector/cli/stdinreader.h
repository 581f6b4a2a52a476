#ifndef STDINREADER_H
#define STDINREADER_H

#include <QtCore/qobject.h>

class QSocketNotifier;

// Reads stdin line by line without blocking the event loop, so that the
// library keeps running in the main thread while input trickles in. One
// read() per notification cannot block once poll() reported fd 0 readable;
// this works for pipes, terminals, regular files and /dev/null alike (poll()
// reports files always readable and read() returns 0 at their end).
class StdinReader : public QObject
{
    Q_OBJECT
public:
    explicit StdinReader(QObject *parent = nullptr);

    // When the program was started with stdin closed, descriptor 0 would be
    // reused by the first file or socket Qt opens, and read as input: call
    // this first thing in main() to make a closed stdin an empty one.
    static void reserveStdin();

    void start();
    void stop(); // ignore the rest of the input

Q_SIGNALS:
    void lineRead(const QByteArray &line); // without the line break
    void finished();                       // end of input

private:
    void readAvailable();
    void finish();
    void emitLine(QByteArray line);

    QSocketNotifier *m_notifier = nullptr;
    QByteArray m_pending; // an incomplete last line
    bool m_active = false;
};

#endif // STDINREADER_H
