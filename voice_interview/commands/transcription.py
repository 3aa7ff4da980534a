"""``voice-interview transcribe`` and ``voice-interview retranscribe``."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click

from voice_interview.records import locks
from voice_interview.records import store
from voice_interview.commands.options import (
    device_option,
    echo_json,
    json_option,
    language_option,
    model_option,
)
from voice_interview.commands.environment import current_environment
from voice_interview.commands.terminal import StatusLine


@click.command()
@click.argument("audio", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@model_option
@device_option
@language_option
@json_option
def transcribe(audio, model, device, language, as_json):
    """Transcribe an audio file (WAV, FLAC, MP3, OGG) on this machine, with
    word timings.

    \b
    Examples:
      voice-interview transcribe answer.wav
      voice-interview transcribe answer.mp3 --json
    """
    from voice_interview.edges.audiofile import load_audio

    env = current_environment()
    transcriber = env.transcriber(model, language, device=device)
    load_audio(audio)  # a clear error for a file that is not audio, before the model loads
    with StatusLine("Transcribing", None, env) as progress:
        transcript = transcriber.transcribe(audio, language, progress=progress)
    if as_json:
        echo_json({"audio": str(audio), **asdict(transcript)})
        return
    click.echo(transcript.text or "(no speech heard)")


@click.command()
@click.argument("session_ref", metavar="SESSION")
@model_option
@device_option
def retranscribe(session_ref, model, device):
    """Transcribe a session's recorded answers again, e.g. with a larger
    model. The session is saved after every answer.

    SESSION is a session id (see `voice-interview sessions`) or 'latest'.

    \b
    Examples:
      voice-interview retranscribe latest --model base
      voice-interview retranscribe 20261126-093000-ab12 --model small.en
    """
    from voice_interview.core.retranscribe import retranscribe as retranscribe_session

    env = current_environment()
    session_id = store.resolve_session_id(session_ref)
    click.get_current_context().with_resource(locks.session_writer(session_id))
    session = store.load_session(session_id)
    transcriber = env.transcriber(model, session.language, device=device)
    recorded = retranscribe_session(
        session, transcriber,
        waiting=lambda answer: StatusLine(f"Answer {answer.index}: transcribing", answer.answer_audio_duration_s, env),
        done=lambda answer: click.echo(f"Answer {answer.index}: {answer.transcript.text or '(no speech heard)'}"),
    )
    click.echo(f"Retranscribed {len(recorded)} answers of session {session.id} with {transcriber.name}.")
