"""Continuing a saved interview (``voice-interview resume``): which
questions are still there, how the session was run, what a crash cut off,
and where its clock goes on. The command only builds the edges and the UI
and says what happened."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from voice_interview.banks.bank import Bank, Question, load_bank
from voice_interview.core.interview import Interview
from voice_interview.core.parts import Edges, InterviewSettings
from voice_interview.core.recovery import recover_answers, unfinished_recordings
from voice_interview.edges.base import FAKE_MODEL
from voice_interview.errors import BadInputError, BankError
from voice_interview.records import store

if TYPE_CHECKING:
    from voice_interview.core.parts import InterviewUI
    from voice_interview.edges.base import Transcriber
    from voice_interview.records.session import Answer, FollowUp, Session


@dataclass
class Resumption:
    """A saved session opened to be continued, with its bank's questions."""

    session: Session
    bank: Bank
    questions: list[Question]  # every question of the session, in order
    redo: int | None = None

    @classmethod
    def open(cls, session_id: str, redo: int | None = None) -> Resumption | None:
        """The session to continue (the caller holds its writer lock), or
        None when it is complete and there is nothing to redo."""
        session = store.load_session(session_id)
        if redo is not None:
            done = sorted(a.index for a in session.answered)
            if redo not in done:
                raise BadInputError(f"session {session.id} has no answer {redo} to redo; answered: "
                                    f"{', '.join(map(str, done)) or 'none yet'}")
        elif session.status == "completed":
            return None
        bank = load_bank(session.bank_path, session.language)
        by_id = {q.id: q for q in bank.questions}
        missing = [qid for qid in session.question_ids if qid not in by_id]
        if missing:
            raise BankError(f"{bank.path}: question {missing[0]!r} of session {session.id} is no longer in the bank")
        return cls(session, bank, [by_id[qid] for qid in session.question_ids], redo)

    @property
    def answered(self) -> set[int]:
        return {a.index for a in self.session.answered}

    def typed(self, typed: bool, answers_from: bool) -> bool:
        """Typed answers when asked for, or when the session was typed (unless answer files are given)."""
        return typed or (self.session.settings.answer_source == "typed" and not answers_from)

    def model(self, model: str | None) -> str | None:
        """The model asked for, else the one the session was transcribed with."""
        return model or (self.session.model if self.session.model not in ("", FAKE_MODEL) else None)

    def needs_transcriber(self, typed: bool) -> bool:
        return bool(unfinished_recordings(self.session)) or not typed

    def speak(self, no_speak: bool) -> bool:
        return not no_speak and self.session.settings.speak

    def recover(self, transcriber: Transcriber | None, ui: InterviewUI) -> list[Answer | FollowUp]:
        """Transcribe what a crash cut off (nothing without a transcriber)."""
        return recover_answers(self.session, transcriber, ui) if transcriber else []

    def interview(self, asked: list[Question], edges: Edges, source: str, follow_ups: int | None,
                  default_follow_ups: int, ui: InterviewUI, clock: Callable[[], float] | None = None,
                  analyze=None) -> Interview:
        """The interview that asks ``asked`` with the session's saved
        settings, its devices checked and its clock where it stopped."""
        saved = self.session.settings
        if follow_ups is None:
            follow_ups = default_follow_ups if saved.follow_ups is None else saved.follow_ups
        settings = InterviewSettings(
            language=self.session.language,
            think_time_s=saved.think_time_s,
            max_answer_s=saved.max_answer_s,
            silence_stop_s=saved.silence_stop_s,
            speak=edges.speaker is not None,
            answer_source=source,
            categories=tuple(self.session.categories),
            follow_ups=follow_ups,
        )
        extra = {"clock": clock} if clock is not None else {}
        interview = Interview(self.bank, asked, settings, edges, ui, analyze=analyze, **extra)
        if (len(asked) > len(self.answered) or self.redo) and edges.recorder is not None:
            edges.recorder.check()
        interview.resume_clock(self.session)
        return interview
