"""What a bank must be, written once: the JSON Schema for its shape
(``schemas/bank.schema.json``) and, here, the rules a schema cannot say
(a format newer than this program, unique slugs, ids and numbers, known
categories, every declared language present).

Both readers use them: loading (``bank.py``) stops at the first broken
rule, fast; ``bank check`` (``check.py``) lists every one with its line.
The rules tolerate data the schema refused, so ``bank check`` can report
both at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from voice_interview.records.paths import package_dir

BANK_FORMAT_VERSION = 1


@lru_cache(maxsize=1)
def bank_schema() -> dict:
    return json.loads((package_dir() / "banks" / "schemas" / "bank.schema.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Broken:
    """One broken rule. Loading says ``message`` and ``fix``; ``bank check``
    says ``message`` and ``other`` (the item it clashes with)."""

    path: tuple  # where in the data: ("questions", 2, "id")
    message: str
    other: str = ""  # "question 1 has it too"
    fix: str = ""  # "every question needs its own id"
    # Where loading places it when that is not ``path``: the item a
    # duplicate belongs to, or () for the whole file.
    load_path: tuple | None = None

    def for_check(self) -> str:
        return self.message + (f" ({self.other})" if self.other else "")

    def for_load(self) -> str:
        return self.message + (f"; {self.fix}" if self.fix else "")


def newer_format(raw: dict) -> Broken | None:
    """A bank written for a newer program: checked before anything else."""
    version = raw.get("format_version")
    if isinstance(version, int) and version > BANK_FORMAT_VERSION:
        return Broken(("format_version",), f"written for a newer voice-interview (bank format {version}, "
                      f"this one reads {BANK_FORMAT_VERSION}); upgrade voice-interview", load_path=())
    return None


def broken_rules(raw: dict) -> Iterator[Broken]:
    """Every rule beyond the schema that ``raw`` breaks, in file order:
    categories, the title, then questions."""
    languages = [x for x in _as_list(raw.get("languages")) if isinstance(x, str)]
    slugs: dict[str, int] = {}
    for i, category in enumerate(_as_list(raw.get("categories"))):
        if not isinstance(category, dict):
            continue
        slug = category.get("slug")
        if isinstance(slug, str):
            if slug in slugs:
                yield Broken(("categories", i, "slug"), "duplicate slug", f"category {slugs[slug] + 1} has it too",
                             "give each category its own", load_path=("categories", i))
            else:
                slugs[slug] = i
        for key in ("name", "intro"):
            yield from _missing_languages(category.get(key), languages, ("categories", i, key))
    yield from _missing_languages(raw.get("title"), languages, ("title",))
    ids: dict[str, int] = {}
    numbers: dict[int, int] = {}
    for i, question in enumerate(_as_list(raw.get("questions"))):
        if not isinstance(question, dict):
            continue
        ident, number, category = question.get("id"), question.get("number"), question.get("category")
        if isinstance(ident, str):
            if ident in ids:
                yield Broken(("questions", i, "id"), "duplicate id", f"question {ids[ident] + 1} has it too",
                             "every question needs its own id", load_path=("questions", i))
            else:
                ids[ident] = i
        if isinstance(number, int) and not isinstance(number, bool):
            if number in numbers:
                yield Broken(("questions", i, "number"), f"{number} is used twice", f"question {numbers[number] + 1} too")
            else:
                numbers[number] = i
        if isinstance(category, str) and slugs and category not in slugs:
            yield Broken(("questions", i, "category"), f"unknown category {category!r}; declare it under "
                         f"[[categories]] or use one of {', '.join(slugs)}")
        for key in ("text", "guidance"):
            yield from _missing_languages(question.get(key), languages, ("questions", i, key))
        for j, point in enumerate(_as_list(question.get("talking_points"))):
            if isinstance(point, dict):
                for key in ("label", "cues", "probe"):
                    yield from _missing_languages(point.get(key), languages, ("questions", i, "talking_points", j, key))


def where(raw: dict, path) -> str:
    """'question 3 ('brand'), field text' for ("questions", 2, "text"); "" for ()."""
    # fastjsonschema names list items "2" as well as 2
    parts = [int(p) if isinstance(p, str) and p.isdigit() else p for p in path]
    prefix = ""
    if len(parts) >= 2 and parts[0] in ("questions", "categories") and isinstance(parts[1], int):
        item = raw[parts[0]][parts[1]]
        ident = item.get("id", item.get("slug")) if isinstance(item, dict) else None
        noun = "question" if parts[0] == "questions" else "category"
        prefix = f"{noun} {parts[1] + 1}" + (f" ({ident!r})" if isinstance(ident, str) else "")
        parts = parts[2:]
    field_name = "".join(f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in parts).lstrip(".")
    if prefix and field_name:
        return f"{prefix}, field {field_name}"
    return prefix or (f"field {field_name}" if field_name else "")


def _missing_languages(value, languages: list[str], path: tuple) -> Iterator[Broken]:
    if isinstance(value, dict):
        for language in languages:
            if language not in value:
                yield Broken(path, f"missing the {language!r} text the bank declares")


def _as_list(value) -> list:
    return value if isinstance(value, list) else []
