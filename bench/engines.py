"""Speed and accuracy of the transcription choices, each against a baseline
measured in the same run, on the same audio:

- beam 1 against beam 5 (tiny.en, int8; `run` uses beam 5);
- the embedded tiny.en against the bundled multilingual base (``--model base``);
- our pipeline (tiny.en, beam 5, VAD, word timestamps) against pocketsphinx
  5.1.1, the classic offline engine (its bundled US English model).

The audio: ``tests/data/jfk.wav`` (real speech, 11 s) and the first
``--answers`` scripted demo answers spoken by eSpeak NG (16 kHz mono WAV).
Runs of the two sides of a row alternate; each side's total time over the
audio is a median of ``--repeat`` runs (models loaded beforehand, not
timed). WER (numbers normalised, bench/common.py) pools the word errors
over the reference words: of the JFK clip, of the synthetic answers, of all.

pocketsphinx is a bench-only install (not a dependency of voice-interview):

    .venv/bin/pip install pocketsphinx==5.1.1
    .venv/bin/python bench/engines.py                # 3 answers, 3 runs
    .venv/bin/python bench/engines.py --quick        # 1 answer, 1 run
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import wave
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import JFK, RATE, command, normalized, spoken_sentences, word_error_rate, write_wav  # noqa: E402


class Whisper:
    def __init__(self, model: str, beam_size: int) -> None:
        from voice_interview.edges.whisper import WhisperTranscriber

        self.transcriber = WhisperTranscriber(model, "en", beam_size=beam_size)
        self.label = f"{self.transcriber.name}, beam {beam_size}"

    def load(self) -> None:
        self.transcriber.prepare()

    def transcribe(self, path: Path) -> str:
        return self.transcriber.transcribe(path, "en").text


class PocketSphinx:
    label = "pocketsphinx 5.1.1 (en-us)"

    def load(self) -> None:
        try:
            from pocketsphinx import Decoder
        except ImportError:
            sys.exit("pocketsphinx is not installed: .venv/bin/pip install pocketsphinx==5.1.1")
        self.decoder = Decoder(samprate=RATE)

    def transcribe(self, path: Path) -> str:
        with wave.open(str(path), "rb") as wav:
            pcm = wav.readframes(wav.getnframes())
        self.decoder.start_utt()
        self.decoder.process_raw(pcm, full_utt=True)
        self.decoder.end_utt()
        hypothesis = self.decoder.hyp()
        return hypothesis.hypstr if hypothesis else ""


def audio_set(folder: Path, answers: int) -> list[tuple[Path, str]]:
    """(16 kHz mono WAV, reference text) pairs."""
    import numpy as np

    from tests.conftest import JFK_REFERENCE

    files = [(JFK, JFK_REFERENCE)]
    for index, sentences in enumerate(spoken_sentences(folder, answers)):
        gap = np.zeros(int(0.5 * RATE), dtype="<i2")
        samples = np.concatenate([part for samples, _ in sentences for part in (samples, gap)])
        path = write_wav(samples, folder / f"answer{index:02d}.wav")
        files.append((path, " ".join(text for _, text in sentences)))
    return files


def measure(engine, files: list[tuple[Path, str]]) -> tuple[float, list[float]]:
    """(seconds for all files, word errors in each file)."""
    started = time.perf_counter()
    texts = [engine.transcribe(path) for path, _ in files]
    elapsed = time.perf_counter() - started
    return elapsed, [word_error_rate(ref, text) * _words(ref) for (_, ref), text in zip(files, texts)]


def _words(text: str) -> int:
    return len(normalized(text).split())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--answers", type=int, default=3, help="synthetic answers besides the JFK clip")
    parser.add_argument("--repeat", type=int, default=3, help="runs per side (medians are reported)")
    parser.add_argument("--quick", action="store_true", help="1 synthetic answer, 1 run")
    parser.add_argument("--skip-pocketsphinx", action="store_true")
    args = parser.parse_args()
    answers, repeat = (1, 1) if args.quick else (args.answers, args.repeat)

    tiny5 = Whisper("tiny.en", 5)
    rows = [("beam 1 vs beam 5", tiny5, Whisper("tiny.en", 1)),
            ("multilingual base vs tiny.en", tiny5, Whisper("base", 5))]
    if not args.skip_pocketsphinx:
        rows.append(("pocketsphinx vs our pipeline", tiny5, PocketSphinx()))
    engines = {id(e): e for _, *pair in rows for e in pair}
    for engine in engines.values():
        engine.load()

    with tempfile.TemporaryDirectory(prefix="voice-interview-bench-") as tmp:
        files = audio_set(Path(tmp), answers)
        audio_s = sum(_duration_s(path) for path, _ in files)
        results: dict[int, list[tuple[float, list[float]]]] = {key: [] for key in engines}
        for _ in range(repeat):
            for key, engine in engines.items():  # the sides alternate within every repeat
                results[key].append(measure(engine, files))

    words = [_words(ref) for _, ref in files]

    def summary(engine) -> tuple[float, float, float, float]:
        """(median seconds, WER of the JFK clip, of the synthetic answers, of all), median runs."""
        runs = results[id(engine)]
        wers = [(errors[0] / words[0], sum(errors[1:]) / sum(words[1:]), sum(errors) / sum(words))
                for _, errors in runs]
        return (statistics.median(t for t, _ in runs), *(statistics.median(w[k] for w in wers) for k in range(3)))

    print(command())
    print(f"Audio: {len(files)} files, {audio_s:.1f} s (the JFK clip, {words[0]} words, and {answers} eSpeak NG "
          f"answers, {sum(words[1:])} words). Medians of {repeat} run(s); speed ratio = candidate time / "
          "baseline time, same run. WER: JFK / synthetic / all.\n")
    print("| comparison | baseline | time (× real time) | WER | candidate | time (× real time) | WER | "
          "speed ratio | Δ WER (all) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for title, baseline, candidate in rows:
        base, cand = summary(baseline), summary(candidate)
        print(f"| {title} | {baseline.label} | {base[0]:.2f} s ({base[0] / audio_s:.3f}) | {_wers(base)} | "
              f"{candidate.label} | {cand[0]:.2f} s ({cand[0] / audio_s:.3f}) | {_wers(cand)} | "
              f"{cand[0] / base[0]:.2f} | {cand[3] - base[3]:+.3f} |")


def _wers(summary: tuple[float, float, float, float]) -> str:
    return " / ".join(f"{w:.3f}" for w in summary[1:])


def _duration_s(path: Path) -> float:
    with wave.open(str(path), "rb") as wav:
        return wav.getnframes() / wav.getframerate()


if __name__ == "__main__":
    main()
