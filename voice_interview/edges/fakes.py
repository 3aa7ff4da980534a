"""Test doubles for the four edges: they record what they were asked and
replay queued answers. Pure standard library, no audio hardware."""

from __future__ import annotations

import dataclasses
from collections import deque
from pathlib import Path

from voice_interview.edges.base import Monitor, Recording, RecordingLimits
from voice_interview.edges.live_policy import WHOLE_FILE
from voice_interview.errors import NoInputDeviceError
from voice_interview.records.session import Segment, Transcript, Word
from voice_interview.records.wavfile import SAMPLE_RATE, write_wav


def write_silence(path: Path, seconds: float, rate: int = SAMPLE_RATE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_wav(path, b"\0\0" * int(seconds * rate), rate)


class FakeSpeaker:
    def __init__(self, seconds_per_word: float = 0.05) -> None:
        self.rendered: list[tuple[str, str]] = []
        self._seconds_per_word = seconds_per_word

    def render(self, text: str, language: str, dest: Path) -> Path:
        self.rendered.append((text, language))
        return write_silence(dest, max(0.1, len(text.split()) * self._seconds_per_word))


class FakePlayer:
    def __init__(self, available: bool = True) -> None:
        self.played: list[Path] = []
        self._available = available

    def available(self) -> bool:
        return self._available

    def play(self, path: Path) -> None:
        self.played.append(path)


class FakeRecorder:
    """Each ``record`` writes the next queued duration of silence.

    ``enqueue(seconds, stopped_by)``; ``monitor_ticks`` records the monitor
    calls so tests can check the timer was driven."""

    def __init__(self, has_device: bool = True) -> None:
        self._queue: deque[tuple[float, str]] = deque()
        self.has_device = has_device
        self.limits: list[RecordingLimits] = []
        self.monitor_ticks: list[tuple[float, float]] = []

    def enqueue(self, seconds: float, stopped_by: str = "enter") -> None:
        self._queue.append((seconds, stopped_by))

    def check(self) -> None:
        if not self.has_device:
            raise NoInputDeviceError("no microphone found (fake)")

    def record(self, dest: Path, limits: RecordingLimits, monitor: Monitor) -> Recording:
        self.check()
        seconds, stopped_by = self._queue.popleft() if self._queue else (1.0, "enter")
        self.limits.append(limits)
        write_silence(dest, seconds)
        for tick in range(int(seconds * 10)):
            self.monitor_ticks.append((tick / 10, -30.0))
            monitor(tick / 10, -30.0)
        return Recording(path=dest, duration_s=seconds, stopped_by=stopped_by)


class FakeTranscriber:
    """Replays queued texts as transcripts, one word every 0.4 s.

    Like Whisper's, it transcribes while the answer is recorded: the core
    gets a ``FakeLiveTranscription`` from ``start_live`` (all of them are
    kept in ``live``), unless it was made with ``live=False``, a transcriber
    that cannot stream. ``transcribed`` lists the files transcribed whole."""

    name = "fake"

    def __init__(self, live: bool = True) -> None:
        self._queue: deque[tuple[str, BaseException | None]] = deque()
        self._streams = live
        self.prepared = False
        self.transcribed: list[Path] = []
        self.live: list[FakeLiveTranscription] = []

    def enqueue(self, text: str, live_error: BaseException | None = None) -> None:
        """``text`` is the next answer's transcript. ``live_error`` goes
        wrong in that answer's live transcription: an ``Exception`` makes it
        fall back to the whole file, as LiveWhisperTranscription does; a
        ``KeyboardInterrupt`` (Ctrl-C while transcribing) comes out of finish()."""
        self._queue.append((text, live_error))

    def prepare(self) -> None:
        self.prepared = True

    def transcribe(self, audio: Path, language: str, progress=None) -> Transcript:
        self.transcribed.append(audio)
        return self._transcript(self._next()[0], language)

    def start_live(self, audio: Path, language: str) -> FakeLiveTranscription | None:
        if not self._streams:
            return None
        live = FakeLiveTranscription(self, audio, language)
        self.live.append(live)
        return live

    def _next(self) -> tuple[str, BaseException | None]:
        return self._queue.popleft() if self._queue else ("", None)

    def _transcript(self, text: str, language: str) -> Transcript:
        words = [Word(0.5 + 0.4 * i, 0.8 + 0.4 * i, w) for i, w in enumerate(text.split())]
        segments = [Segment(words[0].start_s, words[-1].end_s, text, words)] if words else []
        end_s = words[-1].end_s if words else 0.0
        return Transcript(text, language, segments, 0.01, end_s, self.name)


class FakeLiveTranscription:
    """What ``FakeTranscriber.start_live`` returns: finish() replays the
    transcriber's next queued text; ``finished`` and ``cancelled`` say
    which the core called."""

    def __init__(self, transcriber: FakeTranscriber, audio: Path, language: str) -> None:
        self._transcriber = transcriber
        self.audio = audio
        self.language = language
        self.finished = False
        self.cancelled = False
        self._committed = ""

    @property
    def committed_text(self) -> str:
        return self._committed

    def cancel(self) -> None:
        self.cancelled = True

    def finish(self, recording: Recording, progress=None) -> Transcript:
        self.finished = True
        text, error = self._transcriber._next()
        if error is not None and not isinstance(error, Exception):
            raise error
        if error is not None:
            self._transcriber.transcribed.append(recording.path)
            return dataclasses.replace(self._transcriber._transcript(text, self.language), live_fallback=WHOLE_FILE)
        self._committed = text
        return self._transcriber._transcript(text, self.language)


class ClockPlayback:
    """A playback whose position follows a clock the test advances; it
    records every position it reported."""

    def __init__(self, duration_s: float, clock) -> None:
        self._duration_s = duration_s
        self._clock = clock
        self._started = clock()
        self._paused_at: float | None = None
        self.stopped = False

    def position_s(self) -> float:
        now = self._paused_at if self._paused_at is not None else self._clock()
        return min(self._duration_s, now - self._started)

    def duration_s(self) -> float:
        return self._duration_s

    def pause(self) -> None:
        self._paused_at = self._clock()

    def resume(self) -> None:
        if self._paused_at is not None:
            self._started += self._clock() - self._paused_at
            self._paused_at = None

    def finished(self) -> bool:
        return self.stopped or self.position_s() >= self._duration_s

    def stop(self) -> None:
        self.stopped = True
