"""WAV files: the one reader and the one writer of the program (the
standard library's ``wave``), and the files the recorder streams: 16-bit
PCM with the 44-byte header ``wave`` writes, patched after every block,
so they are repaired after a crash and read while still being written.
numpy only where samples are wanted as an array."""

from __future__ import annotations

import os
import struct
import wave
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

# Answers are recorded at the rate Whisper and Silero VAD take: 16 kHz mono.
SAMPLE_RATE = 16_000
HEADER_BYTES = 44
DATA_SIZE_AT = 40  # where the header holds the data chunk's size


@dataclass(frozen=True)
class WavFormat:
    channels: int
    rate: int
    bits: int

    @property
    def frame_bytes(self) -> int:
        return self.channels * self.bits // 8


@dataclass(frozen=True)
class WavAudio:
    format: WavFormat
    frame_count: int
    frames: bytes = b""  # little-endian samples, channels interleaved; empty when only the header was read

    @property
    def duration_s(self) -> float:
        return self.frame_count / self.format.rate


def read_wav(path: Path, header_only: bool = False) -> WavAudio:
    """A WAV file's format and frames (``wave.Error``, ``EOFError`` or
    ``OSError`` when it is not a readable one)."""
    with wave.open(str(path), "rb") as wav:
        found = WavFormat(wav.getnchannels(), wav.getframerate(), wav.getsampwidth() * 8)
        count = wav.getnframes()
        return WavAudio(found, count, b"" if header_only else wav.readframes(count))


def read_wav_samples(path: Path, as_float: bool = False):
    """(mono samples, sample rate) of a 16-bit PCM WAV, channels averaged:
    int16, or with ``as_float`` float32 in -1..1. ValueError for another
    sample width."""
    import numpy as np

    audio = read_wav(path)
    if audio.format.bits != 16:
        raise ValueError("not a 16-bit PCM WAV")
    samples = np.frombuffer(audio.frames, dtype="<i2")
    channels = audio.format.channels
    if as_float:
        samples = samples.astype(np.float32)
        if channels > 1:
            samples = samples.reshape(-1, channels).mean(axis=1)
        return samples / 32768.0, audio.format.rate
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1).astype("<i2")
    return samples, audio.format.rate


@contextmanager
def wav_writer(target, rate: int):
    """A ``wave`` writer of 16-bit mono at ``rate`` onto ``target`` (a path,
    or an open binary file the caller keeps, as the recorder does to flush
    every block)."""
    with wave.open(target if hasattr(target, "write") else str(target), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        yield wav


def write_wav(path: Path, frames: bytes, rate: int) -> Path:
    """A whole 16-bit mono WAV file of ``frames``."""
    with wav_writer(path, rate) as wav:
        wav.writeframes(frames)
    return path


def read_format(header: bytes, path: Path) -> WavFormat:
    """The format of a header this program wrote (44 bytes, PCM, as the
    ``wave`` module writes); ValueError for anything else."""
    if len(header) < HEADER_BYTES or header[:4] != b"RIFF" or header[8:16] != b"WAVEfmt " \
            or header[36:40] != b"data":
        raise ValueError(f"{path} is not a PCM WAV written by voice-interview")
    channels, rate = struct.unpack("<HI", header[22:28])
    bits = struct.unpack("<H", header[34:36])[0]
    return WavFormat(channels, rate, bits)


def whole_frame_bytes(file_bytes: int, wav: WavFormat) -> int:
    """The data bytes, in whole frames, of a file of ``file_bytes`` bytes:
    what it really holds, whatever its header says."""
    return max(file_bytes - HEADER_BYTES, 0) // wav.frame_bytes * wav.frame_bytes


def repair_wav(path: Path) -> float:
    """Make a WAV whose writer died readable again: set the RIFF and data
    sizes from the file's real length (whole frames only). Returns its
    duration in seconds. Only files this program wrote are repaired."""
    with open(path, "r+b") as handle:
        wav = read_format(handle.read(HEADER_BYTES), path)
        data_bytes = whole_frame_bytes(os.fstat(handle.fileno()).st_size, wav)
        handle.truncate(HEADER_BYTES + data_bytes)
        handle.seek(4)
        handle.write(struct.pack("<I", 36 + data_bytes))
        handle.seek(DATA_SIZE_AT)
        handle.write(struct.pack("<I", data_bytes))
    return data_bytes / wav.frame_bytes / wav.rate


class GrowingWav:
    """A WAV file the recorder is still writing.

    The recorder (``wave`` module) writes the header with the first block,
    then writes each block and only then patches the header's data size: a
    reader can always catch the header lagging. So the length comes from the
    file's size, in whole frames, as ``repair_wav`` takes it, and the file
    is read unbuffered: a buffered reader keeps serving the copy of the
    header it read first (issue 16: a recording read as 0.1 s long). A file
    already there when this starts (an interrupted answer being recorded
    again) is stale until it is rewritten."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.format: WavFormat | None = None
        self._stale = _signature(path)
        self._handle = None
        self._read_bytes = 0

    def read_new(self) -> bytes | None:
        """The whole frames written since the last call (possibly none), or
        None while the file or its header is not there yet."""
        if self._handle is None and not self._open():
            return None
        written = whole_frame_bytes(os.fstat(self._handle.fileno()).st_size, self.format)
        if written <= self._read_bytes:
            return b""
        self._handle.seek(HEADER_BYTES + self._read_bytes)
        data = self._handle.read(written - self._read_bytes)
        data = data[: len(data) // self.format.frame_bytes * self.format.frame_bytes]
        self._read_bytes += len(data)
        return data

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()

    def _open(self) -> bool:
        if self._stale is not None:
            if _signature(self.path) == self._stale:
                return False
            self._stale = None
        try:
            handle = open(self.path, "rb", buffering=0)
        except FileNotFoundError:
            return False
        header = handle.read(HEADER_BYTES)
        if len(header) < HEADER_BYTES:
            handle.close()
            return False
        try:
            self.format = read_format(header, self.path)
        except ValueError:
            handle.close()
            raise
        self._handle = handle
        return True


def _signature(path: Path) -> tuple[int, int, int] | None:
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return status.st_ino, status.st_size, status.st_mtime_ns
