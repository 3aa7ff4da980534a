"""The interfaces between the interview core and the outside world."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol

from voice_interview.records.session import Transcript

# Called about ten times a second while recording: elapsed seconds of audio,
# input level in dBFS. Returns True to stop (the candidate pressed Enter).
Monitor = Callable[[float, float], bool]
# Called as a transcription advances: seconds of audio done, seconds in all.
Progress = Callable[[float, float], None]


@dataclass(frozen=True)
class RecordingLimits:
    max_answer_s: float | None = 180.0
    silence_stop_s: float | None = None


@dataclass(frozen=True)
class Recording:
    path: Path
    duration_s: float
    stopped_by: str  # enter | silence | max-length | end-of-audio | interrupted


class Speaker(Protocol):
    """Renders text to a WAV file (the session keeps it)."""

    def render(self, text: str, language: str, dest: Path) -> Path: ...


class Player(Protocol):
    """Plays a WAV file to the speaker and returns when it ends.

    ``available()`` is False when there is no output device; the core then
    shows questions as text only."""

    def available(self) -> bool: ...

    def play(self, path: Path) -> None: ...


class Recorder(Protocol):
    """Records one answer into ``dest`` (a WAV file, streamed to disk)."""

    def check(self) -> None:
        """Raise ``NoInputDeviceError`` if recording cannot start."""

    def record(self, dest: Path, limits: RecordingLimits, monitor: Monitor) -> Recording: ...


class LiveTranscription(Protocol):
    """Transcription that runs while the answer is being recorded
    (``Transcriber.start_live``). The core ends each one it starts with
    ``finish()``, or ``cancel()`` when the recording or the transcript fails."""

    @property
    def committed_text(self) -> str:
        """The text so far that will not change any more."""

    def finish(self, recording: Recording, progress: Progress | None = None) -> Transcript:
        """The final transcript, once the recording has stopped."""

    def cancel(self) -> None:
        """Stop without a transcript (the recording failed); returns once
        any background work has stopped."""


class Transcriber(Protocol):
    name: str

    def prepare(self) -> None:
        """Load the model; the core calls this early, in the background."""

    def transcribe(self, audio: Path, language: str, progress: Progress | None = None) -> Transcript: ...

    def start_live(self, audio: Path, language: str) -> LiveTranscription | None:
        """Start transcribing ``audio`` while the recorder is still writing it
        (a WAV file that grows block by block); None from a transcriber that
        cannot: the core then calls ``transcribe()`` once the answer is recorded."""
