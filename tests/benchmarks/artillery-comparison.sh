#!/usr/bin/env bash
# socketio-load beside Artillery (its Socket.IO engine), same scenario, same local socket.io 4.8
# server (tests/server/server.js), one after the other in the same run: USERS virtual users
# arrive over ARRIVAL seconds, each connects over WebSocket and sends EMITS acknowledged
# "echo" events one after the other, then leaves. Printed for each tool: CPU-seconds
# (user + system, the tool's whole process tree), emits per CPU-second, ack latency
# percentiles and peak RSS; then the ratios. Issue 13's goal: >= 20x Artillery's emits per
# CPU-second and <= 1/5 of its memory.
#
#   tests/benchmarks/artillery-comparison.sh --load BUILD/inspector/load/socketio-load
#         [--users 1000] [--emits 20] [--arrival 10] [--threads 1] [--node NODE]
#
# Artillery comes from the lockfile beside this script, installed once by hand (its browser
# engine is not needed):
#   (cd tests/benchmarks/artillery && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts)
# Heavy (about a minute): not part of the ctest run. ctest's load_comparison_smoke runs it with
# 20 users when Artillery is installed (skipped otherwise), to check that it runs.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
LOAD="" USERS=1000 EMITS=20 ARRIVAL=10 THREADS=1 NODE=${SOCKETIOQT_NODE:-node}
while [ $# -gt 0 ]; do
    case "$1" in
        --load) LOAD=$2; shift 2 ;;
        --users) USERS=$2; shift 2 ;;
        --emits) EMITS=$2; shift 2 ;;
        --arrival) ARRIVAL=$2; shift 2 ;;
        --threads) THREADS=$2; shift 2 ;;
        --node) NODE=$2; shift 2 ;;
        *) echo "usage: $0 --load EXE [--users N] [--emits N] [--arrival S] [--threads N] [--node NODE]" >&2; exit 2 ;;
    esac
done
die() { echo "artillery-comparison: $*" >&2; exit 1; }
[ -x "$LOAD" ] || die "--load must name the socketio-load executable"
ARTILLERY=$HERE/artillery/node_modules/artillery/bin/run
if [ ! -f "$ARTILLERY" ]; then # status 77: ctest counts the smoke test as skipped
    echo "artillery-comparison: Artillery is not installed: cd tests/benchmarks/artillery && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts" >&2
    exit 77
fi
[ -x /usr/bin/time ] || die "needs GNU time (/usr/bin/time)"
ulimit -n "$(ulimit -Hn)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/socketioqt-artillery.XXXXXX")
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
# server.js exits when its stdin closes: a pipe from this shell.
coproc SERVER { exec "$NODE" "$ROOT/tests/server/server.js" --transports websocket; }
SERVER_PID=$SERVER_PID
IFS= read -r -t 30 -u "${SERVER[0]}" READY || die "tests/server/server.js did not start"
URL=http://127.0.0.1:$(echo "$READY" | sed -n 's/.*"port":\([0-9]*\).*/\1/p')
RATE=$(( (USERS + ARRIVAL - 1) / ARRIVAL ))

cat > "$WORK/artillery.yml" <<YAML
config:
  target: "$URL"
  phases:
    - duration: $ARRIVAL
      arrivalRate: $RATE
      maxVusers: $USERS
  socketio:
    transports: ["websocket"]
scenarios:
  - engine: socketio
    flow:
      - loop:
          - emit:
              channel: "echo"
              data: {"user": "{{ \$uuid }}", "text": "hello"}
            acknowledge: {}
        count: $EMITS
YAML
cat > "$WORK/socketio-load.json" <<JSON
{
  "name": "echo",
  "target": "$URL",
  "phases": [{"duration": $ARRIVAL, "arrivalRate": $RATE}],
  "maxUsers": $USERS,
  "steps": [
    {"op": "connect"},
    {"op": "loop", "count": $EMITS, "steps": [
      {"op": "emit", "event": "echo", "args": [{"user": "{{user}}", "text": "hello"}], "ack": true}
    ]}
  ]
}
JSON

# measure NAME COMMAND...: runs it under GNU time; CPU-seconds and peak RSS (KB) into NAME.time
measure() {
    local name=$1; shift
    /usr/bin/time -f '%U %S %M' -o "$WORK/$name.time" "$@" > "$WORK/$name.out" 2> "$WORK/$name.err" \
        || { cat "$WORK/$name.err" >&2; die "$name failed"; }
}
echo "server $URL (socket.io $("$NODE" -p "require('$ROOT/tests/server/node_modules/socket.io/package.json').version")), $USERS users x $EMITS acked echoes, arriving over ${ARRIVAL}s" >&2
echo "running Artillery $("$NODE" -p "require('$HERE/artillery/node_modules/artillery/package.json').version")..." >&2
measure artillery "$NODE" "$ARTILLERY" run --quiet --output "$WORK/artillery-report.json" "$WORK/artillery.yml"
echo "running socketio-load..." >&2
measure load "$LOAD" --progress 0 --threads "$THREADS" --output "$WORK/load-report.json" "$WORK/socketio-load.json"

# Both reports into one line of figures each, then the table (ms in Artillery, µs here).
"$NODE" - "$WORK" "$USERS" "$EMITS" <<'JS'
const fs = require('fs');
const [work, users, emits] = [process.argv[2], +process.argv[3], +process.argv[4]];
const time = (name) => {
    const [u, s, kb] = fs.readFileSync(`${work}/${name}.time`, 'utf8').trim().split(/\s+/).map(Number);
    return { cpu: u + s, user: u, sys: s, rssMb: kb / 1024 };
};
const a = JSON.parse(fs.readFileSync(`${work}/artillery-report.json`, 'utf8')).aggregate;
const ah = a.summaries['socketio.response_time'] || {};
const l = JSON.parse(fs.readFileSync(`${work}/load-report.json`, 'utf8'));
const lh = l.histograms['ack:echo'] || {};
const rows = [
    { tool: 'Artillery', ...time('artillery'), emits: a.counters['socketio.emit'] || 0,
      acks: ah.count || 0, errors: Object.entries(a.counters).filter(([k]) => k.startsWith('errors.')).reduce((n, [, v]) => n + v, 0),
      p50: ah.p50 * 1000, p99: ah.p99 * 1000, max: ah.max * 1000 },
    { tool: 'socketio-load', ...time('load'), emits: l.counters.emits, acks: l.counters.acks,
      errors: Object.values(l.errors).reduce((n, v) => n + v, 0), p50: lh.p50, p99: lh.p99, max: lh.max },
];
const f = (v, d = 0) => (v === undefined || Number.isNaN(v)) ? '-' : v.toFixed(d);
console.log(`${users} users x ${emits} acked echoes (expected ${users * emits} acks)`);
console.log('tool           CPU-s  (user  system)   emits  acks   errors  emits/CPU-s  ack p50 µs  p99 µs    max µs    peak RSS MB');
for (const r of rows) {
    r.perCpu = r.emits / r.cpu;
    console.log(`${r.tool.padEnd(14)} ${f(r.cpu, 2).padStart(6)} (${f(r.user, 2).padStart(5)} ${f(r.sys, 2).padStart(6)})  ${String(r.emits).padStart(6)} ${String(r.acks).padStart(6)} ${String(r.errors).padStart(6)}  ${f(r.perCpu).padStart(11)}  ${f(r.p50).padStart(10)}  ${f(r.p99).padStart(8)}  ${f(r.max).padStart(8)}  ${f(r.rssMb, 1).padStart(11)}`);
}
console.log(`ratios: emits per CPU-second ${f(rows[1].perCpu / rows[0].perCpu, 1)}x Artillery's (goal >= 20x), ` +
            `peak RSS ${f(rows[1].rssMb / rows[0].rssMb, 3)} of Artillery's (goal <= 0.2)`);
// Both tools make the same connections and round trips, so the kernel's share of that work is a
// floor under socketio-load's CPU time: Artillery's CPU over socketio-load's system time bounds
// the ratio any user-space change could reach.
console.log(`bound: Artillery's CPU-seconds / socketio-load's system CPU-seconds = ${f(rows[0].cpu / rows[1].sys, 1)}x ` +
            '(the ratio if socketio-load spent no user time at all)');
console.log('(Artillery measures whole milliseconds: its percentiles are ms x 1000.)');
JS
