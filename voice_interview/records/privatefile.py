"""Writing a file all at once or not at all, by default one only its owner
can read: the program's one atomic writer.

The file is written under a temporary name beside its destination (created
mode 0600 by ``tempfile.mkstemp``, whatever the umask), flushed to disk and
renamed over the destination; on any error or Ctrl-C the temporary file is
removed. A reader, a crash or an interrupted export never sees half a file
under the final name. Used for session records, caches, exports, pages and
the audio copied beside a page, and (``owner_only=False``) for files that
are not a candidate's: a drafted bank, the assembled Whisper model.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from voice_interview.records import paths


@contextmanager
def private_atomic(path: Path, mode: str = "wb", owner_only: bool = True):
    """A handle to write ``path`` through (``"wb"`` or ``"w"``, UTF-8);
    raises OSError when the folder cannot take it. Without ``owner_only``
    the file gets the permissions a plain ``open`` gives (0666 less the
    umask)."""
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, paths.PRIVATE_FILE_MODE if owner_only else 0o666 & ~_umask())
        with os.fdopen(fd, mode, **({} if "b" in mode else {"encoding": "utf-8"})) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _umask() -> int:
    # Only os.umask reads it, by setting it: set the strictest meanwhile, so
    # a file another thread creates in between is never more open than asked.
    current = os.umask(0o077)
    os.umask(current)
    return current
