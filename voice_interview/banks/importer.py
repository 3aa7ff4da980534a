"""``bank import``: a plain article of numbered questions into a bank.

The article is read as blocks (paragraphs, headings, lines). A block is

- a **question** when it starts "N. " and N follows the previous question's
  number (or starts a section), so numbered lists inside guidance stay text;
- a **heading** when it is a Markdown heading, or short (at most 12 words),
  capitalised, unnumbered and without closing punctuation;
- **debris** when it matches one of ``DEBRIS_PATTERNS`` (social media
  embeds, share prompts, "angel number" spam, image credits, bare links) or
  is a short lower-case fragment that is neither heading nor sentence;
- otherwise a **paragraph**: guidance of the question above it, or the
  introduction of the section it opens.

Paragraphs before the first section or question (the article's marketing
intro) and sections without questions (its outro: "Next steps", "Share with
your friends") are dropped. Each question's talking points are drafted from
its guidance (the sentences that say what to look or listen for, and their
content words as cues): a starting point for the author to edit.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from voice_interview.banks.bank import check_bank_data
from voice_interview.banks.rules import BANK_FORMAT_VERSION
from voice_interview.errors import BadInputError, StorageError
from voice_interview.records.privatefile import private_atomic

MAX_ARTICLE_BYTES = 5 * 1024 * 1024
MAX_HEADING_WORDS = 12
MAX_TALKING_POINTS = 3
MAX_CUES = 6

DEBRIS_PATTERNS = [re.compile(p, re.IGNORECASE) for p in (
    r"^(se|view) (dette|this) (innlegget|post)( på| on) \w+",    # embedded social posts
    r"^(et innlegg|a post|an? \w+ post) (delt av|shared by)\b",
    r"\(@\w+\)\s*$",                                             # "… (@handle)" credit lines
    r"^(engle|engel|angel ?)?num+er(et)? \d+\b",                 # "angel number" SEO spam
    r"^\d+ ?(som betyr|meaning|betydning)\b",
    r"^(del|share)( (med|with) (vennene dine|your friends)| this( article| post)?| on \w+)?\s*:?\s*\d*$",
    r"^(les også|les mer|read more|related|relatert|see also|se også|recommended)\b.{0,80}$",
    r"^(annonse|advertisement|sponset|sponsored)( content)?$",
    r"^(click to tweet|tweet this|pin it)\b",
    r"^(photo|foto|image|bilde|illustrasjon|illustration)( credit)?\s*:",
    r"^(https?://|www\.)\S+$",
    r"^(subscribe|abonner|sign up|meld deg på)\b.{0,80}$",
)]
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
BEHAVIOURAL = {
    "en": re.compile(r"\b(tell (me|us) about a time|describe a (time|situation)|give (me|us) an example"
                     r"|talk about a (time|campaign|project)|a time (when|you))\b", re.IGNORECASE),
    "nb": re.compile(r"\b(fortell (meg |oss )?om en (gang|situasjon)|beskriv en (gang|situasjon)"
                     r"|snakk(e)? om en (gang|kampanje)|en gang (du|da))\b", re.IGNORECASE),
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
GENERIC_HEADING_WORDS = {"questions", "question", "interview", "spørsmål", "intervju", "intervjuspørsmål"}
MISSING_GUIDANCE = {
    "en": "The article gives no guidance here: write what a good answer shows.",
    "nb": "Artikkelen gir ingen veiledning her: skriv hva et godt svar viser.",
}

_QUESTION = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"«(]?[A-ZÆØÅÄÖÜ0-9])")
_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]", re.UNICODE)


@dataclass
class ArticleQuestion:
    number: int
    text: str
    guidance: list[str] = field(default_factory=list)


@dataclass
class ArticleSection:
    heading: str | None
    intro: list[str] = field(default_factory=list)
    questions: list[ArticleQuestion] = field(default_factory=list)


@dataclass
class Article:
    sections: list[ArticleSection]
    dropped: list[str]  # debris, intro and outro blocks, in article order


@dataclass(frozen=True)
class ImportResult:
    path: Path
    questions: int
    categories: int
    dropped: list[str]


def import_article(
    article_path: Path,
    out_path: Path,
    language: str,
    bank_id: str | None = None,
    title: str | None = None,
    force: bool = False,
) -> ImportResult:
    if out_path.exists() and not force:
        raise BadInputError(f"{out_path} already exists; choose another name, or pass --force to overwrite it")
    article = parse_article(_read_article(article_path))
    questions = [q for s in article.sections for q in s.questions]
    if not questions:
        raise BadInputError(
            f"{article_path}: no numbered questions found; the importer expects each question on its "
            "own line as '1. Question text', followed by its guidance paragraphs"
        )
    bank_title = title or _title_from_stem(out_path.stem)
    raw = bank_data(article, language, bank_id or slugify(out_path.stem) or "imported",
                    bank_title, f"Imported from {article_path.name} with voice-interview bank import")
    check_bank_data(raw, out_path)  # the importer's own output must load
    _write_atomically(out_path, bank_toml(raw, article_path.name))
    return ImportResult(out_path, len(questions), len(raw["categories"]), article.dropped)


def _read_article(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_ARTICLE_BYTES:
            raise BadInputError(f"{path}: over 5 MB; an article to import is a text file")
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInputError(f"{path}: not a UTF-8 text file; save the article as plain text or Markdown") from None
    except OSError as exc:
        raise BadInputError(f"{path}: cannot read it ({exc.strerror or exc})") from None


def parse_article(text: str) -> Article:
    sections: list[ArticleSection] = []
    dropped: list[str] = []
    section: ArticleSection | None = None
    question: ArticleQuestion | None = None
    for block, is_markdown_heading in _blocks(text):
        numbered = _QUESTION.match(block)
        if numbered and (question is None or int(numbered.group(1)) == question.number + 1
                         or (section is not None and not section.questions)):
            if section is None:
                section = ArticleSection(None)
                sections.append(section)
            question = ArticleQuestion(int(numbered.group(1)), numbered.group(2))
            section.questions.append(question)
        elif is_debris(block):
            dropped.append(block)
        elif is_markdown_heading or (not numbered and _looks_like_heading(block)):
            section, question = ArticleSection(block), None
            sections.append(section)
        elif question is not None:
            question.guidance.append(block)
        elif section is not None:
            section.intro.append(block)
        else:
            dropped.append(block)
    kept = []
    for s in sections:
        if s.questions:
            kept.append(s)
        else:
            dropped.extend(([s.heading] if s.heading else []) + s.intro)
    return Article(kept, dropped)


def _blocks(text: str):
    """(cleaned block, is a Markdown heading): paragraphs split on blank
    lines, with headings and numbered lines as blocks of their own."""
    current: list[str] = []

    def flush():
        if current:
            joined = clean_text(" ".join(current))
            current.clear()
            if joined:
                yield joined, False

    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = line.strip()
        if not stripped:
            yield from flush()
        elif stripped.startswith("#"):
            yield from flush()
            heading = clean_text(stripped.lstrip("#"))
            if heading:
                yield heading, not _QUESTION.match(heading)
        elif _QUESTION.match(clean_text(stripped)):
            yield from flush()
            current.append(stripped)
        else:
            current.append(stripped)
    yield from flush()


def clean_text(text: str) -> str:
    """Markdown and HTML markup out, whitespace normalised, no space before
    punctuation ("medier , et" → "medier, et")."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)  # images
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)  # links keep their text
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    text = "".join(c for c in text if c in "\t\n" or unicodedata.category(c)[0] != "C")
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^[-*+>]\s+(?=\d{1,3}\.\s)", "", text)  # "- 1. Question" list items
    return re.sub(r"\s+([,.;:!?])(?=\s|$)", r"\1", text)


def is_debris(block: str) -> bool:
    if any(p.search(block) for p in DEBRIS_PATTERNS):
        return True
    if not re.search(r"[^\W\d_]", block):
        return True  # no letters at all: counters, separators
    words = block.split()
    # A short lower-case fragment with no closing punctuation is neither a
    # heading nor a sentence ("nummer 55 som betyr").
    return len(words) <= 6 and block[0].islower() and not block.endswith((".", "!", "?", ":"))


def _looks_like_heading(block: str) -> bool:
    return (
        len(block.split()) <= MAX_HEADING_WORDS
        and len(block) <= 120
        and (block[0].isupper() or block[0].isdigit())
        and not block.endswith((".", "!", "?", ":", ";", ",", "…"))
    )


def slugify(text: str, max_words: int = 0, skip: set[str] = frozenset()) -> str:
    """ASCII slug: "Målsettingsspørsmål" → "malsettingssporsmal"."""
    words = re.findall(r"[^\W_]+", text.lower())
    kept = [w for w in words if w not in skip] or words
    if max_words:
        kept = kept[:max_words]
    ascii_text = " ".join(kept).translate(str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ß": "ss"}))
    ascii_text = unicodedata.normalize("NFKD", ascii_text).encode("ascii", "ignore").decode()
    kept = re.findall(r"[a-z0-9]+", ascii_text)
    slug = ""
    for word in kept:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > 40 and slug:
            break
        slug = candidate[:63]
    return slug


def _unique(slug: str, taken: set[str], fallback: str) -> str:
    slug = slug or fallback
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug[:60]}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _title_from_stem(stem: str) -> str:
    words = re.sub(r"[-_]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else "Imported questions"


def bank_data(article: Article, language: str, bank_id: str, title: str, source: str) -> dict:
    stop = _stopwords(language)
    common = _common_words(article, language)
    category_slugs: set[str] = set()
    question_ids: set[str] = set()
    categories, questions = [], []
    for index, section in enumerate(article.sections, 1):
        name = section.heading or title
        slug = _unique(slugify(name, 3, stop | GENERIC_HEADING_WORDS), category_slugs, f"section-{index}")
        category = {"slug": slug, "name": {language: name}}
        if section.intro:
            category["intro"] = {language: "\n\n".join(section.intro)}
        categories.append(category)
        for q in section.questions:
            guidance = "\n\n".join(q.guidance) or MISSING_GUIDANCE.get(language, MISSING_GUIDANCE["en"])
            behavioural = bool(BEHAVIOURAL.get(language, BEHAVIOURAL["en"]).search(q.text))
            questions.append({
                "id": _unique(slugify(q.text, 4, stop), question_ids, f"question-{len(questions) + 1}"),
                "number": len(questions) + 1,
                "category": slug,
                "behavioural": behavioural,
                "suggested_answer_s": 120 if behavioural else 90,
                "text": {language: q.text},
                "guidance": {language: guidance},
                "talking_points": [
                    {"label": {language: label}, "cues": {language: cues}}
                    for label, cues in draft_talking_points(guidance, q.text, language, common)
                ],
            })
    return {
        "format_version": BANK_FORMAT_VERSION,
        "id": bank_id,
        "languages": [language],
        "title": {language: title},
        "source": source,
        "categories": categories,
        "questions": questions,
    }


def _common_words(article: Article, language: str) -> frozenset[str]:
    """Words in the guidance of over a quarter of the questions (at least
    three): the article's topic ("social", "media"), not one question's."""
    questions = [q for s in article.sections for q in s.questions]
    counts: dict[str, int] = {}
    for q in questions:
        for word in set(content_words(" ".join(q.guidance), language)):
            counts[word] = counts.get(word, 0) + 1
    threshold = max(3, len(questions) / 4)
    return frozenset(word for word, count in counts.items() if count > threshold)


def _stopwords(language: str) -> set[str]:
    return STOPWORDS.get(language, set())


def content_words(text: str, language: str) -> list[str]:
    skip = _stopwords(language) | META_WORDS.get(language, set())
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


def bank_toml(raw: dict, article_name: str) -> str:
    """The bank as TOML laid out like the shipped one: one table per
    category and question, guidance as multi-line strings."""
    lang = raw["languages"][0]
    out = [
        f"# Imported from {article_name} with `voice-interview bank import`.",
        "# The talking points below are drafts made from each question's guidance:",
        "# edit their labels and cues (words a good answer would say), then run",
        "# `voice-interview bank check` on this file. Format: docs/bank-format.md.",
        "",
        f"format_version = {raw['format_version']}",
        f"id = {_string(raw['id'])}",
        f"languages = [{_string(lang)}]",
        f"title = {{ {lang} = {_string(raw['title'][lang])} }}",
        f"source = {_string(raw['source'])}",
    ]
    for category in raw["categories"]:
        out += ["", "[[categories]]", f"slug = {_string(category['slug'])}",
                f"name = {{ {lang} = {_string(category['name'][lang])} }}"]
        if "intro" in category:
            out.append(f"intro = {{ {lang} = {_string(category['intro'][lang])} }}")
    for q in raw["questions"]:
        out += [
            "", f"# --- {q['number']} ---", "[[questions]]",
            f"id = {_string(q['id'])}",
            f"number = {q['number']}",
            f"category = {_string(q['category'])}",
            f"behavioural = {'true' if q['behavioural'] else 'false'}",
            f"suggested_answer_s = {q['suggested_answer_s']}",
            f"text = {{ {lang} = {_string(q['text'][lang])} }}",
            f"guidance = {{ {lang} = {_multiline(q['guidance'][lang])} }}",
        ]
        for point in q["talking_points"]:
            cues = ", ".join(_string(c) for c in point["cues"][lang])
            out += ["", "[[questions.talking_points]]",
                    f"label = {{ {lang} = {_string(point['label'][lang])} }}",
                    f"cues = {{ {lang} = [{cues}] }}"]
    return "\n".join(out) + "\n"


def _string(value: str) -> str:
    # A JSON string is a valid TOML basic string (same escapes).
    return json.dumps(value, ensure_ascii=False)


def _multiline(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"""', '""\\"')
    if escaped.endswith('"'):
        escaped = escaped[:-1] + '\\"'
    return f'"""\n{escaped}"""'


def _write_atomically(path: Path, text: str) -> None:
    try:
        with private_atomic(path, "w", owner_only=False) as handle:
            handle.write(text)
    except OSError as exc:
        raise StorageError(f"cannot write {path} ({exc.strerror or exc})") from None
