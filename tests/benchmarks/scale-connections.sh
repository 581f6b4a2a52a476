#!/usr/bin/env bash
# socketio-load at scale against the local socket.io 4.8 server (tests/server/server.js):
#  1. USERS concurrent connections from one process (WebSocket), held HOLD seconds: peak RSS
#     per connection, (peak with USERS - peak with 1) / (USERS - 1), and connect times;
#  2. two reconnection storms: USERS connected users with reconnection on (the JavaScript
#     defaults: delay 1000 ms, at most 5000, randomization 0.5), the server killed and started
#     again on the same port, twice; every user reconnects each time. Printed: the
#     reconnections, the peak connection rate per second against what the backoff allows (the
#     first attempts fall 0.5-1.5 s after the loss), the disconnect reasons, errors, users that
#     did not finish, and the tool's RSS before the storms and after each.
#
#   tests/benchmarks/scale-connections.sh --load BUILD/inspector/load/socketio-load
#         [--users 10000] [--rate 500] [--hold 20] [--threads 1] [--node NODE]
#
# Needs a high open file limit (a descriptor per connection in each process): the script
# raises its soft limit to the hard one. Takes a few minutes; not part of the ctest run.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
LOAD="" USERS=10000 RATE=500 HOLD=20 THREADS=1 NODE=${SOCKETIOQT_NODE:-node}
while [ $# -gt 0 ]; do
    case "$1" in
        --load) LOAD=$2; shift 2 ;;
        --users) USERS=$2; shift 2 ;;
        --rate) RATE=$2; shift 2 ;;
        --hold) HOLD=$2; shift 2 ;;
        --threads) THREADS=$2; shift 2 ;;
        --node) NODE=$2; shift 2 ;;
        *) echo "usage: $0 --load EXE [--users N] [--rate R] [--hold S] [--threads N] [--node NODE]" >&2; exit 2 ;;
    esac
done
die() { echo "scale-connections: $*" >&2; exit 1; }
[ -x "$LOAD" ] || die "--load must name the socketio-load executable"
# Both processes need a descriptor per connection: as root, a hard limit too low is raised.
if [ "$(ulimit -Hn)" != unlimited ] && [ "$(ulimit -Hn)" -lt $(( USERS + 512 )) ] && [ "$(id -u)" = 0 ]; then
    ulimit -Hn $(( USERS + 4096 ))
fi
ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge $(( USERS + 512 )) ] \
    || die "the open file limit ($(ulimit -n)) is too low for $USERS connections"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/socketioqt-scale.XXXXXX")
SERVER_PID="" PORT=0
stop_server() { [ -n "$SERVER_PID" ] && kill -9 "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""; }
cleanup() { stop_server; exec 3>&- 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
# server.js exits when its stdin closes: a fifo that this shell holds open (fd 3).
start_server() {
    rm -f "$WORK/in" && mkfifo "$WORK/in"
    "$NODE" "$ROOT/tests/server/server.js" --transports websocket --port "$PORT" < "$WORK/in" > "$WORK/server.out" 2>&1 &
    SERVER_PID=$!
    exec 3> "$WORK/in"
    for _ in $(seq 100); do
        grep -q '"port"' "$WORK/server.out" 2>/dev/null && break
        sleep 0.1
    done
    PORT=$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' "$WORK/server.out" | head -1)
    [ -n "$PORT" ] || die "tests/server/server.js did not start: $(cat "$WORK/server.out")"
}
start_server
URL=http://127.0.0.1:$PORT
ARRIVAL=$(( (USERS + RATE - 1) / RATE ))

scenario() { # FILE USERS HOLD_SECONDS RECONNECTION
    cat > "$1" <<JSON
{
  "name": "hold",
  "target": "$URL",
  "connection": {"transports": ["websocket"], "reconnection": $4},
  "phases": [{"duration": $ARRIVAL, "arrivalRate": $(( $2 < RATE ? $2 : RATE ))}],
  "maxUsers": $2,
  "steps": [
    {"op": "connect"},
    {"op": "sleep", "ms": $(( $3 * 1000 ))},
    {"op": "disconnect"}
  ]
}
JSON
}
run() { # NAME SCENARIO: the report in NAME.json
    "$LOAD" --progress 5 --threads "$THREADS" --grace 60 --output "$WORK/$1.json" "$2" > "$WORK/$1.table" 2> "$WORK/$1.err" \
        || { cat "$WORK/$1.err" >&2; die "socketio-load failed ($1)"; }
}
figure() { "$NODE" -e "const r = require('$WORK/' + process.argv[1] + '.json'); console.log(eval(process.argv[2]))" "$@"; }

echo "server $URL, $USERS users at $RATE/s, held ${HOLD}s" >&2
scenario "$WORK/one.json" 1 2 false
run one "$WORK/one.json"
scenario "$WORK/hold.json" "$USERS" "$HOLD" false
echo "1. $USERS connections..." >&2
run hold "$WORK/hold.json"
BASE=$(figure one 'r.peakRssKb')
PEAK=$(figure hold 'r.peakRssKb')
echo "== $USERS concurrent connections, one process, $THREADS thread(s)"
figure hold '`connected ${r.counters.connects} of '"$USERS"', failed ${r.counters.usersFailed}, errors ${JSON.stringify(r.errors)}`'
figure hold '`connect time µs: p50 ${r.histograms.connect.p50}, p99 ${r.histograms.connect.p99}, max ${r.histograms.connect.max}`'
echo "peak RSS $(( PEAK / 1024 )) MB with $USERS, $(( BASE / 1024 )) MB with 1: $(echo "($PEAK - $BASE) / ($USERS - 1)" | bc -l | xargs printf '%.1f') KB per connection (the whole tool: user, report, SocketIO)"
figure hold '`CPU ${r.cpuSeconds.toFixed(2)} s: ${(r.cpuSeconds * 1e6 / r.counters.connects).toFixed(0)} µs per connection, open and close`'

# 2. Two storms, one after the other: users hold long enough for all of them to connect (which
# took up to 20 s at 10,000 on 2 cores) and to reconnect twice (30 s each). The tool's RSS with
# every user connected, before the first storm and after each, tells what a reconnection leaves.
STORM_HOLD=$(( ARRIVAL + HOLD + 120 ))
scenario "$WORK/storm.json" "$USERS" "$STORM_HOLD" true
echo "2. reconnection storms..." >&2
"$LOAD" --progress 1 --threads "$THREADS" --grace $(( STORM_HOLD + 60 )) --output "$WORK/storm.json.out" "$WORK/storm.json" \
    > "$WORK/storm.table" 2> "$WORK/storm.err" &
LOAD_PID=$!
rss() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$LOAD_PID/status" 2>/dev/null || echo 0; }
reconnects() { tail -n 1 "$WORK/storm.err" | sed -n 's/.* reconnects \([0-9]*\) .*/\1/p'; }
# Wait until every user is connected (the progress line says active N), then kill the server.
for _ in $(seq $(( (ARRIVAL + HOLD) * 10 ))); do
    grep -q "active $USERS " "$WORK/storm.err" 2>/dev/null && break
    sleep 0.1
done
sleep 2
RSS=("$(rss)") DOWN=() STORM_SECONDS=()
for storm in 1 2; do
    KILLED_AT=$(date +%s.%N)
    stop_server
    start_server
    DOWN+=("$(printf '%.2f' "$(echo "$(date +%s.%N) - $KILLED_AT" | bc -l)")")
    # Until every user has reconnected once more (at most 60 s), and the old connections are gone.
    for _ in $(seq 600); do
        [ "$(reconnects)" -ge $(( storm * USERS )) ] 2>/dev/null && break
        sleep 0.1
    done
    STORM_SECONDS+=("$(printf '%.1f' "$(echo "$(date +%s.%N) - $KILLED_AT" | bc -l)")")
    sleep 3
    RSS+=("$(rss)")
done
wait "$LOAD_PID" || { cat "$WORK/storm.err" >&2; die "socketio-load failed (storm)"; }
mv "$WORK/storm.json.out" "$WORK/storm-report.json"
echo "== reconnection storms: $USERS users, the server killed and restarted on the same port twice (down ${DOWN[0]} s, ${DOWN[1]} s; all reconnected after ${STORM_SECONDS[0]} s, ${STORM_SECONDS[1]} s, or not within 60 s)"
figure storm-report '`reconnections ${r.counters.reconnects} of '"$(( 2 * USERS ))"', connects ${r.counters.connects} (${3 * '"$USERS"'} expected), users completed ${r.counters.usersCompleted}, failed ${r.counters.usersFailed}, unfinished ${r.counters.usersUnfinished}`'
figure storm-report '`disconnect reasons ${JSON.stringify(r.disconnectReasons)}, errors ${JSON.stringify(r.errors)}`'
figure storm-report '(() => { const c = r.timeline.map((s, t) => [t, s.reconnects || 0]).filter(([, n]) => n); const peak = c.reduce((a, b) => b[1] > a[1] ? b : a, [0, 0]); return `reconnections per second: ${c.map(([t, n]) => t + "s:" + n).join(" ")}; peak ${peak[1]}/s; the backoff spreads the first attempts over 0.5-1.5 s after the loss, so a peak of up to '"$USERS"'/s is within it, all in one second is not` })()'
figure storm-report '`peak RSS ${(r.peakRssKb / 1024).toFixed(0)} MB (${(r.peakRssKb / 1024 - '"$PEAK"' / 1024).toFixed(1)} MB above the run without the storm)`'
echo "RSS with all users connected: $(( RSS[0] / 1024 )) MB before the storms, $(( RSS[1] / 1024 )) MB after the first, $(( RSS[2] / 1024 )) MB after the second"
