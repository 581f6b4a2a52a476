#!/usr/bin/env node
// The official JavaScript client doing what tst_mock's socketio-cli session did, step by step,
// so that socketio-mock can check it against the recording of that session:
//     node recorded-client.js URL [--different]
// Prints one JSON line per answer it got and exits 0 once it disconnected (1 on an error,
// 2 after 10 s).
'use strict';

const path = require('path');
const { io } = require(path.join(__dirname, '..', 'server', 'node_modules', 'socket.io-client'));

const url = process.argv[2];
const different = process.argv.includes('--different');
const print = (line) => console.log(JSON.stringify(line));
setTimeout(() => { print({ type: 'failure', reason: 'timeout' }); process.exit(2); }, 10000).unref();

const socket = io(url, { auth: { token: 'mock-test' }, reconnection: false });
socket.on('connect_error', (e) => { print({ type: 'failure', reason: e.message }); process.exit(1); });
socket.on('question', (n, ack) => ack(`answer to ${n}`));
socket.on('connect', async () => {
    print({ type: 'connect' });
    const echo = await socket.emitWithAck('echo', 'hello', { n: different ? 2 : 1 });
    print({ type: 'ack', event: 'echo', args: echo });
    const binary = await socket.emitWithAck('binary');
    print({ type: 'ack', event: 'binary', args: binary.length });
    const answer = new Promise((resolve) => socket.once('answer', resolve));
    socket.emit('ask', { event: 'question', args: [42] });
    print({ type: 'event', event: 'answer', args: await answer });
    socket.disconnect();
});
// No process.exit() here: the DISCONNECT packet is still to be written. Node exits with 0 once
// the connection is closed.
socket.on('disconnect', (reason) => print({ type: 'disconnect', reason }));
