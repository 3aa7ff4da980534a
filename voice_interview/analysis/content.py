"""What an answer said, as typed results: talking points, STAR, the
specifics, the most-used words and job terms, the follow-ups, and the
feedback built on them. Times are seconds into the answer's audio (or the
follow-up's: ``where`` says which); None when the answer was typed."""

from __future__ import annotations

from dataclasses import dataclass, field

from voice_interview.analysis.jsonrecord import JsonRecord, key, nested, optional

STAR_PARTS = ("situation", "task", "action", "result")


@dataclass
class Phrase(JsonRecord):
    """A STAR cue as said, with its time."""

    text: str = ""
    start_s: float | None = None

    where = "answer"


@dataclass
class SpecificItem(JsonRecord):
    """A number, result, name or example: ``text`` the words, ``quote``
    them with a little context."""

    text: str = ""
    quote: str = ""
    start_s: float | None = None
    end_s: float | None = None

    where = "answer"


@dataclass
class Quote(JsonRecord):
    """Words behind a feedback verdict, in the answer or a follow-up."""

    text: str = ""
    quote: str = ""
    start_s: float | None = None
    end_s: float | None = None
    probability: float = 1.0  # Whisper's, 0..1 (the lowest of its words)
    sure: bool = True  # probability at least low_confidence_below
    where: str = key("in", "answer")  # "answer" | "follow-up N"


@dataclass
class CueMatch(JsonRecord):
    """A talking point's cue heard in the answer."""

    cue: str = ""
    text: str = ""
    quote: str = ""
    start_s: float | None = None
    end_s: float | None = None
    probability: float = 1.0
    sure: bool = True

    where = "answer"  # quoted without a place, as before


@dataclass
class PointResult(JsonRecord):
    """One talking point: covered, unclear (heard only in unsure words) or missed."""

    label: str = ""
    covered: bool = False
    status: str = "missed"  # covered | unclear | missed
    matches: list[CueMatch] = nested(CueMatch, "list")


@dataclass
class TalkingPoints(JsonRecord):
    covered: int = 0
    unclear: int = 0
    total: int = 0
    points: list[PointResult] = nested(PointResult, "list")

    @property
    def percent_covered(self) -> float | None:
        return 100.0 * self.covered / self.total if self.total else None


@dataclass
class StarPart(JsonRecord):
    found: bool = False
    phrases: list[Phrase] = nested(Phrase, "list")


@dataclass
class Star(JsonRecord):
    """Situation, Task, Action, Result cues of a behavioural answer."""

    found: int = 0  # parts found, of 4
    parts: dict[str, StarPart] = nested(StarPart, "dict")


@dataclass
class Specificity(JsonRecord):
    count: int = 0
    kinds_present: int = 0
    kinds: dict[str, list[SpecificItem]] = field(default_factory=dict)  # numbers | results | named | examples

    @classmethod
    def from_json(cls, data):
        record = super().from_json(data)
        if record is not None:
            record.kinds = {kind: [SpecificItem.from_json(q) for q in items] for kind, items in record.kinds.items()}
        return record

    def to_json(self) -> dict:
        out = super().to_json()
        out["kinds"] = {kind: [q.to_json() for q in items] for kind, items in self.kinds.items()}
        return out


@dataclass
class WordCount(JsonRecord):
    word: str = ""
    count: int = 0


@dataclass
class TermCount(JsonRecord):
    term: str = ""
    count: int = 0


@dataclass
class UnsureWord(JsonRecord):
    text: str = ""
    start_s: float | None = None
    probability: float = 0.0


@dataclass
class FollowUpResult(JsonRecord):
    """Whether a follow-up's answer covered the point it probed."""

    number: int = 0
    where: str = key("in", "")  # "follow-up N"
    point: str = ""
    text: str = ""
    answered: bool = False
    covered: bool = False
    status: str = "missed"
    matches: list[CueMatch] = nested(CueMatch, "list")
    unsure_words: list[UnsureWord] = nested(UnsureWord, "list")


@dataclass
class Covered(JsonRecord):
    label: str = ""
    quotes: list[Quote] = nested(Quote, "list")
    only_when_asked: bool | None = optional()  # True: only in a follow-up


@dataclass
class Unclear(JsonRecord):
    label: str = ""
    quotes: list[Quote] = nested(Quote, "list")


@dataclass
class Missed(JsonRecord):
    label: str = ""
    asks: str | None = None  # the guidance's sentence asking for it
    probe: str = ""
    weight: int = 1


@dataclass
class FeedbackResult(JsonRecord):
    covered: list[Covered] = nested(Covered, "list")
    unclear: list[Unclear] = nested(Unclear, "list")
    missed: list[Missed] = nested(Missed, "list")
    try_next: list[str] = field(default_factory=list)
