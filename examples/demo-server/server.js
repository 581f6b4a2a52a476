#!/usr/bin/env node
// A small Socket.IO 4 chat server to try the SocketIOQt examples against.
//
//   npm ci && node server.js [--port 3000] [--host 127.0.0.1]
//
// Prints {"port":N} on stdout once listening (--port 0 picks a free port); logs to stderr.
//
// Events the server understands:
//   "join"          ({user}, ack)   -> ack({ok: true, users: [...]}); others get "user joined" {user}
//   "chat message"  (text | {text}) -> everybody, sender included, gets "chat message" {user, text, time}
//   "typing"        ()              -> the others get "typing" {user}
//   "ping"          (ack)           -> ack("pong", serverTimeMs)
//   "upload"        (binary, ack)   -> ack({bytes, sha1})
// On connection it sends "welcome" {message, id}, then asks "hello" {server: "demo"} with an ack;
// the client's answer is logged and echoed back as "hello-ack-received" (reply).
'use strict';

const crypto = require('crypto');
const http = require('http');
const { Server } = require('socket.io');

function option(name, fallback) {
    const i = process.argv.indexOf(name);
    return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const port = Number(option('--port', 3000));
const host = option('--host', '127.0.0.1');

const log = (...args) => console.error(new Date().toISOString().slice(11, 23), ...args);

const httpServer = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('SocketIOQt demo server: connect a Socket.IO client here.\n');
});
const io = new Server(httpServer, { serveClient: false });
const users = new Map(); // socket id -> user name

io.on('connection', (socket) => {
    const name = () => users.get(socket.id) || `guest-${socket.id.slice(0, 4)}`;
    log(`+ ${socket.id} connected over ${socket.conn.transport.name}`);

    socket.emit('welcome', { message: 'Welcome to the SocketIOQt demo chat!', id: socket.id });
    socket.emit('hello', { server: 'demo' }, (reply) => {
        log(`  ${socket.id} says hello:`, JSON.stringify(reply));
        socket.emit('hello-ack-received', reply);
    });

    socket.on('join', (data, ack) => {
        const user = String((data && data.user) || name()).slice(0, 64);
        users.set(socket.id, user);
        log(`  ${socket.id} is ${user}`);
        socket.broadcast.emit('user joined', { user });
        if (typeof ack === 'function') ack({ ok: true, users: [...new Set(users.values())] });
    });

    socket.on('chat message', (message) => {
        const text = typeof message === 'string' ? message : String((message && message.text) || '');
        log(`  <${name()}> ${text}`);
        io.emit('chat message', { user: name(), text, time: Date.now() });
    });

    socket.on('typing', () => socket.broadcast.emit('typing', { user: name() }));

    socket.on('ping', (ack) => {
        if (typeof ack === 'function') ack('pong', Date.now());
    });

    socket.on('upload', (data, ack) => {
        const bytes = Buffer.isBuffer(data) ? data : Buffer.from(String(data ?? ''));
        const sha1 = crypto.createHash('sha1').update(bytes).digest('hex');
        log(`  ${name()} uploaded ${bytes.length} bytes (sha1 ${sha1})`);
        if (typeof ack === 'function') ack({ bytes: bytes.length, sha1 });
    });

    socket.on('disconnect', (reason) => {
        log(`- ${socket.id} (${name()}) left: ${reason}`);
        const user = users.get(socket.id);
        users.delete(socket.id);
        if (user) socket.broadcast.emit('user left', { user });
    });
});

httpServer.on('error', (e) => {
    log(`cannot listen on ${host}:${port}: ${e.message}`);
    process.exit(1);
});
httpServer.listen(port, host, () => {
    const actual = httpServer.address().port;
    process.stdout.write(JSON.stringify({ port: actual }) + '\n');
    log(`demo server on http://${host}:${actual}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
