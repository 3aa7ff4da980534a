"""``voice-interview report``: a session as an HTML page."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import click



@click.command()
@click.argument("session_ref", metavar="SESSION")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Where to write the page (default: <session id>.html here).")
@click.option("--open", "open_page", is_flag=True, help="Open the page in your web browser.")
def report(session_ref, output, open_page):
    """Write a session as an HTML page that works offline.

    Per question: the guidance with its talking points ticked or missed,
    the question and answer audio, the transcript highlighting each word as
    it plays (click a word to hear it), a timeline of speech, pauses and
    hesitations, the speech metrics with their bands, and the coach's
    scores and notes.

    SESSION is a session id (see `voice-interview sessions`) or 'latest'.
    The audio is copied into a folder beside the page, `<name>_files/`:
    keep the two together. The page loads nothing from the network.

    \b
    Examples:
      voice-interview report latest --open
      voice-interview report 20261126-093000-ab12 -o review.html
    """
    from voice_interview.analysis.history import load_analysed
    from voice_interview.outputs.report import write_report

    session = load_analysed(session_ref)
    page = write_report(session, output or Path(f"{session.id}.html"))
    click.echo(f"Wrote the report of session {session.id} to {page}")
    if open_page:
        webbrowser.open(page.resolve().as_uri())
