"""One writer per session, and no review lost to the candidate's saves.

An interview (``run``, ``demo``, ``resume``, ``retranscribe``, ``import
--force``) holds its session's *writer lock* from its first save to its
end; a second one is refused, naming the process that holds it. The lock
is ``fcntl.flock`` on ``sessions/.<id>.lock``: the kernel releases it when
its process ends, however it ends, so a ``kill -9`` leaves no stale lock —
only the file, naming a process that is gone, which the next holder takes
over. A holder deletes the file when it is done; an acquirer checks that
the file it locked is still the one at that path (the usual guard when
lock files are deleted).

Reviews are not refused while the candidate answers. Every write of a
record happens under a short lock on the ``sessions/`` folder (held for
the read and the write, milliseconds) and re-reads what is on disk first:
the interview owns everything but ``reviews``, a review changes only its
own entries, so neither overwrites the other (``store.save_session``,
``store.update_record``).
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from voice_interview.records import paths
from voice_interview.errors import SessionBusyError, StorageError
from voice_interview.records.session import utc_now_iso

_held: dict[str, int] = {}  # session id -> the open lock file, in this process


def lock_path(session_id: str) -> Path:
    return paths.sessions_dir() / f".{session_id}.lock"


def holds(session_id: str) -> bool:
    return session_id in _held


@contextmanager
def session_writer(session_id: str):
    """Hold the writer lock of a session (again, if this process has it)."""
    if session_id in _held:
        yield
        return
    fd = _acquire(session_id)
    _held[session_id] = fd
    try:
        yield
    finally:
        del _held[session_id]
        try:
            lock_path(session_id).unlink(missing_ok=True)  # while still locked: see _acquire
        except OSError:
            pass
        os.close(fd)  # releases the lock


def _acquire(session_id: str) -> int:
    path = lock_path(session_id)
    while True:
        try:
            paths.private_dir(path.parent)
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, paths.PRIVATE_FILE_MODE)
        except OSError as exc:
            raise StorageError(f"could not open {path} to write session {session_id} ({exc.strerror}); "
                               f"check permissions on {path.parent}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            raise SessionBusyError(
                f"session {session_id} is being written by another voice-interview ({holder}); "
                "wait for it to finish or stop it, then try again"
            ) from None
        except BaseException:
            os.close(fd)
            raise
        if _still_at(fd, path):
            break
        os.close(fd)  # its holder deleted it after we opened it: lock the new one
    about = {"pid": os.getpid(), "command": _command_line(), "since": utc_now_iso()}
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(about) + "\n").encode("utf-8"), 0)
    except OSError:
        pass  # only the refusal message of another process is poorer
    return fd


def _still_at(fd: int, path: Path) -> bool:
    try:
        return os.stat(path).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        return False


def _holder(fd: int) -> str:
    try:
        about = json.loads(os.pread(fd, 4096, 0).decode("utf-8"))
        return f"pid {int(about['pid'])}: {str(about['command'])[:80]}"
    except (OSError, ValueError, TypeError, KeyError):
        return "a process that is just starting"  # it has the lock, not yet written its name


def _command_line() -> str:
    args = sys.argv[1:]
    return " ".join(["voice-interview", *args]) if args else "voice-interview"


@contextmanager
def record_update():
    """The short lock of every read-modify-write of a record: ``flock`` on
    the sessions folder itself, so it needs no file of its own and works on
    a read-only disk (where the write then fails with a clear error)."""
    folder = paths.sessions_dir()
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as exc:
        raise StorageError(f"could not open {folder} ({exc.strerror})") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
