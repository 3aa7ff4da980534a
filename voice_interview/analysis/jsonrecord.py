"""The typed analysis's one way to and from JSON.

Each result is a dataclass whose fields are its JSON keys in the saved
order; ``to_json()`` gives back exactly the dict it was read from, so a
session record round-trips byte for byte. A field may name its JSON key
(``in`` is a Python keyword), the type of its nested values, and whether
it is left out when None (a key today's records carry only sometimes).
Keys a record has and no field knows are kept and written back after the
known ones, so an older or newer record loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


def key(name: str, default: Any = None, **extra):
    """A field whose JSON key is ``name``."""
    return field(default=default, metadata={"key": name, **extra})


def nested(kind, shape: str = "one", default: Any = None, omit_none: bool = False):
    """A field holding ``kind`` records: one, a ``list`` of them, or a
    ``dict`` of them by name."""
    factory = {"list": list, "dict": dict}.get(shape)
    if factory and default is None and not omit_none:
        return field(default_factory=factory, metadata={"of": kind, "shape": shape, "omit_none": omit_none})
    return field(default=default, metadata={"of": kind, "shape": shape, "omit_none": omit_none})


def optional(default: Any = None):
    """A field whose key is written only when it is not None."""
    return field(default=default, metadata={"omit_none": True})


@dataclass
class JsonRecord:
    """Base of every analysis result: ``from_json`` / ``to_json``."""

    @classmethod
    def from_json(cls, data: dict | None):
        if data is None:
            return None
        values, known = {}, set()
        for f in fields(cls):
            name = f.metadata.get("key", f.name)
            known.add(name)
            if name not in data:
                continue
            value, kind = data[name], f.metadata.get("of")
            if kind is not None and value is not None:
                shape = f.metadata.get("shape", "one")
                if shape == "list":
                    value = [kind.from_json(v) for v in value]
                elif shape == "dict":
                    value = {k: kind.from_json(v) for k, v in value.items()}
                else:
                    value = kind.from_json(value)
            values[f.name] = value
        record = cls(**values)
        record.extra = {k: v for k, v in data.items() if k not in known}
        return record

    def to_json(self) -> dict:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None and f.metadata.get("omit_none"):
                continue
            if f.metadata.get("of") is not None and value is not None:
                shape = f.metadata.get("shape", "one")
                if shape == "list":
                    value = [v.to_json() for v in value]
                elif shape == "dict":
                    value = {k: v.to_json() for k, v in value.items()}
                else:
                    value = value.to_json()
            out[f.metadata.get("key", f.name)] = value
        out.update(getattr(self, "extra", None) or {})
        return out
