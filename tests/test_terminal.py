"""The interview on a real terminal: the command runs in a pseudo-terminal
(Python's pty module) with the ALSA fake microphone speaking in real time,
and the test types keys as a candidate would, at the moments a candidate
would: too early, while an answer is transcribed, at the retake prompt."""

from __future__ import annotations

import fcntl
import json
import os
import re
import struct
import subprocess
import sys
import termios
import threading
import time

import pytest

from tests.conftest import raw_pcm, run_command
from voice_interview.records import store

pytestmark = pytest.mark.slow

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class Terminal:
    """A command running on the slave side of a pty of ``columns`` columns."""

    def __init__(self, args, env, columns: int = 80) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
        self._master = master
        self.raw = ""
        self._lock = threading.Lock()

        def controlling_tty():
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.process = subprocess.Popen(
            [sys.executable, "-m", "voice_interview", *map(str, args)],
            stdin=slave, stdout=slave, stderr=slave, env={**env, "TERM": env.get("TERM", "xterm")},
            preexec_fn=controlling_tty, close_fds=True,
        )
        os.close(slave)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self._master, 4096)
            except OSError:
                return
            if not chunk:
                return
            with self._lock:
                self.raw += chunk.decode(errors="replace")

    @property
    def text(self) -> str:
        with self._lock:
            return ANSI.sub("", self.raw)

    def expect(self, pattern: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while not re.search(pattern, self.text):
            if time.monotonic() > deadline or self.process.poll() is not None and not re.search(pattern, self.text):
                raise AssertionError(f"{pattern!r} never appeared:\n{self.text[-2000:]}")
            time.sleep(0.02)

    def type(self, keys: str) -> None:
        os.write(self._master, keys.encode())

    def until_done(self, timeout: float = 180) -> int:
        """Press Enter at each retake prompt (none before this fix), as a
        candidate going on would, until the command ends."""
        deadline = time.monotonic() + timeout
        answered = 0
        while self.process.poll() is None:
            assert time.monotonic() < deadline, self.text[-2000:]
            if len(re.findall(r"Enter: (next question|finish)", self.text)) > answered:
                answered += 1
                self.type("\n")
            time.sleep(0.05)
        return self.wait()

    def wait(self, timeout: float = 120) -> int:
        code = self.process.wait(timeout=timeout)
        self._reader.join(timeout=5)
        return code

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.close(self._master)


@pytest.fixture
def terminal():
    opened = []

    def start(args, env, columns: int = 80) -> Terminal:
        opened.append(Terminal(args, env, columns))
        return opened[-1]

    yield start
    for term in opened:
        term.close()


def latest_record() -> dict:
    return store.load_session("latest").to_dict()


def wait_for_record(condition, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition(latest_record()):
                return
        except Exception:  # not written yet
            pass
        time.sleep(0.02)
    raise AssertionError("the session never reached the expected state")


def spoken(jfk_path, answers: int, pad_s: float = 3.0) -> bytes:
    return raw_pcm(jfk_path, pad_s=pad_s) * answers


def test_enter_while_the_question_is_read_does_not_end_the_answer(terminal, paced_mic, jfk_path):
    mic = paced_mic(spoken(jfk_path, 1))
    term = terminal(["run", "--follow-ups", "0", "-c", "strategy", "-n", "1", "--silence-stop", "2", "--max-answer", "30"], mic.env)
    term.expect("Question 1/1")
    term.type("\n")  # while eSpeak renders and plays the question
    assert term.until_done() == 0, term.text
    answer = latest_record()["answers"][0]
    assert answer["stopped_by"] == "silence" and answer["answer_audio_duration_s"] > 8, answer["stopped_by"]
    assert answer["transcript"]["text"].lower().startswith("and so")


def test_enter_while_an_answer_is_transcribed_keeps_the_next_think_time(terminal, paced_mic, jfk_path):
    mic = paced_mic(spoken(jfk_path, 2))
    term = terminal(["run", "--follow-ups", "0", "-c", "strategy", "-n", "2", "--no-speak", "--think-time", "3", "--silence-stop", "2",
                     "--max-answer", "30"], mic.env)
    wait_for_record(lambda r: r["answers"] and r["answers"][0]["stopped_by"])
    term.type("\n")  # impatient: the answer has stopped, its transcript is not shown yet
    assert term.until_done() == 0, term.text
    second = latest_record()["answers"][1]
    assert second["think_time_s"] >= 2.5, second["think_time_s"]
    assert "Transcribing…" in term.text


def test_r_retakes_the_answer_and_keeps_the_first_take(terminal, paced_mic, jfk_path, data_home):
    mic = paced_mic(spoken(jfk_path, 2))
    term = terminal(["run", "--follow-ups", "0", "-c", "strategy", "-n", "1", "--no-speak", "--silence-stop", "2", "--max-answer", "30"],
                    mic.env)
    term.expect("r: retake")
    term.type("r")
    term.expect("take 2")
    term.expect(r"(?s)take 2.*Enter: finish")
    term.type("\n")
    assert term.wait() == 0, term.text
    answer = latest_record()["answers"][0]
    assert len(answer["attempts"]) == 1
    first = answer["attempts"][0]
    assert first["answer_audio"] != answer["answer_audio"]
    assert (data_home / first["answer_audio"]).is_file() and (data_home / answer["answer_audio"]).is_file()
    for take in (first, answer):
        assert take["transcript"]["text"].lower().startswith("and so"), take["transcript"]["text"]
    shown = run_command(["show", "latest"])
    assert shown.returncode == 0 and "take 2 (1 earlier take kept)" in shown.stdout


def test_resume_redo_records_an_answer_again(paced_mic, jfk_path, tmp_path, data_home):
    answers = tmp_path / "answers"
    answers.mkdir()
    (answers / "1.wav").write_bytes(jfk_path.read_bytes())
    (answers / "2.wav").write_bytes(jfk_path.read_bytes())
    first = run_command(["run", "--follow-ups", "0", "-c", "strategy", "-n", "2", "--no-speak", "--silence-stop", "2",
                         "--answers-from", answers])
    assert first.returncode == 0, first.stderr
    before = latest_record()["answers"][1]
    mic = paced_mic(spoken(jfk_path, 1))
    redo = run_command(["resume", "latest", "--redo", "2", "--no-speak", "--follow-ups", "0"], env=mic.env)
    assert redo.returncode == 0, redo.stderr
    after = latest_record()
    assert after["status"] == "completed" and [a["index"] for a in after["answers"]] == [1, 2]
    second = after["answers"][1]
    assert second["answer_source"] == "microphone" and second["stopped_by"] == "silence"
    assert second["attempts"][0]["answer_audio"] == before["answer_audio"]
    assert second["attempts"][0]["transcript"] == before["transcript"]
    assert (data_home / before["answer_audio"]).is_file()
    wrong = run_command(["resume", "latest", "--redo", "5"], env=mic.env)
    assert wrong.returncode == 2 and "no answer 5 to redo" in wrong.stderr and "Traceback" not in wrong.stderr


def redrawn_lines(raw: str) -> list[str]:
    """Every line as the terminal draws it: split at newlines and carriage returns."""
    return [ANSI.sub("", part) for part in re.split(r"[\r\n]", raw)]


@pytest.mark.parametrize("columns", [40, 80])
def test_redrawn_lines_fit_the_terminal(terminal, paced_mic, jfk_path, columns):
    mic = paced_mic(spoken(jfk_path, 1))
    term = terminal(["run", "--follow-ups", "0", "-c", "strategy", "-n", "1", "--no-speak", "--think-time", "2", "--silence-stop", "2",
                     "--max-answer", "30"], mic.env, columns=columns)
    assert term.until_done() == 0, term.text
    # Lines redrawn in place (the timer, the meter, the countdown, the status):
    # drawn after a carriage return, and followed by one (not by a newline,
    # which the pty sends as \r\n).
    redrawn = [ANSI.sub("", line) for line in re.findall(r"\r(?:\x1b\[K)?([^\r\n]+)(?=\r(?!\n))", term.raw)]
    assert redrawn and all(len(line) < columns for line in redrawn), max(redrawn, key=len)
    assert any("REC" in line for line in redrawn) and any("Think" in line for line in redrawn)
    assert any("Transcribing" in line for line in redrawn)


@pytest.mark.parametrize("columns", [40, 80])
def test_replay_redraws_within_the_width(terminal, fake_mic, recorded_home, jfk_path, columns):
    env = {**fake_mic(jfk_path), "VOICE_INTERVIEW_HOME": str(recorded_home)}
    term = terminal(["replay", "latest"], env, columns=columns)
    assert term.wait(timeout=180) == 0, term.text
    redrawn = [ANSI.sub("", line) for line in re.findall(r"\r(?:\x1b\[K)?([^\r\n]+)(?=\r(?!\n))", term.raw)]
    assert redrawn and all(len(line) < columns for line in redrawn), max(redrawn, key=len)


def test_no_color_and_dumb_terminals(terminal, paced_mic, jfk_path):
    mic = paced_mic(spoken(jfk_path, 1))
    term = terminal(["run", "--follow-ups", "0", "-c", "strategy", "-n", "1", "--no-speak", "--silence-stop", "2", "--max-answer", "30"],
                    {**mic.env, "TERM": "dumb", "NO_COLOR": "1"})
    assert term.until_done() == 0, term.text
    assert "\x1b[" not in term.raw and "\r" not in term.raw.replace("\r\n", "\n"), repr(term.raw[-500:])
    assert "● Recording" in term.text and "Transcribing…" in term.text


def test_status_lines_stay_out_of_pipes_and_json(jfk_path):
    piped = run_command(["transcribe", jfk_path, "--json"])
    assert piped.returncode == 0
    assert json.loads(piped.stdout)["text"] and "Transcribing" not in piped.stderr + piped.stdout


def test_transcribe_on_a_terminal_shows_the_wait(terminal, jfk_path):
    term = terminal(["transcribe", jfk_path], dict(os.environ))
    assert term.wait() == 0, term.text
    assert re.search(r"Transcribing… 0:\d\d", term.text) and "ask not what your country" in term.text.lower()
