"""Progress across sessions (pure, then the ``progress`` command as a user
runs it) and the terminal and Markdown renderings of an analysis."""

from __future__ import annotations

import json

from click.testing import CliRunner

from test_analysis_support import answer, session, timed_words
from voice_interview.records import store
from voice_interview.analysis import analyze_answer, ensure_analysis
from voice_interview.analysis.progress import progress
from voice_interview.analysis.render import analysis_lines, analysis_markdown
from voice_interview.analysis.thresholds import Thresholds
from voice_interview.commands.progress import progress as progress_command

FILLERY = "Um, so, like, I managed, uh, Instagram, you know, for a brand."
CLEAN = "I managed Instagram and TikTok for a retail brand with ten thousand followers."


def analysed(session_id: str, *texts: str, question_id: str = "accounts-managed", pace_word_s: float = 0.3):
    answers = [answer(t, question_id, words=timed_words(t, word_s=pace_word_s)) for t in texts]
    saved = session(answers, session_id)
    ensure_analysis(saved, thresholds=Thresholds())
    return saved


def test_trends_and_retakes_from_first_to_latest():
    first = analysed("20261120-093000-aaaa", FILLERY)
    second = analysed("20261122-093000-bbbb", CLEAN)
    report = progress([second, first])  # any order: sorted by start time
    assert [r.session_id for r in report.sessions] == [first.id, second.id]
    fillers = report.trends["fillers_per_100_words"]
    assert fillers.then > 30 and fillers.now == 0.0 and fillers.direction == "better"
    points = report.trends["talking_points_percent"]
    assert (points.then, points.now, points.direction) == (66.67, 100.0, "better")
    assert report.trends["star_parts"].sessions == 0  # no behavioural answers
    [retake] = report.retakes
    assert retake.question_id == "accounts-managed" and len(retake.attempts) == 2
    assert retake.changes["fillers_per_100_words"].direction == "better"


def test_pace_is_better_when_it_moves_into_the_band():
    slow = analysed("20261120-093000-aaaa", CLEAN, pace_word_s=0.6)
    good = analysed("20261122-093000-bbbb", CLEAN, pace_word_s=0.3)
    report = progress([slow, good])
    pace = report.trends["words_per_minute"]
    assert pace.then < 120 <= pace.now <= 160
    assert pace.direction == "better"
    assert progress([good, analysed("20261123-093000-cccc", CLEAN, pace_word_s=0.3)]).trends[
        "words_per_minute"].direction == "steady"


def run_progress(*args):
    return CliRunner().invoke(progress_command, list(args), catch_exceptions=False)


def test_progress_command_with_no_sessions_says_so_and_exits_0():
    result = run_progress()
    assert result.exit_code == 0
    assert "No answered sessions" in result.output and "voice-interview demo" in result.output
    assert json.loads(run_progress("--json").output)["sessions"] == []


def test_progress_command_analyses_in_memory_and_prints_at_80_columns(data_home):
    old = session([answer(FILLERY)], "20261120-093000-aaaa")
    new = session([answer(CLEAN), answer(CLEAN, "new-task-approach")], "20261122-093000-bbbb")
    recording = session([answer(CLEAN)], "20261123-093000-cccc", status="in-progress")
    for item in (old, new, recording):
        store.save_session(item)
    (data_home / "sessions" / "20261124-093000-dddd.json").write_text("{ broken")
    result = run_progress()
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Progress over 3 sessions, 4 answers"
    assert "(1 damaged session file skipped)" in result.output
    assert "2026-11-20 09:30" in result.output and "2026-11-22 09:30" in result.output
    assert any(line.strip().startswith("Fillers") and "better" in line for line in lines)
    assert "#1 Which social media accounts have you managed before? (3 attempts)" in result.output
    assert max(len(line) for line in lines) <= 80
    # Reading never writes a record (the progress index caches the entries).
    assert store.load_session("20261120-093000-aaaa").answers[0].analysis is None
    assert store.load_session("20261123-093000-cccc").answers[0].analysis is None
    data = json.loads(run_progress("--json").output)
    assert [s["answers"] for s in data["sessions"]] == [1, 2, 1]
    assert data["skipped_damaged"] == 1
    assert data["trends"]["fillers_per_100_words"]["direction"] == "better"


def test_analysis_lines_show_every_figure_within_the_width():
    item = answer(FILLERY + " I think the result was good.", "cross-team-project",
                  words=timed_words(FILLERY + " I think the result was good.", pauses={5: 1.4}))
    analysis = analyze_answer(item, language="en", glossary=["Instagram"])
    lines = analysis_lines(analysis, width=60)
    text = " ".join(" ".join(lines).split())
    assert max(len(line) for line in lines) <= 60
    for expected in ("Pace", "120–160 is conversational", "Pauses      1 over 1 s", "Fillers     4",
                     "Um 0:00", "Hedges      1: I think", "not measured: no answer audio",
                     "1 of 4 talking points covered", "✗ How they organized the collaboration",
                     "STAR", "result ✓ “the result”", "Job terms   Instagram 1"):
        assert " ".join(expected.split()) in text


def test_analysis_markdown_is_a_list_with_sub_items():
    analysis = analyze_answer(answer(CLEAN), language="en", glossary=[])
    markdown = analysis_markdown(analysis)
    assert markdown.startswith("- **Pace:** ")
    assert "- **Points:** 3 of 3 talking points covered" in markdown
    assert "    - ✓ Platforms they have worked on: “" in markdown  # with the words that showed it
