"""``voice-interview run``, ``resume`` and ``demo``."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from voice_interview.records import locks
from voice_interview.records import store
from voice_interview.analysis.history import answer_analyzer
from voice_interview.banks.bank import load_bank
from voice_interview.commands.options import (
    bank_option,
    category_option,
    device_option,
    language_option,
    model_option,
)
from voice_interview.commands.console import ConsoleUI
from voice_interview.commands.environment import Environment, current_environment
from voice_interview.errors import VoiceInterviewError
from voice_interview.core.interview import (
    Edges,
    Interview,
    InterviewSettings,
    choose_questions,
)
from voice_interview.core.resume import Resumption
from voice_interview.records.session import new_session_id
from voice_interview.commands.terminal import secho


def _conduct(interview: Interview) -> None:
    """Start a new interview and run it."""
    session_id = new_session_id()
    # Held from before the first save to the end: no `resume` can slip in between.
    click.get_current_context().with_resource(locks.session_writer(session_id))
    session = interview.start(session_id)
    n = len(interview.questions)
    click.echo(f"Session {session.id}: {n} question{'' if n == 1 else 's'}. Saved after every answer.")
    _carry_on(interview, session)


def _carry_on(interview: Interview, session, redo: int | None = None) -> None:
    """Run an interview; on a failure say which session keeps the answers
    and how to continue it (a Ctrl-C is the core's: ``InterviewStopped``)."""
    try:
        session = interview.run(session, redo=redo)
    except VoiceInterviewError as exc:
        raise type(exc)(
            f"{exc} (session {session.id} keeps the answers so far; "
            f"`voice-interview resume {session.id}` continues it)"
        ) from None
    path = store.session_path(session.id)
    click.echo()
    n = len(session.answered)
    secho(f"Saved session {session.id}: {n} answer{'' if n == 1 else 's'}, {path}", fg="green")
    if session.status != "completed":
        click.echo(f"The input ended early; `voice-interview resume {session.id}` asks the rest.")


def answer_source_options(func):
    func = click.option("--follow-ups", type=click.IntRange(0, 8), default=None, metavar="N",
                        help="Probing follow-up questions after an answer that missed a talking point, "
                             "at most N per question (default 1; 0: none). With --answers-from, "
                             "NAME-follow-up.wav answers the follow-up to NAME.wav.")(func)
    func = click.option("--type", "typed", is_flag=True, help="Type the answers instead of speaking them.")(func)
    func = click.option("--answers-from", type=click.Path(exists=True, file_okay=False, path_type=Path),
                        metavar="DIR",
                        help="Answer audio files (WAV, FLAC, MP3, OGG), one per question, in natural order "
                             "(2.wav before 10.wav); all checked before question 1.")(func)
    return click.option("--no-speak", is_flag=True, help="Do not read the questions aloud.")(func)


def default_follow_ups(ui: ConsoleUI, source: str) -> int:
    """One probing follow-up per question, except for typed answers piped in:
    a script that pipes one line per question keeps working."""
    return 0 if source == "typed" and not ui.interactive else 1


def build_edges(env: Environment, ui: ConsoleUI, questions: list, typed: bool, answers_from: Path | None,
                no_speak: bool, model: str | None, language: str, device: str = "cpu",
                transcriber=None, answered: set[int] | None = None) -> tuple[Edges, str, list]:
    """The environment's edges for an interview; returns them, the answer
    source and the questions that will be asked (fewer when fewer answer
    files). ``answered``: for a resume, the numbers of the questions answered."""
    if typed and answers_from:
        raise click.UsageError("choose one of --type and --answers-from")
    source, recorder = ("typed", None) if typed else ("microphone", env.recorder())
    if answers_from:
        from voice_interview.commands.answer_files import feed_answer_files

        (recorder, questions), source = feed_answer_files(ui, answers_from, questions, answered), "file"
    edges = Edges(
        player=env.player(),
        speaker=None if no_speak else env.speaker(),
        recorder=recorder,
        transcriber=transcriber or (None if typed else env.transcriber(model, language, device=device)),
    )
    return edges, source, questions


@click.command()
@category_option
@click.option("--count", "-n", type=click.IntRange(min=1), help="Ask at most N questions.")
@click.option("--shuffle/--in-order", default=False, show_default=True, help="Question order.")
@click.option("--seed", type=int, hidden=True, help="Shuffle seed (for repeatable tests).")
@click.option("--think-time", type=click.FloatRange(0, 600), default=0, show_default=True,
              metavar="S", help="Seconds to think before recording starts (Enter skips).")
@click.option("--max-answer", type=click.FloatRange(1, 3600), default=180, show_default=True,
              metavar="S", help="Longest answer, in seconds.")
@click.option("--silence-stop", type=click.FloatRange(0, 600), default=0, show_default=True,
              metavar="S", help="Stop an answer after S seconds of silence following speech (0: off).")
@answer_source_options
@model_option
@device_option
@language_option
@bank_option
def run(categories, count, shuffle, seed, think_time, max_answer, silence_stop, follow_ups, no_speak,
        answers_from, typed, model, device, language, bank_path):
    """Run a mock interview: each question is read aloud, your spoken answer is
    recorded (press Enter to stop), transcribed on this machine and saved.

    \b
    Examples:
      voice-interview run --category strategy
      voice-interview run -c goals -c analytics --count 3 --shuffle --think-time 10
      voice-interview run --category strategy --answers-from my-answers/ --no-speak
      voice-interview run --type --no-speak < answers.txt
    """
    env = current_environment()
    ui = ConsoleUI(env)
    bank = load_bank(bank_path, language)
    questions = choose_questions(bank, categories, count, shuffle, seed)
    edges, source, questions = build_edges(env, ui, questions, typed, answers_from, no_speak, model, language, device)
    settings = InterviewSettings(
        language=language,
        think_time_s=think_time,
        max_answer_s=max_answer,
        silence_stop_s=silence_stop or None,
        speak=not no_speak,
        answer_source=source,
        categories=tuple(categories),
        follow_ups=default_follow_ups(ui, source) if follow_ups is None else follow_ups,
    )
    _conduct(Interview(bank, questions, settings, edges, ui, clock=env.clock.monotonic, analyze=answer_analyzer()))


@click.command()
@click.option("--category", "-c", default="strategy", show_default=True, metavar="SLUG",
              help="Category of the demo's questions.")
@click.option("--count", "-n", type=click.IntRange(1, 30), default=3, show_default=True,
              help="How many questions.")
@model_option
@device_option
@language_option
def demo(category, count, model, device, language):
    """A whole interview with a synthetic candidate, offline, no microphone.

    The candidate's answers are spoken with text-to-speech and fed through
    the same recording and transcription path as a real answer; the session
    is saved like any other.

    \b
    Example:
      voice-interview demo --category goals
    """
    from voice_interview.core.demo import answer_text, load_demo_answers
    from voice_interview.edges.audiofile import FileFeedRecorder

    env = current_environment()
    bank = load_bank(None, language)
    questions = choose_questions(bank, (category,), count)
    speaker = env.speaker()
    transcriber = env.transcriber(model, language, device=device)
    scripted = load_demo_answers()
    click.echo(f"Demo: {len(questions)} {category} questions, answered by a synthetic candidate "
               f"(eSpeak NG voice → recording loop → Whisper {transcriber.name}).")
    with tempfile.TemporaryDirectory(prefix="voice-interview-demo-") as tmp:
        recorder = FileFeedRecorder()
        for question in questions:
            dest = Path(tmp) / f"{question.id}.wav"
            recorder.enqueue(speaker.render(answer_text(question, language, scripted), language, dest))
        edges = Edges(player=env.player(), speaker=speaker, recorder=recorder, transcriber=transcriber)
        settings = InterviewSettings(language=language, answer_source="synthetic", categories=(category,))
        _conduct(Interview(bank, questions, settings, edges, ConsoleUI(env, interactive=False),
                           clock=env.clock.monotonic, analyze=answer_analyzer()))


@click.command()
@click.argument("session_ref", metavar="SESSION")
@click.option("--redo", type=click.IntRange(min=1), metavar="N",
              help="Record answer N again first (the earlier take is kept as an attempt).")
@answer_source_options
@model_option
@device_option
def resume(session_ref, redo, follow_ups, no_speak, answers_from, typed, model, device):
    """Continue an interrupted interview: recover the answer that was being
    recorded (up to the moment it stopped), transcribe it, and go on with
    the next question. With --redo N, first retake answer N.

    SESSION is a session id (see `voice-interview sessions`) or 'latest'.
    With --answers-from, a folder with a file for every question (the one
    `run` used) keeps positions: file n answers question n; a folder with
    fewer files answers the open questions in order.

    \b
    Examples:
      voice-interview resume latest
      voice-interview resume 20261126-093000-ab12 --answers-from more-answers/
      voice-interview resume latest --redo 2
    """
    if redo is not None and answers_from:
        raise click.UsageError("--redo records a new take from the microphone (or --type); "
                               "it does not take --answers-from")
    session_id = store.resolve_session_id(session_ref)
    click.get_current_context().with_resource(locks.session_writer(session_id))  # before reading it
    resumption = Resumption.open(session_id, redo)
    if resumption is None:
        click.echo(f"Session {session_id} is complete: nothing to resume.")
        return
    env = current_environment()
    session, ui = resumption.session, ConsoleUI(env)
    typed = resumption.typed(typed, bool(answers_from))
    model = resumption.model(model)
    transcriber = None
    if resumption.needs_transcriber(typed):
        transcriber = env.transcriber(model, session.language, device=device)
    for item in resumption.recover(transcriber, ui):
        what = f"answer {item.index}" if hasattr(item, "index") else f"the follow-up on {item.point!r}"
        click.echo(f"Recovered {what}: {item.answer_audio_duration_s:.1f} s of audio, transcribed.")
    answered = resumption.answered
    edges, source, asked = build_edges(env, ui, resumption.questions, typed, answers_from,
                                       not resumption.speak(no_speak), model,
                                       session.language, device, transcriber, answered)
    interview = resumption.interview(asked, edges, source, follow_ups, default_follow_ups(ui, source), ui,
                                     clock=env.clock.monotonic, analyze=answer_analyzer())
    click.echo(f"Resuming session {session.id}: {len(answered)} of {len(session.question_ids)} answered.")
    _carry_on(interview, session, redo)
