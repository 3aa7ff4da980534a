"""Session files: round trip, ids, versions, damage."""

from __future__ import annotations

import json

import pytest

from voice_interview.records import indexes, store
from voice_interview.errors import SessionFormatError, SessionNotFoundError
from voice_interview.records.session import (
    Answer,
    AskedQuestion,
    Segment,
    Session,
    Transcript,
    Word,
    new_session_id,
)


def sample_session(session_id: str | None = None) -> Session:
    question = AskedQuestion("q", 1, "general", "General", "Why?", "Listen for reasons.", [], False, 90)
    words = [Word(0.5, 0.9, "Because", 0.9), Word(1.0, 1.4, "reasons.", 0.8)]
    transcript = Transcript("Because reasons.", "en", [Segment(0.5, 1.4, "Because reasons.", words)], 0.2, 2.0, "tiny.en")
    answer = Answer(1, question, answer_start_s=1.0, answer_end_s=3.0, answer_audio="audio/x/q01-answer.wav",
                    answer_audio_duration_s=2.0, stopped_by="enter", transcript=transcript)
    return Session(new_session_id() if session_id is None else session_id, "2026-11-26T09:00:00+00:00",
                   "bank", "Bank", "bank.toml", "en", "tiny.en", ["general"], {}, ["q"], [answer])


def test_round_trip_and_format_version_first():
    session = sample_session()
    path = store.save_session(session)
    assert next(iter(json.loads(path.read_text()))) == "format_version"
    assert store.load_session(session.id) == session
    assert store.load_session("latest") == session
    assert session.answers[0].transcript.words[1].word == "reasons."


def test_latest_is_the_newest_and_listing_is_newest_first():
    ids = ["20261101-090000-aaaa", "20261125-090000-bbbb", "20261110-090000-cccc"]
    for session_id in ids:
        store.save_session(sample_session(session_id))
    assert store.list_session_ids() == sorted(ids, reverse=True)
    assert store.resolve_session_id("latest") == "20261125-090000-bbbb"


@pytest.mark.parametrize("reference", ["../etc/passwd", "a/b", "..", "", "20261101-090000-zzzz", "x" * 500])
def test_odd_session_ids_are_refused_in_one_line(reference):
    with pytest.raises(SessionNotFoundError) as caught:
        store.resolve_session_id(reference)
    assert "not a session id" in str(caught.value) and "\n" not in str(caught.value)


def test_unknown_and_missing_sessions():
    with pytest.raises(SessionNotFoundError, match="no saved sessions"):
        store.resolve_session_id("latest")
    with pytest.raises(SessionNotFoundError, match="no session 20261101-090000-abcd"):
        store.resolve_session_id("20261101-090000-abcd")


def test_newer_format_is_refused_with_advice():
    session = sample_session()
    path = store.save_session(session)
    data = json.loads(path.read_text())
    data["format_version"] = 99
    path.write_text(json.dumps(data))
    with pytest.raises(SessionFormatError, match="newer voice-interview.*upgrade"):
        store.load_session(session.id)


@pytest.mark.parametrize("content", ["{not json", "[]", '{"format_version": 1}', "\x00\x01"])
def test_damaged_records_give_a_clear_error(content):
    session = sample_session()
    path = store.save_session(session)
    path.write_text(content)
    with pytest.raises(SessionFormatError, match="damaged|not a voice-interview session"):
        store.load_session(session.id)


def test_atomic_write_leaves_no_temp_files():
    session = sample_session()
    for _ in range(3):
        store.save_session(session)
    assert [p.name for p in store.session_path(session.id).parent.iterdir()] == [f"{session.id}.json"]


def test_the_session_index_follows_edits_damage_and_deletions(data_home):
    first, second = (store.save_session(sample_session(f"20261126-0900{n}0-ab1{n}")) for n in (1, 2))
    assert [s["answered"] for s in indexes.session_summaries()] == [1, 1]
    index = data_home / "sessions" / indexes.INDEX_NAME
    assert index.exists() and oct(index.stat().st_mode & 0o777) == "0o600"

    # An edit (as after `resume`: a record rewritten) is seen, not the stale entry.
    record = json.loads(second.read_text())
    record["answers"].append(dict(record["answers"][0], index=2))
    second.write_text(json.dumps(record))
    assert [s["answered"] for s in indexes.session_summaries()] == [2, 1]
    # A damaged index (a crash mid-write cannot leave one: it is replaced
    # atomically, but a disk can) is rebuilt from the records.
    index.write_text("{half")
    assert [s["answered"] for s in indexes.session_summaries()] == [2, 1]
    assert json.loads(index.read_text())["entries"]
    # A deleted record leaves the list; a record made unreadable is listed as damaged.
    first.unlink()
    assert [s["id"] for s in indexes.session_summaries()] == [second.stem]
    second.write_text("{")
    assert indexes.session_summaries()[0]["status"] == "damaged"
