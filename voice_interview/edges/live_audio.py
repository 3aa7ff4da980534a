"""The answer being recorded, as samples and speech scores.

``WavSamples`` reads the answer WAV as the recorder writes it;
``file_samples`` decodes what it missed from the finished file;
``SampleBuffer`` keeps the samples not yet transcribed; ``StreamingVad``
scores each 32 ms window with the Silero VAD that faster-whisper bundles,
carrying its state across reads (edges/live_policy.py reads the scores).
Used by edges/streaming.py; numpy, onnxruntime and PyAV load when first used."""

from __future__ import annotations

from pathlib import Path

from voice_interview.edges.live_policy import VAD_WINDOW, WHISPER_RATE
from voice_interview.records.wavfile import GrowingWav

VAD_CONTEXT = 64  # samples of the previous window each score also sees


class StreamingVad:
    """faster-whisper's Silero VAD, fed window by window as audio arrives.

    It runs the same ONNX session as ``faster_whisper.vad.get_speech_timestamps``
    with the same per-window context and carries the LSTM state between
    calls, so the scores equal those of one pass over the whole file."""

    def __init__(self) -> None:
        import numpy as np
        from faster_whisper.vad import get_vad_model

        self._session = get_vad_model().session
        self._state = (np.zeros((1, 1, 128), dtype="float32"), np.zeros((1, 1, 128), dtype="float32"))
        self._context = np.zeros(VAD_CONTEXT, dtype="float32")
        self.scored = 0  # samples scored so far (a multiple of VAD_WINDOW)

    def score(self, samples: SampleBuffer, final: bool):
        """The speech probabilities of the windows complete in ``samples``
        and not scored yet; with ``final``, of the last partial window too,
        padded with zeros as a whole-file pass does."""
        import numpy as np

        end = samples.end if not final else -(-samples.end // VAD_WINDOW) * VAD_WINDOW
        count = (end - self.scored) // VAD_WINDOW
        if count <= 0:
            return np.zeros(0, dtype="float32")
        fresh = samples.between(self.scored, samples.end)
        fresh = np.pad(fresh, (0, max(0, count * VAD_WINDOW - fresh.size)))[: count * VAD_WINDOW]
        windows = fresh.reshape(count, VAD_WINDOW)
        contexts = np.concatenate((self._context[None, :], windows[:-1, -VAD_CONTEXT:]))
        batch = np.concatenate((contexts, windows), axis=1)
        output, h, c = self._session.run(
            None, {"input": batch, "h": self._state[0], "c": self._state[1]}
        )
        self._state = (h, c)
        self._context = windows[-1, -VAD_CONTEXT:].copy()
        self.scored += count * VAD_WINDOW
        return np.asarray(output, dtype="float32").reshape(-1)


class SampleBuffer:
    """The 16 kHz float32 samples of the file from ``start`` to ``end``,
    in a buffer that grows by doubling (appends every 0.1 s stay cheap)."""

    def __init__(self) -> None:
        import numpy as np

        self._buffer = np.zeros(WHISPER_RATE * 8, dtype="float32")
        self.start = 0
        self.end = 0

    def append(self, fresh) -> None:
        import numpy as np

        used = self.end - self.start
        if used + fresh.size > self._buffer.size:
            grown = np.zeros(max(2 * self._buffer.size, used + fresh.size), dtype="float32")
            grown[:used] = self._buffer[:used]
            self._buffer = grown
        self._buffer[used : used + fresh.size] = fresh
        self.end += fresh.size

    def between(self, start: int, end: int):
        return self._buffer[start - self.start : end - self.start].copy()

    def forget_before(self, start: int) -> None:
        kept = self.between(start, self.end)
        self._buffer[: kept.size] = kept
        self.start = start


def file_samples(path: Path, start: int):
    """The samples of the finished file ``path`` from sample ``start`` on,
    decoded as faster-whisper decodes a file it transcribes."""
    from faster_whisper import decode_audio

    return decode_audio(str(path), sampling_rate=WHISPER_RATE)[start:]


class WavSamples:
    """The samples of the answer WAV as the recorder writes it, as float32
    mono at 16 kHz: resampled (with PyAV, as faster-whisper decodes files)
    when the recorder's source had another rate (synthetic speech, 22 kHz)."""

    def __init__(self, path: Path) -> None:
        self._wav = GrowingWav(path)
        self._resampler = None

    def read_new(self, final: bool = False):
        """New samples (possibly none), or None while there is no header yet."""
        import numpy as np

        data = self._wav.read_new()
        if data is None:
            return None
        if final:
            self._wav.close()
        wav = self._wav.format
        if wav.bits != 16 or wav.channels != 1:
            raise ValueError(f"{self._wav.path} is not 16-bit mono")
        pcm = np.frombuffer(data, dtype="<i2")
        if wav.rate == WHISPER_RATE:
            return pcm.astype("float32") / 32768.0
        return self._resample(pcm, wav.rate, final)

    def _resample(self, pcm, rate: int, final: bool):
        import av
        import numpy as np

        if self._resampler is None:
            self._resampler = av.AudioResampler(format="s16", layout="mono", rate=WHISPER_RATE)
        frames = []
        if pcm.size:
            frame = av.AudioFrame.from_ndarray(pcm.reshape(1, -1), format="s16", layout="mono")
            frame.sample_rate = rate
            frames += self._resampler.resample(frame)
        if final:
            frames += self._resampler.resample(None)
        if not frames:
            return np.zeros(0, dtype="float32")
        return np.concatenate([f.to_ndarray().reshape(-1) for f in frames]).astype("float32") / 32768.0
