"""Which of the question's talking points an answer covered.

A talking point is covered when at least one of its cue words or phrases
occurs in the answer (``talking_point_min_cues`` sets how many distinct
cues are needed). Cues match on stems, so "learned" matches the cue
"learn"; multi-word cues match word by word ("for example"), stepping over
"um" and "uh"; in Norwegian a word also matches by its start, for
inflections and compounds ("kampanjeresultatene" for "kampanje").

A cue heard with low confidence (a word Whisper gave a probability below
``low_confidence_below``) does not count as covering the point, and does
not count as missing it either: a point whose only matches are such words
is "unclear".
"""

from __future__ import annotations

from voice_interview.analysis.fillers import PURE_FILLERS
from voice_interview.analysis.tokens import PhraseMatcher, Token, quote, span_text


def talking_points(
    tokens: list[Token], points: list[dict], language: str, min_cues: int = 1, low_confidence_below: float = 0.0
) -> dict:
    skip = PURE_FILLERS.get(language, PURE_FILLERS["en"])
    results = []
    for point in points:
        matches = []
        for m in PhraseMatcher(point.get("cues", []), language).find_all(tokens, skip=skip):
            probability = min(t.probability for t in tokens[m.first : m.last + 1])
            matches.append({
                "cue": m.phrase,
                "text": span_text(tokens, m.first, m.last),
                "quote": quote(tokens, m.first, m.last),
                "start_s": tokens[m.first].start_s,
                "end_s": tokens[m.last].end_s,
                "probability": round(probability, 3),
                "sure": probability >= low_confidence_below,
            })
        needed = max(1, min_cues)
        sure = {m["cue"] for m in matches if m["sure"]}
        heard = {m["cue"] for m in matches}
        covered = len(sure) >= needed
        status = "covered" if covered else ("unclear" if len(heard) >= needed else "missed")
        results.append({"label": point.get("label", ""), "covered": covered, "status": status, "matches": matches})
    return {
        "covered": sum(1 for r in results if r["covered"]),
        "unclear": sum(1 for r in results if r["status"] == "unclear"),
        "total": len(results),
        "points": results,
    }
