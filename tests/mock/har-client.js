#!/usr/bin/env node
// What the page of tests/inspector/har/record-har.js did in the browser, for the official
// JavaScript client under Node.js, so that socketio-mock serving chromium-session.har can
// check it against the HAR: polling then the upgrade, events both ways, acks both ways, binary,
// a second namespace with auth, then a clean disconnect.
//     node har-client.js URL
// Prints one JSON line per answer and exits 0 once disconnected (1 on an error, 2 after 10 s).
'use strict';

const path = require('path');
const { io } = require(path.join(__dirname, '..', 'server', 'node_modules', 'socket.io-client'));

const url = process.argv[2];
const print = (line) => console.log(JSON.stringify(line));
setTimeout(() => { print({ type: 'failure', reason: 'timeout' }); process.exit(2); }, 10000).unref();

const options = { transports: ['polling', 'websocket'], reconnection: false };
const socket = io(url, options);
const admin = io(`${url}/admin`, { ...options, auth: { token: 'abc' } });
for (const s of [socket, admin])
    s.on('connect_error', (e) => { print({ type: 'failure', reason: e.message }); process.exit(1); });
socket.on('hello', (text, ack) => ack && ack('hi back'));
const whenUpgraded = (fn) => socket.io.engine.transport.name === 'websocket'
    ? fn() : socket.io.engine.once('upgrade', fn);
socket.on('connect', () => {
    socket.emit('echo', { text: 'before the upgrade' }, (first) => {
        print({ type: 'ack', event: 'echo', args: first });
        whenUpgraded(() => {
            socket.emit('echo', { text: 'after the upgrade', n: 2 }, () => {
                socket.emit('binary', Buffer.from([1, 2, 3, 250]), (reply) => {
                    print({ type: 'ack', event: 'binary', got: reply.got });
                    admin.emit('whoami', (who) => {
                        print({ type: 'ack', event: 'whoami', auth: who.auth });
                        socket.emit('news', 'no ack');
                        setTimeout(() => { admin.disconnect(); socket.disconnect(); }, 100);
                    });
                });
            });
        });
    });
});
// No process.exit() here: the DISCONNECT packet is still to be written. Node exits with 0 once
// the connection is closed.
socket.on('disconnect', (reason) => print({ type: 'disconnect', reason }));
