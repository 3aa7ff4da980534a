"""The interview core: ask, listen, transcribe, save — after every answer.

It knows no hardware and no Click: it talks to the four edges (speaker,
player, recorder, transcriber) and to a small ``InterviewUI`` that the
terminal (or a test) implements.
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Callable

from voice_interview.core import followups
from voice_interview.core.parts import Edges, InterviewSettings, InterviewUI
from voice_interview import interrupts
from voice_interview.records import paths
from voice_interview.records.sessionfiles import SessionFiles
from voice_interview.banks.bank import Bank, Question
from voice_interview.edges.base import Recorder, RecordingLimits
from voice_interview.errors import DeviceError, InterviewStopped, VoiceInterviewError
from voice_interview.records.session import (
    Answer,
    AskedQuestion,
    FollowUp,
    Session,
    Transcript,
    new_session_id,
    utc_now_iso,
)


def choose_questions(
    bank: Bank,
    categories: tuple[str, ...] = (),
    count: int | None = None,
    shuffle: bool = False,
    seed: int | None = None,
) -> list[Question]:
    questions = bank.select(categories)
    if shuffle:
        random.Random(seed).shuffle(questions)
    return questions[:count] if count else questions


def asked(question: Question) -> AskedQuestion:
    return AskedQuestion(
        id=question.id,
        number=question.number,
        category=question.category,
        category_name=question.category_name,
        text=question.text,
        guidance=question.guidance,
        talking_points=[asdict(p) | {"cues": list(p.cues)} for p in question.talking_points],
        behavioural=question.behavioural,
        suggested_answer_s=question.suggested_answer_s,
    )


@dataclass
class Interview:
    bank: Bank
    questions: list[Question]
    settings: InterviewSettings
    edges: Edges
    ui: InterviewUI
    clock: Callable[[], float] = time.monotonic
    # Computes an answer's analysis right after its transcript (optional).
    analyze: Callable[[Session, Answer], dict] | None = None
    # The session's record and audio files (set by ``start`` and ``run``).
    files: SessionFiles | None = field(default=None, init=False)
    _origin: float = field(default=0.0, init=False)
    _speaker_notice_given: bool = field(default=False, init=False)
    _model_error: list[BaseException] = field(default_factory=list, init=False)

    def start(self, session_id: str | None = None) -> Session:
        """Check the devices, then create and save a new session (under
        ``session_id`` if given: the caller may hold its writer lock already)."""
        if self.settings.answer_source != "typed" and self.edges.recorder is not None:
            self.edges.recorder.check()
        self._origin = self.clock()
        self.files = SessionFiles(session_id or new_session_id())
        session = Session(
            id=self.files.session_id,
            started_at=utc_now_iso(),
            bank_id=self.bank.id,
            bank_title=self.bank.title,
            bank_path=str(self.bank.path),
            language=self.settings.language,
            model=self.edges.transcriber.name if self.edges.transcriber else "",
            categories=list(self.settings.categories),
            settings=replace(self.settings, categories=list(self.settings.categories)),
            question_ids=[q.id for q in self.questions],
            glossary=list(self.bank.glossary),
        )
        self.files.save(session)
        return session

    def run(self, session: Session, redo: int | None = None) -> Session:
        """Ask the questions not answered yet; with ``redo``, first record
        that answer again. A Ctrl-C outside a recording (which stops and
        asks) ends the interview: the session keeps what was saved and is
        marked interrupted (``InterviewStopped``)."""
        self.files = SessionFiles(session.id)
        try:
            with interrupts.watching():
                return self._run(session, redo)
        except KeyboardInterrupt:
            session.status = "interrupted"
            self.files.save(session)
            raise InterviewStopped(session) from None

    def _run(self, session: Session, redo: int | None) -> Session:
        self._load_model_in_background()
        total = len(session.question_ids)  # a resume may ask only some of them
        answered = {a.index for a in session.answers if a.transcript is not None}
        # An answer cut off before any audio was kept is asked again.
        session.answers = [a for a in session.answers if a.index in answered]
        if redo is not None:
            answer = next(a for a in session.answers if a.index == redo)
            self._after_answer(session, answer, total, self.retake(session, answer, total, speak=True))
        for index, question in enumerate(self.questions, 1):
            if index in answered:
                continue
            if interrupts.take():  # a Ctrl-C that some library swallowed
                self._continue(session)
            answer = Answer(index=index, question=asked(question))
            session.answers.append(answer)
            interrupted = self._ask(session, answer, total)
            if answer.stopped_by == "end-of-input":
                session.answers.remove(answer)  # typed input ran out before this answer
                session.status = "interrupted"
                break
            self._after_answer(session, answer, total, interrupted)
        else:
            session.status = "completed" if len(session.answered) == total else "interrupted"
        session.finished_at = utc_now_iso()
        self.files.save(session)
        return session

    def _after_answer(self, session: Session, answer: Answer, total: int, interrupted: bool) -> None:
        """Analyse and save the answer, show it; then the candidate may
        retake it (on a terminal), or after a Ctrl-C end the interview."""
        while True:
            if self.analyze is not None:
                answer.analysis = self.analyze(session, answer)
            self.files.save(session)
            self.ui.answered(answer)
            if not interrupted and self.settings.follow_ups:
                interrupted = followups.ask_follow_ups(self, session, answer)
            if interrupted or interrupts.take():
                self._continue(session)  # raises InterviewStopped to end
                return
            if self.settings.answer_source != "microphone" or not self.ui.offer_retake(answer, answer.index == total):
                return
            interrupted = self.retake(session, answer, total)

    def retake(self, session: Session, answer: Answer, total: int, speak: bool = False) -> bool:
        """Record ``answer`` again; the take it replaces stays in
        ``answer.attempts`` (its audio file too). True if Ctrl-C stopped it."""
        answer.keep_take_as_attempt()
        self.files.save(session)
        return self._ask(session, answer, total, speak=speak)

    def resume_clock(self, session: Session) -> None:
        """Continue the session's clock where its last answer ended."""
        ends = [a.answer_end_s for a in session.answers if a.answer_end_s is not None]
        self._origin = self.clock() - (max(ends) if ends else 0.0)

    def _now(self) -> float:
        return round(self.clock() - self._origin, 3)

    def _continue(self, session: Session) -> None:
        """After Ctrl-C stopped an answer: go on, or end the interview."""
        try:
            if self.ui.continue_after_interrupt():
                return
        except KeyboardInterrupt:
            pass
        session.status = "interrupted"
        session.finished_at = utc_now_iso()
        self.files.save(session)
        raise InterviewStopped(session)

    def _ask(self, session: Session, answer: Answer, total: int, speak: bool = True) -> bool:
        """Ask one question and record its answer; True if Ctrl-C stopped it."""
        self.ui.question(answer, total)
        if speak and self.settings.speak and self.edges.speaker is not None:
            self._speak_question(answer, self.files.question_audio(answer.index))
        if self.settings.think_time_s > 0:
            think_start = self.clock()
            self.ui.think(self.settings.think_time_s)
            answer.think_time_s = round(self.clock() - think_start, 3)
        answer.answer_start_s = self._now()
        if self.settings.answer_source == "typed":
            self._type_answer(answer, answer)
            return False
        dest = self.files.answer_audio(answer.index, take=len(answer.attempts) + 1)
        return self._record_and_transcribe(session, answer, dest)

    def _type_answer(self, answer: Answer, into: Answer | FollowUp) -> None:
        """A typed answer to ``answer``'s question, or to one of its follow-ups."""
        text = self.ui.typed_answer(answer)
        into.answer_end_s = self._now()
        into.answer_source, into.stopped_by = "typed", "typed" if text is not None else "end-of-input"
        into.transcript = Transcript(text=(text or "").strip(), language=self.settings.language)

    def _speak_question(self, answer: Answer | FollowUp, dest: Path, text: str | None = None) -> None:
        rendered = self.edges.speaker.render(text or answer.question.text, self.settings.language, dest)
        answer.question_audio = self.files.named(paths.make_private(rendered))
        if not self.edges.player.available():
            if not self._speaker_notice_given:
                self.ui.notice("no speaker found: questions are shown as text (their audio is kept)")
                self._speaker_notice_given = True
            return
        answer.question_audio_start_s = self._now()
        try:
            self.edges.player.play(dest)
        except DeviceError as exc:
            self.ui.notice(str(exc))
        answer.question_audio_end_s = self._now()

    def _record_and_transcribe(self, session: Session, answer: Answer | FollowUp, dest: Path,
                               recorder: Recorder | None = None) -> bool:
        limits = RecordingLimits(self.settings.max_answer_s, self.settings.silence_stop_s)
        transcriber = self.edges.transcriber
        # Name the answer file in the record before recording starts, so a
        # crash mid-answer leaves a session that `resume` can recover.
        answer.answer_audio = self.files.named(dest)
        answer.answer_source = self.settings.answer_source
        self.files.save(session)
        live = transcriber.start_live(dest, self.settings.language)
        try:
            recording = (recorder or self.edges.recorder).record(dest, limits, self.ui.recording_monitor(limits))
        except BaseException:
            if live is not None:
                live.cancel()  # stop the transcription thread before the error unwinds
            raise
        answer.answer_end_s = self._now()
        paths.make_private(recording.path)
        answer.answer_audio_duration_s = round(recording.duration_s, 3)
        answer.stopped_by = recording.stopped_by
        self.files.save(session)  # the audio is safe even if transcription fails
        if self._model_error:
            raise self._model_error[0]
        try:
            with self.ui.waiting("Transcribing", recording.duration_s) as progress:
                if live is not None:
                    answer.transcript = live.finish(recording, progress=progress)
                else:
                    answer.transcript = transcriber.transcribe(recording.path, self.settings.language,
                                                               progress=progress)
        except BaseException:
            if live is not None:
                live.cancel()  # a Whisper pass still running as Python exits aborts it
            raise
        return recording.stopped_by == "interrupted"

    def _load_model_in_background(self) -> None:
        """Load the model while the first question is spoken."""
        transcriber = self.edges.transcriber
        if transcriber is None or self.settings.answer_source == "typed":
            return

        def load() -> None:
            try:
                transcriber.prepare()
            except VoiceInterviewError as exc:
                self._model_error.append(exc)

        threading.Thread(target=load, name="model-loader", daemon=True).start()
