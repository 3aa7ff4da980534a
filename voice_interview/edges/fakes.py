"""Test doubles for the four edges: they record what they were asked and
replay queued answers. Pure standard library, no audio hardware."""

from __future__ import annotations

import contextlib
import dataclasses
from collections import deque
from pathlib import Path

from voice_interview.edges.base import FAKE_MODEL, Monitor, Recording, RecordingLimits
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

    def __init__(self, has_device: bool = True, clock: FakeClock | None = None) -> None:
        """With a ``clock``, each recording takes its time on it (0.1 s a
        monitor tick) and stops as a real one does: when the monitor says
        so (Enter), or at a Ctrl-C."""
        self._queue: deque[tuple[float, str]] = deque()
        self.has_device = has_device
        self.clock = clock
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
        if self.clock is not None:
            seconds, stopped_by = self._record_in_time(seconds, stopped_by, monitor)
        write_silence(dest, seconds)
        for tick in range(int(seconds * 10) if self.clock is None else 0):
            self.monitor_ticks.append((tick / 10, -30.0))
            monitor(tick / 10, -30.0)
        return Recording(path=dest, duration_s=seconds, stopped_by=stopped_by)

    def _record_in_time(self, seconds: float, stopped_by: str, monitor: Monitor) -> tuple[float, str]:
        started = self.clock.monotonic()
        while (elapsed := round(self.clock.monotonic() - started, 3)) < seconds:
            self.monitor_ticks.append((elapsed, -30.0))
            try:
                if monitor(elapsed, -30.0):
                    return elapsed, "enter"
            except KeyboardInterrupt:  # the real loop takes Ctrl-C as a stop, too
                return elapsed, "interrupted"
            self.clock.sleep(0.1)
        return seconds, stopped_by


class FakeTranscriber:
    """Replays queued texts as transcripts, one word every 0.4 s.

    Like Whisper's, it transcribes while the answer is recorded: the core
    gets a ``FakeLiveTranscription`` from ``start_live`` (all of them are
    kept in ``live``), unless it was made with ``live=False``, a transcriber
    that cannot stream. ``transcribed`` lists the files transcribed whole."""

    name = FAKE_MODEL

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


class FakeClock:
    """A clock that moves only when slept on: ``monotonic()`` and ``sleep()``
    as ``Environment.clock`` wants them; called, the time (for ``ClockPlayback``)."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now = round(self.now + seconds, 6)


INTERRUPT = "\x03"  # a scripted Ctrl-C


class ScriptedKeys:
    """The keys of ``terminal.Keys``, typed at given times of a ``FakeClock``:
    ``{seconds: text}``. Reading waits on the clock; ``flush()`` drops what
    was typed by then (``dropped`` keeps it), as the terminal's flush drops
    type-ahead; ``INTERRUPT`` raises KeyboardInterrupt, as Ctrl-C would."""

    GIVE_UP_S = 3600.0  # a script that never types the key awaited fails, not hangs

    def __init__(self, clock: FakeClock, presses: dict[float, str] | None = None, tty: bool = True) -> None:
        self.clock = clock
        self.tty = tty
        self._pending = sorted((presses or {}).items())
        self.dropped: list[str] = []
        self.echoing = True

    def echo(self, on: bool) -> None:
        self.echoing = on

    def flush(self) -> None:
        while self._pending and self._pending[0][0] <= self.clock.now:
            self.dropped.append(self._pending.pop(0)[1])

    def _next(self, timeout_s: float) -> str | None:
        if self.clock.now > self.GIVE_UP_S:
            raise AssertionError(f"waited {self.GIVE_UP_S:.0f} s for a key the script does not type")
        if self._pending and self._pending[0][0] <= self.clock.now + timeout_s:
            self.clock.now = max(self.clock.now, self._pending[0][0])
            text = self._pending.pop(0)[1]
            if text == INTERRUPT:
                raise KeyboardInterrupt
            return text
        self.clock.sleep(timeout_s)
        return None

    def read(self, timeout_s: float) -> str:
        return self._next(timeout_s) or ""

    def read_key(self, timeout_s: float) -> str | None:
        return self._next(timeout_s)

    @contextlib.contextmanager
    def single_keys(self):
        yield
