#!/usr/bin/env bash
# The whole test run (CI runs it through .ci/run), two Debian releases and two Qt versions:
#   1. build-asan/  clang AddressSanitizer + UBSan build of everything, -Werror, ctest
#                   (this machine: Debian 12 with Qt 6.4, or whatever it runs)
#   2. build-fuzz/  clang libFuzzer build, tests/fuzz/run-fuzzers.sh build-fuzz 30
#   3. GCC build of everything with -Werror (deprecation warnings fail it too), ctest: on Debian 13
#      (Qt 6.8, GCC 14). On a Debian 12 machine that is scripts/test-debian.sh trixie, in a
#      debootstrap root (needs root, as CI runs); on Debian 13 itself, build/ here.
#      SOCKETIOQT_GCC_HERE=1 runs it in build/ here whatever the release.
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

# count_ctest LOG: adds the counts of ctest's closing line in LOG; fails when it ran no test.
count_ctest() {
    # "100% tests passed, 0 tests failed out of 42"
    local log="$1" line total failed
    line="$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -1)"
    if [ -n "$line" ]; then
        total="$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$line")"
        failed="$(sed -E 's/.*passed, ([0-9]+) tests? failed.*/\1/' <<<"$line")"
        TESTS_PASSED=$((TESTS_PASSED + total - failed))
        TESTS_FAILED=$((TESTS_FAILED + failed))
    else
        echo "count_ctest: no test results in $log" >&2
        return 1
    fi
}

# run_ctest BUILD_DIR: ctest with its output also in build-logs/, adding up the counts.
run_ctest() {
    local dir="$1" log="$LOGS/ctest-$(basename "$1").log" rc=0
    ctest --test-dir "$dir" --output-on-failure -j "$JOBS" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    count_ctest "$log" || rc=1
    return $rc
}

configure_build() { # DIR CMAKE_ARGS...
    local dir="$1"
    shift
    cmake -S . -B "$dir" -G Ninja "$@" && cmake --build "$dir" -j "$JOBS"
}

step "install dependencies" bash scripts/install-deps.sh || { echo "test.sh: cannot install the dependencies" >&2; exit 1; }

# Step 3 runs in a Debian 13 root unless this machine is Debian 13 (or SOCKETIOQT_GCC_HERE is
# set). Making that root is mostly download and unpacking: it starts now, beside steps 1 and 2.
. /etc/os-release
GCC_HERE=""
[ "${VERSION_CODENAME:-}" = "trixie" ] || [ -n "${SOCKETIOQT_GCC_HERE:-}" ] && GCC_HERE=1
PREPARE_PID=""
if [ -z "$GCC_HERE" ] && [ "$(id -u)" -eq 0 ]; then
    echo "test.sh: preparing the Debian 13 root in the background ($LOGS/debian13-prepare.log)"
    bash scripts/test-debian.sh trixie --prepare > "$LOGS/debian13-prepare.log" 2>&1 &
    PREPARE_PID=$!
    PREPARE_START=$SECONDS
fi

# 1. Sanitizers: the whole tree.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$ROOT/tests/lsan.supp:print_suppressions=0}"
# Built with clang and -Werror, the whole tree: with step 3 (GCC), every warning of either compiler
# fails the run.
asan_build() {
    CC=clang CXX=clang++ configure_build build-asan -DCMAKE_BUILD_TYPE=Debug \
        -DSOCKETIOQT_SANITIZE=ON -DSOCKETIOQT_BUILD_TESTS=ON -DSOCKETIOQT_WERROR=ON
}
if step "build with clang, ASan+UBSan (build-asan/)" asan_build; then
    step "ctest (build-asan/)" run_ctest build-asan
fi

# 2. Fuzzers (clang + libFuzzer), a short run of each.
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

# 3. GCC, -Werror, everything, on Debian 13.
gcc_here() {
    if step "build with GCC (build/, ${PRETTY_NAME:-this system})" configure_build build \
            -DSOCKETIOQT_BUILD_TESTS=ON -DSOCKETIOQT_WERROR=ON; then
        step "ctest (build/)" run_ctest build
    fi
}
if [ -n "$GCC_HERE" ]; then
    gcc_here
else
    # Not a step: when the root cannot be made the run goes on without it (see below).
    debian13_prepared() {
        [ -n "$PREPARE_PID" ] || { echo "test.sh: the Debian 13 leg needs root (debootstrap, chroot); SOCKETIOQT_GCC_HERE=1 builds here instead" >&2; return 1; }
        local rc=0
        wait "$PREPARE_PID" || rc=$?
        echo "the root was ready $((SECONDS - PREPARE_START)) s after it was started"
        [ $rc -eq 0 ] || tail -30 "$LOGS/debian13-prepare.log" >&2
        return $rc
    }
    debian13_leg() {
        local log="$LOGS/debian13.log" rc=0
        bash scripts/test-debian.sh trixie 2>&1 | tee "$log"
        rc=${PIPESTATUS[0]}
        count_ctest "$log" || rc=1
        return $rc
    }
    echo
    echo "=================== Debian 13 root and its dependencies (debootstrap, in the background since the start)"
    if debian13_prepared; then
        SUMMARY+=("PASS  Debian 13 root ready")
        step "Debian 13 root: GCC 14, Qt 6.8, build and ctest (scripts/test-debian.sh)" debian13_leg
    else
        # No root here (no root user, no debootstrap mirror, no mount in this container): the
        # GCC build and the suite still run, on this release, and the summary says what was not.
        SUMMARY+=("SKIP  Debian 13 leg: its root could not be made (see build-logs/debian13-prepare.log); GCC runs here instead")
        gcc_here
    fi
fi

echo
echo "=================== summary ($(( (SECONDS - START_ALL) / 60 )) min $(( (SECONDS - START_ALL) % 60 )) s)"
printf '  %s\n' "${SUMMARY[@]}"
echo "tests: $TESTS_PASSED passed, $TESTS_FAILED failed"
exit $FAILED
