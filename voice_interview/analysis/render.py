"""An analysis dict as terminal lines (for ``show``) and as Markdown (for
the md export). Both show every figure with its band and the band's range,
so a reader sees what "fast" means here."""

from __future__ import annotations

import textwrap

from voice_interview.records.timefmt import clock

LABEL_WIDTH = 12


def _number(value: float | None, digits: int = 0) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _timed(items: list[dict], limit: int = 8) -> str:
    parts = [
        f"{item['text']} {clock(item['start_s'])}" if item.get("start_s") is not None else item["text"]
        for item in items[:limit]
    ]
    more = len(items) - limit
    return ", ".join(parts) + (f" (+{more} more)" if more > 0 else "")


def sections(analysis: dict) -> list[tuple[str, str]]:
    """(label, text) pairs in reading order, shared by both renderings."""
    t = analysis.get("thresholds", {})
    rows: list[tuple[str, str]] = []
    pace = analysis.get("pace")
    if pace:
        rows.append((
            "Pace",
            f"{pace['words_per_minute']:.0f} wpm, {pace['band']} "
            f"({t.get('pace_slow_below_wpm', 120):g}–{t.get('pace_fast_above_wpm', 160):g} is conversational); "
            f"articulation {pace['articulation_words_per_minute']:.0f} wpm without pauses, {pace['articulation_band']}",
        ))
    pauses = analysis.get("pauses")
    if pauses:
        latency = f"response latency {pauses['response_latency_s']:.1f} s"
        if pauses.get("think_time_s"):
            latency += f" (incl. {pauses['think_time_s']:.0f} s think time)"
        if pauses["latency_from"] == "recording-start":
            latency += " from the start of recording"
        longest = f"longest {pauses['longest_s']:.1f} s"
        if pauses["longest_at_s"] is not None:
            longest += f" at {clock(pauses['longest_at_s'])}"
        if pauses["latency_band"] == "long":
            latency += " (long)"
        rows.append((
            "Pauses",
            f"{pauses['over_long_count']} over {t.get('pause_long_s', 1.0):g} s, "
            f"{pauses['over_very_long_count']} over {t.get('pause_very_long_s', 2.5):g} s, {longest}; {latency}",
        ))
    length = analysis.get("length") or {}
    if length.get("spoken_s") is not None:
        text = f"{clock(length['spoken_s'])} spoken, {length['words']} words"
        if length.get("ratio") is not None:
            text += f"; suggested {clock(length['suggested_s'])} ({length['ratio'] * 100:.0f} %, {length['band']})"
        rows.append(("Length", text))
    elif length:
        rows.append(("Length", f"{length.get('words', 0)} words (typed, no timing)"))
    fillers = analysis.get("fillers") or {}
    if fillers:
        text = f"{fillers['count']} ({fillers['per_100_words']:.1f} per 100 words, {fillers.get('band', '')})"
        rows.append(("Fillers", text + (f": {_timed(fillers['items'])}" if fillers["items"] else "")))
    hedges = analysis.get("hedges") or {}
    if hedges:
        rows.append(("Hedges", f"{hedges['count']}" + (f": {_timed(hedges['items'])}" if hedges["items"] else "")))
    hesitations = analysis.get("hesitations") or {}
    if hesitations.get("available"):
        items = [
            {"text": f"{clock(h['start_s'])} ({h['duration_s']:.1f} s)", "start_s": None} for h in hesitations["items"]
        ]
        rows.append((
            "Hesitations",
            f"{hesitations['count']} voiced sound{'' if hesitations['count'] == 1 else 's'} between words "
            "(not in the transcript)"
            + (f": {_timed(items)}" if items else ""),
        ))
    elif hesitations:
        rows.append(("Hesitations", f"not measured: {hesitations.get('reason', 'no audio')}"))
    voice = analysis.get("voice") or {}
    if voice.get("available"):
        rows.append((
            "Voice",
            f"pitch varies {voice['pitch_sd_st']:.1f} st (s.d.), range {voice['pitch_range_st']:.1f} st, "
            f"{'monotone' if voice['monotone'] else 'varied'} (under {t.get('monotone_below_st', 2.0):g} st "
            f"is monotone); loudness varies {voice['loudness_sd_db']:.1f} dB",
        ))
    elif voice:
        rows.append(("Voice", f"not measured: {voice.get('reason', 'no audio')}"))
    rows += _points_rows(analysis)
    star = analysis.get("star")
    if star:
        parts = []
        for name, part in star["parts"].items():
            if part["found"]:
                parts.append(f"{name} ✓ " + ", ".join(_quoted(p) for p in part["phrases"][:2]))
            else:
                parts.append(f"{name} ✗")
        rows.append(("STAR", f"{star['found']} of 4: " + "; ".join(parts)))
    rows += _specificity_rows(analysis.get("specificity"))
    for line in (analysis.get("feedback") or {}).get("try_next", []):
        rows.append(("Try next", line))
    if analysis.get("top_words"):
        rows.append(("Top words", ", ".join(f"{w['word']} {w['count']}" for w in analysis["top_words"])))
    if analysis.get("job_terms"):
        rows.append(("Job terms", ", ".join(f"{j['term']} {j['count']}" for j in analysis["job_terms"])))
    return rows


def _quoted(item: dict, key: str = "text") -> str:
    """“words” 0:12 — a quote a reader can find in the recording."""
    at = f" {clock(item['start_s'])}" if item.get("start_s") is not None else ""
    where = f" in {item['in']}" if item.get("in", "answer") != "answer" else ""
    return f"“{item[key]}”{at}{where}"


def _points_rows(analysis: dict) -> list[tuple[str, str]]:
    """Each talking point with the words behind its verdict (the feedback),
    or with the cue words heard (an analysis without feedback)."""
    points = analysis.get("talking_points") or {}
    if not points.get("total"):
        return []
    verdict = analysis.get("feedback")
    unclear = f", {points['unclear']} unclear" if points.get("unclear") else ""
    later = sum(1 for c in (verdict or {}).get("covered", []) if c.get("only_when_asked"))
    rows = [("Points", f"{points['covered']} of {points['total']} talking points covered{unclear}"
             + (f"; {later} more when asked" if later else ""))]
    if verdict is None:
        for point in points["points"]:
            heard = sorted({m["text"] for m in point["matches"]})
            rows.append(("", f"{'✓' if point['covered'] else '✗'} {point['label']}"
                         + (f" — {', '.join(heard)}" if heard else "")))
        return rows
    for item in verdict["covered"]:
        quotes = ", ".join(_quoted(q, "quote") for q in item["quotes"][:2])
        rows.append(("", f"✓ {item['label']}{', when asked' if item.get('only_when_asked') else ''}: {quotes}"))
    for item in verdict["unclear"]:
        quotes = ", ".join(_quoted(q) for q in item["quotes"][:2])
        rows.append(("", f"? {item['label']}: unclear, Whisper was unsure of {quotes}"))
    for item in verdict["missed"]:
        asks = f" — the guidance: “{item['asks']}”" if item.get("asks") else ""
        rows.append(("", f"✗ {item['label']}{asks}"))
    return rows


SPECIFIC_NAMES = {"numbers": "numbers", "results": "results", "named": "named", "examples": "examples"}


def _specificity_rows(specific: dict | None) -> list[tuple[str, str]]:
    if not specific:
        return []
    if not specific["count"]:
        return [("Specifics", "none: no number, result, named platform or tool, or example")]
    parts = [
        f"{SPECIFIC_NAMES[kind]} {len(items)} (" + ", ".join(_quoted(i) for i in items[:3])
        + (f", +{len(items) - 3} more" if len(items) > 3 else "") + ")"
        for kind, items in specific["kinds"].items()
        if items
    ]
    return [("Specifics", f"{specific['count']}: " + "; ".join(parts))]


def follow_up_verdict(item: dict) -> str | None:
    """What a follow-up's answer showed for the point it probed."""
    if item["covered"]:
        return "✓ covered when asked: " + ", ".join(_quoted(m, "quote") for m in item["matches"][:2])
    if item["status"] == "unclear":
        return "? unclear, Whisper was unsure of " + ", ".join(_quoted(m) for m in item["matches"][:2])
    return "✗ still missing after the follow-up" if item["answered"] else None


def analysis_lines(analysis: dict, width: int = 78) -> list[str]:
    """Compact lines for the terminal, wrapped to ``width`` with the text
    hanging under its label."""
    lines: list[str] = []
    for label, text in sections(analysis):
        indent = " " * (LABEL_WIDTH + 2 + (2 if not label else 0))
        first = f"  {label:<{LABEL_WIDTH}}" + ("  " if not label else "")
        lines += textwrap.wrap(text, width=width, initial_indent=first, subsequent_indent=indent,
                               break_on_hyphens=False) or [first.rstrip()]
    return lines


def analysis_markdown(analysis: dict) -> str:
    """The same figures as a Markdown list, for the md export."""
    lines = []
    for label, text in sections(analysis):
        if label:
            lines.append(f"- **{label}:** {text}")
        else:
            lines.append(f"    - {text}")
    return "\n".join(lines) + "\n"


def headline(analysis: dict) -> str:
    """One line for the candidate right after an answer."""
    parts = []
    pace = analysis.get("pace")
    if pace:
        parts.append(f"pace {pace['words_per_minute']:.0f} wpm ({pace['band']})")
    fillers = analysis.get("fillers") or {}
    hesitations = analysis.get("hesitations") or {}
    count = fillers.get("count", 0) + (hesitations.get("count", 0) if hesitations.get("available") else 0)
    hedges = (analysis.get("hedges") or {}).get("count", 0)
    parts.append(f"{count} filler{'s' if count != 1 else ''} or hesitation{'s' if count != 1 else ''}")
    parts.append(f"{hedges} hedge{'s' if hedges != 1 else ''}")
    points = analysis.get("talking_points") or {}
    if points.get("total"):
        parts.append(f"talking points {points['covered']}/{points['total']}")
    if (analysis.get("voice") or {}).get("monotone"):
        parts.append("voice monotone")
    star = analysis.get("star")
    if star:
        parts.append(f"STAR {star['found']}/4")
    return " · ".join(parts)
