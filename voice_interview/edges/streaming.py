"""Transcription while the answer is being recorded.

The recorder streams the answer into a WAV file, flushed every ~0.1 s. A
background thread tails that file, scores each 32 ms window with the Silero
VAD that faster-whisper bundles (its LSTM state carried across reads, so
every window gets the score a whole-file pass would give it), and
transcribes with the already-loaded Whisper model:

- when speech has been followed by ``SPECULATE_AFTER_SILENCE_S`` of
  silence, it transcribes everything not yet committed, up to that silent
  point, as a *tentative* result: if the candidate says nothing more, it is
  the end of the transcript, ready before they press Enter;
- when speech resumes after a tentative result at least ``MIN_CHUNK_S``
  long, that result is *committed*: its boundary lies in silence, so no
  word is cut. Shorter ones are dropped and redone with more context;
- pending audio that reaches ``MAX_PENDING_S`` without such a pause is cut
  at its longest silence and committed.

Committed text never changes. Each chunk is transcribed on its own, with
the options of a whole-file transcription, as faster-whisper's batched
pipeline does with its VAD chunks: passing the committed text as
``initial_prompt`` was measured to make tiny.en worse (it invents a closing
"Thank you." and slows down; see bench/README.md). Segment and word times
are shifted to seconds from the start of the answer file. ``finish()`` then
only has to transcribe what speech is left after the last result, usually
nothing.

``Transcript.transcription_time_s`` of a live transcript is the time
``finish()`` took: the wait between the end of the recording and the
transcript, not the compute spent while recording.

``finish()`` never returns fewer words than the file holds speech for:
audio the live reader missed (it has less than the recording's length) is
decoded from the finished file and transcribed as the rest of the answer;
anything unexpected in the background thread (an odd WAV, a model error),
or no words where the VAD heard speech, makes it transcribe the whole file
instead, as if there were no live transcription. Either way
``Transcript.live_fallback`` says so in the session record.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from voice_interview.edges.base import Recording
from voice_interview.edges.live_audio import (
    SPEECH_LEAD_S,
    WHISPER_RATE,
    SampleBuffer,
    StreamingVad,
    WavSamples,
    file_samples,
)
from voice_interview.edges.short_encode import encoders_summary
from voice_interview.records.session import Segment, Transcript, Word

log = logging.getLogger(__name__)

POLL_S = 0.1  # the recorder flushes every 0.1 s
SPECULATE_AFTER_SILENCE_S = 0.4
MIN_CHUNK_S = 8.0
MAX_PENDING_S = 24.0
IDLE_TIMEOUT_S = 20.0  # the file stopped growing: the recorder is gone
MAX_SKIP_REPAIRS = 3
CANCEL_WAIT_S = 60.0  # far more than one Whisper pass over MAX_PENDING_S takes
# Less than a recorder block (0.1 s), more than resampling shifts the length by.
MISSED_AUDIO_S = 0.05
REST_OF_FILE = "rest-of-file"  # Transcript.live_fallback values
WHOLE_FILE = "whole-file"
# A tentative pass waits while it would take the audio fed to Whisper past
# this many times the audio heard so far (plus SPECULATION_SLACK_S), so
# re-transcribing a growing answer (pause after pause, each result dropped
# while shorter than MIN_CHUNK_S) stays near one whole-file pass (issue 14:
# 11x with base, Norwegian). As a pause goes on the audio heard grows, so a
# long pause is still used.
SPECULATION_BUDGET = 1.5
SPECULATION_SLACK_S = 4.0


@dataclass
class _Result:
    """Whisper's segments for the samples [start, end), in file times; the
    next chunk starts at ``resume_at`` (in the silence before ``end``)."""

    start: int
    end: int
    resume_at: int
    segments: list[Segment] = field(default_factory=list)


class LiveWhisperTranscription:
    """Transcribes ``audio`` while the recorder writes it.

    ``transcriber`` is a ``WhisperTranscriber`` (for ``prepare()``,
    ``transcribe_audio()``, ``transcribe()`` and ``name``)."""

    def __init__(self, transcriber, audio: Path, language: str) -> None:
        self._transcriber = transcriber
        self._path = Path(audio)
        self._language = language
        self._wav = WavSamples(self._path)
        self._vad: StreamingVad | None = None
        self._samples = SampleBuffer()
        self._pending_start = 0  # everything before is committed
        self._committed: list[Segment] = []
        self._tentative: _Result | None = None
        self._failure: BaseException | None = None
        self._fallback: str | None = None
        self._encoders: list[str] = []  # how each Whisper pass fed its encoder
        self._fed = 0  # samples handed to Whisper so far, for SPECULATION_BUDGET
        self._closing = threading.Event()
        self._lock = threading.Lock()  # guards _committed for readers in other threads
        self._thread = threading.Thread(target=self._run, name="live-transcription", daemon=True)
        self._thread.start()

    @property
    def committed_text(self) -> str:
        """The text so far that will not change any more."""
        with self._lock:
            return _text(self._committed)

    def cancel(self) -> None:
        """Stop the background thread (the recording failed) and wait for
        it: the error may end the process, and a Whisper pass still running
        in C++ while Python shuts down aborts it (exit 134, seen)."""
        self._closing.set()
        self._thread.join(timeout=CANCEL_WAIT_S)

    def finish(self, recording: Recording, progress=None) -> Transcript:
        """``progress(done_s, total_s)``: seconds of the answer transcribed."""
        started = time.perf_counter()
        self._closing.set()
        self._thread.join()
        try:
            if self._failure is not None:
                raise self._failure
            self._read(recording)
            segments = self._final_segments(progress)
        except Exception as exc:  # the live path is only a speed-up: fall back to the file
            log.info("live transcription failed (%r); transcribing the whole file", exc)
            return self._whole_file(recording, started, progress)
        if not segments and self._vad.last_speech_end > 0:
            log.info("no words live where the VAD heard speech; transcribing the whole file")
            return self._whole_file(recording, started, progress)
        return Transcript(
            text=_text(segments),
            language=self._language,
            segments=segments,
            transcription_time_s=round(time.perf_counter() - started, 3),
            audio_duration_s=round(self._samples.end / WHISPER_RATE, 3),
            model=self._transcriber.name,
            live_fallback=self._fallback,
            encoder=encoders_summary(self._encoders),
        )

    def _whole_file(self, recording: Recording, started: float, progress=None) -> Transcript:
        transcript = self._transcriber.transcribe(recording.path, self._language, progress=progress)
        return dataclasses.replace(
            transcript, transcription_time_s=round(time.perf_counter() - started, 3), live_fallback=WHOLE_FILE
        )

    # The background thread.

    def _run(self) -> None:
        try:
            self._transcriber.prepare()
            last_growth = time.monotonic()
            while not self._closing.is_set():
                if self._read():
                    last_growth = time.monotonic()
                elif time.monotonic() - last_growth > IDLE_TIMEOUT_S:
                    return
                if self._closing.is_set() or not self._step():
                    self._closing.wait(POLL_S)
        except Exception as exc:  # reported by finish(), which falls back to the file
            self._failure = exc

    def _step(self) -> bool:
        """Do the next piece of transcription work, if any is due."""
        vad = self._vad
        if vad is None:
            return False
        if self._tentative is not None:
            if vad.last_speech_end <= self._tentative.end:
                return False  # nothing said since: the tentative result stands
            if self._tentative.end - self._tentative.start >= MIN_CHUNK_S * WHISPER_RATE:
                self._commit(self._tentative)
            self._tentative = None
        if vad.last_speech_end <= self._pending_start:
            # Only silence pending: forget it, but for a lead to the next speech.
            self._pending_start = max(self._pending_start, vad.scored - int(SPEECH_LEAD_S * WHISPER_RATE))
            self._samples.forget_before(self._pending_start)
            return False
        if (
            vad.scored - vad.last_speech_end >= SPECULATE_AFTER_SILENCE_S * WHISPER_RATE
            and self._fed + vad.scored - self._pending_start
            <= SPECULATION_BUDGET * vad.scored + SPECULATION_SLACK_S * WHISPER_RATE
        ):
            # Should speech resume, the next chunk starts mid-pause, so that
            # a soft onset the VAD scored as silence is not cut off.
            resume_at = (vad.last_speech_end + vad.scored) // 2
            self._tentative = self._transcribe(self._pending_start, vad.scored, resume_at)
            return True
        if vad.scored - self._pending_start >= MAX_PENDING_S * WHISPER_RATE:
            self._commit(self._transcribe(self._pending_start, vad.quietest_point(self._pending_start)))
            return True
        return False

    # Shared by the thread and finish() (which runs after the thread ended).

    def _read(self, recording: Recording | None = None) -> bool:
        """Take in the samples written since the last call; True if any.
        Given the finished ``recording`` (by finish()), the last read: it
        takes the resampler's tail, scores the last partial VAD window and
        decodes from the file whatever audio the reader missed."""
        final = recording is not None
        fresh = self._wav.read_new(final)
        if fresh is None and not final:
            return False
        if self._vad is None:
            self._vad = StreamingVad()
        if fresh is not None:
            self._samples.append(fresh)
        if final:
            self._take_missed_audio(recording)
        self._vad.score(self._samples, final)
        return fresh is not None and fresh.size > 0

    def _take_missed_audio(self, recording: Recording) -> None:
        recorded = int(recording.duration_s * WHISPER_RATE)
        if self._samples.end >= recorded - MISSED_AUDIO_S * WHISPER_RATE:
            return
        log.info("the live reader has %.2f s of the %.2f s recorded; decoding the rest from the file",
                 self._samples.end / WHISPER_RATE, recording.duration_s)
        self._samples.append(file_samples(recording.path, self._samples.end))
        self._fallback = REST_OF_FILE

    def _transcribe(self, start: int, end: int, resume_at: int | None = None, progress=None) -> _Result:
        """Whisper on the speech in the samples [start, end), from just
        before its first speech (a long silence ahead of the first word
        makes Whisper date it too early). Whisper sometimes ends its window
        after a sentence and skips the speech that follows; speech the VAD
        hears after the last word is then transcribed on its own."""
        result = _Result(start, end, end if resume_at is None else resume_at)
        chunk_start = self._vad.speech_start(start, end)
        segments = result.segments
        for _ in range(MAX_SKIP_REPAIRS + 1 if chunk_start is not None else 0):
            chunk = self._samples.between(chunk_start, end)
            started = time.perf_counter()
            found, _, encoder = self._transcriber.transcribe_audio(chunk, self._language, _shifted_progress(
                progress, chunk_start / WHISPER_RATE, self._samples.end / WHISPER_RATE))
            self._fed += chunk.size
            self._encoders.append(encoder)
            log.debug("transcribed %.2f-%.2f s of the answer in %.2f s: %r", chunk_start / WHISPER_RATE,
                      end / WHISPER_RATE, time.perf_counter() - started, _text(found)[-40:])
            if not found:
                break
            segments += [_shifted(s, chunk_start / WHISPER_RATE) for s in found]
            heard_until = int(_last_end_s(segments) * WHISPER_RATE)
            resume = self._vad.skipped_speech(heard_until, end)
            if resume is None or resume <= chunk_start:
                break
            chunk_start = resume
        return result

    def _commit(self, result: _Result) -> None:
        with self._lock:
            self._committed.extend(result.segments)
        self._pending_start = result.resume_at
        self._samples.forget_before(min(self._pending_start, self._vad.scored))  # the VAD needs the rest

    def _final_segments(self, progress=None) -> list[Segment]:
        vad = self._vad
        if vad is None:
            raise RuntimeError(f"{self._path} is not a readable WAV file")
        if self._tentative is not None:
            if vad.last_speech_end <= self._tentative.end:
                return self._committed + self._tentative.segments
            self._commit(self._tentative)
        if vad.last_speech_end <= self._pending_start:
            return list(self._committed)
        if progress is not None:
            progress(self._pending_start / WHISPER_RATE, self._samples.end / WHISPER_RATE)
        return self._committed + self._transcribe(self._pending_start, self._samples.end, progress=progress).segments


def _shifted_progress(progress, offset_s: float, total_s: float):
    """A chunk's progress as seconds of the whole answer."""
    if progress is None:
        return None
    return lambda done_s, _: progress(offset_s + done_s, total_s)


def _text(segments: list[Segment]) -> str:
    return " ".join(s.text for s in segments).strip()


def _last_end_s(segments: list[Segment]) -> float:
    last = segments[-1]
    return last.words[-1].end_s if last.words else last.end_s


def _shifted(segment: Segment, offset_s: float) -> Segment:
    return Segment(
        start_s=round(segment.start_s + offset_s, 3),
        end_s=round(segment.end_s + offset_s, 3),
        text=segment.text,
        words=[
            Word(round(w.start_s + offset_s, 3), round(w.end_s + offset_s, 3), w.word, w.probability)
            for w in segment.words
        ],
    )
