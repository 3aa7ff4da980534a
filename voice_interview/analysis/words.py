"""Most-used content words and job-related terms, as Google Interview
Warmup shows them: what an answer keeps coming back to, and which of the
field's vocabulary it uses (the bank's glossary)."""

from __future__ import annotations

from collections import Counter

from voice_interview.analysis.tokens import PhraseMatcher, Token, stem

STOP_WORDS = {
    "en": frozenset(
        """a about above after again against all also am an and any are aren't around as at
        back be because been before being below between both but by can can't cannot could
        couldn't did didn't do does doesn't doing don't down during each else even ever every
        few for from further get gets getting go goes going got had hadn't has hasn't have
        haven't having he he'd he'll he's her here here's hers herself him himself his how
        how's i i'd i'll i'm i've if in into is isn't it it's its itself just let's lot lots
        made make makes many me more most much must mustn't my myself need no nor not now of
        off often on once one only or other ought our ours ourselves out over own put quite
        rather really same say said says see seem shan't she she'd she'll she's should
        shouldn't so some something still such take than that that's the their theirs them
        themselves then there there's these they they'd they'll they're they've thing things
        this those though through to too took under until up upon us very was wasn't way we
        we'd we'll we're we've well were weren't what what's when when's where where's which
        while who who's whom why why's will with within without won't would wouldn't yes yet
        you you'd you'll you're you've your yours yourself yourselves um uh er erm ah hmm mm
        like know mean sort kind basically actually literally maybe probably think guess
        okay ok yeah two three four five six seven eight nine ten first also""".split()
    ),
    "nb": frozenset(
        """alle allerede alt altså andre annen annet at av bare begge ble blei bli blir blitt
        både da dag de deg dei deim deira deires dem den denne der dere deres det dette di din
        disse ditt du då eg ein eit eitt eller elles en enn er et ett etter for fordi fra få
        får fikk før ganske gikk gjorde gjør gjøre god godt går ha hadde han hans har hele
        helt henne hennar hennes her hjå ho hoe honom hoss hossen hun hva hvem hver hvert
        hvilke hvilken hvis hvor hvordan hvorfor i ikke ikkje ingen ingi inkje inn inni ja jeg
        jo kan kom korleis korso kun kunne kva kvar kvarhelst kven kvi kvifor kanskje liksom
        litt man mange me med medan meg meget mellom men mer mest mi min mine mitt mot mykje
        må måtte ned nei no noe noen noka noko nokon nokor nokre nok nå når og også om opp
        oss over på rundt sa samme se selv si sia sidan siden sin sine sitt sjøl skal skulle
        slik so som somme somt så sånn ta tok til tre to tror um under upp ut uten var vart
        varte ved veldig vel vere verte vi vil ville vore vors vort vår være vært å eh ehm øh
        øhm hm mm første andre""".split()
    ),
}


def content_counts(tokens: list[Token], language: str) -> Counter:
    """Content words by stem, each shown in its most frequent spelling."""
    stop = STOP_WORDS.get(language, STOP_WORDS["en"])
    by_stem: dict[str, Counter] = {}
    for token in tokens:
        word = token.text
        if word in stop or len(word) < 3 or not any(c.isalpha() for c in word):
            continue
        by_stem.setdefault(stem(word, language), Counter())[word] += 1
    return Counter({forms.most_common(1)[0][0]: sum(forms.values()) for forms in by_stem.values()})


def top_words(tokens: list[Token], language: str, limit: int, min_count: int) -> list[dict]:
    counts = content_counts(tokens, language)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [{"word": w, "count": c} for w, c in ranked[:limit] if c >= min_count]


def job_terms(tokens: list[Token], glossary: list[str], language: str) -> list[dict]:
    """Glossary terms used, longest first where they overlap, with counts."""
    if not glossary:
        return []
    counts = Counter(m.phrase for m in PhraseMatcher(glossary, language).find_all(tokens))
    return [{"term": t, "count": c} for t, c in sorted(counts.items(), key=lambda i: (-i[1], i[0].lower()))]
