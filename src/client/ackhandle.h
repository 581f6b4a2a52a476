#ifndef SOCKETIOQT_ACKHANDLE_H
#define SOCKETIOQT_ACKHANDLE_H

#include <SocketIOQt/socketioqt_export.h>

#include <QtCore/qmetatype.h>
#include <QtCore/qsharedpointer.h>
#include <QtCore/qvariant.h>

namespace SocketIOQt {

class Namespace;

/// Handed to event handlers with every incoming event. When the server asked
/// for an acknowledgement, isRequested() is true and send() answers it, once;
/// later calls are ignored with a warning. Copies share the answered state, so
/// a handler may keep one and answer later (e.g. after a network round trip).
class SOCKETIOQT_EXPORT AckHandle
{
public:
    /// An empty handle: no ack was requested.
    AckHandle() = default;

    /// Whether the server asked for an acknowledgement.
    bool isRequested() const { return m_state != nullptr; }
    /// Whether send() answered it already.
    bool isAnswered() const;
    /// The ack id of the request, -1 without one.
    qint64 id() const;

    /// Answers the server's ack request with these arguments (binary allowed).
    bool send(const QVariantList &args = {}) const;
    /// The same as send().
    bool operator()(const QVariantList &args = {}) const { return send(args); }

private:
    friend class NamespacePrivate;
    struct State; // ackhandle_p.h
    explicit AckHandle(QSharedPointer<State> state) : m_state(std::move(state)) {}
    QSharedPointer<State> m_state;
};

} // namespace SocketIOQt

Q_DECLARE_METATYPE(SocketIOQt::AckHandle)

#endif // SOCKETIOQT_ACKHANDLE_H
