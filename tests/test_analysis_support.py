"""Hand-made answers for the analysis tests: words with timings chosen by
the test, so every figure can be checked by hand. (No tests here.)"""

from __future__ import annotations

from voice_interview.core import interview
from voice_interview.banks.bank import load_bank
from voice_interview.records.session import Answer, AskedQuestion, Segment, Session, Transcript, Word


def asked(question_id: str = "accounts-managed", language: str = "en") -> AskedQuestion:
    return interview.asked(next(q for q in load_bank(None, language).questions if q.id == question_id))


def timed_words(text: str, start_s: float = 0.5, word_s: float = 0.3, gap_s: float = 0.1, pauses=None) -> list[Word]:
    """Words of ``text``, each ``word_s`` long and ``gap_s`` apart; ``pauses``
    maps a word's index to extra silence before it."""
    words, clock = [], start_s
    for index, word in enumerate(text.split()):
        clock += (pauses or {}).get(index, 0.0)
        words.append(Word(round(clock, 3), round(clock + word_s, 3), word))
        clock += word_s + gap_s
    return words


def answer(text: str, question_id: str = "accounts-managed", language: str = "en", words=None, **fields) -> Answer:
    words = timed_words(text) if words is None else words
    end_s = words[-1].end_s if words else 0.0
    transcript = Transcript(text=text, language=language, segments=[Segment(0.0, end_s, text, words)])
    return Answer(index=1, question=asked(question_id, language), transcript=transcript, **fields)


def session(answers, session_id: str = "20261120-093000-ab12", language: str = "en", status: str = "completed") -> Session:
    for index, item in enumerate(answers, 1):
        item.index = index
    return Session(
        id=session_id,
        started_at=f"{session_id[:4]}-{session_id[4:6]}-{session_id[6:8]}T{session_id[9:11]}:{session_id[11:13]}:00+00:00",
        bank_id="social-media-manager",
        bank_title="Social media manager",
        bank_path="question_data/social_media_manager.toml",
        language=language,
        model="tiny.en",
        categories=[],
        settings={},
        question_ids=[a.question.id for a in answers],
        answers=list(answers),
        glossary=list(load_bank(None, language).glossary),
        status=status,
    )
