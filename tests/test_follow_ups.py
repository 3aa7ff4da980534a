"""Probing follow-ups: which missed point is probed, and how the core asks,
records and saves the follow-up (fake edges: fast, no hardware)."""

from __future__ import annotations

import json

from test_interview_core import ScriptedUI, make_interview

from voice_interview.records import store
from voice_interview.analysis.history import answer_analyzer
from voice_interview.banks.bank import load_bank
from voice_interview.edges.fakes import FakeRecorder, FakeTranscriber
from voice_interview.core.followups import next_probe
from voice_interview.core.interview import InterviewSettings, asked
from voice_interview.records.session import Answer, FollowUp, Session, Transcript


class ProbedUI(ScriptedUI):
    def follow_up(self, answer, follow_up):
        self.events.append(("follow-up", answer.index, follow_up.text))

    def follow_up_answered(self, answer, follow_up):
        self.events.append(("follow-up answered", answer.index, follow_up.transcript.text))


def answer_to(question_id: str, text: str, language: str = "en") -> Answer:
    question = next(q for q in load_bank(None, language).questions if q.id == question_id)
    return Answer(index=1, question=asked(question), transcript=Transcript(text, language))


def test_every_point_of_the_shipped_bank_has_a_probe_in_both_languages():
    for language in ("en", "nb"):
        points = [p for q in load_bank(None, language).questions for p in q.talking_points]
        assert len(points) == 91
        assert all(p.probe.endswith("?") or p.probe.endswith(".") for p in points), language


def test_the_first_missed_point_is_probed():
    # Covers "platforms" (instagram) but neither industries nor follower sizes.
    answer = answer_to("accounts-managed", "I ran our Instagram and TikTok for three years.")
    index, point = next_probe(answer, "en")
    assert (index, point["label"]) == (1, "Industries and brands they have worked for")
    assert point["probe"] == "Which industries or brands were those accounts for?"


def test_a_heavier_point_is_probed_before_an_earlier_one():
    # proudest-campaign: "Results achieved" weighs 2; planning is missed too but weighs 1.
    answer = answer_to("proudest-campaign", "It was a summer launch on Instagram.")
    _, point = next_probe(answer, "en")
    assert point["label"] == "Results achieved"


def test_a_point_covered_in_a_follow_up_is_not_probed_again():
    answer = answer_to("accounts-managed", "I ran our Instagram account.")
    answer.follow_ups.append(FollowUp(point="Industries and brands they have worked for", text="?",
                                      transcript=Transcript("Mostly retail brands.", "en")))
    _, point = next_probe(answer, "en")
    assert point["label"] == "Size of the follower bases"


def test_nothing_is_probed_when_every_point_is_covered_or_has_no_probe():
    answer = answer_to("accounts-managed", "Instagram for retail brands with ten thousand followers.")
    assert next_probe(answer, "en") is None
    answer = answer_to("accounts-managed", "Nothing relevant.")
    for point in answer.question.talking_points:
        point.pop("probe")
    assert next_probe(answer, "en") is None


def test_nothing_is_probed_after_a_silent_answer_or_a_silent_follow_up():
    assert next_probe(answer_to("accounts-managed", ""), "en") is None
    answer = answer_to("accounts-managed", "I ran our Instagram account.")
    answer.follow_ups.append(FollowUp(point="Industries and brands they have worked for", text="?",
                                      transcript=Transcript("", "en")))
    assert next_probe(answer, "en") is None


def test_norwegian_probe():
    answer = answer_to("accounts-managed", "Jeg har styrt Instagram for kunder i bankbransjen.", "nb")
    _, point = next_probe(answer, "nb")
    assert point["probe"] == "Omtrent hvor mange følgere hadde de kontoene?"


def test_the_interview_asks_records_and_saves_a_follow_up(data_home):
    ui = ProbedUI()
    transcriber = FakeTranscriber()
    # Strategy question 9 (staying-current): misses the named sources, then the follow-up names one.
    transcriber.enqueue("I check trends every morning and read about algorithm changes")
    transcriber.enqueue("I read Social Media Today and the Hootsuite blog")
    recorder = FakeRecorder()
    recorder.enqueue(2.0)
    recorder.enqueue(1.5)
    interview = make_interview(ui, settings=InterviewSettings(follow_ups=1), count=1,
                               recorder=recorder, transcriber=transcriber)
    interview.analyze = answer_analyzer()
    session = interview.run(interview.start())

    probe = "Which news sites, newsletters or podcasts do you follow?"
    assert ("follow-up", 1, probe) in ui.events
    assert ui.events.index(("answered", 1)) < ui.events.index(("follow-up", 1, probe))
    saved = store.load_session(session.id)
    (follow_up,) = saved.answers[0].follow_ups
    assert follow_up.point == "Named news sources or trade publications"
    assert follow_up.transcript.text == "I read Social Media Today and the Hootsuite blog"
    assert follow_up.answer_audio_duration_s == 1.5
    assert (data_home / follow_up.answer_audio).is_file()
    assert (data_home / follow_up.question_audio).name == "q01-follow-up1-question.wav"
    assert saved.answers[0].answer_end_s <= follow_up.question_audio_start_s <= follow_up.answer_start_s
    assert interview.edges.speaker.rendered[-1] == (probe, "en")


def test_at_most_n_follow_ups_and_zero_turns_them_off():
    for limit, expected in ((0, 0), (1, 1), (2, 2)):
        ui = ProbedUI()
        transcriber = FakeTranscriber()
        for _ in range(3):
            transcriber.enqueue("I am not sure")  # an answer and follow-ups that miss every point
        interview = make_interview(ui, settings=InterviewSettings(follow_ups=limit), count=1,
                                   transcriber=transcriber)
        session = interview.run(interview.start())
        assert len(session.answers[0].follow_ups) == expected
        labels = [f.point for f in session.answers[0].follow_ups]
        assert len(set(labels)) == len(labels)


def test_typed_follow_ups_take_the_next_line_and_end_of_input_drops_them():
    ui = ProbedUI(typed=["I check trends daily", "Social Media Today"])
    settings = InterviewSettings(answer_source="typed", speak=False, follow_ups=1)
    interview = make_interview(ui, settings=settings, count=2)
    interview.edges.recorder = interview.edges.transcriber = None
    ui._typed.append(None)  # the input ends before the second answer
    session = interview.run(interview.start())
    assert session.answers[0].follow_ups[0].transcript.text == "Social Media Today"
    assert session.status == "interrupted" and len(session.answers) == 1


def test_old_records_without_follow_ups_still_load(data_home):
    interview = make_interview(ScriptedUI(), count=1)
    session = interview.run(interview.start())
    path = store.session_path(session.id)
    record = json.loads(path.read_text())
    for answer in record["answers"]:
        del answer["follow_ups"]
        for point in answer["question"]["talking_points"]:
            point.pop("probe"), point.pop("weight")
    path.write_text(json.dumps(record))
    loaded = store.load_session(session.id)
    assert loaded.answers[0].follow_ups == [] and isinstance(loaded, Session)
    assert next_probe(loaded.answers[0], "en") is None


def test_an_unclear_point_is_probed_after_the_missed_ones():
    from voice_interview.records.session import Segment, Word

    answer = answer_to("accounts-managed", "")
    words = [Word(0.0, 0.4, "Instagram", 0.2), Word(0.4, 0.8, "for", 0.9), Word(0.8, 1.2, "retail.", 0.9)]
    answer.transcript = Transcript("Instagram for retail.", "en", [Segment(0.0, 1.2, "", words)])
    # Industries covered (retail), platforms only unclear, follower sizes missed.
    _, point = next_probe(answer, "en")
    assert point["label"] == "Size of the follower bases"
    answer.follow_ups.append(FollowUp(point=point["label"], text="?", transcript=Transcript("No idea.", "en")))
    _, point = next_probe(answer, "en")
    assert point["label"] == "Platforms they have worked on"


def test_a_follow_up_cut_off_by_a_crash_is_recovered_on_resume(data_home):
    from voice_interview.edges.fakes import write_silence
    from voice_interview.core.recovery import recover_answers, unfinished_recordings

    answering = FakeTranscriber()
    answering.enqueue("I am not sure")
    interview = make_interview(ProbedUI(), settings=InterviewSettings(follow_ups=1), count=1,
                               transcriber=answering)
    session = interview.run(interview.start())
    follow_up = session.answers[0].follow_ups[0]
    follow_up.transcript = None  # the process died while the follow-up was recorded
    write_silence(data_home / follow_up.answer_audio, 2.0)
    store.save_session(session)
    loaded = store.load_session(session.id)
    assert unfinished_recordings(loaded) == [loaded.answers[0].follow_ups[0]]
    transcriber = FakeTranscriber()
    transcriber.enqueue("I read newsletters")
    (recovered,) = recover_answers(loaded, transcriber)
    assert recovered.transcript.text == "I read newsletters" and recovered.stopped_by
    assert store.load_session(session.id).answers[0].follow_ups[0].transcript.text == "I read newsletters"
