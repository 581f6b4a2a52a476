#!/usr/bin/env node
// The codec corpus and socket.io-parser's side of the codec benchmark.
//
//   node codec.js --corpus FILE             writes the fixed corpus (common.js) as the frames
//                                           socket.io-parser makes of it:
//                                           {"text": [[text], ...], "binary": [[text, base64...], ...]}
//   node codec.js --bench FILE [--seconds S] [--tag TAG]
//                                           encode and decode throughput of socket.io-parser on
//                                           it, one JSON line per set and direction
//
// Encode: Encoder.encode(packet) -> frames. Decode: Decoder.add(text) (+ add(buffer) for each
// attachment) until "decoded". Throughput in packets and wire bytes (text + attachments) per
// second of process CPU time, as socketioqt-bench codec measures it.
'use strict';

const fs = require('fs');
const { requirePinned, corpus, encodeFrames } = require('./common.js');

const args = process.argv.slice(2);
const arg = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };

function wire() {
    const c = corpus();
    const toWire = (p) => encodeFrames(p).map((f, i) => (i === 0 ? f : Buffer.from(f).toString('base64')));
    return { text: c.text.map(toWire), binary: c.binary.map(toWire) };
}

if (arg('--corpus')) {
    fs.writeFileSync(arg('--corpus'), JSON.stringify(wire(), null, 1) + '\n');
    process.exit(0);
}

const file = arg('--bench');
if (!file) {
    console.error('usage: node codec.js --corpus FILE | --bench FILE [--seconds S] [--tag TAG]');
    process.exit(2);
}
const seconds = Number(arg('--seconds', '1'));
const tag = arg('--tag', '');
const { Encoder, Decoder } = requirePinned('socket.io-parser');
const data = JSON.parse(fs.readFileSync(file, 'utf8'));
const cpuUs = () => { const u = process.cpuUsage(); return u.user + u.system; };

function time(set, op, count, bytesPerRound, body) {
    const warm = Date.now();
    while (Date.now() - warm < Math.max(500, seconds * 300)) body(); // the JIT settles
    let rounds = 0;
    const c0 = cpuUs();
    const t0 = process.hrtime.bigint();
    do {
        for (let i = 0; i < 16; ++i) body();
        rounds += 16;
    } while (Number(process.hrtime.bigint() - t0) < seconds * 1e9);
    const s = (cpuUs() - c0) / 1e6;
    process.stdout.write(JSON.stringify({ client: 'node', tag, test: 'codec', set, op,
        packets_per_s: rounds * count / s, mb_per_s: rounds * bytesPerRound / s / 1e6 }) + '\n');
}

for (const set of ['text', 'binary']) {
    const frames = data[set].map((f) => [f[0], ...f.slice(1).map((b) => Buffer.from(b, 'base64'))]);
    const bytes = frames.reduce((sum, f) => sum + Buffer.byteLength(f[0]) + f.slice(1).reduce((a, b) => a + b.length, 0), 0);
    // The encoder's input as socket.emit hands it over: EVENT / ACK packets holding Buffers
    // (the encoder makes BINARY_* packets of them, without changing its input).
    const packets = corpus()[set];
    const check = new Decoder();
    let decoded = 0;
    check.on('decoded', () => ++decoded);
    for (const f of frames) for (const x of f) check.add(x);
    if (decoded !== frames.length) throw new Error('corpus does not decode');

    const encoder = new Encoder();
    let sink = 0;
    time(set, 'encode', packets.length, bytes, () => {
        for (const p of packets) sink += encoder.encode(p).length;
    });
    const decoder = new Decoder();
    let last = null;
    decoder.on('decoded', (p) => { last = p; });
    time(set, 'decode', packets.length, bytes, () => {
        for (const f of frames) {
            for (const x of f) decoder.add(x);
            sink += last.type;
        }
    });
    if (sink === 0.5) console.log(sink);
}
