"""``voice-interview doctor``: check the machine, say what to fix."""

from __future__ import annotations

import textwrap
from dataclasses import asdict

import click

from voice_interview.commands.options import echo_json, json_option, language_option
from voice_interview.status import ExitCode

LABEL_WIDTH = 12


@click.command()
@language_option
@click.option("--model", metavar="NAME|PATH",
              help="The Whisper model to check, as `run --model` takes it (default: the bundled one).")
@json_option
def doctor(language, model, as_json):
    """Check that this machine is ready for an interview: the microphone, the
    speaker, the text-to-speech voice for the language, the Whisper model,
    ffmpeg, and free disk space for recordings. Says what is wrong and how
    to fix each; exits 1 when something is wrong. Nothing goes online.

    \b
    Examples:
      voice-interview doctor
      voice-interview doctor --lang nb
      voice-interview doctor --model ./my-whisper-model --json
    """
    from voice_interview.edges.doctor import run_checks

    results = []
    for check in run_checks(language, model):
        results.append(check)
        if not as_json:
            _echo_check(check)
    failed = [c for c in results if not c.ok]
    if as_json:
        echo_json({"ok": not failed, "checks": [asdict(c) for c in results]})
    elif failed:
        click.echo(f"\n{len(failed)} of {len(results)} checks found a problem: see the fixes above.")
    else:
        click.echo("\nAll good: ready for `voice-interview run`.")
    if failed:
        click.get_current_context().exit(ExitCode.ERROR)


def _echo_check(check) -> None:
    mark = click.style("✓", fg="green") if check.ok else click.style("✗", fg="red")
    indent = " " * (LABEL_WIDTH + 3)
    click.echo(f"{mark} {check.name:<{LABEL_WIDTH}} " + _wrap(check.detail, indent, indent)[len(indent):])
    if check.fix:
        click.echo(_wrap(f"fix: {check.fix}", indent, indent + "     "))


def _wrap(text: str, first: str, rest: str) -> str:
    return textwrap.fill(text, 79, initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False)
