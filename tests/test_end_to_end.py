"""The real pipeline: eSpeak NG speech, sounddevice streams through the ALSA
fake microphone, faster-whisper with the embedded tiny.en model, real files.
Each test runs the command in a fresh process, as a user would."""

from __future__ import annotations

import json

import pytest

from voice_interview.records import store
from tests.conftest import JFK_REFERENCE, run_command, word_error_rate

pytestmark = pytest.mark.slow


def saved_session():
    return store.load_session("latest")


def assert_timings_consistent(session, data_home):
    for answer in session.answers:
        assert answer.answer_start_s <= answer.answer_end_s
        assert (data_home / answer.answer_audio).stat().st_size > 44
        duration = answer.answer_audio_duration_s
        for word in answer.transcript.words:
            assert 0 <= word.start_s <= word.end_s <= duration + 0.05, (word, duration)


def test_jfk_through_the_fake_microphone(fake_mic, jfk_path, data_home):
    env = fake_mic(jfk_path, pad_s=8)
    result = run_command(["run", "-c", "strategy", "-n", "1", "--no-speak", "--silence-stop", "2"], env=env)
    assert result.returncode == 0, result.stderr
    session = saved_session()
    answer = session.answers[0]
    assert answer.answer_source == "microphone" and answer.stopped_by == "silence"
    assert 11.0 <= answer.answer_audio_duration_s <= 14.5
    assert word_error_rate(JFK_REFERENCE, answer.transcript.text) <= 0.1
    assert answer.transcript.text in result.stdout.replace("\n    ", " ")
    assert_timings_consistent(session, data_home)
    first_word = answer.transcript.words[0]
    assert first_word.word.lower().startswith("and") and first_word.start_s < 1.0


def test_question_spoken_through_the_speaker_then_answer_recorded(fake_mic, jfk_path, data_home, tmp_path):
    env = fake_mic(jfk_path, pad_s=8)
    result = run_command(["run", "-c", "goals", "-n", "1", "--max-answer", "12"], env=env)
    assert result.returncode == 0, result.stderr
    answer = saved_session().answers[0]
    assert answer.stopped_by == "max-length" and answer.answer_audio_duration_s == pytest.approx(12.0)
    # The question was rendered by eSpeak NG, kept, and played to the device.
    question_audio = data_home / answer.question_audio
    assert question_audio.stat().st_size > 22050  # over half a second of speech
    assert answer.question_audio_start_s < answer.question_audio_end_s <= answer.answer_start_s
    played = tmp_path / "alsa-home" / "speaker.raw"
    assert played.is_file() and played.stat().st_size > 0
    assert word_error_rate(JFK_REFERENCE, answer.transcript.text) <= 0.1


def test_answers_from_a_folder_of_every_format(jfk_path, tmp_path, data_home):
    from pydub import AudioSegment

    folder = tmp_path / "answers"
    folder.mkdir()
    clip = AudioSegment.from_wav(jfk_path)
    clip.export(folder / "1.wav", format="wav")
    clip.set_frame_rate(44100).set_channels(2).export(folder / "2.flac", format="flac")
    clip.export(folder / "3.mp3", format="mp3")
    clip.export(folder / "4.ogg", format="ogg")
    result = run_command(["run", "-c", "strategy", "--answers-from", folder, "--no-speak"])
    assert result.returncode == 0, result.stderr
    assert "4 answer files" in result.stderr  # five strategy questions, four files
    session = saved_session()
    assert [a.question.number for a in session.answers] == [9, 10, 11, 12]
    for answer in session.answers:
        assert answer.answer_source == "file" and answer.stopped_by == "end-of-audio"
        assert answer.answer_audio_duration_s == pytest.approx(11.0, abs=0.15)
        assert word_error_rate(JFK_REFERENCE, answer.transcript.text) <= 0.1, answer.transcript.text
    assert_timings_consistent(session, data_home)


def test_demo_runs_the_whole_interview_offline(data_home):
    result = run_command(["demo"])
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Question ") == 3 and "Transcript:" in result.stdout
    session = saved_session()
    assert f"Saved session {session.id}" in result.stdout
    assert session.status == "completed" and session.model == "tiny.en"
    assert [a.question.category for a in session.answers] == ["strategy"] * 3
    from voice_interview.core.demo import answer_text, load_demo_answers
    from voice_interview.banks.bank import load_bank

    scripted = load_demo_answers()
    questions = {q.id: q for q in load_bank().questions}
    for answer in session.answers:
        assert answer.answer_source == "synthetic"
        assert (data_home / answer.question_audio).is_file()
        expected = answer_text(questions[answer.question.id], "en", scripted)
        # eSpeak NG's voice is robotic; tiny.en still gets most words.
        assert word_error_rate(expected, answer.transcript.text) <= 0.35, answer.transcript.text
    assert_timings_consistent(session, data_home)


def test_no_microphone_is_one_clear_line_and_exit_1(tmp_path, data_home):
    import os

    env = {**os.environ, "HOME": str(tmp_path)}  # no .asoundrc: the machine's own devices
    probe = run_command(["run", "--no-speak", "-n", "1"], env=env)
    if "no microphone" not in probe.stderr and probe.returncode == 0:
        pytest.skip("this machine has a real microphone")
    assert probe.returncode == 1
    assert probe.stderr.strip().splitlines() == [
        "Error: no microphone found: connect one (and check `voice-interview doctor`), "
        "or answer with --answers-from DIR or --type"
    ]
    assert store.list_session_ids() == []


def test_transcribe_a_file_with_word_timings(jfk_path, tmp_path):
    from pydub import AudioSegment

    mp3 = tmp_path / "jfk.mp3"
    AudioSegment.from_wav(jfk_path).export(mp3, format="mp3")
    result = run_command(["transcribe", mp3, "--json"])
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert word_error_rate(JFK_REFERENCE, data["text"]) <= 0.1
    words = [w for s in data["segments"] for w in s["words"]]
    assert words[0]["word"].lower().startswith("and") and words[-1]["end_s"] <= data["audio_duration_s"]
    assert all(a["start_s"] <= b["start_s"] for a, b in zip(words, words[1:]))


def test_retranscribe_replaces_the_transcripts(jfk_path, tmp_path, data_home):
    import shutil

    folder = tmp_path / "answers"
    folder.mkdir()
    shutil.copy(jfk_path, folder / "1.wav")
    assert run_command(["run", "-n", "1", "--answers-from", folder, "--no-speak"]).returncode == 0
    session = saved_session()
    session.answers[0].transcript.text = "stale"
    store.save_session(session)
    result = run_command(["retranscribe", "latest", "--model", "tiny.en"])
    assert result.returncode == 0, result.stderr
    again = saved_session()
    assert word_error_rate(JFK_REFERENCE, again.answers[0].transcript.text) <= 0.1
    assert again.model == "tiny.en"
