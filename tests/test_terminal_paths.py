"""The terminal paths of `run`, `resume`, `review` and `replay`, in-process:
the real Click commands in an Environment of fake edges, a fake clock and
keys typed at given times. Fast; test_terminal.py proves the same through a
real pty, eSpeak, ALSA and Whisper (slow)."""

from __future__ import annotations

import io
import re

from click.testing import CliRunner

from voice_interview.cli import cli
from voice_interview.commands.environment import Environment
from voice_interview.edges.fakes import (
    INTERRUPT,
    ClockPlayback,
    FakeClock,
    FakePlayer,
    FakeRecorder,
    FakeSpeaker,
    FakeTranscriber,
    ScriptedKeys,
)
from voice_interview.records import store
from voice_interview.records.wavfile import read_wav
from voice_interview.status import ExitCode

ANSWER = "I grew the channel by forty percent in six months"
RUN = ["run", "-c", "strategy", "--follow-ups", "0"]


class Terminal:
    """An Environment as a terminal (or a pipe) of ``columns`` columns."""

    def __init__(self, presses=None, tty=True, columns=80, answers=(30.0,), texts=(ANSWER,)) -> None:
        self.clock = FakeClock()
        self.keys = ScriptedKeys(self.clock, presses, tty=tty)
        self.recorder = FakeRecorder(clock=self.clock)
        for seconds in answers:
            self.recorder.enqueue(seconds, "max-length")
        self.transcriber = FakeTranscriber()
        for text in texts:
            self.transcriber.enqueue(text)
        self.env = Environment(
            stdin=io.StringIO(), stdin_isatty=tty, stdout_isatty=tty, stderr_isatty=False,
            colours=False, columns=lambda: columns, clock=self.clock, keys=self.keys,
            speaker=FakeSpeaker, player=FakePlayer, recorder=lambda: self.recorder,
            transcriber=lambda *args, **kwargs: self.transcriber, playback=self._playback,
        )

    def _playback(self, path):
        return ClockPlayback(read_wav(path, header_only=True).duration_s, self.clock)

    def invoke(self, *args, input=None):
        return CliRunner().invoke(cli, [str(a) for a in args], obj=self.env, input=input,
                                  color=True, catch_exceptions=False)  # keep the clear-line codes


def redrawn(output: str) -> list[str]:
    """The lines drawn in place (each after a \\r and clear-line)."""
    return [part.split("\n")[0] for part in output.split("\r\033[K")[1:] if part.split("\n")[0]]


def only_answer():
    return store.load_session("latest").answers[0]


def test_enter_stops_the_recording_and_the_rec_line_is_drawn_on_a_terminal():
    terminal = Terminal({2.0: "\n", 5.0: "\n"})
    result = terminal.invoke(*RUN, "-n", "1")
    assert result.exit_code == 0, result.output
    answer = only_answer()
    assert answer.stopped_by == "enter" and answer.answer_audio_duration_s == 2.0
    lines = redrawn(result.output)
    assert any(line.startswith("  ● REC 0:01 / 3:00  ▮") and line.endswith("Enter to stop") for line in lines)
    assert "Enter: finish · r: retake this answer" in result.output
    assert all(len(line) <= 79 for line in lines)


def test_in_a_pipe_nothing_is_redrawn_and_nothing_waits_for_a_key():
    terminal = Terminal(tty=False, answers=(3.0,))
    result = terminal.invoke(*RUN, "-n", "1")
    assert result.exit_code == 0, result.output
    assert "\r" not in result.output and "REC" not in result.output and "retake" not in result.output
    assert only_answer().stopped_by == "max-length"
    assert ANSWER in result.output


def test_a_narrow_terminal_gets_shorter_lines():
    terminal = Terminal({2.0: "\n", 5.0: "\n"}, columns=30)
    result = terminal.invoke(*RUN, "-n", "1")
    lines = redrawn(result.output)
    assert lines and all(len(line) <= 29 for line in lines)
    assert "Enter to stop" not in result.output


def test_enter_typed_while_the_question_is_read_is_dropped():
    terminal = Terminal({0.0: "\n", 8.0: "\n"}, answers=(3.0,))
    result = terminal.invoke(*RUN, "-n", "1")
    assert result.exit_code == 0, result.output
    assert terminal.keys.dropped == ["\n"]
    answer = only_answer()
    assert answer.stopped_by == "max-length" and answer.answer_audio_duration_s == 3.0


def test_r_retakes_the_answer_and_keeps_the_first_take():
    terminal = Terminal({1.0: "\n", 3.0: "r", 6.0: "\n", 9.0: "\n"}, answers=(30.0, 30.0),
                        texts=("first take", ANSWER))
    result = terminal.invoke(*RUN, "-n", "1")
    assert result.exit_code == 0, result.output
    assert "→ retake" in result.output and "· take 2" in result.output
    answer = only_answer()
    assert answer.transcript.text == ANSWER and answer.answer_audio_duration_s == 3.0
    assert [attempt["transcript"]["text"] for attempt in answer.attempts] == ["first take"]


def test_ctrl_c_during_an_answer_keeps_the_session_and_resume_asks_the_rest():
    terminal = Terminal({1.5: INTERRUPT}, texts=("cut short",))
    result = terminal.invoke(*RUN, "-n", "2", input="n\n")  # "Go on to the next question?" no
    assert result.exit_code == ExitCode.INTERRUPTED
    session = store.load_session("latest")
    assert f"Interview ended. Session {session.id} saved" in result.output
    assert session.status == "interrupted" and [a.stopped_by for a in session.answered] == ["interrupted"]
    assert session.answers[0].transcript.text == "cut short"

    again = Terminal({2.0: "\n", 5.0: "\n"})
    result = again.invoke("resume", "latest")
    assert result.exit_code == 0, result.output
    assert f"Resuming session {session.id}: 1 of 2 answered." in result.output
    resumed = store.load_session(session.id)
    assert resumed.status == "completed" and resumed.answers[1].transcript.text == ANSWER


def recorded_session() -> str:
    result = Terminal(tty=False, answers=(6.0,)).invoke(*RUN, "-n", "1")
    assert result.exit_code == 0, result.output
    return store.load_session("latest").id


def test_interactive_review_takes_the_scores_typed_at_the_keys():
    session_id = recorded_session()
    typed = "n\n4\n9\n3\n-\n5\nclear numbers\n"  # no replay; 9 is refused and asked again
    result = Terminal().invoke("review", "latest", "--reviewer", "ana", input=typed)
    assert result.exit_code == 0, result.output
    assert "Please type a number from 1 to 5, or '-'." in result.output and "saved" in result.output
    review = store.load_session(session_id).reviews[0]
    assert review["reviewer"] == "ana"
    assert review["answers"]["1"] == {"scores": {"structure": 4, "relevance": 3, "delivery": 5},
                                      "notes": "clear numbers"}


def test_review_in_a_pipe_asks_for_a_scores_file():
    recorded_session()
    result = CliRunner().invoke(cli, ["review", "latest"], obj=Terminal(tty=False).env)
    assert result.exit_code != 0 and "needs a terminal" in result.output


def test_replay_on_a_terminal_follows_the_words_in_one_redrawn_line():
    recorded_session()
    result = Terminal(columns=50).invoke("replay", "latest")
    assert result.exit_code == 0, result.output
    assert "keys: space pause/resume · n next · p previous · q quit" in result.output
    lines = [line for line in redrawn(result.output) if line.startswith("  ⏵")]
    assert lines and all(len(line) <= 49 for line in lines)
    assert re.search(r"⏵ 0:0\d/0:06 .*\bforty\b", "\n".join(lines))
    assert lines[-1].startswith("  ⏵ 0:06/0:06") and lines[-1].endswith("months")


def test_replay_in_a_pipe_prints_the_words_as_they_are_reached():
    recorded_session()
    result = Terminal(tty=False).invoke("replay", "latest")
    assert result.exit_code == 0, result.output
    assert "\r" not in result.output
    assert f"▶ answer: {ANSWER} \n" in result.output


def test_space_pauses_the_replay_and_q_quits():
    recorded_session()
    terminal = Terminal({1.0: " ", 2.0: "q"})
    result = terminal.invoke("replay", "latest")
    assert result.exit_code == 0, result.output
    assert "⏸" in result.output and "▶ answer" not in result.output  # quit during the question


def test_a_dumb_terminal_gets_each_line_once(monkeypatch):
    monkeypatch.setenv("TERM", "dumb")
    terminal = Terminal({2.0: "\n", 5.0: "\n"})
    assert not terminal.env.redraw
    result = terminal.invoke(*RUN, "-n", "1")
    assert result.exit_code == 0, result.output
    assert "\r" not in result.output and result.output.count("  ● Recording — Enter to stop\n") == 1
    assert only_answer().stopped_by == "enter"


def test_no_color_turns_the_styles_off(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert not Environment(stdin=io.StringIO(), stdout=io.StringIO()).colours
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "xterm")
    assert Environment(stdin=io.StringIO(), stdout=io.StringIO()).colours


def test_enter_ends_the_think_time_early():
    terminal = Terminal({1.0: "\n", 3.0: "\n", 6.0: "\n"})
    result = terminal.invoke(*RUN, "-n", "1", "--think-time", "10")
    assert result.exit_code == 0, result.output
    assert any(line.startswith("  Think time: 0:10  (Enter to answer now)") for line in redrawn(result.output))
    answer = only_answer()
    assert answer.think_time_s == 1.0 and answer.answer_audio_duration_s == 2.0
