"""Text to speech with pyttsx3 and eSpeak NG, rendered to WAV files.

We never let pyttsx3 play audio itself: it renders to a file, which the
session keeps and the player plays. eSpeak NG comes from the system
package when present, otherwise from PyPI's espeakng-loader (its library
must be loaded, and ESPEAK_DATA_PATH set, before pyttsx3 is imported, or
the C library ends the process).

Known pyttsx3 gotchas handled here: the first long utterance of a process
may write nothing (we warm up with a short one and retry sentence by
sentence), and every save prints "Audio saved to ..." on stdout (captured).
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import ctypes.util
import io
import os
import re
import tempfile
import threading
import wave
from pathlib import Path

from voice_interview.records import paths
from voice_interview.errors import SpeechError
from voice_interview.records.wavfile import read_wav, write_wav

# eSpeak NG voice ids per language, best first.
VOICES = {"en": ("gmw/en-us", "gmw/en"), "nb": ("gmq/nb",)}
WORDS_PER_MINUTE = 165
_engine_lock = threading.Lock()
_engine = None


def _load_espeak() -> str:
    """Make libespeak-ng loadable; returns where it came from."""
    if ctypes.util.find_library("espeak-ng"):
        return "system"
    try:
        import espeakng_loader
    except ImportError:
        raise SpeechError(
            "eSpeak NG is not installed: `sudo apt install espeak-ng` "
            "(or `pip install espeakng-loader`), or pass --no-speak"
        ) from None
    os.environ.setdefault("ESPEAK_DATA_PATH", str(espeakng_loader.get_data_path()))
    ctypes.CDLL(str(espeakng_loader.get_library_path()), mode=ctypes.RTLD_GLOBAL)
    return "espeakng-loader"


def _get_engine():
    global _engine
    if _engine is None:
        _load_espeak()
        try:
            import pyttsx3

            engine = pyttsx3.init("espeak")
        except (ImportError, RuntimeError, OSError) as exc:
            raise SpeechError(f"text to speech could not start ({exc}); or pass --no-speak") from None
        engine.setProperty("rate", WORDS_PER_MINUTE)
        _engine = engine
        # pyttsx3's driver proxy fails in __del__ when it runs during
        # interpreter shutdown; drop it while the modules are still alive.
        atexit.register(_drop_engine)
        # eSpeak's driver may still be finishing the warm-up file when
        # runAndWait returns (seen on a pty: "Directory not empty" on cleanup).
        with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
            _save(engine, "Ready.", Path(tmp) / "warm-up.wav")
    return _engine


def _drop_engine() -> None:
    global _engine
    _engine = None


def _save(engine, text: str, dest: Path) -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        engine.save_to_file(text, str(dest))
        engine.runAndWait()


def voice_for(engine, language: str) -> str:
    voices = engine.getProperty("voices")
    ids = {v.id for v in voices}
    for wanted in VOICES.get(language, ()):
        if wanted in ids:
            return wanted
    for voice in voices:
        if any(str(lang).split("-")[0] == language for lang in voice.languages):
            return voice.id
    raise SpeechError(f"no eSpeak NG voice for language {language!r}; install espeak-ng-data")


def _frames(path: Path) -> tuple[bytes, int]:
    try:
        audio = read_wav(path)
        return audio.frames, audio.format.rate
    except (FileNotFoundError, EOFError, wave.Error):
        return b"", 0


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


class Pyttsx3Speaker:
    """Renders text to a mono 16-bit WAV with eSpeak NG through pyttsx3."""

    def render(self, text: str, language: str, dest: Path) -> Path:
        with _engine_lock:
            engine = _get_engine()
            engine.setProperty("voice", voice_for(engine, language))
            paths.private_dir(dest.parent)
            with tempfile.TemporaryDirectory() as tmp:
                chunks = self._render_chunks(engine, text, Path(tmp))
            if not chunks or not any(frames for frames, _ in chunks):
                raise SpeechError(f"text to speech produced no audio for {text[:40]!r}")
            rate = next(r for frames, r in chunks if frames)
            write_wav(dest, b"".join(frames for frames, _ in chunks), rate)
            dest.chmod(paths.PRIVATE_FILE_MODE)
        return dest

    def _render_chunks(self, engine, text: str, tmp: Path) -> list[tuple[bytes, int]]:
        whole = tmp / "whole.wav"
        _save(engine, text, whole)
        frames, rate = _frames(whole)
        if frames:
            return [(frames, rate)]
        chunks = []
        for index, sentence in enumerate(sentences(text)):
            part = tmp / f"part{index}.wav"
            _save(engine, sentence, part)
            chunks.append(_frames(part))
        return chunks
