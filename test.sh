#!/usr/bin/env bash
# Run the test suite (sets up the environment first if needed).
#   ./test.sh             every test, including the real end-to-end ones
#   ./test.sh -m "not slow"   only the fast ones
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x .venv/bin/voice-interview ]; then
    ./setup.sh --no-demo
fi
# Test-only system packages: the HTML page tests drive Debian's chromium
# (Playwright never downloads a browser here); strace lets the privacy test
# see network connections made from C code, not only from Python.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v strace >/dev/null || missing+=(strace)
if [ ${#missing[@]} -gt 0 ]; then
    sudo_cmd=""
    if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
    echo "Installing test-only packages: ${missing[*]}"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
exec .venv/bin/python -m pytest "$@"
