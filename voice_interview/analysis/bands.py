"""Every band an analysis gives, in one place: the words ("slow",
"conversational", "fast"), the thresholds that divide them, whether a band
is where an answer should be, and the sentences that tell a reader what a
band's range is (``show``, the md export and the report say the same)."""

from __future__ import annotations

from voice_interview.analysis.thresholds import Thresholds

PACE = ("slow", "conversational", "fast")
LENGTH = ("short", "on-target", "long")
# Bands where an answer should be (the report colours them good).
GOOD = {"conversational", "on-target", "few", "prompt"}


def band(value: float, low: float, high: float, names: tuple[str, str, str] = PACE) -> str:
    """names[0] below ``low``, names[2] above ``high``, names[1] between."""
    if value < low:
        return names[0]
    if value > high:
        return names[2]
    return names[1]


def fillers_band(per_100_words: float, limits: Thresholds) -> str:
    return "many" if per_100_words > limits.fillers_many_above_per_100_words else "few"


def latency_band(latency_s: float, think_s: float, limits: Thresholds) -> str:
    """Think time the candidate chose is not held against the latency."""
    return "long" if latency_s - think_s > limits.latency_long_s else "prompt"


def voice_band(monotone: bool) -> str:
    return "monotone" if monotone else "varied"


def pace_range(limits: Thresholds) -> str:
    return f"{limits.pace_slow_below_wpm:g}–{limits.pace_fast_above_wpm:g} is conversational"


def monotone_range(limits: Thresholds) -> str:
    return f"under {limits.monotone_below_st:g} st"


def length_range(limits: Thresholds) -> str:
    return (f"on target: {limits.length_short_below_ratio * 100:.0f}–"
            f"{limits.length_long_above_ratio * 100:.0f} % of the suggestion")
