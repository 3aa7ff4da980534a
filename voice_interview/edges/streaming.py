"""Transcription while the answer is being recorded.

The recorder streams the answer into a WAV file, flushed every ~0.1 s. A
background thread tails that file, scores each 32 ms window with the Silero
VAD that faster-whisper bundles (its LSTM state carried across reads, so
every window gets the score a whole-file pass would give it), and asks the
live policy (edges/live_policy.py) what to transcribe with the
already-loaded Whisper model: a *tentative* result once speech is followed
by a pause, *committed* (or dropped, if short) when speech resumes, and
pending audio cut at its quietest point when no pause comes.

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
from pathlib import Path

from voice_interview.edges.base import Recording
from voice_interview.edges.live_audio import SampleBuffer, StreamingVad, WavSamples, file_samples
from voice_interview.edges.live_policy import (
    REST_OF_FILE,
    SPECULATION_BUDGET,
    WHISPER_RATE,
    LivePolicy,
    Pass,
    WHOLE_FILE,
    Verdict,
    missed_audio,
)
from voice_interview.edges.short_encode import encoders_summary
from voice_interview.records.session import Segment, Transcript, Word

log = logging.getLogger(__name__)

POLL_S = 0.1  # the recorder flushes every 0.1 s
IDLE_TIMEOUT_S = 20.0  # the file stopped growing: the recorder is gone
CANCEL_WAIT_S = 60.0  # far more than one Whisper pass over MAX_PENDING_S takes


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
        # The budget read here, not in live_policy: bench/streaming_latency.py sets it on this module.
        self._policy = LivePolicy(speculation_budget=SPECULATION_BUDGET)
        self._committed: list[Segment] = []
        self._tentative: list[Segment] | None = None  # the tentative pass's result
        self._failure: BaseException | None = None
        self._fallback: str | None = None
        self._encoders: list[str] = []  # how each Whisper pass fed its encoder
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
        if self._policy.lost_speech(segments):
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
        if self._vad is None:
            return False
        step = self._policy.step()
        self._settle(step.verdict)
        due = step.transcribe
        if due is not None:
            segments = self._transcribe(due)
            if due.tentative:
                self._tentative = segments
            else:
                self._commit(segments)
        self._forget_settled()
        return due is not None

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
        self._policy.heard(self._vad.score(self._samples, final))
        return fresh is not None and fresh.size > 0

    def _take_missed_audio(self, recording: Recording) -> None:
        if not missed_audio(self._samples.end, recording.duration_s):
            return
        log.info("the live reader has %.2f s of the %.2f s recorded; decoding the rest from the file",
                 self._samples.end / WHISPER_RATE, recording.duration_s)
        self._samples.append(file_samples(recording.path, self._samples.end))
        self._fallback = REST_OF_FILE

    def _transcribe(self, due: Pass, progress=None) -> list[Segment]:
        """Whisper's segments for ``due``, in file times: each chunk the
        policy feeds it (live_policy.Feed) is transcribed on its own."""
        feed = self._policy.feed(due)
        segments: list[Segment] = []
        while feed.start is not None:
            chunk_start = feed.start
            chunk = self._samples.between(chunk_start, due.end)
            started = time.perf_counter()
            found, _, encoder = self._transcriber.transcribe_audio(chunk, self._language, _shifted_progress(
                progress, chunk_start / WHISPER_RATE, self._samples.end / WHISPER_RATE))
            self._encoders.append(encoder)
            log.debug("transcribed %.2f-%.2f s of the answer in %.2f s: %r", chunk_start / WHISPER_RATE,
                      due.end / WHISPER_RATE, time.perf_counter() - started, _text(found)[-40:])
            segments += [_shifted(s, chunk_start / WHISPER_RATE) for s in found]
            feed.heard(int(_last_end_s(segments) * WHISPER_RATE) if found else None)
        return segments

    def _settle(self, verdict: Verdict | None) -> None:
        """Apply the policy's verdict on the tentative result."""
        if verdict is Verdict.COMMIT:
            self._commit(self._tentative)
        if verdict in (Verdict.COMMIT, Verdict.DROP):
            self._tentative = None

    def _commit(self, segments: list[Segment]) -> None:
        with self._lock:
            self._committed.extend(segments)

    def _forget_settled(self) -> None:
        """Drop the samples before the pending audio (the VAD needs the unscored rest)."""
        start = min(self._policy.pending_start, self._vad.scored)
        if start > self._samples.start:
            self._samples.forget_before(start)

    def _final_segments(self, progress=None) -> list[Segment]:
        if self._vad is None:
            raise RuntimeError(f"{self._path} is not a readable WAV file")
        step = self._policy.finish(self._samples.end)
        self._settle(step.verdict)
        segments = self._committed + (self._tentative if step.verdict is Verdict.STANDS else [])
        due = step.transcribe
        if due is None:
            return segments
        if progress is not None:
            progress(due.start / WHISPER_RATE, self._samples.end / WHISPER_RATE)
        return segments + self._transcribe(due, progress=progress)


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
