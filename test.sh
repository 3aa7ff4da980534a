#!/usr/bin/env bash
# Run the test suite (sets up the environment first if needed).
#   ./test.sh             every test, including the real end-to-end ones
#   ./test.sh -m "not slow"   only the fast ones
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x .venv/bin/voice-interview ]; then
    ./setup.sh --no-demo
fi
exec .venv/bin/python -m pytest "$@"
