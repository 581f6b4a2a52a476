#ifndef THEME_H
#define THEME_H

#include <SocketIOQt/socketio.h>

#include "ackledger.h"
#include "protocollinter.h"

#include <QtGui/qcolor.h>
#include <QtGui/qfont.h>

// The inspector's colours and fonts, in one place so that every view tells
// directions, ack states and severities apart the same way.
class Theme
{
public:
    static QFont monospaceFont();
    static QColor directionColor(SocketIOQt::SocketIO::Direction direction);      // text
    static QColor directionBackground(SocketIOQt::SocketIO::Direction direction); // a light row tint
    static QString directionArrow(SocketIOQt::SocketIO::Direction direction);     // "→ out", "← in"
    static QColor ackStatusColor(AckEntry::Status status, bool late = false);
    static QColor severityColor(LintFinding::Severity severity);
    static QColor transportColor(const QString &transport);
    static QColor seriesColor(int index);  // a palette for chart series
    static QColor mutedText();
    static QColor linkColor();
    static QString formatBytes(qint64 bytes);
    static QString formatMs(double ms);
};

#endif // THEME_H
