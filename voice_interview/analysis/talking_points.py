"""Which of the question's talking points an answer covered.

A talking point is covered when at least one of its cue words or phrases
occurs in the answer (``talking_point_min_cues`` sets how many distinct
cues are needed). Cues match on stems, so "learned" matches the cue
"learn"; multi-word cues match word by word ("for example"), stepping over
"um" and "uh"; in Norwegian a word also matches by its start, for
inflections and compounds ("kampanjeresultatene" for "kampanje").
"""

from __future__ import annotations

from voice_interview.analysis.fillers import PURE_FILLERS
from voice_interview.analysis.tokens import PhraseMatcher, Token, span_text


def talking_points(
    tokens: list[Token], points: list[dict], language: str, min_cues: int = 1
) -> dict:
    skip = PURE_FILLERS.get(language, PURE_FILLERS["en"])
    results = []
    for point in points:
        matches = PhraseMatcher(point.get("cues", []), language).find_all(tokens, skip=skip)
        cues_found = {m.phrase for m in matches}
        results.append(
            {
                "label": point.get("label", ""),
                "covered": len(cues_found) >= max(1, min_cues),
                "matches": [
                    {"cue": m.phrase, "text": span_text(tokens, m.first, m.last), "start_s": tokens[m.first].start_s}
                    for m in matches
                ],
            }
        )
    return {
        "covered": sum(1 for r in results if r["covered"]),
        "total": len(results),
        "points": results,
    }
