#!/bin/sh
# Runs the libFuzzer targets, each for SECONDS, on a copy of its seed corpus
# (tests/fuzz/corpus/<target>, left untouched). Exits non-zero when a target
# crashes; the reproducer is kept with the logs in the directory printed last.
#
# Usage: run-fuzzers.sh BUILD_DIR SECONDS [TARGET...]
#   BUILD_DIR  a build configured with -DSOCKETIOQT_FUZZ=ON and clang
#   TARGET     fuzz_json, fuzz_json_differential, fuzz_json_event_split, fuzz_engineio_frame, fuzz_engineio_payload,
#              fuzz_socketio_decoder, fuzz_msgpack_decoder, fuzz_http_request (default: all
#              of them, one after another)
set -u

usage="usage: $0 BUILD_DIR SECONDS [TARGET...]"
build=${1:?$usage}
seconds=${2:?$usage}
shift 2
here=$(cd "$(dirname "$0")" && pwd)
targets=${*:-fuzz_json fuzz_json_differential fuzz_json_event_split fuzz_engineio_frame fuzz_engineio_payload fuzz_socketio_decoder fuzz_msgpack_decoder fuzz_http_request}
work=$(mktemp -d "${TMPDIR:-/tmp}/socketioqt-fuzz.XXXXXX")

# Inputs larger than the largest useful packet only slow the search down.
max_len() {
    case $1 in
        fuzz_json|fuzz_json_differential) echo 16384 ;;
        fuzz_engineio_frame) echo 4096 ;;
        *) echo 8192 ;;
    esac
}

status=0
for name in $targets; do
    binary=$build/tests/fuzz/$name
    if [ ! -x "$binary" ]; then
        echo "$name: missing $binary (configure with -DSOCKETIOQT_FUZZ=ON)"
        status=1
        continue
    fi
    corpus=$work/corpus/$name
    mkdir -p "$corpus" "$work/artifacts"
    cp "$here/corpus/$name/"* "$corpus/"
    log=$work/$name.log
    "$binary" -max_total_time="$seconds" -max_len="$(max_len "$name")" -rss_limit_mb=2048 \
        -timeout=10 -print_final_stats=1 -artifact_prefix="$work/artifacts/$name-" \
        "$corpus" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    if [ $rc -ne 0 ]; then
        echo "$name: FAILED (exit $rc) after ${execs:-?} executions"
        tail -n 40 "$log"
        status=1
    else
        echo "$name: ok, $execs executions in ${seconds}s, corpus grown to $(ls "$corpus" | wc -l) inputs"
    fi
done
echo "logs, corpora and artifacts: $work"
exit $status
