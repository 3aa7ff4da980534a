"""``bank import``: a plain article of numbered questions into a bank.

The article is read as blocks (``article.py``); each question's talking
points are drafted from its guidance (``drafts.py``); the bank is checked as
loading would check it and written as TOML laid out like the shipped one.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from voice_interview.banks.article import Article, parse_article
from voice_interview.banks.bank import check_bank_data
from voice_interview.banks.drafts import common_words, draft_talking_points, stopwords
from voice_interview.banks.rules import BANK_FORMAT_VERSION
from voice_interview.errors import BadInputError, StorageError
from voice_interview.records.privatefile import private_atomic

MAX_ARTICLE_BYTES = 5 * 1024 * 1024
BEHAVIOURAL = {
    "en": re.compile(r"\b(tell (me|us) about a time|describe a (time|situation)|give (me|us) an example"
                     r"|talk about a (time|campaign|project)|a time (when|you))\b", re.IGNORECASE),
    "nb": re.compile(r"\b(fortell (meg |oss )?om en (gang|situasjon)|beskriv en (gang|situasjon)"
                     r"|snakk(e)? om en (gang|kampanje)|en gang (du|da))\b", re.IGNORECASE),
}
GENERIC_HEADING_WORDS = {"questions", "question", "interview", "spørsmål", "intervju", "intervjuspørsmål"}
MISSING_GUIDANCE = {
    "en": "The article gives no guidance here: write what a good answer shows.",
    "nb": "Artikkelen gir ingen veiledning her: skriv hva et godt svar viser.",
}


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
    stop = stopwords(language)
    common = common_words(article, language)
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
