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
from dataclasses import asdict, dataclass, field, fields, is_dataclass
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
    # Set when a live transcription (edges/streaming.py) had to read the
    # answer file after all: "rest-of-file" (audio its reader missed) or
    # "whole-file" (it failed, or found no words where there was speech).
    live_fallback: str | None = None
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
class FollowUp:
    """A probing follow-up the interviewer asked after an answer missed a
    talking point: the probe, and the candidate's answer to it (times as in
    ``Answer``)."""

    point: str  # the label of the talking point it probes
    text: str  # the probe, as asked
    question_audio: str | None = None
    question_audio_start_s: float | None = None
    question_audio_end_s: float | None = None
    answer_start_s: float | None = None
    answer_end_s: float | None = None
    answer_audio: str | None = None
    answer_audio_duration_s: float | None = None
    answer_source: str = "microphone"
    stopped_by: str = ""
    transcript: Transcript | None = None

    @property
    def answer_duration_s(self) -> float | None:
        return self.answer_audio_duration_s


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
    # "version"; recomputed when older than the running code. Kept as its
    # JSON dict (records import no analysis); read it typed with
    # voice_interview.analysis.result.read_analysis (AnswerAnalysis).
    analysis: dict[str, Any] | None = None
    follow_ups: list[FollowUp] = field(default_factory=list)
    # Earlier takes of this answer (retakes), oldest first, each a dict of
    # TAKE_FIELDS; the fields above are the current take.
    attempts: list[dict[str, Any]] = field(default_factory=list)

    def keep_take_as_attempt(self) -> None:
        """Move the current take into ``attempts`` before a retake."""
        blank = Answer(index=self.index, question=self.question)
        self.attempts.append({name: _plain(getattr(self, name)) for name in TAKE_FIELDS})
        for name in TAKE_FIELDS:
            setattr(self, name, getattr(blank, name))

    def restore_last_take(self) -> None:
        """Undo ``keep_take_as_attempt`` (the retake kept nothing)."""
        restored = _answer_from_dict({"index": self.index, "question": asdict(self.question),
                                      **self.attempts.pop()})
        for name in TAKE_FIELDS:
            setattr(self, name, getattr(restored, name))

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
class SessionSettings:
    """How the interview was run (``InterviewSettings`` as saved), so that
    ``resume`` goes on the same way. A record from before a field existed
    loads with today's default; ``follow_ups`` None means it was not saved
    (the answer source's default applies) and it stays unsaved."""

    language: str = "en"
    think_time_s: float = 0.0
    max_answer_s: float | None = 180.0
    silence_stop_s: float | None = None
    speak: bool = True
    answer_source: str = "microphone"  # microphone | file | typed | synthetic
    categories: list[str] = field(default_factory=list)
    follow_ups: int | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SessionSettings:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if data["follow_ups"] is None:
            del data["follow_ups"]
        return data


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
    settings: SessionSettings
    question_ids: list[str]
    answers: list[Answer] = field(default_factory=list)
    glossary: list[str] = field(default_factory=list)  # the bank's job-related terms
    reviews: list[dict[str, Any]] = field(default_factory=list)  # coach reviews
    finished_at: str | None = None
    status: str = "in-progress"  # in-progress | completed | interrupted
    format_version: int = FORMAT_VERSION

    def __post_init__(self) -> None:
        if isinstance(self.settings, dict):  # as read from a record
            self.settings = SessionSettings.from_dict(self.settings)

    def to_dict(self) -> dict[str, Any]:
        data = {**asdict(self), "settings": self.settings.to_dict()}
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


# What one take of an answer is made of (the question and its audio are shared).
TAKE_FIELDS = ("think_time_s", "answer_start_s", "answer_end_s", "answer_audio", "answer_audio_duration_s",
               "answer_source", "stopped_by", "transcript", "analysis", "follow_ups")


def _plain(value: Any) -> Any:
    """A take's field as saved: dataclasses (a transcript, follow-ups) as dicts."""
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return asdict(value) if is_dataclass(value) else value


def _answer_from_dict(data: dict[str, Any]) -> Answer:
    values = dict(data)
    values["question"] = AskedQuestion(**data["question"])
    values["transcript"] = _transcript_from_dict(data.get("transcript"))
    # Records written before follow-ups existed have none.
    values["follow_ups"] = [
        FollowUp(**{**f, "transcript": _transcript_from_dict(f.get("transcript"))})
        for f in data.get("follow_ups", [])
    ]
    return Answer(**values)


def _transcript_from_dict(transcript: dict[str, Any] | None) -> Transcript | None:
    if transcript is None:
        return None
    segments = [
        Segment(
            start_s=s["start_s"],
            end_s=s["end_s"],
            text=s["text"],
            words=[Word(**w) for w in s.get("words", [])],
        )
        for s in transcript.get("segments", [])
    ]
    return Transcript(**{**transcript, "segments": segments})


def new_session_id(now: datetime | None = None) -> str:
    moment = now or datetime.now()
    return f"{moment:%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"


def utc_now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
