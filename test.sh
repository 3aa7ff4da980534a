#!/usr/bin/env bash
# Run the test suite (sets up the environment first if needed).
#   ./test.sh             every test, including the real end-to-end ones
#   ./test.sh -m "not slow"   only the fast ones
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x .venv/bin/voice-interview ]; then
    ./setup.sh --no-demo
fi
# The HTML page tests drive Debian's chromium (Playwright never downloads a
# browser here); it is a test-only need, so it is installed here, not by setup.
if [ ! -x /usr/bin/chromium ]; then
    sudo_cmd=""
    if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
    echo "Installing Debian's chromium for the browser tests"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
exec .venv/bin/python -m pytest "$@"
