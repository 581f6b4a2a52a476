// The official JavaScript clients against SocketIOQt's TestServer (tests/testkit,
// tst_testkit_conformance starts the servers and this script).
//
//   node conformance-client.js <url> <recovery-url>
//
// For socket.io-client 4.8.4 and 2.5.0 and each transport (polling, websocket, polling then the
// upgrade), runs the steps below and prints one JSON line per step:
// {"client":"4.8.4","transport":"polling","step":"connect","ok":true,"detail":...}.
// The server side of each step is the handler of the same name in tst_testkit_conformance.cpp.
// <recovery-url> is a TestServer with connection state recovery (4.x only).
'use strict';

const assert = require('assert');
const clients = [
    {name: require('socket.io-client/package.json').version, io: require('socket.io-client'), v2: false},
    {name: require('socket.io-client-v2/package.json').version, io: require('socket.io-client-v2'), v2: true},
];
const [url, recoveryUrl] = process.argv.slice(2);
const STEP_TIMEOUT = 5000;

function options(client, transport, extra = {}) {
    const o = {forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 200, ...extra};
    if (transport === 'polling') o.transports = ['polling'];
    if (transport === 'websocket') o.transports = ['websocket'];
    return o;
}

function once(emitter, event) {
    return new Promise((resolve) => emitter.once(event, (...args) => resolve(args)));
}

function connected(socket) {
    if (socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', (err) => reject(new Error('connect_error: ' + (err && err.message))));
        socket.once('error', (err) => reject(new Error('error: ' + JSON.stringify(err))));
    });
}

function ack(socket, event, ...args) {
    return new Promise((resolve) => socket.emit(event, ...args, (...reply) => resolve(reply)));
}

// The namespace's CONNECT_ERROR: 4.x "connect_error" (message, data); 2.x "error" (data).
function refused(client, socket) {
    return new Promise((resolve) => {
        if (client.v2) socket.once('error', (data) => resolve({data}));
        else socket.once('connect_error', (err) => resolve({message: err.message, data: err.data}));
    });
}

const steps = {
    async connect(client, transport, sockets) {
        const socket = sockets.main;
        await connected(socket);
        assert.ok(socket.id, 'no socket id');
        if (transport === 'upgrade') {
            const engine = socket.io.engine;
            if (engine.transport.name !== 'websocket') await once(engine, 'upgrade');
            assert.strictEqual(engine.transport.name, 'websocket');
        } else {
            assert.strictEqual(socket.io.engine.transport.name, transport);
        }
        return {id: socket.id};
    },
    async ackToServer(client, transport, sockets) {
        const reply = await ack(sockets.main, 'echo', {a: 1, list: [true, null]}, 'x');
        assert.deepStrictEqual(reply, [{a: 1, list: [true, null]}, 'x']);
    },
    async ackFromServer(client, transport, sockets) {
        const socket = sockets.main;
        socket.once('question', (n, cb) => cb(n * 2));
        const answer = once(socket, 'answer');
        socket.emit('ask', 21);
        assert.deepStrictEqual(await answer, [42]);
    },
    async binary(client, transport, sockets) {
        const socket = sockets.main;
        const data = {blob: Buffer.from([0, 1, 255]), nested: [{deep: Buffer.from('b2')}]};
        const [echoed] = await ack(socket, 'echo', data);
        assert.ok(Buffer.from(echoed.blob).equals(data.blob), 'blob');
        assert.ok(Buffer.from(echoed.nested[0].deep).equals(data.nested[0].deep), 'nested blob');
        const bin = once(socket, 'bin');
        socket.emit('binary-please');
        const [pushed] = await bin;
        assert.ok(Buffer.from(pushed.bytes).equals(Buffer.from([9, 8, 7])), 'server binary');
    },
    async namespaces(client, transport, sockets) {
        const dynamic = sockets.open(url + '/dyn-7');
        await connected(dynamic);
        const unknown = sockets.open(url + '/nope');
        const error = await refused(client, unknown);
        if (client.v2) assert.strictEqual(error.data, 'Invalid namespace');
        else assert.strictEqual(error.message, 'Invalid namespace');
    },
    async authRejection(client, transport, sockets) {
        const credentials = (token) => (client.v2 ? {query: {token}} : {auth: {token}});
        const bad = sockets.open(url + '/admin', credentials('bad'));
        const error = await refused(client, bad);
        if (!client.v2) assert.strictEqual(error.message, 'not authorized');
        assert.deepStrictEqual(error.data, {code: 401});
        const good = sockets.open(url + '/admin', credentials('good'));
        await connected(good);
        const [who] = await ack(good, 'whoami');
        assert.strictEqual(who, '/admin');
    },
    async rooms(client, transport, sockets) {
        const a = sockets.main;
        const b = sockets.open(url);
        await connected(b);
        await ack(b, 'join', 'blue');
        const heard = once(b, 'shout');
        let leaked = false;
        a.once('shout', () => { leaked = true; });
        a.emit('shout', 'blue', 'hi');
        assert.deepStrictEqual(await heard, ['hi']);
        assert.ok(!leaked, 'a socket outside the room got the broadcast');
    },
    async reconnection(client, transport, sockets) {
        const socket = sockets.main;
        const before = socket.id;
        const back = new Promise((resolve) => socket.once('disconnect', () => socket.once('connect', resolve)));
        socket.emit('kill');
        await back;
        assert.ok(socket.id && socket.id !== before, 'a new session after reconnection');
        const reply = await ack(socket, 'echo', 'after');
        assert.deepStrictEqual(reply, ['after']);
    },
    async recovery(client, transport, sockets) {
        if (client.v2) return {skipped: 'connection state recovery is socket.io 4'};
        const socket = sockets.open(recoveryUrl);
        await connected(socket);
        const welcome = once(socket, 'welcome');
        socket.emit('subscribe');
        await welcome;
        const id = socket.id;
        const missed = once(socket, 'missed');
        const back = new Promise((resolve) => socket.once('disconnect', () => socket.once('connect', resolve)));
        socket.emit('kill-and-publish');
        await back;
        const [text] = await missed;
        assert.strictEqual(text, 'while you were away');
        assert.strictEqual(socket.recovered, true, 'socket.recovered');
        assert.strictEqual(socket.id, id, 'the same socket id');
    },
};

function withTimeout(promise, ms) {
    let timer;
    return Promise.race([promise, new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no outcome within ${ms} ms`)), ms);
    })]).finally(() => clearTimeout(timer));
}

async function run() {
    let failures = 0;
    for (const client of clients) {
        for (const transport of ['polling', 'websocket', 'upgrade']) {
            const opened = [];
            const sockets = {
                open(address, extra) {
                    const socket = client.io(address, options(client, transport, extra));
                    opened.push(socket);
                    return socket;
                },
            };
            sockets.main = sockets.open(url);
            for (const [step, fn] of Object.entries(steps)) {
                const line = {client: client.name, transport, step, ok: true};
                try {
                    const detail = await withTimeout(fn(client, transport, sockets), STEP_TIMEOUT);
                    if (detail) line.detail = detail;
                } catch (err) {
                    line.ok = false;
                    line.detail = String(err && err.message || err);
                    failures++;
                }
                process.stdout.write(JSON.stringify(line) + '\n');
            }
            for (const socket of opened) socket.close();
        }
    }
    return failures;
}

run().then((failures) => process.exit(failures ? 1 : 0),
           (err) => { console.error(err); process.exit(2); });
