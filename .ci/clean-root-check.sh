#!/usr/bin/env bash
# By hand, not run by CI: run the README's two commands (./setup.sh, then
# ./test.sh) as root in a clean Debian 12 root -- debootstrap minbase plus git
# and python3, nothing else -- in a fresh clone with no ../shared beside it.
#
#   .ci/clean-root-check.sh [SRC [REF]] [-- TEST_ARGS...]
#       SRC  a git repository or worktree (default: the one holding this script)
#       REF  branch, tag or commit in SRC (default: HEAD of SRC)
#       TEST_ARGS are passed to ./test.sh (default: none, as the README says)
#   .ci/clean-root-check.sh --shell [CMD...]
#       enter the current root (no reset) for debugging, e.g. --shell bash
#
# Environment: ROOT (default /work/debroot), PRISTINE (default
# /work/debroot-pristine.tar; built with debootstrap when missing), LOGS
# (default /work/clean-root-logs/<time>), MIRROR (default the first
# deb.debian.org-style URI in the host's apt sources).
#
# Each run resets ROOT from PRISTINE (a few seconds), so reruns are cheap and
# start from the same bytes. /proc, /sys, /dev, /dev/pts and /dev/shm are
# mounted in a private mount and PID namespace (unshare) whose root is the
# Debian root (pivot_root), so nothing stays mounted and no process survives
# the run.
#
# What is copied from the host, and why (the host reaches the registries only
# through these; a user's machine needs none of them):
#   /etc/resolv.conf                    name resolution
#   apt sources (bookworm, -updates, -security) and 99artifact-registry
#                                       the same mirror and Valid-Until setting
#   the host's CA bundle -> PIP_CERT    TLS to PyPI goes through an
#                                       intercepting proxy with its own CA
# and /etc/hosts with localhost, which every installed Debian has but
# debootstrap does not write.
set -euo pipefail

ROOT=${ROOT:-/work/debroot}
PRISTINE=${PRISTINE:-/work/debroot-pristine.tar}
LOGS=${LOGS:-/work/clean-root-logs/$(date -u +%Y%m%dT%H%M%SZ)}
CLONE=/root/voice-interview          # inside the root; /root/shared never exists
here=$(cd "$(dirname "$0")/.." && pwd)

die() { echo "clean-root-check: $*" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || die "run as root (debootstrap, chroot and mount need it)"
case "$ROOT" in /|/work|/work/) die "ROOT=$ROOT is not a scratch directory";; esac

host_mirror() {
    local m
    m=$(grep -hoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
        | grep -oE 'https?://[^ ]+' | head -n1 || true)
    echo "${m:-http://deb.debian.org/debian}"
}
MIRROR=${MIRROR:-$(host_mirror)}
MIRROR=${MIRROR%/}

build_pristine() {
    command -v debootstrap >/dev/null || {
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
    local tmp="$ROOT.build"
    rm -rf "$tmp"
    echo "Building $PRISTINE: debootstrap --variant=minbase --include=git,python3 bookworm ($MIRROR)"
    debootstrap --variant=minbase --include=git,python3 bookworm "$tmp" "$MIRROR" >"$LOGS/debootstrap.log" 2>&1 \
        || die "debootstrap failed: see $LOGS/debootstrap.log"
    tar -C "$tmp" -cf "$PRISTINE.part" . && mv "$PRISTINE.part" "$PRISTINE"
    rm -rf "$tmp"
}

# Fail rather than delete through a live mount (a crashed earlier run of
# another tool); our own mounts live in a namespace and vanish with it.
check_unmounted() {
    if grep -q " $ROOT/" /proc/mounts; then
        die "something is mounted under $ROOT (see /proc/mounts): unmount it first"
    fi
}

reset_root() {
    check_unmounted
    if [ -e "$ROOT" ]; then  # deleting a used root takes minutes: do it aside, at low priority
        local old="$ROOT.old.$$"
        mv "$ROOT" "$old"
        (nice -n 19 rm -rf --one-file-system "$old" & ionice -c 3 -p $! 2>/dev/null || true)
    fi
    mkdir -p "$ROOT"
    tar -C "$ROOT" -xf "$PRISTINE"
}

host_glue() {
    cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf"
    printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >"$ROOT/etc/hosts"
    local sec=${MIRROR%/debian}/debian-security
    cat >"$ROOT/etc/apt/sources.list" <<EOF
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb $sec bookworm-security main
EOF
    [ -f /etc/apt/apt.conf.d/99artifact-registry ] && cp /etc/apt/apt.conf.d/99artifact-registry "$ROOT/etc/apt/apt.conf.d/"
    # Not under /etc/ssl/certs: installing ca-certificates in the root must not replace it.
    cp -L /etc/ssl/certs/ca-certificates.crt "$ROOT/etc/host-ca-bundle.crt"
    mkdir -p "$ROOT/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$ROOT/usr/local/share/ca-certificates/" 2>/dev/null || true
    chmod 1777 "$ROOT/tmp"
}

# Run CMD inside the root, as root, with the environment of a fresh login
# (no LANG: minbase has no locales) plus the host's pip settings for TLS.
# SIGINT and SIGQUIT are reset to their defaults, as on a terminal: a job
# started in the background by a script inherits them ignored, and then
# Ctrl-C (SIGINT) cannot stop the program under test.
# pivot_root, not chroot: inside a chroot the kernel refuses user namespaces
# (`unshare -r`), which a test needs and a real Debian allows.
in_root() {
    unshare --mount --pid --fork --kill-child --propagation private \
        env ROOT="$ROOT" bash -c '
        set -e
        mount --bind "$ROOT" "$ROOT"
        mount -t proc proc "$ROOT/proc"
        mount -t sysfs sysfs "$ROOT/sys"
        mount --bind /dev "$ROOT/dev"
        mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts "$ROOT/dev/pts"
        mount --bind "$ROOT/dev/pts/ptmx" "$ROOT/dev/ptmx"
        mount -t tmpfs -o mode=1777 tmpfs "$ROOT/dev/shm"
        mkdir -p "$ROOT/run/oldroot"
        cd "$ROOT"
        pivot_root . run/oldroot
        exec /usr/sbin/chroot . /bin/sh -c "umount -l /run/oldroot && rmdir /run/oldroot && cd /root && exec \"\$@\"" sh \
            /usr/bin/env --default-signal=INT,QUIT -i HOME=/root USER=root LOGNAME=root SHELL=/bin/bash \
            PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
            TERM="${TERM:-xterm}" PIP_CERT=/etc/host-ca-bundle.crt PIP_DEFAULT_TIMEOUT=180 \
            "$@"' in_root "$@"
}

if [ "${1:-}" = "--shell" ]; then
    shift
    [ -d "$ROOT/etc" ] || die "no root at $ROOT: run a check first"
    in_root "${@:-/bin/bash}"
    exit $?
fi

SRC=$here; REF=HEAD
if [ $# -gt 0 ] && [ "$1" != "--" ]; then SRC=$(cd "$1" && pwd); shift; fi
if [ $# -gt 0 ] && [ "$1" != "--" ]; then REF=$1; shift; fi
[ "${1:-}" = "--" ] && shift
test_args=("$@")

commit=$(git -C "$SRC" rev-parse --verify "$REF^{commit}") || die "no commit $REF in $SRC"
mkdir -p "$LOGS"
[ -f "$PRISTINE" ] || build_pristine

t0=$(date +%s)
reset_root
host_glue
# The clone is made by the root's own git, from a bundle of every branch, so
# it holds exactly what was committed (no .venv, no untracked files).
git -C "$SRC" bundle create "$ROOT/root/src.bundle" --all 2>/dev/null
in_root /bin/bash -c "git clone -q /root/src.bundle $CLONE && git -C $CLONE checkout -q --detach $commit && rm /root/src.bundle"
echo "Root reset and cloned $(git -C "$SRC" log -1 --format='%h %s' "$commit") in $(( $(date +%s) - t0 )) s"
echo "Logs: $LOGS/setup.log $LOGS/test.log"

run_step() {  # name, command...: run in the clone, log, print exit code and duration
    local name=$1; shift
    local start rc
    start=$(date +%s)
    set +e
    in_root /bin/bash -c 'cd '"$CLONE"' && "$@"' step "$@" >"$LOGS/$name.log" 2>&1 </dev/null
    rc=$?
    set -e
    local secs=$(( $(date +%s) - start ))
    echo "$name: exit $rc in ${secs} s ($LOGS/$name.log)"
    echo "$name $rc $secs" >>"$LOGS/summary.txt"
    return $rc
}

status=0
run_step setup ./setup.sh || status=1
if [ $status -eq 0 ]; then
    run_step test ./test.sh "${test_args[@]}" || status=1
    tail -n 15 "$LOGS/test.log"
else
    tail -n 30 "$LOGS/setup.log"
fi
echo "Load: $(uptime)"
echo "Summary: $LOGS/summary.txt; enter the root: $0 --shell"
exit $status
