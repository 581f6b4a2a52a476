#!/usr/bin/env bash
# tests/package/test-debs.sh [SUITE]: the .deb packages as a user gets them. Needs root.
#
#   1. builds the packages on this machine (a Release build for /usr in build-deb/, `cpack -G DEB`:
#      cmake/SocketIOQtPackaging.cmake);
#   2. makes a clean Debian root of SUITE (default bookworm, Debian 12: the release this machine
#      builds for) with debootstrap, in a temporary directory, and there:
#      - `apt-get install ./*.deb` (apt resolves their dependencies from Debian), plus the
#        compiler and CMake;
#      - builds the README example (examples/readme/main.cpp) against the installed
#        libsocketioqt-dev with find_package(SocketIOQt 1.0), and checks that it links the
#        packaged library (it needs a server to run);
#      - runs socketio-cli --version and --help, socketio-inspector --help (offscreen), checks
#        the four tools' manual pages, and runs Qt's `qml` tool on a file that imports SocketIO
#        from qml6-module-socketio;
#      - runs lintian on the packages and fails on any error.
# Prints one line per check; exits non-zero on the first failure. The root is removed at the end.
set -euo pipefail

SUITE="${1:-bookworm}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
B="$ROOT/build-deb"
JOBS="${JOBS:-2}"
cd "$ROOT"

echo "== building the packages in build-deb/"
cmake -S . -B "$B" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
      -DSOCKETIOQT_BUILD_TESTS=OFF -DSOCKETIOQT_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$B" -j "$JOBS" >/dev/null
rm -f "$B"/*.deb
(cd "$B" && cpack -G DEB >/dev/null)
ls "$B"/*.deb

WORK="$(mktemp -d /var/tmp/socketioqt-debs.XXXXXX)"
trap 'rm -rf --one-file-system "$WORK"' EXIT
mkdir -p "$WORK/stage"
cp "$B"/*.deb "$WORK/stage/"
cp examples/readme/main.cpp "$WORK/stage/readme.cpp"

# Runs inside the clean root, from /src (this tree), with the packages in /stage.
read -r -d '' INSIDE <<'EOF' || true
set -euo pipefail
cp -r /src/.debs-stage /stage
cd /stage
apt-get update -qq
echo "== apt-get install ./*.deb"
apt-get install -y -qq ./*.deb g++ cmake ninja-build >/dev/null
dpkg-query -W -f='${Package} ${Version}\n' 'libsocketioqt*' qml6-module-socketio socketioqt-tools

echo "== the README example against the installed packages"
mkdir -p readme && cp readme.cpp readme/main.cpp
cat > readme/CMakeLists.txt <<'CM'
cmake_minimum_required(VERSION 3.21)
project(readme LANGUAGES CXX)
find_package(SocketIOQt 1.0 REQUIRED)
add_executable(readme main.cpp)
target_link_libraries(readme PRIVATE SocketIOQt::SocketIOQt)
CM
cmake -S readme -B readme/build -G Ninja >/dev/null
cmake --build readme/build >/dev/null
# (/lib is /usr/lib on a merged-/usr system: ld.so may name either)
ldd readme/build/readme | grep -Eq '=> (/usr)?/lib/x86_64-linux-gnu/libsocketioqt\.so\.1 ' \
    || { ldd readme/build/readme >&2; echo "readme does not link the packaged libsocketioqt.so.1" >&2; exit 1; }
echo "readme example: built against /usr/lib/x86_64-linux-gnu/libsocketioqt.so.1"

echo "== the tools"
socketio-cli --version
socketio-cli --help >/dev/null && echo "socketio-cli --help: ok"
QT_QPA_PLATFORM=offscreen socketio-inspector --help >/dev/null && echo "socketio-inspector --help: ok"
for tool in socketio-cli socketio-inspector socketio-load socketio-mock; do
    zcat "/usr/share/man/man1/$tool.1.gz" | grep -q "^\.TH ${tool^^} 1 " || { echo "no manual page for $tool" >&2; exit 1; }
done
echo "manual pages: ok"

echo "== the QML module, with Qt's qml tool"
apt-get install -y -qq qml-qt6 >/dev/null
cat > probe.qml <<'QML'
import QtQml
import SocketIO
QtObject {
    property SocketIOClient client: SocketIOClient { }
    Component.onCompleted: { console.log("SocketIO imported:", client); Qt.exit(0) }
}
QML
# (the qml tool's own exit status says whether a window was left, not whether the import worked)
QT_QPA_PLATFORM=offscreen /usr/lib/qt6/bin/qml probe.qml 2>&1 | tee qml.log || true
grep -q "SocketIO imported:" qml.log || { echo "the QML module did not import" >&2; exit 1; }

echo "== lintian"
apt-get install -y -qq lintian >/dev/null
status=0
lintian --no-tag-display-limit ./*.deb > lintian.log 2>&1 || status=$?
cat lintian.log
errors="$(grep -c '^E:' lintian.log || true)"
echo "lintian: $errors errors, $(grep -c '^W:' lintian.log || true) warnings (exit $status)"
[ "$errors" -eq 0 ]
echo "== test-debs: ok"
EOF

# debian-root.sh copies this tree to /src; the packages travel in it.
rm -rf "$ROOT/.debs-stage"
cp -r "$WORK/stage" "$ROOT/.debs-stage"
trap 'rm -rf --one-file-system "$WORK" "$ROOT/.debs-stage"' EXIT
bash "$ROOT/scripts/debian-root.sh" "$SUITE" "$WORK/root" "$INSIDE"
