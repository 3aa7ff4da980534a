"""What a saved session looks like to a reader: the terminal view of
``show``, and the JSON that ``show --json`` and exports share."""

from __future__ import annotations

import textwrap
from itertools import zip_longest

from voice_interview.review import RUBRIC, reviews_for_answer
from voice_interview.session import Answer, Session

COLUMN = 38
LINE_WIDTH = 79  # an 80-column terminal, with the last column free
RULE = "━"


def fmt_s(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} s"


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


def answer_lines(session: Session, answer: Answer, analysis_lines=None) -> list[str]:
    q = answer.question
    total = len(session.question_ids)
    title = f"{RULE * 2} Question {answer.index}/{total} · {q.category_name} · #{q.number} "
    lines = [title[:LINE_WIDTH] + RULE * max(0, LINE_WIDTH - len(title))]
    lines += textwrap.wrap(q.text, LINE_WIDTH)
    t = timings(answer)
    lines += textwrap.wrap(
        f"think {fmt_s(t['think_time_s'])} · latency {fmt_s(t['response_latency_s'])} · "
        f"answer {fmt_s(t['answer_duration_s'])} ({t['stopped_by'] or '—'})"
        + (f" · transcribed in {t['transcription_time_s']:.2f} s" if answer.answer_audio and answer.transcript else ""),
        LINE_WIDTH,
    )
    if answer.attempts:
        earlier = len(answer.attempts)
        lines.append(f"take {earlier + 1} ({earlier} earlier take{'s' if earlier > 1 else ''} kept)")
    lines.append("")
    transcript = answer.transcript.text if answer.transcript else "(not answered)"
    points = "Talking points: " + "; ".join(p["label"] for p in q.talking_points)
    lines += two_columns("TRANSCRIPT", transcript or "(no speech heard)", "WHAT TO LISTEN FOR",
                         q.guidance + "\n\n" + points)
    if analysis_lines:
        lines.append("")
        lines += analysis_lines
    for review in reviews_for_answer(session, answer.index):
        lines.append("")
        scores = " · ".join(f"{name} {review['scores'][name]}" for name in RUBRIC if name in review["scores"])
        lines.append(f"Coach {review['reviewer']}: {scores or 'no scores'}")
        if review.get("notes"):
            lines += textwrap.wrap(review["notes"], 77, initial_indent="  ", subsequent_indent="  ")
    return lines
