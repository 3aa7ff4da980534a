"""``voice-interview export`` and ``voice-interview import``."""

from __future__ import annotations

from pathlib import Path

import click

from voice_interview.outputs import sharing
from voice_interview.errors import StorageError
from voice_interview.records.privatefile import private_atomic

FORMATS = ("md", "json", "srt", "vtt", "zip")


@click.command()
@click.argument("session_ref", metavar="SESSION")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), required=True, help="What to write.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write (default: <session id>.<format> here; md/json/srt/vtt may use - for stdout).")
@click.option("--audio-format", type=click.Choice(sharing.AUDIO_FORMATS), default="wav", show_default=True,
              help="Audio inside a zip archive.")
def export(session_ref, fmt, output, audio_format):
    """Export a session to share it: a Markdown review document, JSON,
    subtitles of the answers (SRT/VTT), or a portable zip with the audio.

    SESSION is a session id (see `voice-interview sessions`) or 'latest'.
    Subtitles lay the answers back to back in question order, as if the
    answer files were played one after another.

    \b
    Examples:
      voice-interview export latest --format md -o review.md
      voice-interview export latest --format zip --audio-format flac
      voice-interview export latest --format vtt -o -
    """
    from voice_interview.analysis.history import load_analysed

    session = load_analysed(session_ref)
    target = output or Path(f"{session.id}.{fmt}")
    if fmt == "zip":
        if str(target) == "-":
            raise click.UsageError("a zip archive needs a file: pass -o FILE.zip")
        left_out = sharing.unpackable_audio(session)
        try:
            sharing.write_archive(session, target, audio_format)
        except OSError as exc:
            raise StorageError(f"could not write {target} ({exc.strerror})") from None
        packed = len(sharing.audio_files(session)) - len(left_out)
        if left_out:
            click.echo(f"Warning: {len(left_out)} audio file{'s' if len(left_out) > 1 else ''} of session "
                       f"{session.id} not packed: {'; '.join(left_out)}. The rest is in the archive.", err=True)
        click.echo(f"Exported session {session.id} with {packed} audio file{'' if packed == 1 else 's'} to {target}")
        return
    text = _render(session, fmt)
    if str(target) == "-":
        click.echo(text, nl=False)
        return
    try:
        with private_atomic(target, "w") as handle:
            handle.write(text)
    except OSError as exc:
        raise StorageError(f"could not write {target} ({exc.strerror})") from None
    click.echo(f"Exported session {session.id} to {target}")


def _render(session, fmt: str) -> str:
    if fmt == "md":
        from voice_interview.analysis.render import analysis_markdown

        return sharing.to_markdown(session, analysis_markdown)
    return {"json": sharing.to_json, "srt": sharing.to_srt, "vtt": sharing.to_vtt}[fmt](session)


@click.command(name="import")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a session with the same id.")
def import_(archive, force):
    """Import a session archive made by `voice-interview export --format zip`.

    Archives with absolute or '..' paths are refused; so is a session id that
    already exists here, unless --force.

    \b
    Example:
      voice-interview import 20261126-093000-ab12.zip
    """
    session = sharing.import_archive(archive, force=force)
    click.echo(f"Imported session {session.id} ({len(session.answers)} answers). "
               f"See it: voice-interview show {session.id}")
