#ifndef SOCKETIOQT_SOCKETIO_JSCONVERSION_P_H
#define SOCKETIOQT_SOCKETIO_JSCONVERSION_P_H

//
//  W A R N I N G
//  -------------
// Internal to the SocketIO QML module.
//

#include <SocketIOQt/ackhandle.h>

#include <QtCore/qloggingcategory.h>
#include <QtCore/qobject.h>
#include <QtCore/qvariant.h>
#include <QtQml/qjsvalue.h>

class QJSEngine;

namespace SocketIOQt {

Q_DECLARE_LOGGING_CATEGORY(lcQml)


namespace SocketIOQml {

// JavaScript values into argument values: arrays and objects recursively, ArrayBuffer and
// typed arrays (Uint8Array, DataView, ...) into QByteArray, null into nullptr, Date into
// QDateTime; functions and undefined object members are left out (undefined in an array is
// null, as in JSON.stringify).
QVariant fromJS(QJSEngine *engine, const QJSValue &value);
QVariantList argumentsFromJS(QJSEngine *engine, const QJSValue &array);

// Argument values into JavaScript: QByteArray becomes an ArrayBuffer at any depth.
QJSValue toJS(QJSEngine *engine, const QVariant &value);
QJSValue toJSArray(QJSEngine *engine, const QVariantList &list);

// A JavaScript function that answers the ack: ack(...args). Undefined without an ack request.
QJSValue ackFunction(QJSEngine *engine, const AckHandle &ack);

// {promise, resolve, reject}
QJSValue deferred(QJSEngine *engine);

// Calls a JavaScript callback; logs an exception it throws.
void call(QJSValue function, const QJSValueList &args, const char *what);

// Backs ackFunction(): JavaScript owns it.
class AckObject : public QObject
{
    Q_OBJECT
public:
    explicit AckObject(const AckHandle &ack) : m_ack(ack) {}
    Q_INVOKABLE bool send(const QJSValue &args);

private:
    AckHandle m_ack;
};

} // namespace SocketIOQml

} // namespace SocketIOQt

#endif // SOCKETIOQT_SOCKETIO_JSCONVERSION_P_H
