"""A per-user cache of checked banks, so that listing questions or starting
an interview does not parse TOML and run the schema every time (together
~70 ms of a 0.15 s start-up budget; reading the cache: ~1 ms).

An entry is the bank as parsed, stored as JSON under
``<cache>/banks/<checksums of the bank's path>.json``, and trusted only while
the bank file's size and modification time, and the code and schema that
checked it, are those it was stored with. Anything odd about an entry
(missing, damaged, stale) means parsing the bank again; failing to write
one (a read-only home) is ignored. Only banks that passed every check are
stored.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path

from voice_interview.records import paths

# Anything that changes what a check accepts or how a bank is read.
_CHECKERS = ("banks/bank.py", "banks/cache.py", "banks/schemas/bank.schema.json")


def stamp(bank_path: Path) -> list | None:
    """What a cache entry for ``bank_path`` must match (as JSON gives it
    back: lists only); None if a file cannot be stat'ed."""
    try:
        status = bank_path.stat()
        checkers = [(paths.package_dir() / name).stat() for name in _CHECKERS]
    except OSError:
        return None
    return [str(bank_path.resolve()), status.st_size, status.st_mtime_ns,
            *[[c.st_size, c.st_mtime_ns] for c in checkers]]


def read(key: list | None) -> dict | None:
    """The bank stored under ``key``, if it is there and still right."""
    if key is None:
        return None
    try:
        entry = json.loads(_entry_path(key).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("stamp") != key:
        return None
    bank = entry.get("bank")
    return bank if isinstance(bank, dict) else None


def write(key: list | None, raw: dict) -> None:
    """Store a bank that passed every check."""
    from voice_interview.errors import StorageError
    from voice_interview.records.store import write_private_atomic  # only on a miss: it loads the session model

    if key is None:
        return
    try:
        text = json.dumps({"stamp": key, "bank": raw}, ensure_ascii=False)
    except (TypeError, ValueError):  # a value JSON cannot hold: just do not cache it
        return
    try:
        write_private_atomic(_entry_path(key), text)
    except (StorageError, OSError):
        pass


def _entry_path(key: list) -> Path:
    # Two checksums of the path name the file; the stamp inside holds the
    # whole path, so a clash only costs a parse.
    name = key[0].encode()
    return paths.cache_dir() / "banks" / f"{zlib.crc32(name):08x}{zlib.adler32(name):08x}.json"
