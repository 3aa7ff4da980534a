"""``voice-interview doctor``: is this machine ready for an interview?

Each check is a small function returning a ``Check``: what it looked at,
whether it is fine, what it found and, when it is not fine, what to do.
Checks import their heavy library (sounddevice, pyttsx3, faster_whisper)
only when they run, and do the real thing where it is cheap: the voice
speaks a word into a temporary WAV file, the model is loaded. Nothing here
opens a network connection: a model given by name is only looked up in the
local download cache.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from voice_interview.records import paths
from voice_interview.errors import VoiceInterviewError
from voice_interview.records.wavfile import SAMPLE_RATE, read_wav

LOW_DISK_BYTES = 500 * 1024**2
BYTES_PER_ANSWER_MINUTE = SAMPLE_RATE * 2 * 60  # 16 kHz mono 16-bit WAV
TEST_WORDS = {"en": "Ready.", "nb": "Klar."}
PORTAUDIO_FIX = "install PortAudio: `sudo apt install libportaudio2` (or run ./setup.sh)"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str  # what was found
    fix: str = ""  # what to do about it (empty when ok)


# --- microphone and speaker ---------------------------------------------------

def check_input_device() -> Check:
    return _check_device("input", "microphone")


def check_output_device() -> Check:
    return _check_device("output", "speaker")


def _check_device(kind: str, name: str) -> Check:
    from voice_interview.edges.sound import default_device, import_sounddevice
    from voice_interview.errors import DeviceError

    try:
        sd = import_sounddevice()
    except DeviceError:
        return Check(name, False, "the PortAudio library is missing, so no sound device can be used", PORTAUDIO_FIX)
    info = default_device(kind)
    if info is None:
        if kind == "input":
            return Check(name, False, "no microphone: there is no default input device",
                         "connect a microphone and check it is not muted (`arecord -l` lists them); "
                         "until then answer with `run --answers-from DIR` or `run --type`")
        return Check(name, False, "no speaker: there is no default output device",
                     "connect a speaker or headphones (`aplay -l` lists them); until then "
                     "`run` shows the questions as text and keeps their audio")
    # The rates we use: answers are recorded at 16 kHz, eSpeak NG speaks at 22.05 kHz.
    rate = SAMPLE_RATE if kind == "input" else 22_050
    check_settings = sd.check_input_settings if kind == "input" else sd.check_output_settings
    try:
        check_settings(samplerate=rate, channels=1, dtype="int16")
    except (sd.PortAudioError, ValueError) as exc:
        return Check(name, False, f"the default {kind} device {info['name']!r} cannot "
                     f"{'record' if kind == 'input' else 'play'} {rate} Hz mono ({exc})",
                     f"choose another default {kind} device in your sound settings")
    return Check(name, True, f"default {kind} device {info['name']!r}, "
                 f"{'records' if kind == 'input' else 'plays'} {rate / 1000:g} kHz mono")


# --- text to speech ---------------------------------------------------------------

def check_voice(language: str) -> Check:
    """Speak a word into a temporary WAV file, as ``run`` does for a question."""
    from voice_interview.edges import tts
    from voice_interview.errors import SpeechError

    name = f"voice ({language})"
    try:
        source = tts._load_espeak()
    except SpeechError:
        return Check(name, False, "eSpeak NG, the text-to-speech voice, is not installed",
                     "`sudo apt install espeak-ng` (or `pip install espeakng-loader`); "
                     "until then use `run --no-speak`")
    try:
        voice = tts.voice_for(tts._get_engine(), language)
    except SpeechError as exc:
        return Check(name, False, str(exc),
                     "`sudo apt install espeak-ng espeak-ng-data` (or run ./setup.sh); "
                     "until then use `run --no-speak`")
    try:
        with tempfile.TemporaryDirectory(prefix="voice-interview-doctor-") as tmp:
            spoken = tts.Pyttsx3Speaker().render(TEST_WORDS.get(language, "OK."), language, Path(tmp) / "check.wav")
            seconds = read_wav(spoken, header_only=True).duration_s
    except (SpeechError, OSError, wave.Error) as exc:
        return Check(name, False, f"eSpeak NG could not speak a test word ({exc})",
                     "reinstall eSpeak NG: `sudo apt install --reinstall espeak-ng` (or run ./setup.sh)")
    where = "system eSpeak NG" if source == "system" else "eSpeak NG from espeakng-loader"
    return Check(name, True, f"{where}, voice {voice}: said a test word into a file ({seconds:.1f} s)")


# --- the Whisper model -----------------------------------------------------------------

def check_model(model: str | None, language: str) -> Check:
    """Resolve and load the model ``run --model`` would use."""
    from voice_interview.edges.model_choice import resolve_model
    from voice_interview.edges.whisper import WhisperTranscriber

    name = "model"
    fix = "pass a working model with --model NAME|PATH, or reinstall the bundled ones with ./setup.sh"
    try:
        choice = resolve_model(model, language)
        if not Path(choice.reference).is_dir():  # a name faster-whisper would download
            model = _cached_download(choice.reference)
            if model is None:
                return Check(name, False, f"{choice.label} is not downloaded: the first `run` would fetch it "
                             "from the internet", "run once with internet, or use tiny.en or a model folder")
        started = time.perf_counter()
        WhisperTranscriber(model, language).prepare()
        seconds = time.perf_counter() - started
    except VoiceInterviewError as exc:
        return Check(name, False, str(exc), fix)
    return Check(name, True, f"Whisper {choice.label} loads in {seconds:.1f} s")


def _cached_download(model_name: str) -> str | None:
    """The local folder of an already downloaded faster-whisper model; never
    asks the network."""
    try:
        from faster_whisper.utils import download_model

        return download_model(model_name, local_files_only=True)
    except Exception:  # huggingface_hub raises several types for "not in the cache"
        return None


# --- ffmpeg ----------------------------------------------------------------------

def check_ffmpeg() -> Check:
    missing = [tool for tool in ("ffmpeg", "ffprobe") if shutil.which(tool) is None]
    fix = "`sudo apt install ffmpeg` (WAV answer files work without it)"
    if missing:
        return Check("ffmpeg", False, f"{' and '.join(missing)} not found: needed for FLAC, MP3 and OGG "
                     "answer files and exports", fix)
    try:
        result = subprocess.run(["ffmpeg", "-hide_banner", "-version"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Check("ffmpeg", False, f"ffmpeg does not run ({exc})", fix)
    version = result.stdout.split("\n", 1)[0].split(" Copyright")[0].strip() or "ffmpeg"
    if result.returncode != 0:
        return Check("ffmpeg", False, f"ffmpeg does not run (exit {result.returncode})", fix)
    return Check("ffmpeg", True, f"{version} ({shutil.which('ffmpeg')})")


# --- disk space ---------------------------------------------------------------------

def check_disk(folder: Path | None = None) -> Check:
    """Free space where sessions and recordings go, in minutes of answers."""
    folder = folder or paths.data_dir()
    existing = next((p for p in (folder, *folder.parents) if p.is_dir()), Path("/"))
    fix = f"free some disk space, or set {paths.HOME_ENV} to a folder on a disk with more room"
    if not os.access(existing, os.W_OK | os.X_OK):
        return Check("disk", False, f"cannot write to {existing}",
                     f"check its permissions, or set {paths.HOME_ENV} to a folder you own")
    try:
        free = shutil.disk_usage(existing).free
    except OSError as exc:
        return Check("disk", False, f"cannot read the free space of {existing} ({exc.strerror})", fix)
    minutes = free // BYTES_PER_ANSWER_MINUTE
    found = f"{_size(free)} free in {folder}: room for about {minutes:,} minutes of answers"
    if free < LOW_DISK_BYTES:
        return Check("disk", False, f"only {found}", fix)
    return Check("disk", True, found)


def _size(count: int) -> str:
    if count < 1024**2:
        return f"{count / 1024:.0f} KB"
    if count < 1024**3:
        return f"{count / 1024**2:.0f} MB"
    return f"{count / 1024**3:.1f} GB"


# --- all of them ------------------------------------------------------------------------

def checks(language: str = "en", model: str | None = None) -> list[tuple[str, Callable[[], Check]]]:
    return [
        ("microphone", check_input_device),
        ("speaker", check_output_device),
        (f"voice ({language})", lambda: check_voice(language)),
        ("model", lambda: check_model(model, language)),
        ("ffmpeg", check_ffmpeg),
        ("disk", check_disk),
    ]


def run_checks(language: str = "en", model: str | None = None) -> Iterator[Check]:
    """Each check's result as soon as it is known. A check that fails in a
    way nobody foresaw is reported, not raised: the doctor must not crash."""
    for name, check in checks(language, model):
        try:
            yield check()
        except Exception as exc:  # noqa: BLE001 - see the docstring
            yield Check(name, False, f"the check itself failed ({exc.__class__.__name__}: {exc})",
                        "please report this line")
