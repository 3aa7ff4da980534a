"""Transcribing a session's recorded answers again (e.g. with a larger
model), saving after every answer so an interruption loses at most one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, ContextManager

from voice_interview.records.sessionfiles import SessionFiles

if TYPE_CHECKING:
    from voice_interview.edges.base import Progress, Transcriber
    from voice_interview.records.session import Answer, Session


def retranscribe(session: Session, transcriber: Transcriber,
                 waiting: Callable[[Answer], ContextManager[Progress]],
                 done: Callable[[Answer], None]) -> list[Answer]:
    """Transcribe every answer that has audio again; ``waiting(answer)``
    shows the progress of one, ``done(answer)`` is told when it is saved.
    The session then names the new model. Returns the answers redone."""
    files = SessionFiles(session.id)
    recorded = [a for a in session.answers if a.answer_audio]
    for answer in recorded:
        with waiting(answer) as progress:
            answer.transcript = transcriber.transcribe(files.audio(answer.answer_audio), session.language,
                                                       progress=progress)
        answer.analysis = None  # recomputed from the new words when next shown
        files.save(session)
        done(answer)
    session.model = transcriber.name
    files.save(session)
    return recorded
