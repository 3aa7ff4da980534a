"""How an answer was delivered, as typed results: pace, pauses, length,
fillers and hedges, hesitations, voice variety. Units are in the field
names (``_s`` seconds, ``_wpm``/``words_per_minute``, ``_st`` semitones,
``_db`` decibels); ``to_json()`` is the saved analysis's dict unchanged."""

from __future__ import annotations

from dataclasses import dataclass, field

from voice_interview.analysis.jsonrecord import JsonRecord, nested, optional


@dataclass
class Pace(JsonRecord):
    """Speaking rate over the answer, and with the pauses taken out."""

    words_per_minute: float = 0.0
    band: str | None = None  # slow | conversational | fast
    articulation_words_per_minute: float = 0.0
    articulation_band: str | None = None
    span_s: float = 0.0  # first word's start to last word's end
    speaking_time_s: float = 0.0  # the span without its pauses


@dataclass
class TimedSpan(JsonRecord):
    """A long pause or a hesitation, seconds into the answer audio."""

    start_s: float | None = None
    end_s: float | None = None
    duration_s: float = 0.0


@dataclass
class Pauses(JsonRecord):
    count: int = 0  # gaps of at least pause_min_s between words
    over_long_count: int = 0
    over_very_long_count: int = 0
    longest_s: float = 0.0
    longest_at_s: float | None = None
    long: list[TimedSpan] = nested(TimedSpan, "list")
    response_latency_s: float | None = None
    latency_from: str = "recording-start"  # question-audio-end | recording-start
    think_time_s: float = 0.0
    latency_band: str | None = None  # prompt | long


@dataclass
class Length(JsonRecord):
    words: int = 0
    spoken_s: float | None = None  # None for a typed answer
    suggested_s: float | None = None
    ratio: float | None = None  # spoken_s / suggested_s
    band: str | None = None  # short | on-target | long


@dataclass
class FoundWord(JsonRecord):
    """A filler or hedge as transcribed, with its time (None when typed)."""

    text: str = ""
    start_s: float | None = None
    end_s: float | None = None


@dataclass
class FoundSummary(JsonRecord):
    """Fillers (with a band) or hedges (without)."""

    count: int = 0
    per_100_words: float = 0.0
    per_minute: float | None = None
    by_form: dict[str, int] = field(default_factory=dict)  # {form as said: count}, most first
    items: list[FoundWord] = nested(FoundWord, "list")
    band: str | None = optional()  # fillers only: few | many


@dataclass
class Hesitations(JsonRecord):
    """Voiced sound between transcribed words, or why it was not measured."""

    available: bool = False
    reason: str | None = optional()
    count: int | None = optional()
    items: list[TimedSpan] | None = nested(TimedSpan, "list", omit_none=True)
    per_minute: float | None = optional()

    def to_json(self) -> dict:
        out = super().to_json()
        if self.available and "per_minute" not in out:
            out["per_minute"] = None
        return out


@dataclass
class Voice(JsonRecord):
    """How much pitch and loudness move, or why it was not measured."""

    available: bool = False
    reason: str | None = optional()
    median_f0_hz: float | None = optional()
    pitch_range_st: float | None = optional()  # 5th to 95th percentile
    pitch_sd_st: float | None = optional()  # within 8 s windows, averaged
    loudness_sd_db: float | None = optional()
    voiced_s: float | None = optional()
    monotone: bool | None = optional()
