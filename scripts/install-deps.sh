#!/usr/bin/env bash
# Installs everything SocketIOQt needs to build and test on Debian 12 or 13, then the pinned npm
# packages of tests/server and examples/demo-server. Run as root (or with sudo available).
# Idempotent: packages already installed and npm trees already current are left alone.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

PACKAGES=(
    build-essential cmake ninja-build git ca-certificates
    qt6-base-dev qt6-websockets-dev qt6-declarative-dev qt6-charts-dev libgl-dev
    qml6-module-qtquick qml6-module-qttest qml6-module-qtqml-workerscript qml6-module-qtqml-models
    clang
    xvfb xauth doxygen groff-base openssl libssl-dev debootstrap
    redis-server nginx
    privoxy tinyproxy microsocks
)

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "install-deps.sh: run as root (or install sudo)" >&2; exit 1; }
    SUDO=(sudo)
fi

is_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

apt_install() {
    local missing=() p
    for p in "$@"; do is_installed "$p" || missing+=("$p"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "install-deps: apt-get install ${missing[*]}"
    # Keep package scripts from starting services (redis, nginx): tests start their own.
    local policy=/usr/sbin/policy-rc.d added_policy=0
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$policy" >/dev/null
        "${SUDO[@]}" chmod 755 "$policy"
        added_policy=1
    fi
    local rc=0
    if [ -z "${APT_UPDATED:-}" ]; then
        "${SUDO[@]}" apt-get update -qq || rc=$?
        APT_UPDATED=1
    fi
    if [ $rc -eq 0 ]; then
        "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" \
            >/dev/null || rc=$?
    fi
    [ $added_policy -eq 1 ] && "${SUDO[@]}" rm -f "$policy"
    return $rc
}

apt_install "${PACKAGES[@]}"

# The sanitizer and libFuzzer runtimes of the release's default clang (14 on Debian 12, 19 on
# Debian 13) come in a package named after its major version.
clang_major="$(clang --version | sed -nE 's/.*clang version ([0-9]+).*/\1/p' | head -1)"
if [ -n "$clang_major" ]; then
    apt_install "libclang-rt-${clang_major}-dev"
fi

# Node.js: Debian's nodejs and npm only when there is no node at all (a newer Node.js that
# ships its own npm may already be there).
if ! command -v node >/dev/null; then
    apt_install nodejs npm
elif ! command -v npm >/dev/null; then
    apt_install npm
fi

# npm trees, from the lockfiles (they record no download addresses: npm ci resolves the pinned
# versions through the configured registry). Skipped when the tree matches the lockfile.
npm_ci() {
    local dir="$1" stamp want
    stamp="$dir/node_modules/.socketioqt-installed"
    want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1) $(node --version)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return 0
    fi
    echo "install-deps: npm ci in ${dir#"$ROOT"/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    echo "$want" > "$stamp"
}

npm_ci "$ROOT/tests/server"
npm_ci "$ROOT/examples/demo-server"
echo "install-deps: ok (node $(node --version), npm $(npm --version), cmake $(cmake --version | head -1 | cut -d' ' -f3))"
