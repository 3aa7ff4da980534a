"""Question banks: load a TOML bank, validate it, and view it in one language.

A bank file holds every language it declares side by side (see
``docs/bank-format.md`` and ``schemas/bank.schema.json``). Loading checks
the JSON Schema (fastjsonschema: a well-kept validator that imports in a
few milliseconds, where jsonschema costs ~150 ms of start-up) and then the
rules a schema cannot express (``rules.py``, shared with ``bank check``),
stopping at the first problem. A broken bank raises one ``BankError``
naming the file, the question and the field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from voice_interview.banks import cache as bankcache
from voice_interview.banks.rules import bank_schema, broken_rules, newer_format, where
from voice_interview.errors import BankError
from voice_interview.records.paths import package_dir

DEFAULT_BANK_NAME = "social_media_manager.toml"
MAX_BANK_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class TalkingPoint:
    label: str
    cues: tuple[str, ...]
    # The follow-up the interviewer asks when an answer misses the point
    # ("" for none), and how much the point matters (1-5).
    probe: str = ""
    weight: int = 1


@dataclass(frozen=True)
class Category:
    slug: str
    name: str
    intro: str = ""


@dataclass(frozen=True)
class Question:
    """One question, in one language."""

    id: str
    number: int
    category: str
    category_name: str
    text: str
    guidance: str
    talking_points: tuple[TalkingPoint, ...]
    behavioural: bool
    suggested_answer_s: int


@dataclass(frozen=True)
class Bank:
    """A bank viewed in one language."""

    id: str
    title: str
    language: str
    languages: tuple[str, ...]
    path: Path
    categories: tuple[Category, ...]
    questions: tuple[Question, ...]
    glossary: tuple[str, ...] = field(default=())

    def category_slugs(self) -> list[str]:
        return [c.slug for c in self.categories]

    def select(self, categories: list[str] | tuple[str, ...] = ()) -> list[Question]:
        """Questions of the given categories (all when none), in bank order."""
        unknown = [c for c in categories if c not in self.category_slugs()]
        if unknown:
            raise BankError(
                f"unknown category {unknown[0]!r}: choose from {', '.join(self.category_slugs())}"
            )
        if not categories:
            return list(self.questions)
        return [q for q in self.questions if q.category in categories]


def shipped_bank_dir() -> Path:
    """``question_data/``: inside the package when installed from a wheel,
    beside it in a checkout."""
    inside = package_dir() / "question_data"
    return inside if inside.is_dir() else package_dir().parent / "question_data"


def default_bank_path() -> Path:
    return shipped_bank_dir() / DEFAULT_BANK_NAME


def load_bank(path: Path | str | None = None, language: str = "en") -> Bank:
    bank_path = Path(path) if path is not None else default_bank_path()
    key = bankcache.stamp(bank_path)
    raw = bankcache.read(key)
    if raw is None:
        raw = read_bank_file(bank_path)
        check_bank_data(raw, bank_path)
        bankcache.write(key, raw)
    if language not in raw["languages"]:
        raise BankError(
            f"{bank_path}: the bank has no {language!r} text "
            f"(it has {', '.join(raw['languages'])}); choose one of those with --lang"
        )
    return _view(raw, bank_path, language)


def read_bank_file(path: Path) -> dict:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise BankError(f"{path}: no such bank file; check the path given to --bank") from None
    except OSError as exc:
        raise BankError(f"{path}: cannot read the bank ({exc.strerror})") from None
    if path.is_dir():
        raise BankError(f"{path}: is a folder; pass a bank .toml file")
    if size == 0:
        raise BankError(f"{path}: the bank file is empty; start from `voice-interview bank new`")
    if size > MAX_BANK_BYTES:
        raise BankError(f"{path}: the bank is {size} bytes, over the 5 MB limit; split it")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise BankError(f"{path}: not a UTF-8 text file; a bank is a TOML text file") from None
    except OSError as exc:
        raise BankError(f"{path}: cannot read the bank ({exc.strerror})") from None
    import tomllib  # only when the cache has not got the bank

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BankError(f"{path}: TOML syntax error: {exc}") from None
    except RecursionError:
        raise BankError(f"{path}: arrays or tables nested too deeply; a bank needs only a few levels") from None


@lru_cache(maxsize=1)
def _schema_validator():
    import fastjsonschema

    return fastjsonschema.compile(bank_schema())


def check_bank_data(raw: dict, path: Path) -> None:
    """Raise ``BankError`` for the first problem in a parsed bank."""
    import fastjsonschema

    broken = newer_format(raw)
    if broken is None:
        try:
            _schema_validator()(raw)
        except fastjsonschema.JsonSchemaValueException as exc:
            raise BankError(f"{path}: {_located(raw, exc.path[1:], _describe(exc))}") from None
        broken = next(broken_rules(raw), None)
    if broken is not None:
        at = broken.path if broken.load_path is None else broken.load_path
        raise BankError(f"{path}: {_located(raw, at, broken.for_load())}")


def _located(raw: dict, data_path, message: str) -> str:
    """'question 3 ('brand'), field text: must …' (just the message for the whole file)."""
    place = where(raw, data_path)
    return f"{place}: {message}" if place else message


def _describe(exc) -> str:
    message = exc.message
    # fastjsonschema says "data.questions[2].guidance must be ..."; the
    # location is already given, so keep the part after the data path.
    if message.startswith("data") and " must " in message:
        message = "must " + message.split(" must ", 1)[1]
    return message.replace("must match pattern \\S", "must not be blank")


def _view(raw: dict, path: Path, language: str) -> Bank:
    names = {c["slug"]: c["name"][language] for c in raw["categories"]}
    categories = tuple(
        Category(c["slug"], c["name"][language], c.get("intro", {}).get(language, ""))
        for c in raw["categories"]
    )
    questions = tuple(
        Question(
            id=q["id"],
            number=q["number"],
            category=q["category"],
            category_name=names[q["category"]],
            text=q["text"][language],
            guidance=q["guidance"][language].strip(),
            talking_points=tuple(
                TalkingPoint(
                    p["label"][language],
                    tuple(p["cues"][language]),
                    p.get("probe", {}).get(language, ""),
                    p.get("weight", 1),
                )
                for p in q["talking_points"]
            ),
            behavioural=q["behavioural"],
            suggested_answer_s=q["suggested_answer_s"],
        )
        for q in raw["questions"]
    )
    return Bank(
        id=raw["id"],
        title=raw["title"][language],
        language=language,
        languages=tuple(raw["languages"]),
        path=path,
        categories=categories,
        questions=questions,
        glossary=tuple(raw.get("glossary", {}).get(language, ())),
    )
