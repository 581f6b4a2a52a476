#!/usr/bin/env bash
# test-debian.sh [SUITE] [--prepare]: the whole test suite on another Debian release, in a debootstrap root
# (scripts/debian-root.sh): trixie (Debian 13, Qt 6.8, GCC 14) by default. scripts/test.sh runs
# it as its GCC leg on a Debian 12 machine. Needs root.
#
# Inside the root: scripts/install-deps.sh, a -Werror build (GCC) of everything (library, tools,
# examples, tests), then ctest. The build must also be free of deprecation warnings (which
# -Werror leaves as warnings): a newer Qt deprecates APIs, and they get version checks.
# --prepare only makes the root and installs the dependencies in it (network and disk, little
# CPU): scripts/test.sh runs that in the background while it builds elsewhere.
#
# The root is kept in SOCKETIOQT_DEBIAN_ROOTS (default /var/cache/socketioqt) with its ccache,
# so a later run only installs what changed and rebuilds what changed.
set -euo pipefail

SUITE="${1:-trixie}"
PREPARE="${2:-}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOTS="${SOCKETIOQT_DEBIAN_ROOTS:-/var/cache/socketioqt}"

# The part that runs inside the root, from /src.
read -r -d '' INSIDE <<'EOF' || true
set -euo pipefail
bash scripts/install-deps.sh
command -v ccache >/dev/null || { apt-get update -qq && apt-get install -y -qq ccache >/dev/null; }
[ "${PREPARE:-}" = "--prepare" ] && exit 0
echo "== $(. /etc/os-release; echo "$PRETTY_NAME"), Qt $(dpkg-query -W -f='${Version}' libqt6core6t64 2>/dev/null || dpkg-query -W -f='${Version}' libqt6core6), $(g++ --version | head -1)"
B=build-debian
cmake -S . -B $B -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
      -DSOCKETIOQT_BUILD_TESTS=ON -DSOCKETIOQT_WERROR=ON > $B.configure.log 2>&1 \
    || { cat $B.configure.log; exit 1; }
cmake --build $B -j "$JOBS" 2>&1 | tee $B.build.log
[ "${PIPESTATUS[0]}" -eq 0 ] || exit 1
warnings="$(grep -c 'warning:' $B.build.log || true)"
echo "== compiler warnings: $warnings"
if [ "$warnings" -ne 0 ]; then
    grep 'warning:' $B.build.log | sort | uniq -c >&2
    echo "test-debian: the build has warnings" >&2
    exit 1
fi
ctest --test-dir $B --output-on-failure -j "$JOBS"
EOF

exec bash "$ROOT/scripts/debian-root.sh" "$SUITE" "$ROOTS/debian-$SUITE" "PREPARE=$PREPARE; $INSIDE"
