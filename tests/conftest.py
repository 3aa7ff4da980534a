"""Shared fixtures. Every test gets its own data directory, so no test ever
touches a real home or the checkout's sessions/ and audio/ folders."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import wave
from pathlib import Path

import pytest
from click.testing import CliRunner

from voice_interview.cli import cli

DATA = Path(__file__).parent / "data"

# A suite started in the background by a script inherits SIGINT ignored, and
# so would every program it runs: the Ctrl-C tests need it as on a terminal.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)
JFK_REFERENCE = (
    "and so my fellow americans ask not what your country can do for you "
    "ask what you can do for your country"
)


@pytest.fixture(autouse=True)
def data_home(tmp_path, monkeypatch) -> Path:
    """Also a cache of the test's own (checked banks), but the real models."""
    from voice_interview.edges.models import MODELS_ENV, models_dir

    monkeypatch.setenv(MODELS_ENV, str(models_dir()))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("VOICE_INTERVIEW_HOME", str(home))
    return home


@pytest.fixture
def jfk_path() -> Path:
    return DATA / "jfk.wav"


@pytest.fixture
def invoke():
    """Run a command as a user would (CliRunner), returning the result."""

    def run(*args, input=None):
        return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)

    return run


def raw_pcm(audio: Path, pad_s: float) -> bytes:
    """16 kHz mono s16le samples of a 16 kHz mono WAV, padded with silence
    (past the end of its infile the ALSA file plugin returns garbage)."""
    with wave.open(str(audio), "rb") as wav:
        assert wav.getframerate() == 16000 and wav.getnchannels() == 1
        frames = wav.readframes(wav.getnframes())
    return frames + b"\0\0" * int(pad_s * 16000)


@pytest.fixture
def fake_mic(tmp_path):
    """A real ALSA capture device whose samples come from files: an
    ``.asoundrc`` whose default PCM is a ``file`` plugin reading raw audio.
    Returns a function that builds the environment for a subprocess."""

    def make(*answers: Path, pad_s: float = 8.0) -> dict[str, str]:
        alsa_home = tmp_path / "alsa-home"
        alsa_home.mkdir(exist_ok=True)
        infile = alsa_home / "mic.raw"
        infile.write_bytes(b"".join(raw_pcm(a, pad_s) for a in answers))
        (alsa_home / ".asoundrc").write_text(
            'pcm.!default { type plug slave.pcm "fakemic" }\n'
            f'pcm.fakemic {{ type file slave.pcm "nullsink" file "{alsa_home}/speaker.raw" '
            f'infile "{infile}" format "raw" }}\n'
            "pcm.nullsink { type null }\n"
        )
        return {**os.environ, "HOME": str(alsa_home)}

    return make


def run_command(args, env=None, input: str | None = "", timeout: float = 300):
    """Run ``voice-interview`` in a fresh process (needed when the ALSA
    configuration, read once per process, must differ)."""
    return subprocess.run(
        [sys.executable, "-m", "voice_interview", *[str(a) for a in args]],
        env=env,
        input=input,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def word_error_rate(reference: str, hypothesis: str) -> float:
    import re

    def words(text: str) -> list[str]:
        return re.sub(r"[^\w\s']", " ", text.lower()).split()

    ref, hyp = words(reference), words(hypothesis)
    previous = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        current = [i]
        for j, h in enumerate(hyp, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (r != h)))
        previous = current
    return previous[-1] / max(1, len(ref))


class PacedMicrophone:
    """A fake microphone that speaks in real time: the ALSA ``file`` plugin
    reads a FIFO that a thread fills at 16 kHz pace. Each time a stream
    opens the FIFO (PortAudio probes devices, then one stream per answer)
    the feeder carries on where it was; ``fed_s`` says how much audio it
    has written in all. (Which stream got it is not knowable here: a new
    stream that opens the FIFO within one block of the last one closing
    simply goes on reading the same pipe.)"""

    def __init__(self, folder: Path, pcm: bytes) -> None:
        import threading

        self.folder = folder
        self.fifo = folder / "mic.fifo"
        os.mkfifo(self.fifo)
        (folder / ".asoundrc").write_text(
            'pcm.!default { type plug slave.pcm "fakemic" }\n'
            f'pcm.fakemic {{ type file slave.pcm "nullsink" file "{folder}/speaker.raw" '
            f'infile "{self.fifo}" format "raw" }}\n'
            "pcm.nullsink { type null }\n"
        )
        self._pcm = pcm
        self._stop = threading.Event()
        self.fed_s = 0.0
        self._thread = threading.Thread(target=self._feed, daemon=True)
        self._thread.start()

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "HOME": str(self.folder)}

    def _feed(self) -> None:
        import time

        position, step = 0, 3200  # 0.1 s blocks
        while not self._stop.is_set() and position < len(self._pcm):
            try:
                fd = os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # no reader yet
                time.sleep(0.01)
                continue
            os.set_blocking(fd, True)
            started, fed_at_open = time.monotonic(), self.fed_s
            try:
                while not self._stop.is_set() and position < len(self._pcm):
                    os.write(fd, self._pcm[position : position + step])
                    position += step
                    self.fed_s += step / 32000
                    time.sleep(max(0.0, started + self.fed_s - fed_at_open - time.monotonic()))
            except BrokenPipeError:
                pass
            finally:
                os.close(fd)

    def stop(self) -> None:
        self._stop.set()
        try:  # unblock a writer waiting for a reader
            os.close(os.open(self.fifo, os.O_RDONLY | os.O_NONBLOCK))
        except OSError:
            pass
        self._thread.join(timeout=5)


@pytest.fixture
def paced_mic(tmp_path):
    made = []

    def make(pcm: bytes) -> PacedMicrophone:
        folder = tmp_path / f"paced-mic-{len(made)}"
        folder.mkdir()
        made.append(PacedMicrophone(folder, pcm))
        return made[-1]

    yield make
    for mic in made:
        mic.stop()


@pytest.fixture(scope="session")
def recorded_home(tmp_path_factory):
    """One real session per test run: two questions spoken by eSpeak NG and
    played to the ALSA fake device, a synthesised answer recorded through
    the fake microphone, transcribed by Whisper tiny.en."""

    from voice_interview.edges.audiofile import load_audio
    from voice_interview.edges.tts import Pyttsx3Speaker

    base = tmp_path_factory.mktemp("recorded")
    spoken = Pyttsx3Speaker().render(
        "I read two newsletters every morning and I follow analysts on LinkedIn. "
        "Last year our engagement rate rose by a third.", "en", base / "answer22k.wav")
    answer16k = base / "answer.wav"
    with wave.open(str(answer16k), "wb") as wav:
        wav.setnchannels(1), wav.setsampwidth(2), wav.setframerate(16000)
        wav.writeframes(load_audio(spoken).tobytes())
    alsa = base / "alsa"
    alsa.mkdir()
    (alsa / "mic.raw").write_bytes(raw_pcm(answer16k, pad_s=6))
    (alsa / ".asoundrc").write_text(
        'pcm.!default { type plug slave.pcm "fakemic" }\n'
        f'pcm.fakemic {{ type file slave.pcm "nullsink" file "{alsa}/speaker.raw" '
        f'infile "{alsa}/mic.raw" format "raw" }}\n'
        "pcm.nullsink { type null }\n"
    )
    home = base / "home"
    env = {**os.environ, "HOME": str(alsa), "VOICE_INTERVIEW_HOME": str(home)}
    # No follow-ups: the fake microphone would replay the same answer (tests/test_follow_ups_cli.py has them).
    result = run_command(["run", "-c", "strategy", "-n", "2", "--silence-stop", "1.5", "--follow-ups", "0"], env=env)
    assert result.returncode == 0, result.stderr
    return home
