"""`--answers-from DIR` as a user runs it: files in natural order, the
mapping printed, every file checked before question 1, and `resume` giving
each file to the question it belongs to. Real audio (tests/data/jfk.wav and
clips cut from it), real decoding, real Whisper."""

from __future__ import annotations

import shutil
import wave
from pathlib import Path

import pytest

from tests.conftest import run_command
from voice_interview.records import store

JFK_S = 11.0


def clip(source: Path, dest: Path, seconds: float) -> Path:
    """The first ``seconds`` of a WAV: an answer whose length tells it apart."""
    with wave.open(str(source), "rb") as whole:
        params = whole.getparams()
        frames = whole.readframes(int(seconds * whole.getframerate()))
    with wave.open(str(dest), "wb") as part:
        part.setparams(params)
        part.writeframes(frames)
    return dest


def folder_of(tmp_path: Path, name: str, jfk: Path, **files: float | bytes) -> Path:
    """A folder of answer files: name=seconds of JFK (or raw bytes)."""
    folder = tmp_path / name
    folder.mkdir()
    for file_name, content in files.items():
        target = folder / file_name.replace("_", ".")
        if isinstance(content, bytes):
            target.write_bytes(content)
        elif content >= JFK_S:
            shutil.copy(jfk, target)
        else:
            clip(jfk, target, content)
    return folder


def durations(session) -> list[float]:
    return [round(a.answer_audio_duration_s or 0.0, 1) for a in session.answers]


def typed_start(count: int, typed_answers: int):
    """A session of ``count`` strategy questions with its first answers typed,
    then the input ended: what `resume` continues."""
    text = "".join(f"My typed answer {i}.\n" for i in range(typed_answers))
    result = run_command(["run", "-c", "strategy", "-n", count, "--type", "--no-speak"], input=text)
    assert result.returncode == 0, result.stderr
    session = store.load_session("latest")
    assert session.status == "interrupted" and len(session.answered) == typed_answers
    return session


def test_answer_files_are_listed_in_natural_order(tmp_path):
    from voice_interview.edges.audiofile import answer_files

    names = ["10.wav", "2.wav", "1.wav", "q03.wav", "Q2.wav", "q10.mp3", "answer-9.ogg", "answer-10.flac",
             "notes.txt"]
    for name in names:
        (tmp_path / name).write_bytes(b"")
    assert [p.name for p in answer_files(tmp_path)] == [
        "1.wav", "2.wav", "10.wav", "answer-9.ogg", "answer-10.flac", "Q2.wav", "q03.wav", "q10.mp3",
    ]


@pytest.mark.slow
def test_run_takes_files_in_natural_order_and_says_which_answers_which(tmp_path, jfk_path):
    folder = folder_of(tmp_path, "answers", jfk_path, **{"1_wav": 11.0, "2_wav": 4.0, "10_wav": 7.0,
                                                          "11_wav": 2.0})
    result = run_command(["run", "-c", "strategy", "-n", "3", "--answers-from", folder, "--no-speak"])
    assert result.returncode == 0, result.stderr
    session = store.load_session("latest")
    assert durations(session) == [11.0, 4.0, 7.0]  # 10.wav answers question 3, not question 2
    lines = [line.strip() for line in result.stdout.splitlines()]
    mapping = [lines.index(f"question {n}: {name} ({s:.1f} s)")
               for n, name, s in [(1, "1.wav", 11.0), (2, "2.wav", 4.0), (3, "10.wav", 7.0)]]
    first_question = next(i for i, line in enumerate(lines) if line.startswith("Question 1/3"))
    assert mapping == sorted(mapping) and mapping[-1] < first_question
    assert "not used: 11.wav (the interview has 3 questions)" in lines


def test_every_file_is_checked_before_question_1(tmp_path, jfk_path):
    folder = folder_of(
        tmp_path, "answers", jfk_path,
        **{"1_wav": 11.0, "2_wav": b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00garbage", "3_wav": b"",
           "4_mp3": b"Dear diary, this is not audio at all.\n", "5_wav": 0.03, "6_wav": 4.0},
    )
    result = run_command(["run", "-c", "strategy", "-n", "5", "--answers-from", folder, "--no-speak"])
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "Question 1" not in result.stdout
    for name, reason in [("2.wav", "not readable audio"), ("3.wav", "the audio file is empty"),
                         ("4.mp3", "not readable audio"), ("5.wav", "only 0.03 s of audio")]:
        naming = [line for line in result.stderr.splitlines() if f"{folder / name}:" in line]
        assert len(naming) == 1 and reason in naming[0], result.stderr
    assert f"{folder / '1.wav'}:" not in result.stderr and "6.wav" not in result.stderr  # 6.wav: no question
    assert result.stderr.splitlines()[-1].startswith("Error: 4 of 5 answer files")
    assert store.list_session_ids() == []  # nothing recorded


@pytest.mark.slow
def test_resume_with_the_same_folder_keeps_each_file_with_its_question(tmp_path, jfk_path):
    crashed = typed_start(count=3, typed_answers=1)
    folder = folder_of(tmp_path, "answers", jfk_path, **{"1_wav": 11.0, "2_wav": 4.0, "3_wav": 7.0})
    result = run_command(["resume", "latest", "--answers-from", folder, "--no-speak"])
    assert result.returncode == 0, result.stderr
    session = store.load_session(crashed.id)
    assert session.status == "completed"
    assert durations(session) == [0.0, 4.0, 7.0]  # 2.wav answers question 2, 3.wav question 3
    assert session.answers[0] == crashed.answers[0]
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert "question 1: answered already; 1.wav not used" in lines
    assert "question 2: 2.wav (4.0 s)" in lines and "question 3: 3.wav (7.0 s)" in lines


@pytest.mark.slow
def test_resume_with_fewer_files_answers_the_next_open_questions_and_keeps_the_rest_open(tmp_path, jfk_path):
    crashed = typed_start(count=3, typed_answers=1)
    first = folder_of(tmp_path, "next", jfk_path, **{"q02_wav": 4.0})
    result = run_command(["resume", "latest", "--answers-from", first, "--no-speak"])
    assert result.returncode == 0, result.stderr
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert "question 2: q02.wav (4.0 s)" in lines
    assert "question 3: no file for it here; it stays open for another `resume`" in lines
    session = store.load_session(crashed.id)
    assert durations(session) == [0.0, 4.0] and session.status != "completed"
    assert f"`voice-interview resume {crashed.id}` asks the rest" in result.stdout

    last = folder_of(tmp_path, "last", jfk_path, **{"q03_wav": 7.0})
    result = run_command(["resume", "latest", "--answers-from", last, "--no-speak"])
    assert result.returncode == 0, result.stderr
    session = store.load_session(crashed.id)
    assert durations(session) == [0.0, 4.0, 7.0] and session.status == "completed"


def test_resume_refuses_a_folder_that_fits_neither_rule(tmp_path, jfk_path):
    crashed = typed_start(count=4, typed_answers=2)
    folder = folder_of(tmp_path, "answers", jfk_path, **{"1_wav": 4.0, "2_wav": 4.0, "3_wav": 4.0})
    result = run_command(["resume", "latest", "--answers-from", folder, "--no-speak"])
    assert result.returncode == 2, result.stdout
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "Traceback" not in result.stderr
    assert "3 answer files" in errors[0] and "2 open" in errors[0] and "4 questions" in errors[0]
    assert store.load_session(crashed.id) == crashed  # nothing recorded
