#!/usr/bin/env bash
# test-debian.sh [SUITE]: the unit and integration tests on another Debian release, in a
# debootstrap root (scripts/debian-root.sh): trixie (Debian 13, Qt 6.8, GCC 14) by default.
# scripts/test.sh runs it as its Debian 13 leg. Needs root.
#
# Inside the root: scripts/install-deps.sh, a -Werror build (GCC) of the library, the tools, the
# examples and the tests labelled unit or integration (only those targets), then
# `ctest -L 'unit|integration'`. The build must also be free of deprecation warnings (which
# -Werror leaves as warnings): a newer Qt deprecates APIs, and they get version checks.
#
# The root is kept in SOCKETIOQT_DEBIAN_ROOTS (default /var/cache/socketioqt) with its ccache,
# so a later run only installs what changed and rebuilds what changed.
set -euo pipefail

SUITE="${1:-trixie}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOTS="${SOCKETIOQT_DEBIAN_ROOTS:-/var/cache/socketioqt}"

# The part that runs inside the root, from /src.
read -r -d '' INSIDE <<'EOF' || true
set -euo pipefail
bash scripts/install-deps.sh
command -v ccache >/dev/null || { apt-get update -qq && apt-get install -y -qq ccache >/dev/null; }
echo "== $(. /etc/os-release; echo "$PRETTY_NAME"), Qt $(dpkg-query -W -f='${Version}' libqt6core6t64 2>/dev/null || dpkg-query -W -f='${Version}' libqt6core6), $(g++ --version | head -1)"
B=build-debian
cmake -S . -B $B -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
      -DSOCKETIOQT_BUILD_TESTS=ON -DSOCKETIOQT_WERROR=ON > $B.configure.log 2>&1 \
    || { cat $B.configure.log; exit 1; }
# The targets of the tests to run (a test of socketioqt_add_test is named after its target).
tests="$(ctest --test-dir $B -N -L 'unit|integration' | sed -nE 's/^ *Test +#[0-9]+: ([^ ]+)$/\1/p')"
targets="$(ninja -C $B -t targets all | sed -nE 's/^([^ :/]+): phony$/\1/p')"
want=()
for t in $tests; do grep -qx "$t" <<<"$targets" && want+=("$t"); done
[ ${#want[@]} -gt 0 ] || { echo "test-debian: no test targets found" >&2; exit 1; }
echo "== building ${#want[@]} test targets: ${want[*]}"
cmake --build $B -j "$JOBS" --target "${want[@]}" 2>&1 | tee $B.build.log
[ "${PIPESTATUS[0]}" -eq 0 ] || exit 1
warnings="$(grep -c 'warning:' $B.build.log || true)"
echo "== compiler warnings: $warnings"
if [ "$warnings" -ne 0 ]; then
    grep 'warning:' $B.build.log | sort | uniq -c >&2
    echo "test-debian: the build has warnings" >&2
    exit 1
fi
ctest --test-dir $B --output-on-failure -j "$JOBS" -L 'unit|integration'
EOF

exec bash "$ROOT/scripts/debian-root.sh" "$SUITE" "$ROOTS/debian-$SUITE" "$INSIDE"
