"""Session records of today's format (tests/data/records, made by the code
of the time: see tests/data/NOTICE.md) still load, show the same, are not
rewritten by reading them, and their analyses round-trip through the typed
analysis unchanged."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from voice_interview.analysis.render import analysis_lines, headline
from voice_interview.analysis.result import AnswerAnalysis, read_analysis

RECORDS = Path(__file__).parent / "data" / "records"
SESSIONS = sorted(p.stem for p in RECORDS.glob("2*.json"))  # session ids start with the year


def _analyses(session_id: str) -> list[dict]:
    record = json.loads((RECORDS / f"{session_id}.json").read_text(encoding="utf-8"))
    return [a["analysis"] for a in record["answers"] if a["analysis"] is not None]


@pytest.mark.parametrize("session_id", SESSIONS)
def test_a_saved_analysis_round_trips_key_for_key(session_id):
    analyses = _analyses(session_id)
    assert analyses
    for saved in analyses:
        again = AnswerAnalysis.from_json(saved).to_json()
        # json.dumps compares the order of the keys too: the file is rewritten the same.
        assert json.dumps(again, ensure_ascii=False) == json.dumps(saved, ensure_ascii=False)


@pytest.mark.parametrize("session_id", SESSIONS)
def test_show_prints_what_it_printed_when_the_record_was_made(session_id, data_home, invoke):
    sessions = data_home / "sessions"
    sessions.mkdir()
    shutil.copy(RECORDS / f"{session_id}.json", sessions)
    before = (sessions / f"{session_id}.json").read_bytes()
    result = invoke("show", session_id)
    assert result.exit_code == 0, result.output
    assert result.output == (RECORDS / f"{session_id}.show.txt").read_text(encoding="utf-8")
    assert (sessions / f"{session_id}.json").read_bytes() == before


def test_the_typed_analysis_reads_its_fields():
    demo, typed, followed = (AnswerAnalysis.from_json(_analyses(s)[0]) for s in SESSIONS)
    assert demo.pace.words_per_minute > 150 and demo.pace.band == "fast"
    assert demo.voice.available and demo.voice.pitch_sd_st > 0
    assert typed.pace is None and not typed.hesitations.available
    assert typed.fillers.count == 2 and typed.fillers.band == "many" and typed.hedges.band is None
    assert followed.follow_ups[0].where == "follow-up 1" and followed.follow_ups[0].point == "How they prioritize"
    assert followed.feedback.missed[0].label == "How they prioritize"
    assert followed.limits.pause_long_s == 1.0


def test_an_older_analysis_with_fewer_parts_still_renders():
    old = _analyses(SESSIONS[0])[0]
    for part in ("voice", "feedback", "follow_ups", "specificity", "unsure_words", "hesitations"):
        old.pop(part)
    old["version"] = 1
    older = read_analysis(old)
    assert older.feedback is None and older.follow_ups == [] and older.voice is None
    assert any("Pace" in line for line in analysis_lines(older))
    assert "wpm" in headline(older)
    again = older.to_json()  # the parts it lacked come back empty; the rest as it was
    assert {name: again[name] for name in old} == old


def test_saved_reviews_round_trip_and_read_as_typed_scores():
    from voice_interview.records.review import Review

    record = json.loads((RECORDS / f"{SESSIONS[2]}.json").read_text(encoding="utf-8"))
    typed = [Review.from_json(r) for r in record["reviews"]]
    assert [r.to_json() for r in typed] == record["reviews"]
    ana, bo = typed
    assert ana.answers["1"].rubric_scores() == [("structure", 4), ("relevance", 3), ("specificity", 2), ("delivery", 5)]
    assert bo.answers["1"].notes == "Slow down." and "4" not in bo.answers


def test_progress_over_the_records_prints_what_it_printed_then(data_home, invoke):
    sessions = data_home / "sessions"
    sessions.mkdir()
    for session_id in SESSIONS:
        shutil.copy(RECORDS / f"{session_id}.json", sessions)
    assert invoke("progress").output == (RECORDS / "progress.txt").read_text(encoding="utf-8")
    printed = json.loads(invoke("progress", "--json").output)
    assert printed == json.loads((RECORDS / "progress.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("session_id", SESSIONS[1:])  # the typed ones: the demo's audio is not kept
def test_analysing_a_typed_record_again_gives_the_saved_analysis(session_id, data_home):
    from voice_interview.analysis import ensure_analysis
    from voice_interview.analysis.thresholds import Thresholds
    from voice_interview.records import store

    (data_home / "sessions").mkdir()
    shutil.copy(RECORDS / f"{session_id}.json", data_home / "sessions")
    session = store.load_session(session_id)
    saved = [answer.analysis for answer in session.answered]
    for answer in session.answered:
        answer.analysis = None
    assert ensure_analysis(session, thresholds=Thresholds())
    again = [answer.analysis for answer in session.answered]
    assert json.dumps(again, ensure_ascii=False) == json.dumps(saved, ensure_ascii=False)


def test_the_markdown_export_carries_follow_ups_and_earlier_takes(data_home, invoke, tmp_path):
    session_id = "20261203-171125-3ccd"  # a typed run whose answers 1 and 3 have a follow-up
    record = json.loads((RECORDS / f"{session_id}.json").read_text(encoding="utf-8"))
    first = record["answers"][0]
    first["attempts"] = [{key: first[key] for key in ("answer_source", "stopped_by", "transcript")}]
    sessions = data_home / "sessions"
    sessions.mkdir()
    (sessions / f"{session_id}.json").write_text(json.dumps(record), encoding="utf-8")
    target = tmp_path / "review.md"
    result = invoke("export", session_id, "--format", "md", "-o", target)
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    probe = first["follow_ups"][0]
    assert f"### Follow-up 1 · {probe['point']}" in text
    assert f"> {probe['text']}" in text and probe["transcript"]["text"].strip() in text
    assert text.count("### Follow-up 1 ·") == 2  # answers 1 and 3
    assert "*Take 2 (1 earlier take kept in the record)*" in text


@pytest.mark.parametrize("fallback, note", [
    ("whole-file", "the live transcript failed, the whole file was transcribed"),
    ("rest-of-file", "the end came from the file, the live reader had fallen behind"),
])
def test_show_says_when_the_live_transcript_needed_the_file(data_home, invoke, fallback, note):
    session_id = "20261203-171110-6c14"
    record = json.loads((RECORDS / f"{session_id}.json").read_text(encoding="utf-8"))
    record["answers"][0]["transcript"]["live_fallback"] = fallback
    sessions = data_home / "sessions"
    sessions.mkdir()
    (sessions / f"{session_id}.json").write_text(json.dumps(record), encoding="utf-8")
    result = invoke("show", session_id)
    assert result.exit_code == 0, result.output
    assert " ".join(result.output.split()).count(f"({note})") == 1
