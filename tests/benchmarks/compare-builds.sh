#!/usr/bin/env bash
# Two builds of SocketIOQt side by side: is anything slower than before? Runs the same
# socketioqt-bench measurements with an older and a newer socketioqt-bench (say the last release
# and this tree), interleaved against one bench-server.js, and prints each figure for both with
# the ratio new/old.
#
#   tests/benchmarks/compare-builds.sh --old EXE --new EXE [--reps N] [--quick] [--keep FILE]
#
#   --old EXE, --new EXE  the two socketioqt-bench executables (each a Release build of its
#                  tree, e.g. git worktree add /tmp/old v1.0.0 && cmake -S /tmp/old -B /tmp/b-old
#                  -DCMAKE_BUILD_TYPE=Release && cmake --build /tmp/b-old --target socketioqt-bench)
#   --reps N       repetitions (default 5; medians are printed)
#   --quick        smaller runs, 1 repetition
#   --keep FILE    also keep the raw results (JSON lines) in FILE
#
# Measured for both, with the untyped handler (what every build has): receive cost per event
# (burst and normal, small / 1 KB / binary), ack round trip p50 and p99 (unpinned, and pinned to
# one core when taskset is there), memory per connection (1,000 connections), and the codec's
# encode and decode rates (sending and receiving without the network). A ratio above 1 is the
# new build costing more (for the rates: below 1 is slower). Needs what run-benchmarks.sh needs.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NODE=${SOCKETIOQT_NODE:-node}
OLD="" NEW="" R=5 QUICK=0 KEEP=""
usage() { sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while [ $# -gt 0 ]; do
    case "$1" in
        --old) OLD=$2; shift ;;
        --new) NEW=$2; shift ;;
        --reps) R=$2; shift ;;
        --quick) QUICK=1 ;;
        --keep) KEEP=$2; shift ;;
        -h|--help) usage 0 ;;
        *) echo "compare-builds.sh: unknown argument $1" >&2; usage 2 >&2 ;;
    esac
    shift
done
[ -x "$OLD" ] && [ -x "$NEW" ] || { echo "compare-builds.sh: --old and --new must be executables" >&2; exit 2; }

if [ "$QUICK" = 1 ]; then
    R=1; N_BURST=10000; W_BURST=10000; N_NORMAL=3000; W_NORMAL=1000; N_ACK=1500; W_ACK=300; CONNS=300; CODEC_S=0.3
else
    N_BURST=30000; W_BURST=20000; N_NORMAL=10000; W_NORMAL=3000; N_ACK=3000; W_ACK=500; CONNS=1000; CODEC_S=1.0
fi
HAVE_TASKSET=0
command -v taskset >/dev/null && HAVE_TASKSET=1
source "$HERE/bench-setup.sh"
bench_setup socketioqt-compare
SERVER_MASK=""
[ "$HAVE_TASKSET" = 1 ] && SERVER_MASK=$(taskset -p "$SERVER_PID" | sed 's/.*: //')
export QT_QPA_PLATFORM=offscreen
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
"$NODE" "$HERE/codec.js" --corpus "$WORK/corpus.json"

# One build's run, its lines tagged old or new (and the ack runs' own tag kept after a colon);
# PIN, when set, is the command that runs it (taskset).
PIN=()
run() { # build [args...]
    local build=$1; shift
    local exe=$OLD
    [ "$build" = new ] && exe=$NEW
    "${PIN[@]}" "$exe" "$@" | sed "s/\"tag\":\"\([^\"]*\)\"/\"tag\":\"$build:\1\"/" >>"$RESULTS" \
        || { echo "compare-builds.sh: failed: $exe $*" >&2; exit 1; }
}
for ((rep = 0; rep < R; ++rep)); do
    echo "[compare] repetition $((rep + 1))/$R" >&2
    order="old new"
    [ $((rep % 2)) = 1 ] && order="new old"
    for b in $order; do
        run "$b" receive --client sio --url "$URL" --mode burst --n "$N_BURST" --warmup "$W_BURST"
        run "$b" receive --client sio --url "$URL" --mode normal --n "$N_NORMAL" --warmup "$W_NORMAL"
        run "$b" ack --client sio --url "$URL" --n "$N_ACK" --warmup "$W_ACK" --tag unpinned
        if [ "$HAVE_TASKSET" = 1 ]; then
            taskset -a -p -c 0 "$SERVER_PID" >/dev/null
            PIN=(taskset -c 0)
            run "$b" ack --client sio --url "$URL" --n "$N_ACK" --warmup "$W_ACK" --tag pinned
            PIN=()
            taskset -a -p "$SERVER_MASK" "$SERVER_PID" >/dev/null
        fi
        run "$b" conns --client sio --url "$URL" --n "$CONNS"
        run "$b" codec --corpus "$WORK/corpus.json" --seconds "$CODEC_S"
    done
done
[ -n "$KEEP" ] && cp "$RESULTS" "$KEEP"

echo "SocketIOQt, two builds side by side: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load average $LOAD_START at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
echo "old: $OLD"
echo "new: $NEW"
"$NODE" - "$RESULTS" <<'EOF'
const fs = require('fs');
const rows = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const median = (a) => { const s = a.filter(Number.isFinite).sort((x, y) => x - y); return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN; };
const of = (build, f, value) => median(rows.filter((r) => r.tag.split(':')[0] === build && f(r)).map(value));
const lines = [];
const add = (what, f, value, unit, digits = 2) => {
    const o = of('old', f, value), n = of('new', f, value);
    lines.push([what, `${o.toFixed(digits)} ${unit}`, `${n.toFixed(digits)} ${unit}`, (n / o).toFixed(2)]);
};
for (const mode of ['burst', 'normal'])
    for (const kind of ['small', 'medium', 'binary'])
        add(`receive ${mode} ${kind}: CPU per event`, (r) => r.test === 'receive' && r.mode === mode && r.kind === kind, (r) => r.cpu_us / r.n, 'µs');
for (const tag of ['unpinned', 'pinned'])
    for (const p of ['p50', 'p99'])
        if (rows.some((r) => r.test === 'ack' && r.tag.endsWith(`:${tag}`)))
            add(`ack round trip ${p} (${tag})`, (r) => r.test === 'ack' && r.tag.endsWith(`:${tag}`), (r) => r[`${p}_us`], 'µs', 1);
add('memory per connection', (r) => r.test === 'conns', (r) => r.per_conn_kb, 'KB', 1);
for (const set of ['text', 'binary'])
    for (const op of ['encode', 'decode'])
        add(`codec ${set} ${op}: packets per CPU second`, (r) => r.test === 'codec' && r.set === set && r.op === op, (r) => r.packets_per_s / 1e6, 'M/s');
const w = [0, 1, 2, 3].map((i) => Math.max(...lines.map((l) => l[i].length), ['', 'old', 'new', 'new/old'][i].length));
const fmt = (l) => `   ${l[0].padEnd(w[0])}  ${l[1].padStart(w[1])}  ${l[2].padStart(w[2])}  ${l[3].padStart(w[3])}`;
console.log(fmt(['', 'old', 'new', 'new/old']));
for (const l of lines) console.log(fmt(l));
const reps = rows.filter((r) => r.test === 'receive' && r.mode === 'burst' && r.kind === 'small' && r.tag.startsWith('old:')).length;
console.log(`   (medians of ${reps} runs each, the builds alternating; costs and latencies: above 1 the new build costs more; rates: below 1 it is slower)`);
EOF
