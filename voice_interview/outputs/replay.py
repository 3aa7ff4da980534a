"""Coach replay: the question audio, then the answer audio, while the
transcript follows the playback word by word.

Pure logic: playback comes through a ``PlaybackHandle`` (sounddevice in
``edges/sound.py``, a clock-driven fake in tests), keys through a
``KeySource``, and what is shown through a ``ReplayView``.
"""

from __future__ import annotations

import bisect
from pathlib import Path
from typing import Callable, Protocol

from voice_interview.records.session import Answer, Session, Word

TICK_S = 0.05


class PlaybackHandle(Protocol):
    def position_s(self) -> float: ...

    def duration_s(self) -> float: ...

    def pause(self) -> None: ...

    def resume(self) -> None: ...

    def stop(self) -> None: ...

    def finished(self) -> bool: ...


class KeySource(Protocol):
    def read(self, timeout_s: float) -> str | None: ...


class ReplayView(Protocol):
    def begin(self, answer: Answer, total: int) -> None: ...

    def part(self, label: str) -> None: ...

    def highlight(self, words: list[Word], index: int | None, position_s: float, duration_s: float,
                  paused: bool) -> None: ...

    def end_part(self) -> None: ...


def word_index_at(words: list[Word], position_s: float) -> int | None:
    """The word being spoken at ``position_s``: the last one that has started."""
    index = bisect.bisect_right([w.start_s for w in words], position_s) - 1
    return index if index >= 0 else None


def word_window(words: list[str], index: int | None, room: int, around: int = 6) -> range:
    """The words to show around ``index``: up to ``around`` on each side,
    fewer (the farther first) until they fit in ``room`` columns."""
    centre = index or 0
    first, last = max(0, centre - around), min(len(words), centre + around + 1)
    while last - first > 1 and len(" ".join(words[first:last])) > room:
        if centre - first > last - 1 - centre:
            first += 1
        else:
            last -= 1
    return range(first, last)


class Replayer:
    """Walks a session's answers; returns when the coach quits or it ends."""

    def __init__(self, session: Session, start: Callable[[Path], PlaybackHandle],
                 audio_path: Callable[[str], Path], view: ReplayView, keys: KeySource) -> None:
        self._session = session
        self._start = start
        self._audio_path = audio_path
        self._view = view
        self._keys = keys

    def run(self, first: int = 1, only_one: bool = False) -> None:
        answers = self._session.answers
        position = first - 1
        while 0 <= position < len(answers):
            answer = answers[position]
            self._view.begin(answer, len(self._session.question_ids))
            action = self._play(answer, answer.question_audio, "question", [])
            if action is None:
                words = answer.transcript.words if answer.transcript else []
                action = self._play(answer, answer.answer_audio, "answer", words)
            if action == "quit" or only_one:
                return
            position += -1 if action == "previous" else 1
            position = max(position, 0)

    def _play(self, answer: Answer, relative: str | None, label: str, words: list[Word]) -> str | None:
        """Play one file; None when it ran to its end, else the key's action."""
        if not relative:
            return None
        self._view.part(label)
        handle = self._start(self._audio_path(relative))
        paused = False
        try:
            while not handle.finished():
                position = handle.position_s()
                self._view.highlight(words, word_index_at(words, position), position, handle.duration_s(), paused)
                key = self._keys.read(TICK_S)
                if key == " ":
                    paused = not paused
                    handle.pause() if paused else handle.resume()
                elif key in ("n", "p", "q"):
                    return {"n": "next", "p": "previous", "q": "quit"}[key]
            end = handle.duration_s()
            self._view.highlight(words, word_index_at(words, end), end, end, False)
            return None
        finally:
            handle.stop()
            self._view.end_part()
