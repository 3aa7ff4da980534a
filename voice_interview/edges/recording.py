"""The recording loop shared by every recorder.

Whatever the audio comes from (a microphone stream, or an answer file fed
as if spoken), blocks of 16-bit mono samples pass through one loop that
writes each block to the WAV file as it arrives (the header is patched on
every write, and the file is flushed, so a killed process leaves a readable
file), measures the input level for the meter, and decides when to stop:
Enter, silence after speech, the answer limit, or Ctrl-C (only noted while
the loop runs, see ``interrupts``, so no library code between two blocks
can swallow it). This is the pattern of python-sounddevice's
``rec_unlimited.py`` example.
"""

from __future__ import annotations

import math
import wave
from pathlib import Path
from typing import Iterable

from voice_interview import interrupts
from voice_interview.records import paths
from voice_interview.edges.base import Monitor, Recording, RecordingLimits
from voice_interview.errors import StorageError
from voice_interview.records.wavfile import wav_writer

BLOCK_S = 0.1
# A block louder than this counts as speech for --silence-stop. Speech into a
# laptop microphone sits around -30..-10 dBFS; room noise well below -45.
SPEECH_LEVEL_DBFS = -40.0
SILENCE_DBFS = -120.0


def level_dbfs(block) -> float:
    """RMS level of an int16 block in dB relative to full scale."""
    import numpy as np

    if block.size == 0:
        return SILENCE_DBFS
    rms = math.sqrt(float(np.mean(np.square(block.astype(np.float64)))))
    return 20 * math.log10(rms / 32768) if rms > 0 else SILENCE_DBFS


def record_blocks(
    blocks: Iterable,
    dest: Path,
    sample_rate: int,
    limits: RecordingLimits,
    monitor: Monitor,
    end_reason: str = "end-of-audio",
) -> Recording:
    """Stream ``blocks`` (int16 numpy arrays) into ``dest`` until a stop."""
    paths.private_dir(dest.parent)
    counter = _Frames()
    try:
        handle = open(dest, "wb")
        dest.chmod(paths.PRIVATE_FILE_MODE)
    except OSError as exc:
        raise StorageError(f"cannot create the recording {dest} ({exc.strerror})") from None
    try:
        with handle, wav_writer(handle, sample_rate) as wav:
            try:
                with interrupts.noted_only():
                    stopped_by = _stream(wav, handle, blocks, sample_rate, limits, monitor, counter) or end_reason
            except KeyboardInterrupt:  # off the main thread, Ctrl-C still raises
                stopped_by = "interrupted"
    except OSError as exc:
        # Closing the file retries the write that failed: keep one clear error.
        raise StorageError(
            f"writing {dest} failed ({exc.strerror}); the audio up to here is kept — free some disk space"
        ) from None
    return Recording(path=dest, duration_s=counter.frames / sample_rate, stopped_by=stopped_by)


class _Frames:
    """Frames written so far, kept outside the loop for the Recording."""

    frames = 0


def _stream(wav, handle, blocks: Iterable, sample_rate: int, limits: RecordingLimits, monitor: Monitor,
            counter: _Frames) -> str | None:
    """Write blocks until a stop; returns why, or None when they ran out."""
    spoke = False
    silent_s = 0.0
    for block in blocks:
        block = block.reshape(-1)
        if limits.max_answer_s is not None:
            room = int(limits.max_answer_s * sample_rate) - counter.frames
            block = block[: max(room, 0)]
        _write(wav, handle, block)
        counter.frames += block.size
        level = level_dbfs(block)
        if level > SPEECH_LEVEL_DBFS:
            spoke, silent_s = True, 0.0
        else:
            silent_s += block.size / sample_rate
        if interrupts.take():
            return "interrupted"
        if monitor(counter.frames / sample_rate, level):
            return "enter"
        if limits.max_answer_s is not None and counter.frames >= limits.max_answer_s * sample_rate:
            return "max-length"
        if spoke and limits.silence_stop_s and silent_s >= limits.silence_stop_s:
            return "silence"
    return None


def _write(wav: wave.Wave_write, handle, block) -> None:
    """Write one block and flush it, so a killed process loses at most it."""
    wav.writeframes(block.astype("<i2").tobytes())
    handle.flush()


def split_blocks(samples, sample_rate: int, block_s: float = BLOCK_S):
    step = max(1, int(sample_rate * block_s))
    for start in range(0, len(samples), step):
        yield samples[start : start + step]

