"""Small index files over all session records: listing and progress read
them (sessions/.index.json, sessions/.progress.json) instead of every record.

An entry is trusted only while its record's size and mtime are unchanged, so
a crash, a hand edit or a deleted or damaged index just means re-reading
those records. An index is a cache: a read-only data directory only makes it
slower.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

from voice_interview.errors import SessionFormatError, StorageError
from voice_interview.records import paths
from voice_interview.records.session import FORMAT_VERSION, SESSION_ID_PATTERN
from voice_interview.records.store import write_private_atomic

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
    ``sessions/<index_name>``; a damaged record gets ``DAMAGED``."""
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
