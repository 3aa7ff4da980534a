"""Saved sessions: the data types and their JSON form.

A session is one JSON file, ``sessions/<id>.json`` in the data directory,
with a ``format_version``. Times named ``*_s`` inside an answer are seconds
since the session started (a monotonic clock), except word and segment
times, which are seconds from the start of that answer's audio file. Audio
paths are relative to the data directory, so a session folder can move.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any

FORMAT_VERSION = 1
SESSION_ID_PATTERN = re.compile(r"^\d{8}-\d{6}-[0-9a-f]{4}$")


@dataclass
class Word:
    start_s: float
    end_s: float
    word: str
    probability: float = 1.0


@dataclass
class Segment:
    start_s: float
    end_s: float
    text: str
    words: list[Word] = field(default_factory=list)


@dataclass
class Transcript:
    text: str
    language: str
    segments: list[Segment] = field(default_factory=list)
    transcription_time_s: float = 0.0
    audio_duration_s: float = 0.0
    model: str = ""
    # How Whisper's encoder was fed: "short +2 s" (each window at its own
    # length plus a margin), "padded" (to 30 s), or "padded (fallback: why)".
    encoder: str = ""

    @property
    def words(self) -> list[Word]:
        return [w for s in self.segments for w in s.words]


@dataclass
class AskedQuestion:
    """The question as it was asked, with its guidance, so later edits to the
    bank never change what a saved session shows."""

    id: str
    number: int
    category: str
    category_name: str
    text: str
    guidance: str
    talking_points: list[dict[str, Any]]
    behavioural: bool
    suggested_answer_s: int


@dataclass
class Answer:
    index: int
    question: AskedQuestion
    question_audio: str | None = None
    question_audio_start_s: float | None = None
    question_audio_end_s: float | None = None
    think_time_s: float = 0.0
    answer_start_s: float | None = None
    answer_end_s: float | None = None
    answer_audio: str | None = None
    answer_audio_duration_s: float | None = None
    answer_source: str = "microphone"  # microphone | file | typed | synthetic
    stopped_by: str = ""  # enter | silence | max-length | end-of-audio | typed | interrupted
    transcript: Transcript | None = None
    # Speech and content analysis (voice_interview.analysis), with its own
    # "version"; recomputed when older than the running code.
    analysis: dict[str, Any] | None = None

    @property
    def answer_duration_s(self) -> float | None:
        if self.answer_audio_duration_s is not None:
            return self.answer_audio_duration_s
        if self.answer_start_s is not None and self.answer_end_s is not None:
            return round(self.answer_end_s - self.answer_start_s, 3)
        return None

    @property
    def response_latency_s(self) -> float | None:
        """From the end of the question audio (or, with no audio played, from
        when recording started) to the first transcribed word."""
        words = self.transcript.words if self.transcript else []
        if not words or self.answer_start_s is None:
            return None
        asked_at = self.question_audio_end_s if self.question_audio_end_s is not None else self.answer_start_s
        return round(self.answer_start_s - asked_at + words[0].start_s, 3)


@dataclass
class Session:
    id: str
    started_at: str
    bank_id: str
    bank_title: str
    bank_path: str
    language: str
    model: str
    categories: list[str]
    settings: dict[str, Any]
    question_ids: list[str]
    answers: list[Answer] = field(default_factory=list)
    glossary: list[str] = field(default_factory=list)  # the bank's job-related terms
    reviews: list[dict[str, Any]] = field(default_factory=list)  # coach reviews
    finished_at: str | None = None
    status: str = "in-progress"  # in-progress | completed | interrupted
    format_version: int = FORMAT_VERSION

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        # Put the version first: it is what a reader checks before anything.
        return {"format_version": data.pop("format_version"), **data}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Session:
        answers = [_answer_from_dict(a) for a in data.get("answers", [])]
        fields = {k: v for k, v in data.items() if k != "answers"}
        return cls(answers=answers, **fields)

    @property
    def answered(self) -> list[Answer]:
        return [a for a in self.answers if a.transcript is not None]

    @property
    def speaking_time_s(self) -> float:
        return sum(a.answer_audio_duration_s or 0.0 for a in self.answers)


def _answer_from_dict(data: dict[str, Any]) -> Answer:
    values = dict(data)
    values["question"] = AskedQuestion(**data["question"])
    transcript = data.get("transcript")
    if transcript is not None:
        segments = [
            Segment(
                start_s=s["start_s"],
                end_s=s["end_s"],
                text=s["text"],
                words=[Word(**w) for w in s.get("words", [])],
            )
            for s in transcript.get("segments", [])
        ]
        values["transcript"] = Transcript(**{**transcript, "segments": segments})
    return Answer(**values)


def new_session_id(now: datetime | None = None) -> str:
    moment = now or datetime.now()
    return f"{moment:%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"


def utc_now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
