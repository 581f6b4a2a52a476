#include "objectbinding.h"
#include "conversion.h"

#include "logging_p.h"

#include <QtCore/qmetaobject.h>
#include <QtCore/qset.h>

#include <algorithm>
#include <vector>

namespace SocketIOQt {

namespace {

bool isIdentifier(const QString &name)
{
    if (name.isEmpty())
        return false;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const char16_t c = name.at(i).unicode();
        const bool letter = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_';
        const bool digit = c >= u'0' && c <= u'9';
        if (!letter && !(digit && i > 0))
            return false;
    }
    return true;
}

// "chat message", "chat-message", "chat_message" -> "chatMessage"
QByteArray camelCase(const QString &event)
{
    QByteArray out;
    bool newWord = false;
    for (const QChar ch : event) {
        const char16_t c = ch.unicode();
        const bool alnum = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9');
        if (!alnum) {
            newWord = !out.isEmpty();
            continue;
        }
        char a = char(c);
        if (out.isEmpty())
            a = char(QChar::toLower(c));
        else if (newWord)
            a = char(QChar::toUpper(c));
        newWord = false;
        out.append(a);
    }
    if (!out.isEmpty() && out.at(0) >= '0' && out.at(0) <= '9')
        return {};
    return out;
}

// "chatMessage" -> {"chat", "message"}; "sendHTTPData" -> {"send", "http", "data"}
QStringList words(const QByteArray &name)
{
    QStringList result;
    QString current;
    for (qsizetype i = 0; i < name.size(); ++i) {
        const char c = name.at(i);
        if (c == '_') {
            if (!current.isEmpty())
                result.append(current);
            current.clear();
            continue;
        }
        const bool upper = c >= 'A' && c <= 'Z';
        if (upper && !current.isEmpty()) {
            const char prev = name.at(i - 1);
            const bool prevUpper = prev >= 'A' && prev <= 'Z';
            const bool nextLower = i + 1 < name.size() && name.at(i + 1) >= 'a' && name.at(i + 1) <= 'z';
            if (!prevUpper || nextLower) {
                result.append(current);
                current.clear();
            }
        }
        current.append(QChar::fromLatin1(char(QChar::toLower(uint(uchar(c))))));
    }
    if (!current.isEmpty())
        result.append(current);
    return result;
}

const QByteArray kClassInfoPrefix = QByteArrayLiteral("socketio.event.");
const QByteArray kReplySuffix = QByteArrayLiteral("Reply");

} // namespace

// Receives the bound signals (QSignalSpy's technique): each signal is connected to a method
// index past QObject's own, which qt_metacall maps back to the signal.
class SocketIOSignalRelay : public QObject
{
public:
    explicit SocketIOSignalRelay(ObjectBindingPrivate *d) : d(d) {}
    int qt_metacall(QMetaObject::Call call, int id, void **arguments) override;

    ObjectBindingPrivate *d;
};

class ObjectBindingPrivate
{
    Q_DECLARE_PUBLIC(ObjectBinding)
public:
    struct Outgoing {
        QMetaMethod signal;
        QList<QMetaMethod> replies; // <signal>Reply methods, most parameters first
    };

    void collect(const QMetaObject *base);
    QList<QMetaMethod> candidates(const QString &event);
    void dispatch(const QString &event, const QVariantList &args, const AckHandle &ack);
    void signalFired(int index, void **arguments);
    void deliverReply(int index, const QString &event, const QVariantList &args);
    QString outgoingName(const QByteArray &method) const;

    ObjectBinding *q_ptr = nullptr;
    QPointer<Namespace> nsp;
    QPointer<QObject> object;
    ObjectBinding::Directions directions;
    ObjectBinding::EventNaming naming = ObjectBinding::DeclaredNames;
    QHash<QByteArray, QString> explicitNames; // method name -> event
    QList<QMetaMethod> incoming;              // public slots and invokables
    QList<Outgoing> outgoing;
    QSet<QByteArray> replyNames;
    QHash<QString, QList<QMetaMethod>> cache; // event -> the methods it calls
    SocketIOSignalRelay *relay = nullptr;
};

int SocketIOSignalRelay::qt_metacall(QMetaObject::Call call, int id, void **arguments)
{
    id = QObject::qt_metacall(call, id, arguments);
    if (id < 0 || call != QMetaObject::InvokeMetaMethod)
        return id;
    d->signalFired(id, arguments);
    return -1;
}

void ObjectBindingPrivate::collect(const QMetaObject *base)
{
    const QMetaObject *mo = object->metaObject();
    int offset = mo->methodOffset();
    if (base) {
        if (mo->inherits(base))
            offset = base->methodCount();
        else
            qCWarning(lcClient) << "ObjectBinding:" << mo->className() << "does not inherit"
                                << base->className() << "- binding its own methods only";
    }
    for (int i = 0; i < mo->classInfoCount(); ++i) {
        const QMetaClassInfo info = mo->classInfo(i);
        const QByteArray name = info.name();
        if (name.startsWith(kClassInfoPrefix))
            explicitNames.insert(name.mid(kClassInfoPrefix.size()), QString::fromUtf8(info.value()));
    }
    QSet<int> notifySignals;
    for (int i = 0; i < mo->propertyCount(); ++i) {
        const QMetaProperty p = mo->property(i);
        if (p.hasNotifySignal())
            notifySignals.insert(p.notifySignalIndex());
    }
    QList<QMetaMethod> signalList;
    for (int i = offset; i < mo->methodCount(); ++i) {
        const QMetaMethod m = mo->method(i);
        switch (m.methodType()) {
        case QMetaMethod::Signal:
            // Clones (from default arguments) fire with their original: bind the original only.
            if (!notifySignals.contains(i) && !(m.attributes() & QMetaMethod::Cloned))
                signalList.append(m);
            break;
        case QMetaMethod::Slot:
        case QMetaMethod::Method:
            if (m.access() == QMetaMethod::Public)
                incoming.append(m);
            break;
        default:
            break;
        }
    }
    const auto byParameterCount = [](const QMetaMethod &a, const QMetaMethod &b) {
        return a.parameterCount() > b.parameterCount();
    };
    for (const QMetaMethod &s : std::as_const(signalList)) {
        Outgoing out;
        out.signal = s;
        const QByteArray replyName = s.name() + kReplySuffix;
        for (const QMetaMethod &m : std::as_const(incoming)) {
            if (m.name() == replyName)
                out.replies.append(m);
        }
        std::stable_sort(out.replies.begin(), out.replies.end(), byParameterCount);
        if (!out.replies.isEmpty())
            replyNames.insert(replyName);
        outgoing.append(out);
    }
}

QList<QMetaMethod> ObjectBindingPrivate::candidates(const QString &event)
{
    const auto cached = cache.constFind(event);
    if (cached != cache.constEnd())
        return *cached;
    QList<QByteArray> names;
    for (auto it = explicitNames.cbegin(); it != explicitNames.cend(); ++it) {
        if (it.value() == event)
            names.append(it.key());
    }
    if (isIdentifier(event))
        names.append(event.toLatin1());
    const QByteArray camel = camelCase(event);
    if (!camel.isEmpty() && !names.contains(camel))
        names.append(camel);

    QList<QMetaMethod> result;
    for (const QByteArray &name : std::as_const(names)) {
        if (replyNames.contains(name))
            continue;
        // An explicit mapping of this method to another event wins over the automatic names.
        const auto mapped = explicitNames.constFind(name);
        if (mapped != explicitNames.constEnd() && *mapped != event)
            continue;
        QList<QMetaMethod> sameName;
        for (const QMetaMethod &m : std::as_const(incoming)) {
            if (m.name() == name)
                sameName.append(m);
        }
        std::stable_sort(sameName.begin(), sameName.end(),
                         [](const QMetaMethod &a, const QMetaMethod &b) { return a.parameterCount() > b.parameterCount(); });
        for (const QMetaMethod &m : std::as_const(sameName)) {
            if (!result.contains(m))
                result.append(m);
        }
    }
    cache.insert(event, result);
    return result;
}

void ObjectBindingPrivate::dispatch(const QString &event, const QVariantList &args, const AckHandle &ack)
{
    if (!object)
        return;
    const QList<QMetaMethod> methods = candidates(event);
    if (methods.isEmpty()) {
        qCDebug(lcClient) << "ObjectBinding: no method of" << object->metaObject()->className()
                          << "for event" << event;
        return;
    }
    QString firstError;
    int firstIndex = -1;
    for (const QMetaMethod &m : methods) {
        QVariant result;
        QString error;
        int index = -1;
        QPointer<QObject> guard(object);
        if (ObjectBinding::invoke(object, m, args, ack, &result, &error, &index)) {
            if (result.isValid())
                Conversion::detail::sendResultAsAck(ack, result);
            return;
        }
        if (!guard)
            return;
        if (firstIndex < 0 && firstError.isEmpty()) {
            firstError = error;
            firstIndex = index;
        }
    }
    const QMetaMethod &m = methods.constFirst();
    Conversion::warnMismatch(QStringLiteral("slot %1::%2 for event \"%3\"")
                                             .arg(QString::fromLatin1(object->metaObject()->className()),
                                                  QString::fromLatin1(m.methodSignature()), event),
                                     qMax(firstIndex, 0), firstError);
}

QString ObjectBindingPrivate::outgoingName(const QByteArray &method) const
{
    const auto it = explicitNames.constFind(method);
    if (it != explicitNames.constEnd())
        return *it;
    switch (naming) {
    case ObjectBinding::DeclaredNames:
        break;
    case ObjectBinding::SpacedNames:
        return words(method).join(QLatin1Char(' '));
    case ObjectBinding::KebabNames:
        return words(method).join(QLatin1Char('-'));
    case ObjectBinding::SnakeNames:
        return words(method).join(QLatin1Char('_'));
    }
    return QString::fromLatin1(method);
}

void ObjectBindingPrivate::signalFired(int index, void **arguments)
{
    Q_Q(ObjectBinding);
    if (!nsp || index < 0 || index >= outgoing.size())
        return;
    const Outgoing &out = outgoing.at(index);
    QVariantList args;
    args.reserve(out.signal.parameterCount());
    for (int i = 0; i < out.signal.parameterCount(); ++i)
        args.append(Conversion::toVariant(out.signal.parameterMetaType(i), arguments[i + 1]));
    const QString event = outgoingName(out.signal.name());
    if (out.replies.isEmpty()) {
        nsp->emitEvent(event, args);
        return;
    }
    nsp->emitEvent(event, args, q, [this, index, event](const QVariantList &reply) {
        deliverReply(index, event, reply);
    });
}

void ObjectBindingPrivate::deliverReply(int index, const QString &event, const QVariantList &args)
{
    if (!object)
        return;
    const QList<QMetaMethod> &methods = outgoing.at(index).replies;
    QString firstError;
    int firstIndex = -1;
    for (const QMetaMethod &m : methods) {
        QString error;
        int errorIndex = -1;
        QPointer<QObject> guard(object);
        if (ObjectBinding::invoke(object, m, args, AckHandle(), nullptr, &error, &errorIndex))
            return;
        if (!guard)
            return;
        if (firstIndex < 0 && firstError.isEmpty()) {
            firstError = error;
            firstIndex = errorIndex;
        }
    }
    Conversion::warnMismatch(QStringLiteral("slot %1::%2 for the ack of \"%3\"")
                                             .arg(QString::fromLatin1(object->metaObject()->className()),
                                                  QString::fromLatin1(methods.constFirst().methodSignature()), event),
                                     qMax(firstIndex, 0), firstError);
}

// ---------------------------------------------------------------------------------------------

ObjectBinding::ObjectBinding(Namespace *nsp, QObject *object, Directions directions, const QMetaObject *base)
    : QObject(object), d_ptr(new ObjectBindingPrivate)
{
    Q_D(ObjectBinding);
    d->q_ptr = this;
    d->nsp = nsp;
    d->object = object;
    d->directions = directions;
    if (!nsp || !object) {
        qCWarning(lcClient) << "ObjectBinding: needs a namespace and an object";
        return;
    }
    d->collect(base);
    if (directions & Incoming) {
        connect(nsp, &Namespace::eventReceived, this,
                [d](const QString &event, const QVariantList &args, const AckHandle &ack) {
                    d->dispatch(event, args, ack);
                });
    }
    if (directions & Outgoing) {
        d->relay = new SocketIOSignalRelay(d);
        d->relay->setParent(this);
        const int base = QObject::staticMetaObject.methodCount();
        for (qsizetype i = 0; i < d->outgoing.size(); ++i) {
            QMetaObject::connect(object, d->outgoing.at(i).signal.methodIndex(), d->relay, base + int(i),
                                 Qt::DirectConnection, nullptr);
        }
    }
}

ObjectBinding::~ObjectBinding()
{
    Q_D(ObjectBinding);
    if (d->relay) {
        // Disconnect before the private part goes.
        delete d->relay;
        d->relay = nullptr;
    }
}

ObjectBinding *ObjectBinding::bind(Namespace *nsp, QObject *object, Directions directions, const QMetaObject *base)
{
    return new ObjectBinding(nsp, object, directions, base);
}

Namespace *ObjectBinding::socket() const { return d_func()->nsp; }
QObject *ObjectBinding::object() const { return d_func()->object; }
ObjectBinding::Directions ObjectBinding::directions() const { return d_func()->directions; }
ObjectBinding::EventNaming ObjectBinding::outgoingNames() const { return d_func()->naming; }

void ObjectBinding::setOutgoingNames(EventNaming naming)
{
    Q_D(ObjectBinding);
    if (d->naming == naming)
        return;
    d->naming = naming;
    Q_EMIT outgoingNamesChanged();
}

void ObjectBinding::setEventName(const QByteArray &method, const QString &event)
{
    Q_D(ObjectBinding);
    d->explicitNames.insert(method, event);
    d->cache.clear();
}

QString ObjectBinding::eventName(const QByteArray &method) const
{
    return d_func()->outgoingName(method);
}

QStringList ObjectBinding::incomingMethods() const
{
    Q_D(const ObjectBinding);
    QStringList list;
    if (!(d->directions & Incoming))
        return list;
    for (const QMetaMethod &m : d->incoming) {
        if (!d->replyNames.contains(m.name()))
            list.append(QString::fromLatin1(m.methodSignature()));
    }
    return list;
}

QStringList ObjectBinding::outgoingSignals() const
{
    Q_D(const ObjectBinding);
    QStringList list;
    if (!(d->directions & Outgoing))
        return list;
    for (const auto &out : d->outgoing)
        list.append(QString::fromLatin1(out.signal.methodSignature()));
    return list;
}

bool ObjectBinding::invoke(QObject *object, const QMetaMethod &method, const QVariantList &args,
                             const AckHandle &ack, QVariant *result, QString *error, int *errorIndex)
{
    const auto fail = [&](int index, const QString &message) {
        if (error)
            *error = message;
        if (errorIndex)
            *errorIndex = index;
        return false;
    };
    if (!object || !method.isValid())
        return fail(-1, QStringLiteral("no such method"));
    const int n = method.parameterCount();
    const bool takesAck = n > 0 && method.parameterMetaType(n - 1) == QMetaType::fromType<AckHandle>();
    const int values = takesAck ? n - 1 : n;
    std::vector<QVariant> holders(static_cast<size_t>(n));
    std::vector<void *> argv(size_t(n) + 1, nullptr);
    for (int i = 0; i < values; ++i) {
        const QMetaType type = method.parameterMetaType(i);
        if (!type.isValid())
            return fail(i, QStringLiteral("the parameter type %1 is not registered with QMetaType")
                                   .arg(QString::fromLatin1(method.parameterTypeName(i))));
        if (i >= args.size())
            return fail(i, QStringLiteral("missing (the event has %1 argument%2)")
                                   .arg(args.size()).arg(args.size() == 1 ? QString() : QStringLiteral("s")));
        QVariant &holder = holders[size_t(i)];
        if (type.id() == QMetaType::QVariant) {
            holder = args.at(i);
            argv[size_t(i) + 1] = &holder;
            continue;
        }
        holder = QVariant(type);
        QString why;
        if (!Conversion::fromVariant(args.at(i), type, holder.data(), &why))
            return fail(i, why);
        argv[size_t(i) + 1] = holder.data();
    }
    if (takesAck) {
        holders[size_t(n) - 1] = QVariant::fromValue(ack);
        argv[size_t(n)] = holders[size_t(n) - 1].data();
    }
    const QMetaType returnType = method.returnMetaType();
    QVariant returned;
    const bool hasReturn = returnType.isValid() && returnType.id() != QMetaType::Void;
    if (hasReturn) {
        if (returnType.id() == QMetaType::QVariant) {
            argv[0] = &returned;
        } else {
            returned = QVariant(returnType);
            argv[0] = returned.data();
        }
    }
    QMetaObject::metacall(object, QMetaObject::InvokeMetaMethod, method.methodIndex(), argv.data());
    if (hasReturn && result)
        *result = returnType.id() == QMetaType::QVariant ? returned
                                                          : Conversion::toVariant(returnType, returned.constData());
    return true;
}

} // namespace SocketIOQt
