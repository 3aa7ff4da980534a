"""``voice-interview questions``: list the bank."""

from __future__ import annotations

from dataclasses import asdict

import click

from voice_interview.banks.bank import load_bank
from voice_interview.commands.options import (
    bank_option,
    category_option,
    echo_json,
    json_option,
    language_option,
)
from voice_interview.commands.console import wrap
from voice_interview.commands.terminal import secho


@click.command()
@category_option
@language_option
@bank_option
@click.option("--guidance", "-g", is_flag=True, help="Show each question's guidance too.")
@json_option
def questions(categories, language, bank_path, guidance, as_json):
    """List the questions of the bank, by category.

    \b
    Examples:
      voice-interview questions --category strategy
      voice-interview questions --lang nb --guidance
      voice-interview questions --category goals --json
    """
    bank = load_bank(bank_path, language)
    selected = bank.select(categories)
    if as_json:
        echo_json(
            {
                "bank": {"id": bank.id, "title": bank.title, "path": str(bank.path)},
                "language": bank.language,
                "categories": [asdict(c) for c in bank.categories if c.slug in {q.category for q in selected}],
                "questions": [asdict(q) for q in selected],
            }
        )
        return
    secho(f"{bank.title} — {len(selected)} questions ({bank.language})", bold=True)
    for category in bank.categories:
        in_category = [q for q in selected if q.category == category.slug]
        if not in_category:
            continue
        click.echo()
        secho(f"{category.name}  [{category.slug}]", fg="cyan")
        for q in in_category:
            marker = "  (behavioural)" if q.behavioural else ""
            click.echo(wrap(f"{q.text}{marker}", indent="     ").replace("     ", f"{q.number:3d}. ", 1))
            if guidance:
                click.echo(wrap(q.guidance, indent="       ", width=78))
                click.echo()
