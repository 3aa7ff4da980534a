"""Hesitations Whisper leaves out: voiced sound between transcribed words.

Whisper drops most real "um"s and "uh"s, so a filler count built on its
text undercounts them. Here the answer audio is cut into 40 ms frames
(10 ms apart); a frame is voiced sound when it is well above the
recording's noise floor and periodic like a voice (its normalised
autocorrelation peaks at a pitch between 70 and 400 Hz). A run of voiced
frames of at least ``hesitation_min_s`` inside a gap that no transcribed
word covers (the word edges trimmed by ``hesitation_edge_margin_s``) is a
hesitation. Breath, clicks and room noise are not periodic; silence is not
loud. Whisper's word times are loose, so a run may start a little inside
the word before the gap, but one running on into the next word is that
word, and a word squeezed to no length is taken to have been spoken just
before its timestamp. numpy is imported here only, when audio is analysed.
"""

from __future__ import annotations

import wave
from pathlib import Path

from voice_interview.analysis.pace import Span
from voice_interview.analysis.thresholds import Thresholds
from voice_interview.records.wavfile import read_wav_samples

FRAME_S = 0.04
HOP_S = 0.01
PITCH_MIN_HZ = 70.0
PITCH_MAX_HZ = 400.0
ABSOLUTE_FLOOR_DBFS = -65.0
MAX_HOLE_FRAMES = 3
# Whisper often stretches a word's end over the sound after it, and starts a
# short word late: a voiced run may begin this far inside the word before
# the gap, but one that runs on into the next word is that word.
INTO_PREVIOUS_WORD_S = 0.3
INTO_NEXT_WORD_S = 0.1
SQUEEZED_WORD_S = 0.05
SECONDS_PER_LETTER = 0.06  # about 165 wpm at 6 letters a word


def word_gaps(words, duration_s: float, margin_s: float) -> list[tuple[float, float]]:
    """Stretches no word covers: before the first word, between words, after
    the last, each trimmed by ``margin_s`` at a word edge."""
    gaps = []
    covered_to = None
    for word in [*words, None]:
        left = 0.0 if covered_to is None else covered_to + margin_s
        right = duration_s if word is None else _spoken_from(word) - margin_s
        if right > left:
            gaps.append((left, right))
        if word is not None:
            covered_to = word.end_s if covered_to is None else max(covered_to, word.end_s)
    return gaps


def _spoken_from(word) -> float:
    """Where a word's sound starts. Whisper's alignment sometimes squeezes a
    word to no length at all, placing it late; its sound then lies before
    that point, about as long as a word of its letters takes to say."""
    if word.end_s - word.start_s >= SQUEEZED_WORD_S:
        return word.start_s
    letters = sum(c.isalnum() for c in word.word)
    return max(0.0, word.end_s - SECONDS_PER_LETTER * letters)


def voiced_frames(samples, rate: int, limits: Thresholds, regions=None):
    """A boolean per hop: loud above the noise floor and periodic. With
    ``regions`` ((start_s, end_s) pairs), only frames there are examined."""
    import numpy as np

    win, hop = int(FRAME_S * rate), int(HOP_S * rate)
    if len(samples) < win:
        return np.zeros(0, dtype=bool)
    count = 1 + (len(samples) - win) // hop
    squares = np.concatenate([[0.0], np.cumsum(samples.astype(np.float64) ** 2)])
    starts = np.arange(count) * hop
    energy_db = 10 * np.log10((squares[starts + win] - squares[starts]) / win + 1e-12)
    floor_db = float(np.percentile(energy_db, 10))
    loud = (energy_db > floor_db + limits.hesitation_level_above_floor_db) & (energy_db > ABSOLUTE_FLOOR_DBFS)
    if regions is not None:
        wanted = np.zeros(count, dtype=bool)
        for start_s, end_s in regions:
            wanted[max(0, int(start_s / HOP_S)) : max(0, int(end_s / HOP_S)) + 1] = True
        loud &= wanted
    voiced = np.zeros(count, dtype=bool)
    candidates = np.nonzero(loud)[0]
    if candidates.size:
        voiced[candidates] = periodicity(samples, starts[candidates], win, rate) >= limits.hesitation_voicing_min
    return voiced


def periodicity(samples, starts, win: int, rate: int):
    """Peak normalised autocorrelation within the pitch range, per frame."""
    import numpy as np

    frames = samples[starts[:, None] + np.arange(win)[None, :]]
    frames = frames - frames.mean(axis=1, keepdims=True)
    spectrum = np.fft.rfft(frames, n=2 * win, axis=1)
    autocorr = np.fft.irfft(np.abs(spectrum) ** 2, axis=1)[:, :win]
    lo, hi = int(rate / PITCH_MAX_HZ), min(int(rate / PITCH_MIN_HZ), win // 2)
    lags = np.arange(lo, hi)
    # Unbiased: each lag compares win - lag sample pairs.
    normalised = autocorr[:, lags] / (autocorr[:, :1] + 1e-12) * (win / (win - lags))[None, :]
    return normalised.max(axis=1)


def runs_in_gaps(voiced, gaps, min_s: float, margin_s: float) -> list[Span]:
    """Runs of voiced frames (short holes bridged) with at least ``min_s``
    inside a gap, not carrying on into the next word."""
    found = []
    for run_start, run_end in _runs(voiced):
        start_s, end_s = run_start * HOP_S, run_end * HOP_S + FRAME_S
        for gap_start, gap_end in gaps:
            if min(end_s, gap_end) - max(start_s, gap_start) < min_s:
                continue
            if end_s - gap_end > margin_s + INTO_NEXT_WORD_S:
                continue
            if gap_start - start_s > margin_s + INTO_PREVIOUS_WORD_S:
                continue
            found.append(Span(round(float(max(start_s, gap_start)), 3), round(float(min(end_s, gap_end)), 3)))
    return found


def _runs(voiced):
    run_start = run_end = None
    holes = 0
    for i in range(len(voiced)):
        if voiced[i]:
            run_start = i if run_start is None else run_start
            run_end, holes = i, 0
        elif run_start is not None:
            holes += 1
            if holes > MAX_HOLE_FRAMES:
                yield run_start, run_end
                run_start, holes = None, 0
    if run_start is not None:
        yield run_start, run_end


def detect_hesitations(audio_path: Path, words, limits: Thresholds) -> list[Span]:
    samples, rate = read_wav_samples(audio_path, as_float=True)
    duration_s = len(samples) / rate
    gaps = word_gaps(words, duration_s, limits.hesitation_edge_margin_s)
    # Frames further than this from a gap cannot change what is found there.
    reach_s = limits.hesitation_edge_margin_s + INTO_PREVIOUS_WORD_S + 0.2
    voiced = voiced_frames(samples, rate, limits, [(a - reach_s, b + reach_s) for a, b in gaps])
    return runs_in_gaps(voiced, gaps, limits.hesitation_min_s, limits.hesitation_edge_margin_s)


def hesitations(audio_path: Path | None, words, limits: Thresholds) -> dict:
    """The analysis entry: hesitations with times, or why there are none."""
    if audio_path is None:
        return {"available": False, "reason": "no answer audio"}
    try:
        found = detect_hesitations(Path(audio_path), words, limits)
    except FileNotFoundError:
        return {"available": False, "reason": f"answer audio missing ({Path(audio_path).name})"}
    except (OSError, EOFError, ValueError, wave.Error) as exc:
        return {"available": False, "reason": f"answer audio unreadable ({exc})"}
    return {
        "available": True,
        "count": len(found),
        "items": [{"start_s": h.start_s, "end_s": h.end_s, "duration_s": h.duration_s} for h in found],
    }
