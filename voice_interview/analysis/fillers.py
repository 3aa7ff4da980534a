"""Fillers and hedges found in the words of an answer.

Pure fillers ("um", "uh", "eh") always count. Words that are fillers only
in some uses count only there, from the words around them and the
punctuation Whisper writes: "it was, like, huge" and "like 40 percent" are
fillers, "I like this campaign" and "platforms like TikTok" are not;
"you know, we..." is, "do you know what..." is not; "kind of hard" is,
"what kind of content" is not. Hedges ("I think", "maybe") soften a claim;
they are reported apart from fillers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from voice_interview.analysis.tokens import Token, normalize_surface

PURE_FILLERS = {
    "en": frozenset("um umm ummm uh uhh uhhh uhm er erm err ah ahh hmm hm mm mmm eh ehm".split()),
    "nb": frozenset("eh ehh ehm æh æhm øh øhm hm hmm mm mmm uh".split()),
}
SUBJECTS = frozenset("i you we they he she who people i'd we'd you'd they'd".split())
AUXILIARIES = frozenset(
    "would 'd to do don't did didn't does doesn't will 'll can could might may should "
    "not really also still always never just genuinely especially particularly".split()
)
CLAUSE_STARTERS = frozenset(
    "i we they he she you there so and but then it's we're i'm they're that's there's "
    "um uh like".split()
)
KNOW_MEAN_BEFORE = frozenset(
    "do did don't didn't if as would to will 'll might may can could should let what that "
    "whether".split()
)
DETERMINERS = frozenset(
    "a an the this that what which some any every each one same no other another these "
    "those all different right wrong first my your our their his her its new whatever".split()
)
CONJUNCTIONS = {"en": frozenset("and but so or because".split()), "nb": frozenset("og men så eller fordi".split())}
AS_VERBS = frozenset("said say mentioned discussed agreed planned expected did do".split())
COMPARATIVES_NB = frozenset("mer mindre bedre verre flere færre større lenger oftere fortere tidligere".split())


@dataclass(frozen=True)
class Found:
    kind: str  # filler | hedge
    text: str  # the canonical form, e.g. "you know"
    said: str  # as transcribed, e.g. "You know"
    first: int  # token indexes
    last: int
    start_s: float | None
    end_s: float | None


Check = Callable[[list[Token], int, int, str], bool]


def _text(tokens: list[Token], i: int) -> str:
    return tokens[i].text if 0 <= i < len(tokens) else ""


def _clause_start(tokens: list[Token], i: int, language: str) -> bool:
    return i == 0 or bool(tokens[i].mark_before) or _text(tokens, i - 1) in CONJUNCTIONS[language]


def _next_to_filler(tokens: list[Token], first: int, last: int, language: str) -> bool:
    fillers = PURE_FILLERS[language]
    return _text(tokens, first - 1) in fillers or _text(tokens, last + 1) in fillers


def _always(tokens, first, last, language) -> bool:
    return True


def _like(tokens, i, last, language) -> bool:
    before = i - 1
    while _text(tokens, before) in AUXILIARIES:
        before -= 1
    verb_context = _text(tokens, before) in SUBJECTS or _text(tokens, i - 1) in ("would", "'d", "to")
    if verb_context and not tokens[i].mark_before:
        return False  # the verb: "I really like", "would like to" (not "people, like, share")
    following = _text(tokens, i + 1)
    if tokens[i].mark_after or _next_to_filler(tokens, i, i, language) or following == "like":
        return True  # "it was, like, huge"; "a conference, like Social Media Week" is not
    if following[:1].isdigit() or following in ("a", "an") and _text(tokens, i + 2)[:1].isdigit():
        return True  # "like 40 percent": an approximation filler
    # "so like we were...", but "and like we said" is "as we said".
    return (
        _text(tokens, i - 1) in CONJUNCTIONS[language]
        and following in SUBJECTS | {"it", "it's", "there"}
        and _text(tokens, i + 2) not in AS_VERBS
    )


def _know_mean(tokens, first, last, language) -> bool:
    if _text(tokens, first - 1) in KNOW_MEAN_BEFORE:
        return False  # "do you know", "what I mean"
    following = _text(tokens, last + 1)
    return bool(tokens[last].mark_after) or not following or following in CLAUSE_STARTERS


def _kind_of(tokens, first, last, language) -> bool:
    return _text(tokens, first - 1) not in DETERMINERS  # "what kind of", "a sort of"


def _clause_adverb(tokens, first, last, language) -> bool:
    return (
        _clause_start(tokens, first, language)
        or bool(tokens[last].mark_after)
        or _next_to_filler(tokens, first, last, language)
    )


def _jo(tokens, i, last, language) -> bool:
    if tokens[i].sentence_start:
        return False  # "Jo, ..." answers a question
    return _text(tokens, i + 1) not in COMPARATIVES_NB and not _text(tokens, i + 1).endswith("ere")


def _paa_en_maate(tokens, first, last, language) -> bool:
    return _text(tokens, last + 1) not in ("som", "at", "der")  # "på en måte som passer"


RULES: dict[str, list[tuple[tuple[str, ...], str, Check]]] = {
    "en": [
        (("like",), "filler", _like),
        (("you", "know"), "filler", _know_mean),
        (("i", "mean"), "filler", _know_mean),
        (("sort", "of"), "filler", _kind_of),
        (("kind", "of"), "filler", _kind_of),
        (("basically",), "filler", _always),
        (("literally",), "filler", _always),
        (("actually",), "filler", _clause_adverb),
        (("i", "think"), "hedge", _always),
        (("i", "guess"), "hedge", _always),
        (("i", "suppose"), "hedge", _always),
        (("i", "believe"), "hedge", _always),
        (("i", "feel", "like"), "hedge", _always),
        (("i'm", "not", "sure"), "hedge", _always),
        (("maybe",), "hedge", _always),
        (("probably",), "hedge", _always),
        (("perhaps",), "hedge", _always),
        (("possibly",), "hedge", _always),
    ],
    "nb": [
        (("liksom",), "filler", _always),
        (("på", "en", "måte"), "filler", _paa_en_maate),
        (("altså",), "filler", _always),
        (("jo",), "filler", _jo),
        (("egentlig",), "filler", _clause_adverb),
        (("jeg", "tror"), "hedge", _always),
        (("tror", "jeg"), "hedge", _always),
        (("jeg", "antar"), "hedge", _always),
        (("kanskje",), "hedge", _always),
        (("antakelig",), "hedge", _always),
        (("sannsynligvis",), "hedge", _always),
        (("muligens",), "hedge", _always),
    ],
}


def find_fillers_and_hedges(tokens: list[Token], language: str) -> list[Found]:
    language = language if language in RULES else "en"
    pure = PURE_FILLERS[language]
    rules = sorted(RULES[language], key=lambda rule: -len(rule[0]))
    found: list[Found] = []
    i = 0
    while i < len(tokens):
        if tokens[i].text in pure:
            found.append(_found(tokens, "filler", tokens[i].text, i, i))
            i += 1
            continue
        for words, kind, check in rules:
            last = i + len(words) - 1
            if tuple(_text(tokens, j) for j in range(i, last + 1)) == words and check(tokens, i, last, language):
                found.append(_found(tokens, kind, " ".join(words), i, last))
                i = last + 1
                break
        else:
            i += 1
    return found


def _found(tokens: list[Token], kind: str, text: str, first: int, last: int) -> Found:
    said = " ".join(normalize_surface(t.raw) for t in tokens[first : last + 1])
    return Found(kind, text, said, first, last, tokens[first].start_s, tokens[last].end_s)
