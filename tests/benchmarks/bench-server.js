#!/usr/bin/env node
// The benchmark server: socket.io 4.8 (the pinned tests/server package), WebSocket only, no
// heartbeat during a run (ping interval 10 minutes), room for thousands of connections.
//
//   node bench-server.js [--port 0] [--host 127.0.0.1] [--parser json|msgpack]
//
// Prints {"port":N,"pid":P} on stdout once listening; exits when stdin closes or on SIGTERM.
//
// Every client (SocketIOQt, the Node client, the raw QWebSocket floor) drives it with the same
// events on "/":
// - "prepare" {kind, n, mode}, ack: in burst mode, builds the exact frames that
//   socket.emit("item", payload(k)) would send for k = 0..n-1 (socket.io-parser, then the
//   Engine.IO '4' prefix, then unmasked WebSocket framing) into one buffer; acks {bytes}.
// - "go": burst mode writes that buffer to the TCP socket in one write (the server does no work
//   per event during the client's timed window); normal mode calls socket.emit n times.
// - "echo" (...args, ack): acks the same arguments (the ack round trip).
// The payloads are in common.js. With --parser msgpack (socket.io-msgpack-parser) every packet is
// one binary frame, the burst included.
'use strict';

const http = require('http');
const { requirePinned, EVENT, PAYLOADS, encodeFrames } = require('./common.js');
const { Server } = requirePinned('socket.io');

const opts = { port: 0, host: '127.0.0.1', parser: 'json' };
for (let i = 2; i < process.argv.length; ++i) {
    const a = process.argv[i];
    if (a === '--port') opts.port = Number(process.argv[++i]);
    else if (a === '--host') opts.host = process.argv[++i];
    else if (a === '--parser') opts.parser = process.argv[++i];
    else { console.error(`bench-server: unknown argument ${a}`); process.exit(2); }
}

// One unmasked, final WebSocket frame (server to client, RFC 6455 section 5.2).
function wsFrame(opcode, payload) {
    const n = payload.length;
    let header;
    if (n < 126) {
        header = Buffer.from([0x80 | opcode, n]);
    } else if (n < 65536) {
        header = Buffer.alloc(4);
        header[0] = 0x80 | opcode; header[1] = 126; header.writeUInt16BE(n, 2);
    } else {
        header = Buffer.alloc(10);
        header[0] = 0x80 | opcode; header[1] = 127; header.writeBigUInt64BE(BigInt(n), 2);
    }
    return [header, payload];
}

const msgpack = opts.parser === 'msgpack' ? requirePinned('socket.io-msgpack-parser') : null;

function buildBurst(kind, n) {
    const make = PAYLOADS[kind];
    const parts = [];
    if (msgpack) {
        const encoder = new msgpack.Encoder();
        for (let k = 0; k < n; ++k)
            parts.push(...wsFrame(0x2, encoder.encode({ type: 2, nsp: '/', data: [EVENT, make(k)] })[0]));
        return Buffer.concat(parts);
    }
    for (let k = 0; k < n; ++k) {
        const frames = encodeFrames({ type: 2, nsp: '/', data: [EVENT, make(k)] });
        // Engine.IO 4 over WebSocket: a text packet is '4' + the string, binary goes as is.
        parts.push(...wsFrame(0x1, Buffer.from('4' + frames[0], 'utf8')));
        for (let j = 1; j < frames.length; ++j)
            parts.push(...wsFrame(0x2, frames[j]));
    }
    return Buffer.concat(parts);
}

const httpServer = http.createServer();
const io = new Server(httpServer, {
    serveClient: false,
    transports: ['websocket'],
    pingInterval: 600000,
    pingTimeout: 600000,
    maxHttpBufferSize: 1e8,
    perMessageDeflate: false,
    ...(msgpack ? { parser: msgpack } : {}),
});

const bursts = new Map(); // "kind/n" -> the frames: the same for every client and run

io.on('connection', (socket) => {
    let run = null;
    socket.on('prepare', (o, ack) => {
        const kind = String(o && o.kind);
        if (!PAYLOADS[kind]) return typeof ack === 'function' && ack({ error: `unknown kind ${kind}` });
        run = { kind, n: Number(o.n) || 0, mode: o.mode === 'normal' ? 'normal' : 'burst' };
        if (run.mode === 'burst') {
            const key = `${kind}/${run.n}`;
            if (!bursts.has(key)) bursts.set(key, buildBurst(kind, run.n));
            run.buffer = bursts.get(key);
        }
        if (typeof ack === 'function') ack({ bytes: run.buffer ? run.buffer.length : 0 });
    });
    socket.on('go', () => {
        if (!run) return;
        const r = run;
        run = null;
        if (r.mode === 'burst') {
            // The engine's ws socket and its TCP socket: the frames go out behind whatever ws
            // has written before (nothing is queued in ws: no compression, acks already out).
            socket.conn.transport.socket._socket.write(r.buffer);
        } else {
            const make = PAYLOADS[r.kind];
            for (let k = 0; k < r.n; ++k) socket.emit(EVENT, make(k));
        }
    });
    socket.on('echo', (...args) => {
        const ack = typeof args[args.length - 1] === 'function' ? args.pop() : null;
        if (ack) ack(...args);
    });
});

httpServer.listen(opts.port, opts.host, () => {
    process.stdout.write(JSON.stringify({ port: httpServer.address().port, pid: process.pid }) + '\n');
});

const quit = () => process.exit(0);
process.on('SIGTERM', quit);
process.on('SIGINT', quit);
process.stdin.on('end', quit);
process.stdin.on('close', quit);
process.stdin.resume();
