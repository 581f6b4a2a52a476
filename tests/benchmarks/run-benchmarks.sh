#!/usr/bin/env bash
# The SocketIOQt benchmark suite, side by side with the official Node client and the raw
# QWebSocket floor, in one run; prints one table (see README.md here).
#
#   tests/benchmarks/run-benchmarks.sh [--quick | --smoke] [--build-dir DIR | --bench EXE]
#                                      [--node NODE] [--reps N] [--keep FILE] [--update-expected]
#
#   (default)      full run, about 5-10 minutes: 5 repetitions, 30,000 events per burst run
#                  (after 20,000 to warm up: the Node client's JIT and GC settle slowly),
#                  3,000 ack round trips, 1,000 connections
#   --quick        under a minute: 1 repetition, smaller runs, 300 connections
#   --smoke        a few seconds, tiny runs: checks that everything runs (the ctest test)
#   --build-dir D  a configured build of the whole project that includes tests/benchmarks:
#                  builds its socketioqt-bench target. Default: a Release build of the library
#                  and the benchmark alone in $SOCKETIOQT_BENCH_BUILD_DIR
#                  (default ${TMPDIR:-/tmp}/socketioqt-bench-build), configured on first use
#   --bench EXE    use this socketioqt-bench, build nothing
#   --node NODE    the Node.js executable (default: $SOCKETIOQT_NODE, else node)
#   --reps N       repetitions (medians are printed)
#   --keep FILE    also keep the raw results (JSON lines) in FILE
#   --update-expected  write this run's ratios to the bare socket into expected-ratios.json
#                  (the regression check warns when a later run's ratio grows beyond them)
#
# Needs the pinned npm packages of tests/server (scripts/install-deps.sh, or npm ci there) and
# taskset (util-linux) for the pinned ack runs. Clients run one after the other, in an order
# rotated at each repetition, against one bench-server.js; absolute figures vary with the
# machine's load, the ratios printed are between clients measured in the same run.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

MODE=full
BUILD_DIR=""
BENCH=""
NODE=${SOCKETIOQT_NODE:-node}
REPS=""
KEEP=""
UPDATE_EXPECTED=0
JOBS=${JOBS:-2}

usage() { sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) MODE=quick ;;
        --smoke) MODE=smoke ;;
        --build-dir) BUILD_DIR=$2; shift ;;
        --bench) BENCH=$2; shift ;;
        --node) NODE=$2; shift ;;
        --reps) REPS=$2; shift ;;
        --keep) KEEP=$2; shift ;;
        --update-expected) UPDATE_EXPECTED=1 ;;
        -h|--help) usage 0 ;;
        *) echo "run-benchmarks.sh: unknown argument $1" >&2; usage 2 >&2 ;;
    esac
    shift
done

# Sizes ---------------------------------------------------------------------------------------
case "$MODE" in
    full)  R=5; N_BURST=30000; W_BURST=20000; N_NORMAL=10000; W_NORMAL=3000
           N_ACK=3000; W_ACK=500; CONNS=1000; CONN_REPS=3; CODEC_S=1.0 ;;
    quick) R=1; N_BURST=10000; W_BURST=10000; N_NORMAL=3000; W_NORMAL=1000
           N_ACK=1500; W_ACK=300; CONNS=300; CONN_REPS=1; CODEC_S=0.3 ;;
    smoke) R=1; N_BURST=300; W_BURST=50; N_NORMAL=200; W_NORMAL=50
           N_ACK=100; W_ACK=10; CONNS=20; CONN_REPS=1; CODEC_S=0.05 ;;
esac
[ -n "$REPS" ] && R=$REPS && CONN_REPS=$(( REPS < 3 ? REPS : 3 ))

log() { echo "[bench] $*" >&2; }
die() { echo "run-benchmarks.sh: $*" >&2; exit 1; }

command -v "$NODE" >/dev/null 2>&1 || die "Node.js not found (--node or SOCKETIOQT_NODE)"
[ -d "$ROOT/tests/server/node_modules/socket.io-client" ] \
    || die "the npm packages of tests/server are missing: run scripts/install-deps.sh (or npm ci in tests/server)"
HAVE_TASKSET=1
command -v taskset >/dev/null 2>&1 || { HAVE_TASKSET=0; log "taskset not found: no pinned ack runs"; }

# Build ---------------------------------------------------------------------------------------
if [ -z "$BENCH" ]; then
    if [ -n "$BUILD_DIR" ]; then
        log "building socketioqt-bench in $BUILD_DIR"
        cmake --build "$BUILD_DIR" --target socketioqt-bench -j "$JOBS" >&2
        BENCH=$(find "$BUILD_DIR" -name socketioqt-bench -type f -perm -u+x | head -n 1)
    else
        B=${SOCKETIOQT_BENCH_BUILD_DIR:-${TMPDIR:-/tmp}/socketioqt-bench-build}
        if [ ! -f "$B/CMakeCache.txt" ]; then
            log "configuring a Release build of the library and the benchmark in $B"
            GEN=(); command -v ninja >/dev/null 2>&1 && GEN=(-G Ninja)
            cmake -S "$HERE" -B "$B" "${GEN[@]}" -DCMAKE_BUILD_TYPE=Release >&2
        fi
        log "building socketioqt-bench in $B"
        cmake --build "$B" --target socketioqt-bench -j "$JOBS" >&2
        BENCH=$B/socketioqt-bench
    fi
fi
[ -x "$BENCH" ] || die "no socketioqt-bench executable ($BENCH)"

# Server --------------------------------------------------------------------------------------
# 1,000 connections: as many sockets in the server and in the client process.
source "$HERE/bench-setup.sh"
bench_setup socketioqt-bench
log "bench-server.js on $URL (pid $SERVER_PID), $MODE run, $R repetition(s)"

export QT_QPA_PLATFORM=offscreen
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
START=$(date +%s)

# Runs one client command, its JSON lines into the results.
run() { "$@" >>"$RESULTS" || die "failed: $*"; }

# The order of the clients changes at each repetition, so that a slow moment of the machine
# does not always fall on the same one.
rotate() { local k=$1; shift; local a=("$@"); local n=${#a[@]}; for ((i = 0; i < n; ++i)); do echo "${a[(i + k) % n]}"; done; }

receive() { # client mode n warmup
    local c=$1 mode=$2 n=$3 w=$4
    case "$c" in
        node) run "$NODE" "$HERE/node-client.js" receive --url "$URL" --mode "$mode" --n "$n" --warmup "$w" ;;
        *) run "$BENCH" receive --client "$c" --url "$URL" --mode "$mode" --n "$n" --warmup "$w" ;;
    esac
}

ack() { # client tag [taskset prefix...]
    local c=$1 tag=$2; shift 2
    case "$c" in
        node) run "$@" "$NODE" "$HERE/node-client.js" ack --url "$URL" --n "$N_ACK" --warmup "$W_ACK" --tag "$tag" ;;
        *) run "$@" "$BENCH" ack --client "$c" --url "$URL" --n "$N_ACK" --warmup "$W_ACK" --tag "$tag" ;;
    esac
}

# 1. receive
for ((rep = 0; rep < R; ++rep)); do
    log "receive, repetition $((rep + 1))/$R"
    for c in $(rotate "$rep" sio sio-typed node raw rawjson); do
        receive "$c" burst "$N_BURST" "$W_BURST"
        receive "$c" normal "$N_NORMAL" "$W_NORMAL"
    done
done

# 1b. receive with socket.io-msgpack-parser: a second server, SocketIOQt (untyped and typed
# handler) and the Node client with the same parser (burst only; the JSON figures of the same kinds come from step 1)
# (bash warns that the first coproc still exists: it does, on purpose)
{ coproc MSGPACK { exec "$NODE" "$HERE/bench-server.js" --parser msgpack; }; } 2>/dev/null
MSGPACK_SERVER_PID=$MSGPACK_PID
IFS= read -r -t 30 -u "${MSGPACK[0]}" READY || die "bench-server.js --parser msgpack did not start"
MSGPACK_URL=http://127.0.0.1:$(echo "$READY" | sed -n 's/.*"port":\([0-9]*\).*/\1/p')
for ((rep = 0; rep < R; ++rep)); do
    log "receive with msgpack, repetition $((rep + 1))/$R"
    for c in $(rotate "$rep" sio sio-typed node); do
        case "$c" in
            node) run "$NODE" "$HERE/node-client.js" receive --url "$MSGPACK_URL" --mode burst --n "$N_BURST" \
                      --warmup "$W_BURST" --parser msgpack --tag msgpack ;;
            *) run "$BENCH" receive --client "$c" --url "$MSGPACK_URL" --mode burst --n "$N_BURST" \
                   --warmup "$W_BURST" --parser msgpack --tag msgpack ;;
        esac
    done
done
kill "$MSGPACK_SERVER_PID" 2>/dev/null || true

# 2. ack round trip, unpinned and with client and server on CPU 0
SERVER_MASK=""
[ "$HAVE_TASKSET" = 1 ] && SERVER_MASK=$(taskset -p "$SERVER_PID" | sed 's/.*: //')
for ((rep = 0; rep < R; ++rep)); do
    log "ack round trip, repetition $((rep + 1))/$R"
    for c in $(rotate "$rep" sio node raw); do
        ack "$c" unpinned
    done
    if [ "$HAVE_TASKSET" = 1 ]; then
        taskset -a -p -c 0 "$SERVER_PID" >/dev/null
        for c in $(rotate "$rep" sio node raw); do
            ack "$c" pinned taskset -c 0
        done
        taskset -a -p "$SERVER_MASK" "$SERVER_PID" >/dev/null
    fi
done

# 3. connections
for ((rep = 0; rep < CONN_REPS; ++rep)); do
    log "$CONNS connections, repetition $((rep + 1))/$CONN_REPS"
    for c in $(rotate "$rep" sio node raw); do
        case "$c" in
            node) run "$NODE" --expose-gc "$HERE/node-client.js" conns --url "$URL" --n "$CONNS" ;;
            *) run "$BENCH" conns --client "$c" --url "$URL" --n "$CONNS" ;;
        esac
    done
done

# 4. codec
"$NODE" "$HERE/codec.js" --corpus "$WORK/corpus.json"
for ((rep = 0; rep < R; ++rep)); do
    log "codec, repetition $((rep + 1))/$R"
    run "$BENCH" codec --corpus "$WORK/corpus.json" --seconds "$CODEC_S"
    run "$NODE" "$HERE/codec.js" --bench "$WORK/corpus.json" --seconds "$CODEC_S"
done

LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
ELAPSED=$(( $(date +%s) - START ))
[ -n "$KEEP" ] && cp "$RESULTS" "$KEEP"
NODE_VERSION=$("$NODE" --version)
CLIENT_VERSION=$("$NODE" -p "require('$ROOT/tests/server/node_modules/socket.io-client/package.json').version")
TITLE="SocketIOQt benchmarks ($MODE): $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load average $LOAD_START at the start, $LOAD_END at the end, ${ELAPSED} s
$([ "$MODE" = smoke ] && echo "SMOKE RUN: sizes far too small for meaningful figures, this only checks that everything runs. ")Qt $(qtpaths6 --qt-version 2>/dev/null || qmake6 -query QT_VERSION 2>/dev/null || echo '?'), Node $NODE_VERSION, socket.io-client $CLIENT_VERSION; $N_BURST events per burst run, $N_NORMAL per normal run, $N_ACK acks, $CONNS connections"
# The regression check (ratios to the bare socket against expected-ratios.json) warns, it never
# fails; smoke sizes are too small for it.
CHECK=()
if [ "$UPDATE_EXPECTED" = 1 ]; then
    CHECK=(--write-expected "$HERE/expected-ratios.json")
elif [ "$MODE" != smoke ]; then
    CHECK=(--expected "$HERE/expected-ratios.json")
fi
"$NODE" "$HERE/report.js" "$RESULTS" --title "$TITLE" "${CHECK[@]}"
