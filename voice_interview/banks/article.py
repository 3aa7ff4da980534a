"""An article of numbered interview questions, read as blocks (paragraphs,
headings, lines), for ``bank import``. A block is

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
your friends") are dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

MAX_HEADING_WORDS = 12

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

_QUESTION = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")


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
