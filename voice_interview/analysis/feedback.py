"""A written verdict on one answer that a candidate can check: every claim
comes with the words behind it.

- each covered talking point with the quoted words that showed it (and
  their time in the answer audio, or in a follow-up's);
- each unclear point (its cue heard only in words Whisper was unsure of);
- each missed point with the sentence of the guidance that asks for it;
- "try next time": one or two lines derived from the guidance and from what
  the answer lacked.

Pure functions over the analysis already computed (talking points, STAR,
specificity) and the question's guidance.
"""

from __future__ import annotations

import re

from voice_interview.analysis.tokens import normalize, split_parts, stem

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def guidance_sentence(guidance: str, point: dict, language: str) -> str | None:
    """The sentence of the guidance that shares the most words (by stem,
    four letters or more) with the point's label and cues; None if none
    shares any."""
    wanted = _stems(" ".join([point.get("label", ""), *point.get("cues", [])]), language)
    best, best_score = None, 0
    for sentence in _SENTENCE_END.split(" ".join(guidance.split())):
        score = len(wanted & _stems(sentence, language))
        if score > best_score:
            best, best_score = sentence.strip(), score
    return best


def _stems(text: str, language: str) -> set[str]:
    words = (p for w in text.split() for p in split_parts(normalize(w)))
    return {stem(w, language) for w in words if len(w) >= 4}


def _quotes(matches: list[dict], where: str) -> list[dict]:
    seen, quotes = set(), []
    for m in matches:
        if m["quote"] in seen:
            continue
        seen.add(m["quote"])
        quotes.append({"text": m["text"], "quote": m["quote"], "start_s": m["start_s"], "end_s": m.get("end_s"),
                       "probability": m.get("probability", 1.0), "sure": m.get("sure", True), "in": where})
    return quotes


def feedback(question, points_result: dict, follow_ups: list[dict], star: dict | None,
             specific: dict, language: str) -> dict:
    """The verdict; ``follow_ups`` are the analysed follow-ups (see
    ``analysis.analyze_follow_ups``)."""
    by_label = {p.get("label"): p for p in question.talking_points}
    later = {f["point"]: f for f in follow_ups if f.get("covered")}
    covered, unclear, missed = [], [], []
    for result in points_result.get("points", []):
        label = result["label"]
        point = by_label.get(label, {})
        if result["covered"]:
            covered.append({"label": label, "quotes": _quotes([m for m in result["matches"] if m["sure"]], "answer")})
        elif label in later:
            covered.append({"label": label, "quotes": _quotes(later[label]["matches"], later[label]["in"]),
                            "only_when_asked": True})
        elif result.get("status") == "unclear":
            unclear.append({"label": label, "quotes": _quotes(result["matches"], "answer")})
        else:
            missed.append({
                "label": label,
                "asks": guidance_sentence(question.guidance, point, language),
                "probe": point.get("probe", ""),
                "weight": point.get("weight", 1),
            })
    return {
        "covered": covered,
        "unclear": unclear,
        "missed": missed,
        "try_next": try_next(question, covered, missed, star, specific),
    }


def try_next(question, covered: list[dict], missed: list[dict], star: dict | None, specific: dict) -> list[str]:
    """At most two lines, most useful first."""
    lines = []
    if missed:
        # The same point the interviewer would probe: heaviest, then first listed.
        top = max(missed, key=lambda m: m["weight"])
        label = _lower_first(top["label"])
        lines.append(f"Cover {label} unasked: say what answers “{top['probe']}”" if top["probe"] else f"Cover {label}.")
    asked_for = [c for c in covered if c.get("only_when_asked")]
    if asked_for:
        lines.append(f"Bring up {_lower_first(asked_for[0]['label'])} in your first answer: you gave it only when asked.")
    kinds = specific.get("kinds", {})
    if star and not star["parts"]["result"]["found"]:
        lines.append("End the story with its result: what changed, with a number if you have one.")
    elif not kinds.get("numbers") and not kinds.get("named"):
        lines.append("Make it checkable: name the platform or tool, and give a number or a result.")
    elif not kinds.get("examples") and any(w in question.guidance.lower() for w in ("example", "eksempel")):
        lines.append("Give one concrete example: when it was, what you did, what happened.")
    return lines[:2]


def _lower_first(label: str) -> str:
    # "Platforms they have worked on" -> "platforms they have worked on"; keep "ROI", "KPI".
    return label if label[:2].isupper() else label[:1].lower() + label[1:]
