"""Coach reviews: rubric scores (1–5) and notes per answer, several
reviewers kept apart, stored inside the session record."""

from __future__ import annotations

from typing import Any

from voice_interview.errors import BadInputError
from voice_interview.records.session import Session, utc_now_iso

RUBRIC = {
    "structure": "a clear beginning, middle and end (STAR for stories)",
    "relevance": "answers the question; covers what the guidance listens for",
    "specificity": "concrete examples, numbers, evidence",
    "delivery": "pace, pauses, fillers, confidence",
}
SCORE_RANGE = range(1, 6)


def find_review(session: Session, reviewer: str) -> dict[str, Any] | None:
    return next((r for r in session.reviews if r["reviewer"] == reviewer), None)


def reviews_for_answer(session: Session, index: int) -> list[dict[str, Any]]:
    found = []
    for review in session.reviews:
        entry = review["answers"].get(str(index))
        if entry:
            found.append({"reviewer": review["reviewer"], **entry})
    return found


def set_answer_review(
    session: Session, reviewer: str, index: int, scores: dict[str, int], notes: str
) -> None:
    reviewer = reviewer.strip()
    if not reviewer:
        raise BadInputError("a reviewer needs a name: pass --reviewer NAME")
    if not any(a.index == index for a in session.answers):
        raise BadInputError(f"session {session.id} has no answer {index}")
    for name, value in scores.items():
        if name not in RUBRIC:
            raise BadInputError(f"unknown rubric score {name!r}: use {', '.join(RUBRIC)}")
        if not isinstance(value, int) or isinstance(value, bool) or value not in SCORE_RANGE:
            raise BadInputError(f"score {name} for answer {index} must be a whole number from 1 to 5")
    review = find_review(session, reviewer)
    now = utc_now_iso()
    if review is None:
        review = {"reviewer": reviewer, "created_at": now, "updated_at": now, "answers": {}}
        session.reviews.append(review)
    review["updated_at"] = now
    review["answers"][str(index)] = {"scores": dict(scores), "notes": notes.strip()}


def apply_scores(session: Session, reviewer: str, data: Any) -> int:
    """Apply scripted scores: ``{"answers": [{"question": 1, "scores": {...},
    "notes": "..."}]}``. Returns how many answers were reviewed."""
    if not isinstance(data, dict) or not isinstance(data.get("answers"), list):
        raise BadInputError('review scores must be JSON like {"answers": [{"question": 1, "scores": {...}}]}')
    reviewer = data.get("reviewer") or reviewer
    for item in data["answers"]:
        if not isinstance(item, dict) or not isinstance(item.get("question"), int):
            raise BadInputError('each reviewed answer needs "question": N (the question\'s place in the session)')
        scores = item.get("scores", {})
        if not isinstance(scores, dict):
            raise BadInputError(f'"scores" of answer {item["question"]} must be an object')
        notes = item.get("notes", "")
        if not isinstance(notes, str):
            raise BadInputError(f'"notes" of answer {item["question"]} must be text')
        set_answer_review(session, reviewer, item["question"], scores, notes)
    return len(data["answers"])
