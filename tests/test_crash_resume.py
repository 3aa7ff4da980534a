"""Never lose an answer: kill -9 and Ctrl-C in the middle of a real
recording (sounddevice reading a fake microphone that speaks in real time),
then `resume`."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import JFK_REFERENCE, raw_pcm, run_command, word_error_rate
from voice_interview.records import store

pytestmark = pytest.mark.slow


def start_interview(env):
    return subprocess.Popen(
        [sys.executable, "-m", "voice_interview", "run", "-c", "strategy", "-n", "3", "--no-speak",
         "--silence-stop", "2", "--max-answer", "60", "--follow-ups", "0"],  # the paced mic feeds answers only
        env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def wait_for_second_answer(process, mic, data_home, seconds_in: float) -> float:
    """Block until the second answer has been fed ``seconds_in`` seconds of
    speech; returns how much it had been fed: what its file held when it
    appeared, plus what the microphone said since."""
    deadline = time.monotonic() + 90
    started_at = None  # the microphone's position when the second answer began
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        if started_at is None:
            for answer in data_home.glob("audio/*/q02-answer.wav"):
                started_at = mic.fed_s - recorded_s(answer)
        elif mic.fed_s - started_at >= seconds_in:
            return mic.fed_s - started_at
        time.sleep(0.02)
    raise AssertionError("the second answer never started")


def recorded_s(answer: Path) -> float:
    """Seconds of 16 kHz mono 16-bit audio in a WAV being written (0 before its header)."""
    return max(0, answer.stat().st_size - 44) / 32000


@pytest.fixture
def speaking_mic(paced_mic, jfk_path):
    first = raw_pcm(jfk_path, pad_s=3.5)  # stops on 2 s of silence
    second = raw_pcm(jfk_path, pad_s=0.3) * 5  # keeps talking for ~57 s
    return paced_mic(first + second)


@pytest.fixture
def third_answer(tmp_path, jfk_path):
    import shutil

    folder = tmp_path / "third"
    folder.mkdir()
    shutil.copy(jfk_path, folder / "3.wav")
    return folder


def test_kill_9_mid_answer_loses_at_most_a_second_then_resume(speaking_mic, data_home, third_answer):
    process = start_interview(speaking_mic.env)
    fed_s = wait_for_second_answer(process, speaking_mic, data_home, random.uniform(2.0, 8.0))
    process.kill()
    process.wait(timeout=10)
    speaking_mic.stop()

    crashed = store.load_session("latest")
    assert crashed.status == "in-progress"
    first = crashed.answers[0]
    assert word_error_rate(JFK_REFERENCE, first.transcript.text) <= 0.1
    assert crashed.answers[1].answer_audio and crashed.answers[1].transcript is None

    result = run_command(["resume", "latest", "--answers-from", third_answer, "--no-speak"])
    assert result.returncode == 0, result.stderr
    assert "Recovered answer 2" in result.stdout
    session = store.load_session(crashed.id)
    assert session.status == "completed" and len(session.answers) == 3
    assert session.answers[0] == first  # the earlier answer is untouched
    partial = session.answers[1]
    assert partial.stopped_by == "recovered"
    assert fed_s - 1.0 <= partial.answer_audio_duration_s <= fed_s + 0.5, (fed_s, partial.answer_audio_duration_s)
    assert partial.transcript.text.lower().startswith("and so")
    assert all(w.end_s <= partial.answer_audio_duration_s + 0.05 for w in partial.transcript.words)
    assert word_error_rate(JFK_REFERENCE, session.answers[2].transcript.text) <= 0.1


def test_ctrl_c_keeps_the_answer_and_ends_cleanly_with_130(speaking_mic, data_home, third_answer):
    process = start_interview(speaking_mic.env)
    fed_s = wait_for_second_answer(process, speaking_mic, data_home, 4.0)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    speaking_mic.stop()
    assert process.returncode == 130
    assert "Traceback" not in stderr and "every answer so far is kept" in stderr
    session = store.load_session("latest")
    assert session.status == "interrupted"
    kept = session.answers[1]
    assert kept.stopped_by == "interrupted" and kept.answer_audio_duration_s >= fed_s - 1.0
    assert kept.transcript.text.lower().startswith("and so")

    result = run_command(["resume", "latest", "--answers-from", third_answer, "--no-speak"])
    assert result.returncode == 0, result.stderr
    assert [a.index for a in store.load_session("latest").answers] == [1, 2, 3]
