// The whole chat client: a connection, a namespace, declarative event handlers and property
// bindings. `serverUrl`, `userName`, `demoMode` and `app` (print, quit) come from main.cpp.
import QtQuick
import SocketIO

Rectangle {
    id: root
    width: 520
    height: 420
    color: "#f4f4f4"

    property var users: []
    property int demoStep: 0

    function log(line) {
        app.print(line)
        messages.append({ line: line })
    }

    SocketIOClient {
        id: io
        url: serverUrl               // change it (or auth, path, query...) and the client reconnects
        auth: ({ user: userName })
        reconnectionAttempts: 5
        onReconnectFailed: app.quit(1)

        SocketIONamespace {
            id: chat                 // the namespace "/" of the client it is declared in

            onConnectedChanged: {
                if (!connected)
                    return
                root.log("* connected as " + userName + " (socket id " + chat.id + ")")
                // An event with an acknowledgement: the callback gets the server's answer.
                chat.emit("join", { user: userName }, reply => {
                    root.users = reply.users
                    root.log("* joined; users here: " + reply.users.join(", "))
                    if (demoMode && root.demoStep === 0)
                        root.demo()
                })
            }
            onDisconnected: reason => root.log("* disconnected: " + reason)
            onConnectError: message => root.log("* cannot connect: " + message)

            SocketIOEvent {
                event: "welcome"
                onReceived: args => root.log("* server: " + args[0].message)
            }
            SocketIOEvent {
                event: "hello"       // the server asks for our details and waits for the ack
                onReceived: (args, ack) => {
                    root.log("* server " + args[0].server + " says hello and asks for our details: answering its ack")
                    ack({ client: "SocketIOQt qml-chat", user: userName })
                }
            }
            SocketIOEvent {
                event: "hello-ack-received"
                onReceived: root.log("* the server got our ack")
            }
            SocketIOEvent {
                event: "chat message"
                onReceived: args => {
                    root.log("<" + args[0].user + "> " + args[0].text)
                    if (demoMode && root.demoStep === 1 && args[0].user === userName)
                        root.demo()
                }
            }
            SocketIOEvent {
                event: "user joined"
                onReceived: args => {
                    root.users = root.users.concat([args[0].user])
                    root.log("* " + args[0].user + " joined")
                }
            }
            SocketIOEvent {
                event: "user left"
                onReceived: args => {
                    root.users = root.users.filter(u => u !== args[0].user)
                    root.log("* " + args[0].user + " left")
                }
            }
            SocketIOEvent { id: typing; event: "typing" }
        }
    }

    function bytesOf(text) {
        const bytes = new Uint8Array(text.length)
        for (let i = 0; i < text.length; ++i)
            bytes[i] = text.charCodeAt(i) & 0xff
        return bytes
    }

    function ping(then) {
        const sent = Date.now()
        chat.emitWithAck("ping").then(pong => {
            root.log("* " + pong + " after " + (Date.now() - sent) + " ms")
            if (then) then()
        }, error => root.log("* ping failed: " + error.message))
    }

    function upload(bytes, then) {
        root.log("* uploading " + bytes.byteLength + " bytes of binary")
        chat.emit("upload", bytes, reply => {   // binary: an ArrayBuffer or a typed array
            root.log("* server received " + reply.bytes + " bytes (sha1 " + reply.sha1 + ")")
            if (then) then()
        })
    }

    function send(text) {
        text = text.trim()
        if (text === "/ping")
            ping()
        else if (text.startsWith("/upload "))
            upload(bytesOf(text.slice(8)))
        else if (text.length > 0)
            chat.emit("chat message", text)
    }

    // The scripted tour of --demo.
    function demo() {
        switch (demoStep++) {
        case 0: chat.emit("chat message", "Hello from QML! ✓"); break
        case 1: ping(demo); break
        case 2: upload(new Uint8Array([0, 1, 2, 3, 113, 109, 108]), demo); break
        case 3:
            io.active = false
            root.log("* demo done")
            app.quit(0)
            break
        }
    }

    Column {
        anchors.fill: parent
        anchors.margins: 8
        spacing: 6

        Text {   // bindings on the connection's state
            text: chat.connected ? "Connected as " + userName + " (" + chat.id + ")"
                : io.state === SocketIOClient.Connecting ? "Connecting to " + io.url + "..."
                : "Disconnected" + (io.errorString ? ": " + io.errorString : "")
            font.bold: true
        }
        Text {
            text: root.users.length + " here: " + root.users.join(", ")
                  + (typing.count > 0 ? "  (" + typing.args[0].user + " was typing)" : "")
            color: "#555"
        }
        Rectangle {
            width: parent.width
            height: parent.height - 80
            color: "white"
            border.color: "#ccc"
            ListView {
                anchors.fill: parent
                anchors.margins: 4
                clip: true
                model: ListModel { id: messages }
                delegate: Text { text: model.line; width: ListView.view.width; elide: Text.ElideRight }
                onCountChanged: positionViewAtEnd()
            }
        }
        Row {
            spacing: 6
            Rectangle {
                width: root.width - 100
                height: 28
                border.color: "#aaa"
                TextInput {
                    id: input
                    anchors.fill: parent
                    anchors.margins: 5
                    enabled: chat.connected
                    onTextEdited: chat.emit("typing")
                    onAccepted: { root.send(text); text = "" }
                }
            }
            Rectangle {
                width: 70
                height: 28
                color: chat.connected ? "#2d7dd2" : "#aaa"
                Text { anchors.centerIn: parent; text: "Send"; color: "white" }
                MouseArea {
                    anchors.fill: parent
                    enabled: chat.connected
                    onClicked: { root.send(input.text); input.text = "" }
                }
            }
        }
    }
}
