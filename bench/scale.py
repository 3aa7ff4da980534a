"""Listing and progress over many saved sessions.

    .venv/bin/python bench/scale.py [--sessions 10000] [--repeat 5]

Generates N realistic session records (three answered questions each, word
timings and the analysis included, as an interview saves them) in a temporary data directory, then times
`voice-interview sessions` and `voice-interview progress`, as JSON and as
text: the first run (no index: every record is read), then warm runs (the
index is used). The baseline, measured in the same run, is `voice-interview
--help` (interpreter start-up plus the CLI's imports). Prints a markdown
table of medians.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def make_record(session_id: str, day: int) -> dict:
    words = [{"start_s": 0.5 + 0.4 * i, "end_s": 0.8 + 0.4 * i, "word": f"word{i % 40}", "probability": 0.9}
             for i in range(150)]
    answer = {
        "index": 1,
        "question": {"id": "staying-current", "number": 9, "category": "strategy",
                     "category_name": "Social media content and strategy", "text": "How do you stay up to date?",
                     "guidance": "Listen for regular habits. " * 10, "talking_points": [
                         {"label": "Named sources", "cues": ["newsletter", "blog", "podcast"]}],
                     "behavioural": False, "suggested_answer_s": 90},
        "question_audio": None, "question_audio_start_s": None, "question_audio_end_s": None,
        "think_time_s": 0.0, "answer_start_s": 1.0, "answer_end_s": 61.0,
        "answer_audio": f"audio/{session_id}/q01-answer.wav", "answer_audio_duration_s": 60.0,
        "answer_source": "microphone", "stopped_by": "enter",
        "transcript": {"text": " ".join(w["word"] for w in words), "language": "en",
                       "segments": [{"start_s": 0.5, "end_s": 60.0, "text": "…", "words": words}],
                       "transcription_time_s": 0.4, "audio_duration_s": 60.0, "model": "tiny.en"},
        "analysis": None,
    }
    answers = [dict(answer, index=i) for i in (1, 2, 3)]
    return {"format_version": 1, "id": session_id, "started_at": "2026-01-01T00:00:00+00:00",
            "bank_id": "social-media-manager", "bank_title": "Social media manager", "bank_path": "bank.toml",
            "language": "en", "model": "tiny.en", "categories": ["strategy"], "settings": {},
            "question_ids": ["staying-current"] * 3, "answers": answers, "glossary": [], "reviews": [],
            "finished_at": None, "status": "completed"}


def generate(home: Path, count: int) -> None:
    """``count`` records as the program saves them after an interview: each
    answer's analysis included (computed once, by the program's own code)."""
    from voice_interview.records import store
    from voice_interview.analysis import ensure_analysis

    sessions = home / "sessions"
    sessions.mkdir(parents=True)
    template_id = "20260101-000000-0000"
    session = store.session_from_record(make_record(template_id, 0), "template")
    ensure_analysis(session)
    template = json.dumps(session.to_dict(), ensure_ascii=False, indent=1)
    for n in range(count):
        day, rest = divmod(n, 1000)
        session_id = f"2026{1 + day // 28:02d}{1 + day % 28:02d}-{rest // 60 % 24:02d}{rest % 60:02d}00-{n % 65536:04x}"
        (sessions / f"{session_id}.json").write_text(template.replace(template_id, session_id))


def timed(args: list[str], env: dict) -> float:
    started = time.perf_counter()
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {result.stderr.strip()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    cli = [sys.executable, "-m", "voice_interview"]
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        started = time.perf_counter()
        generate(home, options.sessions)
        print(f"generated {options.sessions} sessions in {time.perf_counter() - started:.1f} s")
        env = {**os.environ, "VOICE_INTERVIEW_HOME": str(home)}
        rows = []
        for name in ("sessions --json", "sessions", "progress --json", "progress"):
            cold = timed(cli + name.split(), env) if name.endswith("--json") else None  # builds the index
            warm = statistics.median(timed(cli + name.split(), env) for _ in range(options.repeat))
            rows.append((name, cold, warm))
        baseline = statistics.median(timed(cli + ["--help"], env) for _ in range(options.repeat))
    print(f"\n{options.sessions} sessions, median of {options.repeat} warm runs (seconds)\n")
    print("| command | first run (no index) | warm | warm ÷ `--help` baseline | goal |")
    print("|---|---|---|---|---|")
    print(f"| `--help` (baseline) | | {baseline:.3f} | 1.0 | ≤ 0.15 |")
    for name, cold, warm in rows:
        first = f"{cold:.2f}" if cold is not None else ""
        print(f"| `{name}` | {first} | {warm:.3f} | {warm / baseline:.1f} | ≤ 1 |")


if __name__ == "__main__":
    main()
