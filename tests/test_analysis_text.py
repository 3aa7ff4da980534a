"""Text analysis on hand-written answers: fillers and hedges, talking
points, STAR cues, most-used words and job terms, in English and Norwegian."""

from __future__ import annotations

import subprocess
import sys

import pytest

from voice_interview.analysis.fillers import find_fillers_and_hedges
from voice_interview.analysis.star import star_cues
from voice_interview.analysis.talking_points import talking_points
from voice_interview.analysis.tokens import PhraseMatcher, stem, tokenize
from voice_interview.analysis.words import job_terms, top_words


def found(text: str, language: str = "en") -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in find_fillers_and_hedges(tokenize(text), language)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Um, I like this campaign.", [("filler", "um")]),
        ("It was, like, huge.", [("filler", "like")]),
        ("We got like 40 percent more reach.", [("filler", "like")]),
        ("Platforms like TikTok and Instagram.", []),
        ("I went to a conference, like Social Media Week.", []),
        ("We would like to grow, and I really like the brand.", []),
        ("It feels like a conversation.", []),
        ("So, you know, we grew.", [("filler", "you know")]),
        ("Do you know what I mean?", []),
        ("I mean, it worked.", [("filler", "i mean")]),
        ("It was kind of hard, sort of slow.", [("filler", "kind of"), ("filler", "sort of")]),
        ("What kind of content do you post? A sort of diary.", []),
        ("Basically we literally doubled it.", [("filler", "basically"), ("filler", "literally")]),
        ("Actually, it worked. It actually worked.", [("filler", "actually")]),
        ("I think we could maybe try, uh, probably next week.",
         [("hedge", "i think"), ("hedge", "maybe"), ("filler", "uh"), ("hedge", "probably")]),
        ("I feel like the numbers were fine.", [("hedge", "i feel like")]),
    ],
)
def test_english_fillers_only_where_they_are_fillers(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Eh, det var liksom bra.", [("filler", "eh"), ("filler", "liksom")]),
        ("Det er jo viktig, altså.", [("filler", "jo"), ("filler", "altså")]),
        ("Jo, det gjorde jeg. Jo mer jo bedre.", []),
        ("Det var på en måte bra.", [("filler", "på en måte")]),
        ("Vi gjorde det på en måte som passet.", []),
        ("Jeg tror kanskje at det ehm fungerte.", [("hedge", "jeg tror"), ("hedge", "kanskje"), ("filler", "ehm")]),
        ("Det fungerte, tror jeg.", [("hedge", "tror jeg")]),
    ],
)
def test_norwegian_fillers_and_hedges(text, expected):
    assert found(text, "nb") == expected


def test_er_is_a_word_in_norwegian_not_a_filler():
    assert found("Det er en god plan.", "nb") == []
    assert found("Er, the plan was good.", "en") == [("filler", "er")]


def test_fillers_carry_the_words_times():
    from test_analysis_support import timed_words

    words = timed_words("So um we grew, you know, fast")
    result = find_fillers_and_hedges(tokenize("", words), "en")
    assert [(f.said, f.start_s, f.end_s) for f in result] == [("um", 0.9, 1.2), ("you know", 2.1, 2.8)]


def test_stemmer_matches_inflections_without_merging_words():
    assert stem("learned", "en") == stem("learning", "en") == stem("learn", "en")
    assert stem("planned", "en") == stem("plan", "en")
    assert stem("companies", "en") == stem("company", "en")
    assert stem("analysis", "en") == "analysis"
    assert stem("kampanjen", "nb") == stem("kampanje", "nb")


def test_phrases_match_across_hyphens_and_compounds():
    tokens = tokenize("We made short-form videos for Instagram-kontoene and the kampanjeresultatene.")
    assert [m.phrase for m in PhraseMatcher(["short form video"], "en").find_all(tokens)] == ["short form video"]
    nb = PhraseMatcher(["instagram", "kampanje"], "nb").find_all(tokens)
    assert sorted(m.phrase for m in nb) == ["instagram", "kampanje"]


def test_talking_points_covered_and_missed_with_matched_words(tmp_path):
    points = [
        {"label": "Platforms", "cues": ["instagram", "platform"]},
        {"label": "Example", "cues": ["for example"]},
        {"label": "Industries", "cues": ["industry", "brand"]},
    ]
    result = talking_points(tokenize("On Instagram, for, um, example, we grew our platforms."), points, "en")
    assert (result["covered"], result["total"]) == (2, 3)
    covered = {p["label"]: sorted(m["text"] for m in p["matches"]) for p in result["points"] if p["covered"]}
    assert covered == {"Platforms": ["Instagram", "platforms"], "Example": ["for um example"]}
    assert result["points"][2] == {"label": "Industries", "covered": False, "status": "missed", "matches": []}
    # The words around a match, within its sentence, are quoted as evidence.
    assert result["points"][0]["matches"][0]["quote"] == "On Instagram, for, um, example"


def test_a_point_heard_only_in_words_whisper_was_unsure_of_is_unclear_not_missed():
    from voice_interview.records.session import Word

    words = [Word(0.0, 0.3, "We", 0.99), Word(0.3, 0.6, "grew", 0.98), Word(0.6, 1.0, "Instagram", 0.31),
             Word(1.0, 1.4, "fast.", 0.97)]
    points = [{"label": "Platforms", "cues": ["instagram"]}, {"label": "Industries", "cues": ["industry"]}]
    result = talking_points(tokenize("", words), points, "en", low_confidence_below=0.5)
    assert [p["status"] for p in result["points"]] == ["unclear", "missed"]
    assert (result["covered"], result["unclear"]) == (0, 1)
    assert result["points"][0]["matches"][0]["probability"] == 0.31
    sure = talking_points(tokenize("", words), points, "en", low_confidence_below=0.3)
    assert [p["status"] for p in sure["points"]] == ["covered", "missed"]


def test_talking_points_need_min_cues_when_configured():
    points = [{"label": "Platforms", "cues": ["instagram", "tiktok"]}]
    tokens = tokenize("We used Instagram, Instagram and more Instagram.")
    assert talking_points(tokens, points, "en", min_cues=1)["covered"] == 1
    assert talking_points(tokens, points, "en", min_cues=2)["covered"] == 0


def test_talking_points_in_norwegian_with_stemming():
    points = [{"label": "Følgere", "cues": ["følgere", "vokste"]}, {"label": "Bransje", "cues": ["bransje"]}]
    result = talking_points(tokenize("Kontoen vokste til tolv tusen følgerne."), points, "nb")
    assert [p["covered"] for p in result["points"]] == [True, False]


def test_star_parts_found_and_missing():
    text = ("Last year we launched a shoe. My task was to prepare customer service. "
            "I wrote twenty answers with the legal team.")
    result = star_cues(tokenize(text), "en")
    parts = result["parts"]
    assert result["found"] == 3
    assert [p["text"] for p in parts["situation"]["phrases"]] == ["Last year"]
    assert parts["task"]["phrases"][0]["text"] == "My task"
    assert [p["text"] for p in parts["action"]["phrases"]] == ["we launched", "I wrote"]
    assert parts["result"] == {"found": False, "phrases": []}


def test_star_in_norwegian_with_inverted_word_order():
    text = "I fjor skulle vi lansere en app. Målet var ti tusen brukere. Så justerte jeg planen. Resultatet ble bra."
    parts = star_cues(tokenize(text), "nb")["parts"]
    assert all(parts[p]["found"] for p in ("situation", "task", "action", "result"))


def test_top_words_skip_stop_words_and_fillers():
    tokens = tokenize("Um, the campaign was, like, the best campaign, and the campaigns grew our audience audience.")
    assert top_words(tokens, "en", limit=5, min_count=2) == [
        {"word": "campaign", "count": 3},
        {"word": "audience", "count": 2},
    ]


def test_norwegian_stop_words():
    tokens = tokenize("Jeg har jo jobbet med kampanjer, og kampanjen var det jeg likte best med jobben.")
    assert top_words(tokens, "nb", limit=5, min_count=2) == [
        {"word": "jobbet", "count": 2},
        {"word": "kampanjer", "count": 2},
    ]


def test_job_terms_prefer_the_longest_term():
    glossary = ["engagement", "engagement rate", "Instagram", "A/B test"]
    tokens = tokenize("Our engagement rate on Instagram rose after an A/B-test; engagement matters.")
    assert job_terms(tokens, glossary, "en") == [
        {"term": "A/B test", "count": 1},
        {"term": "engagement", "count": 1},
        {"term": "engagement rate", "count": 1},
        {"term": "Instagram", "count": 1},
    ]


def test_text_analysis_imports_no_numpy():
    code = (
        "import sys; from voice_interview.analysis import analyze_answer; "
        "from voice_interview.analysis import progress, render; "
        "print('numpy' in sys.modules, 'faster_whisper' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]
