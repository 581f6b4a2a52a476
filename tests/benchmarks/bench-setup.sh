# Sourced by run-benchmarks.sh and compare-builds.sh: what both do before measuring.
# bench_setup PREFIX (with NODE, HERE and CONNS set): raises the open file limit for CONNS
# connections on each side, makes a work directory (WORK, with RESULTS in it) removed on exit,
# and starts bench-server.js (SERVER_PID, PORT, URL). Its stdin is a pipe from the calling
# shell: it also exits if that shell dies.

bench_cleanup() {
    [ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null || true
    [ -n "${WORK:-}" ] && rm -rf "$WORK"
}

bench_setup() {
    local need=$(( 2 * CONNS + 256 ))
    if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$need" ]; then
        ulimit -n "$need" 2>/dev/null || ulimit -n "$(ulimit -Hn)" \
            || { echo "cannot raise the open file limit to $need" >&2; exit 1; }
    fi
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
    RESULTS=$WORK/results.jsonl
    SERVER_PID=""
    trap bench_cleanup EXIT
    coproc SERVER { exec "$NODE" "$HERE/bench-server.js"; }
    SERVER_PID=$SERVER_PID
    IFS= read -r -t 30 -u "${SERVER[0]}" READY || { echo "bench-server.js did not start" >&2; exit 1; }
    PORT=$(echo "$READY" | sed -n 's/.*"port":\([0-9]*\).*/\1/p')
    URL=http://127.0.0.1:$PORT
}
