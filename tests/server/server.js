#!/usr/bin/env node
// The one real Socket.IO server that every SocketIOQt integration test talks to.
//
//   node server.js [--version 4|2|1] [--port 0] [--host 127.0.0.1]
//                  [--ping-interval MS] [--ping-timeout MS] [--max-payload BYTES]
//                  [--allow-eio3] [--recovery] [--transports websocket,polling]
//                  [--tls-cert FILE --tls-key FILE] [--path /socket.io] [--cookie]
//                  [--redis redis://127.0.0.1:6379] [--name NAME] [--tls-ca FILE]
//                  [--parser json|msgpack]
//
// --version 4 is socket.io 4.8 (protocol revision 5, Engine.IO 4), 2 is socket.io 2.5.1 and
// 1 is socket.io 1.7.4 (both revision 4, Engine.IO 3). When listening it prints exactly one line,
// {"port":N}, on stdout. Everything else goes to stderr, and only with SIO_TEST_DEBUG=1 (fatal
// errors always). It exits on SIGTERM/SIGINT and when its stdin (a pipe or a terminal) closes, so
// a test that dies never leaves it behind.
//
// Namespaces: "/", "/chat", "/admin" (needs the token "secret": auth.token with revision 5,
// the namespace or connection query "token" otherwise) and "/slow" (middleware waits 200 ms).
// --parser msgpack gives socket.io 4.8 the parser of socket.io-msgpack-parser 3.0.2 (the client
// must use the same one); json is socket.io's default.
// --name only labels the server: "whoami" reports it as `node` (several servers behind a balancer).
// Every namespace has the same handlers, see attachHandlers() below.
'use strict';

const fs = require('fs');
const http = require('http');
const https = require('https');

const USAGE = 'usage: node server.js [--version 4|2|1] [--port N] [--host ADDR] [--ping-interval MS]\n' +
    '       [--ping-timeout MS] [--max-payload BYTES] [--allow-eio3] [--recovery]\n' +
    '       [--transports websocket,polling] [--tls-cert FILE --tls-key FILE] [--path /socket.io]\n' +
    '       [--cookie] [--redis URL] [--name NAME] [--tls-ca FILE] [--parser json|msgpack]';

const DEBUG = process.env.SIO_TEST_DEBUG === '1';
const log = DEBUG ? (...a) => console.error('[test-server]', ...a) : () => {};
if (!DEBUG) process.noDeprecation = true; // socket.io 1.x/2.x use new Buffer()

function fatal(message) {
    console.error(`[test-server] ${message}`);
    process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Command line

function parseArgs(argv) {
    const o = {
        version: 4, port: 0, host: '127.0.0.1', pingInterval: undefined, pingTimeout: undefined,
        maxPayload: undefined, allowEIO3: false, recovery: false, transports: undefined,
        tlsCert: undefined, tlsKey: undefined, path: '/socket.io', cookie: false, redis: undefined,
        name: null, tlsCa: undefined, parser: 'json',
    };
    const flags = { '--allow-eio3': 'allowEIO3', '--recovery': 'recovery', '--cookie': 'cookie' };
    const values = {
        '--version': 'version', '--port': 'port', '--host': 'host', '--ping-interval': 'pingInterval',
        '--ping-timeout': 'pingTimeout', '--max-payload': 'maxPayload', '--transports': 'transports',
        '--tls-cert': 'tlsCert', '--tls-key': 'tlsKey', '--path': 'path', '--redis': 'redis',
        '--name': 'name', '--tls-ca': 'tlsCa', '--parser': 'parser',
    };
    const numeric = new Set(['version', 'port', 'pingInterval', 'pingTimeout', 'maxPayload']);
    for (let i = 0; i < argv.length; ++i) {
        let arg = argv[i];
        let inline;
        const eq = arg.indexOf('=');
        if (arg.startsWith('--') && eq > 0) { inline = arg.slice(eq + 1); arg = arg.slice(0, eq); }
        if (arg === '--help' || arg === '-h') { console.error(USAGE); process.exit(0); }
        if (flags[arg]) { o[flags[arg]] = true; continue; }
        const key = values[arg];
        if (!key) fatal(`unknown argument ${arg}\n${USAGE}`);
        const value = inline !== undefined ? inline : argv[++i];
        if (value === undefined) fatal(`${arg} needs a value`);
        if (numeric.has(key)) {
            const n = Number(value);
            if (!Number.isInteger(n) || n < 0) fatal(`${arg}: not a number: ${value}`);
            o[key] = n;
        } else {
            o[key] = value;
        }
    }
    if (![1, 2, 4].includes(o.version)) fatal('--version must be 4, 2 or 1');
    if (o.transports !== undefined) {
        o.transports = o.transports.split(',').map((t) => t.trim()).filter(Boolean);
        for (const t of o.transports) {
            if (t !== 'websocket' && t !== 'polling') fatal(`unknown transport ${t}`);
        }
    }
    if (!!o.tlsCert !== !!o.tlsKey) fatal('--tls-cert and --tls-key go together');
    if (o.tlsCa && !o.tlsCert) fatal('--tls-ca needs --tls-cert and --tls-key');
    if (o.version !== 4 && o.recovery) fatal('--recovery needs --version 4');
    if (o.version !== 4 && o.redis) fatal('--redis needs --version 4');
    if (!['json', 'msgpack'].includes(o.parser)) fatal('--parser must be json or msgpack');
    if (o.version !== 4 && o.parser !== 'json') fatal('--parser msgpack needs --version 4');
    return o;
}

// ---------------------------------------------------------------------------------------------
// The three socket.io generations, behind one createIo()

function createIo(opts, httpServer) {
    const common = { path: opts.path, serveClient: false };
    if (opts.pingInterval !== undefined) common.pingInterval = opts.pingInterval;
    if (opts.pingTimeout !== undefined) common.pingTimeout = opts.pingTimeout;
    if (opts.maxPayload !== undefined) common.maxHttpBufferSize = opts.maxPayload;
    if (opts.transports !== undefined) common.transports = opts.transports;

    if (opts.version === 4) {
        const { Server } = require('socket.io');
        const o = { ...common, allowEIO3: opts.allowEIO3,
            cookie: opts.cookie ? { name: 'io', path: '/', httpOnly: true, sameSite: 'lax' } : false };
        if (opts.parser === 'msgpack') o.parser = require('socket.io-msgpack-parser');
        if (opts.recovery) {
            o.connectionStateRecovery = { maxDisconnectionDuration: 60000, skipMiddlewares: true };
        }
        return new Server(httpServer, o);
    }
    // socket.io 1.x/2.x (Engine.IO 3 only; engine.io sets the "io" cookie unless told not to)
    const pkg = opts.version === 2 ? 'socket.io-v2' : 'socket.io-v1';
    return require(pkg)(httpServer, { ...common, cookie: opts.cookie ? 'io' : false });
}

function serverPackageVersion(version) {
    const pkg = { 4: 'socket.io', 2: 'socket.io-v2', 1: 'socket.io-v1' }[version];
    return require(`${pkg}/package.json`).version;
}

// ---------------------------------------------------------------------------------------------
// Handlers, identical on every namespace

// The cookie header of the latest HTTP request (polling request or WebSocket upgrade) of each
// Engine.IO session, so that "whoami" can tell whether a client sends back the "io" cookie.
const lastCookie = new Map();
function recordCookie(req) {
    const sid = new URL(req.url, 'http://x').searchParams.get('sid');
    if (sid) lastCookie.set(sid, req.headers.cookie || null);
}

function withoutAck(args) {
    const a = args.slice();
    const ack = typeof a[a.length - 1] === 'function' ? a.pop() : null;
    return [a, ack];
}

function makeBinary() {
    return [{ a: Buffer.from([1, 2, 3]), nested: { list: [Buffer.from([4, 5]), 'text', { deep: Buffer.from([6]) }] } },
        Buffer.from([7, 8, 9])];
}

// How many times each "flaky-ack" id arrived, for this server process (all namespaces).
const flakyReceipts = new Map();
// Why each socket left (by socket id), for tests that check what the server saw.
const disconnectReasons = new Map();

const TYPES = ['str', 42, -1.5, true, false, null, { obj: { x: [1, 'two', null] } }, [1, 2, 3],
    'üñíçødé ✓ 😀', '', 9007199254740991, 1e21];

// Stops the Engine.IO heartbeat of one connection for `ms`: with Engine.IO 4 the server sends
// no ping (and does not time the client out itself); with Engine.IO 3 it does not answer the
// client's pings. All other packets still flow. The client should then close with "ping timeout".
function silence(conn, ms) {
    if (conn._silenced) return;
    conn._silenced = true;
    const eio4 = conn.protocol === 4; // undefined on socket.io 1.x/2.x: Engine.IO 3
    const origSend = conn.sendPacket;
    const origReset = conn.resetPingTimeout;
    conn.sendPacket = function (type, ...rest) {
        if (type === 'ping' || type === 'pong') { log(`silence: dropped ${type} for ${conn.id}`); return; }
        return origSend.call(this, type, ...rest);
    };
    if (eio4) {
        clearTimeout(conn.pingTimeoutTimer);
        conn.pingTimeoutTimer = null;
        conn.resetPingTimeout = () => {};
    }
    setTimeout(() => {
        conn.sendPacket = origSend;
        if (eio4) conn.resetPingTimeout = origReset;
        conn._silenced = false;
        if (eio4 && conn.readyState === 'open') {
            clearTimeout(conn.pingIntervalTimer);
            conn.schedulePing();
        }
        log(`silence over for ${conn.id} (${conn.readyState})`);
    }, Math.max(0, Number(ms) || 0));
}

function attachHandlers(io, socket) {
    const nspName = socket.nsp.name;
    const on = (event, fn) => socket.on(event, (...args) => {
        try {
            fn(...args);
        } catch (e) {
            console.error(`[test-server] handler "${event}" on ${nspName} failed: ${e.stack || e}`);
        }
    });

    on('echo', (...all) => {
        const [args, ack] = withoutAck(all);
        if (ack) ack(...args);
        else socket.emit('echo', ...args);
    });
    on('ack-me', (...all) => {
        const [args, ack] = withoutAck(all);
        if (ack) ack(...args);
    });
    on('ask', ({ event, args = [] } = {}) => {
        socket.emit(event, ...args, (...reply) => socket.emit('answer', reply));
    });
    on('burst', ({ count = 0, event = 'item', binary = false } = {}) => {
        for (let k = 0; k < count; ++k) {
            if (binary) socket.emit(event, { i: k }, Buffer.alloc(16, k & 255));
            else socket.emit(event, { i: k });
        }
        socket.emit('burst-done', { count });
    });
    on('binary', (...all) => {
        const [, ack] = withoutAck(all);
        socket.emit('binary', ...makeBinary());
        if (ack) ack(...makeBinary());
    });
    on('types', () => socket.emit('types', ...TYPES));
    on('whoami', (...all) => {
        const [, ack] = withoutAck(all);
        if (!ack) return;
        const h = socket.handshake;
        ack({
            id: socket.id,
            nsp: nspName,
            auth: h.auth || null,
            query: h.query,
            headers: h.headers,
            cookie: lastCookie.has(socket.conn.id) ? lastCookie.get(socket.conn.id) : (h.headers.cookie || null),
            transport: socket.conn.transport.name,
            recovered: !!socket.recovered,
            protocol: socket.conn.protocol || 3,
            server: serverPackageVersion(OPTS.version),
            node: OPTS.name,
        });
    });
    on('disconnect-me', () => socket.disconnect());
    on('close-engine', () => socket.conn.close());
    on('big', (...all) => {
        const [args, ack] = withoutAck(all);
        const size = Math.max(0, Number((args[0] || {}).size) || 0);
        if (ack) ack('x'.repeat(size));
        const buf = Buffer.alloc(size);
        for (let i = 0; i < size; ++i) buf[i] = i & 255;
        socket.emit('big', buf);
    });
    on('broadcast', ({ event, args = [] } = {}) => io.of(nspName).emit(event, ...args));
    on('silence', ({ ms = 0 } = {}) => silence(socket.conn, ms));
    on('flaky-ack', ({ id, after = 2 } = {}, ack) => {
        const n = (flakyReceipts.get(id) || 0) + 1;
        flakyReceipts.set(id, n);
        if (n >= after && typeof ack === 'function') ack(id, n);
    });
    on('receipts', ({ id } = {}, ack) => {
        if (typeof ack === 'function') ack(flakyReceipts.get(id) || 0);
    });
    on('disconnect-reason', ({ id } = {}, ack) => {
        if (typeof ack === 'function') ack(disconnectReasons.get(id) ?? null);
    });
    socket.on('disconnect', (reason) => {
        disconnectReasons.set(socket.id, reason);
        log(`${nspName} ${socket.id} disconnected: ${reason}`);
    });
}

function tokenOf(socket) {
    const h = socket.handshake;
    // revision 5: CONNECT auth; socket.io 4 with an EIO3 client also puts the namespace query there;
    // socket.io 1.x/2.x merge the namespace query into the connection query.
    return (h.auth && h.auth.token) || (h.query && h.query.token);
}

function setupNamespaces(io) {
    io.of('/admin').use((socket, next) => {
        if (tokenOf(socket) === 'secret') return next();
        log(`/admin refused ${socket.id}`);
        const err = new Error('not authorized');
        err.data = { reason: 'bad token', code: 401 };
        next(err);
    });
    io.of('/slow').use((socket, next) => setTimeout(next, 200));
    for (const name of ['/', '/chat', '/admin', '/slow']) {
        io.of(name).on('connection', (socket) => {
            log(`${name} connection ${socket.id} over ${socket.conn.transport.name}` +
                (socket.recovered ? ' (recovered)' : ''));
            attachHandlers(io, socket);
        });
    }
}

async function setupRedis(io, url) {
    const { createClient } = require('redis');
    const { createAdapter } = require('@socket.io/redis-adapter');
    const pub = createClient({ url });
    const sub = pub.duplicate();
    pub.on('error', (e) => log(`redis: ${e}`));
    sub.on('error', (e) => log(`redis: ${e}`));
    await Promise.all([pub.connect(), sub.connect()]);
    io.adapter(createAdapter(pub, sub));
}

// ---------------------------------------------------------------------------------------------
// Main

const OPTS = parseArgs(process.argv.slice(2));

async function main() {
    const tlsOptions = () => {
        const o = { cert: fs.readFileSync(OPTS.tlsCert), key: fs.readFileSync(OPTS.tlsKey) };
        // --tls-ca: clients must present a certificate signed by this CA.
        if (OPTS.tlsCa) Object.assign(o, { ca: fs.readFileSync(OPTS.tlsCa), requestCert: true, rejectUnauthorized: true });
        return o;
    };
    const httpServer = OPTS.tlsCert ? https.createServer(tlsOptions()) : http.createServer();
    const io = createIo(OPTS, httpServer);
    // after createIo: engine.io moves the 'request' listeners that exist when it attaches
    httpServer.prependListener('request', recordCookie);
    httpServer.prependListener('upgrade', recordCookie);
    io.engine.on('connection', (conn) => conn.on('close', () => lastCookie.delete(conn.id)));
    if (OPTS.redis) await setupRedis(io, OPTS.redis);
    setupNamespaces(io);

    httpServer.on('error', (e) => fatal(`listen on ${OPTS.host}:${OPTS.port} failed: ${e.message}`));
    httpServer.listen(OPTS.port, OPTS.host, () => {
        const { port } = httpServer.address();
        log(`socket.io ${serverPackageVersion(OPTS.version)} listening on ${OPTS.host}:${port}` +
            ` (${OPTS.tlsCert ? 'https' : 'http'}, path ${OPTS.path})`);
        process.stdout.write(JSON.stringify({ port }) + '\n');
    });
}

function quit(why) {
    log(`exiting: ${why}`);
    process.exit(0);
}
process.on('SIGTERM', () => quit('SIGTERM'));
process.on('SIGINT', () => quit('SIGINT'));
process.on('uncaughtException', (e) => console.error(`[test-server] uncaught: ${e.stack || e}`));

// Exit when the parent goes away: watch stdin when it is a pipe, a socket or a terminal
// (not /dev/null or a file, which would end at once).
try {
    const st = fs.fstatSync(0);
    if (st.isFIFO() || st.isSocket() || process.stdin.isTTY) {
        process.stdin.on('end', () => quit('stdin closed'));
        process.stdin.on('close', () => quit('stdin closed'));
        process.stdin.on('error', () => quit('stdin error'));
        process.stdin.resume();
    }
} catch (e) {
    // no stdin at all
}

main().catch((e) => fatal(e.stack || String(e)));
