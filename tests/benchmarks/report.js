#!/usr/bin/env node
// Reads the JSON lines of one run-benchmarks.sh run and prints the table: medians over the
// repetitions and the issue's ratios, all from the same run.
//
//   node report.js RESULTS.jsonl [--title TEXT]
'use strict';

const fs = require('fs');

const file = process.argv[2];
const option = (name) => (process.argv.indexOf(name) > 0 ? process.argv[process.argv.indexOf(name) + 1] : '');
const title = option('--title');
const expectedFile = option('--expected');
const writeExpectedFile = option('--write-expected');
const rows = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim().startsWith('{')).map((l) => JSON.parse(l));

const median = (xs) => {
    if (!xs.length) return NaN;
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const pick = (filter, f) => rows.filter((r) => Object.entries(filter).every(([k, v]) => r[k] === v)).map(f);
const reps = (filter) => rows.filter((r) => Object.entries(filter).every(([k, v]) => r[k] === v)).length;

const fmt = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '-');
const fmtRate = (x) => {
    if (!Number.isFinite(x)) return '-';
    if (x >= 1e6) return `${(x / 1e6).toFixed(2)}M/s`;
    if (x >= 1e3) return `${(x / 1e3).toFixed(0)}k/s`;
    return `${x.toFixed(0)}/s`;
};
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const verdict = (ok) => (ok === null ? '' : ok ? 'met' : 'NOT met');

const lines = [];
const out = (s = '') => lines.push(s);
const summary = [];

out(title);

// 1. Receive ---------------------------------------------------------------------------------
const clients = [['sio', 'SocketIOQt'], ['node', 'Node client'], ['raw', 'raw QWebSocket'], ['rawjson', 'raw+fromJson']];
out('');
out('1. Receive cost per event: client CPU µs/event (getrusage over the timed window), events/s');
out(`   ${pad('mode   kind', 16)}${clients.map(([, n]) => lpad(n, 22)).join('')}   Qt/Node (≤0.50)  Qt/raw  Qt/raw+json`);
for (const mode of ['burst', 'normal']) {
    for (const kind of ['small', 'medium', 'binary']) {
        const cells = {};
        for (const [c] of clients) {
            const f = { test: 'receive', mode, kind, client: c, tag: '' };
            cells[c] = {
                cpu: median(pick(f, (r) => r.cpu_us / r.n)),
                rate: median(pick(f, (r) => r.n / (r.wall_us / 1e6))),
                reps: reps(f),
            };
        }
        if (!Object.values(cells).some((c) => c.reps)) continue;
        const ratio = cells.sio.cpu / cells.node.cpu;
        const text = clients.map(([c]) => lpad(`${fmt(cells[c].cpu)} (${fmtRate(cells[c].rate)})`, 22)).join('');
        const ok = Number.isFinite(ratio) ? ratio <= 0.5 : null;
        out(`   ${pad(`${mode} ${kind}`, 16)}${text}   ${lpad(fmt(ratio), 5)} ${pad(verdict(ok), 9)}  ${lpad(fmt(cells.sio.cpu / cells.raw.cpu, 1), 6)}  ${lpad(fmt(cells.sio.cpu / cells.rawjson.cpu, 2), 6)}`);
        if (mode === 'burst') summary.push([`client CPU/event vs Node, ${kind} (burst)`, ratio, '≤ 0.50', ok]);
        if (mode === 'burst' && kind === 'medium') {
            const typed = median(pick({ test: 'receive', mode, kind, client: 'sio-typed', tag: '' }, (r) => r.cpu_us / r.n));
            const typedRatio = typed / cells.node.cpu;
            summary.push([`client CPU/event vs Node, ${kind} typed handler (burst)`, typedRatio, '≤ 0.50',
                Number.isFinite(typedRatio) ? typedRatio <= 0.5 : null]);
        }
    }
}
const recvReps = reps({ test: 'receive', mode: 'burst', kind: 'small', client: 'sio' });
out(`   (medians of ${recvReps} runs; burst: the server writes pre-built frames in one go, normal: socket.emit per event)`);

// 1b. Receive with the msgpack parser -----------------------------------------------------------
if (reps({ test: 'receive', client: 'sio', tag: 'msgpack' })) {
    out('');
    out('1b. Receive with socket.io-msgpack-parser (burst): client CPU µs/event, events/s');
    out(`   ${pad('kind', 10)}${['SocketIOQt json', 'SocketIOQt msgpack', 'msgpack typed', 'Node msgpack'].map((n) => lpad(n, 22)).join('')}   msgpack/json (≤1.00)  Qt/Node msgpack (≤0.50)  typed/Node (≤0.50)`);
    for (const kind of ['small', 'medium', 'binary']) {
        const cell = (client, tag) => {
            const f = { test: 'receive', mode: 'burst', kind, client, tag };
            return { cpu: median(pick(f, (r) => r.cpu_us / r.n)), rate: median(pick(f, (r) => r.n / (r.wall_us / 1e6))) };
        };
        const json = cell('sio', ''), mp = cell('sio', 'msgpack'), typed = cell('sio-typed', 'msgpack');
        const node = cell('node', 'msgpack');
        const vsJson = mp.cpu / json.cpu, vsNode = mp.cpu / node.cpu, typedVsNode = typed.cpu / node.cpu;
        const okJson = Number.isFinite(vsJson) ? vsJson <= 1.0 : null;
        const okNode = Number.isFinite(vsNode) ? vsNode <= 0.5 : null;
        const okTyped = Number.isFinite(typedVsNode) ? typedVsNode <= 0.5 : null;
        const text = [json, mp, typed, node].map((c) => lpad(`${fmt(c.cpu)} (${fmtRate(c.rate)})`, 22)).join('');
        out(`   ${pad(kind, 10)}${text}   ${lpad(fmt(vsJson), 5)} ${pad(verdict(okJson), 14)}  ${lpad(fmt(vsNode), 5)} ${pad(verdict(okNode), 18)}  ${lpad(fmt(typedVsNode), 5)} ${verdict(okTyped)}`);
        summary.push([`msgpack CPU/event vs JSON, ${kind} (burst)`, vsJson, '≤ 1.00', okJson]);
        summary.push([`msgpack CPU/event vs Node msgpack, ${kind} (burst)`, vsNode, '≤ 0.50', okNode]);
        summary.push([`msgpack CPU/event vs Node msgpack, ${kind} typed handler (burst)`, typedVsNode, '≤ 0.50', okTyped]);
    }
    out(`   (medians of ${reps({ test: 'receive', mode: 'burst', kind: 'small', client: 'sio', tag: 'msgpack' })} runs, against a second bench-server.js with --parser msgpack)`);
}

// 2. Ack round trip ----------------------------------------------------------------------------
const ackClients = [['sio', 'SocketIOQt'], ['node', 'Node client'], ['raw', 'raw QWebSocket']];
out('');
out('2. Ack round trip, sequential emits (µs)');
out(`   ${pad('', 10)}${ackClients.map(([, n]) => lpad(`${n} p50/p99`, 26)).join('')}   p50 Qt/raw (≤1.15)  Qt/Node`);
for (const tag of ['pinned', 'unpinned']) {
    const cells = {};
    for (const [c] of ackClients) {
        const f = { test: 'ack', tag, client: c };
        cells[c] = { p50: median(pick(f, (r) => r.p50_us)), p99: median(pick(f, (r) => r.p99_us)), reps: reps(f) };
    }
    if (!cells.sio.reps) continue;
    const ratio = cells.sio.p50 / cells.raw.p50;
    const ok = Number.isFinite(ratio) && tag === 'pinned' ? ratio <= 1.15 : null; // the target is for one core
    out(`   ${pad(tag, 10)}${ackClients.map(([c]) => lpad(`${fmt(cells[c].p50, 1)} / ${fmt(cells[c].p99, 1)}`, 26)).join('')}   ${lpad(fmt(ratio), 5)} ${pad(verdict(ok), 12)}  ${lpad(fmt(cells.sio.p50 / cells.node.p50), 5)}`);
    summary.push([`ack p50 vs raw QWebSocket (${tag}${tag === 'pinned' ? ', one core' : ''})`, ratio, tag === 'pinned' ? '≤ 1.15' : '', ok]);
}
out(`   (medians of ${reps({ test: 'ack', tag: 'pinned', client: 'sio' })} runs; pinned: client and server on CPU 0 with taskset)`);

// 3. Connections -------------------------------------------------------------------------------
out('');
const nConns = median(pick({ test: 'conns', client: 'sio' }, (r) => r.n));
out(`3. Connections: one process holding ${fmt(nConns, 0)} at once`);
out(`   ${pad('', 16)}${lpad('peak RSS (MB)', 14)}${lpad('RSS/conn (KB)', 15)}${lpad('connected', 11)}`);
const conn = {};
for (const [c, n] of ackClients) {
    const f = { test: 'conns', client: c };
    conn[c] = { peak: median(pick(f, (r) => r.peak_kb / 1024)), per: median(pick(f, (r) => r.per_conn_kb)),
        connected: median(pick(f, (r) => r.connected)) };
    out(`   ${pad(n, 16)}${lpad(fmt(conn[c].peak, 1), 14)}${lpad(fmt(conn[c].per, 1), 15)}${lpad(fmt(conn[c].connected, 0), 11)}`);
}
const memRatio = conn.sio.per / conn.raw.per;
const memOk = Number.isFinite(memRatio) ? memRatio <= 1.3 : null;
out(`   RSS/conn SocketIOQt / raw QWebSocket: ${fmt(memRatio)} (target ≤ 1.30: ${verdict(memOk)}); SocketIOQt / Node client: ${fmt(conn.sio.per / conn.node.per)}`);
out(`   (medians of ${reps({ test: 'conns', client: 'sio' })} runs; RSS/conn = (RSS with all − RSS with one) / (n − 1), after malloc_trim / gc())`);
summary.push(['memory/connection vs raw QWebSocket', memRatio, '≤ 1.30', memOk]);

// 4. Codec -------------------------------------------------------------------------------------
out('');
out('4. Codec on the fixed corpus (packets/s and MB/s per CPU second)');
out(`   ${pad('', 16)}${lpad('SocketIOQt', 24)}${lpad('socket.io-parser', 24)}   Qt/parser (≥2)`);
for (const set of ['text', 'binary']) {
    for (const op of ['encode', 'decode']) {
        const q = { pps: median(pick({ test: 'codec', client: 'sio', set, op }, (r) => r.packets_per_s)),
            mbs: median(pick({ test: 'codec', client: 'sio', set, op }, (r) => r.mb_per_s)) };
        const n = { pps: median(pick({ test: 'codec', client: 'node', set, op }, (r) => r.packets_per_s)),
            mbs: median(pick({ test: 'codec', client: 'node', set, op }, (r) => r.mb_per_s)) };
        const ratio = q.pps / n.pps;
        const ok = Number.isFinite(ratio) ? ratio >= 2 : null;
        out(`   ${pad(`${set} ${op}`, 16)}${lpad(`${fmtRate(q.pps)} ${fmt(q.mbs, 0)} MB/s`, 24)}${lpad(`${fmtRate(n.pps)} ${fmt(n.mbs, 0)} MB/s`, 24)}   ${lpad(fmt(ratio), 5)} ${verdict(ok)}`);
        summary.push([`codec ${set} ${op} vs socket.io-parser`, ratio, '≥ 2', ok]);
    }
}
out(`   (medians of ${reps({ test: 'codec', client: 'sio', set: 'text', op: 'encode' })} runs)`);

// Summary --------------------------------------------------------------------------------------
out('');
out('Targets (ratios from this run)');
for (const [what, ratio, target, ok] of summary)
    out(`   ${pad(what, 48)} ${lpad(fmt(ratio), 6)}  ${pad(target, 7)} ${verdict(ok)}`);

// Issue 18's table -------------------------------------------------------------------------------
// The same rows and columns as the issue (burst receive; the ack row unpinned as there, the pinned
// one below it), then issue 15's msgpack rows, as Markdown to paste into a note.
const us = (x) => (Number.isFinite(x) ? `${x.toFixed(2)} µs` : '—');
const times = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : '—');
const burst = (client, kind, tag = '') => median(pick({ test: 'receive', mode: 'burst', kind, client, tag }, (r) => r.cpu_us / r.n));
const ackOf = (client, tag) => ({ p50: median(pick({ test: 'ack', tag, client }, (r) => r.p50_us)),
    p99: median(pick({ test: 'ack', tag, client }, (r) => r.p99_us)) });
const ackText = (a) => (Number.isFinite(a.p50) ? `${a.p50.toFixed(1)} / ${a.p99.toFixed(1)} µs` : '—');
const kindNames = [['small', 'small event'], ['medium', '1 KB JSON event'], ['binary', '1 KB binary event']];
out('');
out('Issue 18 table: client CPU per event received (burst), ack round trip (µs)');
out('| workload | Node client 4.8 | SocketIOQt | bare QWebSocket | bare QWebSocket + QJsonDocument | SocketIOQt vs Node | vs bare + QJsonDocument |');
out('|---|---|---|---|---|---|---|');
for (const [kind, name] of kindNames) {
    const [n, q, b, bj] = ['node', 'sio', 'raw', 'rawjson'].map((c) => burst(c, kind));
    out(`| ${name} | ${us(n)} | ${us(q)} | ${us(b)} | ${us(bj)} | ${times(q / n)} | ${times(q / bj)} |`);
    if (kind === 'medium') {
        // The same event for a typed handler (a Q_GADGET parameter): read without the QVariant tree.
        const t = burst('sio-typed', kind);
        out(`| ${name}, typed handler | ${us(n)} | ${us(t)} | ${us(b)} | ${us(bj)} | ${times(t / n)} | ${times(t / bj)} |`);
    }
}
for (const tag of ['unpinned', 'pinned']) {
    const [n, q, b] = ['node', 'sio', 'raw'].map((c) => ackOf(c, tag));
    if (!Number.isFinite(q.p50)) continue;
    out(`| ack round trip p50 / p99${tag === 'pinned' ? ' (pinned)' : ''} | ${ackText(n)} | ${ackText(q)} | ${ackText(b)} | — | — | ${times(q.p50 / b.p50)} / ${times(q.p99 / b.p99)} (vs bare) |`);
}
if (reps({ test: 'receive', client: 'sio', tag: 'msgpack' })) {
    out('');
    out('Issue 15 msgpack rows (burst): client CPU per event received');
    out('| workload | Node client 4.8 + msgpack | SocketIOQt msgpack | SocketIOQt JSON | SocketIOQt msgpack vs Node | msgpack vs JSON |');
    out('|---|---|---|---|---|---|');
    for (const [kind, name] of kindNames) {
        const n = burst('node', kind, 'msgpack'), m = burst('sio', kind, 'msgpack'), j = burst('sio', kind);
        out(`| ${name.replace('JSON ', '')} | ${us(n)} | ${us(m)} | ${us(j)} | ${times(m / n)} | ${times(m / j)} |`);
        // The same event for a typed handler (a Q_GADGET parameter), against the typed JSON figure.
        const t = burst('sio-typed', kind, 'msgpack'), tj = burst('sio-typed', kind);
        out(`| ${name.replace('JSON ', '')}, typed handler | ${us(n)} | ${us(t)} | ${us(tj)} | ${times(t / n)} | ${times(t / tj)} |`);
    }
}

// Regression check -------------------------------------------------------------------------------
// SocketIOQt against the bare-socket baseline measured in the same run: ratios, which survive a
// busy machine far better than absolute times. A ratio that grows beyond the expected one (a
// checked-in file) by more than its tolerance is reported; a warning only, never a failure.
const baseline = {};
for (const [kind] of kindNames) {
    baseline[`receive ${kind}: SocketIOQt / bare QWebSocket`] = burst('sio', kind) / burst('raw', kind);
    baseline[`receive ${kind}: SocketIOQt msgpack / bare QWebSocket`] = burst('sio', kind, 'msgpack') / burst('raw', kind);
    baseline[`receive ${kind}: SocketIOQt msgpack, typed handler / bare QWebSocket`] = burst('sio-typed', kind, 'msgpack') / burst('raw', kind);
}
baseline['receive 1 KB JSON: SocketIOQt / bare + QJsonDocument'] = burst('sio', 'medium') / burst('rawjson', 'medium');
baseline['receive 1 KB JSON, typed handler: SocketIOQt / bare + QJsonDocument'] = burst('sio-typed', 'medium') / burst('rawjson', 'medium');
for (const tag of ['unpinned', 'pinned']) {
    const q = ackOf('sio', tag), b = ackOf('raw', tag);
    baseline[`ack p50 (${tag}): SocketIOQt / bare QWebSocket`] = q.p50 / b.p50;
    baseline[`ack p99 (${tag}): SocketIOQt / bare QWebSocket`] = q.p99 / b.p99;
}
baseline['memory per connection: SocketIOQt / bare QWebSocket'] = conn.sio.per / conn.raw.per;
// Tail latencies move far more from run to run than medians and CPU times: a wider tolerance.
const toleranceOf = (what) => (what.includes('p99') ? 0.5 : 0.25);
if (writeExpectedFile) {
    const ratios = {};
    for (const [what, v] of Object.entries(baseline))
        if (Number.isFinite(v)) ratios[what] = { expected: Number(v.toFixed(2)), tolerance: toleranceOf(what) };
    fs.writeFileSync(writeExpectedFile, JSON.stringify({ ratios }, null, 4) + '\n');
}
if (expectedFile) {
    out('');
    const { ratios } = JSON.parse(fs.readFileSync(expectedFile, 'utf8'));
    const grown = [];
    for (const [what, { expected, tolerance }] of Object.entries(ratios)) {
        const got = baseline[what];
        if (Number.isFinite(got) && got > expected * (1 + tolerance))
            grown.push(`   WARNING: ${pad(what, 56)} ${fmt(got)} (expected ${fmt(expected)} + ${fmt(tolerance * 100, 0)} %)`);
    }
    out(`Regression check against ${expectedFile.replace(/.*\//, '')} (ratios to the bare socket in this run): ${grown.length ? `${grown.length} ratio(s) grew` : 'no ratio grew'}`);
    grown.forEach((l) => out(l));
}

process.stdout.write(lines.join('\n') + '\n');
