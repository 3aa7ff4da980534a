"""``voice-interview sessions`` and ``voice-interview show``."""

from __future__ import annotations

import click

from voice_interview.records import indexes
from voice_interview.commands.options import echo_json, json_option
from voice_interview.errors import BadInputError
from voice_interview.outputs.views import answer_lines, color_choice, header_lines, session_json


def question_option(func):
    return click.option(
        "--question", "-q", "question", type=click.IntRange(min=1), metavar="N",
        help="Only the Nth question of the session.",
    )(func)


def pick_answers(session, question: int | None):
    if question is None:
        return session.answers
    chosen = [a for a in session.answers if a.index == question]
    if not chosen:
        raise BadInputError(
            f"session {session.id} has {len(session.answers)} answers; pick --question 1 to {len(session.answers)}"
        )
    return chosen


@click.command()
@json_option
def sessions(as_json):
    """List saved sessions, newest first.

    \b
    Examples:
      voice-interview sessions
      voice-interview sessions --json
    """
    summaries = indexes.session_summaries()
    if as_json:
        echo_json(summaries)
        return
    if not summaries:
        click.echo("No saved sessions yet. Try `voice-interview demo` or `voice-interview run`.")
        return
    click.echo(f"{'SESSION':<21} {'STARTED':<17} {'LANG':<4} {'ANSWERED':>8} {'SPEECH':>7}  CATEGORIES")
    for s in summaries:
        if s["status"] == "damaged":
            click.echo(f"{s['id']:<21} (damaged record: `voice-interview show {s['id']}` says why)")
            continue
        started = s["started_at"][:16].replace("T", " ")
        answered = f"{s['answered']}/{s['questions']}"
        click.echo(
            f"{s['id']:<21} {started:<17} {s['language']:<4} {answered:>8} "
            f"{s['speaking_time_s']:>6.0f}s  {', '.join(s['categories'])}"
        )


@click.command()
@click.argument("session_ref", metavar="SESSION")
@question_option
@json_option
def show(session_ref, question, as_json):
    """Show a session: each question beside its guidance, the transcript,
    the timings, the speech metrics and the coach's scores.

    SESSION is a session id (see `voice-interview sessions`) or 'latest'.

    \b
    Examples:
      voice-interview show latest
      voice-interview show 20261126-093000-ab12 --question 2
      voice-interview show latest --json
    """
    from voice_interview.analysis.history import load_analysed
    from voice_interview.analysis.render import analysis_lines

    session = load_analysed(session_ref)
    answers = pick_answers(session, question)
    if as_json:
        data = session_json(session)
        if question is not None:
            data["answers"] = [a for a in data["answers"] if a["index"] == question]
        echo_json(data)
        return
    for line in header_lines(session):
        click.echo(line)
    for answer in answers:
        click.echo()
        for line in answer_lines(session, answer, analysis_lines(answer.analysis) if answer.analysis else None):
            click.echo(line, color=color_choice())
