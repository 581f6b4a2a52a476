#ifndef SOCKETIOQT_ACKREPLY_H
#define SOCKETIOQT_ACKREPLY_H

#include <SocketIOQt/socketioqt_export.h>

#include <QtCore/qobject.h>
#include <QtCore/qvariant.h>

namespace SocketIOQt {

/// The pending answer to an emit that asked for an acknowledgement, in the
/// style of QNetworkReply: finished() is emitted exactly once, with either the
/// server's arguments or an error.
///
/// Ownership, as KJob's: the reply is a child of its Namespace and deletes itself
/// (deleteLater()) once finished() was emitted, so a program that sends acked emits
/// forever holds only the replies still waiting. Read it in the slots connected to its
/// signals, or before control returns to the event loop; to keep it longer, call
/// setAutoDelete(false) (the reply is then deleted with its Namespace, or by you). A
/// reply the emit finished at once (a refused emit: isFinished() is already true when
/// emitWithAck() returns) is deleted the same way. For no object at all, use the
/// callback forms: Namespace::emitEvent(event, args, callback) or
/// Namespace::timeout(ms).emitEvent(event, args, callback).
class SOCKETIOQT_EXPORT AckReply : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool finished READ isFinished NOTIFY finished)
    Q_PROPERTY(QVariantList arguments READ arguments NOTIFY finished)
    Q_PROPERTY(Error error READ error NOTIFY finished)
    Q_PROPERTY(bool autoDelete READ autoDelete WRITE setAutoDelete NOTIFY autoDeleteChanged)
public:
    /// Why no answer came.
    enum Error {
        NoError,
        TimeoutError,      ///< no answer within the ack timeout
        DisconnectedError, ///< the namespace was disconnected before the answer came
        CanceledError      ///< abort(), or the Namespace was destroyed
    };
    Q_ENUM(Error)

    /// Destroys the reply; an answer that comes later is dropped.
    ~AckReply() override;

    QString eventName() const; ///< the event the emit carried
    /// The id of the packet's acknowledgement: -1 until the packet leaves for the server (while
    /// it waits in the send buffer, or when it never left: refused, timed out in the buffer),
    /// then the id it went with. With Namespace::retries() > 0 each try has an id of its own
    /// and ackId() stays -1.
    qint64 ackId() const;
    /// Whether finished() was emitted.
    bool isFinished() const;
    /// The server's answer once finished without error.
    QVariantList arguments() const;
    /// The error, NoError when the answer came.
    Error error() const;
    /// The error, readable.
    QString errorString() const;
    qint64 elapsedMs() const; ///< round trip once finished
    /// Whether the reply deletes itself after finished() (the default: true).
    bool autoDelete() const;
    /// Sets whether the reply deletes itself (deleteLater()) after finished(); false keeps it
    /// until its Namespace is destroyed or you delete it. Set it before control returns to
    /// the event loop: once the deletion is scheduled it happens.
    void setAutoDelete(bool autoDelete);

public Q_SLOTS:
    /// Stops waiting: finishes with CanceledError.
    void abort();

Q_SIGNALS:
    /// The answer came or the wait ended with an error; emitted once.
    void finished();
    /// The answer came, with the server's \a arguments.
    void acknowledged(const QVariantList &arguments);
    /// The wait ended with \a error.
    void errorOccurred(AckReply::Error error);
    /// autoDelete() changed.
    void autoDeleteChanged();

private:
    friend class Namespace;
    friend class NamespacePrivate;
    explicit AckReply(const QString &event, QObject *parent);
    void sent(qint64 ackId); // the packet left: the round trip starts now
    void finish(const QVariantList &arguments, Error error);

    struct Data;
    std::unique_ptr<Data> d;
};

} // namespace SocketIOQt

#endif // SOCKETIOQT_ACKREPLY_H
