"""One session's files: its record and its audio, named in one place.

The interview core saves through ``SessionFiles.save`` and asks it where each
recording goes, so the on-disk layout (``sessions/<id>.json``,
``audio/<id>/q01-answer.wav``...) is decided here alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from voice_interview.records import store
from voice_interview.records.session import Session


def audio_stem(index: int, follow_up: int | None = None) -> str:
    """``q01`` for question 1, ``q01-follow-up2`` for its second follow-up."""
    return f"q{index:02d}" + (f"-follow-up{follow_up}" if follow_up else "")


def question_audio_name(index: int, follow_up: int | None = None) -> str:
    return f"{audio_stem(index, follow_up)}-question.wav"


def answer_audio_name(index: int, follow_up: int | None = None, take: int = 1) -> str:
    """The first take is ``q01-answer.wav``; a retake ``q01-answer-take2.wav``."""
    return f"{audio_stem(index, follow_up)}-answer" + (f"-take{take}" if take > 1 else "") + ".wav"


@dataclass(frozen=True)
class SessionFiles:
    session_id: str

    @property
    def record(self) -> Path:
        return store.session_path(self.session_id)

    def save(self, session: Session) -> Path:
        """Save the record (atomic; reviews saved meanwhile are kept)."""
        return store.save_session(session)

    def question_audio(self, index: int, follow_up: int | None = None) -> Path:
        return store.session_audio_dir(self.session_id) / question_audio_name(index, follow_up)

    def answer_audio(self, index: int, follow_up: int | None = None, take: int = 1) -> Path:
        return store.session_audio_dir(self.session_id) / answer_audio_name(index, follow_up, take)

    def named(self, path: Path) -> str:
        """How the record names ``path``: relative to the data directory."""
        return store.relative_to_data(path)

    def audio(self, name: str) -> Path:
        """The file a record names, refused outside the data directory."""
        return store.data_path(name)
