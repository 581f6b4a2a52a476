#ifndef MOCKOPTIONS_H
#define MOCKOPTIONS_H

#include <QtCore/qstringlist.h>

// The exit statuses of socketio-mock, as --help and the README give them.
namespace MockExit {
enum Code {
    Success = 0,    // every client packet matched the recording
    Mismatch = 1,   // a client packet differed from the recording, or one never came
    Usage = 2,      // bad arguments, or the port cannot be had
    Unreadable = 3, // the recording cannot be read or holds nothing to serve
    Timeout = 4,    // a client stopped sending what the recording has (--timeout)
};
}

// The command line of socketio-mock, parsed and checked. --help and --version print and exit
// from parse(); every other problem is a usage error.
class MockOptions
{
public:
    // False on a usage error, explained by errorString().
    bool parse(const QStringList &arguments);
    QString errorString() const { return m_error; }

    QString recordingPath;
    int stream = -1;            // --stream: the recorded Engine.IO session to serve; -1: the first
    quint16 port = 0;           // 0: an ephemeral port
    bool once = false;
    double speed = 1.0;         // recorded delays are divided by it
    bool fast = false;          // no delays: each server packet goes once its causes arrived
    int timeoutMs = 10000;      // 0: wait forever
    bool ignoreArgs = false;
    QStringList ignoredEvents;  // events whose arguments are not compared
    QStringList transports;     // empty: websocket and polling

private:
    bool fail(const QString &message);
    QString m_error;
};

#endif // MOCKOPTIONS_H
