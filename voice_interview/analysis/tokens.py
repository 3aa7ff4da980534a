"""Words of an answer as tokens, a light stemmer, and phrase matching.

Every text measure works on the same tokens: the transcript's timed words
(or a typed answer's text, untimed), lowercased, with the punctuation
Whisper put around them kept aside, since a comma is what tells "like,"
the filler from "like" the verb. Hyphens and slashes split a word into
parts for matching, so "short-form" matches the cue "short form video" and
"Instagram-kontoene" matches "instagram".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_EDGE_PUNCTUATION = ".,;:!?\"“”‘’«»()[]…—–-"
_PART_SPLIT = re.compile(r"[-/‐]+")
_KEEP = re.compile(r"[^\w'+&]+")


@dataclass(frozen=True)
class Token:
    index: int
    raw: str  # as transcribed, punctuation included
    text: str  # lowercased, no edge punctuation ("" for pure punctuation)
    parts: tuple[str, ...]  # text split at hyphens and slashes, for matching
    start_s: float | None = None
    end_s: float | None = None
    mark_before: str = ""  # punctuation just before it ("," "." ...), or ""
    mark_after: str = ""
    probability: float = 1.0  # Whisper's confidence in the word (1.0 when typed)

    @property
    def sentence_start(self) -> bool:
        return self.index == 0 or any(c in self.mark_before for c in ".!?…")


def normalize(word: str) -> str:
    word = word.replace("’", "'").replace("‘", "'").lower()
    return word.strip(_EDGE_PUNCTUATION + " '")


def split_parts(text: str) -> tuple[str, ...]:
    return tuple(p for p in (_KEEP.sub("", part) for part in _PART_SPLIT.split(text)) if p)


def tokenize(text: str, timed_words=None) -> list[Token]:
    """Tokens from timed words (objects with ``word``, ``start_s``, ``end_s``)
    when there are any, otherwise from the text, untimed."""
    pieces: list[tuple[str, float | None, float | None, float]] = []
    if timed_words:
        for word in timed_words:
            for piece in word.word.split():
                pieces.append((piece, word.start_s, word.end_s, float(getattr(word, "probability", 1.0))))
    else:
        pieces = [(piece, None, None, 1.0) for piece in text.split()]
    tokens: list[Token] = []
    for raw, start_s, end_s, probability in pieces:
        text_form = normalize(raw)
        if not text_form:
            # A lone punctuation mark: it ends the previous token.
            if tokens:
                tokens[-1] = _with(tokens[-1], mark_after=tokens[-1].mark_after + raw)
            continue
        core = raw.replace("’", "'")
        lead = core[: len(core) - len(core.lstrip(_EDGE_PUNCTUATION))]
        trail = core[len(core.rstrip(_EDGE_PUNCTUATION)) :]
        tokens.append(
            Token(len(tokens), raw, text_form, split_parts(text_form), start_s, end_s, lead, trail, probability)
        )
    return [
        _with(t, mark_before=(tokens[i - 1].mark_after if i else "") + t.mark_before)
        for i, t in enumerate(tokens)
    ]


def _with(token: Token, **changes) -> Token:
    values = {**token.__dict__, **changes}
    return Token(**values)


# --- stemming --------------------------------------------------------------
_EN_SUFFIXES = ("ies", "ied", "ing", "ed", "es", "s", "ly")
# Norwegian inflection endings (after the Snowball Norwegian stemmer's step 1).
_NB_SUFFIXES = (
    "hetenes", "hetene", "hetens", "endes", "heten", "heter", "edes", "enes", "ande", "ende",
    "erte", "ast", "ane", "ede", "ene", "ens", "ers", "ert", "ets", "het", "ar", "as", "en",
    "er", "es", "et", "a", "e",
)
_VOWELS = set("aeiouyæøå")


def stem(word: str, language: str) -> str:
    """A light stemmer: enough to match "learned", "learning" and "learn",
    or "kampanjen" and "kampanje", without merging unrelated words."""
    if language == "nb":
        return _stem_nb(word)
    return _stem_en(word)


def _stem_en(word: str) -> str:
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix in _EN_SUFFIXES:
        if not word.endswith(suffix):
            continue
        base = word[: -len(suffix)]
        if suffix == "s" and word[-2] in "sui":
            return word  # business, status, analysis
        if suffix == "ed" and base.endswith("e"):
            return word  # need, speed
        if suffix == "ly" and len(base) < 4:
            return word  # early, daily
        if len(base) < 3:
            return word
        if suffix in ("ies", "ied"):
            base += "y"
        elif len(base) > 3 and base[-1] == base[-2] and base[-1] not in "lsz":
            base = base[:-1]  # planned, running
        return base[:-1] if base.endswith("e") and len(base) > 3 else base
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


def _stem_nb(word: str) -> str:
    region = _r1(word)
    for suffix in _NB_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= region:
            return word[: -len(suffix)]
    if word.endswith(("erte", "ert")) and len(word) - 2 >= region:
        return word[:-2]
    return word


def _r1(word: str) -> int:
    """Start of the Snowball R1 region, at least 3 letters in."""
    for i in range(1, len(word)):
        if word[i] not in _VOWELS and word[i - 1] in _VOWELS:
            return max(i + 1, 3)
    return len(word)


# --- phrase matching ---------------------------------------------------------
@dataclass(frozen=True)
class Match:
    phrase: str  # the cue, term or phrase that matched
    first: int  # index of the first and last token matched
    last: int


class PhraseMatcher:
    """Finds phrases (one or more words) in tokens, word by word on stems.

    In Norwegian a word also matches when it starts with the phrase word's
    stem (4+ letters), which covers inflections the stemmer misses
    ("følgerne") and compounds ("kampanjeresultatene" for "kampanje").
    """

    def __init__(self, phrases, language: str) -> None:
        self.language = language
        self._phrases = []
        for phrase in phrases:
            words = [p for w in phrase.split() for p in split_parts(normalize(w))]
            if words:
                self._phrases.append((phrase, tuple(stem(w, language) for w in words)))
        # Longer phrases first, so "engagement rate" wins over "engagement".
        self._phrases.sort(key=lambda item: -len(item[1]))

    def find_all(self, tokens: list[Token], skip=frozenset()) -> list[Match]:
        """Every match, longest phrase first at each place, no overlaps.
        Tokens whose text is in ``skip`` (pure fillers) are stepped over."""
        parts = [
            (stem(part, self.language), part, token.index)
            for token in tokens
            if token.text not in skip
            for part in token.parts
        ]
        used: set[int] = set()
        found: list[Match] = []
        for phrase, stems in self._phrases:
            n = len(stems)
            for i in range(len(parts) - n + 1):
                if any(j in used for j in range(i, i + n)):
                    continue
                if all(self._same(stems[k], parts[i + k]) for k in range(n)):
                    used.update(range(i, i + n))
                    found.append(Match(phrase, parts[i][2], parts[i + n - 1][2]))
        return sorted(found, key=lambda m: m.first)

    def _same(self, wanted: str, part: tuple[str, str, int]) -> bool:
        part_stem, surface, _ = part
        if part_stem == wanted:
            return True
        return self.language == "nb" and len(wanted) >= 4 and surface.startswith(wanted)


def span_text(tokens: list[Token], first: int, last: int) -> str:
    """The words from ``first`` to ``last`` as transcribed, edge punctuation off."""
    return " ".join(normalize_surface(t.raw) for t in tokens[first : last + 1])


def quote(tokens: list[Token], first: int, last: int, context: int = 3) -> str:
    """The words matched with up to ``context`` words either side, within
    their sentence: what a reader needs to see the match was meant."""
    start = first
    while start > 0 and first - start < context and not tokens[start].sentence_start:
        start -= 1
    end = last
    while end + 1 < len(tokens) and end - last < context and not tokens[end + 1].sentence_start:
        end += 1
    return normalize_surface(" ".join(t.raw.strip() for t in tokens[start : end + 1]))


def normalize_surface(raw: str) -> str:
    return raw.strip(_EDGE_PUNCTUATION.replace("-", "") + " ")
