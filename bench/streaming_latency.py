"""Latency after the answer ends: transcribing while recording against
transcribing after the recording stops.

Each answer (bench/common.py: synthetic speech and the JFK clip, with
pauses, then the candidate's final pause) is fed in real time through the
recording path (``FileFeedRecorder(realtime=True)`` → ``record_blocks`` →
the answer WAV) while ``WhisperTranscriber.start_live`` transcribes it. The
clock starts when the recorder returns (the candidate pressed Enter):

- streaming: ``live.finish(recording)`` returns the transcript;
- after stop (the baseline, measured in the same run on the same file):
  ``transcriber.transcribe(path)``.

Both transcripts are scored against the reference text: WER after
normalising numbers (bench/common.py), pooled over the runs of a row (every
run says something else: the answer starts at another demo answer).
Latencies are medians. Real time means a 5-minute answer takes 5 minutes
to feed. Each row also counts the streaming transcripts that came back
empty (every answer is spoken, so that is always a bug: issue 16) and
those for which ``finish()`` had to read the file (``live_fallback``).

    .venv/bin/python bench/streaming_latency.py                   # 30 s, 2 min, 5 min; 3 runs each
    .venv/bin/python bench/streaming_latency.py --quick           # 30 s and 2 min, 1 run each
    .venv/bin/python bench/streaming_latency.py --lengths 120 --end-pause 0 --end-pause 1.5
    .venv/bin/python bench/streaming_latency.py --margin none --budget inf   # as before issue 14
    .venv/bin/python bench/streaming_latency.py --lang nb --lengths 30,120   # base, Norwegian

CPU is the process's user + system time (all threads: CTranslate2's too)
from the start of the recording to the streaming transcript, against the
CPU of the after-stop pass; the ratio is what item 3 of issue 14 bounds
(≤ 1.5× one whole-file pass).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import build_answer, command, normalized, spoken_sentences, word_error_rate, write_wav  # noqa: E402

TARGET_S = 0.3  # issue 14


def cpu_s() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(transcriber, answer, folder: Path, name: str, language: str = "en") -> dict:
    from voice_interview.edges.audiofile import FileFeedRecorder
    from voice_interview.edges.base import RecordingLimits

    source = write_wav(answer.samples, folder / f"{name}-source.wav")
    dest = folder / f"{name}-answer.wav"
    cpu_started = cpu_s()
    live = transcriber.start_live(dest, language)
    recording = FileFeedRecorder([source], realtime=True).record(dest, RecordingLimits(None), lambda s, db: False)
    started = time.perf_counter()
    streamed = live.finish(recording)
    streaming_s = time.perf_counter() - started
    cpu_live = cpu_s() - cpu_started
    started, cpu_started = time.perf_counter(), cpu_s()
    whole = transcriber.transcribe(recording.path, language)
    after_stop_s = time.perf_counter() - started
    cpu_whole = cpu_s() - cpu_started
    words = len(normalized(answer.reference).split())
    return {
        "duration_s": recording.duration_s,
        "streaming_s": streaming_s,
        "after_stop_s": after_stop_s,
        "words": words,
        "errors_streaming": word_error_rate(answer.reference, streamed.text) * words,
        "errors_after_stop": word_error_rate(answer.reference, whole.text) * words,
        "empty": not streamed.text.strip(),
        "fallback": streamed.live_fallback,
        "cpu_live_s": cpu_live,
        "cpu_whole_s": cpu_whole,
        "encoder": streamed.encoder,
        "fed_s": getattr(live, "_fed", 0) / 16_000,  # audio handed to Whisper while recording
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lengths", default="30,120,300", help="answer lengths in seconds (comma-separated)")
    parser.add_argument("--end-pause", type=float, action="append",
                        help="seconds between the last word and Enter (repeatable; default 1.0)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per row")
    parser.add_argument("--quick", action="store_true", help="30 s and 2 min answers, one run each")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every run")
    parser.add_argument("--margin", default="default",
                        help="encoder margin in seconds, or 'none' for windows padded to 30 s")
    parser.add_argument("--budget", type=float, help="streaming.SPECULATION_BUDGET ('inf': no budget)")
    parser.add_argument("--lang", default="en", choices=("en", "nb"), help="nb: Norwegian answers, base")
    args = parser.parse_args()
    lengths = [30.0, 120.0] if args.quick else [float(x) for x in args.lengths.split(",")]
    repeat = 1 if args.quick else args.repeat
    end_pauses = args.end_pause or [1.0]

    from voice_interview.edges import streaming
    from voice_interview.edges.whisper import ENCODER_MARGIN_S, WhisperTranscriber

    margin = ENCODER_MARGIN_S if args.margin == "default" else None if args.margin == "none" else float(args.margin)
    if args.budget is not None:
        streaming.SPECULATION_BUDGET = args.budget
    # The bundled model for the language (tiny.en, base), int8, beam 5: what `run` uses.
    transcriber = WhisperTranscriber(language=args.lang, encoder_margin_s=margin)
    transcriber.prepare()
    rows = []
    with tempfile.TemporaryDirectory(prefix="voice-interview-bench-") as tmp:
        spoken = spoken_sentences(Path(tmp), language=args.lang)
        for length in lengths:
            for end_pause in end_pauses:
                runs = []
                for run in range(repeat):
                    answer = build_answer(length, spoken, end_pause_s=end_pause, seed=3 * run,
                                          with_jfk=args.lang == "en")
                    result = measure(transcriber, answer, Path(tmp), f"{length:.0f}-{end_pause}-{run}", args.lang)
                    runs.append(result)
                    if args.verbose:
                        print({k: round(v, 4) if isinstance(v, float) else v for k, v in result.items()},
                              file=sys.stderr, flush=True)
                rows.append((length, end_pause, runs))

    print(command())
    print(f"Model: {transcriber.name}, int8, beam 5; encoder margin {margin}; speculation budget "
          f"{streaming.SPECULATION_BUDGET}; {repeat} run(s) per row. Times are medians; "
          "ratio = streaming / after stop, each run against its own baseline; WER pooled over the runs.\n")
    print("| answer | final pause | after stop (baseline) | streaming | ratio | ready ≤ 0.3 s | "
          "WER after stop | WER streaming | Δ WER | CPU whole file | CPU live | CPU live ÷ whole | empty | fallback |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for length, end_pause, runs in rows:
        def median(key: str) -> float:
            return statistics.median(r[key] for r in runs)

        words = sum(r["words"] for r in runs)
        wer_after = sum(r["errors_after_stop"] for r in runs) / words
        wer_streaming = sum(r["errors_streaming"] for r in runs) / words
        ready = sum(r["streaming_s"] <= TARGET_S for r in runs)
        ratio = statistics.median(r["streaming_s"] / r["after_stop_s"] for r in runs)
        print(
            f"| {median('duration_s'):.0f} s | {end_pause:.1f} s | {median('after_stop_s'):.2f} s | "
            f"{median('streaming_s'):.2f} s | {ratio:.3f} | "
            f"{ready}/{len(runs)} | {wer_after:.3f} | {wer_streaming:.3f} | {wer_streaming - wer_after:+.3f} | "
            f"{median('cpu_whole_s'):.2f} s | {median('cpu_live_s'):.2f} s | "
            f"{statistics.median(r['cpu_live_s'] / r['cpu_whole_s'] for r in runs):.2f} | "
            f"{sum(r['empty'] for r in runs)}/{len(runs)} | {sum(bool(r['fallback']) for r in runs)}/{len(runs)} |"
        )
    empty = sum(r["empty"] for _, _, runs in rows for r in runs)
    print(f"\nEmpty streaming transcripts: {empty} of {sum(len(runs) for _, _, runs in rows)} spoken answers.")


if __name__ == "__main__":
    main()
