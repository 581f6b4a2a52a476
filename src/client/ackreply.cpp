#include "ackreply.h"

#include <QtCore/qelapsedtimer.h>
#include <QtCore/qpointer.h>

namespace SocketIOQt {

struct AckReply::Data
{
    QString event;
    qint64 ackId = -1;
    bool finished = false;
    QVariantList arguments;
    Error error = NoError;
    QElapsedTimer elapsed;
    qint64 elapsedMs = -1;
    bool autoDelete = true;
};

AckReply::AckReply(const QString &event, QObject *parent)
    : QObject(parent), d(new Data)
{
    d->event = event;
    d->elapsed.start();
}

AckReply::~AckReply() = default;

QString AckReply::eventName() const { return d->event; }
qint64 AckReply::ackId() const { return d->ackId; }
bool AckReply::isFinished() const { return d->finished; }
QVariantList AckReply::arguments() const { return d->arguments; }
AckReply::Error AckReply::error() const { return d->error; }
bool AckReply::autoDelete() const { return d->autoDelete; }

void AckReply::setAutoDelete(bool autoDelete)
{
    if (d->autoDelete == autoDelete)
        return;
    d->autoDelete = autoDelete;
    Q_EMIT autoDeleteChanged();
}

qint64 AckReply::elapsedMs() const
{
    return d->finished ? d->elapsedMs : d->elapsed.elapsed();
}

QString AckReply::errorString() const
{
    switch (d->error) {
    case NoError:
        return QString();
    case TimeoutError:
        return tr("No acknowledgement for \"%1\" within the ack timeout").arg(d->event);
    case DisconnectedError:
        return tr("The namespace disconnected before \"%1\" was acknowledged").arg(d->event);
    case CanceledError:
        return tr("The acknowledgement of \"%1\" was canceled").arg(d->event);
    }
    return QString();
}

void AckReply::sent(qint64 ackId)
{
    d->ackId = ackId;
    d->elapsed.start();
}

void AckReply::abort()
{
    finish({}, CanceledError);
}

void AckReply::finish(const QVariantList &arguments, Error error)
{
    if (d->finished)
        return;
    d->finished = true;
    d->arguments = arguments;
    d->error = error;
    d->elapsedMs = d->elapsed.elapsed();
    QPointer<AckReply> guard(this); // a slot may delete the reply
    if (error == NoError)
        Q_EMIT acknowledged(arguments);
    else
        Q_EMIT errorOccurred(error);
    if (guard)
        Q_EMIT finished();
    if (guard && d->autoDelete)
        deleteLater();
}

} // namespace SocketIOQt
