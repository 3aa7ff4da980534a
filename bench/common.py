"""Shared by the speed benchmarks: long spoken answers with their reference
text, WER, and the command line to print under each table.

An answer is built from real speech (``tests/data/jfk.wav``, 11 s) and the
demo's scripted answers spoken by eSpeak NG one sentence at a time, joined
by pauses drawn (seeded) from what people leave between sentences
(0.4–1.0 s) and between thoughts (1.2 s), until it is as long as asked
(to the sentence). The candidate's final pause (between the last word and pressing Enter) is
given separately: it matters most to the latency after the answer ends.
"""

from __future__ import annotations

import random
import re
import sys
import wave
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.conftest import JFK_REFERENCE  # noqa: E402
from tests.conftest import word_error_rate as _word_error_rate  # noqa: E402

RATE = 16_000
JFK = ROOT / "tests" / "data" / "jfk.wav"
SENTENCE_PAUSE_S = (0.4, 1.0)
THOUGHT_PAUSE_S = 1.2

__all__ = ["Answer", "build_answer", "command", "normalized", "spoken_sentences", "word_error_rate", "write_wav"]

_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
          "fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_NUMBER_WORDS = {w: n for n, w in enumerate(_UNITS)} | {w: 10 * (n + 2) for n, w in enumerate(_TENS)}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}


def normalized(text: str) -> str:
    """Lower case, numbers as digits ("sixty-five thousand", "65,000" →
    65000), "%" as "percent", no punctuation: Whisper writes numbers either
    way, and the choice says nothing about how well it heard."""
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text.lower()).replace("%", " percent").replace("-", " ")
    out: list[str] = []
    number = {"total": 0, "group": 0, "last": None}  # last: unit | tens | hundred | scale

    def flush() -> None:
        if number["last"]:
            out.append(str(number["total"] + number["group"]))
        number.update(total=0, group=0, last=None)

    follows = {"unit": (None, "tens", "hundred", "scale"), "tens": (None, "hundred", "scale"),
               "hundred": ("unit", "tens"), "scale": ("unit", "tens", "hundred")}
    for token in re.findall(r"[\w']+|[^\w\s]", text):
        kind = ("unit" if token in _UNITS else "tens" if token in _TENS else
                "hundred" if token == "hundred" else "scale" if token in _SCALES else None)
        if kind and number["last"] not in follows[kind]:
            flush()  # "four five" is two numbers
        if kind in ("unit", "tens"):
            number["group"] += _NUMBER_WORDS[token]
        elif kind == "hundred" and number["last"]:
            number["group"] *= 100
        elif kind == "scale" and number["last"]:
            number["total"] += number["group"] * _SCALES[token]
            number["group"] = 0
        else:
            flush()
            if token[0].isalnum() or token[0] == "_":
                out.append(token)
            continue
        number["last"] = kind
    flush()
    return " ".join(out)


def word_error_rate(reference: str, hypothesis: str) -> float:
    """tests.conftest.word_error_rate on normalized text."""
    return _word_error_rate(normalized(reference), normalized(hypothesis))


def command() -> str:
    """How this benchmark was run, as a line for its report."""
    return "Command: `" + " ".join([".venv/bin/python", f"bench/{Path(sys.argv[0]).name}", *sys.argv[1:]]) + "`"


@dataclass
class Answer:
    samples: object  # int16 numpy array, 16 kHz mono
    reference: str
    speech_end_s: float  # where the last word ends; the rest is the final pause

    @property
    def duration_s(self) -> float:
        return len(self.samples) / RATE


def spoken_sentences(folder: Path, answers: int = 27, language: str = "en") -> list[list[tuple[object, str]]]:
    """The demo answers (in ``language``), each a list of (samples, sentence),
    spoken by eSpeak NG (rendered into ``folder``)."""
    from voice_interview.core.demo import load_demo_answers
    from voice_interview.edges.audiofile import load_audio
    from voice_interview.edges.tts import Pyttsx3Speaker, sentences

    speaker = Pyttsx3Speaker()
    spoken = []
    for index, texts in enumerate(list(load_demo_answers().values())[:answers]):
        parts = []
        for number, sentence in enumerate(sentences(texts[language])):
            path = speaker.render(sentence, language, folder / f"a{index:02d}-{number:02d}.wav")
            parts.append((_trimmed(load_audio(path)), sentence))
        spoken.append(parts)
    return spoken


def build_answer(
    length_s: float, spoken: list[list[tuple[object, str]]], end_pause_s: float = 1.0, seed: int = 0,
    with_jfk: bool = True,
) -> Answer:
    """About ``length_s`` of speech, sentence by sentence: the synthetic
    answers from number ``seed`` on (so each seed says something else),
    with the JFK clip after every second one, ending on a synthetic
    sentence; then ``end_pause_s`` of silence. ``with_jfk=False`` leaves the
    (English) clip out, for answers in another language."""
    import numpy as np

    from voice_interview.edges.audiofile import load_audio

    jfk = [(_trimmed(load_audio(JFK)), JFK_REFERENCE)]
    pick = random.Random(seed)
    order = spoken[seed % len(spoken) :] + spoken[: seed % len(spoken)]
    thoughts = [thought for index, answer in enumerate(order)
                for thought in ([answer, jfk] if index % 2 and with_jfk else [answer])]
    pieces, texts, total = [], [], 0
    for thought in thoughts * 10:
        for index, (samples, text) in enumerate(thought):
            if total >= length_s * RATE and texts[-1] != JFK_REFERENCE:
                break  # the answer ends with a synthetic sentence, not on the JFK clip
            if pieces:
                pause_s = pick.uniform(*SENTENCE_PAUSE_S) if index else THOUGHT_PAUSE_S
                pieces.append(_silence(pause_s))
            pieces.append(samples)
            texts.append(text)
            total = sum(p.size for p in pieces)
    speech = np.concatenate(pieces)
    return Answer(np.concatenate((speech, _silence(end_pause_s))), " ".join(texts), speech.size / RATE)


def write_wav(samples, dest: Path) -> Path:
    with wave.open(str(dest), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(samples.astype("<i2").tobytes())
    return dest


def _silence(seconds: float):
    import numpy as np

    return np.zeros(int(seconds * RATE), dtype="<i2")


def _trimmed(samples, level: int = 64):
    """Without leading and trailing silence (the pauses are added explicitly)."""
    import numpy as np

    loud = np.flatnonzero(np.abs(samples.astype("int32")) > level)
    return samples[loud[0] : loud[-1] + 1] if loud.size else samples
