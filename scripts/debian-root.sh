#!/usr/bin/env bash
# debian-root.sh SUITE ROOT COMMAND...: runs COMMAND (a shell command line) as root inside a
# Debian root of SUITE (bookworm = Debian 12, trixie = Debian 13) at ROOT, made with debootstrap
# when absent, with a copy of this source tree at /src. Used by scripts/test-debian.sh and
# tests/package/test-debs.sh. Needs root (debootstrap, chroot, mount): CI runs as root.
#
# - The root is kept between runs (a finished debootstrap leaves ROOT/.socketioqt-root); a root
#   whose debootstrap did not finish is made again. DEBIAN_MIRROR picks the mirror (default
#   http://deb.debian.org/debian).
# - /proc, /dev, /dev/pts and /dev/shm are mounted for the command and unmounted on every exit
#   (also on failure or interruption); the script fails if one stays mounted.
# - The host's extra CA bundle (NODE_EXTRA_CA_CERTS, e.g. for an intercepting proxy) is copied
#   in and named to npm inside, so that `npm ci` reaches the registry as on the host.
# - The source copy (/src) leaves out build*/ and node_modules/ (npm trees are made for the
#   root's own Node.js by install-deps.sh inside); .git comes along (tst_embed_fetchcontent
#   clones it).
set -euo pipefail

if [ $# -lt 3 ]; then
    echo "usage: $0 SUITE ROOT COMMAND..." >&2
    exit 2
fi
SUITE="$1" ROOTFS="$2"
shift 2
SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

die() { echo "debian-root.sh: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "needs root (debootstrap, chroot and mount)"
command -v debootstrap >/dev/null || {
    echo "debian-root.sh: installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null \
        || die "cannot install debootstrap"
}

mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

MOUNTS=()
cleanup() {
    local rc=$? i m
    for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
        m="${MOUNTS[$i]}"
        umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || { echo "debian-root.sh: cannot unmount $m" >&2; rc=1; }
    done
    MOUNTS=()
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Refuses a ROOT that is still mounted from an interrupted run (its files are the host's).
if grep -qs " $(realpath -m "$ROOTFS")/" /proc/mounts; then
    die "$ROOTFS has mounts left (an earlier run was killed?): umount them first: $(grep " $(realpath -m "$ROOTFS")/" /proc/mounts | cut -d' ' -f2 | tr '\n' ' ')"
fi

if [ ! -f "$ROOTFS/.socketioqt-root" ] || [ "$(cat "$ROOTFS/.socketioqt-root")" != "$SUITE" ]; then
    echo "debian-root.sh: debootstrap $SUITE into $ROOTFS from $mirror"
    rm -rf --one-file-system "$ROOTFS"
    mkdir -p "$ROOTFS"
    log="$(mktemp)"
    if ! debootstrap --variant=minbase "$SUITE" "$ROOTFS" "$mirror" >"$log" 2>&1; then
        tail -20 "$log" >&2
        rm -f "$log"
        die "debootstrap $SUITE failed"
    fi
    rm -f "$log"
    # A throwaway root: dpkg need not sync every file it unpacks (much faster on a busy disk).
    echo force-unsafe-io > "$ROOTFS/etc/dpkg/dpkg.cfg.d/socketioqt-unsafe-io"
    echo "$SUITE" > "$ROOTFS/.socketioqt-root"
fi

# The source tree, as it is now (uncommitted changes too). The root's own npm trees stay
# (install-deps.sh inside redoes them only when a lockfile changed).
mkdir -p "$ROOTFS/src"
NPM_TREES=(tests/server examples/demo-server)
for d in "${NPM_TREES[@]}"; do
    [ -d "$ROOTFS/src/$d/node_modules" ] && mv "$ROOTFS/src/$d/node_modules" "$ROOTFS/npm-${d//\//-}"
done
find "$ROOTFS/src" -mindepth 1 -maxdepth 1 ! -name 'build*' -exec rm -rf {} +
tar -C "$SRC" --exclude='./build*' --exclude=node_modules -cf - . | tar -C "$ROOTFS/src" -xf -
for d in "${NPM_TREES[@]}"; do
    [ -d "$ROOTFS/npm-${d//\//-}" ] && mv "$ROOTFS/npm-${d//\//-}" "$ROOTFS/src/$d/node_modules"
done

cp /etc/resolv.conf "$ROOTFS/etc/resolv.conf" 2>/dev/null || true
ENV=(HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8
     DEBIAN_FRONTEND=noninteractive JOBS="${JOBS:-2}" CI="${CI:-}")
if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f "$NODE_EXTRA_CA_CERTS" ]; then
    cp "$NODE_EXTRA_CA_CERTS" "$ROOTFS/etc/socketioqt-host-ca.crt"
    ENV+=(NODE_EXTRA_CA_CERTS=/etc/socketioqt-host-ca.crt)
fi

mnt() { # mount ARGS... TARGET: mounts and remembers TARGET for cleanup
    mount "$@" || die "mount $* failed"
    MOUNTS+=("${*: -1}")
}
mnt -t proc proc "$ROOTFS/proc"
mnt --bind /dev "$ROOTFS/dev"
mnt --bind /dev/pts "$ROOTFS/dev/pts"
mnt -t tmpfs tmpfs "$ROOTFS/dev/shm"

status=0
chroot "$ROOTFS" /usr/bin/env -i "${ENV[@]}" /bin/bash -c "cd /src && $*" || status=$?
exit $status
