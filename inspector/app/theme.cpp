#include "theme.h"

#include <QtGui/qfontdatabase.h>

using namespace SocketIOQt;

using namespace Qt::StringLiterals;

QFont Theme::monospaceFont()
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setStyleHint(QFont::Monospace);
    return font;
}

QColor Theme::directionColor(SocketIO::Direction direction)
{
    return direction == SocketIO::Direction::Outgoing ? QColor(0x1b, 0x7a, 0x3d) : QColor(0x1f, 0x5f, 0xbf);
}

QColor Theme::directionBackground(SocketIO::Direction direction)
{
    return direction == SocketIO::Direction::Outgoing ? QColor(0xf1, 0xfa, 0xf3) : QColor(0xf2, 0xf6, 0xfd);
}

QString Theme::directionArrow(SocketIO::Direction direction)
{
    return direction == SocketIO::Direction::Outgoing ? u"→ out"_s : u"← in"_s;
}

QColor Theme::ackStatusColor(AckEntry::Status status, bool late)
{
    switch (status) {
    case AckEntry::Pending: return QColor(0xb2, 0x6b, 0x00);
    case AckEntry::Answered: return late ? QColor(0xc0, 0x5a, 0x00) : QColor(0x1b, 0x7a, 0x3d);
    case AckEntry::TimedOut: return QColor(0xc6, 0x28, 0x28);
    case AckEntry::Unknown: return QColor(0x8e, 0x24, 0xaa);
    case AckEntry::Duplicate: return QColor(0xad, 0x14, 0x57);
    }
    return Qt::black;
}

QColor Theme::severityColor(LintFinding::Severity severity)
{
    switch (severity) {
    case LintFinding::Info: return QColor(0x1f, 0x5f, 0xbf);
    case LintFinding::Warning: return QColor(0xb2, 0x6b, 0x00);
    case LintFinding::Error: return QColor(0xc6, 0x28, 0x28);
    }
    return Qt::black;
}

QColor Theme::transportColor(const QString &transport)
{
    if (transport == "websocket"_L1)
        return QColor(0x3b, 0x7d, 0xd8);
    if (transport == "polling"_L1)
        return QColor(0xe0, 0x8e, 0x2b);
    return QColor(0x90, 0x90, 0x90);
}

QColor Theme::seriesColor(int index)
{
    static const QColor palette[] = {
        QColor(0x3b, 0x7d, 0xd8), QColor(0x2e, 0x9e, 0x5b), QColor(0xe0, 0x8e, 0x2b), QColor(0x8e, 0x44, 0xad),
        QColor(0xd6, 0x45, 0x45), QColor(0x16, 0xa0, 0xa8), QColor(0x7f, 0x8c, 0x20), QColor(0xc2, 0x18, 0x7a),
    };
    return palette[index % int(std::size(palette))];
}

QColor Theme::mutedText()
{
    return QColor(0x70, 0x70, 0x70);
}

QColor Theme::linkColor()
{
    return QColor(0x1f, 0x5f, 0xbf);
}

QString Theme::formatBytes(qint64 bytes)
{
    if (bytes < 1024)
        return u"%1 B"_s.arg(bytes);
    if (bytes < 1024 * 1024)
        return u"%1 KiB"_s.arg(double(bytes) / 1024.0, 0, 'f', 1);
    return u"%1 MiB"_s.arg(double(bytes) / (1024.0 * 1024.0), 0, 'f', 1);
}

QString Theme::formatMs(double ms)
{
    if (ms < 10)
        return u"%1 ms"_s.arg(ms, 0, 'f', 2);
    if (ms < 1000)
        return u"%1 ms"_s.arg(ms, 0, 'f', 1);
    return u"%1 s"_s.arg(ms / 1000.0, 0, 'f', 2);
}
