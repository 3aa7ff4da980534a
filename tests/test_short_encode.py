"""Whisper's encoder fed each window at its own length (edges/short_encode.py).

Fast tests drive ``WhisperTranscriber`` with a fake faster-whisper model
that answers according to how the encoder would be fed; slow ones compare
the real tiny.en against the padded pass on real speech (tests/data/jfk.wav).
"""

from __future__ import annotations

import difflib
import re
from types import SimpleNamespace

import pytest

from tests.conftest import DATA, JFK_REFERENCE, word_error_rate
from voice_interview.edges import short_encode
from voice_interview.edges.whisper import WhisperTranscriber


def segment(text: str, start: float = 0.0, end: float = 5.0, tokens: int | None = None, ratio: float = 1.2):
    words = text.split()
    step = (end - start) / max(len(words), 1)
    return SimpleNamespace(
        start=start,
        end=end,
        text=" " + text,
        tokens=list(range(tokens if tokens is not None else len(words) + 1)),
        compression_ratio=ratio,
        words=[
            SimpleNamespace(word=" " + w, start=start + i * step, end=start + (i + 1) * step, probability=0.9)
            for i, w in enumerate(words)
        ],
    )


class FakeModel:
    """faster-whisper's WhisperModel.transcribe: ``short`` answers while the
    calling thread is inside short_encode.shorter_windows, ``padded`` otherwise;
    records which it was."""

    def __init__(self, short, padded, duration_s: float = 10.0) -> None:
        self.short, self.padded, self.duration_s = short, padded, duration_s
        self.calls: list[str] = []

    def transcribe(self, audio, **options):
        shortened = getattr(short_encode._local, "margin_frames", None) is not None
        self.calls.append("short" if shortened else "padded")
        info = SimpleNamespace(duration=self.duration_s, duration_after_vad=self.duration_s)
        return iter(self.short if shortened else self.padded), info


def faked(model: FakeModel, margin_s: float | None = 2.0) -> WhisperTranscriber:
    transcriber = WhisperTranscriber(encoder_margin_s=margin_s)
    transcriber._model = model  # prepare() then loads nothing
    return transcriber


GOOD = [segment("ask not what your country can do for you")]


def test_a_looping_short_result_is_redone_padded():
    looping = [segment("ask not what your country can do for you"),
               segment("for you for you for you for you for you", 5.0, 9.0)]
    model = FakeModel(short=looping, padded=GOOD)
    segments, _, encoder = faked(model).transcribe_audio("answer.wav", "en")
    assert model.calls == ["short", "padded"]
    assert encoder == "padded (fallback: repetition)"
    assert " ".join(s.text for s in segments) == "ask not what your country can do for you"


def test_a_good_short_result_is_kept_and_says_so():
    model = FakeModel(short=GOOD, padded=[segment("never used")])
    segments, _, encoder = faked(model).transcribe_audio("answer.wav", "en")
    assert model.calls == ["short"] and encoder == "short +2 s"
    assert segments[0].words[0].word == "ask"


def test_no_margin_means_the_padded_path():
    model = FakeModel(short=[segment("never used")], padded=GOOD)
    assert faked(model, margin_s=None).transcribe_audio("answer.wav", "en").encoder == "padded"
    assert model.calls == ["padded"]


def test_an_unknown_faster_whisper_keeps_the_padded_path(monkeypatch):
    import faster_whisper

    monkeypatch.setattr(short_encode, "_installed", None)
    monkeypatch.setattr(faster_whisper, "__version__", "9.0.0")
    model = FakeModel(short=[segment("never used")], padded=GOOD)
    assert faked(model).transcribe_audio("answer.wav", "en").encoder == "padded"
    assert model.calls == ["padded"]


@pytest.mark.parametrize(
    ("segments", "reason"),
    [
        (GOOD, None),
        ([], None),
        ([segment("very very good, no no no")], None),
        ([segment("the the the the the")], "repetition"),
        ([segment("I think that I think that I think that I think that")], "repetition"),
        ([segment("a plain sentence", ratio=2.9)], "compression ratio"),
        ([segment("a plain sentence", tokens=448)], "no end token"),
        ([segment("a plain sentence", 9.0, 12.5)], "timestamps past the audio"),
    ],
)
def test_looks_wrong(segments, reason):
    assert short_encode.looks_wrong(segments, 10.0) == reason


def test_live_passes_are_summed_up():
    assert short_encode.encoders_summary([]) == ""
    assert short_encode.encoders_summary(["short +4 s"] * 3) == "short +4 s"
    assert short_encode.encoders_summary(["short +4 s", "padded (fallback: repetition)", "short +4 s"]) == (
        "short +4 s ×2; padded (fallback: repetition) ×1"
    )


# Real Whisper on real speech.


@pytest.fixture(scope="module")
def jfk_both():
    jfk_path = DATA / "jfk.wav"
    padded = WhisperTranscriber(encoder_margin_s=None).transcribe(jfk_path, "en")
    short = WhisperTranscriber().transcribe(jfk_path, "en")
    return padded, short


def spelled(transcript) -> list[str]:
    return [re.sub(r"[^\w']", "", w.word.lower()) for w in transcript.words]


@pytest.mark.slow
def test_real_speech_short_is_as_accurate_as_padded(jfk_both):
    padded, short = jfk_both
    assert padded.encoder == "padded" and short.encoder == f"short +{short_encode_margin()} s"
    assert word_error_rate(JFK_REFERENCE, short.text) <= word_error_rate(JFK_REFERENCE, padded.text) + 0.01


@pytest.mark.slow
def test_real_speech_word_times_match_the_padded_pass(jfk_both):
    padded, short = jfk_both
    assert spelled(short) == spelled(padded)
    pairs = zip(short.words, padded.words)
    deltas = [abs(a - b) for s, p in pairs for a, b in ((s.start_s, p.start_s), (s.end_s, p.end_s))]
    # Measured on JFK (4 s margin): 42 of 44 times within 0.1 s. The two
    # others: the last word ends 0.2 s later (the end-of-text token takes its
    # tail, with no 30 s of padding to spread over), and "my" starts 0.32 s
    # earlier when the short pass drops the comma after "so" (padded gives
    # "my" 0.04 s, short 0.40 s: the pause goes to the comma or to "my").
    assert sum(d <= 0.1 for d in deltas) >= 0.9 * len(deltas), deltas
    assert max(deltas) <= 0.35, deltas


@pytest.mark.slow
def test_the_live_path_feeds_the_encoder_short(jfk_path, tmp_path):
    import numpy as np

    from tests.test_streaming import record, silence
    from voice_interview.records.wavfile import read_wav_samples

    clip, rate = read_wav_samples(jfk_path)
    dest = tmp_path / "answer.wav"
    transcriber = WhisperTranscriber()
    live = transcriber.start_live(dest, "en")
    transcript = live.finish(record(np.concatenate([clip, silence(1.0), clip, silence(1.0)]), rate, dest))
    assert transcript.encoder == f"short +{short_encode_margin()} s"
    matcher = difflib.SequenceMatcher(a=(JFK_REFERENCE + " " + JFK_REFERENCE).split(), b=spelled(transcript))
    assert matcher.ratio() >= 0.9, transcript.text


def short_encode_margin() -> str:
    from voice_interview.edges.whisper import ENCODER_MARGIN_S

    return f"{ENCODER_MARGIN_S:g}"
