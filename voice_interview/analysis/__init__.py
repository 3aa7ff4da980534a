"""Speech and content analysis of an answer: pure code over the session's
words and timings (plus the answer audio, for hesitations Whisper leaves
out). ``analyze_answer`` gives one JSON-ready dict per answer, carrying
``ANALYSIS_VERSION``; ``ensure_analysis`` (re)computes what a session lacks
or was analysed by an older version or with other thresholds.

Text analysis imports nothing heavy; numpy is loaded only when answer
audio is analysed. Methods, thresholds and sources: docs/analysis.md.
"""

from __future__ import annotations

from pathlib import Path

from voice_interview.analysis import bands, fillers, pace, specificity, star, talking_points, words
from voice_interview.analysis.feedback import feedback
from voice_interview.analysis.content import (
    FeedbackResult, FollowUpResult, Specificity, Star, TalkingPoints, TermCount, UnsureWord, WordCount,
)
from voice_interview.analysis.delivery import FoundSummary, FoundWord, Hesitations, Voice
from voice_interview.analysis.result import AnswerAnalysis
from voice_interview.analysis.thresholds import Thresholds, load_thresholds
from voice_interview.analysis.tokens import tokenize

__all__ = ["ANALYSIS_VERSION", "Thresholds", "analyze_answer", "ensure_analysis", "load_thresholds"]

# Bump when any figure would come out differently: saved analyses from an
# older version are recomputed when a session is shown.
ANALYSIS_VERSION = 2


def analyze_answer(answer, *, language: str, glossary, audio_path=None, thresholds: Thresholds | None = None) -> dict:
    """Everything the candidate learns from one answer: an AnswerAnalysis,
    returned as the JSON dict the session record keeps."""
    limits = thresholds or Thresholds()
    transcript = answer.transcript
    timed = [w for w in (transcript.words if transcript else []) if w.word.strip()]
    tokens = tokenize(transcript.text if transcript else "", timed)
    found = fillers.find_fillers_and_hedges(tokens, language)
    minutes = (timed[-1].end_s - timed[0].start_s) / 60 if len(timed) > 1 else None
    question = answer.question
    points = talking_points.talking_points(
        tokens, question.talking_points, language, limits.talking_point_min_cues, limits.low_confidence_below
    )
    found_star = star.star_cues(tokens, language) if question.behavioural else None
    specific = specificity.specificity(tokens, language)
    follow_ups = analyze_follow_ups(answer, language, limits)
    # The content analysers give dicts (the follow-up chooser and the benches read them too).
    result = AnswerAnalysis(
        version=ANALYSIS_VERSION,
        language=language,
        timed=bool(timed),
        thresholds=limits.as_dict(),
        pace=pace.pace(timed, limits),
        pauses=pace.pauses(timed, answer, limits),
        length=pace.length(timed, len(tokens), question.suggested_answer_s, limits),
        fillers=_found_summary([f for f in found if f.kind == "filler"], len(tokens), minutes, limits),
        hedges=_found_summary([f for f in found if f.kind == "hedge"], len(tokens), minutes, None),
        hesitations=Hesitations.from_json(_hesitations(audio_path, timed, minutes, limits)),
        top_words=[WordCount.from_json(w) for w in
                   words.top_words(tokens, language, limits.top_words, limits.top_words_min_count)],
        job_terms=[TermCount.from_json(t) for t in words.job_terms(tokens, list(glossary or []), language)],
        talking_points=TalkingPoints.from_json(points),
        star=Star.from_json(found_star),
        specificity=Specificity.from_json(specific),
        follow_ups=[FollowUpResult.from_json(f) for f in follow_ups],
        unsure_words=[UnsureWord.from_json(w) for w in _unsure_words(timed, limits.low_confidence_below)],
        voice=Voice.from_json(_voice(audio_path, timed, limits)),
        feedback=FeedbackResult.from_json(feedback(question, points, follow_ups, found_star, specific, language)),
    )
    return result.to_json()


def analyze_follow_ups(answer, language: str, limits: Thresholds) -> list[dict]:
    """Whether each follow-up's answer covered the point it probed, with the
    words that showed it (times are into the follow-up's own audio)."""
    points = {p.get("label"): p for p in answer.question.talking_points}
    results = []
    for number, follow_up in enumerate(getattr(answer, "follow_ups", []), 1):
        transcript = follow_up.transcript
        timed = [w for w in (transcript.words if transcript else []) if w.word.strip()]
        tokens = tokenize(transcript.text if transcript else "", timed)
        point = points.get(follow_up.point, {"label": follow_up.point, "cues": []})
        found = talking_points.talking_points(
            tokens, [point], language, limits.talking_point_min_cues, limits.low_confidence_below
        )["points"][0]
        results.append({
            "number": number,
            "in": f"follow-up {number}",
            "point": follow_up.point,
            "text": follow_up.text,
            "answered": transcript is not None,
            "covered": found["covered"],
            "status": found["status"],
            "matches": found["matches"],
            "unsure_words": _unsure_words(timed, limits.low_confidence_below),
        })
    return results


def _unsure_words(timed, below: float) -> list[dict]:
    return [
        {"text": w.word.strip(), "start_s": w.start_s, "probability": float(w.probability)}
        for w in timed
        if w.probability < below
    ]


def _found_summary(items, word_count: int, minutes: float | None, limits: Thresholds | None) -> FoundSummary:
    per_100 = round(100 * len(items) / word_count, 2) if word_count else 0.0
    by_form: dict[str, int] = {}
    for item in items:
        by_form[item.text] = by_form.get(item.text, 0) + 1
    return FoundSummary(
        count=len(items),
        per_100_words=per_100,
        per_minute=round(len(items) / minutes, 2) if minutes else None,
        by_form=dict(sorted(by_form.items(), key=lambda kv: -kv[1])),
        items=[FoundWord(i.said, i.start_s, i.end_s) for i in items],
        band=bands.fillers_band(per_100, limits) if limits is not None else None,
    )


def _hesitations(audio_path, timed, minutes: float | None, limits: Thresholds) -> dict:
    if not timed:
        return {"available": False, "reason": "no word timings (typed answer)"}
    from voice_interview.analysis.hesitations import hesitations

    result = hesitations(audio_path, timed, limits)
    if result["available"]:
        result["per_minute"] = round(result["count"] / minutes, 2) if minutes else None
    return result


def _voice(audio_path, timed, limits: Thresholds) -> dict:
    if not timed:
        return {"available": False, "reason": "no answer audio (typed answer)"}
    from voice_interview.analysis.voice import voice_variety

    return voice_variety(audio_path, limits)


def _audio_path(answer) -> Path | None:
    if not answer.answer_audio:
        return None
    from voice_interview.records.store import data_path

    return data_path(answer.answer_audio)


def needs_analysis(answer, limits: Thresholds) -> bool:
    # Only the envelope is read: an older version's parts may have any shape.
    analysis = answer.analysis
    return (
        not isinstance(analysis, dict)
        or analysis.get("version", 0) < ANALYSIS_VERSION
        or analysis.get("thresholds") != limits.as_dict()
    )


def ensure_analysis(session, *, thresholds: Thresholds | None = None) -> bool:
    """(Re)compute ``answer.analysis`` for every answered answer that has
    none, an older version's, or one made with other thresholds. Returns
    whether anything changed (the caller decides whether to save)."""
    limits = thresholds or load_thresholds()
    changed = False
    for answer in session.answered:
        if needs_analysis(answer, limits):
            answer.analysis = analyze_answer(
                answer,
                language=session.language,
                glossary=session.glossary,
                audio_path=_audio_path(answer),
                thresholds=limits,
            )
            changed = True
    return changed
