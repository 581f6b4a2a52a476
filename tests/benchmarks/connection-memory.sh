#!/usr/bin/env bash
# Memory per connection, SocketIOQt beside a bare QWebSocket, measured in the same run:
# `socketioqt-bench conns` opens N connections (WebSocket only) in one process, once with
# SocketIO objects and once with plain QWebSockets joining "/" by hand, and reports
# (RSS with all - RSS with one) / (N - 1). The clients alternate over the repetitions; the
# medians and their ratio are printed. The goal of issue 13 is a ratio <= 1.3.
#
#   tests/benchmarks/connection-memory.sh --bench BUILD/tests/benchmarks/socketioqt-bench [--n 2000] [--reps 3]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BENCH="" N=2000 REPS=3 NODE=${SOCKETIOQT_NODE:-node}
while [ $# -gt 0 ]; do
    case "$1" in
        --bench) BENCH=$2; shift 2 ;;
        --n) N=$2; shift 2 ;;
        --reps) REPS=$2; shift 2 ;;
        --node) NODE=$2; shift 2 ;;
        *) echo "usage: $0 --bench EXE [--n N] [--reps R] [--node NODE]" >&2; exit 2 ;;
    esac
done
[ -x "$BENCH" ] || { echo "connection-memory: --bench must name socketioqt-bench" >&2; exit 2; }
ulimit -n "$(ulimit -Hn)"

# Its stdin is a pipe from this shell: the server exits with the script.
coproc SERVER { exec "$NODE" "$HERE/bench-server.js"; }
trap 'kill "$SERVER_PID" 2>/dev/null || true' EXIT
IFS= read -r -t 30 -u "${SERVER[0]}" READY || { echo "bench-server.js did not start" >&2; exit 1; }
URL=http://127.0.0.1:$(echo "$READY" | sed -n 's/.*"port":\([0-9]*\).*/\1/p')

declare -a SIO RAW
for ((rep = 0; rep < REPS; ++rep)); do
    order="sio raw"; (( rep % 2 )) && order="raw sio"
    for c in $order; do
        kb=$("$BENCH" conns --client "$c" --url "$URL" --n "$N" | sed -n 's/.*"per_conn_kb":\([0-9.]*\).*/\1/p')
        echo "repetition $((rep + 1))/$REPS: $c $kb KB per connection" >&2
        if [ "$c" = sio ]; then SIO+=("$kb"); else RAW+=("$kb"); fi
    done
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
S=$(median "${SIO[@]}") R=$(median "${RAW[@]}")
printf '%d connections, median of %d: SocketIOQt %.1f KB, bare QWebSocket %.1f KB per connection, ratio %.2f (goal <= 1.30)\n' \
    "$N" "$REPS" "$S" "$R" "$(echo "$S / $R" | bc -l)"
