"""The report's verdict on an answer and its follow-ups: the same feedback
``show`` prints (``voice_interview.analysis.feedback``), with every quote a
button that plays the recording from the quoted words.

A quote names the transcript panel it seeks in (``target``): the answer's
(``q01-answer``) or a follow-up's (``q01-follow-up1``); report.js plays that
panel's audio from ``start``.
"""

from __future__ import annotations


def panel_id(anchor: str, where: str) -> str:
    """"q01-answer" for the answer, "q01-follow-up1" for follow-up 1."""
    return f"{anchor}-answer" if where == "answer" else f"{anchor}-{where.replace(' ', '')}"


def _quote(anchor: str, item: dict, key: str = "quote") -> dict:
    return {
        "text": item.get(key) or item.get("text", ""),
        "start": item.get("start_s"),
        "target": panel_id(anchor, item.get("in", "answer")),
        "where": item.get("in", "answer"),
        "unsure": item.get("sure") is False,
    }


def verdict_context(anchor: str, analysis: dict) -> dict | None:
    feedback = analysis.get("feedback")
    if not feedback:
        return None
    star = analysis.get("star")
    specific = analysis.get("specificity") or {"count": 0, "kinds": {}}
    return {
        "covered": [
            {"label": c["label"], "when_asked": bool(c.get("only_when_asked")),
             "quotes": [_quote(anchor, q) for q in c["quotes"][:3]]}
            for c in feedback["covered"]
        ],
        "unclear": [
            {"label": c["label"], "quotes": [_quote(anchor, q, "text") for q in c["quotes"][:3]]}
            for c in feedback["unclear"]
        ],
        "missed": [{"label": m["label"], "asks": m.get("asks"), "probe": m.get("probe")} for m in feedback["missed"]],
        "star": None if not star else [
            {"part": name, "found": part["found"], "quotes": [_quote(anchor, p, "text") for p in part["phrases"][:2]]}
            for name, part in star["parts"].items()
        ],
        "specific_count": specific["count"],
        "specific": [
            {"kind": kind, "count": len(items), "quotes": [_quote(anchor, i, "text") for i in items[:6]]}
            for kind, items in specific["kinds"].items()
        ],
        "try_next": feedback["try_next"],
    }


def follow_ups_context(answer, anchor: str, analysis: dict, files, marked_words) -> list[dict]:
    """Each follow-up for the page: probe, audio, words, and its verdict."""
    analysed = {f["number"]: f for f in analysis.get("follow_ups") or []}
    shown = []
    for number, follow_up in enumerate(answer.follow_ups, 1):
        name = f"{anchor}-follow-up{number}"
        result = analysed.get(number, {})
        words = follow_up.transcript.words if follow_up.transcript else []
        limits = analysis.get("thresholds") or {}
        shown.append({
            "id": name,
            "point": follow_up.point,
            "text": follow_up.text,
            "question_audio": files.audio(follow_up.question_audio, f"{name}-question.wav"),
            "answer_audio": files.audio(follow_up.answer_audio, f"{name}-answer.wav"),
            "answered": follow_up.transcript is not None,
            "transcript_text": follow_up.transcript.text if follow_up.transcript else "",
            "words": marked_words(words, {
                "talking_points": {"points": [{"label": follow_up.point, "matches": result.get("matches", [])}]},
                "thresholds": limits,
            }),
            "status": result.get("status"),
            "quotes": [
                _quote(anchor, {**m, "in": result.get("in", "answer")}, "quote" if m.get("sure", True) else "text")
                for m in result.get("matches", [])[:3]
            ],
        })
    return shown


def voice_cards(analysis: dict, limits: dict) -> list[dict]:
    """The voice-variety card, shaped like the page's other metric cards."""
    voice = analysis.get("voice") or {}
    if not voice.get("available"):
        return []
    return [{
        "title": "Pitch variation", "value": f"{voice['pitch_sd_st']:.1f}", "unit": "semitones (s.d.)",
        "band": "monotone" if voice["monotone"] else "varied", "tone": "warn" if voice["monotone"] else "good",
        "notes": [f"under {limits.get('monotone_below_st', 2.0):g} st reads as monotone",
                  f"range {voice['pitch_range_st']:.1f} st (5th–95th percentile)",
                  f"loudness varies {voice['loudness_sd_db']:.1f} dB"],
    }]
