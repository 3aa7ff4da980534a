"""A whole file transcribed chunk by chunk: the VAD's speech chunks
decoded together, each encoded at the longest chunk's length plus the
margin (issue 14).

faster-whisper's own loop over a file (``WhisperModel.transcribe`` with
``vad_filter``) glues the speech together and cuts it into 30 s windows
decoded one after the other, so a 2-minute answer is four to seven full
windows and only the last is shorter; beam-5 decoding, not the encoder,
is ~70 % of its time (bench/README.md, Short encoder). Here the file's
speech (faster-whisper's Silero VAD with the options ``vad_filter`` uses,
long stretches split in a pause) is grouped into chunks that each span at
most ``CHUNK_S`` (pauses inside a chunk stay in its audio), and the chunks
go through faster-whisper's ``BatchedInferencePipeline`` as its
``clip_timestamps``, with timestamps on: one encoder call and one batched
beam search for all of them, the chunks padded to the longest plus the
margin (``short_encode.batch_windows``; np.stack needs them alike).

The pipeline decodes once, at temperature 0, with none of the sequential
loop's checks, so each chunk's result is checked (``doubtful``:
``short_encode.looks_wrong``, nothing heard where the VAD heard speech,
an average log-probability the sequential loop would have retried) and
only that chunk is redone by the sequential pass padded to 30 s, with its
temperature fallback and no-speech check. The transcript records
``vad chunks, short +4 s`` (with ``; padded (fallback: why) ×n`` for the
chunks that were redone).
"""

from __future__ import annotations

import bisect
import logging
from typing import Callable, NamedTuple

from voice_interview.edges import short_encode
from voice_interview.records.wavfile import SAMPLE_RATE

log = logging.getLogger(__name__)

RATE = SAMPLE_RATE  # what Whisper and its VAD take
# A chunk plus the encoder margin (4 s) fits one 30 s window, so Whisper
# never cuts a chunk itself and each is encoded once, at its own length.
CHUNK_S = 26.0
# Files no longer than this are one chunk anyway: the plain path.
SINGLE_WINDOW_S = 30.0
LABEL_PREFIX = "vad chunks"
HOP = 160  # samples per log-Mel frame
FRAMES_PER_S = 100
# Chunks decoded together: a 2-minute answer is 5-7 chunks, one batch.
BATCH_SIZE = 8
LOG_PROB_LIMIT = -1.0  # faster-whisper's log_prob_threshold
# VAD speech this long with no word within WORD_REACH_S of it: skipped.
# Inside a VAD stretch the pauses are under 2 s (min_silence_duration_ms).
SKIPPED_S = 2.5
WORD_REACH_S = 0.5


class Chunk(NamedTuple):
    start: int  # samples into the file
    end: int
    regions: tuple = ()  # the VAD's speech stretches in it: (start, end) samples


def speech_chunks(samples, max_s: float = CHUNK_S) -> list[Chunk]:
    """The file's speech as [start, end) sample ranges, each at most
    ``max_s`` long, cut where the VAD heard silence (a longer stretch of
    speech is split at its last pause, as faster-whisper's VAD does)."""
    from faster_whisper.vad import VadOptions, get_speech_timestamps

    # VadOptions() is what vad_filter=True uses; the split keeps each
    # stretch under max_s (the VAD subtracts its own padding).
    regions = get_speech_timestamps(samples, VadOptions(max_speech_duration_s=max_s))
    limit = int(max_s * RATE)
    chunks: list[Chunk] = []
    for region in regions:
        start, end = int(region["start"]), int(region["end"])
        if chunks and end - chunks[-1].start <= limit:
            chunks[-1] = Chunk(chunks[-1].start, end, chunks[-1].regions + ((start, end),))
        else:
            chunks.append(Chunk(start, end, ((start, end),)))
    return chunks


class ChunkedPass(NamedTuple):
    segments: list  # faster-whisper segments, in file times
    duration_s: float
    encoders: list[str]  # how each chunk's encoder was fed


def transcribe_chunks(
    model,
    samples,
    options: dict,
    margin_s: float,
    redo: Callable,
    progress: Callable | None = None,
) -> ChunkedPass:
    """The speech chunks of ``samples`` (16 kHz mono float32) through
    faster-whisper's ``BatchedInferencePipeline`` on ``model`` (with
    ``options``: language, beam size, word timestamps), every chunk of the
    batch padded to the longest chunk plus ``margin_s``. A chunk whose
    result looks wrong, or is empty though the VAD heard speech there, is
    transcribed again by ``redo(chunk_samples, progress)`` → (segments,
    info): the sequential, padded pass with its temperature fallback and
    no-speech check. Times are seconds of the file."""
    from faster_whisper import BatchedInferencePipeline

    duration_s = samples.shape[0] / RATE
    chunks = speech_chunks(samples)
    if not chunks:
        return ChunkedPass([], duration_s, [])
    clips = [{"start": c.start / RATE, "end": c.end / RATE} for c in chunks]
    longest = max(-(-(c.end - c.start) // HOP) for c in chunks)
    with short_encode.batch_windows(short_encode.batch_frames(longest, margin_s)):
        found, _ = BatchedInferencePipeline(model).transcribe(
            samples, clip_timestamps=clips, batch_size=BATCH_SIZE, without_timestamps=False, **options
        )
        found = list(found)  # a lazy generator
    by_chunk: list[list] = [[] for _ in chunks]
    for segment in found:
        by_chunk[_chunk_index(chunks, segment)].append(segment)
    segments, encoders = [], []
    for chunk, result in zip(chunks, by_chunk):
        reason = doubtful(result, chunk)
        encoder = short_encode.short_label(margin_s)
        if reason is not None:
            offset_s = chunk.start / RATE
            log.info("chunk at %.1f s: %s; again on its own, padded to 30 s", offset_s, reason)
            shifted = None if progress is None else (lambda done, _, o=offset_s: progress(o + done, duration_s))
            result = [shift(s, offset_s) for s in redo(samples[chunk.start : chunk.end], shifted)[0]]
            encoder = f"{short_encode.PADDED} (fallback: {reason})"
        encoders.append(encoder)
        segments += result
        if progress is not None:
            progress(chunk.end / RATE, duration_s)
    return ChunkedPass(segments, duration_s, encoders)


def doubtful(segments, chunk: Chunk) -> str | None:
    """Why a chunk's batched result should be redone by the sequential pass:
    what short_encode.looks_wrong rejects, nothing heard where the VAD heard
    speech, or a decode the sequential pass would not have kept (faster-
    whisper retries those at a higher temperature, or drops them as silence;
    the pipeline decodes once)."""
    if not segments or not " ".join(s.text.strip() for s in segments).strip():
        return "nothing heard"
    # Segment times are file times: the chunk ends at chunk.end.
    reason = short_encode.looks_wrong(segments, chunk.end / RATE, (chunk.end - chunk.start) / RATE)
    if reason is not None:
        return reason
    if min(s.avg_logprob for s in segments) < LOG_PROB_LIMIT:
        return "low log-probability"
    if skipped_speech(segments, chunk) is not None:
        return "skipped speech"
    return None


def skipped_speech(segments, chunk: Chunk) -> float | None:
    """Where (s) the chunk has SKIPPED_S or more of VAD speech with no word
    near it, or None. Decoded once, Whisper sometimes ends a chunk's text
    after a sentence and leaves the rest unsaid (the sequential loop then
    decodes on from its last timestamp; the pipeline cannot)."""
    words = [(w.start - WORD_REACH_S, w.end + WORD_REACH_S) for s in segments for w in (s.words or [])]
    if not words:
        words = [(s.start - WORD_REACH_S, s.end + WORD_REACH_S) for s in segments]
    for start, end in chunk.regions:
        cursor = start / RATE
        for word_start, word_end in sorted(words):
            if word_end <= cursor:
                continue
            if word_start - cursor >= SKIPPED_S:
                return cursor
            cursor = max(cursor, word_end)
            if cursor >= end / RATE:
                break
        if end / RATE - cursor >= SKIPPED_S:
            return cursor
    return None


def _chunk_index(chunks: list[Chunk], segment) -> int:
    """The chunk a batched segment came from: the pipeline sets its ``seek``
    to the chunk's offset in frames (its start time, rounded to 0.02 s, can
    fall just before the chunk)."""
    seeks = [int(c.start / RATE * FRAMES_PER_S) for c in chunks]
    if segment.seek in seeks:
        return seeks.index(segment.seek)
    return max(bisect.bisect_right([c.start / RATE for c in chunks], segment.start + 0.5) - 1, 0)


def shift(segment, offset_s: float):
    """faster-whisper's Segment (a dataclass) with its times moved by offset_s."""
    import dataclasses

    words = segment.words
    if words:
        words = [dataclasses.replace(w, start=w.start + offset_s, end=w.end + offset_s) for w in words]
    return dataclasses.replace(segment, start=segment.start + offset_s, end=segment.end + offset_s, words=words)


def label(encoders: list[str], margin_s: float) -> str:
    """``vad chunks, short +4 s``, or with the chunks redone padded:
    ``vad chunks, short +4 s ×4; padded (fallback: repetition) ×1``."""
    summary = short_encode.encoders_summary(encoders) or short_encode.short_label(margin_s)
    return f"{LABEL_PREFIX}, {summary}"
