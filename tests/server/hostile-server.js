#!/usr/bin/env node
// A hostile Engine.IO / Socket.IO server over HTTP long-polling, for the tests that check the
// client's bounds (tests/cli/tst_hardening.cpp). Plain `http`: no npm package needed.
//
//   node hostile-server.js --scenario NAME [--size BYTES] [--count N] [--port 0] [--tls 1]
//
// Scenarios:
//   chunked-body   answers the first poll after the handshake with a chunked body of --size
//                  bytes (default 1.5 GB), streamed as fast as the client reads it
//   early-flood    sends --count (20) events of --size (20 MB) bytes for every namespace the
//                  client joins, and never answers its CONNECT
//   big-message    answers CONNECT, then sends one event whose argument is --size (99 MB) bytes
//   eio3-ping0     an Engine.IO 3 handshake with pingInterval 0 (and pingTimeout --timeout,
//                  default 20000); then it stops reading: POSTs are never answered, WebSocket
//                  frames never read
//   ping-overflow  an Engine.IO 4 handshake whose pingInterval + pingTimeout pass INT_MAX
//   many-names     answers CONNECT, then sends --count events, each with its own name and an
//                  ack request, in one polling response
//   cookies        sets --count cookies with the handshake; answers CONNECT with an event
//                  "cookies" whose argument is how many cookies came with the CONNECT
//   close-early    answers the handshake, then closes the session (Engine.IO close packet)
//   redirect       answers each request outside /moved/ with --status (302) to --location (by
//                  default the same request under /moved/, which is served as a plain server)
//   garbage        answers the handshake with ANSI escapes, control characters and a long text,
//                  as an HTTP 500 body
//   bad-sid        a handshake whose sid is 300 characters long
//
// --tls 1 serves HTTPS with the certificate of tls/ (for 127.0.0.1 and localhost).
//
// Like server.js, it prints {"port":N} on stdout once listening, logs nothing else (unless
// SIO_TEST_DEBUG=1), and exits when its stdin closes.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const https = require('https');
const path = require('path');

const DEBUG = process.env.SIO_TEST_DEBUG === '1';
const log = DEBUG ? (...a) => console.error('[hostile-server]', ...a) : () => {};

const opts = {
    scenario: '', size: undefined, count: 20, port: 0, status: 302, location: undefined, timeout: 20000, tls: 0,
};
for (let i = 2; i < process.argv.length; i += 2) {
    const key = process.argv[i].replace(/^--/, '');
    if (!(key in opts)) {
        console.error(`[hostile-server] unknown option ${process.argv[i]}`);
        process.exit(2);
    }
    const value = process.argv[i + 1];
    opts[key] = typeof opts[key] === 'string' || key === 'location' ? value : Number(value);
}
const defaultSizes = { 'chunked-body': 1.5e9, 'early-flood': 20e6, 'big-message': 99e6 };
const size = opts.size !== undefined ? opts.size : (defaultSizes[opts.scenario] || 0);

const SID = 'hostile-sid';
const SEP = '\x1e';
let eio = 4;

function handshake(extra) {
    return '0' + JSON.stringify(Object.assign({
        sid: SID, upgrades: [], pingInterval: 25000, pingTimeout: 20000, maxPayload: 1000000,
    }, extra));
}

// EIO 3 text payloads frame each packet with its length; EIO 4 joins them with \x1e.
function payload(packets) {
    if (eio === 3)
        return packets.map((p) => `${p.length}:${p}`).join('');
    return packets.join(SEP);
}

// An event whose single string argument is `bytes` long, built once per size.
const eventCache = new Map();
function bigEvent(nsp, bytes) {
    const key = `${nsp}:${bytes}`;
    if (!eventCache.has(key)) {
        const prefix = nsp === '/' ? '' : `${nsp},`;
        eventCache.set(key, Buffer.from(`42${prefix}["big","${'x'.repeat(bytes)}"]`));
    }
    return eventCache.get(key);
}

// Packets waiting for the next poll, and the poll waiting for them.
const outbox = [];
let pendingPoll = null;
function deliver() {
    if (!pendingPoll || outbox.length === 0)
        return;
    const res = pendingPoll;
    pendingPoll = null;
    const item = outbox.shift();
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8' });
    if (Buffer.isBuffer(item))
        res.end(item);
    else
        res.end(payload(item));
}
function push(item) {
    outbox.push(item);
    deliver();
}

// Streams `total` bytes of one message packet ("4xxxx...") in chunks, as the client reads.
function streamChunked(res, total) {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8' }); // no length: chunked
    const chunk = Buffer.alloc(1 << 20, 'x');
    let sent = 0;
    res.write('4');
    const pump = () => {
        while (sent < total) {
            sent += chunk.length;
            if (!res.write(chunk))
                return res.once('drain', pump);
        }
        res.end();
    };
    res.on('close', () => log(`chunked body: ${sent} bytes sent when the client went`));
    pump();
}

function onPost(req, res, body) {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('ok');
    const packets = eio === 3 ? [] : body.split(SEP);
    for (const p of packets) {
        const m = /^40(\/[^,?]*)?/.exec(p);
        if (!m)
            continue;
        const nsp = m[1] || '/';
        if (opts.scenario === 'early-flood') {
            for (let i = 0; i < opts.count; ++i)
                push(bigEvent(nsp, size));
        } else if (opts.scenario === 'cookies') {
            const cookies = (req.headers.cookie || '').split(';').filter((c) => c.trim() !== '');
            push([nsp === '/' ? '40{"sid":"s1"}' : `40${nsp},{"sid":"s1"}`,
                  `42${nsp === '/' ? '' : `${nsp},`}["cookies",${cookies.length}]`]);
        } else if (opts.scenario === 'many-names') {
            const prefix = nsp === '/' ? '' : `${nsp},`;
            const events = [];
            for (let i = 0; i < opts.count; ++i)
                events.push(`42${prefix}${i}["e${i}"]`);
            push([nsp === '/' ? '40{"sid":"s1"}' : `40${nsp},{"sid":"s1"}`].concat(events));
        } else if (opts.scenario === 'big-message') {
            push([nsp === '/' ? '40{"sid":"s1"}' : `40${nsp},{"sid":"s1"}`]);
            push(bigEvent(nsp, size));
        } else {
            push([nsp === '/' ? '40{"sid":"s1"}' : `40${nsp},{"sid":"s1"}`]);
        }
    }
}

let polls = 0;
function onRequest(req, res) {
    const url = new URL(req.url, 'http://localhost');
    log(req.method, req.url);
    if (opts.scenario === 'redirect' && !url.pathname.startsWith('/moved/')) {
        const location = opts.location || `/moved${url.pathname}${url.search}`;
        res.writeHead(opts.status, { Location: location });
        return res.end();
    }
    if (opts.scenario === 'garbage') {
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        return res.end('\x1b[2J\x1b[31mPWNED\x1b[0m\r\nFake: header\x07\x00' + 'A'.repeat(100000));
    }
    if (url.searchParams.get('EIO') === '3')
        eio = 3;
    if (req.method === 'POST') {
        if (opts.scenario === 'eio3-ping0')
            return; // never read, never answered
        let body = '';
        req.setEncoding('utf8');
        req.on('data', (d) => { body += d; });
        req.on('end', () => onPost(req, res, body));
        return;
    }
    if (!url.searchParams.get('sid')) {
        const headers = { 'Content-Type': 'text/plain; charset=UTF-8' };
        if (opts.scenario === 'cookies') {
            headers['Set-Cookie'] = Array.from({ length: opts.count }, (_, i) => `c${i}=v; Path=/`);
            // With a length: Qt 6.4 reads a chunked body after 100 headers as raw chunks.
            const body = payload([handshake({})]);
            headers['Content-Length'] = Buffer.byteLength(body);
            res.writeHead(200, headers);
            return res.end(body);
        }
        res.writeHead(200, headers);
        if (opts.scenario === 'eio3-ping0')
            return res.end(payload([handshake({ pingInterval: 0, pingTimeout: opts.timeout, maxPayload: undefined })]));
        if (opts.scenario === 'ping-overflow')
            return res.end(payload([handshake({ pingInterval: 2147483647, pingTimeout: 2147483647 })]));
        if (opts.scenario === 'bad-sid')
            return res.end(payload([handshake({ sid: 's'.repeat(300) })]));
        return res.end(payload([handshake({})]));
    }
    ++polls;
    if (opts.scenario === 'chunked-body' && polls === 1)
        return streamChunked(res, size);
    if (opts.scenario === 'close-early' && polls === 1) {
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8' });
        return res.end(payload(['1']));
    }
    pendingPoll = res;
    res.on('close', () => { if (pendingPoll === res) pendingPoll = null; });
    deliver();
}
const tlsDir = path.join(__dirname, 'tls');
const server = opts.tls
    ? https.createServer({ key: fs.readFileSync(path.join(tlsDir, 'key.pem')),
                           cert: fs.readFileSync(path.join(tlsDir, 'cert.pem')) }, onRequest)
    : http.createServer(onRequest);

// WebSocket, by hand (no npm package): enough to send any frame and to stop reading.
function wsFrame(opcode, data) {
    const body = Buffer.isBuffer(data) ? data : Buffer.from(data);
    let head;
    if (body.length < 126) {
        head = Buffer.from([0x80 | opcode, body.length]);
    } else if (body.length < 65536) {
        head = Buffer.from([0x80 | opcode, 126, 0, 0]);
        head.writeUInt16BE(body.length, 2);
    } else {
        head = Buffer.alloc(10);
        head[0] = 0x80 | opcode;
        head[1] = 127;
        head.writeBigUInt64BE(BigInt(body.length), 2);
    }
    return Buffer.concat([head, body]);
}

// Calls onText with each text frame the client sends (small, unfragmented ones: all we need).
function readFrames(socket, onText) {
    let buf = Buffer.alloc(0);
    socket.on('data', (d) => {
        buf = Buffer.concat([buf, d]);
        for (;;) {
            if (buf.length < 2)
                return;
            let len = buf[1] & 0x7f;
            let off = 2;
            if (len === 126) {
                if (buf.length < 4) return;
                len = buf.readUInt16BE(2);
                off = 4;
            } else if (len === 127) {
                if (buf.length < 10) return;
                len = Number(buf.readBigUInt64BE(2));
                off = 10;
            }
            const masked = buf[1] & 0x80;
            if (buf.length < off + (masked ? 4 : 0) + len)
                return;
            const mask = masked ? buf.subarray(off, off + 4) : null;
            off += masked ? 4 : 0;
            const data = Buffer.from(buf.subarray(off, off + len));
            if (mask)
                for (let i = 0; i < data.length; ++i) data[i] ^= mask[i & 3];
            const opcode = buf[0] & 0x0f;
            buf = buf.subarray(off + len);
            if (opcode === 1)
                onText(data.toString('utf8'));
            else if (opcode === 8)
                socket.end();
        }
    });
}

function onUpgrade(req, socket) {
    const accept = crypto.createHash('sha1')
        .update(req.headers['sec-websocket-key'] + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
                 `Sec-WebSocket-Accept: ${accept}\r\n\r\n`);
    socket.on('error', () => {});
    const send = (text) => socket.write(wsFrame(1, text));
    if (new URL(req.url, 'http://localhost').searchParams.get('EIO') === '3')
        eio = 3;
    if (opts.scenario === 'eio3-ping0') {
        send(handshake({ pingInterval: 0, pingTimeout: opts.timeout, maxPayload: undefined }));
        send('40'); // revision 4: "/" is joined
        socket.pause(); // and never reads again
        return;
    }
    send(handshake({}));
    readFrames(socket, (text) => {
        const m = /^40(\/[^,?]*)?/.exec(text);
        if (!m)
            return;
        const nsp = m[1] || '/';
        const answer = nsp === '/' ? '40{"sid":"s1"}' : `40${nsp},{"sid":"s1"}`;
        if (opts.scenario === 'early-flood') {
            for (let i = 0; i < opts.count; ++i)
                socket.write(wsFrame(1, bigEvent(nsp, size)));
            return;
        }
        send(answer);
        if (opts.scenario === 'big-message')
            socket.write(wsFrame(1, bigEvent(nsp, size)));
    });
}
server.on('upgrade', onUpgrade);

server.listen(opts.port, '127.0.0.1', () => {
    process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
