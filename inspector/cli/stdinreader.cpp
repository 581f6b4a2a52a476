#include "stdinreader.h"

#include <QtCore/qsocketnotifier.h>

#include <cerrno>
#include <utility>
#include <fcntl.h>
#include <unistd.h>

StdinReader::StdinReader(QObject *parent) : QObject(parent) {}

void StdinReader::reserveStdin()
{
    // Opening /dev/null takes the lowest free descriptor: 0.
    if (::fcntl(STDIN_FILENO, F_GETFD) == -1 && errno == EBADF)
        ::open("/dev/null", O_RDONLY);
}

void StdinReader::start()
{
    m_active = true;
    m_notifier = new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &StdinReader::readAvailable);
}

void StdinReader::stop()
{
    // deleteLater(): stop() may run inside the notifier's own activated().
    if (m_notifier) {
        m_notifier->setEnabled(false);
        m_notifier->deleteLater();
        m_notifier = nullptr;
    }
    m_active = false;
}

void StdinReader::readAvailable()
{
    char buffer[65536];
    const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return;
    if (n <= 0) {
        finish();
        return;
    }
    m_pending.append(buffer, n);
    qsizetype start = 0;
    for (qsizetype end; m_active && (end = m_pending.indexOf('\n', start)) >= 0; start = end + 1)
        emitLine(m_pending.mid(start, end - start));
    m_pending.remove(0, start);
}

void StdinReader::emitLine(QByteArray line)
{
    if (line.endsWith('\r'))
        line.chop(1);
    Q_EMIT lineRead(line);
}

void StdinReader::finish()
{
    if (!m_active)
        return;
    // A last line without a line break still counts.
    if (!m_pending.isEmpty())
        emitLine(std::exchange(m_pending, {}));
    if (!m_active) // that line was "close"
        return;
    stop();
    Q_EMIT finished();
}
