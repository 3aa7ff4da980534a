"""Reading and writing session files in the data directory.

Writes are atomic (temp file, fsync, rename), so a crash leaves either the
previous record or the new one, never half of each; files are owner-only.
One process at a time writes a session, and reviews are merged, not
overwritten (``voice_interview.records.locks``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from voice_interview.records import locks
from voice_interview.records import paths
from voice_interview.errors import SessionFormatError, SessionNotFoundError, StorageError
from voice_interview.records.privatefile import private_atomic
from voice_interview.records.recordcheck import shape_problem, type_problem
from voice_interview.records.session import FORMAT_VERSION, SESSION_ID_PATTERN, Session


def session_path(session_id: str) -> Path:
    return paths.sessions_dir() / f"{session_id}.json"


def session_audio_dir(session_id: str) -> Path:
    paths.private_dir(paths.audio_dir())
    return paths.private_dir(paths.audio_dir() / session_id)


def relative_to_data(path: Path) -> str:
    return str(Path(path).resolve().relative_to(paths.data_dir().resolve()))


def data_path(relative: str) -> Path:
    """The file a record names (audio paths are relative to the data
    directory). Every path read from a record goes through here: one that
    resolves outside the data directory (``../``, an absolute path, a
    symlink out) is refused, so a hand-edited record cannot make ``report``
    or ``export`` copy other files."""
    root = paths.data_dir().resolve()
    try:
        path = (root / relative).resolve()
    except (OSError, ValueError, RuntimeError):
        path = None
    if path is None or path == root or not path.is_relative_to(root):
        raise SessionFormatError(
            f"a session record names the audio file {relative!r}, which is not inside the data "
            f"directory {root}; correct or remove that path in the record"
        )
    return path


def write_private_atomic(path: Path, text: str) -> None:
    try:
        paths.private_dir(path.parent)
        with private_atomic(path, "w") as handle:
            handle.write(text)
    except OSError as exc:
        raise StorageError(
            f"could not save {path} ({exc.strerror}); free some disk space or check "
            f"permissions on {path.parent} — earlier answers are kept"
        ) from None


def save_session(session: Session, replace_reviews: bool = False) -> Path:
    """Save the record as the process that writes the session: it takes the
    session's writer lock (if not held already) and keeps the reviews saved
    by reviewers meanwhile, unless ``replace_reviews`` (an import)."""
    path = session_path(session.id)
    with locks.session_writer(session.id), locks.record_update():
        if not replace_reviews:
            session.reviews = _merged_reviews(path, session.reviews)
        write_private_atomic(path, _record_text(session))
    return path


def update_record(session_id: str, change) -> tuple[Session, Any]:
    """Re-read a saved session, ``change(session)`` it, save it, all under the
    short record lock: for writers that own one part of a record (a review,
    an analysis) while an interview may be writing the rest. Returns the
    saved session and what ``change`` returned."""
    with locks.record_update():
        session = load_session_file(session_path(session_id))
        result = change(session)
        write_private_atomic(session_path(session_id), _record_text(session))
    return session, result


def _record_text(session: Session) -> str:
    return json.dumps(session.to_dict(), ensure_ascii=False, indent=1) + "\n"


def _merged_reviews(path: Path, ours: list) -> list:
    """The reviews saved in the record at ``path``, with any entry only
    ``ours`` has added: a saved review is never rolled back or dropped by a
    process holding an older copy (reviews change through ``update_record``)."""
    try:
        saved = json.loads(path.read_bytes()).get("reviews")
        merged = [{**r, "answers": dict(r["answers"])} for r in saved]
        by_reviewer = {r["reviewer"]: r for r in merged}
        for review in ours:
            if review["reviewer"] not in by_reviewer:
                merged.append(review)
                continue
            for index, entry in review["answers"].items():
                by_reviewer[review["reviewer"]]["answers"].setdefault(index, entry)
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return ours  # a new or damaged record: nothing saved to keep
    return merged


def load_session_file(path: Path) -> Session:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SessionNotFoundError(f"no session file at {path}") from None
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise SessionFormatError(f"{path}: the session file is damaged (not valid JSON)") from None
    session = session_from_record(data, path)
    if session.id != path.stem:  # saving it would write another session's file
        raise SessionFormatError(f"{path}: the record inside is of session {session.id}, not {path.stem}")
    return session


def session_from_record(data, source) -> Session:
    """A Session from a parsed record; ``source`` names it in errors."""
    if not isinstance(data, dict) or not isinstance(data.get("format_version"), int):
        raise SessionFormatError(f"{source}: not a voice-interview session (no format_version)")
    if data["format_version"] > FORMAT_VERSION:
        raise SessionFormatError(
            f"{source}: saved by a newer voice-interview (format {data['format_version']}, "
            f"this one reads up to {FORMAT_VERSION}); upgrade voice-interview to open it"
        )
    try:
        session = Session.from_dict(data)
    except (TypeError, KeyError, AttributeError, ValueError):
        raise SessionFormatError(f"{source}: the session record is damaged (fields missing)") from None
    problem = type_problem(session, Session, "") or shape_problem(session)
    if problem:
        raise SessionFormatError(f"{source}: the session record is damaged ({problem} has the wrong type)")
    if not SESSION_ID_PATTERN.match(str(session.id)):
        raise SessionFormatError(f"{source}: the session record has an invalid id")
    return session


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
