#!/usr/bin/env node
// Records the HAR fixture of the inspector's HAR import test from a real browser: Debian's
// chromium, headless, runs the official JavaScript client (served by socket.io 4.8 from
// tests/server/node_modules) against a local server, and this script writes what the DevTools
// protocol reported in the layout Chrome's "Save all as HAR with content" uses: ordinary
// entries for the polling requests with their bodies, and one entry per WebSocket with its
// frames in `_webSocketMessages` ({type, time, opcode, data}).
//
//     node tests/inspector/har/record-har.js tests/inspector/har/chromium-session.har
//
// Needs `chromium` (apt-get install chromium); the test reads the committed file and does not
// run this script.
'use strict';

const path = require('path');
const http = require('http');
const fs = require('fs');
const os = require('os');
const { spawn } = require('child_process');

const serverModules = path.join(__dirname, '..', '..', 'server', 'node_modules');
const { Server } = require(path.join(serverModules, 'socket.io'));
const WebSocket = require(path.join(serverModules, 'ws'));

const out = process.argv[2];
if (!out) {
    console.error('usage: record-har.js OUTPUT.har');
    process.exit(2);
}

// What the page does: polling, the upgrade, events both ways, acks both ways, binary, a second
// namespace, then a clean disconnect.
const PAGE = `<!doctype html><title>socket.io HAR fixture</title>
<script src="/socket.io/socket.io.js"></script>
<script>
const socket = io({ transports: ['polling', 'websocket'] });
const admin = io('/admin', { auth: { token: 'abc' } });
socket.on('hello', (text, ack) => ack && ack('hi back'));
const whenUpgraded = (fn) => socket.io.engine.transport.name === 'websocket'
  ? fn() : socket.io.engine.once('upgrade', fn);
socket.on('connect', () => {
  socket.emit('echo', { text: 'before the upgrade' }, (answer) => {
    whenUpgraded(() => {
      socket.emit('echo', { text: 'after the upgrade', n: 2 }, () => {
        socket.emit('binary', new Uint8Array([1, 2, 3, 250]), (reply) => {
          admin.emit('whoami', () => {
            socket.emit('news', 'no ack');
            setTimeout(() => { admin.disconnect(); socket.disconnect(); window.done = true; }, 100);
          });
        });
      });
    });
  });
});
</script>`;

function startServer() {
    const httpServer = http.createServer((req, res) => {
        if (req.url === '/') {
            res.writeHead(200, { 'content-type': 'text/html' });
            res.end(PAGE);
        }
    });
    const io = new Server(httpServer, { serveClient: true, pingInterval: 25000, pingTimeout: 20000 });
    io.on('connection', (socket) => {
        socket.emit('hello', 'welcome', () => {});
        socket.on('echo', (data, ack) => ack(data));
        socket.on('binary', (data, ack) => ack({ got: data.length, back: Buffer.from([9, 8, 7]) }));
        socket.on('news', () => {});
    });
    io.of('/admin').use((socket, next) => next()).on('connection', (socket) => {
        socket.on('whoami', (ack) => ack({ id: socket.id, auth: socket.handshake.auth }));
    });
    return new Promise((resolve) => httpServer.listen(0, '127.0.0.1', () => resolve({ httpServer, io })));
}

function launchChromium() {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'har-chromium-'));
    const child = spawn('chromium', ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run',
        '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'],
        { stdio: ['ignore', 'ignore', 'pipe'] });
    return new Promise((resolve, reject) => {
        let err = '';
        child.stderr.on('data', (d) => {
            err += d;
            const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
            if (m) resolve({ child, browserUrl: m[1], profile });
        });
        child.on('exit', (code) => reject(new Error(`chromium exited (${code}): ${err}`)));
    });
}

function getJson(url) {
    return new Promise((resolve, reject) => {
        http.get(url, (res) => {
            let body = '';
            res.on('data', (d) => { body += d; });
            res.on('end', () => resolve(JSON.parse(body)));
        }).on('error', reject);
    });
}

class Cdp {
    constructor(url) {
        this.ws = new WebSocket(url, { perMessageDeflate: false });
        this.nextId = 1;
        this.calls = new Map();
        this.listeners = [];
        this.ws.on('message', (data) => {
            const msg = JSON.parse(data);
            if (msg.id && this.calls.has(msg.id)) {
                const { resolve, reject } = this.calls.get(msg.id);
                this.calls.delete(msg.id);
                if (msg.error) reject(new Error(msg.error.message));
                else resolve(msg.result);
            } else if (msg.method) {
                for (const l of this.listeners) l(msg.method, msg.params);
            }
        });
    }
    open() { return new Promise((resolve) => this.ws.once('open', resolve)); }
    send(method, params = {}) {
        const id = this.nextId++;
        this.ws.send(JSON.stringify({ id, method, params }));
        return new Promise((resolve, reject) => this.calls.set(id, { resolve, reject }));
    }
    on(listener) { this.listeners.push(listener); }
}

const iso = (wallSeconds) => new Date(wallSeconds * 1000).toISOString();
const headerList = (h = {}) => Object.entries(h).map(([name, value]) => ({ name, value: String(value) }));
const queryList = (url) => [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));

async function main() {
    const { httpServer, io } = await startServer();
    const port = httpServer.address().port;
    const { child, browserUrl, profile } = await launchChromium();
    const devtoolsPort = new URL(browserUrl).port;
    const pages = await getJson(`http://127.0.0.1:${devtoolsPort}/json/list`);
    const cdp = new Cdp(pages.find((p) => p.type === 'page').webSocketDebuggerUrl);
    await cdp.open();

    // DevTools' own bookkeeping: requests by id, WebSockets by id, in the order they started.
    const requests = new Map();
    const sockets = new Map();
    const bodies = [];
    cdp.on((method, p) => {
        switch (method) {
        case 'Network.requestWillBeSent':
            requests.set(p.requestId, { request: p.request, wallTime: p.wallTime, timestamp: p.timestamp,
                type: p.type });
            break;
        case 'Network.responseReceived': {
            const r = requests.get(p.requestId);
            if (r) r.response = p.response;
            break;
        }
        case 'Network.loadingFinished': {
            const r = requests.get(p.requestId);
            if (r) {
                r.endTimestamp = p.timestamp;
                bodies.push(cdp.send('Network.getResponseBody', { requestId: p.requestId })
                    .then((b) => { r.body = b; }, () => {}));
            }
            break;
        }
        case 'Network.webSocketCreated':
            sockets.set(p.requestId, { url: p.url, messages: [] });
            break;
        case 'Network.webSocketWillSendHandshakeRequest': {
            const s = sockets.get(p.requestId);
            if (s) Object.assign(s, { wallTime: p.wallTime, timestamp: p.timestamp, request: p.request });
            break;
        }
        case 'Network.webSocketHandshakeResponseReceived': {
            const s = sockets.get(p.requestId);
            if (s) s.response = p.response;
            break;
        }
        case 'Network.webSocketFrameSent':
        case 'Network.webSocketFrameReceived': {
            const s = sockets.get(p.requestId);
            if (s) {
                s.messages.push({ type: method.endsWith('Sent') ? 'send' : 'receive',
                    time: s.wallTime + (p.timestamp - s.timestamp), opcode: p.response.opcode,
                    data: p.response.payloadData });
            }
            break;
        }
        case 'Network.webSocketClosed': {
            const s = sockets.get(p.requestId);
            if (s) s.closedTimestamp = p.timestamp;
            break;
        }
        }
    });
    await cdp.send('Network.enable');
    await cdp.send('Page.enable');
    await cdp.send('Page.navigate', { url: `http://127.0.0.1:${port}/` });
    const deadline = Date.now() + 20000;
    for (;;) {
        const { result } = await cdp.send('Runtime.evaluate', { expression: 'window.done === true' });
        if (result.value) break;
        if (Date.now() > deadline) throw new Error('the page did not finish');
        await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 500)); // the last frames and responses
    await Promise.all(bodies);

    const entries = [];
    for (const r of requests.values()) {
        if (!r.request.url.includes('/socket.io/?') || !r.response) continue;
        const started = r.wallTime;
        const body = r.body || { body: '', base64Encoded: false };
        const entry = {
            startedDateTime: iso(started),
            time: Math.max(0, ((r.endTimestamp || r.timestamp) - r.timestamp) * 1000),
            request: { method: r.request.method, url: r.request.url, httpVersion: 'HTTP/1.1',
                headers: headerList(r.request.headers), queryString: queryList(r.request.url), cookies: [],
                headersSize: -1, bodySize: r.request.postData ? Buffer.byteLength(r.request.postData) : 0 },
            response: { status: r.response.status, statusText: r.response.statusText || 'OK',
                httpVersion: 'HTTP/1.1', headers: headerList(r.response.headers), cookies: [],
                content: { size: body.base64Encoded ? Buffer.from(body.body, 'base64').length : Buffer.byteLength(body.body),
                    mimeType: r.response.mimeType, text: body.body }, redirectURL: '', headersSize: -1, bodySize: -1 },
            cache: {},
            timings: { blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0, wait: 0, receive: 0 },
            _resourceType: r.type ? r.type.toLowerCase() : 'xhr',
        };
        if (body.base64Encoded) entry.response.content.encoding = 'base64';
        if (r.request.postData !== undefined) {
            entry.request.postData = { mimeType: r.request.headers['Content-Type'] || 'text/plain;charset=UTF-8',
                text: r.request.postData };
        }
        entries.push(entry);
    }
    for (const s of sockets.values()) {
        entries.push({
            startedDateTime: iso(s.wallTime),
            time: Math.max(0, ((s.closedTimestamp || s.timestamp) - s.timestamp) * 1000),
            request: { method: 'GET', url: s.url, httpVersion: 'HTTP/1.1',
                headers: headerList(s.request && s.request.headers), queryString: queryList(s.url), cookies: [],
                headersSize: -1, bodySize: 0 },
            response: { status: s.response ? s.response.status : 101, statusText: 'Switching Protocols',
                httpVersion: 'HTTP/1.1', headers: headerList(s.response && s.response.headers), cookies: [],
                content: { size: 0, mimeType: 'x-unknown' }, redirectURL: '', headersSize: -1, bodySize: 0 },
            cache: {},
            timings: { blocked: -1, dns: -1, ssl: -1, connect: -1, send: 0, wait: 0, receive: 0 },
            _resourceType: 'websocket',
            _webSocketMessages: s.messages,
        });
    }
    entries.sort((a, b) => a.startedDateTime.localeCompare(b.startedDateTime));
    const version = (await cdp.send('Browser.getVersion')).product;
    const har = { log: { version: '1.2', creator: { name: 'WebInspector', version: '537.36', comment: version },
        pages: [], entries } };
    fs.writeFileSync(out, JSON.stringify(har, null, 2) + '\n');
    console.error(`record-har: ${entries.length} entries, ${sockets.size} WebSocket(s), ${version} -> ${out}`);

    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill();
    await exited;
    io.close();
    httpServer.close();
    fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
}

main().catch((e) => {
    console.error(`record-har: ${e.stack || e}`);
    process.exit(1);
});
