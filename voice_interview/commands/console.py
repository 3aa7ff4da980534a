"""The terminal side of an interview: the ``InterviewUI`` the CLI passes to
the core. Timer, level meter, Enter-to-stop and the retake prompt appear
only on a terminal; in a pipe nothing waits for a key. Keys typed before a
phase begins (while a question is read, or an answer transcribed) are
dropped when it begins, so they cannot end it."""

from __future__ import annotations

import textwrap

from typing import TYPE_CHECKING

import click

from voice_interview.commands.terminal import CLEAR_LINE, StatusLine, fit
from voice_interview.records.timefmt import running_clock

if TYPE_CHECKING:  # only annotations: `questions` should not load the session model
    from voice_interview.commands.environment import Environment
    from voice_interview.edges.base import Monitor, RecordingLimits
    from voice_interview.records.session import Answer, FollowUp

__all__ = ["ConsoleUI", "meter", "wrap"]

METER_CELLS = 12
METER_FLOOR_DBFS = -60.0
ENTER = ("\n", "\r")


def wrap(text: str, indent: str = "  ", width: int = 78) -> str:
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    return "\n\n".join(
        textwrap.fill(" ".join(p.split()), width=width, initial_indent=indent, subsequent_indent=indent)
        for p in paragraphs
    )


def meter(level_dbfs: float, cells: int = METER_CELLS) -> str:
    fraction = min(1.0, max(0.0, (level_dbfs - METER_FLOOR_DBFS) / -METER_FLOOR_DBFS))
    filled = round(fraction * cells)
    return "▮" * filled + "▯" * (cells - filled)


class ConsoleUI:
    """Reads keys, the clock and what the terminal can take from ``env``."""

    def __init__(self, env: Environment, interactive: bool | None = None) -> None:
        self._env = env
        self._stdin = env.stdin
        self._clock = env.clock
        self.interactive = env.stdin_isatty if interactive is None else interactive
        self.live = env.redraw  # lines redrawn in place
        self.plain = env.stdout_isatty and not self.live  # TERM=dumb: each line once
        self._keys = env.keys

    def _width(self) -> int:
        return min(78, self._env.columns() - 1)

    def _fit(self, *candidates: str) -> str:
        return fit(*candidates, width=self._env.columns())

    def notice(self, message: str) -> None:
        click.echo(f"Note: {message}", err=True)

    def question(self, answer: Answer, total: int) -> None:
        q = answer.question
        take = f" · take {len(answer.attempts) + 1}" if answer.attempts else ""
        click.echo()
        self._env.secho(f"Question {answer.index}/{total} · {q.category_name} · #{q.number}{take}", bold=True)
        click.echo(wrap(q.text, width=self._width()))

    def think(self, seconds: float) -> None:
        self._keys.flush()
        hint = self.interactive
        if self.plain:
            click.echo(f"  Think time: {running_clock(seconds)}" + ("  (Enter to answer now)" if hint else ""))
        end = self._clock.monotonic() + seconds
        while (left := end - self._clock.monotonic()) > 0:
            if self.live:
                t = running_clock(left + 0.99)
                line = self._fit(*([f"  Think time: {t}  (Enter to answer now)",
                                    f"  Think: {t} (Enter: answer)"] * hint), f"  Think: {t}", f"  {t}")
                click.echo(CLEAR_LINE + line, nl=False)
            if self._enter_pressed(min(0.2, left)):
                break
        if self.live:
            click.echo(CLEAR_LINE, nl=False)

    def recording_monitor(self, limits: RecordingLimits) -> Monitor:
        self._keys.flush()  # Enter pressed while the question was read is not a stop
        self._keys.echo(False)
        limit = f" / {running_clock(limits.max_answer_s)}" if limits.max_answer_s else ""
        hint = self.interactive
        if self.plain:
            click.echo("  ● Recording" + (" — Enter to stop" if hint else ""))
        last_draw = [0.0]

        def monitor(elapsed_s: float, level_dbfs: float) -> bool:
            now = self._clock.monotonic()
            if self.live and now - last_draw[0] >= 0.1:
                last_draw[0] = now
                head = f"  ● REC {running_clock(elapsed_s)}"
                line = self._fit(*([f"{head}{limit}  {meter(level_dbfs)}  Enter to stop"] * hint),
                           f"{head}{limit}  {meter(level_dbfs)}", f"{head} {meter(level_dbfs, 6)}", head)
                click.echo(CLEAR_LINE + line, nl=False)
            return self._enter_pressed(0)

        return monitor

    def waiting(self, label: str, total_s: float | None = None) -> StatusLine:
        self._keys.echo(True)
        if self.live:
            click.echo(CLEAR_LINE, nl=False)  # the REC line gives way to the status line
        return StatusLine(label, total_s, self._env)

    def _enter_pressed(self, timeout_s: float) -> bool:
        if not self.interactive:
            if timeout_s:
                self._clock.sleep(timeout_s)
            return False
        return any(key in self._keys.read(timeout_s) for key in ENTER)

    def typed_answer(self, answer: Answer) -> str | None:
        if self.interactive:
            click.echo("  Type your answer, then Enter:")
        line = self._stdin.readline()
        return line.rstrip("\n") if line else None

    def answered(self, answer: Answer) -> None:
        self._keys.echo(True)
        if self.live:
            click.echo(CLEAR_LINE, nl=False)
        transcript = answer.transcript
        if transcript is None:
            return
        if answer.answer_audio_duration_s is not None:
            click.echo(wrap(
                f"Answer: {answer.answer_audio_duration_s:.1f} s of audio (stopped: {answer.stopped_by}), "
                f"transcribed in {transcript.transcription_time_s:.2f} s", width=self._width()
            ))
        self._env.secho("  Transcript:", fg="cyan")
        click.echo(wrap(transcript.text or "(no speech heard)", indent="    ", width=self._width()))
        if answer.analysis:
            from voice_interview.analysis.render import headline

            click.echo(wrap(headline(answer.analysis), indent="  ", width=self._width()))

    def offer_retake(self, answer: Answer, last: bool) -> bool:
        """On a terminal: Enter goes on, r records the answer again."""
        if not self.interactive or not self._keys.tty:
            return False
        then = "finish" if last else "next question"
        prompt = self._fit(f"  Enter: {then} · r: retake this answer", f"  Enter: {then} · r: retake", "  Enter · r")
        # Into single keys before the prompt shows: a key pressed the moment
        # it appears is then read, not lost to the mode switch.
        with self._keys.single_keys():
            self._keys.flush()
            click.echo(prompt, nl=False)
            while True:
                keys = self._keys.read(1.0)
                if "r" in keys.lower():
                    click.echo(" → retake")
                    return True
                if any(key in keys for key in ENTER):
                    click.echo()
                    return False

    def follow_up(self, answer: Answer, follow_up: FollowUp) -> None:
        click.echo()
        heading = wrap(f"Follow-up on question {answer.index} · {follow_up.point}", indent="", width=self._width())
        self._env.secho(heading, bold=True)
        click.echo(wrap(follow_up.text, width=self._width()))

    def follow_up_answered(self, answer: Answer, follow_up: FollowUp) -> None:
        self._keys.echo(True)
        if self.live:
            click.echo(CLEAR_LINE, nl=False)
        if follow_up.transcript is None:
            return
        self._env.secho("  Transcript:", fg="cyan")
        click.echo(wrap(follow_up.transcript.text or "(no speech heard)", indent="    ", width=self._width()))

    def continue_after_interrupt(self) -> bool:
        if not self.interactive:
            return False
        try:
            return click.confirm("\nAnswer kept. Go on to the next question?", default=True)
        except click.Abort:  # a second Ctrl-C at the question
            return False
