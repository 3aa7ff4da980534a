"""``voice-interview doctor``: each check finds what is wrong and says how
to fix it; exit 0 when all is well, 1 otherwise.

Device checks run in a fresh process (the ALSA configuration is read once
per process): with the ALSA fake devices of conftest, with none, and with
PortAudio or eSpeak NG taken away as in test_bad_input."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import namedtuple

import pytest
from click.testing import CliRunner

from tests.test_bad_input import NO_ESPEAK, NO_PORTAUDIO, patched_python_env
from voice_interview.edges import doctor as checks
from voice_interview.commands.doctor import doctor

RUN_DOCTOR = "import sys; from voice_interview.commands.doctor import doctor; doctor(prog_name='voice-interview doctor')"


def run_doctor(*args, env=None):
    """``voice-interview doctor`` in a fresh process."""
    return subprocess.run([sys.executable, "-c", RUN_DOCTOR, *args], env=env, capture_output=True,
                          text=True, timeout=300)


def lines_by_check(output: str) -> dict[str, str]:
    """The check's line and its fix line(s), by check name."""
    found: dict[str, str] = {}
    name = None
    for line in output.splitlines():
        if line[:2] in ("✓ ", "✗ "):
            name = line[2:].split("  ")[0].strip()
            found[name] = line
        elif name and line.startswith(" "):
            found[name] += " " + line.strip()
        else:
            name = None
    return found


def test_help_has_an_example():
    result = CliRunner().invoke(doctor, ["--help"])
    assert result.exit_code == 0 and "Example" in result.output and "--model" in result.output


@pytest.mark.slow
def test_all_good_with_a_microphone_and_a_speaker(fake_mic, jfk_path, data_home):
    result = run_doctor(env=fake_mic(jfk_path))
    assert result.returncode == 0, result.stdout + result.stderr
    found = lines_by_check(result.stdout)
    assert list(found) == ["microphone", "speaker", "voice (en)", "model", "ffmpeg", "disk"]
    assert all(line.startswith("✓") for line in found.values()), result.stdout
    assert "records 16 kHz mono" in found["microphone"] and "plays 22.05 kHz mono" in found["speaker"]
    assert "gmw/en" in found["voice (en)"] and "tiny.en" in found["model"]
    assert "All good" in result.stdout
    long_lines = [line for line in result.stdout.splitlines() if len(line) > 80]
    assert all(str(data_home) in line for line in long_lines)  # only a path is never broken
    assert result.stderr == ""


@pytest.mark.slow
def test_no_devices_says_how_to_answer_without_them(tmp_path, data_home):
    result = run_doctor(env={**os.environ, "HOME": str(tmp_path)})  # the machine's own devices
    found = lines_by_check(result.stdout)
    if found["microphone"].startswith("✓"):
        pytest.skip("this machine has a real microphone")
    assert result.returncode == 1
    assert found["microphone"].startswith("✗") and "--answers-from DIR" in found["microphone"]
    assert "fix: connect a microphone" in found["microphone"]
    assert found["speaker"].startswith("✗") and "shows the questions as text" in found["speaker"]
    assert found["model"].startswith("✓")  # the rest is still checked
    assert "2 of 6 checks found a problem" in result.stdout


@pytest.mark.slow
def test_without_portaudio(tmp_path, fake_mic, jfk_path, data_home):
    result = run_doctor(env=patched_python_env(tmp_path, NO_PORTAUDIO, env=fake_mic(jfk_path)))
    assert result.returncode == 1
    found = lines_by_check(result.stdout)
    for name in ("microphone", "speaker"):
        assert found[name].startswith("✗ ") and "PortAudio library is missing" in found[name]
        assert "fix: install PortAudio: `sudo apt install libportaudio2`" in found[name]
    assert found["voice (en)"].startswith("✓")
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_without_espeak(tmp_path, data_home):
    result = run_doctor(env=patched_python_env(tmp_path, NO_ESPEAK))
    assert result.returncode == 1
    voice = lines_by_check(result.stdout)["voice (en)"]
    assert voice.startswith("✗ ") and "eSpeak NG, the text-to-speech voice, is not installed" in voice
    assert "fix: `sudo apt install espeak-ng`" in voice and "run --no-speak" in voice
    assert "Traceback" not in result.stderr


def test_json_lists_every_check_and_exits_1_on_a_problem(monkeypatch):
    monkeypatch.setattr(checks, "check_input_device", lambda: checks.Check("microphone", False, "none", "plug one in"))
    for name in ("check_output_device", "check_ffmpeg", "check_disk"):
        monkeypatch.setattr(checks, name, lambda name=name: checks.Check(name, True, "fine"))
    monkeypatch.setattr(checks, "check_voice", lambda language: checks.Check(f"voice ({language})", True, "fine"))
    monkeypatch.setattr(checks, "check_model", lambda model, language: checks.Check("model", True, model or "-"))
    result = CliRunner().invoke(doctor, ["--json", "--lang", "nb", "--model", "base"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["ok"] is False
    assert [c["name"] for c in data["checks"]] == [
        "microphone", "check_output_device", "voice (nb)", "model", "check_ffmpeg", "check_disk"]
    assert data["checks"][0] == {"name": "microphone", "ok": False, "detail": "none", "fix": "plug one in"}
    assert data["checks"][3]["detail"] == "base"


def test_a_check_that_breaks_is_reported_not_raised(monkeypatch):
    def broken():
        raise RuntimeError("surprise")

    monkeypatch.setattr(checks, "check_ffmpeg", broken)
    found = {c.name: c for c in checks.run_checks()}
    assert not found["ffmpeg"].ok
    assert "the check itself failed (RuntimeError: surprise)" in found["ffmpeg"].detail


# --- the model -----------------------------------------------------------------------

@pytest.mark.slow
def test_the_embedded_model_loads():
    check = checks.check_model(None, "en")
    assert check.ok and "Whisper tiny.en loads in" in check.detail


def test_a_model_folder_without_model_bin(tmp_path):
    check = checks.check_model(str(tmp_path), "en")
    assert not check.ok and "model.bin is missing" in check.detail
    assert "--model" in check.fix


def test_a_model_path_that_does_not_exist(tmp_path):
    check = checks.check_model(str(tmp_path / "nowhere"), "en")
    assert not check.ok and "no model folder there" in check.detail


@pytest.mark.slow
def test_a_damaged_model_does_not_load(tmp_path):
    from voice_interview.edges.model_choice import embedded_model_path

    damaged = tmp_path / "damaged"
    shutil.copytree(embedded_model_path(), damaged, ignore=shutil.ignore_patterns("model.bin"))
    with open(embedded_model_path() / "model.bin", "rb") as whole:
        (damaged / "model.bin").write_bytes(whole.read(100_000))
    check = checks.check_model(str(damaged), "en")
    assert not check.ok and "could not load" in check.detail


def test_an_english_only_model_for_norwegian():
    check = checks.check_model("tiny.en", "nb")
    assert not check.ok and "English only" in check.detail


def test_a_model_name_that_is_not_downloaded_is_not_fetched():
    check = checks.check_model("voice-interview-tests/not-a-model", "en")
    assert not check.ok and "not downloaded" in check.detail and "internet" in check.detail


# --- voice, ffmpeg, disk ------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("language, voice", [("en", "gmw/en"), ("nb", "gmq/nb")])
def test_the_voice_speaks_a_test_word(language, voice):
    check = checks.check_voice(language)
    assert check.ok and voice in check.detail and "said a test word" in check.detail


def test_ffmpeg_missing(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    check = checks.check_ffmpeg()
    assert not check.ok and check.detail.startswith("ffmpeg and ffprobe not found")
    assert check.fix.startswith("`sudo apt install ffmpeg`")


def test_ffmpeg_present():
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed here")
    check = checks.check_ffmpeg()
    assert check.ok and check.detail.startswith("ffmpeg version")


Usage = namedtuple("Usage", "total used free")


def test_low_disk_space_says_how_many_minutes_fit(monkeypatch, data_home):
    monkeypatch.setattr(shutil, "disk_usage", lambda path: Usage(10**12, 10**12, 100 * 1024**2))
    check = checks.check_disk()
    assert not check.ok
    assert check.detail == f"only 100 MB free in {data_home}: room for about 54 minutes of answers"
    assert "VOICE_INTERVIEW_HOME" in check.fix


def test_enough_disk_space(monkeypatch, data_home):
    monkeypatch.setattr(shutil, "disk_usage", lambda path: Usage(10**12, 0, 20 * 1024**3))
    check = checks.check_disk(data_home / "not" / "made" / "yet")
    assert check.ok and "20.0 GB free" in check.detail and "about 11,184 minutes" in check.detail
