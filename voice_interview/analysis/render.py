"""An analysis (a saved dict or an AnswerAnalysis) as terminal lines (for
``show``) and as Markdown (for the md export). Both show every figure with its band and the band's range,
so a reader sees what "fast" means here."""

from __future__ import annotations

import textwrap

from voice_interview.analysis import bands
from voice_interview.analysis.content import FollowUpResult, Specificity
from voice_interview.analysis.delivery import FoundSummary
from voice_interview.analysis.result import AnswerAnalysis, read_analysis
from voice_interview.records.timefmt import clock

LABEL_WIDTH = 12


def _timed(items: list[tuple[str, float | None]], limit: int = 8) -> str:
    """(text, start_s) pairs as "um 0:03, like 0:12 (+2 more)"."""
    parts = [f"{text} {clock(start_s)}" if start_s is not None else text for text, start_s in items[:limit]]
    more = len(items) - limit
    return ", ".join(parts) + (f" (+{more} more)" if more > 0 else "")


def sections(analysis) -> list[tuple[str, str]]:
    """(label, text) pairs in reading order, shared by both renderings."""
    a = read_analysis(analysis)
    t = a.limits
    rows: list[tuple[str, str]] = []
    pace = a.pace
    if pace:
        rows.append((
            "Pace",
            f"{pace.words_per_minute:.0f} wpm, {pace.band} ({bands.pace_range(t)}); "
            f"articulation {pace.articulation_words_per_minute:.0f} wpm without pauses, {pace.articulation_band}",
        ))
    pauses = a.pauses
    if pauses:
        latency = f"response latency {pauses.response_latency_s:.1f} s"
        if pauses.think_time_s:
            latency += f" (incl. {pauses.think_time_s:.0f} s think time)"
        if pauses.latency_from == "recording-start":
            latency += " from the start of recording"
        longest = f"longest {pauses.longest_s:.1f} s"
        if pauses.longest_at_s is not None:
            longest += f" at {clock(pauses.longest_at_s)}"
        if pauses.latency_band == "long":
            latency += " (long)"
        rows.append((
            "Pauses",
            f"{pauses.over_long_count} over {t.pause_long_s:g} s, "
            f"{pauses.over_very_long_count} over {t.pause_very_long_s:g} s, {longest}; {latency}",
        ))
    length = a.length
    if length and length.spoken_s is not None:
        text = f"{clock(length.spoken_s)} spoken, {length.words} words"
        if length.ratio is not None:
            text += f"; suggested {clock(length.suggested_s)} ({length.ratio * 100:.0f} %, {length.band})"
        rows.append(("Length", text))
    elif length:
        rows.append(("Length", f"{length.words} words (typed, no timing)"))
    fillers = a.fillers
    if fillers:
        text = f"{fillers.count} ({fillers.per_100_words:.1f} per 100 words, {fillers.band or ''})"
        rows.append(("Fillers", text + (f": {_timed(_said(fillers))}" if fillers.items else "")))
    hedges = a.hedges
    if hedges:
        rows.append(("Hedges", f"{hedges.count}" + (f": {_timed(_said(hedges))}" if hedges.items else "")))
    hesitations = a.hesitations
    if hesitations and hesitations.available:
        items = [(f"{clock(h.start_s)} ({h.duration_s:.1f} s)", None) for h in hesitations.items or []]
        rows.append((
            "Hesitations",
            f"{hesitations.count} voiced sound{'' if hesitations.count == 1 else 's'} between words "
            "(not in the transcript)"
            + (f": {_timed(items)}" if items else ""),
        ))
    elif hesitations:
        rows.append(("Hesitations", f"not measured: {hesitations.reason or 'no audio'}"))
    voice = a.voice
    if voice and voice.available:
        rows.append((
            "Voice",
            f"pitch varies {voice.pitch_sd_st:.1f} st (s.d.), range {voice.pitch_range_st:.1f} st, "
            f"{bands.voice_band(voice.monotone)} ({bands.monotone_range(t)} "
            f"is monotone); loudness varies {voice.loudness_sd_db:.1f} dB",
        ))
    elif voice:
        rows.append(("Voice", f"not measured: {voice.reason or 'no audio'}"))
    rows += _points_rows(a)
    star = a.star
    if star:
        parts = []
        for name, part in star.parts.items():
            if part.found:
                parts.append(f"{name} ✓ " + ", ".join(_quoted(p.text, p) for p in part.phrases[:2]))
            else:
                parts.append(f"{name} ✗")
        rows.append(("STAR", f"{star.found} of 4: " + "; ".join(parts)))
    rows += _specificity_rows(a.specificity)
    for line in a.feedback.try_next if a.feedback else []:
        rows.append(("Try next", line))
    if a.top_words:
        rows.append(("Top words", ", ".join(f"{w.word} {w.count}" for w in a.top_words)))
    if a.job_terms:
        rows.append(("Job terms", ", ".join(f"{j.term} {j.count}" for j in a.job_terms)))
    return rows


def _said(found: FoundSummary) -> list[tuple[str, float | None]]:
    return [(item.text, item.start_s) for item in found.items]


def _quoted(text: str, item) -> str:
    """“words” 0:12 — a quote a reader can find in the recording; ``item``
    gives its time and where it was said (the answer or a follow-up)."""
    at = f" {clock(item.start_s)}" if item.start_s is not None else ""
    where = f" in {item.where}" if item.where != "answer" else ""
    return f"“{text}”{at}{where}"


def _points_rows(a: AnswerAnalysis) -> list[tuple[str, str]]:
    """Each talking point with the words behind its verdict (the feedback),
    or with the cue words heard (an analysis without feedback)."""
    points = a.talking_points
    if not points or not points.total:
        return []
    verdict = a.feedback
    unclear = f", {points.unclear} unclear" if points.unclear else ""
    later = sum(1 for c in verdict.covered if c.only_when_asked) if verdict else 0
    rows = [("Points", f"{points.covered} of {points.total} talking points covered{unclear}"
             + (f"; {later} more when asked" if later else ""))]
    if verdict is None:
        for point in points.points:
            heard = sorted({m.text for m in point.matches})
            rows.append(("", f"{'✓' if point.covered else '✗'} {point.label}"
                         + (f" — {', '.join(heard)}" if heard else "")))
        return rows
    for item in verdict.covered:
        quotes = ", ".join(_quoted(q.quote, q) for q in item.quotes[:2])
        rows.append(("", f"✓ {item.label}{', when asked' if item.only_when_asked else ''}: {quotes}"))
    for item in verdict.unclear:
        quotes = ", ".join(_quoted(q.text, q) for q in item.quotes[:2])
        rows.append(("", f"? {item.label}: unclear, Whisper was unsure of {quotes}"))
    for item in verdict.missed:
        asks = f" — the guidance: “{item.asks}”" if item.asks else ""
        rows.append(("", f"✗ {item.label}{asks}"))
    return rows


def _specificity_rows(specific: Specificity | None) -> list[tuple[str, str]]:
    if not specific:
        return []
    if not specific.count:
        return [("Specifics", "none: no number, result, named platform or tool, or example")]
    parts = [
        f"{kind} {len(items)} (" + ", ".join(_quoted(i.text, i) for i in items[:3])
        + (f", +{len(items) - 3} more" if len(items) > 3 else "") + ")"
        for kind, items in specific.kinds.items()
        if items
    ]
    return [("Specifics", f"{specific.count}: " + "; ".join(parts))]


def follow_up_verdict(item: FollowUpResult) -> str | None:
    """What a follow-up's answer showed for the point it probed."""
    if item.covered:
        return "✓ covered when asked: " + ", ".join(_quoted(m.quote, m) for m in item.matches[:2])
    if item.status == "unclear":
        return "? unclear, Whisper was unsure of " + ", ".join(_quoted(m.text, m) for m in item.matches[:2])
    return "✗ still missing after the follow-up" if item.answered else None


def analysis_lines(analysis, width: int = 78) -> list[str]:
    """Compact lines for the terminal, wrapped to ``width`` with the text
    hanging under its label."""
    lines: list[str] = []
    for label, text in sections(analysis):
        indent = " " * (LABEL_WIDTH + 2 + (2 if not label else 0))
        first = f"  {label:<{LABEL_WIDTH}}" + ("  " if not label else "")
        lines += textwrap.wrap(text, width=width, initial_indent=first, subsequent_indent=indent,
                               break_on_hyphens=False) or [first.rstrip()]
    return lines


def analysis_markdown(analysis) -> str:
    """The same figures as a Markdown list, for the md export."""
    lines = []
    for label, text in sections(analysis):
        if label:
            lines.append(f"- **{label}:** {text}")
        else:
            lines.append(f"    - {text}")
    return "\n".join(lines) + "\n"


def headline(analysis) -> str:
    """One line for the candidate right after an answer."""
    a = read_analysis(analysis)
    parts = []
    if a.pace:
        parts.append(f"pace {a.pace.words_per_minute:.0f} wpm ({a.pace.band})")
    hesitations = a.hesitations
    count = (a.fillers.count if a.fillers else 0) + (
        hesitations.count or 0 if hesitations and hesitations.available else 0)
    hedges = a.hedges.count if a.hedges else 0
    parts.append(f"{count} filler{'s' if count != 1 else ''} or hesitation{'s' if count != 1 else ''}")
    parts.append(f"{hedges} hedge{'s' if hedges != 1 else ''}")
    if a.talking_points and a.talking_points.total:
        parts.append(f"talking points {a.talking_points.covered}/{a.talking_points.total}")
    if a.voice and a.voice.monotone:
        parts.append("voice monotone")
    if a.star:
        parts.append(f"STAR {a.star.found}/4")
    return " · ".join(parts)
