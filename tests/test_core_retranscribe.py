"""The core's retranscribe: every recorded answer transcribed again and the
session saved after each one, so an interruption loses at most one."""

from __future__ import annotations

import contextlib
from dataclasses import replace

from tests.test_store import sample_session
from voice_interview.core.retranscribe import retranscribe
from voice_interview.edges.fakes import FakeTranscriber, write_silence
from voice_interview.records import store
from voice_interview.records.sessionfiles import SessionFiles, answer_audio_name, question_audio_name


def test_each_answer_is_saved_as_soon_as_it_is_transcribed_again(data_home):
    base = sample_session()
    files = SessionFiles(base.id)
    answers = [replace(base.answers[0], index=i, answer_audio=files.named(write_silence(files.answer_audio(i), 1.0)),
                       analysis={"version": 1}) for i in (1, 2)]
    typed = replace(base.answers[0], index=3, answer_audio=None, answer_source="typed")
    session = replace(base, answers=[*answers, typed], question_ids=["q"] * 3)
    files.save(session)
    transcriber = FakeTranscriber()
    transcriber.enqueue("first again")
    transcriber.enqueue("second again")
    on_disk = []

    def done(answer):
        on_disk.append([a.transcript.text for a in store.load_session(session.id).answers])

    redone = retranscribe(session, transcriber, lambda answer: contextlib.nullcontext(None), done)
    assert [a.index for a in redone] == [1, 2]
    assert on_disk == [["first again", "Because reasons.", "Because reasons."],
                       ["first again", "second again", "Because reasons."]]
    saved = store.load_session(session.id)
    assert saved.model == "fake" and [a.analysis for a in saved.answers] == [None, None, None]
    assert transcriber.transcribed == [files.audio(a.answer_audio) for a in answers]


def test_a_sessions_audio_is_named_in_one_place(data_home):
    assert [answer_audio_name(1), answer_audio_name(1, take=2), answer_audio_name(3, follow_up=2)] == [
        "q01-answer.wav", "q01-answer-take2.wav", "q03-follow-up2-answer.wav"]
    assert [question_audio_name(12), question_audio_name(1, 1)] == ["q12-question.wav", "q01-follow-up1-question.wav"]
    files = SessionFiles("20261126-093000-ab12")
    assert files.named(files.answer_audio(1)) == "audio/20261126-093000-ab12/q01-answer.wav"
