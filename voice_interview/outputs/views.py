"""What a saved session looks like to a reader: the terminal view of
``show``, and the JSON that ``show --json`` and exports share."""

from __future__ import annotations

import os
import textwrap
from itertools import zip_longest

import click

from voice_interview.records.review import reviews_for_answer
from voice_interview.records.session import Answer, Session
from voice_interview.records.timefmt import seconds_text

COLUMN = 38
LINE_WIDTH = 79  # an 80-column terminal, with the last column free
RULE = "━"


def timings(answer: Answer) -> dict:
    transcript = answer.transcript
    return {
        "think_time_s": answer.think_time_s,
        "response_latency_s": answer.response_latency_s,
        "answer_duration_s": answer.answer_duration_s,
        "stopped_by": answer.stopped_by,
        "transcription_time_s": transcript.transcription_time_s if transcript else None,
    }


def session_json(session: Session) -> dict:
    data = session.to_dict()
    for answer, answer_data in zip(session.answers, data["answers"]):
        answer_data["timings"] = timings(answer)
    return data


def header_lines(session: Session) -> list[str]:
    started = session.started_at.replace("T", " ").replace("+00:00", " UTC")
    return textwrap.wrap(f"Session {session.id} · {started} · {session.status}", LINE_WIDTH) + textwrap.wrap(
        f"{session.bank_title} ({session.language}) · model {session.model or '—'} · "
        f"{len(session.answered)} of {len(session.question_ids)} answered · "
        f"{session.speaking_time_s:.1f} s of speech",
        LINE_WIDTH,
    )


def two_columns(left_title: str, left: str, right_title: str, right: str, width: int = COLUMN) -> list[str]:
    def column(text: str) -> list[str]:
        lines: list[str] = []
        for paragraph in [p for p in text.split("\n\n") if p.strip()]:
            if lines:
                lines.append("")
            lines.extend(textwrap.wrap(" ".join(paragraph.split()), width) or [""])
        return lines

    rows = [f"{left_title:<{width}} │ {right_title}"]
    for a, b in zip_longest(column(left), column(right), fillvalue=""):
        rows.append(f"{a:<{width}} │ {b}".rstrip())
    return rows


FALLBACK_NOTES = {  # Transcript.live_fallback: why finish() read the finished file
    "rest-of-file": "the end came from the file, the live reader had fallen behind",
    "whole-file": "the live transcript failed, the whole file was transcribed",
}


def _fallback_note(transcript) -> str:
    fallback = transcript.live_fallback if transcript else None
    return f" ({FALLBACK_NOTES.get(fallback, fallback)})" if fallback else ""


def answer_lines(session: Session, answer: Answer, analysis_lines=None) -> list[str]:
    q = answer.question
    total = len(session.question_ids)
    title = f"{RULE * 2} Question {answer.index}/{total} · {q.category_name} · #{q.number} "
    lines = [title[:LINE_WIDTH] + RULE * max(0, LINE_WIDTH - len(title))]
    lines += textwrap.wrap(q.text, LINE_WIDTH)
    t = timings(answer)
    lines += textwrap.wrap(
        f"think {seconds_text(t['think_time_s'])} · latency {seconds_text(t['response_latency_s'])} · "
        f"answer {seconds_text(t['answer_duration_s'])} ({t['stopped_by'] or '—'})"
        + (f" · transcribed in {t['transcription_time_s']:.2f} s" if answer.answer_audio and answer.transcript else "")
        + _fallback_note(answer.transcript),
        LINE_WIDTH,
    )
    if answer.attempts:
        earlier = len(answer.attempts)
        lines.append(f"take {earlier + 1} ({earlier} earlier take{'s' if earlier > 1 else ''} kept)")
    lines.append("")
    transcript = answer.transcript.text if answer.transcript else "(not answered)"
    points = "Talking points: " + "; ".join(p["label"] for p in q.talking_points)
    columns = two_columns("TRANSCRIPT", transcript or "(no speech heard)", "WHAT TO LISTEN FOR",
                          q.guidance + "\n\n" + points)
    lines += dim_unsure(columns, answer.transcript, _unsure_below(answer))
    if analysis_lines:
        lines.append("")
        lines += analysis_lines
    lines += follow_up_lines(answer)
    for review in reviews_for_answer(session, answer.index):
        lines.append("")
        scores = " · ".join(f"{name} {score}" for name, score in review.rubric_scores())
        lines.append(f"Coach {review.reviewer}: {scores or 'no scores'}")
        if review.notes:
            lines += textwrap.wrap(review.notes, 77, initial_indent="  ", subsequent_indent="  ")
    return lines


def follow_up_lines(answer: Answer) -> list[str]:
    """Each follow-up under its question: the probe, the answer, and what
    the answer showed for the point it probed."""
    from voice_interview.analysis.render import follow_up_verdict
    from voice_interview.analysis.result import read_analysis

    analysed = {f.number: f for f in read_analysis(answer.analysis).follow_ups}
    lines: list[str] = []
    for number, follow_up in enumerate(answer.follow_ups, 1):
        lines += ["", f"Follow-up {number} · {follow_up.point}"]
        lines += textwrap.wrap(follow_up.text, 77, initial_indent="  Q: ", subsequent_indent="     ")
        said = follow_up.transcript.text if follow_up.transcript else "(not answered)"
        said_lines = textwrap.wrap(said or "(no speech heard)", 77, initial_indent="  A: ", subsequent_indent="     ")
        lines += dim_unsure(said_lines, follow_up.transcript, _unsure_below(answer))
        if follow_up.answer_duration_s is not None:
            lines.append(f"     {follow_up.answer_duration_s:.1f} s ({follow_up.stopped_by or '—'})")
        verdict = follow_up_verdict(analysed[number]) if number in analysed else None
        if verdict:
            lines += textwrap.wrap(verdict, 77, initial_indent="  ", subsequent_indent="    ")
    return lines


def color_choice() -> bool | None:
    """False when NO_COLOR is set (https://no-color.org); otherwise None,
    which lets click colour a terminal and strip colour from a pipe."""
    return False if os.environ.get("NO_COLOR") else None


def _unsure_below(answer: Answer) -> float:
    from voice_interview.analysis.result import read_analysis

    return float(read_analysis(answer.analysis).limits.low_confidence_below)


def dim_unsure(lines: list[str], transcript, below: float) -> list[str]:
    """``lines`` (a wrapped transcript, maybe the left of two columns) with
    the words Whisper was unsure of dimmed. Words are found in order, so a
    repeated word is dimmed only where it was unsure."""
    words = [w for w in (transcript.words if transcript else []) if w.word.strip()]
    if not any(w.probability < below for w in words):
        return lines
    forms = [w.word.strip() for w in words]
    at = 0
    shown = []
    for line in lines:
        left, bar, right = line.partition(" │ ")
        chunks = left.split(" ")
        for n, chunk in enumerate(chunks):
            ahead = forms[at : at + 3]
            if chunk and chunk in ahead:
                at += ahead.index(chunk)
                if words[at].probability < below:
                    chunks[n] = click.style(chunk, dim=True)
                at += 1
        shown.append(" ".join(chunks) + bar + right)
    return shown
