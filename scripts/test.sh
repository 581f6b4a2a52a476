#!/usr/bin/env bash
# The whole test run (CI runs it through .ci/run):
#   1. build/       default build with the tests, ctest
#   2. build-asan/  clang AddressSanitizer + UBSan build of everything, -Werror, ctest
#   3. build-fuzz/  clang libFuzzer build, tests/fuzz/run-fuzzers.sh build-fuzz 30 (if present)
# then a summary. Exits non-zero when any step fails. JOBS (default 2) sets the parallelism.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JOBS="${JOBS:-2}"
LOGS="$ROOT/build-logs"
mkdir -p "$LOGS"

SUMMARY=()
FAILED=0
TESTS_PASSED=0
TESTS_FAILED=0
START_ALL=$SECONDS

# step NAME COMMAND...: runs a step, records PASS/FAIL and its duration.
step() {
    local name="$1" start=$SECONDS rc=0
    shift
    echo
    echo "=================== $name"
    "$@" || rc=$?
    local took=$((SECONDS - start))
    if [ $rc -eq 0 ]; then
        SUMMARY+=("PASS  $name (${took}s)")
    else
        SUMMARY+=("FAIL  $name (${took}s, exit $rc)")
        FAILED=1
    fi
    return $rc
}

# run_ctest BUILD_DIR: ctest with its output also in build-logs/, adding up the counts.
run_ctest() {
    local dir="$1" log="$LOGS/ctest-$(basename "$1").log" rc=0
    ctest --test-dir "$dir" --output-on-failure -j "$JOBS" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    # "100% tests passed, 0 tests failed out of 42"
    local line total failed
    line="$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -1)"
    if [ -n "$line" ]; then
        total="$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$line")"
        failed="$(sed -E 's/.*passed, ([0-9]+) tests? failed.*/\1/' <<<"$line")"
        TESTS_PASSED=$((TESTS_PASSED + total - failed))
        TESTS_FAILED=$((TESTS_FAILED + failed))
    elif grep -q 'No tests were found' "$log"; then
        echo "run_ctest: no tests in $dir" >&2
        rc=1
    fi
    return $rc
}

configure_build() { # DIR CMAKE_ARGS...
    local dir="$1"
    shift
    cmake -S . -B "$dir" -G Ninja "$@" && cmake --build "$dir" -j "$JOBS"
}

step "install dependencies" bash scripts/install-deps.sh || { echo "test.sh: cannot install the dependencies" >&2; exit 1; }

# 1. Default build with everything.
if step "build (build/)" configure_build build -DSOCKETIOQT_BUILD_TESTS=ON -DSOCKETIOQT_WERROR=ON; then
    step "ctest (build/)" run_ctest build
fi

# 2. Sanitizers: library and tests only.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# Built with clang and -Werror, the whole tree: with step 1 (GCC), every warning of either compiler
# fails the run.
asan_build() {
    CC=clang CXX=clang++ configure_build build-asan -DCMAKE_BUILD_TYPE=Debug \
        -DSOCKETIOQT_SANITIZE=ON -DSOCKETIOQT_BUILD_TESTS=ON -DSOCKETIOQT_WERROR=ON
}
if step "build with clang, ASan+UBSan (build-asan/)" asan_build; then
    step "ctest (build-asan/)" run_ctest build-asan
fi

# 3. Fuzzers (clang + libFuzzer), a short run of each.
if [ -f tests/fuzz/CMakeLists.txt ]; then
    fuzz_build() {
        CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            -DSOCKETIOQT_FUZZ=ON -DSOCKETIOQT_BUILD_TESTS=ON \
            -DSOCKETIOQT_BUILD_EXAMPLES=OFF -DSOCKETIOQT_BUILD_INSPECTOR=OFF || return
        # Only the fuzz targets (and the library they need), not every test again.
        cmake --build build-fuzz -j "$JOBS" --target tests/fuzz/all
    }
    if step "fuzz build (build-fuzz/)" fuzz_build && [ -f tests/fuzz/run-fuzzers.sh ]; then
        step "fuzzers (30 s each)" bash tests/fuzz/run-fuzzers.sh build-fuzz 30
    fi
else
    SUMMARY+=("SKIP  fuzzing (no tests/fuzz/CMakeLists.txt)")
fi

echo
echo "=================== summary ($(( (SECONDS - START_ALL) / 60 )) min $(( (SECONDS - START_ALL) % 60 )) s)"
printf '  %s\n' "${SUMMARY[@]}"
echo "tests: $TESTS_PASSED passed, $TESTS_FAILED failed"
exit $FAILED
