#!/usr/bin/env node
// The official Node.js client (socket.io-client 4.8, pinned in tests/server) in the same runs as
// socketioqt-bench, against bench-server.js. Prints one JSON line per measurement.
//
//   node node-client.js receive --url URL --mode burst|normal --kinds small,medium,binary --n N [--warmup W]
//   node node-client.js ack --url URL --n N [--warmup W]
//   node --expose-gc node-client.js conns --url URL --n N
//   common: [--tag TAG] [--parser json|msgpack]
//
// receive: the handler reads one field (and the attachment's length); client CPU over the timed
// window from process.cpuUsage() (getrusage: user + system, every thread of the process).
// ack: sequential emits, each waiting for its ack; wall time per round trip.
// conns: N clients (one Manager each, as N SocketIO objects) connected at once; RSS after a
// garbage collection with one connection and with all N, and the peak (VmHWM).
'use strict';

const fs = require('fs');
const { requirePinned, EVENT } = require('./common.js');
const { io } = requirePinned('socket.io-client');

function parse(argv) {
    const o = { cmd: argv[0], url: null, mode: 'burst', kinds: 'small,medium,binary', n: 10000, warmup: 1000, tag: '', parser: 'json' };
    for (let i = 1; i < argv.length; ++i) {
        const key = argv[i].replace(/^--/, '');
        const value = argv[++i];
        if (!(key in o) || value === undefined) { console.error(`node-client: bad argument ${argv[i - 1]}`); process.exit(2); }
        o[key] = ['n', 'warmup'].includes(key) ? Number(value) : value;
    }
    return o;
}

const opts = parse(process.argv.slice(2));
const out = (obj) => process.stdout.write(JSON.stringify({ client: 'node', tag: opts.tag, ...obj }) + '\n');
const nowNs = () => process.hrtime.bigint();
const cpuUs = () => { const u = process.cpuUsage(); return u.user + u.system; };

function connect(url) {
    return new Promise((resolve, reject) => {
        const o = { transports: ['websocket'], reconnection: false, forceNew: true };
        if (opts.parser === 'msgpack') o.parser = requirePinned('socket.io-msgpack-parser');
        const socket = io(url, o);
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', reject);
    });
}

// One run: "prepare" (the server builds the burst), then the timed window from "go" until the
// handler has seen the n-th event.
function receiveRun(socket, kind, mode, n) {
    return new Promise((resolve) => {
        socket.emit('prepare', { kind, n, mode }, () => {
            let count = 0;
            let sum = 0;
            let bytes = 0;
            let t0, c0;
            socket.off(EVENT);
            socket.on(EVENT, (p) => {
                sum += p.i;
                if (p.data) bytes += p.data.length;
                if (++count === n) {
                    const wallNs = nowNs() - t0;
                    const cpu = cpuUs() - c0;
                    socket.off(EVENT);
                    const expected = n * (n - 1) / 2;
                    if (sum !== expected) console.error(`node-client: checksum ${sum} != ${expected}`);
                    resolve({ wall_us: Number(wallNs) / 1000, cpu_us: cpu, bytes });
                }
            });
            t0 = nowNs();
            c0 = cpuUs();
            socket.emit('go');
        });
    });
}

async function receive() {
    const socket = await connect(opts.url);
    for (const kind of opts.kinds.split(',')) {
        if (opts.warmup > 0) await receiveRun(socket, kind, opts.mode, opts.warmup);
        const r = await receiveRun(socket, kind, opts.mode, opts.n);
        out({ test: 'receive', mode: opts.mode, kind, n: opts.n, wall_us: r.wall_us, cpu_us: r.cpu_us });
    }
    socket.close();
}

async function ack() {
    const socket = await connect(opts.url);
    const samples = [];
    const total = opts.warmup + opts.n;
    await new Promise((resolve) => {
        let k = 0;
        let t0;
        const next = () => {
            if (k === total) return resolve();
            t0 = nowNs();
            socket.emit('echo', { i: k, name: 'abc', ok: true, vals: [1, 2, 3] }, (reply) => {
                const dt = Number(nowNs() - t0) / 1000;
                if (!reply || reply.i !== k) console.error('node-client: wrong ack');
                if (k >= opts.warmup) samples.push(dt);
                ++k;
                next();
            });
        };
        next();
    });
    samples.sort((a, b) => a - b);
    const pct = (p) => samples[Math.min(samples.length - 1, Math.ceil(p * samples.length) - 1)];
    out({ test: 'ack', n: samples.length, p50_us: pct(0.5), p99_us: pct(0.99),
        mean_us: samples.reduce((a, b) => a + b, 0) / samples.length });
    socket.close();
}

function status(field) {
    const m = fs.readFileSync('/proc/self/status', 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) : 0;
}

function settledRssKb() {
    if (global.gc) { global.gc(); global.gc(); }
    return status('VmRSS');
}

async function conns() {
    const sockets = [await connect(opts.url)];
    await new Promise((r) => setTimeout(r, 100));
    const base = settledRssKb();
    // Opened in waves, as socketioqt-bench does: at most 50 handshakes in flight.
    while (sockets.length < opts.n) {
        const wave = [];
        for (let i = 0; i < 50 && sockets.length + wave.length < opts.n; ++i) wave.push(connect(opts.url));
        sockets.push(...await Promise.all(wave));
    }
    await new Promise((r) => setTimeout(r, 300));
    const all = settledRssKb();
    const connected = sockets.filter((s) => s.connected).length;
    out({ test: 'conns', n: opts.n, connected, rss_base_kb: base, rss_all_kb: all, peak_kb: status('VmHWM'),
        per_conn_kb: (all - base) / (opts.n - 1), gc: !!global.gc });
    for (const s of sockets) s.close();
}

const commands = { receive, ack, conns };
if (!commands[opts.cmd] || !opts.url) {
    console.error('usage: node node-client.js receive|ack|conns --url URL [options]');
    process.exit(2);
}
commands[opts.cmd]().then(() => process.exit(0), (e) => { console.error(`node-client: ${e && e.message || e}`); process.exit(1); });
