"""The coach's commands: ``replay`` and ``review``."""

from __future__ import annotations

import contextlib
import json
import textwrap

import click

from voice_interview.records import store
from voice_interview.commands.options import echo_json, json_option
from voice_interview.commands.sessions import pick_answers, question_option
from voice_interview.commands.console import wrap
from voice_interview.commands.environment import Environment, current_environment
from voice_interview.errors import BadInputError, DeviceError
from voice_interview.outputs.replay import Replayer, word_window
from voice_interview.records.review import RUBRIC, apply_scores, find_review, set_answer_review
from voice_interview.records.timefmt import running_clock
from voice_interview.commands.terminal import CLEAR_LINE, fit, secho
from voice_interview.outputs.views import answer_lines

WINDOW_WORDS = 6


class ConsoleReplayView:
    """On a terminal: one line, rewritten in place, with the word being
    spoken highlighted; in a pipe: the words printed as they are reached."""

    def __init__(self, env: Environment, live: bool | None = None) -> None:
        self._env = env
        self.live = env.stdout_isatty if live is None else live
        self._shown = -1
        self._streaming = False

    def begin(self, answer, total) -> None:
        q = answer.question
        click.echo()
        self._env.secho(f"Question {answer.index}/{total} · {q.category_name} · #{q.number}", bold=True)
        click.echo(wrap(q.text))
        if self.live:
            click.echo("  keys: space pause/resume · n next · p previous · q quit")

    def part(self, label: str) -> None:
        self._shown = -1
        self._streaming = not self.live and label == "answer"
        click.echo(f"  ▶ {label}" + (": " if self._streaming else ""), nl=not self._streaming)

    def highlight(self, words, index, position_s, duration_s, paused) -> None:
        if self.live:
            state = "⏸" if paused else "⏵"
            head = f"  {state} {running_clock(position_s)}/{running_clock(duration_s)}  "
            columns = self._env.columns()
            room = columns - 1 - len(head)
            plain = [w.word[:room] for w in words]
            shown = [
                click.style(plain[i], reverse=True) if i == index and self._env.colours else plain[i]
                for i in word_window(plain, index, room, WINDOW_WORDS)
            ]
            click.echo(CLEAR_LINE + fit(head, width=columns) + " ".join(shown), nl=False)
            return
        if index is not None and index > self._shown:
            click.echo(" ".join(w.word for w in words[self._shown + 1 : index + 1]) + " ", nl=False)
            self._shown = index

    def end_part(self) -> None:
        if self.live or self._streaming:
            click.echo()


class _OneKey:
    """Replay's key source: one key at a time from the environment's keys."""

    def __init__(self, keys) -> None:
        self._keys = keys

    def read(self, timeout_s: float) -> str | None:
        return self._keys.read_key(timeout_s)


def timed_transcript(session, answers) -> None:
    for answer in answers:
        click.echo()
        secho(f"Question {answer.index}/{len(session.question_ids)} · #{answer.question.number}", bold=True)
        click.echo(wrap(answer.question.text))
        segments = answer.transcript.segments if answer.transcript else []
        if not segments:
            click.echo("  " + ((answer.transcript.text if answer.transcript else "") or "(no speech)"))
        for segment in segments:
            stamp = f"  [{segment.start_s:6.2f}–{segment.end_s:6.2f} s] "
            click.echo(textwrap.fill(segment.text, 79, initial_indent=stamp, subsequent_indent=" " * len(stamp)))


@click.command()
@click.argument("session_ref", metavar="SESSION")
@question_option
def replay(session_ref, question):
    """Replay a session: the question audio, then the answer, with the
    transcript following the playback word by word.

    SESSION is a session id (see `voice-interview sessions`) or 'latest'.
    Keys: space pause/resume, n next question, p previous, q quit. With no
    speaker, it prints the transcript with its timings instead.

    \b
    Examples:
      voice-interview replay latest
      voice-interview replay latest --question 2
    """
    env = current_environment()
    session = store.load_session(session_ref)
    answers = pick_answers(session, question)
    if not env.player().available():
        click.echo("Note: no speaker found: here is the transcript with its timings.", err=True)
        timed_transcript(session, answers)
        return
    with env.keys.single_keys():
        replayer = Replayer(session, env.playback, store.data_path, ConsoleReplayView(env), _OneKey(env.keys))
        try:
            replayer.run(first=answers[0].index, only_one=question is not None)
        except DeviceError as exc:
            click.echo(f"Note: {exc}", err=True)
            timed_transcript(session, answers)


@click.command()
@click.argument("session_ref", metavar="SESSION")
@click.option("--reviewer", "-r", default="coach", show_default=True, help="Your name; each reviewer is kept apart.")
@click.option("--scores", type=click.File("r"), metavar="FILE",
              help='Scores as JSON ("-" for stdin): {"answers": [{"question": 1, "scores": {"structure": 4}, "notes": "..."}]}.')
@question_option
@json_option
def review(session_ref, reviewer, scores, question, as_json):
    """Review a session as a coach: score each answer 1–5 on structure,
    relevance, specificity and delivery, and write notes. Saved with the
    session; run it again to edit. Scores can also come from JSON.

    SESSION is a session id (see `voice-interview sessions`) or 'latest'.

    \b
    Examples:
      voice-interview review latest --reviewer ana
      voice-interview review latest --reviewer ana --scores scores.json
      voice-interview review latest --json
    """
    session = store.load_session(session_ref)
    if as_json and scores is None:
        echo_json({"session": session.id, "rubric": RUBRIC, "reviews": session.reviews})
        return
    if scores is not None:
        try:
            data = json.load(scores)
        except ValueError:
            raise BadInputError(f"{scores.name}: the scores are not valid JSON") from None
        session, count = store.update_record(session.id, lambda saved: apply_scores(saved, reviewer, data))
        if as_json:
            echo_json({"session": session.id, "rubric": RUBRIC, "reviews": session.reviews})
        else:
            click.echo(f"Saved {count} reviewed answers for session {session.id}.")
        return
    if not current_environment().stdin_isatty:
        raise BadInputError("an interactive review needs a terminal; pass --scores FILE to script one")
    _review_interactively(session, reviewer, pick_answers(session, question))


def _review_interactively(session, reviewer: str, answers) -> None:
    click.echo(f"Reviewing session {session.id} as {reviewer}. Enter keeps the value in brackets; "
               "'-' leaves a score out.")
    for answer in answers:
        click.echo()
        for line in answer_lines(session, answer):
            click.echo(line)
        if click.confirm("Replay this answer first?", default=False):
            with contextlib.suppress(DeviceError):
                replay.callback(session.id, answer.index)
        existing = (find_review(session, reviewer) or {"answers": {}})["answers"].get(str(answer.index), {})
        chosen: dict[str, int] = {}
        for name, meaning in RUBRIC.items():
            default = existing.get("scores", {}).get(name)
            while True:
                raw = click.prompt(f"  {name} 1–5 ({meaning})", default=str(default or "-"), show_default=True)
                if raw.strip() == "-":
                    break
                if raw.strip() in {"1", "2", "3", "4", "5"}:
                    chosen[name] = int(raw)
                    break
                click.echo("  Please type a number from 1 to 5, or '-'.")
        notes = click.prompt("  notes", default=existing.get("notes", ""), show_default=False)
        session, _ = store.update_record(
            session.id, lambda saved: set_answer_review(saved, reviewer, answer.index, chosen, notes))
        secho("  saved", fg="green")
