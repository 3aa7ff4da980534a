"""What an interview is made of: its settings, its four edges, and the
small UI the terminal (or a test) implements for it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ContextManager, Protocol

from voice_interview.edges.base import Monitor, Player, Progress, Recorder, RecordingLimits, Speaker, Transcriber
from voice_interview.records.session import Answer, FollowUp, SessionSettings


# How an interview runs is what its session saves: one type for both. The CLI
# always passes follow_ups (1 by default); None counts as 0 in the core.
InterviewSettings = SessionSettings


@dataclass
class Edges:
    player: Player
    speaker: Speaker | None = None
    recorder: Recorder | None = None
    transcriber: Transcriber | None = None


class InterviewUI(Protocol):
    def notice(self, message: str) -> None: ...

    def question(self, answer: Answer, total: int) -> None: ...

    def think(self, seconds: float) -> None: ...

    def recording_monitor(self, limits: RecordingLimits) -> Monitor: ...

    def typed_answer(self, answer: Answer) -> str | None: ...

    def waiting(self, label: str, total_s: float | None) -> ContextManager[Progress]:
        """Shown while Whisper works; the value takes (done_s, total_s)."""

    def answered(self, answer: Answer) -> None: ...

    def offer_retake(self, answer: Answer, last: bool) -> bool:
        """True to record the answer again (asked only where a key can come)."""
    def follow_up(self, answer: Answer, follow_up: FollowUp) -> None: ...

    def follow_up_answered(self, answer: Answer, follow_up: FollowUp) -> None: ...

    def continue_after_interrupt(self) -> bool: ...
