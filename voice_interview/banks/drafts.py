"""Talking points drafted from a question's guidance, for ``bank import``:
the sentences that say what to look or listen for (or else the ones
richest in content words), each labelled by its first clause, with its
content words as cues: a starting point for the author to edit.
"""

from __future__ import annotations

import re

from voice_interview.banks.article import Article

MAX_TALKING_POINTS = 3
MAX_CUES = 6

# Sentences with these say what a good answer holds: they become talking
# points first. The imperative ones are cut from the label ("Look for
# concrete examples" → "Concrete examples").
SIGNAL_PHRASES = {
    "en": ("a good answer", "an ideal answer", "the best answer", "ideally", "should"),
    "nb": ("et godt svar", "et ideelt svar", "det beste svaret", "ideelt sett", "bør"),
}
IMPERATIVES = {
    "en": ("also look for", "look for", "listen for", "pay attention to", "probe for", "notice"),
    "nb": ("se også etter", "se etter", "lytt etter", "legg merke til", "undersøk etter", "se også om",
           "se om"),
}
STOPWORDS = {
    "en": set("""a about above after again against all also am an and any are as at be because been
        before being below between both but by can could did do does doing down during each even few
        for from further get gets had has have having he her here hers him his how however i if in
        into is it its itself just let like made make may me might more most much must my no nor not
        now of off often on once one only or other our ours out over own per quite rather really same
        she should so some such than that the their theirs them then there these they this those
        through to too under until up upon us very was way we well were what when where whether which
        while who whom why will with within without would yet you your yours actually especially
        important particularly something someone use used using show shows take""".split()),
    "nb": set("""alle allerede alltid andre annen annet at av bare begge ble bli blir blitt både da
        de deg dem den denne der deres det dette din disse ditt du eller en enda enn er et ett etter
        for fordi fra før gjennom godt ha hadde han har hennes her hos hva hvem hver hvilke hvilken
        hvis hvor hvordan hvorfor i ikke inn innen jeg kan kanskje kunne man med meg men mer mest
        mange meget min mine mitt mot mye må måtte ned noe noen nok nå når og også om opp oss over
        på samme seg selv selve sin sine sitt skal skulle slik som så sånn til uten ut var vi vil
        ville vår våre være vært å også absolutt bør dette enhver faktisk fleste frem ganske gjør
        gjøre helt husk kommer langt litt mindre nok nyttig sett spesielt stor større tenk viktig
        viktigere viktigst viktigste bruke bruker brukte jobbe vise viser få fått""".split()),
}
# Words every guidance uses about the interview itself: poor cues for what
# the candidate says.
META_WORDS = {
    "en": set("""answer answers candidate candidates candidate's interviewee interviewer interviewers
        applicant applicants question questions look listen sign signs good great ideal best want
        know example examples""".split()),
    "nb": set("""svar svaret svarene svare kandidat kandidaten kandidater kandidatens intervjuobjekt
        intervjuobjektet intervjuer intervjuere søker søkeren søkerne søkerens kandidats spørsmål
        spørsmålet etter tegn godt gode ideelt beste ønsker vite eksempel eksempler lytt lytte legg
        merke""".split()),
}

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"«(]?[A-ZÆØÅÄÖÜ0-9])")
_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]", re.UNICODE)


def common_words(article: Article, language: str) -> frozenset[str]:
    """Words in the guidance of over a quarter of the questions (at least
    three): the article's topic ("social", "media"), not one question's."""
    questions = [q for s in article.sections for q in s.questions]
    counts: dict[str, int] = {}
    for q in questions:
        for word in set(content_words(" ".join(q.guidance), language)):
            counts[word] = counts.get(word, 0) + 1
    threshold = max(3, len(questions) / 4)
    return frozenset(word for word, count in counts.items() if count > threshold)


def stopwords(language: str) -> set[str]:
    return STOPWORDS.get(language, set())


def content_words(text: str, language: str) -> list[str]:
    skip = stopwords(language) | META_WORDS.get(language, set())
    seen: list[str] = []
    for token in _WORD.findall(text):
        word = token.strip("'’-").lower()
        acronym = len(token) >= 2 and token.isupper()  # ROI, KPI, SEO
        if (len(word) >= 4 or acronym) and word not in skip and word not in seen:
            seen.append(word)
    return seen


def draft_talking_points(
    guidance: str, question: str, language: str, common: frozenset[str] = frozenset()
) -> list[tuple[str, list[str]]]:
    """Up to three (label, cues) drafts: the guidance sentences that say what
    to look or listen for (or else the ones richest in content words), each
    labelled by its first clause, with its content words as cues. Words in
    ``common`` (used by many questions of the article) make poor cues."""
    signals = SIGNAL_PHRASES.get(language, SIGNAL_PHRASES["en"]) + IMPERATIVES.get(language, IMPERATIVES["en"])
    sentences = [s for p in guidance.split("\n\n") for s in _SENTENCE_END.split(p.strip()) if s]
    scored = []
    for position, sentence in enumerate(sentences):
        words = [w for w in content_words(sentence, language) if w not in common]
        if words:
            lowered = sentence.lower()
            signal = any(re.search(rf"\b{re.escape(phrase)}\b", lowered) for phrase in signals)
            scored.append((-(10 * signal + min(len(words), 8)), position, sentence, words))
    chosen = sorted(sorted(scored)[:MAX_TALKING_POINTS], key=lambda item: item[1])
    points = [(_label(sentence, language), words[:MAX_CUES]) for _, _, sentence, words in chosen]
    if not points:  # guidance of stopwords only: fall back to the question's own words
        words = content_words(question, language) or [w.lower() for w in _WORD.findall(question)]
        points = [(_label(question, language), words[:MAX_CUES] or [question.split()[0].lower()])]
    return points


def _label(sentence: str, language: str) -> str:
    """The sentence's first clause, at most eight words, without a leading
    "Look for"; "…" marks a cut."""
    text = sentence.strip()
    for phrase in sorted(IMPERATIVES.get(language, IMPERATIVES["en"]), key=len, reverse=True):
        found = re.search(rf"\b{re.escape(phrase)}\b[\s,:]*", text, re.IGNORECASE)
        if found and found.start() <= 30 and len(text[found.end():].split()) >= 2:
            text = text[found.end():]
            break
    clause = re.split(r"[,;:–—(]| - | (?:der|som|fordi|that|which|where|because|so that) ", text, maxsplit=1)[0]
    clause = clause if len(clause.split()) >= 2 else text
    words = clause.split()
    label = " ".join(words[:8]).rstrip(".!?,;:")
    if len(words) > 8 or clause.strip() != text.strip().rstrip(".!?"):
        label += "…"
    return label[:1].upper() + label[1:]
