"""How specific an answer is: the numbers, results, named platforms and
tools, and concrete examples it gives, each quoted with its time.

Interviewers and coaches ask for exactly these (Big Interview and the STAR
guides: "quantify the result", "name the tool", "give one example"). They
are found from word lists and one rule: a run of capitalised words inside a
sentence (Whisper capitalises proper names) is a name, e.g. "Social Media
Today". Lists, not understanding: bench/specificity_eval.py measures how
often they are right.
"""

from __future__ import annotations

import re

from voice_interview.analysis.tokens import PhraseMatcher, Token, quote, span_text

KINDS = ("numbers", "results", "named", "examples")

NUMBER_WORDS = {
    "en": set(
        "two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty "
        "hundred hundreds thousand thousands million millions billion percent half double twice dozen".split()
    ),
    "nb": set(
        "to tre fire fem seks sju syv åtte ni ti elleve tolv femten tjue tretti førti femti hundre "
        "tusen million millioner milliard prosent halvparten dobbelt".split()
    ),
}
RESULT_PHRASES = {
    "en": [
        "increased", "increase", "grew", "growth", "improved", "reduced", "raised", "doubled", "tripled",
        "boosted", "went up", "went down", "dropped by", "resulted in", "as a result", "led to", "achieved",
        "we reached", "i reached", "it reached", "sold out", "saved", "cut", "beat", "exceeded",
    ],
    "nb": [
        "økte", "økning", "vokste", "vekst", "forbedret", "reduserte", "doblet", "tredoblet", "gikk opp",
        "gikk ned", "falt", "førte til", "som et resultat", "oppnådde", "nådde", "utsolgt", "sparte",
        "kuttet", "slo", "overgikk",
    ],
}
EXAMPLE_PHRASES = {
    "en": [
        "for example", "for instance", "such as", "one time", "once", "last year", "last month",
        "last week", "at my last job", "in my last job", "in my last role", "in my previous role",
        "when i was", "when i worked", "i remember", "there was a time", "a while ago", "years ago",
    ],
    "nb": [
        "for eksempel", "blant annet", "en gang", "i fjor", "forrige måned", "forrige uke",
        "i min forrige jobb", "i forrige jobb", "i min forrige rolle", "da jeg var", "da jeg jobbet",
        "jeg husker", "år siden", "for en stund siden",
    ],
}
# Platforms and tools a social media manager names (both languages), found
# in any case. Names that are also common words (Later, Buffer, Slack,
# Notion, Excel, Teams, Monday) count only when capitalised, by the rule below.
TOOLS = [
    "instagram", "tiktok", "linkedin", "facebook", "youtube", "twitter", "pinterest", "snapchat",
    "reddit", "hootsuite", "sprout social", "canva", "capcut", "asana", "trello", "jira",
    "google analytics", "ga4", "looker studio", "meta business suite", "business manager", "ads manager",
    "google sheets", "brandwatch", "talkwalker", "meltwater", "hubspot", "salesforce", "mailchimp",
    "photoshop", "figma", "chatgpt", "semrush", "airtable", "clickup", "tableau", "power bi",
]
# Capitalised words that name no platform, tool or source: "I", and English
# days and months. ("reach" and "drop" are results only as verbs, so the
# lists above say "we reached", "dropped by".)
NOT_NAMES = {"i", "i'm", "i've", "i'd", "i'll", "ok", "okay", "jeg", "vi", "um", "uh", "eh", "ehm"} | set(
    "monday mondays tuesday tuesdays wednesday wednesdays thursday thursdays friday fridays saturday "
    "saturdays sunday sundays january february march april may june july august september october "
    "november december".split()
)
_DIGIT = re.compile(r"\d")


def _item(tokens: list[Token], first: int, last: int) -> dict:
    return {
        "text": span_text(tokens, first, last),
        "quote": quote(tokens, first, last),
        "start_s": tokens[first].start_s,
        "end_s": tokens[last].end_s,
    }


def _named_spans(tokens: list[Token], language: str) -> list[tuple[int, int]]:
    spans = [(m.first, m.last) for m in PhraseMatcher(TOOLS, language).find_all(tokens)]
    taken = {i for first, last in spans for i in range(first, last + 1)}
    i = 0
    while i < len(tokens):
        token = tokens[i]
        capital = token.raw.lstrip("\"'“«(")[:1].isupper()
        if capital and not token.sentence_start and token.text not in NOT_NAMES and i not in taken:
            j = i
            while j + 1 < len(tokens) and not tokens[j + 1].sentence_start and (
                tokens[j + 1].raw[:1].isupper() or tokens[j + 1].text.isdigit()  # "Rema 1000"
            ):
                j += 1
            spans.append((i, j))
            i = j + 1
            continue
        i += 1
    return sorted(spans)


def specificity(tokens: list[Token], language: str) -> dict:
    """Every specific detail of an answer, by kind, quoted and timed."""
    lang = language if language in NUMBER_WORDS else "en"
    named = _named_spans(tokens, lang)
    in_names = {i for first, last in named for i in range(first, last + 1)}
    numbers: list[tuple[int, int]] = []
    for t in tokens:
        if t.index in in_names or not (_DIGIT.search(t.text) or t.text in NUMBER_WORDS[lang]):
            continue
        if numbers and numbers[-1][1] == t.index - 1 and not t.sentence_start:
            numbers[-1] = (numbers[-1][0], t.index)  # "40 percent", "two thousand"
        else:
            numbers.append((t.index, t.index))
    found = {
        "numbers": numbers,
        "results": [(m.first, m.last) for m in PhraseMatcher(RESULT_PHRASES[lang], lang).find_all(tokens)],
        "named": named,
        "examples": [(m.first, m.last) for m in PhraseMatcher(EXAMPLE_PHRASES[lang], lang).find_all(tokens)],
    }
    kinds = {kind: [_item(tokens, first, last) for first, last in found[kind]] for kind in KINDS}
    return {
        "count": sum(len(items) for items in kinds.values()),
        "kinds_present": sum(1 for items in kinds.values() if items),
        "kinds": kinds,
    }
