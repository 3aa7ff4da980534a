"""Peak memory (resident set) of a whole ``voice-interview demo``, of one
long answer recorded in real time, and what the malloc setting costs in
speed.

Each run is a fresh process with its own data directory; its peak RSS is
the kernel's ``ru_maxrss`` for that child (read in a small parent process
of its own, so runs do not mask each other). Two baselines, each measured
in the same run as what ships and alternating with it:

- *live off*: ``WhisperTranscriber.start_live`` returning None, so every
  answer is transcribed after it is recorded;
- *glibc default*: ``release_large_blocks`` (edges/whisper.py) doing
  nothing, so malloc keeps its dynamic mmap threshold.

The demo's answers are short (20–26 s); the one-answer row records an
answer of ``--answer-s`` seconds (bench/common.py) through
``FileFeedRecorder(realtime=True)`` and transcribes it, live or after the
recording. The speed row transcribes the JFK clip ``--speed-runs`` times
in one process (after a warm-up) and gives the median. Target: ≤ 350 MB.

    .venv/bin/python bench/memory.py                  # 3 runs per row (~12 min)
    .venv/bin/python bench/memory.py --quick          # 1 run per row
    .venv/bin/python bench/memory.py --lang en --lang nb --answer-s 0   # the demos only, also Norwegian
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import JFK, ROOT, build_answer, command, spoken_sentences, write_wav  # noqa: E402

TARGET_MB = 350
# Runs a command and prints the peak RSS (kB) of that child, then its last output line.
MEASURE = (
    "import resource, subprocess, sys;"
    "out = subprocess.run(sys.argv[1:], check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True);"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss);"
    "print((out.stdout.strip().splitlines() or [''])[-1])"
)
BASELINES = {
    "live off": "from voice_interview.edges.whisper import WhisperTranscriber;"
                "WhisperTranscriber.start_live = lambda self, audio, language: None;",
    "glibc default": "import voice_interview.edges.whisper as whisper; whisper.release_large_blocks = lambda: None;",
}
DEMO = "import sys; from voice_interview.cli import main; sys.argv[0] = 'voice-interview'; main()"
ONE_ANSWER = """
import sys
from pathlib import Path
from voice_interview.edges.audiofile import FileFeedRecorder
from voice_interview.edges.base import RecordingLimits
from voice_interview.edges.whisper import WhisperTranscriber
source, dest, live = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] == "live"
transcriber = WhisperTranscriber()
transcriber.prepare()
stream = transcriber.start_live(dest, "en") if live else None
recording = FileFeedRecorder([source], realtime=live).record(dest, RecordingLimits(None), lambda s, db: False)
if live:
    stream.finish(recording)
else:
    transcriber.transcribe(recording.path, "en")
"""
SPEED = """
import statistics, sys, time
from pathlib import Path
from voice_interview.edges.whisper import WhisperTranscriber
transcriber = WhisperTranscriber()
transcriber.prepare()
transcriber.transcribe(Path(sys.argv[1]), "en")
times = []
for _ in range(int(sys.argv[2])):
    started = time.perf_counter()
    transcriber.transcribe(Path(sys.argv[1]), "en")
    times.append(time.perf_counter() - started)
print(statistics.median(times))
"""


def measure(args: list[str]) -> tuple[float, str]:
    """(peak RSS in MB, last line of output) of one run of ``args``."""
    with tempfile.TemporaryDirectory(prefix="voice-interview-bench-") as home:
        env = {**os.environ, "VOICE_INTERVIEW_HOME": home}
        result = subprocess.run([sys.executable, "-c", MEASURE, *args], env=env, cwd=ROOT,
                                capture_output=True, text=True, check=True)
    lines = result.stdout.splitlines()
    return int(lines[0]) / 1024, lines[1] if len(lines) > 1 else ""


def compare(label: str, baseline: str, script: str, args: list[str], repeat: int, rows: list,
            timed: bool = False) -> None:
    """Alternate runs of ``script`` with and without the ``baseline`` prelude;
    ``timed``: the script prints a time in seconds last."""
    runs: dict[str, list[tuple[float, str]]] = {"baseline": [], "shipped": []}
    for _ in range(repeat):
        runs["baseline"].append(measure([sys.executable, "-c", BASELINES[baseline] + script, *args]))
        runs["shipped"].append(measure([sys.executable, "-c", script, *args]))
    rows.append((label, baseline, *(statistics.median(mb for mb, _ in runs[side]) for side in runs),
                 *(statistics.median(float(out) for _, out in runs[side]) if timed else None for side in runs)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="1 run per row")
    parser.add_argument("--lang", action="append", default=None, help="demo languages (default: en)")
    parser.add_argument("--answer-s", type=float, default=120.0,
                        help="length of the one-answer run (0: skip it; live runs take that long)")
    parser.add_argument("--speed-runs", type=int, default=8, help="transcriptions per speed run (0: skip)")
    args = parser.parse_args()
    repeat = 1 if args.quick else args.repeat
    rows: list = []
    for language in args.lang or ["en"]:
        for baseline in BASELINES:
            compare(f"`demo --lang {language}` (3 questions)", baseline, DEMO, ["demo", "--lang", language],
                    repeat, rows)
    if args.answer_s:
        with tempfile.TemporaryDirectory(prefix="voice-interview-bench-") as tmp:
            answer = build_answer(args.answer_s, spoken_sentences(Path(tmp), answers=10))
            source = write_wav(answer.samples, Path(tmp) / "source.wav")
            runs = {"baseline": [], "shipped": []}
            for run in range(repeat):
                for side, mode in (("baseline", "after"), ("shipped", "live")):
                    dest = Path(tmp) / f"{side}-{run}.wav"
                    runs[side].append(measure([sys.executable, "-c", ONE_ANSWER, str(source), str(dest), mode])[0])
            rows.append((f"one {answer.duration_s:.0f} s answer, recorded in real time", "live off",
                         statistics.median(runs["baseline"]), statistics.median(runs["shipped"]), None, None))
    if args.speed_runs:
        compare(f"JFK clip transcribed {args.speed_runs}× (median time)", "glibc default", SPEED,
                [str(JFK), str(args.speed_runs)], repeat, rows, timed=True)

    print(command())
    print(f"Peak RSS (and time, where timed), median of {repeat} run(s); ratio = shipped / baseline, "
          "same run.\n")
    print("| run | baseline | baseline peak | shipped peak | ratio | ≤ 350 MB | baseline time | shipped time | ratio |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label, baseline, baseline_mb, shipped_mb, baseline_s, shipped_s in rows:
        timed = (f"{baseline_s:.3f} s | {shipped_s:.3f} s | {shipped_s / baseline_s:.2f}"
                 if baseline_s else "– | – | –")
        print(f"| {label} | {baseline} | {baseline_mb:.0f} MB | {shipped_mb:.0f} MB | {shipped_mb / baseline_mb:.2f} | "
              f"{'yes' if shipped_mb <= TARGET_MB else 'no'} | {timed} |")


if __name__ == "__main__":
    main()
