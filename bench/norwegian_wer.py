"""How well the bundled models hear the demo's synthetic candidate.

Every scripted answer of ``question_data/demo_answers.toml`` is spoken by
eSpeak NG (as ``voice-interview demo`` does) and transcribed by Whisper; the
word error rate is measured against the script. Norwegian goes to the bundled
multilingual base model, English to the embedded tiny.en for contrast.

    .venv/bin/python bench/norwegian_wer.py                 # all 27 answers per row
    .venv/bin/python bench/norwegian_wer.py -n 5 -v         # the first 5, with transcripts
    .venv/bin/python bench/norwegian_wer.py --row nb:small  # another model (internet)

WER here is (substitutions + deletions + insertions) / reference words after
lower-casing and dropping punctuation; numbers the script spells out
("førti tusen") and Whisper writes as digits count as errors, so the figure
is pessimistic by a few points.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import wave
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.conftest import word_error_rate  # noqa: E402
from voice_interview.banks.bank import load_bank  # noqa: E402
from voice_interview.core.demo import answer_text, load_demo_answers  # noqa: E402

DEFAULT_ROWS = ("nb:base", "en:tiny.en")
WHISPER_LANGUAGE = {"nb": "no"}  # Whisper calls Norwegian "no"


def measure(language: str, model: str, count: int | None, verbose: bool = False) -> dict:
    from voice_interview.edges.tts import Pyttsx3Speaker
    from voice_interview.edges.whisper import WhisperTranscriber

    bank = load_bank(None, language)
    scripted = load_demo_answers()
    questions = bank.questions[:count] if count else bank.questions
    speaker = Pyttsx3Speaker()
    transcriber = WhisperTranscriber(model, language)
    transcriber.prepare()
    rates, edits, reference_words, audio_s, transcribe_s = [], 0.0, 0, 0.0, 0.0
    with tempfile.TemporaryDirectory(prefix="voice-interview-bench-") as tmp:
        for question in questions:
            reference = answer_text(question, language, scripted)
            audio = speaker.render(reference, language, Path(tmp) / f"{question.id}.wav")
            with wave.open(str(audio), "rb") as wav:
                audio_s += wav.getnframes() / wav.getframerate()
            started = time.perf_counter()
            transcript = transcriber.transcribe(audio, WHISPER_LANGUAGE.get(language, language))
            transcribe_s += time.perf_counter() - started
            rate = word_error_rate(reference, transcript.text)
            if verbose:
                print(f"{language} {transcriber.name} #{question.number} WER {rate:.2f}: {transcript.text}")
            words = len(reference.split())
            rates.append(rate)
            edits += rate * words
            reference_words += words
    return {
        "language": language,
        "model": transcriber.name,
        "answers": len(rates),
        "audio_s": audio_s,
        "wer": edits / reference_words,
        "median": statistics.median(rates),
        "best": min(rates),
        "worst": max(rates),
        "real_time": transcribe_s / audio_s,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", "--count", type=int, help="only the first N answers of each language")
    parser.add_argument("--row", action="append", metavar="LANG:MODEL",
                        help=f"a language and model to measure (repeatable; default {' '.join(DEFAULT_ROWS)})")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every transcript and its WER")
    args = parser.parse_args()
    rows = [measure(*row.split(":", 1), args.count, args.verbose) for row in (args.row or DEFAULT_ROWS)]
    print(f"{'lang':5} {'model':10} {'answers':>7} {'audio':>7} {'WER':>6} {'median':>6} "
          f"{'best':>6} {'worst':>6} {'time/audio':>10}")
    for r in rows:
        print(f"{r['language']:5} {r['model']:10} {r['answers']:7d} {r['audio_s']:6.0f}s {r['wer']:6.2f} "
              f"{r['median']:6.2f} {r['best']:6.2f} {r['worst']:6.2f} {r['real_time']:9.1%}")


if __name__ == "__main__":
    main()
