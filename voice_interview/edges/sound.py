"""Microphone and speaker through sounddevice (PortAudio).

sounddevice is imported on first use: ``import sounddevice`` itself fails
when the PortAudio system library is missing, and --help, show or sessions
must never need it.
"""

from __future__ import annotations

import queue
from pathlib import Path

from voice_interview.edges.base import Monitor, Recording, RecordingLimits
from voice_interview.edges.recording import BLOCK_S, record_blocks
from voice_interview.records.wavfile import SAMPLE_RATE, read_wav_samples
from voice_interview.errors import DeviceError, NoInputDeviceError

NO_MIC_HELP = (
    "no microphone found: connect one (and check `voice-interview doctor`), "
    "or answer with --answers-from DIR or --type"
)


def import_sounddevice():
    try:
        import sounddevice
    except OSError:
        raise DeviceError(
            "the PortAudio library is missing: install it with `sudo apt install libportaudio2` "
            "(or run the README's set-up command)"
        ) from None
    return sounddevice


def default_device(kind: str):
    """The default device's info dict, or None when there is none."""
    sd = import_sounddevice()
    try:
        info = sd.query_devices(kind=kind)
    except (sd.PortAudioError, ValueError):
        return None
    key = "max_input_channels" if kind == "input" else "max_output_channels"
    return info if info and info.get(key, 0) > 0 else None


class MicrophoneRecorder:
    """Records from the default input device."""

    def check(self) -> None:
        if default_device("input") is None:
            raise NoInputDeviceError(NO_MIC_HELP)

    def record(self, dest: Path, limits: RecordingLimits, monitor: Monitor) -> Recording:
        sd = import_sounddevice()
        blocks: queue.Queue = queue.Queue()

        def callback(indata, frames, time_info, status):
            blocks.put(indata.copy())

        try:
            stream = sd.InputStream(
                samplerate=SAMPLE_RATE,
                channels=1,
                dtype="int16",
                blocksize=int(SAMPLE_RATE * BLOCK_S),
                callback=callback,
            )
        except (sd.PortAudioError, ValueError) as exc:
            raise NoInputDeviceError(f"{NO_MIC_HELP} ({exc})") from None
        with stream:
            return record_blocks(_drain(blocks), dest, SAMPLE_RATE, limits, monitor)


def _drain(blocks: queue.Queue):
    """Blocks as they arrive; an empty tick yields an empty block, so the
    monitor (timer, Enter key) keeps running when a device stalls."""
    import numpy as np

    empty = np.zeros(0, dtype="int16")
    while True:
        try:
            yield blocks.get(timeout=BLOCK_S)
        except queue.Empty:
            yield empty


class SpeakerPlayer:
    """Plays WAV files on the default output device."""

    def __init__(self) -> None:
        self._available: bool | None = None

    def available(self) -> bool:
        if self._available is None:
            try:
                self._available = default_device("output") is not None
            except DeviceError:
                self._available = False
        return self._available

    def play(self, path: Path) -> None:
        sd = import_sounddevice()
        samples, rate = read_wav_samples(path)
        try:
            sd.play(samples, rate)
            sd.wait()
        except sd.PortAudioError as exc:
            self._available = False
            raise DeviceError(f"playback failed ({exc}); questions will be shown as text") from None


class StreamPlayback:
    """A playing file whose position can be read, paused and resumed (for
    replay); the stream callback copies the next frames, or silence when
    paused."""

    def __init__(self, path: Path) -> None:
        sd = import_sounddevice()
        samples, self._rate = read_wav_samples(path)
        self._samples = samples.reshape(-1, 1)
        self._frame = 0
        self._paused = False
        self._stopped = False
        try:
            self._stream = sd.OutputStream(samplerate=self._rate, channels=1, dtype="int16",
                                           callback=self._callback)
            self._stream.start()
        except (sd.PortAudioError, ValueError) as exc:
            raise DeviceError(f"playback failed ({exc}); replay without sound shows the timed transcript") from None

    def _callback(self, outdata, frames, time_info, status) -> None:
        if self._paused or self._stopped:
            outdata.fill(0)
            return
        chunk = self._samples[self._frame : self._frame + frames]
        outdata[: len(chunk)] = chunk
        outdata[len(chunk) :] = 0
        self._frame += len(chunk)

    def position_s(self) -> float:
        return self._frame / self._rate

    def duration_s(self) -> float:
        return len(self._samples) / self._rate

    def pause(self) -> None:
        self._paused = True

    def resume(self) -> None:
        self._paused = False

    def finished(self) -> bool:
        return self._stopped or self._frame >= len(self._samples)

    def stop(self) -> None:
        self._stopped = True
        self._stream.stop()
        self._stream.close()
