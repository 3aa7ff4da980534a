"""What a crash left behind: answers whose audio is on disk but that have no
transcript yet, transcribed when the interview is resumed."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, ContextManager

from voice_interview.records.sessionfiles import SessionFiles
from voice_interview.records.wavfile import repair_wav

if TYPE_CHECKING:
    from voice_interview.edges.base import Transcriber
    from voice_interview.core.parts import InterviewUI
    from voice_interview.records.session import Answer, FollowUp, Session


def unfinished_recordings(session: Session) -> list[Answer | FollowUp]:
    """Answers and follow-ups whose recording was cut off (a crash): audio
    named, no transcript."""
    items: list[Answer | FollowUp] = []
    for answer in session.answers:
        items += [i for i in (answer, *answer.follow_ups) if i.transcript is None and i.answer_audio]
    return items


def recover_answers(session: Session, transcriber: Transcriber,
                    ui: InterviewUI | None = None) -> list[Answer | FollowUp]:
    """Transcribe the answers a crash cut off: their audio is on disk (its
    WAV header repaired) but they have no transcript yet."""
    files, recovered = SessionFiles(session.id), []
    for answer in unfinished_recordings(session):
        audio = files.audio(answer.answer_audio)
        try:
            answer.answer_audio_duration_s = round(repair_wav(audio), 3)
        except (OSError, ValueError):
            if getattr(answer, "attempts", None):  # a retake cut off before any audio: the take before stands
                answer.restore_last_take()
                files.save(session)
            continue  # nothing usable was recorded: the question is asked again
        answer.stopped_by = answer.stopped_by or "recovered"
        files.save(session)
        what = f"answer {answer.index}" if hasattr(answer, "index") else "a follow-up"
        with _waiting(ui, f"Transcribing {what}", answer.answer_audio_duration_s) as progress:
            answer.transcript = transcriber.transcribe(audio, session.language, progress=progress)
        files.save(session)
        recovered.append(answer)
    return recovered


def _waiting(ui: InterviewUI | None, label: str, total_s: float | None) -> ContextManager:
    return ui.waiting(label, total_s) if ui is not None else contextlib.nullcontext(None)
