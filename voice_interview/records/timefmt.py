"""Seconds as a reader sees them, in the few formats the program prints:
``1:05`` (a length or a moment of an answer), ``1.2 s`` (a timing) and
``00:01:05,250`` (a subtitle cue). Pure standard library, so every layer
may use it.
"""

from __future__ import annotations


def clock(seconds: float | None) -> str:
    """``m:ss`` rounded to the second; ``–`` when unknown."""
    if seconds is None:
        return "–"
    return _minutes_seconds(int(round(seconds)))


def running_clock(seconds: float) -> str:
    """``m:ss`` of a running timer: the whole seconds passed, cut rather
    than rounded, so it never shows a second that has not yet gone by."""
    return _minutes_seconds(int(seconds))


def seconds_text(seconds: float | None) -> str:
    """``1.2 s``; ``—`` when unknown."""
    return "—" if seconds is None else f"{seconds:.1f} s"


def subtitle_time(seconds: float, separator: str) -> str:
    """``hh:mm:ss`` and milliseconds after ``separator`` (``,`` in SRT, ``.`` in WebVTT)."""
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def _minutes_seconds(whole: int) -> str:
    return f"{whole // 60}:{whole % 60:02d}"
