"""Start-up time of the commands that need no model or sound, and what they import.

Times ``voice-interview --help`` and ``voice-interview questions`` (the
console script pip installed, as a user runs it), each run a fresh process,
alternating with the baseline measured in the same run: the bare
interpreter of the same virtual environment (``python -c pass``), which no
code of ours can make faster. ``questions`` reads the bank from the cache
of checked banks (voice_interview/banks/cache.py); the last row is its first
run, with an empty cache (a fresh ``XDG_CACHE_HOME`` each time). Then lists, with ``python -X importtime``,
which heavy libraries each command imports (none should). Target: ≤ 0.15 s.

    .venv/bin/python bench/startup.py [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import command  # noqa: E402

TARGET_S = 0.15
HEAVY = ("numpy", "faster_whisper", "ctranslate2", "onnxruntime", "sounddevice", "pyttsx3", "pydub", "av",
         "jinja2", "matplotlib")
COMMANDS = {"--help": ["--help"], "questions": ["questions"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    script = Path(sys.executable).with_name("voice-interview")
    runs = {"python -c pass": [sys.executable, "-c", "pass"]}
    runs |= {f"voice-interview {name}": [str(script), *argv] for name, argv in COMMANDS.items()}
    cold = "voice-interview questions, no bank cache"
    runs[cold] = runs["voice-interview questions"]
    times: dict[str, list[float]] = {name: [] for name in runs}
    with tempfile.TemporaryDirectory(prefix="voice-interview-bench-") as home:
        env = {**os.environ, "VOICE_INTERVIEW_HOME": home}
        for run in range(args.runs):
            for name, argv in runs.items():
                cache = {"XDG_CACHE_HOME": f"{home}/cache-{run}"} if name == cold else {}
                started = time.perf_counter()
                subprocess.run(argv, env={**env, **cache}, check=True, stdout=subprocess.DEVNULL)
                times[name].append(time.perf_counter() - started)
        imported = {name: heavy_imports([sys.executable, "-X", "importtime", str(script), *argv], env)
                    for name, argv in COMMANDS.items()}

    baseline = statistics.median(times["python -c pass"])
    print(command())
    print(f"Wall time of a fresh process, median of {args.runs} alternating runs; ratio against the bare "
          "interpreter in the same run.\n")
    print("| command | median | fastest | ratio to `python -c pass` | ≤ 0.15 s | heavy libraries imported |")
    print("|---|---|---|---|---|---|")
    for name, values in times.items():
        median = statistics.median(values)
        heavy = ", ".join(imported.get(name.removeprefix("voice-interview ").split(",")[0], [])) or "none"
        print(f"| `{name}` | {median:.3f} s | {min(values):.3f} s | {median / baseline:.2f} | "
              f"{'yes' if median <= TARGET_S else 'no'} | {heavy if name != 'python -c pass' else '–'} |")


def heavy_imports(argv: list[str], env: dict[str, str]) -> list[str]:
    result = subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    modules = {line.split("|")[-1].strip().split(".")[0] for line in result.stderr.splitlines()
               if line.startswith("import time:")}
    return [name for name in HEAVY if name in modules]


if __name__ == "__main__":
    main()
