"""Progress across sessions as a typed result (``analysis.progress``
makes it): the sessions' mean figures, each metric's trend, the retakes.
``to_json()`` is what ``progress --json`` prints. Metric values carry the
metric's unit (``Metric.unit``: wpm, s, per 100 words, ...)."""

from __future__ import annotations

from dataclasses import dataclass, field

from voice_interview.analysis.jsonrecord import JsonRecord, nested


@dataclass
class Change(JsonRecord):
    """A metric from ``then`` to ``now``; ``direction`` better | worse | steady."""

    then: float | None = None
    now: float | None = None
    change: float | None = None
    direction: str | None = None

    @property
    def measured(self) -> bool:
        return self.then is not None and self.now is not None


@dataclass
class Trend(JsonRecord):
    """A metric from the first session that has it to the latest."""

    label: str = ""
    unit: str = ""
    sessions: int = 0  # sessions with a value
    then: float | None = None
    now: float | None = None
    change: float | None = None
    direction: str | None = None


@dataclass
class SessionRow(JsonRecord):
    session_id: str = ""
    started_at: str | None = None
    language: str = "en"
    answers: int = 0
    metrics: dict[str, float | None] = field(default_factory=dict)  # the session's means


@dataclass
class Attempt(JsonRecord):
    session_id: str = ""
    started_at: str | None = None
    metrics: dict[str, float | None] = field(default_factory=dict)


@dataclass
class Retake(JsonRecord):
    """A question answered in more than one session: first attempt against the latest."""

    question_id: str = ""
    question_number: int = 0
    question: str = ""
    attempts: list[Attempt] = nested(Attempt, "list")
    changes: dict[str, Change] = nested(Change, "dict")


@dataclass
class MetricInfo(JsonRecord):
    name: str = ""
    label: str = ""
    unit: str = ""
    goal: str = ""


@dataclass
class ProgressReport(JsonRecord):
    sessions: list[SessionRow] = nested(SessionRow, "list")
    answers: int = 0
    trends: dict[str, Trend] = nested(Trend, "dict")
    retakes: list[Retake] = nested(Retake, "list")
    metrics: list[MetricInfo] = nested(MetricInfo, "list")

    def label(self, name: str) -> str:
        return next(m.label for m in self.metrics if m.name == name)

    def unit(self, name: str) -> str:
        return next(m.unit for m in self.metrics if m.name == name)
