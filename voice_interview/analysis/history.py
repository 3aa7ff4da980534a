"""Every saved session, analysed: for ``progress`` and the progress page.

A stale analysis (older code or other thresholds) is recomputed and kept
in a cache beside the records (``analysis/cache.py``), never written back:
reading a session does not change its record. The
text and JSON progress read a cached per-session entry from the sessions'
progress index (sessions/.progress.json) instead of every record, which
keeps them fast over thousands of sessions.
"""

from __future__ import annotations

from voice_interview.records import indexes, store
from voice_interview.analysis import ANALYSIS_VERSION, load_thresholds
from voice_interview.analysis.cache import analysed, record_stamp
from voice_interview.analysis.progress import ENTRY_FORMAT, progress_entry
from voice_interview.analysis.thresholds import Thresholds
from voice_interview.errors import SessionFormatError
from voice_interview.records.session import Session

PROGRESS_INDEX = ".progress.json"


def load_analysed(reference: str) -> Session:
    """A session by id or 'latest', with every answer analysed."""
    session_id = store.resolve_session_id(reference)
    stamp = record_stamp(session_id)
    return analysed(store.load_session(session_id), load_thresholds(), stamp)


def load_progress_entries(limits: Thresholds) -> tuple[list[dict], int]:
    """(progress entries of every session, how many damaged records were skipped)."""

    def make_entry(path, record) -> dict:
        session = store.session_from_record(record, path)
        return progress_entry(analysed(session, limits, record_stamp(session.id)))

    # The entries depend on their shape, the analysis version and the thresholds in force.
    version = [ENTRY_FORMAT, ANALYSIS_VERSION, limits.as_dict()]
    entries = indexes.indexed_records(PROGRESS_INDEX, version, make_entry)
    good = [e for e in entries.values() if e != indexes.DAMAGED]
    return good, len(entries) - len(good)


def load_analysed_sessions(limits: Thresholds) -> tuple[list[Session], int]:
    """(every saved session, analysed; how many damaged records were skipped)."""
    sessions, skipped = [], 0
    for session_id in store.list_session_ids():
        stamp = record_stamp(session_id)
        try:
            session = store.load_session_file(store.session_path(session_id))
        except SessionFormatError:
            skipped += 1
            continue
        sessions.append(analysed(session, limits, stamp))
    return sessions, skipped


def answer_analyzer(limits: Thresholds | None = None):
    """For the interview: analyse each answer as soon as it is transcribed."""
    from voice_interview.analysis import analyze_answer

    limits = limits or load_thresholds()

    def analyze(session: Session, answer) -> dict:
        audio = store.data_path(answer.answer_audio) if answer.answer_audio else None
        return analyze_answer(answer, language=session.language, glossary=session.glossary,
                              audio_path=audio, thresholds=limits)

    return analyze
