"""Ctrl-C during an interview: remembered as a request, not only raised.

Python raises ``KeyboardInterrupt`` at whatever line the main thread is
running when SIGINT arrives: inside sounddevice, numpy, a queue or a
finalizer, where it can be caught and dropped (an answer then went on
recording, and the interview on to the next question, after a Ctrl-C
without a terminal). So while an interview runs, every Ctrl-C is also
noted here, and the core checks the note between phases; while an answer
records, Ctrl-C only notes it, and the recording loop stops at its next
block.
"""

from __future__ import annotations

import contextlib
import signal
import threading

_requested = threading.Event()
_deferring = [0]  # > 0 while a recording loop takes Ctrl-C as a note only


def _on_sigint(signum, frame) -> None:
    _requested.set()
    if not _deferring[0]:
        raise KeyboardInterrupt


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def watching():
    """Note every Ctrl-C while the block runs (and still raise it)."""
    if not _in_main_thread() or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield  # not ours to change: a test harness, or Ctrl-C ignored
        return
    _requested.clear()
    signal.signal(signal.SIGINT, _on_sigint)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@contextlib.contextmanager
def noted_only():
    """Within the block, Ctrl-C raises nothing: ``take()`` sees it."""
    if not _in_main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGINT)
    if previous is signal.default_int_handler:
        signal.signal(signal.SIGINT, _on_sigint)
    _deferring[0] += 1
    try:
        yield
    finally:
        _deferring[0] -= 1
        if previous is signal.default_int_handler:
            signal.signal(signal.SIGINT, previous)


def take() -> bool:
    """True once for each noted Ctrl-C (the note is cleared)."""
    if _requested.is_set():
        _requested.clear()
        return True
    return False
