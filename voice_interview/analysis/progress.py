"""Progress across sessions, from their saved analyses: each metric per
session and its trend from the first session to the latest, and for a
question answered in more than one session (a retake), the first attempt
against the latest. Pure: it reads the fields of typed analyses, nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from voice_interview.analysis.progress_report import ProgressReport
from voice_interview.analysis.result import AnswerAnalysis, read_analysis
from voice_interview.analysis.thresholds import Thresholds


@dataclass(frozen=True)
class Metric:
    name: str
    label: str
    unit: str
    goal: str  # lower | higher | pace-band | length-band
    steady_within: float  # a change smaller than this is "steady"
    read: Callable[[AnswerAnalysis], float | None]


def _float(value) -> float | None:
    return None if value is None else float(value)


def _points_percent(a: AnswerAnalysis) -> float | None:
    return a.talking_points.percent_covered if a.talking_points else None


def _hesitations(a: AnswerAnalysis) -> float | None:
    found = a.hesitations
    return found.per_minute if found and found.available else None


METRICS = (
    Metric("words_per_minute", "Pace", "wpm", "pace-band", 5.0,
           lambda a: _float(a.pace.words_per_minute) if a.pace else None),
    Metric("long_pauses", "Long pauses", "per answer", "lower", 0.2,
           lambda a: _float(a.pauses.over_long_count) if a.pauses else None),
    Metric("response_latency_s", "Latency", "s", "lower", 0.3,
           lambda a: _float(a.pauses.response_latency_s) if a.pauses else None),
    Metric("length_ratio", "Length", "x suggested", "length-band", 0.05,
           lambda a: _float(a.length.ratio) if a.length else None),
    Metric("fillers_per_100_words", "Fillers", "per 100 words", "lower", 0.5,
           lambda a: _float(a.fillers.per_100_words) if a.fillers else None),
    Metric("hedges_per_100_words", "Hedges", "per 100 words", "lower", 0.5,
           lambda a: _float(a.hedges.per_100_words) if a.hedges else None),
    Metric("hesitations_per_minute", "Hesitations", "per minute", "lower", 0.5, _hesitations),
    Metric("talking_points_percent", "Talking points", "% covered", "higher", 5.0, _points_percent),
    Metric("star_parts", "STAR parts", "of 4", "higher", 0.25, lambda a: _float(a.star.found) if a.star else None),
)


def answer_metrics(analysis) -> dict[str, float | None]:
    """Each metric of one answer's analysis (a saved dict or typed)."""
    typed = read_analysis(analysis) if analysis else None
    return {m.name: (m.read(typed) if typed else None) for m in METRICS}


def _mean(values) -> float | None:
    present = [v for v in values if v is not None]
    return round(sum(present) / len(present), 2) if present else None


def _distance(value: float, low: float, high: float) -> float:
    return max(low - value, 0.0, value - high)


def direction(metric: Metric, then: float | None, now: float | None, limits: Thresholds) -> str | None:
    """better | worse | steady, judged by the metric's goal."""
    if then is None or now is None:
        return None
    if abs(now - then) < metric.steady_within:
        return "steady"
    if metric.goal == "pace-band":
        then, now = (-_distance(v, limits.pace_slow_below_wpm, limits.pace_fast_above_wpm) for v in (then, now))
    elif metric.goal == "length-band":
        low, high = limits.length_short_below_ratio, limits.length_long_above_ratio
        then, now = (-_distance(v, low, high) for v in (then, now))
    elif metric.goal == "lower":
        then, now = -then, -now
    if now == then:
        return "steady"
    return "better" if now > then else "worse"


def _change(metric: Metric, then, now, limits: Thresholds) -> dict:
    change = round(now - then, 2) if then is not None and now is not None else None
    return {"then": then, "now": now, "change": change, "direction": direction(metric, then, now, limits)}


# The shape of a progress entry; part of the progress index's version.
ENTRY_FORMAT = 2


def progress_entry(session) -> dict:
    """What progress needs of one analysed session: small enough to cache
    in the sessions' progress index, with the session's means worked out
    (over 10,000 sessions, averaging on every run cost ~0.3 s)."""
    answers = [
        {
            "question_id": answer.question.id,
            "question_number": answer.question.number,
            "question": answer.question.text,
            "metrics": answer_metrics(answer.analysis),
        }
        for answer in session.answered
    ]
    return {
        "session_id": session.id,
        "started_at": session.started_at,
        "language": session.language,
        "answers": answers,
        "metrics": {m.name: _mean(a["metrics"][m.name] for a in answers) for m in METRICS},
    }


def progress(sessions, limits: Thresholds | None = None) -> ProgressReport:
    """Sessions (with analyses) in any order → per-session figures, each
    metric's trend, and retakes of the same question."""
    return progress_from_entries([progress_entry(s) for s in sessions], limits)


def progress_from_entries(entries, limits: Thresholds | None = None) -> ProgressReport:
    """The same, from ``progress_entry`` dicts."""
    limits = limits or Thresholds()
    ordered = sorted(entries, key=lambda e: (e["started_at"] or "", e["session_id"]))
    rows, attempts, latest_asked = [], {}, {}
    for entry in ordered:
        for answer in entry["answers"]:
            # The question's number and text are the retake's, not repeated in each attempt.
            attempts.setdefault(answer["question_id"], []).append({
                "session_id": entry["session_id"],
                "started_at": entry["started_at"],
                "metrics": answer["metrics"],
            })
            latest_asked[answer["question_id"]] = answer
        if entry["answers"]:
            rows.append({
                "session_id": entry["session_id"],
                "started_at": entry["started_at"],
                "language": entry["language"],
                "answers": len(entry["answers"]),
                "metrics": entry["metrics"],
            })
    trends = {}
    for metric in METRICS:
        series = [value for value in (r["metrics"][metric.name] for r in rows) if value is not None]
        first = series[0] if series else None
        latest = series[-1] if series else None
        trends[metric.name] = {
            "label": metric.label,
            "unit": metric.unit,
            "sessions": len(series),
            **_change(metric, first, latest, limits),
        }
    retakes = []
    for question_id, tries in attempts.items():
        if len({t["session_id"] for t in tries}) < 2:
            continue
        first, latest = tries[0], tries[-1]
        retakes.append({
            "question_id": question_id,
            "question_number": latest_asked[question_id]["question_number"],
            "question": latest_asked[question_id]["question"],
            "attempts": tries,
            "changes": {
                m.name: _change(m, first["metrics"][m.name], latest["metrics"][m.name], limits) for m in METRICS
            },
        })
    retakes.sort(key=lambda r: (-len(r["attempts"]), r["question_number"]))
    return ProgressReport.from_json({
        "sessions": rows,
        "answers": sum(r["answers"] for r in rows),
        "trends": trends,
        "retakes": retakes,
        "metrics": [{"name": m.name, "label": m.label, "unit": m.unit, "goal": m.goal} for m in METRICS],
    })
