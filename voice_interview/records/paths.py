"""Where data lives. One function decides; tests point it at a temp dir.

The data directory is ``$VOICE_INTERVIEW_HOME`` when set, otherwise the
current directory, so running from a checkout fills its git-ignored
top-level ``sessions/`` and ``audio/`` folders.
"""

import os
import stat
from pathlib import Path

HOME_ENV = "VOICE_INTERVIEW_HOME"
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def data_dir() -> Path:
    value = os.environ.get(HOME_ENV)
    return Path(value).expanduser() if value else Path.cwd()


def sessions_dir() -> Path:
    return data_dir() / "sessions"


def audio_dir() -> Path:
    return data_dir() / "audio"


def cache_dir() -> Path:
    """The per-user cache (``$XDG_CACHE_HOME/voice-interview``, else
    ``~/.cache/voice-interview``): things rebuilt when deleted."""
    cache = os.environ.get("XDG_CACHE_HOME")
    return (Path(cache).expanduser() if cache else Path.home() / ".cache") / "voice-interview"


def package_dir() -> Path:
    """The ``voice_interview`` package folder."""
    return Path(__file__).resolve().parents[1]


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) readable by the owner only. An existing
    folder loses its group and other permissions, but is never made
    writable: a folder its owner made read-only stays so."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        os.chmod(path, mode & PRIVATE_DIR_MODE)
    return path


def make_private(path: Path) -> Path:
    os.chmod(path, PRIVATE_FILE_MODE)
    return path
