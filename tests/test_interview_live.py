"""The interview core on the live path (Transcriber.start_live), with the
fake live transcription: what every real answer goes through."""

from __future__ import annotations

import pytest

from tests.test_interview_core import ScriptedUI, make_interview
from voice_interview.records import store
from voice_interview.edges.fakes import FakeRecorder, FakeTranscriber, write_silence
from voice_interview.errors import DeviceError


class FailingRecorder(FakeRecorder):
    """Writes a second of the answer, then fails (a microphone unplugged,
    or Ctrl-C where the recording loop does not catch it)."""

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self._error = error

    def record(self, dest, limits, monitor):
        write_silence(dest, 1.0)
        raise self._error


def test_answers_are_transcribed_while_they_are_recorded(data_home):
    transcriber = FakeTranscriber()
    transcriber.enqueue("first answer")
    transcriber.enqueue("second answer")
    interview = make_interview(ScriptedUI(), count=2, transcriber=transcriber)
    session = interview.run(interview.start())

    assert [a.transcript.text for a in store.load_session(session.id).answers] == ["first answer", "second answer"]
    assert transcriber.transcribed == []  # no answer was transcribed again after recording
    assert [live.audio for live in transcriber.live] == [data_home / a.answer_audio for a in session.answers]
    assert all(live.finished and not live.cancelled and live.language == "en" for live in transcriber.live)
    assert [live.committed_text for live in transcriber.live] == ["first answer", "second answer"]


def test_a_transcriber_that_cannot_stream_transcribes_each_answer_after_it(data_home):
    transcriber = FakeTranscriber(live=False)
    transcriber.enqueue("only after recording")
    interview = make_interview(ScriptedUI(), count=1, transcriber=transcriber)
    session = interview.run(interview.start())
    assert session.answers[0].transcript.text == "only after recording"
    assert transcriber.transcribed == [data_home / session.answers[0].answer_audio]
    assert transcriber.live == []


@pytest.mark.parametrize("error", [DeviceError("the microphone was unplugged"), KeyboardInterrupt()])
def test_a_recording_that_fails_cancels_its_live_transcription(error, data_home):
    transcriber = FakeTranscriber()
    interview = make_interview(ScriptedUI(), count=2, recorder=FailingRecorder(error), transcriber=transcriber)
    session = interview.start()
    with pytest.raises(type(error)):
        interview.run(session)
    (live,) = transcriber.live
    assert live.cancelled and not live.finished
    saved = store.load_session(session.id).answers[0]
    assert saved.transcript is None and (data_home / saved.answer_audio).is_file()  # `resume` recovers it


def test_ctrl_c_while_transcribing_cancels_the_live_transcription(data_home):
    transcriber = FakeTranscriber()
    transcriber.enqueue("never saved", live_error=KeyboardInterrupt())
    interview = make_interview(ScriptedUI(), count=2, transcriber=transcriber)
    session = interview.start()
    with pytest.raises(KeyboardInterrupt):
        interview.run(session)
    (live,) = transcriber.live
    assert live.finished and live.cancelled
    saved = store.load_session(session.id).answers[0]
    assert saved.transcript is None and saved.answer_audio_duration_s == 1.0


def test_a_live_transcription_that_fails_falls_back_to_the_whole_file(data_home):
    transcriber = FakeTranscriber()
    transcriber.enqueue("heard from the file", live_error=RuntimeError("an odd WAV"))
    transcriber.enqueue("heard live")
    interview = make_interview(ScriptedUI(), count=2, transcriber=transcriber)
    session = interview.run(interview.start())

    first, second = store.load_session(session.id).answers
    assert (first.transcript.text, first.transcript.live_fallback) == ("heard from the file", "whole-file")
    assert (second.transcript.text, second.transcript.live_fallback) == ("heard live", None)
    assert transcriber.transcribed == [data_home / first.answer_audio]
    assert session.status == "completed"
