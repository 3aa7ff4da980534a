"""An answer's transcript and talking points as the report shows them:
each word marked as a filler, a hedge or a talking point's cue, and each
point ticked or missed with what was heard for it."""

from __future__ import annotations

from voice_interview.analysis.result import AnswerAnalysis


def talking_points(points: list[dict], a: AnswerAnalysis) -> list[dict]:
    """Each talking point, ticked or missed when the answer was analysed
    (``covered`` None when it was not), with what was heard for it."""
    found = {p.label: p for p in (a.talking_points.points if a.talking_points else [])}
    shown = []
    for point in points:
        result = found.get(point.get("label"))
        heard = sorted({m.text for m in (result.matches if result else [])} - {""})
        shown.append({
            "label": point.get("label", ""),
            "covered": None if result is None else bool(result.covered),
            "heard": heard,
        })
    return shown


def _span(text: str) -> int:
    return max(1, len(str(text).split()))


def marked_words(words, a: AnswerAnalysis) -> list[dict]:
    """Transcript words for the page, with fillers, hedges and talking-point
    cues marked (found by their start time: the analysis keeps Whisper's)."""
    below = a.limits.low_confidence_below
    marks: dict[float, tuple[str, str, int]] = {}
    for point in a.talking_points.points if a.talking_points else []:
        for match in point.matches:
            if match.start_s is not None:
                marks[round(match.start_s, 3)] = ("cue", f"talking point: {point.label}", _span(match.text))
    for kind, title, found in (("hedge", "hedge", a.hedges), ("filler", "filler word", a.fillers)):
        for item in found.items if found else []:
            if item.start_s is not None:
                marks[round(item.start_s, 3)] = (kind, title, _span(item.text))
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
