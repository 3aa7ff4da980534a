"""Follow-ups as a user meets them: `run` asks one after an answer that
missed a point, `show` and `report` present it under its question and quote
the words behind every verdict."""

from __future__ import annotations

import json

import pytest

from voice_interview.records import store
from tests.conftest import run_command

PROBE = "Which news sites, newsletters or podcasts do you follow?"  # question 9's first point


def test_a_typed_answer_that_misses_a_point_gets_its_probe(invoke, tmp_path):
    typed = "I check trends every morning and read about algorithm changes.\nI read Social Media Today.\n"
    result = invoke("run", "-c", "strategy", "-n", "1", "--type", "--no-speak", "--follow-ups", "1", input=typed)
    assert result.exit_code == 0, result.output
    assert "Follow-up on question 1 · Named news sources or trade publications" in result.output
    assert PROBE in result.output
    (follow_up,) = store.load_session("latest").answers[0].follow_ups
    assert follow_up.transcript.text == "I read Social Media Today."

    output = invoke("show", "latest").output
    assert "Follow-up 1 · Named news sources or trade publications" in output
    assert f"  Q: {PROBE}" in output and "  A: I read Social Media Today." in output
    shown = " ".join(output.split())  # as read, whatever the wrapping
    assert "✓ covered when asked: “I read Social Media Today”" in shown
    assert "✓ Named news sources or trade publications, when asked: “I read Social Media Today” in follow-up 1" in shown
    assert "✓ A regular habit of keeping up: “I check trends every morning and read about”" in shown
    assert "Points 2 of 3 talking points covered; 1 more when asked" in shown
    assert "Try next Bring up named news sources or trade publications in your first answer" in shown
    assert "Specifics none" in shown
    data = json.loads(invoke("show", "latest", "--json").output)
    answer = data["answers"][0]
    assert answer["follow_ups"][0]["text"] == PROBE
    assert answer["analysis"]["feedback"]["covered"][0]["only_when_asked"] is True

    page = tmp_path / "report.html"
    assert invoke("report", "latest", "-o", page).exit_code == 0
    html = page.read_text()
    assert 'id="q01-follow-up1"' in html and PROBE in html
    assert "Verdict, with the words behind it" in html
    assert "“I check trends every morning and read about”" in html


def test_piped_typed_answers_get_no_follow_up_unless_asked(invoke):
    result = invoke("run", "-c", "strategy", "-n", "2", "--type", "--no-speak", input="one\ntwo\n")
    assert result.exit_code == 0, result.output
    session = store.load_session("latest")
    assert session.status == "completed" and [a.transcript.text for a in session.answers] == ["one", "two"]
    assert all(a.follow_ups == [] for a in session.answers)


def test_a_follow_up_file_without_its_answer_file_is_one_clear_line(invoke, tmp_path, jfk_path):
    folder = tmp_path / "answers"
    folder.mkdir()
    (folder / "01.wav").write_bytes(jfk_path.read_bytes())
    (folder / "02-follow-up.wav").write_bytes(jfk_path.read_bytes())
    result = CliRunner_invoke(["run", "-c", "strategy", "--answers-from", str(folder), "--no-speak"])
    assert result.exit_code == 2
    assert "02-follow-up.wav: a follow-up answer with no answer file named 02.*" in result.output
    assert "Traceback" not in result.output


def CliRunner_invoke(args):
    from click.testing import CliRunner

    from voice_interview.cli import cli

    return CliRunner().invoke(cli, args)


@pytest.mark.slow
def test_real_speech_that_misses_points_is_probed_and_the_follow_up_transcribed(jfk_path, tmp_path, data_home):
    """JFK's sentence covers no point of question 9; eSpeak NG answers the
    probe; Whisper transcribes both."""
    from voice_interview.edges.tts import Pyttsx3Speaker

    folder = tmp_path / "answers"
    folder.mkdir()
    (folder / "09.wav").write_bytes(jfk_path.read_bytes())
    Pyttsx3Speaker().render("I read Social Media Today every morning.", "en", folder / "09-follow-up.wav")
    result = run_command(["run", "-c", "strategy", "-n", "1", "--answers-from", folder, "--no-speak"])
    assert result.returncode == 0, result.stderr
    assert PROBE in result.stdout
    answer = store.load_session("latest").answers[0]
    (follow_up,) = answer.follow_ups
    assert follow_up.answer_source == "file" and follow_up.stopped_by == "end-of-audio"
    assert "social media today" in follow_up.transcript.text.lower()
    assert (data_home / follow_up.answer_audio).stat().st_size > 44
    shown = run_command(["show", "latest"])
    assert "Follow-up 1 · Named news sources or trade publications" in shown.stdout
    assert "covered when asked" in shown.stdout


@pytest.mark.slow
def test_through_the_microphone_run_asks_a_follow_up(fake_mic, jfk_path, tmp_path, data_home):
    """As a new user would: `run --category strategy`, the answer spoken into
    the (ALSA fake) microphone. JFK's sentence makes none of question 9's
    points, so the interviewer probes; the fake microphone replays the same
    file for every recording, so the follow-up's answer is JFK again."""
    from tests.conftest import JFK_REFERENCE, word_error_rate

    env = fake_mic(jfk_path, pad_s=5)
    result = run_command(["run", "--category", "strategy", "-n", "1", "--no-speak", "--silence-stop", "2"], env=env)
    assert result.returncode == 0, result.stderr
    assert "Follow-up on question 1 · Named news sources or trade publications" in result.stdout
    answer = store.load_session("latest").answers[0]
    (follow_up,) = answer.follow_ups
    assert answer.answer_source == follow_up.answer_source == "microphone"
    assert follow_up.stopped_by == "silence" and answer.answer_end_s <= follow_up.answer_start_s
    assert word_error_rate(JFK_REFERENCE, follow_up.transcript.text) <= 0.1
    shown = run_command(["show", "latest"]).stdout
    assert "✗ still missing after the follow-up" in shown
    report = tmp_path / "r.html"
    assert run_command(["report", "latest", "-o", report]).returncode == 0
    assert "q01-follow-up1-answer.wav" in report.read_text()
