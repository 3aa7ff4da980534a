"""Timing of an answer from its word timestamps: pace, pauses, response
latency and length.

Speaking rate is words over the time from the first word's start to the
last word's end. Articulation rate takes the pauses (gaps between words of
at least ``pause_min_s``) out of that time. Response latency runs from the
end of the question audio (or, with no question audio, from the start of
the recording) to the first word; think time chosen by the candidate is
reported, and not held against the latency band.
"""

from __future__ import annotations

from dataclasses import dataclass

from voice_interview.analysis import bands
from voice_interview.analysis.bands import band
from voice_interview.analysis.delivery import Length, Pace, Pauses, TimedSpan
from voice_interview.analysis.thresholds import Thresholds


@dataclass(frozen=True)
class Span:
    """A stretch of an answer: a pause, a hesitation (seconds from its start)."""

    start_s: float
    end_s: float

    @property
    def duration_s(self) -> float:
        return round(self.end_s - self.start_s, 3)


def word_pauses(words, minimum_s: float) -> list[Span]:
    """Gaps of at least ``minimum_s`` between consecutive timed words."""
    return [
        Span(a.end_s, b.start_s)
        for a, b in zip(words, words[1:])
        if b.start_s - a.end_s >= minimum_s
    ]


def pace(words, limits: Thresholds) -> Pace | None:
    if len(words) < 2:
        return None
    span_s = words[-1].end_s - words[0].start_s
    if span_s <= 0:
        return None
    paused_s = sum(p.duration_s for p in word_pauses(words, limits.pause_min_s))
    speaking_s = max(span_s - paused_s, 1e-6)
    wpm = len(words) / span_s * 60
    articulation = len(words) / speaking_s * 60
    return Pace(
        words_per_minute=round(wpm, 1),
        band=band(wpm, limits.pace_slow_below_wpm, limits.pace_fast_above_wpm),
        articulation_words_per_minute=round(articulation, 1),
        articulation_band=band(articulation, limits.articulation_slow_below_wpm, limits.articulation_fast_above_wpm),
        span_s=round(span_s, 3),
        speaking_time_s=round(speaking_s, 3),
    )


def pauses(words, answer, limits: Thresholds) -> Pauses | None:
    if not words:
        return None
    gaps = word_pauses(words, limits.pause_min_s)
    long_pauses = [p for p in gaps if p.duration_s > limits.pause_long_s]
    longest = max(gaps, key=lambda p: p.duration_s, default=None)
    latency_s, latency_from = response_latency(words, answer)
    think_s = answer.think_time_s or 0.0
    return Pauses(
        count=len(gaps),
        over_long_count=len(long_pauses),
        over_very_long_count=sum(1 for p in gaps if p.duration_s > limits.pause_very_long_s),
        longest_s=longest.duration_s if longest else 0.0,
        longest_at_s=longest.start_s if longest else None,
        long=[TimedSpan(p.start_s, p.end_s, p.duration_s) for p in long_pauses],
        response_latency_s=round(latency_s, 3),
        latency_from=latency_from,
        think_time_s=round(think_s, 3),
        latency_band=bands.latency_band(latency_s, think_s, limits),
    )


def response_latency(words, answer) -> tuple[float, str]:
    first_word_s = words[0].start_s
    if answer.question_audio_end_s is not None and answer.answer_start_s is not None:
        gap_s = max(0.0, answer.answer_start_s - answer.question_audio_end_s)
        return gap_s + first_word_s, "question-audio-end"
    return first_word_s, "recording-start"


def length(words, word_count: int, suggested_s: float | None, limits: Thresholds) -> Length:
    spoken_s = round(words[-1].end_s - words[0].start_s, 3) if words else None
    result = Length(words=word_count, spoken_s=spoken_s, suggested_s=suggested_s)
    if spoken_s is not None and suggested_s:
        ratio = spoken_s / suggested_s
        result.ratio = round(ratio, 3)
        result.band = band(ratio, limits.length_short_below_ratio, limits.length_long_above_ratio, bands.LENGTH)
    return result
