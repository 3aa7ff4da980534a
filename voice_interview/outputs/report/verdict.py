"""The report's verdict on an answer and its follow-ups: the same feedback
``show`` prints (``voice_interview.analysis.feedback``), with every quote a
button that plays the recording from the quoted words.

A quote names the transcript panel it seeks in (``target``): the answer's
(``q01-answer``) or a follow-up's (``q01-follow-up1``); report.js plays that
panel's audio from ``start``.
"""

from __future__ import annotations

from voice_interview.analysis.content import PointResult, TalkingPoints
from voice_interview.analysis.result import AnswerAnalysis
from voice_interview.outputs.report.transcript import marked_words


def panel_id(anchor: str, where: str) -> str:
    """"q01-answer" for the answer, "q01-follow-up1" for follow-up 1."""
    return f"{anchor}-answer" if where == "answer" else f"{anchor}-{where.replace(' ', '')}"


def _quote(anchor: str, text: str, item, where: str | None = None, unsure: bool = False) -> dict:
    where = where or item.where
    return {"text": text, "start": item.start_s, "target": panel_id(anchor, where), "where": where,
            "unsure": unsure}


def verdict_context(anchor: str, a: AnswerAnalysis) -> dict | None:
    feedback = a.feedback
    if not feedback:
        return None
    return {
        "covered": [
            {"label": c.label, "when_asked": bool(c.only_when_asked),
             "quotes": [_quote(anchor, q.quote or q.text, q, unsure=not q.sure) for q in c.quotes[:3]]}
            for c in feedback.covered
        ],
        "unclear": [
            {"label": c.label, "quotes": [_quote(anchor, q.text, q, unsure=not q.sure) for q in c.quotes[:3]]}
            for c in feedback.unclear
        ],
        "missed": [{"label": m.label, "asks": m.asks, "probe": m.probe} for m in feedback.missed],
        "star": None if not a.star else [
            {"part": name, "found": part.found, "quotes": [_quote(anchor, p.text, p) for p in part.phrases[:2]]}
            for name, part in a.star.parts.items()
        ],
        "specific_count": a.specificity.count if a.specificity else 0,
        "specific": [
            {"kind": kind, "count": len(items), "quotes": [_quote(anchor, i.text, i) for i in items[:6]]}
            for kind, items in (a.specificity.kinds if a.specificity else {}).items()
        ],
        "try_next": feedback.try_next,
    }


def follow_ups_context(answer, anchor: str, a: AnswerAnalysis, files) -> list[dict]:
    """Each follow-up for the page: probe, audio, words, and its verdict."""
    analysed = {f.number: f for f in a.follow_ups}
    shown = []
    for number, follow_up in enumerate(answer.follow_ups, 1):
        name = f"{anchor}-follow-up{number}"
        result = analysed.get(number)
        matches = result.matches if result else []
        where = result.where if result else "answer"
        words = follow_up.transcript.words if follow_up.transcript else []
        probed = AnswerAnalysis(thresholds=a.thresholds, talking_points=TalkingPoints(
            points=[PointResult(label=follow_up.point, matches=matches)]))
        shown.append({
            "id": name,
            "point": follow_up.point,
            "text": follow_up.text,
            "question_audio": files.audio(follow_up.question_audio, f"{name}-question.wav"),
            "answer_audio": files.audio(follow_up.answer_audio, f"{name}-answer.wav"),
            "answered": follow_up.transcript is not None,
            "transcript_text": follow_up.transcript.text if follow_up.transcript else "",
            "words": marked_words(words, probed),
            "status": result.status if result else None,
            "quotes": [
                _quote(anchor, (m.quote if m.sure else m.text) or m.text, m, where, unsure=not m.sure)
                for m in matches[:3]
            ],
        })
    return shown
