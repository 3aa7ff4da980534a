"""The session report (and what every page shares): built from a saved
session, rendered by Jinja2 and written beside its audio. Its cards are
cards.py's, its transcript transcript.py's, its verdict verdict.py's; the
progress page is progress_page.py.

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
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from voice_interview.records import paths
from voice_interview.records import store
from voice_interview.analysis.result import read_analysis
from voice_interview.errors import BadInputError, StorageError
from voice_interview.records.privatefile import private_atomic
from voice_interview.outputs.report import plots
from voice_interview.outputs.report.cards import content_lines, metric_cards
from voice_interview.outputs.report.transcript import marked_words, talking_points
from voice_interview.outputs.report.verdict import follow_ups_context, verdict_context
from voice_interview.records.review import RUBRIC, reviews, reviews_for_answer
from voice_interview.records.session import Answer, Session
from voice_interview.records.timefmt import clock



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
    reviewers = [r.reviewer for r in reviews(session)]
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
    analysis = read_analysis(answer.analysis)
    limits = analysis.limits
    number = f"q{answer.index:02d}"
    transcript = answer.transcript
    words = transcript.words if transcript else []
    duration_s = answer.answer_duration_s
    timeline = None
    if words:
        hesitations = analysis.hesitations
        timeline = plots.timeline(
            words, duration_s or 0.0,
            pause_min_s=limits.pause_min_s, pause_long_s=limits.pause_long_s,
            hesitations=(hesitations.items or []) if hesitations and hesitations.available else [],
            fillers=analysis.fillers.items if analysis.fillers else [],
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
        "cards": metric_cards(analysis),
        "content": content_lines(analysis),
        "verdict": verdict_context(number, analysis),
        "follow_ups": follow_ups_context(answer, number, analysis, files),
        "reviews": [
            {
                "reviewer": review.reviewer,
                "scores": [review.scores.get(name) for name in RUBRIC],
                "notes": review.notes,
            }
            for review in reviews_for_answer(session, answer.index)
        ],
    }


