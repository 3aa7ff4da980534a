"""The session report and the progress page: what they show, built from
saved sessions, rendered by Jinja2 and written beside their audio.

Each page is one HTML file that works from a file:// URL with no network:
its CSS, its script and its plots (inline SVG) are inside it. Audio is not
embedded: it is copied into a folder beside the page, ``<name>_files/``.
A 2-minute answer is 3.8 MB of WAV, 5 MB once base64-encoded, and a page
of ten answers would weigh 50 MB and make the browser decode all of it
before showing anything; a file beside the page is read in ranges as the
player seeks. Move the page and its folder together.

Everything the pages show is escaped by Jinja2's autoescape: a transcript or
a custom bank holding ``<script>`` shows as text. The only unescaped markup
is the page's own script and matplotlib's SVG. A Content-Security-Policy
lets only that script run (by its SHA-256) and the page fetch nothing but
local files. Pages and copied audio are owner-only, like the recordings.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from voice_interview.records import paths
from voice_interview.records import store
from voice_interview.analysis.progress import progress as progress_of
from voice_interview.analysis.thresholds import Thresholds
from voice_interview.errors import BadInputError, StorageError
from voice_interview.records.privatefile import private_atomic
from voice_interview.outputs.report import plots
from voice_interview.outputs.report.verdict import follow_ups_context, verdict_context, voice_cards
from voice_interview.records.review import RUBRIC, reviews_for_answer
from voice_interview.records.session import Answer, Session
from voice_interview.records.timefmt import clock

RETAKE_ATTEMPTS_SHOWN = 4  # the first attempt and the latest three
SESSION_ROWS_SHOWN = 50
# Bands the analysis gives, and whether each is where an answer should be.
GOOD_BANDS = {"conversational", "on-target", "few", "prompt"}


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("voice_interview.outputs.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["clock"] = clock
    env.filters["figure"] = figure
    return env


def figure(value: float | None) -> str:
    """A metric value in at most three significant digits."""
    if value is None:
        return "–"
    return f"{value:.0f}" if abs(value) >= 1000 else f"{value:.3g}"


def count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def content_security_policy(script: str | None) -> str:
    scripts = "'none'"
    if script is not None:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
        scripts = f"'sha256-{digest}'"
    return (f"default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; "
            "media-src 'self' file:; img-src 'self' data:; base-uri 'none'; form-action 'none'")


class PageFiles:
    """The folder beside a page, ``<name>_files/``, made when first needed."""

    def __init__(self, page: Path) -> None:
        if not page.parent.is_dir():
            raise BadInputError(f"cannot write {page}: there is no folder {page.parent}")
        self.folder = page.with_name(page.stem + "_files")

    def audio(self, relative: str | None, name: str) -> str | None:
        """Copy a session audio file here; its URL relative to the page, or
        None when the session has none or it is missing."""
        if not relative:
            return None
        source = store.data_path(relative)
        if not source.is_file():
            return None
        try:
            paths.private_dir(self.folder)
            with open(source, "rb") as audio, private_atomic(self.folder / name) as copy:
                shutil.copyfileobj(audio, copy)
        except OSError as exc:
            raise StorageError(f"could not copy audio to {self.folder} ({exc.strerror})") from None
        return f"{quote(self.folder.name)}/{quote(name)}"


def write_page(dest: Path, html: str) -> Path:
    """Write atomically (a reload never sees half a page), owner-only."""
    try:
        with private_atomic(dest, "w") as handle:
            handle.write(html)
    except OSError as exc:
        raise StorageError(f"could not write {dest} ({exc.strerror}); check the folder exists and is writable") from None
    return dest


# --- the session report ------------------------------------------------------

def write_report(session: Session, dest: Path) -> Path:
    """The session report as ``dest`` (HTML) with its audio in
    ``<dest name>_files/``. Answers show their analysis when they have one
    (``voice_interview.analysis.ensure_analysis`` fills it)."""
    dest = Path(dest)
    env = environment()
    script = env.loader.get_source(env, "report.js")[0]
    context = report_context(session, PageFiles(dest))
    html = env.get_template("report.html.j2").render(
        **context, script=Markup(script), csp=content_security_policy(script))
    return write_page(dest, html)


def report_context(session: Session, files: PageFiles) -> dict:
    started = session.started_at.replace("T", " ").replace("+00:00", " UTC")
    reviewers = [r["reviewer"] for r in session.reviews]
    return {
        "session": {
            "id": session.id,
            "started": started,
            "status": session.status,
            "bank_title": session.bank_title,
            "language": session.language,
            "model": session.model or "–",
            "answered": len(session.answered),
            "questions": len(session.question_ids),
            "speaking_time_s": session.speaking_time_s,
            "reviewers": reviewers,
        },
        "rubric": RUBRIC,
        "answers": [answer_context(session, answer, files) for answer in session.answers],
    }


def answer_context(session: Session, answer: Answer, files: PageFiles) -> dict:
    q = answer.question
    analysis = answer.analysis if isinstance(answer.analysis, dict) else {}
    limits = {**Thresholds().as_dict(), **(analysis.get("thresholds") or {})}
    number = f"q{answer.index:02d}"
    transcript = answer.transcript
    words = transcript.words if transcript else []
    duration_s = answer.answer_duration_s
    timeline = None
    if words:
        hesitations = analysis.get("hesitations") or {}
        timeline = plots.timeline(
            words, duration_s or 0.0,
            pause_min_s=limits["pause_min_s"], pause_long_s=limits["pause_long_s"],
            hesitations=(hesitations.get("items") or []) if hesitations.get("available") else [],
            fillers=(analysis.get("fillers") or {}).get("items") or [],
            salt=f"{session.id}-{number}",
        )
    return {
        "index": answer.index,
        "anchor": number,
        "category": q.category_name,
        "number": q.number,
        "text": q.text,
        "behavioural": q.behavioural,
        "suggested_s": q.suggested_answer_s,
        "guidance": [p.strip() for p in q.guidance.split("\n\n") if p.strip()],
        "points": talking_points(q.talking_points, analysis),
        "question_audio": files.audio(answer.question_audio, f"{number}-question.wav"),
        "answer_audio": files.audio(answer.answer_audio, f"{number}-answer.wav"),
        "had_answer_audio": bool(answer.answer_audio),
        "answered": transcript is not None,
        "transcript_text": transcript.text if transcript else "",
        "words": marked_words(words, analysis),
        "timeline": None if timeline is None else {
            "svg": Markup(timeline.svg), "duration_s": round(timeline.duration_s, 3),
            "left": timeline.left, "right": timeline.right,
        },
        "timings": {
            "think_s": answer.think_time_s,
            "latency_s": answer.response_latency_s,
            "duration_s": duration_s,
            "stopped_by": answer.stopped_by or "–",
            "source": answer.answer_source,
            "transcription_s": transcript.transcription_time_s if transcript and answer.answer_audio else None,
        },
        "cards": metric_cards(analysis, limits) + voice_cards(analysis, limits),
        "content": content_lines(analysis),
        "verdict": verdict_context(number, analysis),
        "follow_ups": follow_ups_context(answer, number, analysis, files, marked_words),
        "reviews": [
            {
                "reviewer": review["reviewer"],
                "scores": [review["scores"].get(name) for name in RUBRIC],
                "notes": review.get("notes", ""),
            }
            for review in reviews_for_answer(session, answer.index)
        ],
    }


def talking_points(points: list[dict], analysis: dict) -> list[dict]:
    """Each talking point, ticked or missed when the answer was analysed
    (``covered`` None when it was not), with what was heard for it."""
    found = {p.get("label"): p for p in (analysis.get("talking_points") or {}).get("points") or []}
    shown = []
    for point in points:
        result = found.get(point.get("label"))
        heard = sorted({m.get("text", "") for m in (result or {}).get("matches") or []} - {""})
        shown.append({
            "label": point.get("label", ""),
            "covered": None if result is None else bool(result.get("covered")),
            "heard": heard,
        })
    return shown


def marked_words(words, analysis: dict) -> list[dict]:
    """Transcript words for the page, with fillers, hedges and talking-point
    cues marked (found by their start time: the analysis keeps Whisper's)."""
    below = (analysis.get("thresholds") or {}).get("low_confidence_below", Thresholds().low_confidence_below)
    marks: dict[float, tuple[str, str, int]] = {}
    for point in (analysis.get("talking_points") or {}).get("points") or []:
        for match in point.get("matches") or []:
            if match.get("start_s") is not None:
                span = max(1, len(str(match.get("text", "")).split()))
                marks[round(match["start_s"], 3)] = ("cue", f"talking point: {point.get('label', '')}", span)
    for kind, title in (("hedge", "hedge"), ("filler", "filler word")):
        for item in (analysis.get(kind + "s") or {}).get("items") or []:
            if item.get("start_s") is not None:
                marks[round(item["start_s"], 3)] = (kind, title, max(1, len(str(item.get("text", "")).split())))
    shown = []
    kind, title, left = "", "", 0
    for word in words:
        text = word.word.strip()
        if not text:
            continue
        mark = marks.get(round(word.start_s, 3))
        if mark:
            kind, title, left = mark
        shown.append({
            "text": text,
            "start": round(word.start_s, 3),
            "end": round(word.end_s, 3),
            "kind": kind if left > 0 else "",
            "title": title if left > 0 else "",
            "unsure": word.probability < below,
        })
        left -= 1
    return shown


def _card(title: str, value: str, unit: str, band: str | None, notes: list[str], good: bool | None = None) -> dict:
    if good is None and band is not None:
        good = band in GOOD_BANDS
    return {"title": title, "value": value, "unit": unit, "band": band or "",
            "tone": "" if good is None else ("good" if good else "warn"), "notes": notes}


def metric_cards(analysis: dict, t: dict) -> list[dict]:
    """Pace, pauses, fillers and hesitations, length, latency (and talking
    points, STAR), each with its band and the range the band stands for."""
    cards = []
    pace = analysis.get("pace")
    if pace:
        cards.append(_card(
            "Pace", f"{pace.get('words_per_minute', 0):.0f}", "words / min", pace.get("band"),
            [f"{t['pace_slow_below_wpm']:g}–{t['pace_fast_above_wpm']:g} is conversational",
             f"articulation {pace.get('articulation_words_per_minute', 0):.0f} wpm without pauses"
             + (f" ({pace['articulation_band']})" if pace.get("articulation_band") else "")],
        ))
    pauses = analysis.get("pauses")
    if pauses:
        very_long = pauses.get("over_very_long_count", 0)
        longest = f"longest {pauses.get('longest_s', 0):.1f} s"
        if pauses.get("longest_at_s") is not None:
            longest += f" at {clock(pauses['longest_at_s'])}"
        cards.append(_card(
            "Pauses", str(pauses.get("over_long_count", 0)), f"over {t['pause_long_s']:g} s",
            "none very long" if not very_long else f"{very_long} very long",
            [f"{count(pauses.get('count', 0), 'pause')} of {t['pause_min_s']:g} s or more; {longest}",
             f"very long: over {t['pause_very_long_s']:g} s"],
            good=not very_long,
        ))
    fillers = analysis.get("fillers")
    if fillers:
        notes = [f"{fillers.get('per_100_words', 0):.1f} per 100 words; many above "
                 f"{t['fillers_many_above_per_100_words']:g}"]
        if fillers.get("by_form"):
            notes.append(", ".join(f"“{form}” ×{count}" for form, count in fillers["by_form"].items()))
        hedges = analysis.get("hedges") or {}
        if hedges:
            notes.append(count(hedges.get("count", 0), "hedge")
                         + (": " + ", ".join(f"“{f}” ×{c}" for f, c in hedges["by_form"].items())
                            if hedges.get("by_form") else ""))
        hesitations = analysis.get("hesitations") or {}
        if hesitations.get("available"):
            notes.append(f"{count(hesitations.get('count', 0), 'hesitation')}: voiced sound between words, "
                         "not in the transcript")
        elif hesitations:
            notes.append(f"hesitations not measured: {hesitations.get('reason', 'no audio')}")
        found = fillers.get("count", 0)
        cards.append(_card("Fillers & hesitations", str(found), "filler word" if found == 1 else "filler words",
                           fillers.get("band"), notes))
    length = analysis.get("length") or {}
    if length.get("spoken_s") is not None:
        notes = [count(length.get("words", 0), "word")]
        if length.get("ratio") is not None:
            notes.append(f"suggested {clock(length.get('suggested_s'))}: this is {length['ratio'] * 100:.0f} %")
            notes.append(f"on target: {t['length_short_below_ratio'] * 100:.0f}–"
                         f"{t['length_long_above_ratio'] * 100:.0f} % of the suggestion")
        cards.append(_card("Length", clock(length["spoken_s"]), "min:s spoken", length.get("band"), notes))
    elif length:
        cards.append(_card("Length", str(length.get("words", 0)), "words, typed", None, ["typed answers have no timing"]))
    if pauses and pauses.get("response_latency_s") is not None:
        start = "the end of the question audio" if pauses.get("latency_from") == "question-audio-end" \
            else "the start of recording"
        notes = [f"from {start} to the first word", f"long above {t['latency_long_s']:g} s"]
        if pauses.get("think_time_s"):
            notes.append(f"includes {pauses['think_time_s']:.0f} s of think time, not held against it")
        cards.append(_card("Latency", f"{pauses['response_latency_s']:.1f}", "s to first word",
                           pauses.get("latency_band"), notes))
    points = analysis.get("talking_points") or {}
    if points.get("total"):
        covered, total = points.get("covered", 0), points["total"]
        cards.append(_card("Talking points", f"{covered}/{total}", "covered",
                           "all" if covered == total else f"{total - covered} missed",
                           ["cue words heard in the answer; see the guidance"], good=covered == total))
    star = analysis.get("star")
    if star:
        parts = star.get("parts") or {}
        cards.append(_card("STAR", f"{star.get('found', 0)}/4", "parts heard",
                           "complete" if star.get("found") == 4 else "incomplete",
                           [" · ".join(("✓ " if p.get("found") else "✗ ") + name for name, p in parts.items())],
                           good=star.get("found") == 4))
    return cards


def content_lines(analysis: dict) -> list[tuple[str, str]]:
    lines = []
    if analysis.get("job_terms"):
        lines.append(("Job terms used", ", ".join(f"{j['term']} ×{j['count']}" for j in analysis["job_terms"])))
    if analysis.get("top_words"):
        lines.append(("Most-used words", ", ".join(f"{w['word']} ×{w['count']}" for w in analysis["top_words"])))
    return lines


# --- the progress page --------------------------------------------------------

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
    rows = report["sessions"]
    metrics = report["metrics"]
    plots_shown = []
    for metric in metrics:
        name = metric["name"]
        trend = report["trends"][name]
        points = [(_when(r["session_id"], "%d %b"), r["metrics"][name]) for r in rows]
        has_values = any(v is not None for _, v in points)
        plots_shown.append({
            **metric,
            "trend": trend,
            "svg": Markup(plots.metric_trend(points, band=_good_range(name, limits),
                                             salt=f"trend-{name}")) if has_values else None,
        })
    return {
        "summary": {"sessions": len(rows), "answers": report["answers"],
                    "first": _when(rows[0]["session_id"], "%Y-%m-%d") if rows else "",
                    "latest": _when(rows[-1]["session_id"], "%Y-%m-%d") if rows else ""},
        "metrics": metrics,
        "plots": plots_shown,
        "rows": [{**r, "when": _when(r["session_id"], "%Y-%m-%d %H:%M")} for r in rows[-SESSION_ROWS_SHOWN:]][::-1],
        "rows_hidden": max(0, len(rows) - SESSION_ROWS_SHOWN),
        "retakes": retakes_context(report, sessions, files),
    }


def retakes_context(report: dict, sessions: list[Session], files: PageFiles) -> list[dict]:
    answers: dict[tuple[str, str], list[Answer]] = {}
    for session in sessions:
        for answer in session.answered:
            answers.setdefault((session.id, answer.question.id), []).append(answer)
    labels = {m["name"]: m for m in report["metrics"]}
    shown = []
    for retake in report["retakes"]:
        taken: dict[tuple[str, str], int] = {}
        located = []  # (attempt number, attempt, its answer), in order
        for number, attempt in enumerate(retake["attempts"], 1):
            key = (attempt["session_id"], retake["question_id"])
            nth = taken.get(key, 0)
            taken[key] = nth + 1
            located.append((number, attempt, answers[key][nth]))
        hidden = max(0, len(located) - RETAKE_ATTEMPTS_SHOWN)
        attempts = [
            {
                "number": number,
                "session_id": attempt["session_id"],
                "when": _when(attempt["session_id"], "%Y-%m-%d %H:%M"),
                "metrics": [(labels[name]["label"], value, labels[name]["unit"])
                            for name, value in attempt["metrics"].items() if value is not None],
                "transcript": answer.transcript.text if answer.transcript else "",
                "audio": files.audio(answer.answer_audio, f"{attempt['session_id']}-q{answer.index:02d}-answer.wav"),
            }
            for number, attempt, answer in located[:1] + located[1 + hidden:]
        ]
        shown.append({
            "question_number": retake["question_number"],
            "question": retake["question"],
            "count": len(retake["attempts"]),
            "hidden": hidden,
            "attempts": attempts,
            "changes": [
                {"label": labels[name]["label"], "unit": labels[name]["unit"], **change}
                for name, change in retake["changes"].items()
                if change["then"] is not None and change["now"] is not None
            ],
        })
    return shown
