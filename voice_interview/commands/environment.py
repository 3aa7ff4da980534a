"""What a command runs in: its streams and whether each is a terminal, what
the terminal can take, the data folder, a clock, the keys, and the edges
(httpie's ``Environment``). ``cli.py`` builds one per run from the real
system; tests build one with fake edges, a fake clock and scripted keys,
and pass it as ``obj`` to ``CliRunner.invoke``.

The edge factories import their heavy libraries only when called, so
building an environment loads no PortAudio, eSpeak or CTranslate2."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, TextIO

import click

from voice_interview.commands import terminal


@dataclass
class Clock:
    monotonic: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep


def _speaker():
    from voice_interview.edges.tts import Pyttsx3Speaker

    return Pyttsx3Speaker()


def _player():
    from voice_interview.edges.sound import SpeakerPlayer

    return SpeakerPlayer()


def _recorder():
    from voice_interview.edges.sound import MicrophoneRecorder

    return MicrophoneRecorder()


def _transcriber(model: str | None, language: str, device: str = "cpu"):
    from voice_interview.edges.whisper import WhisperTranscriber

    return WhisperTranscriber(model, language, device=device)


def _playback(path: Path):
    from voice_interview.edges.sound import StreamPlayback

    return StreamPlayback(path)


def _isatty(stream) -> bool:
    return hasattr(stream, "isatty") and stream.isatty()


@dataclass
class Environment:
    stdin: TextIO = field(default_factory=lambda: sys.stdin)
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    stdin_isatty: bool | None = None  # None: asked of the stream
    stdout_isatty: bool | None = None
    stderr_isatty: bool | None = None
    redraw: bool | None = None  # lines redrawn in place (stdout a terminal, TERM not dumb)
    stderr_redraw: bool | None = None
    colours: bool | None = None  # NO_COLOR and TERM=dumb turn them off
    columns: Callable[[], int] = terminal.columns  # asked each time: a terminal can be resized
    data_dir: Path | None = None
    clock: Clock = field(default_factory=Clock)
    keys: Any = None  # terminal.Keys over stdin, unless given
    speaker: Callable[[], Any] = _speaker
    player: Callable[[], Any] = _player
    recorder: Callable[[], Any] = _recorder
    transcriber: Callable[..., Any] = _transcriber
    playback: Callable[[Path], Any] = _playback  # replay's handle on one playing file

    def __post_init__(self) -> None:
        if self.stdin_isatty is None:
            self.stdin_isatty = _isatty(self.stdin)
        if self.stdout_isatty is None:
            self.stdout_isatty = _isatty(self.stdout)
        if self.stderr_isatty is None:
            self.stderr_isatty = _isatty(self.stderr)
        if self.redraw is None:
            self.redraw = self.stdout_isatty and terminal.term_can_redraw()
        if self.stderr_redraw is None:
            self.stderr_redraw = self.stderr_isatty and terminal.term_can_redraw()
        if self.colours is None:
            self.colours = terminal.colours_on()
        if self.data_dir is None:
            from voice_interview.records.paths import data_dir

            self.data_dir = data_dir()
        if self.keys is None:
            self.keys = terminal.Keys(self.stdin, self.stdin_isatty)

    def secho(self, text: str = "", err: bool = False, nl: bool = True, **styles) -> None:
        """``terminal.secho`` with this environment's colour rule."""
        terminal.secho(text, err=err, nl=nl, colours=self.colours, **styles)


def current_environment() -> Environment:
    """The environment of the running command: the one ``cli`` put in the
    context (or a test passed as ``obj``); a real one outside a command."""
    ctx = click.get_current_context(silent=True)
    env = ctx.find_object(Environment) if ctx is not None else None
    if env is not None:
        return env
    env = Environment()
    if ctx is not None:
        ctx.find_root().obj = env
    return env
