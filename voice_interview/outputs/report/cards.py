"""The report's metric cards and content lines for one answer, read from
its typed analysis: each figure with its band and the range the band
stands for (the band words and ranges are ``analysis.bands``')."""

from __future__ import annotations

from voice_interview.analysis import bands
from voice_interview.analysis.result import AnswerAnalysis
from voice_interview.analysis.thresholds import Thresholds
from voice_interview.records.timefmt import clock


def count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _card(title: str, value: str, unit: str, band: str | None, notes: list[str], good: bool | None = None) -> dict:
    if good is None and band is not None:
        good = band in bands.GOOD
    return {"title": title, "value": value, "unit": unit, "band": band or "",
            "tone": "" if good is None else ("good" if good else "warn"), "notes": notes}


def _forms(by_form: dict[str, int]) -> str:
    return ", ".join(f"“{form}” ×{times}" for form, times in by_form.items())


def metric_cards(a: AnswerAnalysis) -> list[dict]:
    """Pace, pauses, fillers and hesitations, length, latency (and talking
    points, STAR), each with its band and the range the band stands for."""
    t = a.limits
    cards = []
    pace = a.pace
    if pace:
        cards.append(_card(
            "Pace", f"{pace.words_per_minute:.0f}", "words / min", pace.band,
            [bands.pace_range(t),
             f"articulation {pace.articulation_words_per_minute:.0f} wpm without pauses"
             + (f" ({pace.articulation_band})" if pace.articulation_band else "")],
        ))
    pauses = a.pauses
    if pauses:
        very_long = pauses.over_very_long_count
        longest = f"longest {pauses.longest_s:.1f} s"
        if pauses.longest_at_s is not None:
            longest += f" at {clock(pauses.longest_at_s)}"
        cards.append(_card(
            "Pauses", str(pauses.over_long_count), f"over {t.pause_long_s:g} s",
            "none very long" if not very_long else f"{very_long} very long",
            [f"{count(pauses.count, 'pause')} of {t.pause_min_s:g} s or more; {longest}",
             f"very long: over {t.pause_very_long_s:g} s"],
            good=not very_long,
        ))
    if a.fillers:
        cards.append(_fillers_card(a, t))
    length = a.length
    if length and length.spoken_s is not None:
        notes = [count(length.words, "word")]
        if length.ratio is not None:
            notes.append(f"suggested {clock(length.suggested_s)}: this is {length.ratio * 100:.0f} %")
            notes.append(bands.length_range(t))
        cards.append(_card("Length", clock(length.spoken_s), "min:s spoken", length.band, notes))
    elif length:
        cards.append(_card("Length", str(length.words), "words, typed", None, ["typed answers have no timing"]))
    if pauses and pauses.response_latency_s is not None:
        start = "the end of the question audio" if pauses.latency_from == "question-audio-end" \
            else "the start of recording"
        notes = [f"from {start} to the first word", f"long above {t.latency_long_s:g} s"]
        if pauses.think_time_s:
            notes.append(f"includes {pauses.think_time_s:.0f} s of think time, not held against it")
        cards.append(_card("Latency", f"{pauses.response_latency_s:.1f}", "s to first word",
                           pauses.latency_band, notes))
    points = a.talking_points
    if points and points.total:
        covered, total = points.covered, points.total
        cards.append(_card("Talking points", f"{covered}/{total}", "covered",
                           "all" if covered == total else f"{total - covered} missed",
                           ["cue words heard in the answer; see the guidance"], good=covered == total))
    star = a.star
    if star:
        cards.append(_card("STAR", f"{star.found}/4", "parts heard",
                           "complete" if star.found == 4 else "incomplete",
                           [" · ".join(("✓ " if p.found else "✗ ") + name for name, p in star.parts.items())],
                           good=star.found == 4))
    return cards + voice_cards(a, t)


def _fillers_card(a: AnswerAnalysis, t: Thresholds) -> dict:
    fillers = a.fillers
    notes = [f"{fillers.per_100_words:.1f} per 100 words; many above {t.fillers_many_above_per_100_words:g}"]
    if fillers.by_form:
        notes.append(_forms(fillers.by_form))
    if a.hedges:
        notes.append(count(a.hedges.count, "hedge") + (": " + _forms(a.hedges.by_form) if a.hedges.by_form else ""))
    hesitations = a.hesitations
    if hesitations and hesitations.available:
        notes.append(f"{count(hesitations.count or 0, 'hesitation')}: voiced sound between words, "
                     "not in the transcript")
    elif hesitations:
        notes.append(f"hesitations not measured: {hesitations.reason or 'no audio'}")
    found = fillers.count
    return _card("Fillers & hesitations", str(found), "filler word" if found == 1 else "filler words",
                 fillers.band, notes)


def voice_cards(a: AnswerAnalysis, t: Thresholds) -> list[dict]:
    """The voice-variety card, shaped like the page's other metric cards."""
    voice = a.voice
    if not voice or not voice.available:
        return []
    return [{
        "title": "Pitch variation", "value": f"{voice.pitch_sd_st:.1f}", "unit": "semitones (s.d.)",
        "band": bands.voice_band(voice.monotone), "tone": "warn" if voice.monotone else "good",
        "notes": [f"{bands.monotone_range(t)} reads as monotone",
                  f"range {voice.pitch_range_st:.1f} st (5th–95th percentile)",
                  f"loudness varies {voice.loudness_sd_db:.1f} dB"],
    }]


def content_lines(a: AnswerAnalysis) -> list[tuple[str, str]]:
    lines = []
    if a.job_terms:
        lines.append(("Job terms used", ", ".join(f"{j.term} ×{j.count}" for j in a.job_terms)))
    if a.top_words:
        lines.append(("Most-used words", ", ".join(f"{w.word} ×{w.count}" for w in a.top_words)))
    return lines
