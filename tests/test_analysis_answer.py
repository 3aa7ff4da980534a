"""Pace, pauses, latency and length on hand-made word timings; the
analysis dict of an answer; when a saved analysis is recomputed; and the
thresholds a user sets in config.toml."""

from __future__ import annotations

import json

import pytest

from test_analysis_support import answer, session, timed_words
from voice_interview.analysis import ANALYSIS_VERSION, analyze_answer, ensure_analysis, load_thresholds
from voice_interview.analysis.thresholds import Thresholds
from voice_interview.errors import BadInputError
from voice_interview.records.session import Session

TEXT = " ".join(["word"] * 30)


def analyse(item, **kwargs):
    return analyze_answer(item, language="en", glossary=[], **kwargs)


def test_pace_counts_every_word_over_the_spoken_span():
    # 30 words, 0.3 s each, 0.1 s apart: 11.9 s from the first start to the last end.
    result = analyse(answer(TEXT))["pace"]
    assert result["words_per_minute"] == pytest.approx(30 / 11.9 * 60, abs=0.1)
    assert result["band"] == "conversational"  # 151 wpm
    assert result["articulation_words_per_minute"] == result["words_per_minute"]  # no pause reaches 250 ms


def test_articulation_rate_takes_the_pauses_out():
    words = timed_words(TEXT, word_s=0.25, gap_s=0.05, pauses={10: 4.0, 20: 3.0})
    result = analyse(answer(TEXT, words=words))["pace"]
    assert result["span_s"] == pytest.approx(15.95)
    assert result["speaking_time_s"] == pytest.approx(15.95 - 4.05 - 3.05)
    assert result["words_per_minute"] == pytest.approx(30 / 15.95 * 60, abs=0.1)
    assert result["band"] == "slow"
    assert result["articulation_words_per_minute"] == pytest.approx(30 / 8.85 * 60, abs=0.1)
    assert result["articulation_band"] == "conversational"


def test_pauses_long_very_long_and_the_longest():
    words = timed_words(TEXT, pauses={5: 0.95, 12: 2.9, 20: 0.3})
    result = analyse(answer(TEXT, words=words))["pauses"]
    assert result["count"] == 3  # 1.05 s, 3.0 s and 0.4 s; 0.1 s gaps are not pauses
    assert (result["over_long_count"], result["over_very_long_count"]) == (2, 1)
    assert result["longest_s"] == pytest.approx(3.0)
    assert result["longest_at_s"] == words[11].end_s
    assert [p["duration_s"] for p in result["long"]] == [pytest.approx(1.05), pytest.approx(3.0)]


def test_response_latency_from_the_end_of_the_question():
    words = timed_words("So I managed Instagram", start_s=1.2)
    item = answer("So I managed Instagram", words=words, question_audio_end_s=20.0, answer_start_s=20.5)
    result = analyse(item)["pauses"]
    assert result["response_latency_s"] == pytest.approx(1.7)
    assert (result["latency_from"], result["latency_band"]) == ("question-audio-end", "prompt")


def test_think_time_is_not_held_against_the_latency():
    words = timed_words("So I managed Instagram", start_s=1.0)
    item = answer("So I managed Instagram", words=words, question_audio_end_s=5.0, answer_start_s=15.0,
                  think_time_s=10.0)
    result = analyse(item)["pauses"]
    assert result["response_latency_s"] == pytest.approx(11.0)
    assert result["latency_band"] == "prompt"
    slow = answer("So I managed Instagram", words=timed_words("So I managed Instagram", start_s=4.5))
    assert analyse(slow)["pauses"]["latency_from"] == "recording-start"
    assert analyse(slow)["pauses"]["latency_band"] == "long"


def test_length_against_the_suggested_length():
    item = answer(TEXT)  # 11.9 s; accounts-managed suggests 90 s
    assert analyse(item)["length"] == {
        "words": 30, "spoken_s": 11.9, "suggested_s": 90, "ratio": pytest.approx(0.132, abs=0.001), "band": "short",
    }


def test_a_typed_answer_gets_text_measures_only():
    item = answer("Um, I managed Instagram for a retail brand with forty thousand followers.", words=[])
    result = analyse(item)
    assert result["timed"] is False
    assert result["pace"] is None and result["pauses"] is None
    assert result["length"]["spoken_s"] is None and result["length"]["words"] == 12
    assert result["hesitations"] == {"available": False, "reason": "no word timings (typed answer)"}
    assert result["fillers"]["items"] == [{"text": "Um", "start_s": None, "end_s": None}]
    assert result["talking_points"]["covered"] == 3


def test_the_analysis_dict_layout_is_json_ready():
    text = "Um, I managed Instagram, like, for a retail brand. I think the engagement rate grew to forty thousand."
    item = answer(text, question_id="cross-team-project")
    result = analyze_answer(item, language="en", glossary=["engagement rate", "Instagram"], audio_path=None)
    assert json.loads(json.dumps(result)) == result
    assert result["version"] == ANALYSIS_VERSION
    assert set(result) == {
        "version", "language", "timed", "thresholds", "pace", "pauses", "length", "fillers", "hedges",
        "hesitations", "top_words", "job_terms", "talking_points", "star", "specificity", "follow_ups",
        "unsure_words", "voice", "feedback",
    }
    assert result["fillers"]["count"] == 2 and result["fillers"]["by_form"] == {"um": 1, "like": 1}
    assert result["fillers"]["per_100_words"] == pytest.approx(100 * 2 / 18, abs=0.01)
    assert result["hedges"]["items"][0]["text"] == "I think"
    assert result["hesitations"] == {"available": False, "reason": "no answer audio"}
    assert result["job_terms"] == [{"term": "engagement rate", "count": 1}, {"term": "Instagram", "count": 1}]
    assert set(result["star"]["parts"]) == {"situation", "task", "action", "result"}
    assert analyse(answer(text))["star"] is None  # not a behavioural question


def test_ensure_analysis_fills_in_and_recomputes_old_versions():
    item = answer("I managed Instagram and TikTok.")
    saved = session([item])
    assert ensure_analysis(saved, thresholds=Thresholds()) is True
    first = item.analysis
    assert first["talking_points"]["covered"] == 1
    assert ensure_analysis(saved, thresholds=Thresholds()) is False
    item.analysis = {**first, "version": ANALYSIS_VERSION - 1, "talking_points": "stale"}
    assert ensure_analysis(saved, thresholds=Thresholds()) is True
    assert item.analysis == first
    assert ensure_analysis(saved, thresholds=Thresholds(pace_fast_above_wpm=200)) is True
    assert item.analysis["thresholds"]["pace_fast_above_wpm"] == 200


def test_ensure_analysis_survives_a_save_and_load():
    saved = session([answer("I managed Instagram and TikTok.")])
    ensure_analysis(saved, thresholds=Thresholds())
    again = Session.from_dict(json.loads(json.dumps(saved.to_dict())))
    assert ensure_analysis(again, thresholds=Thresholds()) is False
    assert again.answers[0].analysis == saved.answers[0].analysis


def test_missing_answer_audio_is_reported_not_raised(data_home):
    item = answer("I managed Instagram.", answer_audio="audio/x/q01-answer.wav")
    saved = session([item])
    ensure_analysis(saved, thresholds=Thresholds())
    assert item.analysis["hesitations"] == {"available": False, "reason": "answer audio missing (q01-answer.wav)"}


def test_thresholds_from_config_toml(data_home):
    assert load_thresholds() == Thresholds()
    (data_home / "config.toml").write_text("[analysis]\npace_slow_below_wpm = 100\ntop_words = 8\n")
    limits = load_thresholds()
    assert (limits.pace_slow_below_wpm, limits.top_words) == (100.0, 8)
    item = answer(" ".join(["word"] * 20), words=timed_words(" ".join(["word"] * 20), word_s=0.5, gap_s=0.1))
    assert analyse(item, thresholds=limits)["pace"]["band"] == "conversational"  # 101 wpm
    assert analyse(item)["pace"]["band"] == "slow"


@pytest.mark.parametrize(
    "content, message",
    [
        ("[analysis]\npace_slow = 100\n", "unknown setting [analysis] pace_slow"),
        ("[analysis]\npause_long_s = 'long'\n", "pause_long_s must be a number"),
        ("[analysis]\ntop_words = 2.5\n", "top_words must be a whole number"),
        ("[analysis]\npause_long_s = -1\n", "must not be negative"),
        ("[analysis]\npause_long_s = 3.0\n", "pause_long_s (3) must be below pause_very_long_s (2.5)"),
        ("[analysis\n", "TOML syntax error"),
    ],
)
def test_a_bad_config_is_one_clear_error(data_home, content, message):
    (data_home / "config.toml").write_text(content)
    with pytest.raises(BadInputError) as error:
        load_thresholds()
    assert message in str(error.value)
    assert "config.toml" in str(error.value) and "\n" not in str(error.value)
