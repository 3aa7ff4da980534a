"""The core's resume: a saved session continued with the settings it was
run with (older records load with today's defaults), the model it was
transcribed with, and nothing to do for a complete one."""

from __future__ import annotations

import json

import pytest

from tests.test_interview_core import ScriptedUI, make_interview
from voice_interview.core.interview import InterviewSettings
from voice_interview.core.parts import Edges
from voice_interview.core.resume import Resumption
from voice_interview.edges.fakes import FakePlayer, FakeRecorder, FakeTranscriber
from voice_interview.errors import BadInputError, NoInputDeviceError
from voice_interview.records import store


def typed_session_cut_after_one(settings: InterviewSettings):
    """A typed interview of three questions whose input ran out after one."""
    interview = make_interview(ScriptedUI(typed=["first", None]), settings=settings)
    return interview.run(interview.start())


def test_resume_goes_on_with_the_saved_settings_and_finishes(data_home):
    saved = InterviewSettings(think_time_s=2.5, max_answer_s=60, silence_stop_s=4, answer_source="typed",
                              categories=("strategy",), follow_ups=0, speak=False)
    session = typed_session_cut_after_one(saved)
    assert session.status == "interrupted"
    resumption = Resumption.open(session.id)
    assert resumption.answered == {1} and resumption.typed(False, False) and not resumption.speak(False)
    ui = ScriptedUI(typed=["second", "third"])
    interview = resumption.interview(resumption.questions, Edges(player=FakePlayer()), "typed", None, 1, ui,
                                     clock=lambda: 100.0)
    assert (interview.settings.think_time_s, interview.settings.max_answer_s, interview.settings.silence_stop_s,
            interview.settings.follow_ups) == (2.5, 60, 4, 0)
    finished = interview.run(resumption.session)
    assert finished.status == "completed"
    assert [a.transcript.text for a in store.load_session(session.id).answers] == ["first", "second", "third"]
    assert Resumption.open(session.id) is None  # complete: nothing to resume


def test_an_older_record_without_follow_ups_loads_with_the_default_and_stays_as_it_was(data_home):
    session = typed_session_cut_after_one(InterviewSettings(answer_source="typed", speak=False, follow_ups=0))
    path = store.session_path(session.id)
    record = json.loads(path.read_text())
    del record["settings"]["follow_ups"]  # saved before follow-ups existed
    path.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n")
    resumption = Resumption.open(session.id)
    assert resumption.session.settings.follow_ups is None
    interview = resumption.interview(resumption.questions, Edges(player=FakePlayer()), "typed", None, 0, ScriptedUI())
    assert interview.settings.follow_ups == 0  # the answer source's default, as for a new interview
    store.save_session(resumption.session)
    assert json.loads(path.read_text()) == record


def test_a_redo_needs_an_answer_and_a_fake_model_is_not_loaded_again(data_home):
    session = typed_session_cut_after_one(InterviewSettings(answer_source="typed"))
    with pytest.raises(BadInputError, match="has no answer 2 to redo; answered: 1"):
        Resumption.open(session.id, redo=2)
    record = store.load_session(session.id)
    record.model = FakeTranscriber.name
    store.save_session(record)
    resumption = Resumption.open(session.id, redo=1)
    assert resumption.model(None) is None and resumption.model("base") == "base"
    edges = Edges(player=FakePlayer(), recorder=FakeRecorder(has_device=False), transcriber=FakeTranscriber())
    with pytest.raises(NoInputDeviceError):  # a redo records: the microphone is checked first
        resumption.interview(resumption.questions, edges, "microphone", None, 1, ScriptedUI())
