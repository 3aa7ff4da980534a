"""Privacy: recordings and records are owner-only, and no command opens a
network connection.

Every command runs in a fresh process that cannot reach the network at two
levels: a ``sitecustomize`` module replaces the socket functions so that an
internet (AF_INET/AF_INET6) connection or name lookup raises and is logged;
and, where ``strace`` works, every process (ffmpeg included) is traced for
connect/send system calls to an internet address, which catches C libraries
too. Local (AF_UNIX) sockets stay allowed: ALSA and PortAudio may use them.
The processes run with umask 000, so the permissions come from the program,
not from a careful umask."""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.test_bad_input import patched_python_env
from voice_interview.banks.bank import default_bank_path
from voice_interview.cli import COMMANDS

pytestmark = pytest.mark.slow

NO_NETWORK = """
    import os, socket

    _LOG = os.environ["VOICE_INTERVIEW_NETWORK_LOG"]
    _INTERNET = (socket.AF_INET, socket.AF_INET6)

    def _refused(what):
        with open(_LOG, "a") as log:
            log.write(what + "\\n")
        return OSError(101, "network blocked by the test: " + what)

    def _guard(name):
        real = getattr(socket.socket, name)

        def guarded(self, *args):
            if self.family in _INTERNET:
                raise _refused(f"socket.{name}{args!r}")
            return real(self, *args)
        return guarded

    for _name in ("connect", "connect_ex", "sendto", "sendmsg"):
        setattr(socket.socket, _name, _guard(_name))

    def _lookup(name):
        def refuse(*args, **kwargs):
            raise _refused(f"socket.{name}{args!r}")
        return refuse

    for _name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "create_connection"):
        setattr(socket, _name, _lookup(_name))
"""

RUN_DOCTOR = "from voice_interview.commands.doctor import doctor; doctor(prog_name='voice-interview doctor')"
INTERNET_SYSCALL = re.compile(r"(connect|sendto|sendmsg|sendmmsg)\(.*sa_family=AF_INET6?\b")


STRACE = ["strace", "-f", "-qq", "--seccomp-bpf", "-e", "trace=connect,sendto,sendmsg,sendmmsg", "-e", "signal=none"]


@functools.cache
def strace_works() -> bool:
    """strace is installed and may trace here (containers may forbid ptrace)."""
    if shutil.which("strace") is None:
        return False
    return subprocess.run([*STRACE, "true"], capture_output=True).returncode == 0


@dataclass
class Run:
    result: subprocess.CompletedProcess
    python_attempts: list[str]
    syscall_attempts: list[str]

    def problems(self) -> str:
        """Empty when the command passed without reaching for the network."""
        found = []
        if self.result.returncode != 0:
            found.append(f"exit {self.result.returncode}: {self.result.stderr[-800:]}")
        found += [f"python: {a}" for a in self.python_attempts]
        found += [f"syscall: {a}" for a in self.syscall_attempts]
        return "\n".join(found)


class Offline:
    """Runs ``voice-interview`` in fresh processes without network."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.count = 0
        self.user_home = base / "user-home"  # no .asoundrc, no model caches: nothing to lean on
        self.user_home.mkdir(exist_ok=True)
        self.env = patched_python_env(base, NO_NETWORK, env={**os.environ, "HOME": str(self.user_home)})

    def run(self, args, home: Path, input: str | None = "") -> Run:
        if args[0] == "doctor" and "doctor" not in COMMANDS:
            command = [sys.executable, "-c", RUN_DOCTOR, *args[1:]]
        else:
            command = [sys.executable, "-m", "voice_interview", *args]
        return self.run_program([str(a) for a in command], {"VOICE_INTERVIEW_HOME": str(home)}, input)

    def run_program(self, command: list[str], env: dict[str, str], input: str | None = "") -> Run:
        self.count += 1
        log = self.base / f"python-network-{self.count}.log"
        trace = self.base / f"strace-{self.count}.log"
        if strace_works():
            command = [*STRACE, "-o", str(trace), *command]
        env = {**self.env, **env, "VOICE_INTERVIEW_NETWORK_LOG": str(log)}
        result = subprocess.run(command, env=env, input=input, capture_output=True, text=True, timeout=600,
                                preexec_fn=lambda: os.umask(0))
        python_attempts = log.read_text().splitlines() if log.exists() else []
        syscalls = trace.read_text().splitlines() if trace.exists() else []
        return Run(result, python_attempts, [line for line in syscalls if INTERNET_SYSCALL.search(line)])


def loose_permissions(home: Path) -> list[str]:
    """Everything under ``home`` that is not owner-only (0700 folders, 0600 files)."""
    wrong = []
    for path in sorted(home.rglob("*")):
        mode = stat.S_IMODE(path.lstat().st_mode)
        if mode != (0o700 if path.is_dir() else 0o600):
            wrong.append(f"{mode:o} {path.relative_to(home)}")
    return wrong


@pytest.fixture(scope="module")
def offline(tmp_path_factory) -> Offline:
    return Offline(tmp_path_factory.mktemp("offline"))


@pytest.fixture(scope="module")
def demo_home(offline) -> tuple[Path, Run]:
    home = offline.base / "demo-home"
    return home, offline.run(["demo", "-n", "1"], home)


def test_the_network_block_catches_an_attempt(offline, tmp_path):
    """The harness itself: a program that does go online is caught, from
    Python and, below Python's socket module, by strace."""
    probe = tmp_path / "probe.py"
    probe.write_text(textwrap.dedent("""
        import _socket, urllib.request
        try:
            urllib.request.urlopen("http://example.com", timeout=1)
        except OSError:
            pass
        raw = _socket.socket(_socket.AF_INET, _socket.SOCK_DGRAM)  # as a C library would
        try:
            raw.sendto(b"x", ("192.0.2.1", 9))
        except OSError:
            pass
    """))
    run = offline.run_program([sys.executable, str(probe)], {})
    assert run.result.returncode == 0, run.result.stderr
    assert any("example.com" in attempt for attempt in run.python_attempts)
    if strace_works():
        assert any("192.0.2.1" in line for line in run.syscall_attempts)


def test_the_demo_runs_offline(demo_home):
    home, run = demo_home
    assert not run.problems(), run.problems()
    assert "Saved session" in run.result.stdout


def test_recordings_and_records_are_owner_only(demo_home):
    home, _ = demo_home
    session_files = list((home / "sessions").glob("*.json"))
    audio = list((home / "audio").rglob("*.wav"))
    assert len(session_files) == 1 and len(audio) == 2  # the question and the answer
    assert loose_permissions(home) == []


def offline_invocations(tmp: Path, jfk: Path) -> list[tuple[list, str | None, Path | None]]:
    """(arguments, stdin, data directory if not the shared one), in order:
    one real use of every command."""
    elsewhere = tmp / "imported-home"
    return [
        (["questions", "--category", "strategy", "--guidance"], None, None),
        (["sessions"], None, None),
        (["show", "latest"], None, None),
        (["show", "latest", "--json"], None, None),
        (["review", "latest", "--reviewer", "ana", "--scores", "-"],
         json.dumps({"answers": [{"question": 1, "scores": {"structure": 4}, "notes": "Clear."}]}), None),
        (["export", "latest", "--format", "md", "-o", tmp / "review.md"], None, None),
        (["export", "latest", "--format", "zip", "--audio-format", "flac", "-o", tmp / "session.zip"], None, None),
        (["import", tmp / "session.zip"], None, elsewhere),
        (["replay", "latest", "--question", "1"], None, None),
        (["report", "latest", "-o", tmp / "report.html"], None, None),
        (["progress", "-o", tmp / "progress.html"], None, None),
        (["transcribe", jfk], None, None),
        (["retranscribe", "latest"], None, None),
        (["run", "--type", "--no-speak", "-n", "2"], "A typed answer.\n", None),
        (["resume", "latest", "--type", "--no-speak"], "Another typed answer.\n", None),
        (["bank", "check", default_bank_path()], None, None),
        (["doctor"], None, None),
    ]


def test_every_command_is_exercised_offline(tmp_path, jfk_path):
    covered = {"demo"} | {args[0] for args, _, _ in offline_invocations(tmp_path, jfk_path)}
    missing = sorted(set(COMMANDS) - covered)
    assert not missing, f"add an offline invocation for {missing} to offline_invocations()"


def interrupt_the_typed_session(home: Path) -> None:
    """Make the latest (typed, two-question) session an interrupted one with
    one answer, as Ctrl-C leaves it, so `resume` has work to do."""
    latest = sorted((home / "sessions").glob("2*.json"))[-1]
    record = json.loads(latest.read_text())
    record["answers"] = record["answers"][:1]
    record["status"] = "interrupted"
    latest.write_text(json.dumps(record))


def test_all_commands_run_offline_and_keep_files_private(offline, demo_home, tmp_path, jfk_path):
    demo, demo_run = demo_home
    assert not demo_run.problems(), demo_run.problems()
    home = tmp_path / "interview-home"
    shutil.copytree(demo, home)
    failures = []
    for args, stdin, other_home in offline_invocations(tmp_path, jfk_path):
        if args[0] not in COMMANDS and args[0] != "doctor":
            continue  # not registered (yet)
        if args[0] == "resume":
            interrupt_the_typed_session(home)
        run = offline.run(args, other_home or home, input=stdin)
        if args[0] == "doctor":  # no devices here: exit 1 is its honest answer; only the network matters
            run.result.returncode = 0 if run.result.returncode in (0, 1) else run.result.returncode
        if run.problems():
            failures.append(f"voice-interview {' '.join(map(str, args))}\n{run.problems()}")
    assert not failures, "\n\n".join(failures)
    for folder in (home, tmp_path / "imported-home"):
        assert loose_permissions(folder) == [], folder
    # ONNX Runtime's telemetry keeps a device id here; seen even where strace is not.
    assert not (offline.user_home / ".cache" / "Microsoft").exists()
