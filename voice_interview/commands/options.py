"""Options shared by several commands."""

from __future__ import annotations

import json

import click

LANGUAGES = ("en", "nb")


def language_option(func):
    return click.option(
        "--lang",
        "language",
        type=click.Choice(LANGUAGES),
        default="en",
        show_default=True,
        help="Language of the questions, the voice and the transcription.",
    )(func)


def bank_option(func):
    return click.option(
        "--bank",
        "bank_path",
        type=click.Path(dir_okay=False, path_type=str),
        help="A question bank TOML file (default: the bundled social media manager bank).",
    )(func)


def category_option(func):
    return click.option(
        "--category",
        "-c",
        "categories",
        multiple=True,
        metavar="SLUG",
        help="Only questions of this category; repeat for several. `questions` lists them.",
    )(func)


def json_option(func):
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(func)


def echo_json(data) -> None:
    """Indented for a person at a terminal; one line for a program (the
    standard library's C encoder only runs without indent: 10,000 sessions
    of `progress --json` took 2 s to indent)."""
    from voice_interview.commands.environment import current_environment

    indent = 2 if current_environment().stdout_isatty else None
    click.echo(json.dumps(data, ensure_ascii=False, indent=indent))


DEVICES = ("cpu", "auto", "cuda")


def model_option(func):
    return click.option(
        "--model",
        metavar="NAME|PATH",
        help="Whisper model: tiny.en (embedded default for English), base (bundled, "
        "multilingual), a CTranslate2 model folder, or a faster-whisper model name "
        "(needs internet the first time).",
    )(func)


def device_option(func):
    return click.option(
        "--device", type=click.Choice(DEVICES), default="cpu", show_default=True,
        help="Where Whisper runs, passed to faster-whisper (cuda needs an NVIDIA GPU and CUDA libraries).",
    )(func)
