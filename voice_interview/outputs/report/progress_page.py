"""The progress page: each metric plotted across sessions, the sessions'
figures, and retakes of the same question side by side with their audio
(``voice-interview progress -o``)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from markupsafe import Markup

from voice_interview.analysis.progress import progress as progress_of
from voice_interview.analysis.progress_report import ProgressReport
from voice_interview.analysis.thresholds import Thresholds
from voice_interview.outputs.report import plots
from voice_interview.outputs.report.page import PageFiles, content_security_policy, environment, write_page
from voice_interview.records.session import Answer, Session

RETAKE_ATTEMPTS_SHOWN = 4  # the first attempt and the latest three
SESSION_ROWS_SHOWN = 50


# The range counted as good for a metric, from the thresholds, for shading.
def _good_range(name: str, limits: Thresholds) -> tuple[float, float] | None:
    return {
        "words_per_minute": (limits.pace_slow_below_wpm, limits.pace_fast_above_wpm),
        "length_ratio": (limits.length_short_below_ratio, limits.length_long_above_ratio),
        "response_latency_s": (0.0, limits.latency_long_s),
        "fillers_per_100_words": (0.0, limits.fillers_many_above_per_100_words),
    }.get(name)


def _when(session_id: str, pattern: str) -> str:
    return datetime.strptime(session_id[:15], "%Y%m%d-%H%M%S").strftime(pattern)


def write_progress_page(dest: Path, sessions: list[Session], limits: Thresholds | None = None) -> Path:
    """The progress page as ``dest``: each metric plotted across
    ``sessions`` (analysed, as ``voice-interview progress`` loads them) and
    retakes of the same question side by side, their audio in
    ``<dest name>_files/``."""
    dest = Path(dest)
    limits = limits or Thresholds()
    context = progress_context(sessions, limits, PageFiles(dest))
    html = environment().get_template("progress.html.j2").render(**context, csp=content_security_policy(None))
    return write_page(dest, html)


def progress_context(sessions: list[Session], limits: Thresholds, files: PageFiles) -> dict:
    report = progress_of(sessions, limits)
    rows = report.sessions
    metrics = [m.to_json() for m in report.metrics]
    plots_shown = []
    for metric in metrics:
        name = metric["name"]
        trend = report.trends[name].to_json()
        points = [(_when(r.session_id, "%d %b"), r.metrics[name]) for r in rows]
        has_values = any(v is not None for _, v in points)
        plots_shown.append({
            **metric,
            "trend": trend,
            "svg": Markup(plots.metric_trend(points, band=_good_range(name, limits),
                                             salt=f"trend-{name}")) if has_values else None,
        })
    return {
        "summary": {"sessions": len(rows), "answers": report.answers,
                    "first": _when(rows[0].session_id, "%Y-%m-%d") if rows else "",
                    "latest": _when(rows[-1].session_id, "%Y-%m-%d") if rows else ""},
        "metrics": metrics,
        "plots": plots_shown,
        "rows": [{**r.to_json(), "when": _when(r.session_id, "%Y-%m-%d %H:%M")} for r in rows[-SESSION_ROWS_SHOWN:]][::-1],
        "rows_hidden": max(0, len(rows) - SESSION_ROWS_SHOWN),
        "retakes": retakes_context(report, sessions, files),
    }


def retakes_context(report: ProgressReport, sessions: list[Session], files: PageFiles) -> list[dict]:
    answers: dict[tuple[str, str], list[Answer]] = {}
    for session in sessions:
        for answer in session.answered:
            answers.setdefault((session.id, answer.question.id), []).append(answer)
    labels = {m.name: m for m in report.metrics}
    shown = []
    for retake in report.retakes:
        taken: dict[tuple[str, str], int] = {}
        located = []  # (attempt number, attempt, its answer), in order
        for number, attempt in enumerate(retake.attempts, 1):
            key = (attempt.session_id, retake.question_id)
            nth = taken.get(key, 0)
            taken[key] = nth + 1
            located.append((number, attempt, answers[key][nth]))
        hidden = max(0, len(located) - RETAKE_ATTEMPTS_SHOWN)
        attempts = [
            {
                "number": number,
                "session_id": attempt.session_id,
                "when": _when(attempt.session_id, "%Y-%m-%d %H:%M"),
                "metrics": [(labels[name].label, value, labels[name].unit)
                            for name, value in attempt.metrics.items() if value is not None],
                "transcript": answer.transcript.text if answer.transcript else "",
                "audio": files.audio(answer.answer_audio, f"{attempt.session_id}-q{answer.index:02d}-answer.wav"),
            }
            for number, attempt, answer in located[:1] + located[1 + hidden:]
        ]
        shown.append({
            "question_number": retake.question_number,
            "question": retake.question,
            "count": len(retake.attempts),
            "hidden": hidden,
            "attempts": attempts,
            "changes": [
                {"label": labels[name].label, "unit": labels[name].unit, **change.to_json()}
                for name, change in retake.changes.items()
                if change.measured
            ],
        })
    return shown
