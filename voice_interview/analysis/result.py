"""The whole analysis of one answer as a typed result: what ``show``,
the report and ``progress`` read. ``AnswerAnalysis.from_json`` reads the
dict a session record saves (today's and older versions'); ``to_json()``
writes it back unchanged."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

from voice_interview.analysis.content import (
    FeedbackResult, FollowUpResult, Specificity, Star, TalkingPoints, TermCount, UnsureWord, WordCount,
)
from voice_interview.analysis.delivery import FoundSummary, Hesitations, Length, Pace, Pauses, Voice
from voice_interview.analysis.jsonrecord import JsonRecord, nested
from voice_interview.analysis.thresholds import Thresholds


@dataclass
class AnswerAnalysis(JsonRecord):
    version: int = 0  # ANALYSIS_VERSION when it was made
    language: str = "en"
    timed: bool = False  # the answer had word timings (it was spoken)
    thresholds: dict = field(default_factory=dict)  # Thresholds.as_dict() it was made with
    pace: Pace | None = nested(Pace)
    pauses: Pauses | None = nested(Pauses)
    length: Length | None = nested(Length)
    fillers: FoundSummary | None = nested(FoundSummary)
    hedges: FoundSummary | None = nested(FoundSummary)
    hesitations: Hesitations | None = nested(Hesitations)
    top_words: list[WordCount] = nested(WordCount, "list")
    job_terms: list[TermCount] = nested(TermCount, "list")
    talking_points: TalkingPoints | None = nested(TalkingPoints)
    star: Star | None = nested(Star)  # None: not a behavioural question
    specificity: Specificity | None = nested(Specificity)
    follow_ups: list[FollowUpResult] = nested(FollowUpResult, "list")
    unsure_words: list[UnsureWord] = nested(UnsureWord, "list")
    voice: Voice | None = nested(Voice)
    feedback: FeedbackResult | None = nested(FeedbackResult)

    @property
    def limits(self) -> Thresholds:
        """The thresholds it was made with (today's defaults for any it lacks)."""
        known = {f.name for f in fields(Thresholds)}
        return replace(Thresholds(), **{k: v for k, v in (self.thresholds or {}).items() if k in known})


def read_analysis(analysis) -> AnswerAnalysis:
    """A saved analysis (a dict, None, or already typed) as an AnswerAnalysis;
    an empty one when there is none."""
    if isinstance(analysis, AnswerAnalysis):
        return analysis
    return AnswerAnalysis.from_json(analysis) if isinstance(analysis, dict) else AnswerAnalysis()
