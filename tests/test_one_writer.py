"""One writer per session: a second interview on a session is refused while
the first runs, a review saved meanwhile survives the candidate's saves,
and a process killed with -9 leaves no lock behind. Real commands in real
processes; typed answers (a pipe the test holds open) keep each interview
waiting at a known question."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import run_command

WAIT_S = 60


class Interview:
    """``voice-interview ARGS`` in its own process, typed answers fed by the test."""

    def __init__(self, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "voice_interview", *args], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.output: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.output.append(line)

    def wait_for(self, text: str) -> None:
        deadline = time.monotonic() + WAIT_S
        while not any(text in line for line in self.output):
            assert self.process.poll() is None, f"ended early: {''.join(self.output)}{self.process.stderr.read()}"
            assert time.monotonic() < deadline, f"no {text!r} in {''.join(self.output)}"
            time.sleep(0.05)

    def answer(self, text: str) -> None:
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()

    def finish(self) -> tuple[int, str, str]:
        self.process.stdin.close()
        code = self.process.wait(WAIT_S)
        self._reader.join(WAIT_S)
        return code, "".join(self.output), self.process.stderr.read()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(WAIT_S)


@pytest.fixture
def interviews():
    started: list[Interview] = []

    def start(*args: str) -> Interview:
        started.append(Interview(*args))
        return started[-1]

    yield start
    for interview in started:
        interview.kill()


@pytest.fixture
def one_of_three(data_home) -> dict:
    """A typed three-question session with its first answer, interrupted."""
    result = run_command(["run", "--type", "--no-speak", "-n", "3"], input="The first answer.\n")
    assert result.returncode == 0, result.stderr
    assert "resume" in result.stdout
    return saved(data_home)


def saved(data_home: Path) -> dict:
    records = sorted((data_home / "sessions").glob("2*.json"))
    assert len(records) == 1
    return json.loads(records[0].read_text())


def transcripts(record: dict) -> list[str]:
    return [a["transcript"]["text"] for a in record["answers"]]


def test_a_second_resume_is_refused_and_the_first_keeps_its_answers(interviews, one_of_three, data_home):
    first = interviews("resume", "latest", "--type", "--no-speak")
    first.wait_for("Question 2/3")
    second = run_command(["resume", "latest", "--type", "--no-speak"], input="From the second terminal.\n")
    assert second.returncode == 1
    message = second.stderr.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in message
    assert f"session {one_of_three['id']} is being written by another voice-interview" in message
    assert f"pid {first.process.pid}: voice-interview resume latest --type --no-speak" in message
    assert "Saved" not in second.stdout
    first.answer("The second answer.")
    first.answer("The third answer.")
    code, out, err = first.finish()
    assert code == 0, err
    assert "Saved session" in out and "3 answers" in out
    record = saved(data_home)
    assert transcripts(record) == ["The first answer.", "The second answer.", "The third answer."]
    assert record["status"] == "completed"
    assert not list((data_home / "sessions").glob(".*.lock"))  # the lock file goes with its holder


def test_retranscribe_and_resume_are_refused_while_run_asks(interviews, data_home):
    running = interviews("run", "--type", "--no-speak", "-n", "2")
    running.wait_for("Question 1/2")
    for args in (["resume", "latest", "--type", "--no-speak"], ["retranscribe", "latest"]):
        refused = run_command(args, input="")
        assert refused.returncode == 1, refused.stderr
        assert f"pid {running.process.pid}: voice-interview run --type" in refused.stderr
    running.answer("One.")
    running.answer("Two.")
    code, out, err = running.finish()
    assert code == 0, err
    assert transcripts(saved(data_home)) == ["One.", "Two."]


def test_a_review_saved_while_the_candidate_answers_is_kept(interviews, one_of_three, data_home):
    candidate = interviews("resume", "latest", "--type", "--no-speak")
    candidate.wait_for("Question 2/3")
    scores = {"answers": [{"question": 1, "scores": {"structure": 4}, "notes": "Clear start."}]}
    review = run_command(["review", "latest", "--reviewer", "ana", "--scores", "-"], input=json.dumps(scores))
    assert review.returncode == 0, review.stderr
    assert "Saved 1 reviewed answers" in review.stdout
    candidate.answer("The second answer.")
    candidate.wait_for("Question 3/3")  # the candidate's process has saved since the review
    also = {"answers": [{"question": 2, "scores": {"delivery": 3}}]}
    assert run_command(["review", "latest", "--reviewer", "bo", "--scores", "-"], input=json.dumps(also)).returncode == 0
    candidate.answer("The third answer.")
    code, _, err = candidate.finish()
    assert code == 0, err
    record = saved(data_home)
    assert transcripts(record) == ["The first answer.", "The second answer.", "The third answer."]
    by_reviewer = {r["reviewer"]: r["answers"] for r in record["reviews"]}
    assert by_reviewer["ana"]["1"] == {"scores": {"structure": 4}, "notes": "Clear start."}
    assert by_reviewer["bo"]["2"]["scores"] == {"delivery": 3}


def test_a_killed_interview_leaves_no_lock_behind(interviews, one_of_three, data_home):
    killed = interviews("resume", "latest", "--type", "--no-speak")
    killed.wait_for("Question 2/3")
    os.kill(killed.process.pid, signal.SIGKILL)
    killed.kill()
    assert list((data_home / "sessions").glob(".*.lock"))  # kill -9 cleans nothing up
    again = run_command(["resume", "latest", "--type", "--no-speak"], input="Two.\nThree.\n")
    assert again.returncode == 0, again.stderr
    assert transcripts(saved(data_home)) == ["The first answer.", "Two.", "Three."]
