"""The synthetic candidate of ``voice-interview demo``.

Its answers (``question_data/demo_answers.toml``) are spoken with the same
text-to-speech as the questions and fed, as audio, through the recording
loop and Whisper: the demo exercises the real pipeline with no microphone.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from voice_interview.banks.bank import Question, shipped_bank_dir

DEMO_ANSWERS_NAME = "demo_answers.toml"


def demo_answers_path() -> Path:
    return shipped_bank_dir() / DEMO_ANSWERS_NAME


def load_demo_answers(path: Path | None = None) -> dict[str, dict[str, str]]:
    try:
        with open(path or demo_answers_path(), "rb") as handle:
            return tomllib.load(handle).get("answers", {})
    except FileNotFoundError:
        return {}  # every question then gets an answer made from its talking points


def answer_text(question: Question, language: str, answers: dict[str, dict[str, str]]) -> str:
    """The scripted answer, or for a question without one (a custom bank),
    an answer made from its first talking points."""
    scripted = answers.get(question.id, {}).get(language)
    if scripted:
        return scripted
    points = [p.label.rstrip(".") for p in question.talking_points[:2]]
    if language == "nb":
        return "Jeg vil trekke frem to ting. " + " ".join(f"{p}, med et konkret eksempel." for p in points)
    return "I would point to two things. " + " ".join(f"{p}, with a concrete example." for p in points)
