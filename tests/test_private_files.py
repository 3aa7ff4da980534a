"""Files stay private and inside the data directory: exports owner-only and
all-or-nothing, audio checked before it is packed, record paths that lead
out of the data directory refused, and a read-only data directory still
readable. Real commands on real files (the JFK recording)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
import wave
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import run_command
from tests.test_bad_input import can_mount_tmpfs
from tests.test_store import sample_session
from voice_interview.records import store

SESSION_ID = "20261126-093000-ab12"


def recorded_session(home: Path, jfk: Path, answers: int = 2) -> Path:
    """A saved session whose answers (and first question) have real audio files."""
    base = sample_session(SESSION_ID)
    audio = home / "audio" / SESSION_ID
    audio.mkdir(parents=True)
    chosen = []
    for index in range(1, answers + 1):
        shutil.copyfile(jfk, audio / f"q{index:02d}-answer.wav")
        chosen.append(replace(base.answers[0], index=index, answer_audio=f"audio/{SESSION_ID}/q{index:02d}-answer.wav"))
    shutil.copyfile(jfk, audio / "q01-question.wav")
    chosen[0].question_audio = f"audio/{SESSION_ID}/q01-question.wav"
    return store.save_session(replace(base, answers=chosen, question_ids=["q"] * answers, status="completed"))


def edit_record(path: Path, change) -> None:
    record = json.loads(path.read_text())
    change(record)
    path.write_text(json.dumps(record))


def loose_files(folder: Path) -> list[str]:
    return [f"{p} {stat.S_IMODE(p.stat().st_mode):o}" for p in folder.rglob("*")
            if stat.S_IMODE(p.stat().st_mode) & 0o077]


def test_exports_and_pages_are_owner_only_even_under_umask_000(invoke, data_home, jfk_path, tmp_path):
    recorded_session(data_home, jfk_path)
    out = tmp_path / "out"
    out.mkdir()
    previous = os.umask(0)
    try:
        for fmt in ("md", "json", "srt", "vtt", "zip"):
            assert invoke("export", "latest", "--format", fmt, "-o", out / f"s.{fmt}").exit_code == 0
        assert invoke("report", "latest", "-o", out / "report.html").exit_code == 0
        assert invoke("progress", "-o", out / "progress.html").exit_code == 0
    finally:
        os.umask(previous)
    written = sorted(p.name for p in out.rglob("*") if p.is_file())
    assert "s.zip" in written and "q01-answer.wav" in written and len(written) == 10
    assert loose_files(out) == []
    assert [p for p in out.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_ctrl_c_in_the_middle_of_an_export_leaves_no_half_zip(data_home, jfk_path, tmp_path):
    recorded_session(data_home, jfk_path)
    with wave.open(str(data_home / "audio" / SESSION_ID / "q02-answer.wav"), "wb") as wav:
        wav.setnchannels(1), wav.setsampwidth(2), wav.setframerate(16000)
        wav.writeframes(os.urandom(40_000_000))  # noise: slow to deflate
    out = tmp_path / "out"
    out.mkdir()
    export = subprocess.Popen([sys.executable, "-m", "voice_interview", "export", "latest", "-f", "zip",
                               "-o", str(out / "session.zip")], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not any(p.stat().st_size > 1_000_000 for p in out.iterdir()):  # well under way
        assert export.poll() is None and time.monotonic() < deadline, "the export ended before Ctrl-C"
        time.sleep(0.01)
    export.send_signal(signal.SIGINT)
    assert export.wait(60) == 130, export.stderr.read()
    assert list(out.iterdir()) == []  # neither the zip nor its temporary file


def test_missing_and_damaged_audio_are_named_and_the_rest_imports(data_home, jfk_path, tmp_path):
    recorded_session(data_home, jfk_path, answers=3)
    audio = data_home / "audio" / SESSION_ID
    (audio / "q02-answer.wav").unlink()
    (audio / "q01-question.wav").write_bytes(b"not audio at all")
    archive = tmp_path / "session.zip"
    result = run_command(["export", "latest", "-f", "zip", "-o", archive])
    assert result.returncode == 0, result.stderr
    assert f"with 2 audio files to {archive}" in result.stdout
    warning = result.stderr.strip()
    assert len(warning.splitlines()) == 1 and warning.startswith("Warning: 2 audio files")
    assert f"audio/{SESSION_ID}/q02-answer.wav (missing)" in warning
    assert f"audio/{SESSION_ID}/q01-question.wav (not readable audio)" in warning
    with zipfile.ZipFile(archive) as packed:
        assert sorted(n for n in packed.namelist() if n.startswith("audio/")) == [
            f"audio/{SESSION_ID}/q01-answer.wav", f"audio/{SESSION_ID}/q03-answer.wav"]
    elsewhere = tmp_path / "coach-home"
    imported = run_command(["import", archive], env={**os.environ, "VOICE_INTERVIEW_HOME": str(elsewhere)})
    assert imported.returncode == 0, imported.stderr
    assert "3 answers" in imported.stdout
    assert sorted(p.name for p in (elsewhere / "audio" / SESSION_ID).iterdir()) == ["q01-answer.wav", "q03-answer.wav"]


def test_follow_ups_and_earlier_takes_travel_in_the_zip(data_home, jfk_path, tmp_path):
    """Every recording a record names goes into the archive and comes back:
    a follow-up's question and answer, and the take a retake replaced."""
    path = recorded_session(data_home, jfk_path, answers=1)
    audio = data_home / "audio" / SESSION_ID
    extra = ["q01-follow-up1-question.wav", "q01-follow-up1-answer.wav", "q01-answer-take1.wav"]
    for name in extra:
        shutil.copyfile(jfk_path, audio / name)

    def add_parts(record):
        answer = record["answers"][0]
        answer["follow_ups"] = [{"point": "tracks goals", "text": "How would you measure it?",
                                 "question_audio": f"audio/{SESSION_ID}/{extra[0]}",
                                 "answer_audio": f"audio/{SESSION_ID}/{extra[1]}"}]
        answer["attempts"] = [{"answer_audio": f"audio/{SESSION_ID}/{extra[2]}", "follow_ups": []}]
    edit_record(path, add_parts)
    archive = tmp_path / "session.zip"
    result = run_command(["export", "latest", "-f", "zip", "-o", archive])
    assert result.returncode == 0, result.stderr
    assert "with 5 audio files" in result.stdout
    elsewhere = tmp_path / "coach-home"
    imported = run_command(["import", archive], env={**os.environ, "VOICE_INTERVIEW_HOME": str(elsewhere)})
    assert imported.returncode == 0, imported.stderr
    restored = json.loads((elsewhere / "sessions" / f"{SESSION_ID}.json").read_text())["answers"][0]
    named = [restored["follow_ups"][0]["question_audio"], restored["follow_ups"][0]["answer_audio"],
             restored["attempts"][0]["answer_audio"]]
    assert named == [f"audio/{SESSION_ID}/{name}" for name in extra]
    for relative in named:
        with wave.open(str(elsewhere / relative)) as wav:
            assert wav.getnframes() > 16_000


def outside_paths(data_home: Path, secret: Path) -> dict[str, str]:
    link = data_home / "audio" / SESSION_ID / "link.wav"
    link.symlink_to(secret)
    return {"dotdot": os.path.relpath(secret, data_home), "absolute": str(secret),
            "symlink": f"audio/{SESSION_ID}/link.wav"}


@pytest.mark.parametrize("kind", ["dotdot", "absolute", "symlink"])
def test_record_paths_that_lead_out_of_the_data_directory_are_refused(data_home, jfk_path, tmp_path, kind):
    path = recorded_session(data_home, jfk_path)
    secret = tmp_path / "secret.wav"
    shutil.copyfile(jfk_path, secret)
    outside = outside_paths(data_home, secret)[kind]
    edit_record(path, lambda r: r["answers"][1].update(answer_audio=outside))
    out = tmp_path / "out"
    out.mkdir()
    for args in (["report", "latest", "-o", out / "report.html"],
                 ["export", "latest", "-f", "zip", "-o", out / "session.zip"],
                 ["retranscribe", "latest"]):
        result = run_command(args)
        assert result.returncode == 2, (args, result.stderr)
        message = result.stderr.strip()
        assert len(message.splitlines()) == 1 and "Traceback" not in message
        assert f"names the audio file {outside!r}, which is not inside the data directory" in message
    copied = [p for p in out.rglob("*") if p.is_file()]
    assert copied == [], copied  # nothing of the secret, no half-written page or zip


@pytest.mark.skipif(not can_mount_tmpfs(), reason="needs `unshare -rm` to mount the data directory read-only")
def test_a_read_only_data_directory_can_still_be_read(data_home, jfk_path, tmp_path):
    recorded_session(data_home, jfk_path)  # never analysed: show and progress analyse it, cannot save that
    out = tmp_path / "out"
    out.mkdir()
    reads = [["sessions"], ["show", "latest"], ["progress"], ["progress", "--json"],
             ["report", "latest", "-o", out / "report.html"], ["export", "latest", "-f", "md", "-o", out / "s.md"],
             ["export", "latest", "-f", "zip", "-o", out / "s.zip"]]
    writes = [["review", "latest", "--scores", "-"], ["run", "--type", "--no-speak", "-n", "1"]]
    script = [f"mount --bind {data_home} {data_home} && mount -o remount,ro,bind {data_home} || exit 99"]
    for n, args in enumerate(reads + writes):
        command = " ".join([sys.executable, "-m", "voice_interview", *map(str, args)])
        stdin = '\'{"answers": [{"question": 1, "scores": {"structure": 3}}]}\'' if args[0] == "review" else "'A.'"
        script.append(f"echo {stdin} | {command} >{out}/{n}.out 2>{out}/{n}.err; echo $? >{out}/{n}.code")
    done = subprocess.run(["unshare", "-rm", "sh", "-c", "\n".join(script)], capture_output=True, text=True,
                          timeout=300, env={**os.environ, "VOICE_INTERVIEW_HOME": str(data_home)})
    assert done.returncode == 0, done.stderr
    for n, args in enumerate(reads + writes):
        code, err = int((out / f"{n}.code").read_text()), (out / f"{n}.err").read_text()
        assert "unexpected" not in err and "Traceback" not in err, (args, err)
        if args in reads:
            assert code == 0, (args, err)
        else:
            assert code == 1 and len(err.strip().splitlines()) == 1 and "Read-only file system" in err, (args, err)
    assert "2/2" in (out / "0.out").read_text()  # the session listed
    assert "Progress over 1 session" in (out / "2.out").read_text()
    assert not (data_home / "sessions" / ".index.json").exists()


def test_files_that_are_not_a_candidates_keep_the_umask_and_appear_whole(invoke, tmp_path):
    """A drafted bank and the assembled Whisper model are written atomically
    like a record, but with the mode a plain file gets, as `bank new` writes
    a bank (a model folder may be shared); a damaged model leaves nothing."""
    import hashlib

    from tests.test_bank_tools import SEED_ARTICLE
    from voice_interview.edges import models
    from voice_interview.errors import ModelError

    parts = [tmp_path / "part1", tmp_path / "part2"]
    parts[0].write_bytes(b"model ")
    parts[1].write_bytes(b"weights")
    for name in models.SIDE_FILES:
        (tmp_path / name).write_text("{}")
    digest = hashlib.sha256(b"model weights").hexdigest()
    previous = os.umask(0o022)
    try:
        assert invoke("bank", "import", SEED_ARTICLE, "-o", tmp_path / "drafted.toml", "--lang", "nb").exit_code == 0
        with pytest.raises(ModelError, match="damaged"):
            models.assemble(parts, tmp_path, tmp_path / "bad", 13, "0" * 64)
        models.assemble(parts, tmp_path, tmp_path / "model", 13, digest)
    finally:
        os.umask(previous)
    assert [p.name for p in (tmp_path / "bad").iterdir() if p.name.startswith("model")] == []
    assert (tmp_path / "model" / "model.bin").read_bytes() == b"model weights"
    written = [tmp_path / "drafted.toml", tmp_path / "model" / "model.bin",
               *(tmp_path / "model" / name for name in models.SIDE_FILES)]
    assert [stat.S_IMODE(p.stat().st_mode) for p in written] == [0o644] * len(written)
    leftovers = [p.name for folder in (tmp_path, tmp_path / "bad", tmp_path / "model")
                 for p in folder.iterdir() if p.name.startswith(".")]
    assert leftovers == []
