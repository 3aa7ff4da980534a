"""Analyses a reader computed, kept outside the session record.

``show``, ``report``, ``export`` and ``progress`` never write a record.
When its analyses are stale (older code, other thresholds), they are
recomputed and kept in ``sessions/.cache/<id>.json``, trusted only while
the record's size and mtime are those it was read with; so each is
computed once (about 0.4 s an answer with audio), and a read-only data
directory only makes reading slower.
"""

from __future__ import annotations

import json
import os

from voice_interview.analysis import ensure_analysis, load_thresholds, needs_analysis
from voice_interview.analysis.thresholds import Thresholds
from voice_interview.errors import StorageError
from voice_interview.records import paths, store
from voice_interview.records.session import Session

CACHE_DIR = ".cache"


def record_stamp(session_id: str) -> list[int] | None:
    """(size, mtime) of a saved record: take it before reading the record."""
    try:
        info = os.stat(store.session_path(session_id))
    except OSError:
        return None
    return [info.st_size, info.st_mtime_ns]


def analysed(session: Session, limits: Thresholds | None, stamp: list[int] | None) -> Session:
    """``session`` (read when its record had ``stamp``) with every answer
    analysed: from the record, else from the cache, else computed now."""
    path = paths.sessions_dir() / CACHE_DIR / f"{session.id}.json"
    cached = _read(path, stamp)
    limits = limits or load_thresholds()
    for answer in session.answered:
        kept = cached.get(str(answer.index))
        if isinstance(kept, dict) and needs_analysis(answer, limits):
            answer.analysis = kept  # ensure_analysis still checks its version and thresholds
    if ensure_analysis(session, thresholds=limits) and stamp is not None:
        entry = {"stamp": stamp, "answers": {str(a.index): a.analysis for a in session.answered}}
        try:
            store.write_private_atomic(path, json.dumps(entry, ensure_ascii=False))
        except StorageError:
            pass  # only a cache
    return session


def _read(path, stamp: list[int] | None) -> dict:
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        if stamp is not None and entry.get("stamp") == stamp and isinstance(entry.get("answers"), dict):
            return entry["answers"]
    except (OSError, ValueError, AttributeError, RecursionError):
        pass
    return {}
