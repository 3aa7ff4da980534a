"""Reading and writing session files in the data directory.

Writes are atomic (temp file, fsync, rename), so a crash leaves either the
previous record or the new one, never half of each; files are owner-only.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from voice_interview import paths
from voice_interview.errors import SessionFormatError, SessionNotFoundError, StorageError
from voice_interview.session import FORMAT_VERSION, SESSION_ID_PATTERN, Session


def session_path(session_id: str) -> Path:
    return paths.sessions_dir() / f"{session_id}.json"


def session_audio_dir(session_id: str) -> Path:
    paths.private_dir(paths.audio_dir())
    return paths.private_dir(paths.audio_dir() / session_id)


def relative_to_data(path: Path) -> str:
    return str(Path(path).resolve().relative_to(paths.data_dir().resolve()))


def data_path(relative: str) -> Path:
    return paths.data_dir() / relative


def write_private_atomic(path: Path, text: str) -> None:
    paths.private_dir(path.parent)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp_name, paths.PRIVATE_FILE_MODE)
            os.replace(tmp_name, path)
        except BaseException:
            Path(tmp_name).unlink(missing_ok=True)
            raise
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError as exc:
        raise StorageError(
            f"could not save {path} ({exc.strerror}); free some disk space or check "
            f"permissions on {path.parent} — earlier answers are kept"
        ) from None


def save_session(session: Session) -> Path:
    path = session_path(session.id)
    write_private_atomic(path, json.dumps(session.to_dict(), ensure_ascii=False, indent=1) + "\n")
    return path


def load_session_file(path: Path) -> Session:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SessionNotFoundError(f"no session file at {path}") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise SessionFormatError(f"{path}: the session file is damaged (not valid JSON)") from None
    if not isinstance(data, dict) or not isinstance(data.get("format_version"), int):
        raise SessionFormatError(f"{path}: not a voice-interview session (no format_version)")
    if data["format_version"] > FORMAT_VERSION:
        raise SessionFormatError(
            f"{path}: saved by a newer voice-interview (format {data['format_version']}, "
            f"this one reads up to {FORMAT_VERSION}); upgrade voice-interview to open it"
        )
    try:
        return Session.from_dict(data)
    except (TypeError, KeyError, AttributeError):
        raise SessionFormatError(f"{path}: the session file is damaged (fields missing)") from None


def list_session_ids() -> list[str]:
    """Saved session ids, newest first (ids start with their start time)."""
    folder = paths.sessions_dir()
    if not folder.is_dir():
        return []
    ids = [p.stem for p in folder.glob("*.json") if SESSION_ID_PATTERN.match(p.stem)]
    return sorted(ids, reverse=True)


def resolve_session_id(reference: str) -> str:
    """An id from a user: a session id or ``latest``."""
    if reference == "latest":
        ids = list_session_ids()
        if not ids:
            raise SessionNotFoundError(
                f"no saved sessions in {paths.sessions_dir()}; run `voice-interview demo` or "
                "`voice-interview run` first"
            )
        return ids[0]
    if not SESSION_ID_PATTERN.match(reference):
        raise SessionNotFoundError(
            f"{reference!r} is not a session id (like 20261126-093000-ab12) or 'latest'; "
            "`voice-interview sessions` lists them"
        )
    if not session_path(reference).is_file():
        raise SessionNotFoundError(
            f"no session {reference} in {paths.sessions_dir()}; `voice-interview sessions` lists them"
        )
    return reference


def load_session(reference: str) -> Session:
    return load_session_file(session_path(resolve_session_id(reference)))
