"""One of each (issue 12): one sample rate, one WAV reader and writer, one
atomic writer. A second copy drifts from the first; these checks name the
file that starts one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "voice_interview"

# (what, the one module allowed to do it, a pattern that does it)
ONE_PLACE = [
    ("the 16 kHz sample rate", "records/wavfile.py", re.compile(r"\b16_?000\b")),
    ("opening a WAV with the wave module", "records/wavfile.py", re.compile(r"\bwave\.open\(")),
    ("replacing a file by renaming a temporary one", "records/privatefile.py",
     re.compile(r"\bos\.(replace|rename)\(|mkstemp\(")),
]


@pytest.mark.parametrize("what, home, pattern", ONE_PLACE, ids=[w for w, _, _ in ONE_PLACE])
def test_only_one_module_does_it(what, home, pattern):
    found = [f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
             for path in sorted(PACKAGE.rglob("*.py")) if path.relative_to(PACKAGE).as_posix() != home
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if pattern.search(line) and not line.lstrip().startswith("#")]
    assert not found, f"{what} belongs in {home} only:\n" + "\n".join(found)
