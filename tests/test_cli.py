"""The commands as a user runs them (CliRunner, in-process)."""

from __future__ import annotations

import json

import pytest

from voice_interview.cli import cli
from voice_interview.records import store


def all_commands():
    from voice_interview.cli import COMMANDS

    return sorted(COMMANDS)


@pytest.mark.parametrize("command", all_commands())
def test_every_command_has_help_with_an_example(invoke, command):
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Usage: " in result.output and "Example" in result.output


def test_top_level_help(invoke):
    result = invoke("--help")
    assert result.exit_code == 0
    for command in all_commands():
        assert command in result.output


def test_questions_json_lists_strategy_with_guidance(invoke):
    result = invoke("questions", "--category", "strategy", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert [q["number"] for q in data["questions"]] == [9, 10, 11, 12, 13]
    assert all(q["guidance"] and q["category"] == "strategy" for q in data["questions"])
    assert data["language"] == "en"


def test_questions_in_norwegian_text(invoke):
    result = invoke("questions", "--lang", "nb", "-c", "general")
    assert result.exit_code == 0
    assert "Hvilke sosiale medier-kontoer har du administrert tidligere?" in result.output
    assert "Generelle spørsmål" in result.output


def test_questions_with_guidance_wraps_at_80_columns(invoke):
    result = invoke("questions", "-c", "goals", "--guidance")
    assert result.exit_code == 0
    assert "Listen for clues" in result.output
    assert max(len(line) for line in result.output.splitlines()) <= 80


@pytest.mark.parametrize(
    "args, message",
    [
        (["questions", "-c", "golf"], "unknown category 'golf'"),
        (["questions", "--bank", "missing.toml"], "no such bank file"),
        (["questions", "--lang", "sv"], "Invalid value for '--lang'"),
        (["run", "--type", "--answers-from", "."], "choose one of --type and --answers-from"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(invoke, args, message):
    result = invoke(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_broken_bank_file(invoke, tmp_path):
    bank = tmp_path / "broken.toml"
    bank.write_text("format_version = 1\nid = 'x'\n[[questions]\n")
    result = invoke("questions", "--bank", bank)
    assert result.exit_code == 2
    assert f"Error: {bank}: TOML syntax error" in result.output


def test_typed_answers_from_a_pipe(invoke):
    answers = "I read industry newsletters daily.\nMore short video.\n"
    result = invoke("run", "-c", "strategy", "-n", "2", "--type", "--no-speak", input=answers)
    assert result.exit_code == 0, result.output
    assert "I read industry newsletters daily." in result.output
    session = store.load_session("latest")
    assert session.status == "completed"
    assert [a.transcript.text for a in session.answers] == ["I read industry newsletters daily.", "More short video."]


def test_answers_from_an_empty_folder(invoke, tmp_path):
    result = invoke("run", "--answers-from", tmp_path, "--no-speak")
    assert result.exit_code == 2
    assert "no answer files" in result.output


def test_the_lazy_command_table_matches_each_command(invoke):
    import click

    from voice_interview.cli import COMMANDS

    ctx = click.Context(cli)
    for name, (_, _, short) in COMMANDS.items():
        command = cli.get_command(ctx, name)
        assert command.name == name
        assert command.get_short_help_str(limit=60) == short, name


def test_help_imports_no_command_module():
    import subprocess
    import sys

    code = (
        "import sys; from voice_interview.cli import cli\n"
        "try: cli(['--help'])\nexcept SystemExit: pass\n"
        "heavy = [m for m in sys.modules if m.startswith('voice_interview.commands.') or m in "
        "('numpy', 'faster_whisper', 'ctranslate2', 'sounddevice', 'pyttsx3', 'pydub', 'onnxruntime')]\n"
        "print('LOADED', heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert "LOADED []" in out


def test_each_typed_answer_gets_a_headline_and_a_saved_analysis(invoke):
    answer = "I think I set goals, um, like, basically tied to business KPIs and I review analytics every week.\n"
    result = invoke("run", "-c", "goals", "-n", "1", "--type", "--no-speak", input=answer)
    assert result.exit_code == 0, result.output
    assert "3 fillers or hesitations · 1 hedge · talking points" in result.output
    analysis = store.load_session("latest").answers[0].analysis
    assert analysis["fillers"]["count"] == 3 and analysis["hedges"]["count"] == 1


def test_typed_input_ending_early_keeps_what_was_answered(invoke):
    result = invoke("run", "-c", "goals", "--type", "--no-speak", input="Only one answer.\n")
    assert result.exit_code == 0
    assert "resume" in result.output
    session = store.load_session("latest")
    assert session.status == "interrupted" and len(session.answers) == 1


def test_output_cut_off_by_its_reader_ends_quietly():
    """`voice-interview questions | head -1`: no error line, exit 141 as for SIGPIPE."""
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-m", "voice_interview", "questions", "--guidance"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    process.stdout.close()  # the reader is gone before the first line is written
    stderr = process.stderr.read()
    assert process.wait(timeout=30) == 141
    assert stderr == ""
