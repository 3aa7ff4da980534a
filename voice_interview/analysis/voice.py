"""Voice variety: how much the pitch and the loudness of an answer move.

Pitch (F0) comes from pyworld: DIO refined by StoneMask, the fast F0
estimator of the WORLD vocoder (Morise, Kawahara & Katayose 2009; Morise
2016), a maintained C++ library (modified BSD) with an MIT-licensed Python
wrapper that needs only numpy. Praat (parselmouth) is the phoneticians'
reference but GPL-3, which an MIT project should not bundle; librosa's pyin
pulls numba and takes seconds to import; CREPE-style trackers need a neural
network. WORLD's Harvest is more careful about voicing but ran ~30 times
slower here (10.9 s against 0.37 s for tests/data/jfk.wav).

Figures, over the voiced frames of the answer (10 ms apart):
- pitch in semitones from the speaker's own median F0, so a low and a high
  voice compare: ``pitch_range_st`` (5th to 95th percentile) and
  ``pitch_sd_st``, the standard deviation within 8-second windows, averaged
  (a slow drift over a long answer is not variety);
- ``loudness_sd_db``: the standard deviation of the frame level (dB RMS)
  over voiced frames.
``monotone`` is set when ``pitch_sd_st`` is below ``monotone_below_st``.
Thresholds and their sources: docs/analysis.md. numpy and pyworld are
imported here only, when answer audio is analysed.
"""

from __future__ import annotations

from pathlib import Path

from voice_interview.analysis.thresholds import Thresholds
from voice_interview.records.wavfile import read_wav_samples

FRAME_PERIOD_MS = 10.0
WINDOW_S = 8.0
MIN_VOICED_S = 1.0  # less voiced speech than this says nothing about variety
F0_FLOOR_HZ = 60.0
F0_CEIL_HZ = 500.0


def voice_variety(audio_path: Path | None, limits: Thresholds) -> dict:
    if audio_path is None or not Path(audio_path).is_file():
        return {"available": False, "reason": "no answer audio"}
    try:
        import pyworld
    except ImportError:
        return {"available": False, "reason": "pyworld is not installed (pip install pyworld)"}
    import numpy as np

    try:
        samples, rate = read_wav_samples(Path(audio_path), as_float=True)
    except (OSError, ValueError, EOFError) as exc:
        return {"available": False, "reason": f"unreadable audio ({exc})"}
    signal = samples.astype(np.float64)
    f0, times = pyworld.dio(signal, rate, f0_floor=F0_FLOOR_HZ, f0_ceil=F0_CEIL_HZ, frame_period=FRAME_PERIOD_MS)
    f0 = pyworld.stonemask(signal, f0, times, rate)
    voiced = f0 > 0
    if voiced.sum() * FRAME_PERIOD_MS / 1000 < MIN_VOICED_S:
        return {"available": False, "reason": "too little voiced speech to measure"}
    semitones = 12 * np.log2(f0[voiced] / np.median(f0[voiced]))
    window_sds = []
    voiced_times = times[voiced]
    for start in np.arange(0.0, max(times[-1], WINDOW_S), WINDOW_S):
        inside = semitones[(voiced_times >= start) & (voiced_times < start + WINDOW_S)]
        if len(inside) * FRAME_PERIOD_MS / 1000 >= MIN_VOICED_S:
            window_sds.append(float(np.std(inside)))
    pitch_sd = float(np.mean(window_sds)) if window_sds else float(np.std(semitones))
    hop = int(rate * FRAME_PERIOD_MS / 1000)
    levels = []
    for t in times[voiced]:
        frame = signal[int(t * rate): int(t * rate) + 2 * hop]
        if len(frame):
            levels.append(20 * np.log10(np.sqrt(np.mean(frame**2)) + 1e-9))
    low, high = np.percentile(semitones, [5, 95])
    return {
        "available": True,
        "median_f0_hz": round(float(np.median(f0[voiced])), 1),
        "pitch_range_st": round(float(high - low), 2),
        "pitch_sd_st": round(pitch_sd, 2),
        "loudness_sd_db": round(float(np.std(levels)), 2),
        "voiced_s": round(float(voiced.sum() * FRAME_PERIOD_MS / 1000), 2),
        "monotone": pitch_sd < limits.monotone_below_st,
    }
