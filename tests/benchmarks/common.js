// Shared by the benchmark's Node scripts: the pinned npm packages of tests/server, the three
// event payloads, and the fixed codec corpus.
'use strict';

const path = require('path');
const { createRequire } = require('module');

// The pinned packages live in tests/server/node_modules (socket.io 4.8, socket.io-client 4.8,
// socket.io-parser 4.2 as socket.io's own dependency).
const serverDir = path.join(__dirname, '..', 'server');
const requirePinned = createRequire(path.join(serverDir, 'package.json'));

// The event every receive run sends, for each kind:
// - small:  ["item",{"i":k,"name":"abc","ok":true,"vals":[1,2,3]}]
// - medium: ["item",{"i":k,...}], about 1 KB of JSON (970 bytes) (a record with nested objects and lists)
// - binary: ["item",{"i":k,"name":"blob","data":<1 KiB Buffer>}], one attachment
const EVENT = 'item';
const BLOB = Buffer.alloc(1024, 0xab);

function small(k) {
    return { i: k, name: 'abc', ok: true, vals: [1, 2, 3] };
}

function medium(k) {
    const items = [];
    for (let j = 0; j < 7; ++j) {
        items.push({ id: 100 + j, title: `Widget number ${j}`, price: 12.5 + j, qty: j + 1,
            tags: ['red', 'blue'], inStock: j % 2 === 0 });
    }
    return {
        i: k,
        user: { id: 4711, name: 'Ada Lovelace', email: 'ada@example.com', roles: ['admin', 'editor'],
            active: true, score: 98.25 },
        items,
        note: 'The quick brown fox jumps over the lazy dog; grüße aus Köln ✓',
        ts: 1700000000000 + k,
        meta: { version: 3, region: 'eu-west-1', trace: null },
    };
}

function binary(k) {
    return { i: k, name: 'blob', data: BLOB };
}

const PAYLOADS = { small, medium, binary };

// The codec corpus: packets as socket.emit hands them to socket.io-parser's Encoder (EVENT and
// ACK; the encoder makes BINARY_EVENT / BINARY_ACK of those holding Buffers). "text" packets
// carry no binary, "binary" ones one or more attachments. Fixed: the same on every run, and
// the same for SocketIOQt (which reads it from corpus.json written by `node codec.js --corpus`).
function corpus() {
    const text = [
        { type: 2, nsp: '/', data: ['item', small(1)] },
        { type: 2, nsp: '/', data: ['item', medium(2)] },
        { type: 2, nsp: '/', id: 17, data: ['echo', small(3)] },
        { type: 3, nsp: '/', id: 17, data: [small(3)] },
        { type: 2, nsp: '/chat', data: ['message', 'hello world', 42, -1.5, true, null] },
        { type: 2, nsp: '/', data: ['unicode', 'üñíçødé ✓ 😀', { 'ключ': 'значение', emoji: '🎉🎉' }] },
        { type: 2, nsp: '/', data: ['numbers', [0, 1, -1, 2147483647, 9007199254740991, 3.141592653589793,
            1e21, 1.5e-7, -0.001]] },
        { type: 2, nsp: '/', data: ['escapes', 'line\nbreak\t"quoted" \\ back', 'ctrl\u0001'] },
        { type: 0, nsp: '/admin', data: { token: 'secret', pid: 'abc', offset: 'xyz' } },
        { type: 3, nsp: '/', id: 123456, data: [] },
    ];
    const bin = [
        { type: 2, nsp: '/', data: ['item', binary(1)] },
        { type: 2, nsp: '/', data: ['files', { a: Buffer.from([1, 2, 3]),
            nested: { list: [Buffer.alloc(300, 7), 'text', { deep: Buffer.alloc(64, 9) }] } }] },
        { type: 3, nsp: '/', id: 9, data: [{ ok: true, blob: Buffer.alloc(4096, 5) }] },
    ];
    return { text, binary: bin };
}

// Socket.IO packets -> the frames socket.io-parser makes of them: [string, ...Buffer].
function encodeFrames(packet) {
    const { Encoder } = requirePinned('socket.io-parser');
    return new Encoder().encode(packet);
}

module.exports = { requirePinned, serverDir, EVENT, PAYLOADS, corpus, encodeFrames };
