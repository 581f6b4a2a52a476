#!/usr/bin/env node
// The official JavaScript client doing what tst_mock's socketio-cli session with the demo chat
// server (examples/demo-server) did, so that socketio-mock can check it against that recording:
//     node demo-client.js URL
// answers the server's "hello", joins as "ada", says something and waits for the chat to echo it,
// pings, and leaves. Exits 0 once disconnected (1 on an error, 2 after 10 s).
'use strict';

const path = require('path');
const { io } = require(path.join(__dirname, '..', 'server', 'node_modules', 'socket.io-client'));

const print = (line) => console.log(JSON.stringify(line));
setTimeout(() => { print({ type: 'failure', reason: 'timeout' }); process.exit(2); }, 10000).unref();

const socket = io(process.argv[2], { reconnection: false });
const once = (event) => new Promise((resolve) => socket.once(event, resolve));
const helloAnswered = once('hello-ack-received');
socket.on('connect_error', (e) => { print({ type: 'failure', reason: e.message }); process.exit(1); });
socket.on('hello', (data, ack) => ack({ client: 'demo' }));
socket.on('connect', async () => {
    print({ type: 'connect' });
    await helloAnswered;
    print({ type: 'ack', event: 'join', args: await socket.emitWithAck('join', { user: 'ada' }) });
    const echoed = once('chat message');
    socket.emit('chat message', 'hello from ada');
    print({ type: 'event', event: 'chat message', args: await echoed });
    print({ type: 'ack', event: 'ping', args: await socket.emitWithAck('ping') });
    socket.disconnect();
});
socket.on('disconnect', (reason) => print({ type: 'disconnect', reason }));
