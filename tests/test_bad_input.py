"""Bad input of every kind gets one clear line, the documented exit code
(1 runtime failure, 2 bad input) and no traceback, and loses nothing that
was already recorded. Cases already covered elsewhere (broken banks in
test_bank, odd session ids in test_store and test_coach, unsafe archive
paths in test_coach, no microphone in test_end_to_end) are not repeated.

A missing system library is simulated with a ``sitecustomize`` module on
the subprocess's PYTHONPATH, which Python runs before anything else."""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
import subprocess
import sys
import textwrap
import wave
import zipfile
from pathlib import Path

import pytest

from tests.conftest import run_command
from voice_interview.outputs import sharing
from voice_interview.records import store
from voice_interview.banks.bank import MAX_BANK_BYTES
from voice_interview.edges import recording
from voice_interview.edges.fakes import write_silence

NO_PORTAUDIO = """
    import importlib.abc, sys

    class NoPortAudio(importlib.abc.MetaPathFinder):
        # `import sounddevice` fails like this without the libportaudio2 package.
        def find_spec(self, name, path=None, target=None):
            if name == "sounddevice":
                raise OSError("PortAudio library not found")
            return None

    sys.meta_path.insert(0, NoPortAudio())
"""

NO_ESPEAK = """
    import ctypes.util, sys

    # No system libespeak-ng, and no espeakng-loader package either.
    _find_library = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None if "espeak" in name else _find_library(name)
    sys.modules["espeakng_loader"] = None
"""


def patched_python_env(tmp_path: Path, code: str, env: dict | None = None) -> dict[str, str]:
    """An environment whose Python runs ``code`` first (as sitecustomize)."""
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(textwrap.dedent(code))
    env = dict(env or os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(site), env.get("PYTHONPATH", "")) if p)
    return env


def one_error_line(output: str) -> str:
    """The output's only ``Error:`` line; no traceback anywhere."""
    assert "Traceback" not in output
    errors = [line for line in output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, output
    return errors[0]


def answer_folder(tmp_path: Path, *files: tuple[str, bytes | Path]) -> Path:
    folder = tmp_path / "answers"
    folder.mkdir(exist_ok=True)
    for name, content in files:
        target = folder / name
        if isinstance(content, Path):
            shutil.copy(content, target)
        else:
            target.write_bytes(content)
    return folder


# --- banks and categories --------------------------------------------------------

def test_a_very_large_bank_is_refused_before_reading_it(invoke, tmp_path):
    bank = tmp_path / "huge.toml"
    with open(bank, "wb") as handle:
        handle.truncate(MAX_BANK_BYTES + 1)
    result = invoke("questions", "--bank", bank)
    assert result.exit_code == 2
    assert one_error_line(result.output) == (
        f"Error: {bank}: the bank is {MAX_BANK_BYTES + 1} bytes, over the 5 MB limit; split it"
    )


def test_a_bank_nested_too_deeply_is_a_clear_error(invoke, tmp_path):
    bank = tmp_path / "deep.toml"
    bank.write_text("format_version = 1\nid = " + "[" * 20_000 + "\n")
    result = invoke("questions", "--bank", bank)
    assert result.exit_code == 2
    assert "nested too deeply" in one_error_line(result.output)


@pytest.mark.parametrize("args", [["run", "--type", "--no-speak"], ["demo"]])
def test_an_unknown_category_in_run_and_demo(invoke, args):
    result = invoke(*args, "--category", "golf")
    assert result.exit_code == 2
    assert "unknown category 'golf': choose from general, organization" in one_error_line(result.output)
    assert store.list_session_ids() == []


# --- answer files --------------------------------------------------------------------

def test_answers_from_a_folder_that_does_not_exist(invoke, tmp_path):
    result = invoke("run", "--answers-from", tmp_path / "nope", "--no-speak")
    assert result.exit_code == 2
    assert "does not exist" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("1.wav", b"", "the audio file is empty; record it again"),
        ("1.wav", b"RIFF\x24\x00\x00\x00WAVEfmt \x10\x00garbage", "not readable audio"),
        ("1.mp3", b"Dear diary, this is not audio at all.\n", "not readable audio"),
        ("1.ogg", bytes(range(256)) * 20, "not readable audio"),
    ],
    ids=["empty", "corrupt-wav", "text-as-mp3", "random-bytes-as-ogg"],
)
def test_unreadable_answer_files(invoke, tmp_path, name, content, message):
    folder = answer_folder(tmp_path, (name, content))
    result = invoke("run", "-n", "1", "--answers-from", folder, "--no-speak")
    assert result.exit_code == 2
    line = one_error_line(result.output)
    assert line.startswith(f"Error: {folder / name}: {message}")


# --- the Whisper model -------------------------------------------------------------------

def test_a_model_folder_without_model_bin(invoke, tmp_path):
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text("{}")
    folder = answer_folder(tmp_path, ("1.wav", write_silence(tmp_path / "silence.wav", 1.0)))
    result = invoke("run", "--answers-from", folder, "--no-speak", "--model", model)
    assert result.exit_code == 1
    assert "model.bin is missing" in one_error_line(result.output)
    assert store.list_session_ids() == []


def test_a_model_path_that_does_not_exist(invoke, tmp_path):
    folder = answer_folder(tmp_path, ("1.wav", write_silence(tmp_path / "silence.wav", 1.0)))
    result = invoke("run", "--answers-from", folder, "--no-speak", "--model", tmp_path / "nowhere")
    assert result.exit_code == 1
    assert "no model folder there" in one_error_line(result.output)


@pytest.mark.slow
def test_a_damaged_model_fails_after_keeping_the_recording(invoke, tmp_path, jfk_path, data_home):
    from voice_interview.edges.model_choice import embedded_model_path

    damaged = tmp_path / "damaged.en"
    shutil.copytree(embedded_model_path(), damaged, ignore=shutil.ignore_patterns("model.bin"))
    with open(embedded_model_path() / "model.bin", "rb") as whole:
        (damaged / "model.bin").write_bytes(whole.read(100_000))  # a download cut short
    folder = answer_folder(tmp_path, ("1.wav", jfk_path))
    result = invoke("run", "-n", "1", "--answers-from", folder, "--no-speak", "--model", damaged)
    assert result.exit_code == 1
    line = one_error_line(result.output)
    assert "could not load" in line and "pass another with --model" in line
    answer = store.load_session("latest").answers[0]
    assert (data_home / answer.answer_audio).stat().st_size > 300_000


# --- missing system libraries --------------------------------------------------------------

def test_without_portaudio_the_microphone_error_says_what_to_install(tmp_path, data_home):
    result = run_command(["run", "-n", "1", "--no-speak"], env=patched_python_env(tmp_path, NO_PORTAUDIO))
    assert result.returncode == 1
    assert one_error_line(result.stderr) == (
        "Error: the PortAudio library is missing: install it with `sudo apt install libportaudio2` "
        "(or run the README's set-up command)"
    )
    assert store.list_session_ids() == []


def test_without_portaudio_typed_answers_and_replay_still_work(tmp_path, data_home):
    env = patched_python_env(tmp_path, NO_PORTAUDIO)
    typed = run_command(["run", "-n", "1", "--type", "--no-speak"], env=env, input="My answer.\n")
    assert typed.returncode == 0, typed.stderr
    replay = run_command(["replay", "latest"], env=env)
    assert replay.returncode == 0, replay.stderr
    assert "My answer." in replay.stdout and "Traceback" not in replay.stderr


def test_without_espeak_the_error_says_what_to_install_or_no_speak(tmp_path, data_home):
    env = patched_python_env(tmp_path, NO_ESPEAK)
    spoken = run_command(["run", "-n", "1", "--type"], env=env, input="An answer.\n")
    assert spoken.returncode == 1
    assert one_error_line(spoken.stderr).startswith(
        "Error: eSpeak NG is not installed: `sudo apt install espeak-ng` "
        "(or `pip install espeakng-loader`), or pass --no-speak"
    )
    silent = run_command(["run", "-n", "1", "--type", "--no-speak"], env=env, input="An answer.\n")
    assert silent.returncode == 0, silent.stderr


# --- no speaker ------------------------------------------------------------------------------

@pytest.mark.slow
def test_no_speaker_shows_questions_as_text_and_says_so_once(tmp_path, jfk_path, data_home):
    folder = answer_folder(tmp_path, ("1.wav", jfk_path), ("2.wav", jfk_path))
    env = {**os.environ, "HOME": str(tmp_path)}  # no .asoundrc: the machine's own devices
    result = run_command(["run", "-n", "2", "--answers-from", folder], env=env)
    if "no speaker" not in result.stderr:
        pytest.skip("this machine has a real speaker")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("no speaker found") == 1
    session = store.load_session("latest")
    assert session.status == "completed"
    for answer in session.answers:
        assert (data_home / answer.question_audio).stat().st_size > 10_000  # the question audio is kept
        assert answer.question_audio_start_s is None  # ...and was not played


# --- the disk filling up while recording ------------------------------------------------

class DiskWithRoom(io.RawIOBase):
    """A file on a disk with ``room`` bytes left: a write past it stores
    what fits, then fails with ENOSPC, as the kernel's write does."""

    def __init__(self, path, room: int) -> None:
        self._file = io.FileIO(path, "w")
        self._room = room

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, position, whence=0):
        return self._file.seek(position, whence)

    def tell(self):
        return self._file.tell()

    def fileno(self):
        return self._file.fileno()

    def write(self, data) -> int:
        allowed = max(0, self._room - self._file.tell())
        if data and not allowed:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return self._file.write(bytes(data)[:allowed])

    def close(self) -> None:
        self._file.close()
        super().close()


def assert_full_disk_kept_everything(result_code: int, stderr: str, data_home: Path) -> None:
    assert result_code == 1
    line = one_error_line(stderr)
    assert "No space left on device" in line and "the audio up to here is kept" in line
    session = store.load_session("latest")
    first = session.answers[0]
    assert "ask not what your country" in first.transcript.text.lower()
    partial = data_home / "audio" / session.id / "q02-answer.wav"
    with wave.open(str(partial), "rb") as wav:  # a readable WAV holding what fitted
        assert wav.getnframes() > 16_000


@pytest.mark.slow
def test_disk_full_while_recording_keeps_what_was_written(invoke, tmp_path, jfk_path, data_home, monkeypatch):
    real_open = open

    def open_on_a_full_disk(path, mode="r", *args, **kwargs):
        if Path(path).name == "q02-answer.wav":
            return io.BufferedWriter(DiskWithRoom(path, room=100_000))
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr(recording, "open", open_on_a_full_disk, raising=False)
    folder = answer_folder(tmp_path, ("1.wav", jfk_path), ("2.wav", jfk_path))
    result = invoke("run", "-n", "2", "--answers-from", folder, "--no-speak")
    assert_full_disk_kept_everything(result.exit_code, result.output, data_home)


def can_mount_tmpfs() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
                           capture_output=True)
    return probe.returncode == 0


@pytest.mark.slow
@pytest.mark.skipif(not can_mount_tmpfs(), reason="needs `unshare -rm` and a tmpfs mount")
def test_disk_full_on_a_real_small_tmpfs(tmp_path, jfk_path, data_home):
    """The data directory on a 600 KB tmpfs (in a private mount namespace):
    the first 11 s answer fits, the second fills the disk."""
    folder = answer_folder(tmp_path, ("1.wav", jfk_path), ("2.wav", jfk_path))
    small = tmp_path / "small-disk"
    small.mkdir()
    command = " ".join([sys.executable, "-m", "voice_interview", "run", "-n", "2", "--no-speak",
                        "--answers-from", str(folder)])
    script = (f"mount -t tmpfs -o size=600k tmpfs {small} && {command}; code=$?; "
              f"cp -a {small}/. {data_home}/; exit $code")
    env = {**os.environ, "VOICE_INTERVIEW_HOME": str(small)}
    result = subprocess.run(["unshare", "-rm", "sh", "-c", script], env=env, capture_output=True, text=True,
                            timeout=300)
    assert_full_disk_kept_everything(result.returncode, result.stderr, data_home)


# --- session records -------------------------------------------------------------------------

def saved_record(data_home: Path) -> tuple[Path, dict]:
    from tests.test_store import sample_session

    path = store.save_session(sample_session("20261126-093000-ab12"))
    return path, json.loads(path.read_text())


def test_a_record_from_a_newer_version_is_one_line_with_advice(invoke, data_home):
    path, record = saved_record(data_home)
    path.write_text(json.dumps({**record, "format_version": 7}))
    for args in (["show", "latest"], ["export", "latest", "--format", "md", "-o", "-"], ["replay", "latest"]):
        result = invoke(*args)
        assert result.exit_code == 2
        assert "saved by a newer voice-interview (format 7" in one_error_line(result.output)


def test_a_record_with_a_wrong_type_is_damaged_not_a_crash(invoke, data_home):
    path, record = saved_record(data_home)
    record["answers"][0]["answer_audio_duration_s"] = {"seconds": 2}
    record["started_at"] = 20261126
    path.write_text(json.dumps(record))
    shown = invoke("show", "latest")
    assert shown.exit_code == 2
    assert one_error_line(shown.output) == (
        f"Error: {path}: the session record is damaged (started_at has the wrong type)"
    )
    listed = invoke("sessions")
    assert listed.exit_code == 0
    assert listed.output.splitlines()[1].split()[:3] == ["20261126-093000-ab12", "(damaged", "record:"]


# --- import archives -------------------------------------------------------------------------

SESSION_ID = "20261126-093000-ab12"


def exported_archive(tmp_path: Path, data_home: Path) -> Path:
    """A real archive of a session with one answer recording."""
    from tests.test_store import sample_session

    session = sample_session(SESSION_ID)
    session.answers[0].answer_audio = f"audio/{SESSION_ID}/q01-answer.wav"
    write_silence(data_home / session.answers[0].answer_audio, 0.5)
    store.save_session(session)
    archive = sharing.write_archive(session, tmp_path / "session.zip")
    shutil.rmtree(data_home / "sessions")
    shutil.rmtree(data_home / "audio")
    return archive


def rewritten(archive: Path, change) -> Path:
    """A copy of ``archive`` whose members pass through ``change(members)``."""
    with zipfile.ZipFile(archive) as source:
        members = {name: source.read(name) for name in source.namelist()}
    change(members)
    target = archive.with_name("changed.zip")
    with zipfile.ZipFile(target, "w") as zipped:
        for name, data in members.items():
            zipped.writestr(name, data)
    return target


def test_import_cannot_replace_another_session_through_its_record(invoke, tmp_path, data_home):
    archive = exported_archive(tmp_path, data_home)
    other = "20200101-000000-bbbb"

    def retarget(members):
        name = f"sessions/{SESSION_ID}.json"
        members[name] = json.dumps({**json.loads(members[name]), "id": other}).encode()

    from tests.test_store import sample_session

    before = store.save_session(sample_session(other)).read_text()
    result = invoke("import", rewritten(archive, retarget))
    assert result.exit_code == 2
    assert f"the session record inside is not session {SESSION_ID}" in one_error_line(result.output)
    assert store.session_path(other).read_text() == before


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda m: m.update({f"audio/{SESSION_ID}/q01-answer.wav": b"RIFF garbage"}), "is not readable audio"),
        (lambda m: m.update({f"sessions/{SESSION_ID}.json": b"[" * 3_000}), "is damaged"),
    ],
    ids=["audio-not-audio", "record-nested-too-deeply"],
)
def test_import_refuses_damaged_members(invoke, tmp_path, data_home, change, message):
    archive = rewritten(exported_archive(tmp_path, data_home), change)
    result = invoke("import", archive)
    assert result.exit_code == 2
    assert message in one_error_line(result.output)
    assert store.list_session_ids() == []


def test_import_refuses_a_corrupted_zip_member(invoke, tmp_path, data_home):
    archive = rewritten(exported_archive(tmp_path, data_home), lambda members: None)  # stored, not deflated
    data = bytearray(archive.read_bytes())
    record_at = data.index(b'"format_version"')  # inside the stored session record
    data[record_at + 2] ^= 0xFF  # the CRC no longer matches
    archive.write_bytes(bytes(data))
    result = invoke("import", archive)
    assert result.exit_code == 2
    assert "inside the archive is damaged" in one_error_line(result.output)


def test_import_accepts_one_recording_named_twice(invoke, tmp_path, data_home):
    archive = exported_archive(tmp_path, data_home)

    def same_file_twice(members):
        name = f"sessions/{SESSION_ID}.json"
        record = json.loads(members[name])
        record["answers"][0]["question_audio"] = record["answers"][0]["answer_audio"]
        members[name] = json.dumps(record).encode()

    result = invoke("import", rewritten(archive, same_file_twice))
    assert result.exit_code == 0, result.output
    answer = store.load_session(SESSION_ID).answers[0]
    assert answer.question_audio == answer.answer_audio
    assert (data_home / answer.answer_audio).is_file()
