"""Evidence-linked feedback: every verdict quotes the words behind it, and
specificity counts numbers, results, names and examples with their quotes."""

from __future__ import annotations

import pytest

from test_analysis_support import answer, timed_words
from voice_interview.analysis import analyze_answer
from voice_interview.analysis.feedback import guidance_sentence
from voice_interview.analysis.specificity import specificity
from voice_interview.analysis.tokens import tokenize
from voice_interview.records.session import FollowUp, Segment, Transcript


def analyse(item, language="en"):
    return analyze_answer(item, language=language, glossary=[], audio_path=None)


def kinds(text, language="en"):
    return {k: [i["text"] for i in v] for k, v in specificity(tokenize(text), language)["kinds"].items()}


def test_specificity_finds_numbers_results_names_and_examples():
    found = kinds("Last year I ran our Instagram and TikTok. For example, we grew followers by 40 percent "
                  "in three months, with reels planned in Asana. I read Social Media Today every week.")
    assert found == {
        "numbers": ["40 percent", "three"],
        "results": ["grew"],
        "named": ["Instagram", "TikTok", "Asana", "Social Media Today"],
        "examples": ["Last year", "For example"],
    }


def test_specificity_in_norwegian():
    found = kinds("I fjor styrte jeg Instagram for Rema 1000. Vi økte rekkevidden med 30 prosent på tre måneder.", "nb")
    assert found == {"numbers": ["30 prosent", "tre"], "results": ["økte"], "named": ["Instagram", "Rema 1000"],
                     "examples": ["I fjor"]}


def test_a_vague_answer_has_nothing_specific():
    result = specificity(tokenize("I think it is important to be organized and to communicate well."), "en")
    assert result["count"] == 0 and result["kinds_present"] == 0


def test_covered_points_are_quoted_with_their_time():
    text = "I ran Instagram for a retail brand for three years."
    item = answer(text)
    result = analyse(item)["feedback"]
    covered = {c["label"]: c["quotes"] for c in result["covered"]}
    (platform,) = covered["Platforms they have worked on"]
    assert platform["quote"] == "I ran Instagram for a retail"
    assert platform["start_s"] == item.transcript.words[2].start_s  # "Instagram" is the third word
    assert "Industries and brands they have worked for" in covered


def test_a_missed_point_says_what_the_guidance_asks():
    result = analyse(answer("I ran Instagram for a retail brand."))["feedback"]
    (missed,) = result["missed"]
    assert missed["label"] == "Size of the follower bases"
    assert missed["asks"].startswith("This will tell you which social platforms")  # it names "follower bases"
    assert missed["probe"] == "Roughly how many followers did those accounts have?"
    assert result["try_next"][0] == (
        "Cover size of the follower bases unasked: say what answers “Roughly how many followers did those accounts have?”"
    )


def test_guidance_sentence_picks_the_sentence_sharing_most_words():
    guidance = "Look at the tools. Listen for how they prioritize urgent tasks over routine ones."
    point = {"label": "How they prioritize", "cues": ["urgent", "priority"]}
    assert guidance_sentence(guidance, point, "en") == "Listen for how they prioritize urgent tasks over routine ones."
    assert guidance_sentence(guidance, {"label": "Zebra", "cues": ["zebra"]}, "en") is None


def test_a_point_given_only_in_the_follow_up_is_covered_when_asked():
    item = answer("I ran Instagram for a retail brand.")
    words = timed_words("About twenty thousand followers.")
    item.follow_ups.append(FollowUp(point="Size of the follower bases", text="How many?",
                                    transcript=Transcript("About twenty thousand followers.", "en",
                                                          [Segment(0.0, 2.0, "", words)])))
    result = analyse(item)
    assert result["follow_ups"][0]["covered"] and result["follow_ups"][0]["in"] == "follow-up 1"
    feedback = result["feedback"]
    assert feedback["missed"] == []
    size = next(c for c in feedback["covered"] if c["label"] == "Size of the follower bases")
    assert size["only_when_asked"] and size["quotes"][0]["in"] == "follow-up 1"
    assert any("only when asked" in line for line in feedback["try_next"])


def test_a_vague_answer_is_told_to_make_it_checkable():
    result = analyse(answer("I like to stay organized and I plan my day well.", question_id="staying-organized"))
    assert "Make it checkable: name the platform or tool, and give a number or a result." in result["feedback"]["try_next"]


def test_a_story_without_a_result_is_told_to_end_with_one():
    item = answer("Last year my task was a launch, so I moved the budget to TikTok.", question_id="missed-goal")
    lines = analyse(item)["feedback"]["try_next"]
    assert len(lines) <= 2
    assert "End the story with its result: what changed, with a number if you have one." in lines


def saved_with_an_unsure_word():
    from test_analysis_support import session
    from voice_interview.records import store

    item = answer("I managed Instagram for three brands.")
    item.transcript.segments[0].words[2].probability = 0.2  # "Instagram", heard with low confidence
    store.save_session(session([item]))


def test_show_dims_the_words_whisper_was_unsure_of_and_calls_the_point_unclear(monkeypatch):
    from click.testing import CliRunner

    from voice_interview.cli import cli

    saved_with_an_unsure_word()
    monkeypatch.delenv("NO_COLOR", raising=False)
    coloured = CliRunner().invoke(cli, ["show", "latest"], color=True).output
    assert "managed \x1b[2mInstagram\x1b[0m for" in coloured
    assert "? Platforms they have worked on: unclear, Whisper was unsure of “Instagram” 0:01" in " ".join(
        coloured.split()
    )
    monkeypatch.setenv("NO_COLOR", "1")
    plain = CliRunner().invoke(cli, ["show", "latest"], color=True).output
    assert "\x1b[" not in plain and "I managed Instagram for three brands." in plain


def test_the_report_dims_unsure_words(tmp_path, invoke):
    saved_with_an_unsure_word()
    page = tmp_path / "r.html"
    assert invoke("report", "latest", "-o", page).exit_code == 0
    html = page.read_text()
    assert 'class="w cue unsure"' in html and "Whisper was unsure of this word" in html
    assert 'class="seek unsure"' in html


@pytest.mark.slow
def test_espeak_reads_monotone_and_real_speech_varied(jfk_path, tmp_path):
    """Measured on real audio: tests/data/jfk.wav (a speech) against eSpeak
    NG saying the same words."""
    from voice_interview.analysis.thresholds import Thresholds
    from voice_interview.analysis.voice import voice_variety
    from voice_interview.edges.tts import Pyttsx3Speaker

    real = voice_variety(jfk_path, Thresholds())
    assert real["available"] and not real["monotone"] and real["pitch_sd_st"] > 3.0
    synthetic = {}
    for language, text in (("en", "And so, my fellow Americans, ask not what your country can do for you, "
                                  "ask what you can do for your country."),
                           ("nb", "Jeg leser nyhetsbrev hver morgen, og jeg følger med på algoritmeendringer "
                                  "på alle plattformene vi bruker.")):
        audio = Pyttsx3Speaker().render(text, language, tmp_path / f"{language}.wav")
        synthetic[language] = voice_variety(audio, Thresholds())
        assert synthetic[language]["monotone"], synthetic[language]
    assert real["pitch_range_st"] > 2 * max(s["pitch_range_st"] for s in synthetic.values())


def test_voice_variety_needs_audio():
    from voice_interview.analysis.thresholds import Thresholds
    from voice_interview.analysis.voice import voice_variety

    assert voice_variety(None, Thresholds()) == {"available": False, "reason": "no answer audio"}
    result = analyse(answer("typed words only", words=[]))
    assert result["voice"] == {"available": False, "reason": "no answer audio (typed answer)"}
