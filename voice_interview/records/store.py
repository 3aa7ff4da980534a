"""Reading and writing session files in the data directory.

Writes are atomic (temp file, fsync, rename), so a crash leaves either the
previous record or the new one, never half of each; files are owner-only.
One process at a time writes a session, and reviews are merged, not
overwritten (``voice_interview.records.locks``).
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
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


def save_analysis(session: Session) -> bool:
    """Keep the analyses a reader computed (``show``, ``progress``...): copied
    into the record as it is on disk now, to the answers that have not
    changed since. Only a cache, so False when it could not be saved (a
    read-only data directory)."""
    ours = {a.index: a for a in session.answers}

    def copy(saved: Session) -> None:
        for answer in saved.answers:
            mine = ours.get(answer.index)
            if mine is not None and dataclasses.replace(mine, analysis=None) == dataclasses.replace(answer, analysis=None):
                answer.analysis = mine.analysis

    try:
        update_record(session.id, copy)
    except (StorageError, SessionNotFoundError, SessionFormatError):
        return False
    return True


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


# --- indexes over all sessions ------------------------------------------------
# Listing and progress read small index files (sessions/.index.json,
# sessions/.progress.json) instead of every record: an entry is trusted only
# while its record's size and mtime are unchanged, so a crash, a hand edit or a
# deleted or damaged index just means re-reading those records.

INDEX_NAME = ".index.json"
INDEX_VERSION = 1
DAMAGED = {"status": "damaged"}


def summarize(path: Path, record: dict) -> dict:
    """The list entry of a parsed session record (read straight from the
    JSON: building the dataclasses of every word would cost 10x more)."""
    summary = _summary(record)
    if not _summary_well_typed(summary) or summary["id"] != path.stem:
        raise TypeError("a field of the wrong type")  # listed as damaged
    return summary


def _summary_well_typed(summary: dict) -> bool:
    """A hand-edited record can put any JSON where the list expects text or numbers."""
    texts = ("id", "started_at", "status", "bank", "language")
    return (
        all(isinstance(summary[k], str) for k in texts)
        and all(isinstance(c, str) for c in summary["categories"])
        and all(isinstance(summary[k], (int, float)) for k in ("questions", "answered", "speaking_time_s"))
        and math.isfinite(summary["speaking_time_s"])
    )


def _summary(record: dict) -> dict:
    answers = record["answers"]
    return {
        "id": record["id"],
        "started_at": record["started_at"],
        "status": record["status"],
        "bank": record["bank_title"],
        "language": record["language"],
        "categories": sorted({a["question"]["category"] for a in answers} or set(record["categories"])),
        "questions": len(record["question_ids"]),
        "answered": sum(1 for a in answers if a.get("transcript") is not None),
        "speaking_time_s": round(sum(a.get("answer_audio_duration_s") or 0.0 for a in answers), 1),
    }


def session_summaries() -> list[dict]:
    """One summary per saved session, newest first. A damaged record is
    listed with ``status: damaged`` rather than hiding the others."""
    entries = indexed_records(INDEX_NAME, INDEX_VERSION, summarize)
    return [{"id": k, **DAMAGED} if entries[k] == DAMAGED else entries[k] for k in sorted(entries, reverse=True)]


def indexed_records(index_name: str, version: int, make_entry) -> dict[str, Any]:
    """``make_entry(path, record)`` for every session record, cached in
    ``sessions/<index_name>``. ``make_entry`` may rewrite the record (the
    stamp is taken afterwards); a damaged record gets ``DAMAGED``."""
    folder = paths.sessions_dir()
    if not folder.is_dir():
        return {}
    index_path = folder / index_name
    index = _read_index(index_path, version)
    fresh: dict[str, dict] = {}
    changed = False
    with os.scandir(folder) as entries:
        for entry in entries:
            session_id = entry.name[:-5] if entry.name.endswith(".json") else ""
            if not SESSION_ID_PATTERN.match(session_id):
                continue
            cached = index.get(session_id)
            if cached and cached.get("stamp") == _stamp(entry.stat()):
                fresh[session_id] = cached
                continue
            path = Path(entry.path)
            try:
                record = json.loads(path.read_bytes())
                if record.get("format_version", FORMAT_VERSION + 1) > FORMAT_VERSION:
                    raise ValueError("unreadable format")
                value = make_entry(path, record)
            except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError, SessionFormatError):
                value = DAMAGED
            fresh[session_id] = {"stamp": _stamp(path.stat()), "value": value}
            changed = True
    if changed or len(fresh) != len(index):
        try:
            write_private_atomic(index_path, json.dumps({"version": version, "entries": fresh}))
        except StorageError:
            pass  # the index is a cache: everything still works without it
    return {k: v["value"] for k, v in fresh.items()}


def _stamp(info: os.stat_result) -> list[int]:
    return [info.st_size, info.st_mtime_ns]


def _read_index(path: Path, version: int) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") == version and isinstance(data.get("entries"), dict):
            return data["entries"]
    except (OSError, ValueError, AttributeError):
        pass
    return {}
