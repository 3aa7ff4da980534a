"""Every line `show` and `progress` print fits an 80-column terminal, and the
pieces that cut redrawn lines to the terminal's width."""

from __future__ import annotations

import pytest

from voice_interview.outputs.replay import word_window
from voice_interview.commands.terminal import fit

ANSWERS = (
    "I read trade newsletters every morning and follow industry leaders on LinkedIn, uh, you know\n"
    "We measured engagement rate and conversions; basically I think it kind of worked\n"
    "Something else entirely about the analytics dashboards we built\n"
)


@pytest.fixture
def two_sessions(invoke):
    for _ in range(2):  # the same questions twice: progress lists them as retakes
        assert invoke("run", "--type", "--no-speak", "-c", "strategy", "-n", "3", input=ANSWERS).exit_code == 0


@pytest.mark.parametrize("command", [["show", "latest"], ["progress"], ["sessions"]])
def test_reports_fit_80_columns(invoke, two_sessions, command):
    result = invoke(*command)
    assert result.exit_code == 0
    wide = [line for line in result.output.splitlines() if len(line) > 79]
    assert not wide, wide


def test_fit_takes_the_longest_candidate_that_fits():
    assert fit("  ● REC 0:03 / 3:00  ▮▮▮  Enter to stop", "  ● REC 0:03", width=40) == "  ● REC 0:03 / 3:00  ▮▮▮  Enter to stop"
    assert fit("  ● REC 0:03 / 3:00  ▮▮▮  Enter to stop", "  ● REC 0:03", width=20) == "  ● REC 0:03"
    assert fit("a much longer last resort", width=8) == "a much "


def test_the_replay_window_keeps_the_word_being_spoken():
    words = "and so my fellow americans ask not what your country can do for you".split()
    for room in (80, 30, 10, 4):
        shown = word_window(words, 8, room)
        assert 8 in shown and (len(" ".join(words[i] for i in shown)) <= room or len(shown) == 1)


def test_a_follow_up_on_a_narrow_no_color_terminal(monkeypatch):
    """The follow-up's heading and transcript take NO_COLOR and the width as
    the answer's do (color=True keeps what the program styles)."""
    from click.testing import CliRunner

    from voice_interview.cli import cli

    monkeypatch.setenv("COLUMNS", "40")
    answers = "I would post every day on Instagram.\nWe track it weekly.\n"
    args = ["run", "--type", "--no-speak", "-c", "strategy", "-n", "1", "--follow-ups", "1"]
    styled = CliRunner().invoke(cli, args, input=answers, color=True)
    assert styled.exit_code == 0 and "Follow-up on question 1" in styled.output and "\x1b[" in styled.output
    monkeypatch.setenv("NO_COLOR", "1")
    plain = CliRunner().invoke(cli, args, input=answers, color=True)
    assert plain.exit_code == 0 and "Follow-up on question 1" in plain.output
    assert "\x1b[" not in plain.output
    follow_up = plain.output[plain.output.index("Follow-up on question 1"):plain.output.index("Saved session")]
    wide = [line for line in follow_up.splitlines() if len(line) > 39]
    assert not wide, wide
