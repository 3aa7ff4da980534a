"""Whisper's encoder fed only the audio there is, plus a margin.

faster-whisper pads every window's log-Mel features to 3000 frames (30 s)
before encoding, so an 11 s answer pays for 30 s of encoder work (0.31 s
for 3000 frames against 0.041 s for 1100, tiny.en int8 on 2 cores; issue
14). CTranslate2 accepts shorter features (OpenNMT/CTranslate2 #1446), and
faster-whisper already hands ``align`` the window's real frame count
(``segment_size``), so word times need no change: only the padding does.

faster-whisper (1.1, 1.2) pads with ``faster_whisper.transcribe.pad_or_trim``
in ``generate_segments``. ``install()`` replaces that module global, once,
with a twin that pads to the window's own length plus ``margin_frames``
when the calling thread is inside ``shorter_windows()``, and to 3000
otherwise, so other threads (and faster-whisper's batched pipeline) are
untouched. On any other faster-whisper version, or if the function looks
different, nothing is patched and ``install()`` returns False: callers then
take the padded path (``WhisperTranscriber`` says so in the transcript).

Known risks of cutting the padding (SYSTRAN/faster-whisper #171, #1006;
whisper.cpp #1855; CTranslate2 #2100): the decoder repeats itself, drops
words or misplaces timestamps. ``looks_wrong()`` checks a result for those
signs so the caller can redo it padded.
"""

from __future__ import annotations

import inspect
import re
import threading
from contextlib import contextmanager

SUPPORTED_VERSIONS = ("1.1.", "1.2.")
FULL_FRAMES = 3000  # what faster-whisper pads every window to (30 s)
FRAMES_PER_S = 100
# No window is encoded shorter than this: on the live path's chunks (2 min
# answer, 348 words) a 10 s floor made 34-35 errors, 20 s 28, padded 22-23
# (bench/README.md, Short encoder); 2000 frames still encode 1.7x faster
# than 3000. A window with less than REMAINDER_FRAMES of audio (what is
# left after the last word Whisper dated) is padded to 30 s as before:
# encoded at its own length, such a remainder sent the decoder sampling
# 224 tokens for 31 s (and 17 s when padded to 10 s).
MIN_WINDOW_FRAMES = 2000
REMAINDER_FRAMES = 100
# Past these a result is redone with the padded encoder.
COMPRESSION_RATIO_LIMIT = 2.4  # faster-whisper's own threshold for "too repetitive"
REPEATS_LIMIT = 4  # the same 1-4 word run this many times in a row: a loop
TOKENS_PER_S_LIMIT = 12.0  # speech runs ~3-4 tokens/s; far more: it never found its end
LATE_WORD_S = 1.0  # a word ending this far past the audio: a misplaced timestamp
PADDED = "padded"  # how a transcript says its windows were encoded 30 s long


def short_label(margin_s: float) -> str:
    return f"short +{margin_s:g} s"


def encoders_summary(encoders: list[str]) -> str:
    """One line for the passes of a live transcript: "short +2 s", or
    "short +2 s; padded (fallback: repetition) ×1" when some differed."""
    counts: dict[str, int] = {}
    for encoder in encoders:
        counts[encoder] = counts.get(encoder, 0) + 1
    if len(counts) <= 1:
        return next(iter(counts), "")
    return "; ".join(f"{encoder} ×{count}" for encoder, count in counts.items())

_local = threading.local()
_installed: bool | None = None
_install_lock = threading.Lock()


def install() -> bool:
    """Patch faster-whisper's padding once; True if shorter windows work
    with this faster-whisper."""
    global _installed
    with _install_lock:
        if _installed is None:
            _installed = _patch()
        return _installed


def _patch() -> bool:
    try:
        import faster_whisper
        from faster_whisper import transcribe as module
    except ImportError:
        return False
    original = getattr(module, "pad_or_trim", None)
    if not faster_whisper.__version__.startswith(SUPPORTED_VERSIONS) or original is None:
        return False
    try:
        if "pad_or_trim(segment)" not in inspect.getsource(module.WhisperModel.generate_segments):
            return False  # padded somewhere else now: our twin would never be called
    except (OSError, TypeError):
        return False

    def pad_or_trim(array, length: int = FULL_FRAMES, *, axis: int = -1):
        batch = getattr(_local, "batch_frames", None)
        if batch is not None and length == FULL_FRAMES and array.shape[axis] <= batch:
            return original(array, batch, axis=axis)  # every chunk of a batch alike (np.stack)
        margin = getattr(_local, "margin_frames", None)
        if margin is not None and length == FULL_FRAMES and REMAINDER_FRAMES <= array.shape[axis] < length:
            length = min(FULL_FRAMES, max(array.shape[axis] + margin, MIN_WINDOW_FRAMES))
        return original(array, length, axis=axis)

    module.pad_or_trim = pad_or_trim
    return True


@contextmanager
def shorter_windows(margin_s: float):
    """Within this block, this thread's Whisper windows are encoded at their
    own length plus ``margin_s`` (call ``install()`` first)."""
    previous = getattr(_local, "margin_frames", None)
    _local.margin_frames = int(round(margin_s * FRAMES_PER_S))
    try:
        yield
    finally:
        _local.margin_frames = previous


def batch_padding_works() -> bool:
    """True if faster-whisper's BatchedInferencePipeline pads its chunks
    with the ``pad_or_trim`` that ``install()`` replaced."""
    if not install():
        return False
    try:
        from faster_whisper import transcribe as module

        return "pad_or_trim(feature)" in inspect.getsource(module.BatchedInferencePipeline.transcribe)
    except (ImportError, AttributeError, OSError, TypeError):
        return False


def batch_frames(longest_frames: int, margin_s: float) -> int:
    """What every chunk of a batch is padded to: the longest chunk plus the
    margin, at least MIN_WINDOW_FRAMES, at most 30 s."""
    return min(FULL_FRAMES, max(longest_frames + int(round(margin_s * FRAMES_PER_S)), MIN_WINDOW_FRAMES))


@contextmanager
def batch_windows(frames: int):
    """Within this block, this thread's batched Whisper chunks are padded to
    ``frames`` instead of 3000 (call ``install()`` first)."""
    previous = getattr(_local, "batch_frames", None)
    _local.batch_frames = frames
    try:
        yield
    finally:
        _local.batch_frames = previous


def looks_wrong(segments, duration_s: float, speech_s: float | None = None) -> str | None:
    """Why faster-whisper ``segments`` (of audio ``duration_s`` long, of
    which the VAD kept ``speech_s``) look like a shortened encoder's
    failure, or None if they look fine: a repetition loop, a decode that
    never found its end, or times past the audio."""
    speech_s = duration_s if speech_s is None else speech_s
    text = " ".join(s.text.strip() for s in segments).strip()
    if not text:
        return None  # nothing heard: the VAD's and Whisper's no-speech checks judged that
    if max(s.compression_ratio for s in segments) > COMPRESSION_RATIO_LIMIT:
        return "compression ratio"
    if repeated_run(text) >= REPEATS_LIMIT:
        return "repetition"
    if sum(len(s.tokens) for s in segments) > TOKENS_PER_S_LIMIT * max(speech_s, 1.0):
        return "no end token"
    if max(s.end for s in segments) > duration_s + LATE_WORD_S:
        return "timestamps past the audio"
    return None


def repeated_run(text: str) -> int:
    """The most times a run of 1-4 words repeats back to back in ``text``."""
    words = re.findall(r"[\w']+", text.lower())
    best = 1
    for size in range(1, 5):
        for start in range(size):
            count = 1
            for i in range(start + size, len(words) - size + 1, size):
                if words[i : i + size] == words[i - size : i]:
                    count += 1
                    best = max(best, count)
                else:
                    count = 1
    return best
