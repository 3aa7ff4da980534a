"""STAR cues in an answer to a behavioural question: the Situation, the
Task, the Action taken and the Result, each found or missing with the
phrases that signalled it.

Cues are phrases a listener hears as the start of each part ("last year",
"my task was", "I decided", "as a result"); an action is also any "I" or
"we" followed by a past-tense verb ("I moved the budget"). These are cues,
not understanding: an answer can tell a story in other words.
"""

from __future__ import annotations

from voice_interview.analysis.tokens import PhraseMatcher, Token, span_text

PARTS = ("situation", "task", "action", "result")

CUES: dict[str, dict[str, list[str]]] = {
    "en": {
        "situation": [
            "last year", "last month", "last spring", "last summer", "last autumn", "last fall",
            "last winter", "years ago", "months ago", "once", "at the time", "at my last job",
            "in my last job", "in my previous role", "in my last role", "at my previous job",
            "when i was", "when i worked", "there was a time", "the situation", "we were",
            "back when", "at a startup", "for a client", "halfway through",
        ],
        "task": [
            "my task", "the task", "my job was", "my role was", "i was responsible",
            "responsible for", "i was asked to", "i had to", "i needed to", "we needed to",
            "we had to", "the goal was", "my goal was", "our goal was", "the challenge was",
            "the problem was", "i set a goal", "the aim was", "i was in charge", "i led",
        ],
        "action": [
            "i decided", "so i", "first i", "then i", "i started", "i created", "i set up",
            "i organized", "i organised", "i worked with", "i reached out", "i contacted",
            "i proposed", "i suggested", "i analyzed", "i analysed", "i built", "i wrote",
            "i took", "i made", "i moved", "i changed", "i adjusted", "i arranged", "i asked",
            "i replied", "i published", "i ran", "i launched", "i tested", "i introduced",
            "we decided", "we changed", "we adjusted", "we moved", "we launched",
        ],
        "result": [
            "as a result", "the result", "resulted in", "in the end", "ended up", "we achieved",
            "i achieved", "we reached", "which led to", "that led to", "the outcome", "increased",
            "grew", "improved", "reduced", "percent", "sold out", "thanks to", "by the end",
            "the lesson", "i learned", "since then", "doubled", "tripled", "twice as many",
        ],
    },
    "nb": {
        "situation": [
            "i fjor", "forrige måned", "i vår", "i sommer", "i høst", "i vinter", "år siden",
            "måneder siden", "en gang", "på den tiden", "i forrige jobb", "i min forrige jobb",
            "i min forrige rolle", "da jeg jobbet", "da jeg var", "situasjonen", "vi skulle",
            "midt i", "for en kunde", "i et oppstartsselskap", "i en oppstartsbedrift",
        ],
        "task": [
            "oppgaven min", "oppgaven var", "min oppgave", "jobben min var", "rollen min var",
            "jeg hadde ansvar", "ansvarlig for", "jeg ble bedt om", "jeg måtte", "vi måtte",
            "målet var", "målet mitt var", "utfordringen var", "problemet var", "jeg satte et mål",
            "jeg ledet",
        ],
        "action": [
            "jeg bestemte", "så jeg", "først jeg", "deretter", "jeg startet", "jeg laget",
            "jeg satte opp", "jeg organiserte", "jeg jobbet med", "jeg kontaktet", "jeg foreslo",
            "jeg analyserte", "jeg bygde", "jeg skrev", "jeg tok", "jeg flyttet", "jeg endret",
            "jeg justerte", "jeg ordnet", "jeg spurte", "jeg svarte", "jeg publiserte",
            "jeg lanserte", "jeg testet", "jeg innførte", "vi bestemte", "vi endret",
            "vi justerte", "vi flyttet", "vi lanserte", "så justerte jeg", "så flyttet jeg",
        ],
        "result": [
            "som et resultat", "resultatet", "førte til", "til slutt", "endte med", "vi oppnådde",
            "jeg oppnådde", "vi nådde", "utfallet", "økte", "vokste", "forbedret", "reduserte",
            "prosent", "utsolgt", "takket være", "lærdommen", "jeg lærte", "siden da",
            "doblet", "dobbelt så",
        ],
    },
}
_IRREGULAR_PAST_EN = frozenset(
    "took made wrote built led ran went set sent found gave brought began chose spoke told "
    "met put kept got did saw thought bought sold cut won".split()
)


def _is_past(verb: str, language: str) -> bool:
    if language == "nb":
        return verb.endswith(("te", "de", "et")) and len(verb) > 4
    return (verb.endswith("ed") and len(verb) > 4) or verb in _IRREGULAR_PAST_EN


def _past_tense_actions(tokens: list[Token], language: str) -> list[tuple[int, int]]:
    """Places where "I"/"we" goes with a past-tense verb: "I moved", and in
    Norwegian also the inverted "så flyttet jeg"."""
    subjects = {"en": ("i", "we"), "nb": ("jeg", "vi")}.get(language, ("i", "we"))
    spans = []
    for i, token in enumerate(tokens):
        if token.text not in subjects:
            continue
        if i + 1 < len(tokens) and _is_past(tokens[i + 1].text, language):
            spans.append((i, i + 1))
        elif language == "nb" and i > 0 and _is_past(tokens[i - 1].text, language):
            spans.append((i - 1, i))
    return spans


def star_cues(tokens: list[Token], language: str) -> dict:
    cues = CUES.get(language, CUES["en"])
    parts = {}
    for part in PARTS:
        spans = [(m.first, m.last) for m in PhraseMatcher(cues[part], language).find_all(tokens)]
        if part == "action":
            covered = {i for first, last in spans for i in range(first, last + 1)}
            spans += [s for s in _past_tense_actions(tokens, language) if s[0] not in covered]
        phrases = [
            {"text": span_text(tokens, first, last), "start_s": tokens[first].start_s}
            for first, last in sorted(spans)
        ]
        parts[part] = {"found": bool(phrases), "phrases": phrases}
    return {"found": sum(1 for p in parts.values() if p["found"]), "parts": parts}
