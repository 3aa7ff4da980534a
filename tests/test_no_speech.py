"""Whisper's no-speech check overruled where the VAD kept speech
(edges/whisper.py, transcribe_audio): the third Norwegian demo answer came
back as "no speech heard" (no-speech probability 0.80, log-probability
-1.01 for its only window)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.test_short_encode import segment
from voice_interview.edges.whisper import NO_SPEECH_OVERRULED, WhisperTranscriber


class Model:
    """Drops everything while the no-speech check is on; with it off, says ``heard``."""

    def __init__(self, heard, speech_s: float) -> None:
        self.heard, self.speech_s = heard, speech_s
        self.calls: list[dict] = []

    def transcribe(self, audio, **options):
        self.calls.append(options)
        info = SimpleNamespace(duration=30.0, duration_after_vad=self.speech_s)
        checked = options.get("no_speech_threshold", 0.6) is not None
        return iter([] if checked else self.heard), info


def transcriber(model) -> WhisperTranscriber:
    found = WhisperTranscriber(encoder_margin_s=None)
    found._model = model
    return found


def heard(text: str, logprob: float = -1.01):
    found = segment(text, 1.0, 20.0)
    found.avg_logprob = logprob
    return [found]


def test_speech_the_vad_kept_is_not_dropped_as_silence():
    model = Model(heard("ja i forrige jobb drev jeg et program"), speech_s=27.0)
    segments, _, encoder = transcriber(model)._transcribe_audio("answer.wav", "nb", overrule_no_speech=True)
    assert " ".join(s.text for s in segments) == "ja i forrige jobb drev jeg et program"
    assert encoder == f"padded; {NO_SPEECH_OVERRULED}"
    assert model.calls[1]["no_speech_threshold"] is None and model.calls[1]["temperature"] == 0.0


@pytest.mark.parametrize(
    ("said", "speech_s"),
    [
        (heard("ja i forrige jobb drev jeg et program"), 1.5),  # a cough's worth of VAD speech: silence stands
        (heard("hmm", logprob=-2.3), 27.0),  # too unlikely a guess
        (heard("ja ja ja ja ja ja"), 27.0),  # a loop
    ],
)
def test_otherwise_silence_stands(said, speech_s):
    model = Model(said, speech_s)
    segments, _, encoder = transcriber(model)._transcribe_audio("answer.wav", "nb", overrule_no_speech=True)
    assert segments == [] and encoder == "padded"


def test_a_live_chunk_is_not_redone():
    model = Model(heard("ja i forrige jobb drev jeg et program"), speech_s=27.0)
    segments, _, encoder = transcriber(model).transcribe_audio("chunk", "nb")
    assert segments == [] and len(model.calls) == 1


def test_a_whole_file_is(tmp_path):
    model = Model(heard("ja i forrige jobb drev jeg et program"), speech_s=27.0)
    found = transcriber(model)
    found._chunked = False
    assert found.transcribe_file("answer.wav", "nb").encoder == f"padded; {NO_SPEECH_OVERRULED}"
