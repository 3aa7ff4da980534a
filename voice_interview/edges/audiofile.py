"""Answers from audio files, fed through the same recording loop as a
microphone: ``--answers-from DIR`` and the demo's synthetic candidate.

Decoding uses pydub (WAV natively, FLAC/MP3/OGG through ffmpeg).
"""

from __future__ import annotations

import re
import time
import warnings
from collections import deque
from pathlib import Path

from voice_interview.edges.base import Monitor, Recording, RecordingLimits
from voice_interview.edges.recording import record_blocks, split_blocks
from voice_interview.errors import AudioFileError, BadInputError, DeviceError
from voice_interview.records.wavfile import SAMPLE_RATE

AUDIO_SUFFIXES = (".wav", ".flac", ".mp3", ".ogg")
# Shorter than this is a slip (a file cut off, a key pressed), not an answer.
MIN_ANSWER_FILE_S = 0.3


def natural_key(name: str) -> tuple:
    """Sort key that compares the numbers in a name as numbers (2.wav before
    10.wav, q2 before q10), letters without case; the name breaks ties."""
    parts = re.split(r"(\d+)", name.casefold())
    # re.split with a group alternates text, number, text...: odd parts are numbers.
    return tuple(int(part) if i % 2 else part for i, part in enumerate(parts)), name


# "02-follow-up.wav" (or "02-follow-up2.wav") answers the follow-ups asked
# after the answer in "02.wav".
FOLLOW_UP_MARK = "-follow-up"


def split_follow_ups(files: list[Path]) -> tuple[list[Path], dict[Path, list[Path]]]:
    """(answer files, the follow-up files of each answer file), by name."""
    answers = [f for f in files if FOLLOW_UP_MARK not in f.stem.lower()]
    by_stem = {f.stem.lower(): f for f in answers}
    follow_ups: dict[Path, list[Path]] = {}
    for f in files:
        stem = f.stem.lower()
        if FOLLOW_UP_MARK in stem:
            owner = by_stem.get(stem.split(FOLLOW_UP_MARK)[0])
            if owner is None:
                raise BadInputError(
                    f"{f}: a follow-up answer with no answer file named "
                    f"{f.stem.lower().split(FOLLOW_UP_MARK)[0]}.*; rename it after its answer's file"
                )
            follow_ups.setdefault(owner, []).append(f)
    return answers, follow_ups


def answer_files(folder: Path) -> list[Path]:
    """The answer files in ``folder``, in natural order (see ``natural_key``)."""
    if not folder.is_dir():
        raise BadInputError(f"{folder}: not a folder; --answers-from takes a folder of audio files")
    files = sorted((p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in AUDIO_SUFFIXES),
                   key=lambda p: natural_key(p.name))
    if not files:
        raise BadInputError(
            f"{folder}: no answer files (.wav, .flac, .mp3, .ogg); put one per question there"
        )
    return files


def _pydub():
    with warnings.catch_warnings():
        # pydub warns at import when ffmpeg is absent; we say so ourselves,
        # only when a file needs it.
        warnings.simplefilter("ignore", RuntimeWarning)
        import pydub
        import pydub.exceptions
    return pydub


def export_audio(source: Path, audio_format: str) -> bytes:
    """``source`` re-encoded as wav, flac, mp3 or ogg (ffmpeg for the last three)."""
    import io

    pydub = _pydub()
    buffer = io.BytesIO()
    try:
        pydub.AudioSegment.from_file(str(source)).export(buffer, format=audio_format)
    except FileNotFoundError:
        raise DeviceError(f"converting audio to {audio_format} needs ffmpeg: `sudo apt install ffmpeg`") from None
    except (pydub.exceptions.CouldntDecodeError, pydub.exceptions.CouldntEncodeError, IndexError, ValueError):
        raise AudioFileError(f"{source}: could not convert this audio to {audio_format}") from None
    return buffer.getvalue()


def load_audio(path: Path):
    """Decode ``path`` to 16 kHz mono int16 samples (a numpy array)."""
    import numpy as np

    if not path.is_file():
        raise AudioFileError(f"{path}: no such audio file")
    if path.stat().st_size == 0:
        raise AudioFileError(f"{path}: the audio file is empty; record it again")
    pydub = _pydub()
    try:
        segment = pydub.AudioSegment.from_file(str(path))
    except FileNotFoundError:
        raise DeviceError(
            f"{path}: reading {path.suffix or 'this'} audio needs ffmpeg: "
            "`sudo apt install ffmpeg` (or run the README's set-up command)"
        ) from None
    except (pydub.exceptions.CouldntDecodeError, IndexError, ValueError, EOFError, OSError):
        raise AudioFileError(
            f"{path}: not readable audio (corrupt, or not WAV/FLAC/MP3/OGG); check the file"
        ) from None
    segment = segment.set_channels(1).set_frame_rate(SAMPLE_RATE).set_sample_width(2)
    return np.frombuffer(segment.raw_data, dtype="<i2")


def answer_file_samples(path: Path):
    """Decode ``path`` whole (as ``load_audio``); AudioFileError when it
    cannot serve as an answer. Decoding, not probing: ffprobe accepts a text
    file named .flac and reports a cut-off MP3 at its full length."""
    samples = load_audio(path)
    if samples.size < MIN_ANSWER_FILE_S * SAMPLE_RATE:
        raise AudioFileError(
            f"{path}: only {samples.size / SAMPLE_RATE:.2f} s of audio, too short for an answer; record it again"
        )
    return samples


class FileFeedRecorder:
    """A recorder whose "microphone" plays queued audio files, one per answer.

    Files are taken whole (the answer limits apply to live recording only).
    With ``realtime`` the blocks arrive at speaking pace, as from a microphone.
    """

    def __init__(self, files: list[Path] | None = None, realtime: bool = False, decoded: dict | None = None,
                 follow_ups: dict[Path, list[Path]] | None = None) -> None:
        self._queue: deque[Path] = deque(files or [])
        self._realtime = realtime
        self._decoded = decoded or {}  # path: samples already decoded (by the up-front check)
        self._follow_ups = follow_ups or {}
        self._pending: deque[Path] = deque()  # follow-up files of the answer just fed

    def follow_up_recorder(self) -> FileFeedRecorder | None:
        """A recorder feeding the next follow-up file of the answer just
        fed, or None when it has no (more) follow-up files."""
        return FileFeedRecorder([self._pending.popleft()], self._realtime) if self._pending else None

    def enqueue(self, path: Path) -> None:
        self._queue.append(path)

    def check(self) -> None:
        if not self._queue:
            raise BadInputError("no answer audio left to feed; give one file per question")

    def record(self, dest: Path, limits: RecordingLimits, monitor: Monitor) -> Recording:
        self.check()
        source = self._queue.popleft()
        self._pending = deque(self._follow_ups.get(source, []))
        samples = self._decoded.pop(source, None)
        if samples is None:
            samples = load_audio(source)
        return record_blocks(
            self._paced(split_blocks(samples, SAMPLE_RATE)),
            dest,
            SAMPLE_RATE,
            RecordingLimits(max_answer_s=None, silence_stop_s=None),
            monitor,
        )

    def _paced(self, blocks):
        start = time.monotonic()
        fed_s = 0.0
        for block in blocks:
            if self._realtime:
                time.sleep(max(0.0, start + fed_s - time.monotonic()))
            fed_s += block.size / SAMPLE_RATE
            yield block
