#!/usr/bin/env bash
# Run the test suite (sets up the environment first if needed).
#   ./test.sh             every test, including the real end-to-end ones
#   ./test.sh -m "not slow"   only the fast ones
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x .venv/bin/voice-interview ]; then
    ./setup.sh --no-demo
fi
# Test-only system packages, none of them on a minimal Debian: the HTML page
# tests drive Debian's chromium (Playwright never downloads a browser here)
# through Playwright's bundled node, which needs libatomic1; strace lets the
# privacy test see network connections made from C code, not only from
# Python; tmux runs the program on a real terminal for the terminal tests.
. scripts/apt-packages.sh
install_missing "test-only packages" chromium libatomic1 strace tmux
# SIGINT at its default even when this was started in the background from a
# script (which ignores it): the Ctrl-C tests send it to the program.
exec env --default-signal=INT .venv/bin/python -m pytest "$@"
