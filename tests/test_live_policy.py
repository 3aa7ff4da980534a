"""The live commit policy (voice_interview/edges/live_policy.py) on plain
speech scores: one probability per 32 ms window, no audio, no Whisper."""

from __future__ import annotations

import math

from voice_interview.edges.live_policy import (
    MAX_PENDING_S,
    MAX_SKIP_REPAIRS,
    MIN_CHUNK_S,
    SPEECH_LEAD_S,
    SPECULATE_AFTER_SILENCE_S,
    VAD_WINDOW,
    WHISPER_RATE,
    LivePolicy,
    Pass,
    SpeechScores,
    Step,
    Verdict,
    missed_audio,
)

SPEECH, SILENCE = 0.9, 0.1


def windows(seconds: float) -> int:
    return math.ceil(seconds * WHISPER_RATE / VAD_WINDOW)


def speech(seconds: float) -> list[float]:
    return [SPEECH] * windows(seconds)


def silence(seconds: float) -> list[float]:
    return [SILENCE] * windows(seconds)


def samples(seconds: float) -> int:
    """The samples in ``seconds`` of whole windows, as the helpers above make them."""
    return windows(seconds) * VAD_WINDOW


def transcribed(policy: LivePolicy, due: Pass) -> None:
    """Whisper heard every word of each chunk it was fed."""
    feed = policy.feed(due)
    while feed.start is not None:
        feed.heard(due.end)


def test_a_pause_after_speech_makes_a_tentative_pass():
    policy = LivePolicy()
    policy.heard(speech(3.0) + silence(SPECULATE_AFTER_SILENCE_S - 0.1))
    assert policy.step() == Step()  # too early: the candidate may be drawing breath
    policy.heard(silence(0.1))
    speech_end = samples(3.0)
    end = policy.scores.scored
    assert policy.step() == Step(transcribe=Pass(0, end, (speech_end + end) // 2, tentative=True))


def test_a_tentative_result_stands_while_nothing_more_is_said():
    policy = LivePolicy()
    policy.heard(speech(3.0) + silence(0.5))
    assert policy.step().transcribe.tentative
    policy.heard(silence(5.0))
    assert policy.step() == Step(Verdict.STANDS)
    assert policy.finish(policy.scores.scored) == Step(Verdict.STANDS)


def test_a_tentative_result_shorter_than_min_chunk_is_dropped_and_redone_with_more_context():
    policy = LivePolicy()
    policy.heard(speech(3.0) + silence(0.5))
    first = policy.step().transcribe
    transcribed(policy, first)
    policy.heard(speech(1.0))
    assert first.end - first.start < MIN_CHUNK_S * WHISPER_RATE
    assert policy.step() == Step(Verdict.DROP)
    assert policy.pending_start == 0
    policy.heard(silence(0.5))
    again = policy.step().transcribe
    assert again.tentative and again.start == 0 and again.end > first.end


def test_a_tentative_result_of_min_chunk_is_committed_when_speech_resumes():
    policy = LivePolicy()
    policy.heard(speech(MIN_CHUNK_S + 0.5) + silence(0.5))
    first = policy.step().transcribe
    transcribed(policy, first)
    policy.heard(speech(1.0))
    assert policy.step() == Step(Verdict.COMMIT)
    # The next chunk starts mid-pause: a soft onset scored as silence is kept.
    assert first.end - samples(0.5) < policy.pending_start == first.resume_at < first.end
    policy.heard(silence(0.5))
    second = policy.step().transcribe
    assert second.tentative and second.start == first.resume_at


def test_pending_audio_is_cut_at_its_quietest_point_at_max_pending():
    policy = LivePolicy()
    # 24 s with no pause long enough for a tentative pass: breaths of 0.1 s,
    # and one of 0.3 s in the later half, which is where the cut goes.
    breath, long_breath = silence(0.1), silence(0.3)
    talk = speech(3.5) + breath + speech(3.5) + breath + speech(5.0) + breath + speech(2.0)
    policy.heard(talk + long_breath)
    long_breath_middle = (len(talk) + (len(long_breath) - 1) // 2) * VAD_WINDOW  # its middle window
    policy.heard(speech(MAX_PENDING_S - len(talk + long_breath) * VAD_WINDOW / WHISPER_RATE - 0.2))
    assert policy.step() == Step()
    policy.heard(speech(0.2))
    assert policy.step() == Step(transcribe=Pass(0, long_breath_middle, long_breath_middle))
    assert policy.pending_start == long_breath_middle


def test_with_no_silent_window_the_cut_is_the_least_speech_like_one():
    scores = SpeechScores([0.9] * 100 + [0.8] * 30 + [0.55] + [0.8] * 19)
    assert scores.quietest_point(0) == 130 * VAD_WINDOW
    assert SpeechScores([0.9] * 10 + [0.51] + [0.9] * 189).quietest_point(0) != 10 * VAD_WINDOW  # not in the later half


def passes_at_pauses(policy: LivePolicy, pauses: int) -> list[bool]:
    """Speech, then pause after pause, each short result dropped as speech
    resumes: whether a tentative pass was due at each pause."""
    policy.heard(speech(3.5) + silence(0.5))
    due_at = []
    for _ in range(pauses):
        due = policy.step().transcribe
        due_at.append(due is not None)
        if due is not None:
            assert due.tentative and due.start == 0 and due.end < MIN_CHUNK_S * WHISPER_RATE
            transcribed(policy, due)
        policy.heard(speech(0.4))
        assert policy.step().verdict in (Verdict.DROP, None)
        policy.heard(silence(0.5))
    return due_at


def test_the_speculation_budget_holds_a_pass_back_until_the_pause_is_long():
    policy = LivePolicy()
    # A third pass would take the audio fed to Whisper to 4.0 + 4.9 + 5.8 s, past 1.5 x 5.8 + 4 s.
    assert passes_at_pauses(policy, 3) == [True, True, False]
    for _ in range(60):
        policy.heard(silence(0.1))
        due = policy.step().transcribe
        if due is not None:
            break
    assert due is not None and due.tentative  # a long pause is still used
    assert due.end - policy.scores.last_speech_end > samples(3.0)


def test_without_a_budget_no_pass_is_held_back():
    assert passes_at_pauses(LivePolicy(speculation_budget=math.inf), 3) == [True, True, True]


def test_pending_silence_is_forgotten_but_for_a_lead_to_the_next_speech():
    policy = LivePolicy()
    policy.heard(silence(10.0))
    assert policy.step() == Step()
    assert policy.pending_start == policy.scores.scored - int(SPEECH_LEAD_S * WHISPER_RATE)
    assert policy.finish(policy.scores.scored) == Step()


def test_finish_transcribes_the_speech_left_after_the_last_result():
    policy = LivePolicy()
    policy.heard(speech(3.0) + silence(0.5))
    tentative = policy.step().transcribe
    policy.heard(speech(1.0))
    end = policy.scores.scored - 100  # the recording ends inside its last window
    # However short, the tentative result is kept: its boundary lies in silence.
    assert policy.finish(end) == Step(Verdict.COMMIT, Pass(tentative.resume_at, end, end))


def test_finish_with_nothing_transcribed_live_transcribes_everything():
    policy = LivePolicy()
    policy.heard(speech(2.0))
    assert policy.finish(samples(2.0)) == Step(transcribe=Pass(0, samples(2.0), samples(2.0)))


def test_finish_after_a_committed_result_and_silence_has_nothing_left():
    policy = LivePolicy()
    policy.heard(speech(MIN_CHUNK_S + 1) + silence(0.5))
    transcribed(policy, policy.step().transcribe)
    policy.heard(speech(1.0) + silence(0.5))
    step = policy.step()
    assert step.verdict is Verdict.COMMIT and step.transcribe.tentative
    policy.heard(silence(1.0))
    assert policy.finish(policy.scores.scored) == Step(Verdict.STANDS)


def test_whisper_is_fed_from_just_before_the_first_speech():
    policy = LivePolicy()
    policy.heard(silence(3.0) + speech(2.0) + silence(0.5))
    due = policy.step().transcribe
    assert due.start == 0
    assert policy.feed(due).start == samples(3.0) - int(SPEECH_LEAD_S * WHISPER_RATE)
    assert LivePolicy().feed(Pass(0, 0, 0)).start is None


def test_speech_whisper_skipped_is_fed_again_a_few_times_at_most():
    policy = LivePolicy()
    sentence = speech(2.0) + silence(1.0)
    policy.heard(sentence * 6)
    due = Pass(0, policy.scores.scored, policy.scores.scored)
    feed = policy.feed(due)
    starts = []
    while feed.start is not None:
        starts.append(feed.start)
        feed.heard(feed.start + samples(2.0))  # Whisper stops after one sentence
    assert len(starts) == MAX_SKIP_REPAIRS + 1
    # Each repair starts in the silence before the next sentence it skipped.
    assert all(0 < b - a <= len(sentence) * VAD_WINDOW for a, b in zip(starts, starts[1:]))
    feed = policy.feed(due)
    feed.heard(None)  # no words at all: nothing to repair after
    assert feed.start is None


def test_fallbacks_decoding_missed_audio_and_a_transcript_that_lost_speech():
    assert missed_audio(int(9.0 * WHISPER_RATE), 10.0)
    assert not missed_audio(int(10.0 * WHISPER_RATE) - 100, 10.0)  # resampling shifts the length a little
    heard = LivePolicy()
    heard.heard(speech(1.0))
    assert heard.lost_speech([]) and not heard.lost_speech(["a segment"])
    quiet = LivePolicy()
    quiet.heard(silence(1.0))
    assert not quiet.lost_speech([])
