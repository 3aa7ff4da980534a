"""``voice-interview bank``: write, check and import question banks."""

from __future__ import annotations

from pathlib import Path

import click

from voice_interview.commands.options import LANGUAGES, echo_json, json_option
from voice_interview.errors import BankError
from voice_interview.commands.terminal import secho


@click.group()
def bank():
    """Your own question banks: start one from a template, check it, or
    import an article of numbered questions. Use a bank with --bank.

    \b
    Examples:
      voice-interview bank new my-bank.toml
      voice-interview bank check my-bank.toml
      voice-interview run --bank my-bank.toml
      voice-interview bank import article.md -o my-bank.toml --lang nb
    """


@bank.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@json_option
def check(file, as_json):
    """Check a question bank and list every problem, one line each, with its
    line number: FILE:LINE: question N ('id'), field F: what is wrong.
    Exits 0 when the bank is fine, 2 when it has problems.

    \b
    Example:
      voice-interview bank check my-bank.toml
    """
    from voice_interview.banks.check import check_bank_file

    report = check_bank_file(file)
    if as_json:
        echo_json({
            "file": str(file),
            "ok": report.ok,
            "summary": report.summary,
            "problems": [{"line": p.line, "where": p.where, "message": p.message} for p in report.problems],
        })
    else:
        for problem in report.problems:
            click.echo(problem.format(file))
    if not report.ok:
        n = len(report.problems)
        raise BankError(f"{file}: {n} problem{'s' * (n != 1)}; fix {'them' if n != 1 else 'it'} and check again")
    if not as_json:
        secho(f"{file}: OK, {report.summary}", fg="green")


@bank.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", "language", type=click.Choice(LANGUAGES), default="en", show_default=True,
              help="Language of the example texts.")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
def new(file, language, force):
    """Write a commented example bank to FILE, ready to edit. It passes
    `bank check` as it is; every field is explained in its comments.

    \b
    Examples:
      voice-interview bank new my-bank.toml
      voice-interview bank new min-bank.toml --lang nb
    """
    from voice_interview.banks.template import write_template

    write_template(file, language, force)
    lang_flag = "" if language == "en" else f" --lang {language}"
    click.echo(f"Wrote {file}: a bank with 2 example questions. Edit it, then:")
    click.echo(f"  voice-interview bank check {file}")
    click.echo(f"  voice-interview run --bank {file}{lang_flag}")


@bank.command("import")
@click.argument("article", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The bank file to write.")
@click.option("--lang", "language", type=click.Choice(LANGUAGES), default="en", show_default=True,
              help="Language of the article.")
@click.option("--id", "bank_id", metavar="ID", help="Bank id (default: from the output file name).")
@click.option("--title", help="Bank title (default: from the output file name).")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.option("--show-dropped", is_flag=True, help="List the text left out as web debris, intro or outro.")
def import_(article, output, language, bank_id, title, force, show_dropped):
    """Turn an article of numbered questions into a bank. The article is
    plain text or Markdown: section headings, each question on its own line
    as "1. Question?", then paragraphs of guidance on what to listen for.
    Web debris (embedded posts, share prompts, spam lines) and the article's
    intro and outro are left out. Talking points are drafted from the
    guidance: edit them, then run `bank check`.

    \b
    Example:
      voice-interview bank import article.txt -o my-bank.toml --lang nb --title "Sosiale medier"
    """
    from voice_interview.banks.importer import import_article

    result = import_article(article, output, language, bank_id, title, force)
    click.echo(
        f"Wrote {result.path}: {result.questions} questions in {result.categories} "
        f"categor{'ies' if result.categories != 1 else 'y'} ({language}); left out "
        f"{len(result.dropped)} blocks of web debris, intro and outro"
        + ("." if show_dropped else " (--show-dropped lists them).")
    )
    if show_dropped:
        for block in result.dropped:
            click.echo(f"  - {block if len(block) <= 100 else block[:99] + '…'}")
    click.echo(f"The talking points are drafts made from the guidance: edit them, then "
               f"`voice-interview bank check {result.path}`.")
