"""What the terminal can take: its width, whether lines may be redrawn in
place and styled, keys read straight from it, and a status line for the
waits on Whisper.

Redrawn lines (``\\r`` then the line) are cut to the terminal's width, else
each redraw wraps and floods the screen. TERM=dumb gets no redraws, only
plain lines; NO_COLOR (https://no-color.org) gets no styles. Status lines
go to stderr and only to a terminal, so ``--json`` and pipes stay clean.
"""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import threading
import time

import click

from voice_interview.records.timefmt import running_clock

CLEAR_LINE = "\r\033[K"
STATUS_TICK_S = 0.25


def columns() -> int:
    return shutil.get_terminal_size((80, 24)).columns


def fit(*candidates: str, width: int | None = None) -> str:
    """The first candidate (longest first) that fits on one line; else the
    last one, cut. One column is kept free: a line that fills the width
    wraps on some terminals."""
    room = (width or columns()) - 1
    for text in candidates:
        if len(text) <= room:
            return text
    return candidates[-1][: max(room, 0)]


def term_can_redraw() -> bool:
    return os.environ.get("TERM") != "dumb"


def colours_on() -> bool:
    return not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def secho(text: str = "", err: bool = False, nl: bool = True, colours: bool | None = None, **styles) -> None:
    """``click.secho`` that leaves the styles out when colours are off:
    ``colours`` as an Environment decided it, else NO_COLOR or TERM=dumb."""
    on = colours_on() if colours is None else colours
    click.echo(click.style(text, **styles) if on and styles else text, err=err, nl=nl)


class Keys:
    """Keys from stdin when it is a terminal, read from its file descriptor
    (a buffered ``readline`` hides a second line from ``select``).

    ``single_keys()`` switches to cbreak mode (no echo, no Enter needed)
    and back; ``flush()`` drops whatever was typed before a phase began."""

    def __init__(self, stream, tty: bool | None = None) -> None:
        self._stream = stream
        self.tty = (hasattr(stream, "isatty") and stream.isatty()) if tty is None else tty
        self._echo_off_from = None  # the settings to restore, while echo is off
        self._restore_at_exit = False

    def echo(self, on: bool) -> None:
        """Turn echo off while recording (an Enter would move the REC line
        down a row) and back on; restored at exit whatever happens."""
        if not self.tty:
            return
        import atexit
        import termios

        fd = self._stream.fileno()
        if not on and self._echo_off_from is None:
            self._echo_off_from = termios.tcgetattr(fd)
            quiet = termios.tcgetattr(fd)
            quiet[3] &= ~termios.ECHO
            termios.tcsetattr(fd, termios.TCSADRAIN, quiet)
            if not self._restore_at_exit:
                atexit.register(self.echo, True)
                self._restore_at_exit = True
        elif on and self._echo_off_from is not None:
            termios.tcsetattr(fd, termios.TCSADRAIN, self._echo_off_from)
            self._echo_off_from = None

    def flush(self) -> None:
        if self.tty:
            import termios

            termios.tcflush(self._stream.fileno(), termios.TCIFLUSH)

    def read(self, timeout_s: float) -> str:
        """What was typed within ``timeout_s`` ("" if nothing)."""
        ready, _, _ = select.select([self._stream], [], [], timeout_s)
        if not ready:
            return ""
        if not self.tty:
            return self._stream.readline() or "\n"
        return os.read(self._stream.fileno(), 64).decode(errors="replace")

    def read_key(self, timeout_s: float) -> str | None:
        """One key pressed within ``timeout_s`` (None if none, or no
        terminal); for use inside ``single_keys()``."""
        if not self.tty:
            select.select([], [], [], timeout_s)
            return None
        ready, _, _ = select.select([self._stream], [], [], timeout_s)
        return self._stream.read(1) if ready else None

    @contextlib.contextmanager
    def single_keys(self):
        if not self.tty:
            yield
            return
        import termios
        import tty

        saved = termios.tcgetattr(self._stream)
        # TCSADRAIN, not setcbreak's default TCSAFLUSH: switching the mode must
        # not drop a key pressed just now (flush() is there to drop old ones).
        tty.setcbreak(self._stream, termios.TCSADRAIN)
        try:
            yield
        finally:
            termios.tcsetattr(self._stream, termios.TCSADRAIN, saved)


class StatusLine:
    """``  Transcribing… 0:07 · 12 s of audio left``, redrawn on stderr while
    the block runs. Used as ``with StatusLine(label, total_s, env) as progress:``; call
    ``progress(done_s, total_s)`` as the work advances."""

    def __init__(self, label: str, total_s: float | None, env) -> None:
        """``env``: the command's ``Environment`` (its stderr, and whether
        that is a terminal that can redraw)."""
        self._label = label
        self._total_s = total_s
        self._done_s: float | None = None
        self._stream = env.stderr
        self._tty = env.stderr_isatty
        self._redraw = env.stderr_redraw
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._started = 0.0

    def __call__(self, done_s: float, total_s: float | None = None) -> None:
        self._done_s = done_s
        if total_s:
            self._total_s = total_s

    def text(self, width: int | None = None) -> str:
        elapsed = running_clock(time.monotonic() - self._started)
        head = f"  {self._label}… {elapsed}"
        if self._total_s and self._done_s is not None:
            left = max(0.0, self._total_s - self._done_s)
            return fit(f"{head} · {left:.0f} s of audio left", f"{head} · {left:.0f} s left", head, width=width)
        if self._total_s:
            return fit(f"{head} · {self._total_s:.0f} s of audio", head, width=width)
        return fit(head, width=width)

    def __enter__(self) -> StatusLine:
        self._started = time.monotonic()
        if self._redraw:
            self._thread = threading.Thread(target=self._draw, name="status-line", daemon=True)
            self._thread.start()
        elif self._tty:  # TERM=dumb: one plain line
            click.echo(f"  {self._label}…", file=self._stream)
        return self

    def __exit__(self, *exc) -> None:
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            click.echo(CLEAR_LINE, file=self._stream, nl=False)

    def _draw(self) -> None:
        while True:
            click.echo(CLEAR_LINE + self.text(), file=self._stream, nl=False)
            if self._stop.wait(STATUS_TICK_S):
                return
