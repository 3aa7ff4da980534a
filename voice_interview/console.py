"""The terminal side of an interview: the ``InterviewUI`` the CLI passes to
the core. Timer, level meter and Enter-to-stop appear only on a terminal;
in a pipe nothing waits for a key."""

from __future__ import annotations

import select
import sys
import textwrap
import time

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # only annotations: `questions` should not load the session model
    from voice_interview.edges.base import Monitor, RecordingLimits
    from voice_interview.session import Answer, FollowUp

METER_CELLS = 12
METER_FLOOR_DBFS = -60.0


def wrap(text: str, indent: str = "  ", width: int = 78) -> str:
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    return "\n\n".join(
        textwrap.fill(" ".join(p.split()), width=width, initial_indent=indent, subsequent_indent=indent)
        for p in paragraphs
    )


def clock_text(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def meter(level_dbfs: float) -> str:
    fraction = min(1.0, max(0.0, (level_dbfs - METER_FLOOR_DBFS) / -METER_FLOOR_DBFS))
    filled = round(fraction * METER_CELLS)
    return "▮" * filled + "▯" * (METER_CELLS - filled)


class ConsoleUI:
    def __init__(self, stdin=None, interactive: bool | None = None) -> None:
        self._stdin = stdin or sys.stdin
        stdin_tty = self._stdin.isatty() if hasattr(self._stdin, "isatty") else False
        self.interactive = stdin_tty if interactive is None else interactive
        self.live = sys.stdout.isatty()

    def notice(self, message: str) -> None:
        click.echo(f"Note: {message}", err=True)

    def question(self, answer: Answer, total: int) -> None:
        q = answer.question
        click.echo()
        click.secho(f"Question {answer.index}/{total} · {q.category_name} · #{q.number}", bold=True)
        click.echo(wrap(q.text))

    def think(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            if self.live:
                click.echo(f"\r  Think time: {clock_text(left + 0.99)}  (Enter to answer now) ", nl=False)
            if self._enter_pressed(min(0.2, left)):
                break
        if self.live:
            click.echo("\r" + " " * 50 + "\r", nl=False)

    def recording_monitor(self, limits: RecordingLimits) -> Monitor:
        limit = f" / {clock_text(limits.max_answer_s)}" if limits.max_answer_s else ""
        hint = "  Enter to stop" if self.interactive else ""
        last_draw = [0.0]

        def monitor(elapsed_s: float, level_dbfs: float) -> bool:
            now = time.monotonic()
            if self.live and now - last_draw[0] >= 0.1:
                last_draw[0] = now
                click.echo(f"\r  ● REC {clock_text(elapsed_s)}{limit}  {meter(level_dbfs)}{hint} ", nl=False)
            return self._enter_pressed(0)

        return monitor

    def _enter_pressed(self, timeout_s: float) -> bool:
        if not self.interactive:
            if timeout_s:
                time.sleep(timeout_s)
            return False
        ready, _, _ = select.select([self._stdin], [], [], timeout_s)
        if ready:
            self._stdin.readline()
            return True
        return False

    def typed_answer(self, answer: Answer) -> str | None:
        if self.interactive:
            click.echo("  Type your answer, then Enter:")
        line = self._stdin.readline()
        return line.rstrip("\n") if line else None

    def answered(self, answer: Answer) -> None:
        if self.live:
            click.echo("\r" + " " * 60 + "\r", nl=False)
        transcript = answer.transcript
        if transcript is None:
            return
        if answer.answer_audio_duration_s is not None:
            click.echo(
                f"  Answer: {answer.answer_audio_duration_s:.1f} s of audio (stopped: {answer.stopped_by}), "
                f"transcribed in {transcript.transcription_time_s:.2f} s"
            )
        click.secho("  Transcript:", fg="cyan")
        click.echo(wrap(transcript.text or "(no speech heard)", indent="    "))
        if answer.analysis:
            from voice_interview.analysis.render import headline

            click.echo(wrap(headline(answer.analysis), indent="  "))

    def follow_up(self, answer: Answer, follow_up: FollowUp) -> None:
        click.echo()
        click.secho(f"Follow-up on question {answer.index} · {follow_up.point}", bold=True)
        click.echo(wrap(follow_up.text))

    def follow_up_answered(self, answer: Answer, follow_up: FollowUp) -> None:
        if self.live:
            click.echo("\r" + " " * 60 + "\r", nl=False)
        if follow_up.transcript is None:
            return
        click.secho("  Transcript:", fg="cyan")
        click.echo(wrap(follow_up.transcript.text or "(no speech heard)", indent="    "))

    def continue_after_interrupt(self) -> bool:
        if not self.interactive:
            return False
        return click.confirm("\nAnswer kept. Go on to the next question?", default=True)
