"""``bank check``: every problem of a bank, each with its line.

The JSON Schema is checked with jsonschema (its ``iter_errors`` yields every
error; fastjsonschema, used at load time, stops at the first), then the
rules a schema cannot express, the loader's own (``rules.py``), each broken
one reported. Finally the bank goes through the loader's check, so a bank
that passes here loads with ``--bank`` (the two validators could differ).
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from voice_interview.banks.bank import check_bank_data, read_bank_file
from voice_interview.banks.positions import Positions
from voice_interview.banks.rules import bank_schema, broken_rules, newer_format, where
from voice_interview.errors import BankError

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
    newer = newer_format(raw)
    if newer is not None:
        return [Problem(positions.line_of(list(newer.path)), where(raw, newer.path), newer.for_check())]
    found = [*_schema_problems(raw), *((list(b.path), b.for_check()) for b in broken_rules(raw))]
    problems = []
    for path, message in found:
        problem = Problem(positions.line_of(path), where(raw, path), message)
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

    return jsonschema.Draft202012Validator(bank_schema())


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
