"""A whole file transcribed through its VAD chunks (edges/vad_chunks.py).

Fast tests drive the chunking and the per-chunk checks with a fake
BatchedInferencePipeline; slow ones run the real tiny.en on real speech
(tests/data/jfk.wav, three times with long pauses between) against the
padded pass of the same speech.
"""

from __future__ import annotations

import re
import wave
from dataclasses import dataclass, field

import pytest

from tests.conftest import DATA, JFK_REFERENCE, word_error_rate
from voice_interview.edges import short_encode, vad_chunks
from voice_interview.edges.whisper import WhisperTranscriber

RATE = 16_000


@dataclass
class W:
    start: float
    end: float
    word: str
    probability: float = 0.9


@dataclass
class S:
    """The fields of faster-whisper's Segment that the chunk path reads."""

    start: float
    end: float
    text: str
    seek: int = 0
    avg_logprob: float = -0.2
    compression_ratio: float = 1.3
    tokens: list = field(default_factory=lambda: list(range(12)))
    words: list = field(default_factory=list)


def said(text: str, start: float, end: float, seek: int, **fields) -> S:
    words = text.split()
    step = (end - start) / len(words)
    return S(start, end, " " + text, seek=seek, words=[W(start + i * step, start + (i + 1) * step, " " + w)
                                                      for i, w in enumerate(words)], **fields)


@pytest.fixture
def two_chunks(monkeypatch):
    """A 60 s file whose VAD hears speech at 1-11 s and 40-50 s."""
    import numpy as np

    regions = [{"start": 1 * RATE, "end": 11 * RATE}, {"start": 40 * RATE, "end": 50 * RATE}]
    monkeypatch.setattr("faster_whisper.vad.get_speech_timestamps", lambda samples, options: regions)
    return np.zeros(60 * RATE, dtype=np.float32)


def fake_pipeline(monkeypatch, segments):
    seen = {}

    class Pipeline:
        def __init__(self, model):
            pass

        def transcribe(self, samples, **options):
            seen.update(options, frames=getattr(short_encode._local, "batch_frames", None))
            return iter(segments), None

    monkeypatch.setattr("faster_whisper.BatchedInferencePipeline", Pipeline)
    return seen


def test_speech_is_grouped_into_chunks_of_at_most_chunk_s(monkeypatch):
    import numpy as np

    regions = [{"start": s * RATE, "end": e * RATE} for s, e in ((0, 5), (6, 12), (14, 25), (27, 30), (60, 70))]
    monkeypatch.setattr("faster_whisper.vad.get_speech_timestamps", lambda samples, options: regions)
    chunks = vad_chunks.speech_chunks(np.zeros(70 * RATE, dtype=np.float32), max_s=26)
    assert [(c.start / RATE, c.end / RATE) for c in chunks] == [(0, 25), (27, 30), (60, 70)]


def test_batched_chunks_are_kept_in_file_times_and_padded_to_the_longest(monkeypatch, two_chunks):
    seen = fake_pipeline(monkeypatch, [said("first answer part", 1.0, 10.5, seek=100),
                                       said("second answer part", 40.2, 49.0, seek=4000)])
    redone = []
    result = vad_chunks.transcribe_chunks(object(), two_chunks, {"language": "en"}, 4.0,
                                          redo=lambda audio, progress: redone.append(audio) or ([], None))
    assert redone == [] and result.encoders == ["short +4 s", "short +4 s"]
    assert [s.text.strip() for s in result.segments] == ["first answer part", "second answer part"]
    assert seen["clip_timestamps"] == [{"start": 1.0, "end": 11.0}, {"start": 40.0, "end": 50.0}]
    assert seen["frames"] == 2000  # 10 s + 4 s margin, raised to the 20 s floor
    assert vad_chunks.label(result.encoders, 4.0) == "vad chunks, short +4 s"


@pytest.mark.parametrize(
    ("second", "reason"),
    [
        (said("for you for you for you for you for you", 40.2, 49.0, seek=4000), "repetition"),
        (said("a quiet mumble", 40.2, 49.0, seek=4000, avg_logprob=-1.3), "low log-probability"),
        (said("late words", 40.2, 52.5, seek=4000), "timestamps past the audio"),
        (None, "nothing heard"),
    ],
)
def test_a_doubtful_chunk_alone_is_redone_on_its_own(monkeypatch, two_chunks, second, reason):
    first = said("first answer part", 1.0, 10.5, seek=100)
    fake_pipeline(monkeypatch, [first] + ([second] if second else []))
    redone = []

    def redo(audio, progress):
        redone.append(audio.size / RATE)
        return [said("second answer part", 0.3, 9.0, seek=0)], None  # chunk times

    result = vad_chunks.transcribe_chunks(object(), two_chunks, {}, 4.0, redo=redo)
    assert redone == [10.0]
    assert result.encoders == ["short +4 s", f"padded (fallback: {reason})"]
    assert [s.text.strip() for s in result.segments] == ["first answer part", "second answer part"]
    assert result.segments[1].start == pytest.approx(40.3)  # shifted to file times
    assert result.segments[1].words[0].start == pytest.approx(40.3)
    assert vad_chunks.label(result.encoders, 4.0) == (
        f"vad chunks, short +4 s ×1; padded (fallback: {reason}) ×1")


def test_a_segment_dated_before_its_chunk_is_still_its_chunks(two_chunks):
    chunks = [vad_chunks.Chunk(1 * RATE, 11 * RATE), vad_chunks.Chunk(int(40.008 * RATE), 50 * RATE)]
    assert vad_chunks._chunk_index(chunks, S(40.0, 45.0, "x", seek=4000)) == 1
    assert vad_chunks._chunk_index(chunks, S(10.0, 11.0, "x", seek=100)) == 0


def test_short_files_and_no_margin_keep_the_old_paths(monkeypatch, tmp_path):
    calls = []
    transcriber = WhisperTranscriber(encoder_margin_s=None)
    transcriber._model = object()
    monkeypatch.setattr(transcriber, "_transcribe_audio", lambda audio, language, progress=None, **_: calls.append(audio))
    transcriber.transcribe_file("answer.wav", "en")
    assert calls == ["answer.wav"]  # padded throughout: no chunks


# Real Whisper on real speech.

PAUSE_S = 18.0  # longer than a chunk can bridge with an 11 s clip: one chunk per copy


def write_three(path):
    """JFK three times with PAUSE_S pauses as one WAV; the copies' offsets."""
    import numpy as np

    from voice_interview.records.wavfile import read_wav_samples

    clip, rate = read_wav_samples(DATA / "jfk.wav")
    assert rate == RATE
    pause = np.zeros(int(PAUSE_S * RATE), dtype=clip.dtype)
    lead = np.zeros(RATE // 2, dtype=clip.dtype)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(np.concatenate([lead, clip, pause, clip, pause, clip, lead]).astype("<i2").tobytes())
    return [0.5 + i * (clip.size / RATE + PAUSE_S) for i in range(3)]


@pytest.fixture(scope="module")
def three_speeches(tmp_path_factory):
    """The chunked and padded passes of the three copies; the padded pass of the clip alone."""
    path = tmp_path_factory.mktemp("chunks") / "three.wav"
    offsets = write_three(path)
    padded_clip = WhisperTranscriber(encoder_margin_s=None).transcribe(DATA / "jfk.wav", "en")
    chunked = WhisperTranscriber().transcribe(path, "en")
    padded_file = WhisperTranscriber(encoder_margin_s=None).transcribe(path, "en")
    return chunked, padded_file, padded_clip, offsets


def spelled(words) -> list[str]:
    return [re.sub(r"[^\w']", "", w.word.lower()) for w in words]


@pytest.mark.slow
def test_real_speech_through_vad_chunks_is_as_accurate_as_padded(three_speeches):
    chunked, padded_file, _, _ = three_speeches
    assert chunked.encoder == f"vad chunks, short +{short_encode_margin()} s", chunked.encoder
    reference = " ".join([JFK_REFERENCE] * 3)
    assert word_error_rate(reference, chunked.text) <= word_error_rate(reference, padded_file.text) + 0.01
    assert short_encode.repeated_run(chunked.text) < short_encode.REPEATS_LIMIT


@pytest.mark.slow
def test_real_speech_word_times_match_the_padded_pass(three_speeches):
    """Each copy's words against the padded pass of the clip, moved to where
    the copy is in the file; and against the padded pass of the file."""
    chunked, padded_file, padded_clip, offsets = three_speeches
    clip_words = padded_clip.words
    assert spelled(chunked.words) == spelled(clip_words) * 3
    deltas = []
    for copy, offset in enumerate(offsets):
        mine = chunked.words[copy * len(clip_words) : (copy + 1) * len(clip_words)]
        deltas += [abs(a - (b + offset)) for m, p in zip(mine, clip_words)
                   for a, b in ((m.start_s, p.start_s), (m.end_s, p.end_s))]
    # The same allowance as for one window (tests/test_short_encode.py): the
    # last word's end and a pause given to a comma or the next word.
    assert sum(d <= 0.1 for d in deltas) >= 0.9 * len(deltas), deltas
    assert max(deltas) <= 0.35, deltas
    if spelled(padded_file.words) == spelled(chunked.words):
        file_deltas = [abs(a - b) for m, p in zip(chunked.words, padded_file.words)
                       for a, b in ((m.start_s, p.start_s), (m.end_s, p.end_s))]
        assert sum(d <= 0.1 for d in file_deltas) >= 0.9 * len(file_deltas), file_deltas


@pytest.mark.slow
def test_a_looping_chunk_is_redone_padded_with_real_whisper(monkeypatch, three_speeches, tmp_path):
    """The repetition guard: the pipeline's result for the second copy is
    turned into a loop; that chunk alone is transcribed again, padded, and
    the transcript has no loop and says so."""
    import faster_whisper

    chunked = three_speeches[0]
    real = faster_whisper.BatchedInferencePipeline

    class Looping(real):
        def transcribe(self, audio, **options):
            segments, info = super().transcribe(audio, **options)
            second = int(options["clip_timestamps"][1]["start"] * 100)
            out = []
            for s in segments:
                if s.seek == second:
                    s.text = " for your country" * 6
                out.append(s)
            return iter(out), info

    monkeypatch.setattr(faster_whisper, "BatchedInferencePipeline", Looping)
    path = tmp_path / "three.wav"
    write_three(path)
    transcript = WhisperTranscriber().transcribe(path, "en")
    assert "padded (fallback: repetition) ×1" in transcript.encoder, transcript.encoder
    assert short_encode.repeated_run(transcript.text) < short_encode.REPEATS_LIMIT
    assert spelled(transcript.words) == spelled(chunked.words)


def short_encode_margin() -> str:
    from voice_interview.edges.whisper import ENCODER_MARGIN_S

    return f"{ENCODER_MARGIN_S:g}"


def test_speech_left_unsaid_inside_a_chunk_is_found():
    chunk = vad_chunks.Chunk(1 * RATE, 20 * RATE, ((1 * RATE, 9 * RATE), (12 * RATE, 20 * RATE)))
    whole = [said("one two three four", 1.2, 8.8, seek=100), said("five six seven eight", 12.1, 19.6, seek=100)]
    assert vad_chunks.skipped_speech(whole, chunk) is None
    assert vad_chunks.skipped_speech(whole[:1], chunk) == pytest.approx(12.0)  # a stretch unsaid
    cut_short = [whole[0], said("five six", 12.1, 14.0, seek=100)]
    assert vad_chunks.skipped_speech(cut_short, chunk) == pytest.approx(14.5)  # its end unsaid
    assert vad_chunks.doubtful(cut_short, chunk) == "skipped speech"
