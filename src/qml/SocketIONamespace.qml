// SocketIONamespace: the C++ SocketIONamespaceBase (qmlnamespace_p.h) and the JavaScript
// client's variadic calls. emit(event, ...args[, callback]) takes any number of arguments, a
// function last being the ack callback; emitWithAck(event, ...args) returns a Promise.
//
// Why JavaScript: with Qt's public API a C++ method receives a fixed number of arguments
// (the variadic QQmlV4Function is private API, and fixed-arity overloads cap the count),
// while a JavaScript function receives them all. These functions collect them with a rest
// parameter and hand them as one array to one C++ method, emitArguments().
import SocketIO

SocketIONamespaceBase {
    /*! emit(event, ...args[, callback]): sends event with the arguments (objects, arrays,
        strings, numbers, booleans, null, ArrayBuffer or typed arrays for binary). A function
        last asks for an acknowledgement and receives the answer's arguments. Returns false
        when the event cannot be sent (reserved name, send buffer full, no namespace). */
    function emit(event, ...args) { return emitArguments(event, args, false) }
    /*! The same as emit(), under the C++ API's name. */
    function emitEvent(event, ...args) { return emitArguments(event, args, false) }
    /*! emit("message", ...args[, callback]), as the JavaScript client's send(). */
    function send(...args) { return emitArguments("message", args, false) }
    /*! emitWithAck(event, ...args): a Promise of the answer's first argument, rejected with
        an Error on timeout (ackTimeout) or disconnection. */
    function emitWithAck(event, ...args) { return emitArguments(event, args, true) }
}
