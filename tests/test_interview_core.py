"""The interview core with fake edges: fast, no hardware, no Whisper."""

from __future__ import annotations

import contextlib
import json
import stat

import pytest

from voice_interview.records import store
from voice_interview.banks.bank import load_bank
from voice_interview.edges.fakes import FakePlayer, FakeRecorder, FakeSpeaker, FakeTranscriber
from voice_interview.errors import NoInputDeviceError
from voice_interview.core.interview import (
    Edges,
    Interview,
    InterviewSettings,
    InterviewStopped,
    choose_questions,
)


class ScriptedUI:
    """Records what the core showed; answers prompts from a script."""

    def __init__(self, typed=(), go_on=(), retakes=()):
        self.events: list[tuple] = []
        self._typed = list(typed)
        self._go_on = list(go_on)
        self._retakes = list(retakes)
        self.saved_answer_counts: list[int] = []

    def notice(self, message):
        self.events.append(("notice", message))

    def question(self, answer, total):
        self.events.append(("question", answer.index, total))

    def think(self, seconds):
        self.events.append(("think", seconds))

    def recording_monitor(self, limits):
        return lambda elapsed_s, level: False

    def typed_answer(self, answer):
        return self._typed.pop(0)

    @contextlib.contextmanager
    def waiting(self, label, total_s):
        self.events.append(("waiting", label))
        yield lambda done_s, total_s: None

    def offer_retake(self, answer, last):
        self.events.append(("offer_retake", answer.index, last))
        return self._retakes.pop(0) if self._retakes else False

    def answered(self, answer):
        self.events.append(("answered", answer.index))
        session_file = sorted(store.session_path("x").parent.glob("*.json"))[-1]
        self.saved_answer_counts.append(len(json.loads(session_file.read_text())["answers"]))

    def continue_after_interrupt(self):
        answer = self._go_on.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer


def make_interview(ui, settings=None, count=3, player=None, recorder=None, transcriber=None):
    bank = load_bank()
    questions = choose_questions(bank, ("strategy",), count)
    edges = Edges(
        player=player or FakePlayer(),
        speaker=FakeSpeaker(),
        recorder=recorder or FakeRecorder(),
        transcriber=transcriber or FakeTranscriber(),
    )
    return Interview(bank, questions, settings or InterviewSettings(), edges, ui)


def test_choose_questions_by_category_count_and_shuffle():
    bank = load_bank()
    assert [q.number for q in choose_questions(bank, ("strategy",))] == [9, 10, 11, 12, 13]
    assert [q.number for q in choose_questions(bank, ("goals", "general"), 5)] == [1, 2, 3, 4, 14]
    shuffled = [q.number for q in choose_questions(bank, (), None, shuffle=True, seed=3)]
    assert sorted(shuffled) == list(range(1, 28)) and shuffled != sorted(shuffled)
    assert shuffled == [q.number for q in choose_questions(bank, (), None, shuffle=True, seed=3)]


def test_a_whole_interview_is_saved_after_every_answer(data_home):
    ui = ScriptedUI()
    transcriber = FakeTranscriber()
    for text in ["first answer here", "second answer", "third"]:
        transcriber.enqueue(text)
    recorder = FakeRecorder()
    for seconds in (2.0, 3.0, 1.5):
        recorder.enqueue(seconds)
    interview = make_interview(ui, recorder=recorder, transcriber=transcriber)
    session = interview.run(interview.start())

    assert ui.saved_answer_counts == [1, 2, 3]
    assert session.status == "completed"
    assert [a.transcript.text for a in session.answers] == ["first answer here", "second answer", "third"]
    assert [a.answer_audio_duration_s for a in session.answers] == [2.0, 3.0, 1.5]
    assert transcriber.prepared
    loaded = store.load_session(session.id)
    assert loaded == session
    for answer in loaded.answers:
        assert answer.question_audio_start_s <= answer.question_audio_end_s <= answer.answer_start_s
        assert answer.answer_start_s <= answer.answer_end_s
        assert (data_home / answer.answer_audio).is_file()
        assert (data_home / answer.question_audio).is_file()
        assert answer.question.guidance and answer.question.talking_points
    first, second = loaded.answers[:2]
    assert first.answer_end_s <= second.question_audio_start_s


def test_recordings_and_records_are_private(data_home):
    interview = make_interview(ScriptedUI(), count=1)
    session = interview.run(interview.start())
    record = store.session_path(session.id)
    audio = data_home / session.answers[0].answer_audio
    for path in (record, audio):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for folder in (record.parent, audio.parent, audio.parent.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_no_speaker_shows_text_and_says_so_once():
    ui = ScriptedUI()
    player = FakePlayer(available=False)
    interview = make_interview(ui, player=player)
    session = interview.run(interview.start())
    notices = [e for e in ui.events if e[0] == "notice"]
    assert len(notices) == 1 and "no speaker" in notices[0][1]
    assert player.played == []
    assert all(a.question_audio and a.question_audio_start_s is None for a in session.answers)


def test_no_microphone_fails_before_anything_is_saved(data_home):
    interview = make_interview(ScriptedUI(), recorder=FakeRecorder(has_device=False))
    with pytest.raises(NoInputDeviceError):
        interview.start()
    assert store.list_session_ids() == []


def test_typed_answers_need_no_recorder_or_model():
    ui = ScriptedUI(typed=["I read trade newsletters", "", "Influencers"])
    settings = InterviewSettings(answer_source="typed", speak=False)
    interview = make_interview(ui, settings=settings)
    interview.edges.recorder = None
    interview.edges.transcriber = None
    session = interview.run(interview.start())
    assert [a.transcript.text for a in session.answers] == ["I read trade newsletters", "", "Influencers"]
    assert all(a.answer_source == "typed" and a.answer_audio is None for a in session.answers)


def test_think_time_is_shown_and_measured():
    ui = ScriptedUI()
    interview = make_interview(ui, settings=InterviewSettings(think_time_s=4), count=1)
    session = interview.run(interview.start())
    assert ("think", 4) in ui.events
    assert session.answers[0].think_time_s >= 0


def test_ctrl_c_keeps_the_answer_and_can_go_on():
    recorder = FakeRecorder()
    recorder.enqueue(1.0, "interrupted")
    ui = ScriptedUI(go_on=[True])
    interview = make_interview(ui, recorder=recorder, count=2)
    session = interview.run(interview.start())
    assert session.status == "completed"
    assert session.answers[0].stopped_by == "interrupted"
    assert session.answers[0].transcript is not None


def test_second_ctrl_c_ends_the_interview_with_everything_saved():
    recorder = FakeRecorder()
    recorder.enqueue(2.0, "enter")
    recorder.enqueue(1.0, "interrupted")
    ui = ScriptedUI(go_on=[KeyboardInterrupt()])
    interview = make_interview(ui, recorder=recorder, count=3)
    with pytest.raises(InterviewStopped) as stopped:
        interview.run(interview.start())
    saved = store.load_session(stopped.value.session.id)
    assert saved.status == "interrupted"
    assert len(saved.answers) == 2 and saved.answers[1].answer_audio


def test_limits_reach_the_recorder():
    recorder = FakeRecorder()
    settings = InterviewSettings(max_answer_s=42, silence_stop_s=3)
    interview = make_interview(ScriptedUI(), settings=settings, recorder=recorder, count=1)
    interview.run(interview.start())
    assert recorder.limits[0].max_answer_s == 42 and recorder.limits[0].silence_stop_s == 3


def test_a_retake_keeps_the_earlier_take_as_an_attempt(data_home):
    recorder = FakeRecorder()
    recorder.enqueue(1.0)
    recorder.enqueue(2.0)
    transcriber = FakeTranscriber()
    transcriber.enqueue("first try")
    transcriber.enqueue("second try")
    ui = ScriptedUI(retakes=[True, False])
    interview = make_interview(ui, recorder=recorder, transcriber=transcriber, count=1)
    session = interview.run(interview.start())
    answer = store.load_session(session.id).answers[0]
    assert answer.transcript.text == "second try" and answer.answer_audio_duration_s == 2.0
    assert [a["transcript"]["text"] for a in answer.attempts] == ["first try"]
    assert answer.attempts[0]["answer_audio"].endswith("q01-answer.wav")
    assert answer.answer_audio.endswith("q01-answer-take2.wav")
    assert (data_home / answer.attempts[0]["answer_audio"]).is_file() and (data_home / answer.answer_audio).is_file()
    assert ("offer_retake", 1, True) in ui.events


def test_redo_records_an_answer_of_a_finished_session_again():
    interview = make_interview(ScriptedUI(), count=2)
    session = interview.run(interview.start())
    first_audio = session.answers[1].answer_audio
    again = make_interview(ScriptedUI(), count=2).run(store.load_session(session.id), redo=2)
    assert again.status == "completed" and [a.index for a in again.answers] == [1, 2]
    assert again.answers[1].attempts[0]["answer_audio"] == first_audio
    assert not again.answers[0].attempts


def test_a_record_from_before_retakes_loads_with_no_attempts(data_home):
    interview = make_interview(ScriptedUI(), count=1)
    session = interview.run(interview.start())
    path = store.session_path(session.id)
    data = json.loads(path.read_text())
    for answer in data["answers"]:
        del answer["attempts"]
    path.write_text(json.dumps(data))
    assert store.load_session(session.id).answers[0].attempts == []
