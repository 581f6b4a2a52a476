#!/usr/bin/env bash
# Installs the dependencies, builds SocketIOQt (Release) into build/, and runs the console-chat
# example against the demo server (examples/demo-server) on a free loopback port.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JOBS="${JOBS:-2}"

bash scripts/install-deps.sh

echo "== configure + build (Release, without the tests) into build/"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSOCKETIOQT_BUILD_EXAMPLES=ON -DSOCKETIOQT_BUILD_TESTS=OFF
cmake --build build -j "$JOBS"

CHAT=build/examples/console-chat/console-chat
[ -x "$CHAT" ] || { echo "main-job: $CHAT was not built" >&2; exit 1; }

echo "== starting the demo server"
WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
node examples/demo-server/server.js --port 0 > "$WORK/port" &
SERVER_PID=$!
PORT=""
for _ in $(seq 1 150); do
    PORT="$(sed -n 's/^{"port":\([0-9]*\)}$/\1/p' "$WORK/port")"
    [ -n "$PORT" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "main-job: the demo server exited" >&2; exit 1; }
    sleep 0.1
done
[ -n "$PORT" ] || { echo "main-job: the demo server did not start" >&2; exit 1; }
URL="http://127.0.0.1:$PORT"

echo "== console-chat $URL"
ARGS=("$URL")
# The scripted tour (--demo) runs without a terminal and quits by itself.
if "$CHAT" --help 2>&1 | grep -q -- '--demo'; then
    ARGS=(--demo "$URL")
fi
status=0
QT_QPA_PLATFORM=offscreen timeout 120 "$CHAT" "${ARGS[@]}" < /dev/null || status=$?
if [ $status -eq 0 ]; then
    echo "== main-job: ok"
else
    echo "== main-job: console-chat failed (exit $status)" >&2
fi
exit $status
