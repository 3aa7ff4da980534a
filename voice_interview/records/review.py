"""Coach reviews: rubric scores (1–5) and notes per answer, several
reviewers kept apart, stored inside the session record as

    {"reviewer": "ana", "created_at": ..., "updated_at": ...,
     "answers": {"1": {"scores": {"structure": 4}, "notes": "..."}}}

(``Review.from_json`` / ``to_json``; the record keeps that dict)."""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass
class AnswerReview:
    """One reviewer's scores (rubric name → 1..5, only those given) and
    notes for one answer."""

    reviewer: str
    scores: dict[str, int] = field(default_factory=dict)
    notes: str = ""

    def rubric_scores(self) -> list[tuple[str, int]]:
        """(name, score) in the rubric's order, for the scores given."""
        return [(name, self.scores[name]) for name in RUBRIC if name in self.scores]


@dataclass
class Review:
    """A reviewer's review of a session: an entry per answer, by its place
    in the session ("1", "2", ... as JSON keys)."""

    reviewer: str
    created_at: str
    updated_at: str
    answers: dict[str, AnswerReview] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Review":
        reviewer = data["reviewer"]
        answers = {index: AnswerReview(reviewer, dict(entry.get("scores", {})), entry.get("notes", ""))
                   for index, entry in data["answers"].items()}
        return cls(reviewer, data.get("created_at", ""), data.get("updated_at", ""), answers)

    def to_json(self) -> dict[str, Any]:
        return {"reviewer": self.reviewer, "created_at": self.created_at, "updated_at": self.updated_at,
                "answers": {index: {"scores": dict(entry.scores), "notes": entry.notes}
                            for index, entry in self.answers.items()}}


def find_review(session: Session, reviewer: str) -> dict[str, Any] | None:
    return next((r for r in session.reviews if r["reviewer"] == reviewer), None)


def reviews(session: Session) -> list[Review]:
    return [Review.from_json(review) for review in session.reviews]


def reviews_for_answer(session: Session, index: int) -> list[AnswerReview]:
    """Every reviewer's review of the ``index``-th answer, in review order."""
    return [review.answers[str(index)] for review in reviews(session) if str(index) in review.answers]


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
    stored = find_review(session, reviewer)
    now = utc_now_iso()
    review = Review.from_json(stored) if stored else Review(reviewer, created_at=now, updated_at=now)
    review.updated_at = now
    review.answers[str(index)] = AnswerReview(reviewer, dict(scores), notes.strip())
    if stored is None:
        session.reviews.append(review.to_json())
    else:
        session.reviews[session.reviews.index(stored)] = review.to_json()


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
