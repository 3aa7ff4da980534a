"""``bank check``: every problem of a bank, each with its line.

The JSON Schema is checked with jsonschema (its ``iter_errors`` yields every
error; fastjsonschema, used at load time, stops at the first), then the
rules a schema cannot express. Finally the bank goes through the loader's
own check, so a bank that passes here loads with ``--bank``.
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from voice_interview.banks.bank import BANK_FORMAT_VERSION, _where, check_bank_data, read_bank_file
from voice_interview.banks.positions import Positions
from voice_interview.errors import BankError
from voice_interview.records.paths import package_dir

TYPE_NAMES = {
    "string": "text in quotes",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list [ … ]",
    "object": "a table { … }",
}
PATTERN_HINTS = {
    "^[a-z0-9][a-z0-9-]{0,62}$": "must be lowercase letters, digits and hyphens (at most 63, no spaces)",
    "^[a-z]{2,3}$": "must be a language code such as 'en' or 'nb'",
    "\\S": "must not be blank",
}


@dataclass(frozen=True)
class Problem:
    line: int
    where: str  # "question 3 ('brand-voice'), field guidance", or "" for the whole file
    message: str

    def format(self, path: Path | str) -> str:
        return f"{path}:{self.line}: " + (f"{self.where}: " if self.where else "") + self.message


@dataclass(frozen=True)
class CheckReport:
    path: Path
    problems: list[Problem]
    summary: str = ""  # "27 questions in 7 categories; languages en, nb" when it passes

    @property
    def ok(self) -> bool:
        return not self.problems


def check_bank_file(path: Path) -> CheckReport:
    """Check a bank file; file-level failures (missing, empty, not UTF-8,
    too large) raise ``BankError`` as loading would."""
    try:
        raw = read_bank_file(path)
    except BankError:
        syntax = _syntax_problem(path)
        if syntax is None:
            raise
        return CheckReport(path, [syntax])
    positions = Positions(path.read_text(encoding="utf-8"))
    problems = check_bank_data_all(raw, positions)
    if not problems:
        try:
            check_bank_data(raw, path)
        except BankError as exc:  # a rule only the loader knows: still report it
            problems = [Problem(1, "", str(exc).removeprefix(f"{path}: "))]
    if problems:
        return CheckReport(path, problems)
    n_questions, n_categories = len(raw["questions"]), len(raw["categories"])
    return CheckReport(
        path,
        [],
        f"{n_questions} question{'s' * (n_questions != 1)} in {n_categories} "
        f"categor{'ies' if n_categories != 1 else 'y'}; language{'s' * (len(raw['languages']) != 1)} "
        f"{', '.join(raw['languages'])}",
    )


def check_bank_data_all(raw: dict, positions: Positions) -> list[Problem]:
    version = raw.get("format_version")
    if isinstance(version, int) and version > BANK_FORMAT_VERSION:
        return [
            Problem(
                positions.line_of(["format_version"]),
                "field format_version",
                f"written for a newer voice-interview (bank format {version}, this one reads "
                f"{BANK_FORMAT_VERSION}); upgrade voice-interview",
            )
        ]
    found = [*_schema_problems(raw), *_rule_problems(raw)]
    problems = []
    for path, message in found:
        where = _where(raw, ["data", *path]).removesuffix(": ")
        problem = Problem(positions.line_of(path), where, message)
        if problem not in problems:
            problems.append(problem)
    return sorted(problems, key=lambda p: p.line)


def _syntax_problem(path: Path) -> Problem | None:
    try:
        tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        at = re.search(r"\s*\(at line (\d+), column (\d+)\)", message)
        if at:
            return Problem(
                int(at.group(1)), "", f"TOML syntax error: {message[: at.start()]} (column {at.group(2)})"
            )
        return Problem(1, "", f"TOML syntax error: {message}")
    except (OSError, UnicodeDecodeError):
        return None
    return None


@lru_cache(maxsize=1)
def _validator():
    import jsonschema

    schema = json.loads((package_dir() / "banks" / "schemas" / "bank.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _schema_problems(raw: dict) -> Iterator[tuple[list, str]]:
    for error in _validator().iter_errors(raw):
        yield from _describe(error)


def _describe(error) -> Iterator[tuple[list, str]]:
    """(data path, message) pairs for one jsonschema error, worded for a
    bank author rather than for a schema reader."""
    path = list(error.absolute_path)
    kind, expected, value = error.validator, error.validator_value, error.instance
    if kind == "required":
        name = re.match(r"'(.+)' is a required property", error.message)
        yield path + [name.group(1) if name else "?"], "is missing"
    elif kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        for key in value:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else f"; allowed: {', '.join(allowed)}"
                yield path + [key], f"unknown field{hint}"
    elif kind == "type":
        yield path, f"must be {TYPE_NAMES.get(expected, expected)}, not {_type_name(value)}"
    elif kind == "pattern" and "propertyNames" in error.relative_schema_path:
        yield path, f"{value!r} is not a language code such as 'en' or 'nb'"
    elif kind == "pattern":
        hint = PATTERN_HINTS.get(expected, f"must match {expected}")
        yield path, hint if expected == "\\S" else f"{hint}, not {value!r}"
    elif kind == "minimum":
        yield path, f"must be at least {expected}, not {value}"
    elif kind == "maximum":
        yield path, f"must be at most {expected}, not {value}"
    elif kind == "minItems":
        yield path, "must not be empty" if expected == 1 else f"needs at least {expected} items"
    elif kind == "maxItems":
        yield path, f"has {len(value)} items; at most {expected} are allowed"
    elif kind == "minProperties":
        yield path, "needs text in at least one language, e.g. { en = \"…\" }"
    elif kind == "minLength":
        yield path, "must not be empty"
    elif kind == "const":
        yield path, f"must be {expected}"
    elif kind == "uniqueItems":
        yield path, "lists the same item twice"
    else:
        yield path, error.message


def _type_name(value) -> str:
    for python_type, name in ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string"),
                              (list, "array"), (dict, "object")):
        if isinstance(value, python_type):
            return TYPE_NAMES.get(name, "a decimal number")
    return type(value).__name__


def _rule_problems(raw: dict) -> Iterator[tuple[list, str]]:
    """The rules beyond the schema (the loader's, in ``bank.py``), applied to
    every item, tolerating whatever the schema already reported."""
    languages = [x for x in _as_list(raw.get("languages")) if isinstance(x, str)]
    categories = _as_list(raw.get("categories"))
    questions = _as_list(raw.get("questions"))
    yield from _missing_languages(raw.get("title"), languages, ["title"])
    slugs: dict[str, int] = {}
    for i, category in enumerate(categories):
        if not isinstance(category, dict):
            continue
        slug = category.get("slug")
        if isinstance(slug, str):
            if slug in slugs:
                yield ["categories", i, "slug"], f"duplicate slug (category {slugs[slug] + 1} has it too)"
            else:
                slugs[slug] = i
        for key in ("name", "intro"):
            yield from _missing_languages(category.get(key), languages, ["categories", i, key])
    ids: dict[str, int] = {}
    numbers: dict[int, int] = {}
    for i, question in enumerate(questions):
        if not isinstance(question, dict):
            continue
        ident, number, category = question.get("id"), question.get("number"), question.get("category")
        if isinstance(ident, str):
            if ident in ids:
                yield ["questions", i, "id"], f"duplicate id (question {ids[ident] + 1} has it too)"
            else:
                ids[ident] = i
        if isinstance(number, int) and not isinstance(number, bool):
            if number in numbers:
                yield ["questions", i, "number"], f"{number} is used twice (question {numbers[number] + 1} too)"
            else:
                numbers[number] = i
        if isinstance(category, str) and slugs and category not in slugs:
            yield ["questions", i, "category"], (
                f"unknown category {category!r}; declare it under [[categories]] or use one of {', '.join(slugs)}"
            )
        for key in ("text", "guidance"):
            yield from _missing_languages(question.get(key), languages, ["questions", i, key])
        for j, point in enumerate(_as_list(question.get("talking_points"))):
            if isinstance(point, dict):
                for key in ("label", "cues", "probe"):
                    yield from _missing_languages(point.get(key), languages, ["questions", i, "talking_points", j, key])


def _missing_languages(value, languages: list[str], path: list) -> Iterator[tuple[list, str]]:
    if isinstance(value, dict):
        for language in languages:
            if language not in value:
                yield path, f"missing the {language!r} text the bank declares"


def _as_list(value) -> list:
    return value if isinstance(value, list) else []
