"""Where a loaded session record breaks the shape the code relies on: a
hand edit or damage that JSON parsing lets through."""

from __future__ import annotations

import dataclasses
import math
import types
import typing
from functools import lru_cache

from voice_interview.records.session import Session


@lru_cache(maxsize=None)
def _field_types(cls) -> tuple[tuple[str, typing.Any], ...]:
    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


def type_problem(value, hint, where: str) -> str | None:
    """Where a loaded record breaks the session dataclasses' type hints
    (a hand edit or damage that JSON parsing lets through), or None."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is typing.Any:
        return None
    if origin in (typing.Union, types.UnionType):
        fits = any(type_problem(value, option, where) is None for option in args)
        return None if fits else where
    if dataclasses.is_dataclass(hint):
        if not isinstance(value, hint):
            return where
        for name, field_hint in _field_types(hint):
            problem = type_problem(getattr(value, name), field_hint, f"{where}.{name}".lstrip("."))
            if problem:
                return problem
        return None
    if origin is list:
        if not isinstance(value, list):
            return where
        return next((p for i, item in enumerate(value) if (p := type_problem(item, args[0], f"{where}[{i}]"))), None)
    if origin is dict:
        if not isinstance(value, dict):
            return where
        return next((p for k, v in value.items()
                     if (p := type_problem(k, args[0], where) or type_problem(v, args[1], f"{where}.{k}"))), None)
    if hint is float:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        return None if ok else where
    if hint is int:
        return None if isinstance(value, int) and not isinstance(value, bool) else where
    return None if isinstance(value, hint) else where


def shape_problem(session: Session) -> str | None:
    """The free-form parts the views rely on: talking points and reviews."""
    for answer in session.answers:
        for point in answer.question.talking_points:
            cues = point.get("cues", [])
            if not isinstance(point.get("label"), str) or not (
                isinstance(cues, list) and all(isinstance(c, str) for c in cues)
            ):
                return f"answers[{answer.index}].question.talking_points"
    for review in session.reviews:
        entries = review.get("answers")
        if not isinstance(review.get("reviewer"), str) or not isinstance(entries, dict) or not all(
            isinstance(e, dict) and isinstance(e.get("scores"), dict) and isinstance(e.get("notes", ""), str)
            for e in entries.values()
        ):
            return "reviews"
    return None
