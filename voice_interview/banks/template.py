"""``bank new``: a commented bank to start from, in English or Norwegian.

The template is itself a valid bank (a test checks it with ``bank check``),
so a new author can run it before changing a word.
"""

from __future__ import annotations

from pathlib import Path
from string import Template

from voice_interview.errors import BadInputError, StorageError

TEMPLATE = Template('''\
# A voice-interview question bank (format: docs/bank-format.md).
# Edit it, check it, use it:
#     voice-interview bank check $file
#     voice-interview questions --bank $file$lang_flag
#     voice-interview run --bank $file$lang_flag
# Texts are TOML strings: "one line", or """several lines""" for guidance
# with paragraphs. Lines starting with # are comments.

format_version = 1
# The bank's id: lowercase letters, digits and hyphens.
id = "$bank_id"
# Every text below needs each language listed here. For a bilingual bank
# write ["en", "nb"] and give every text both: text = { en = "…", nb = "…" }
languages = ["$lang"]
title = { $lang = "$title" }
# Optional: where the questions come from.
source = "$source"

# Optional: job-related words; the analysis notes which ones an answer uses.
[glossary]
$lang = [$glossary]

# Categories group the questions: `run --category SLUG` asks only that group.
[[categories]]
slug = "general"
name = { $lang = "$category_name" }
intro = { $lang = "$category_intro" }   # optional

# One [[questions]] table per question, in the order they are asked.
[[questions]]
id = "about-you"              # unique and stable: saved sessions refer to it
number = 1                    # unique; shown with the question
category = "general"          # a slug declared under [[categories]]
behavioural = false           # true for "tell me about a time when…" questions
suggested_answer_s = 90       # how long a good answer takes: 10 to 900 seconds
text = { $lang = "$q1_text" }
guidance = { $lang = """
$q1_guidance""" }

# 1 to 8 talking points per question: what a good answer covers. Cues are
# words or short phrases; an answer that says one of them covers the point.
# The probe (optional) is the follow-up the interviewer asks when an answer
# missed the point; weight (optional, 1 to 5, default 1) says which missed
# point is probed first: the heaviest, then the first listed.
[[questions.talking_points]]
label = { $lang = "$q1_point1" }
cues = { $lang = [$q1_cues1] }
probe = { $lang = "$q1_probe1" }

[[questions.talking_points]]
label = { $lang = "$q1_point2" }
cues = { $lang = [$q1_cues2] }
probe = { $lang = "$q1_probe2" }

# The next question: copy a whole [[questions]] block with its talking points,
# then give it a new id and number.
[[questions]]
id = "hard-problem"
number = 2
category = "general"
behavioural = true
suggested_answer_s = 120
text = { $lang = "$q2_text" }
guidance = { $lang = """
$q2_guidance""" }

[[questions.talking_points]]
label = { $lang = "$q2_point1" }
cues = { $lang = [$q2_cues1] }
probe = { $lang = "$q2_probe1" }

[[questions.talking_points]]
label = { $lang = "$q2_point2" }
cues = { $lang = [$q2_cues2] }
probe = { $lang = "$q2_probe2" }
weight = 2
''')

SAMPLES = {
    "en": {
        "title": "My interview practice",
        "source": "Written by me",
        "glossary": '"stakeholder", "deadline", "roadmap"',
        "category_name": "General",
        "category_intro": "Warm-up questions about you and your experience.",
        "q1_text": "Tell me about yourself.",
        "q1_guidance": "A good answer is short and links the candidate's experience to this job.\n\n"
        "A blank line, like the one above, starts a new paragraph.",
        "q1_point1": "Current role and main responsibility",
        "q1_cues1": '"currently", "my role", "responsible for"',
        "q1_point2": "Why this job",
        "q1_cues2": '"this role", "this job", "interested", "because"',
        "q2_text": "Tell me about a time you solved a difficult problem at work.",
        "q2_guidance": "Listen for a real situation, what the candidate did themselves, and the result.",
        "q2_point1": "The situation and the task",
        "q2_cues1": '"when", "situation", "problem", "we had to"',
        "q2_point2": "The result, with a number if possible",
        "q2_cues2": '"result", "in the end", "percent", "saved"',
        "q1_probe1": "What are you responsible for in your current role?",
        "q1_probe2": "What makes you interested in this job in particular?",
        "q2_probe1": "What was the situation, and what did you have to do?",
        "q2_probe2": "How did it turn out? Do you have a number?",
    },
    "nb": {
        "title": "Min intervjutrening",
        "source": "Skrevet av meg",
        "glossary": '"interessenter", "frist", "veikart"',
        "category_name": "Generelt",
        "category_intro": "Oppvarmingsspørsmål om deg og erfaringen din.",
        "q1_text": "Fortell litt om deg selv.",
        "q1_guidance": "Et godt svar er kort og knytter kandidatens erfaring til denne jobben.\n\n"
        "En tom linje, som den over, starter et nytt avsnitt.",
        "q1_point1": "Nåværende rolle og hovedansvar",
        "q1_cues1": '"for tiden", "rollen min", "ansvar for"',
        "q1_point2": "Hvorfor denne jobben",
        "q1_cues2": '"denne rollen", "denne jobben", "interessert", "fordi"',
        "q2_text": "Fortell om en gang du løste et vanskelig problem på jobben.",
        "q2_guidance": "Lytt etter en ekte situasjon, hva kandidaten selv gjorde, og resultatet.",
        "q2_point1": "Situasjonen og oppgaven",
        "q2_cues1": '"da", "situasjon", "problem", "vi måtte"',
        "q2_point2": "Resultatet, gjerne med et tall",
        "q2_cues2": '"resultat", "til slutt", "prosent", "sparte"',
        "q1_probe1": "Hva har du ansvar for i rollen din i dag?",
        "q1_probe2": "Hva gjør at du er interessert i akkurat denne jobben?",
        "q2_probe1": "Hva var situasjonen, og hva måtte du gjøre?",
        "q2_probe2": "Hvordan gikk det? Har du et tall?",
    },
}


def template_text(path: Path, language: str = "en") -> str:
    from voice_interview.banks.importer import slugify

    return TEMPLATE.substitute(
        SAMPLES[language],
        file=path,
        lang=language,
        lang_flag="" if language == "en" else f" --lang {language}",
        bank_id=slugify(path.stem) or "my-bank",
    )


def write_template(path: Path, language: str = "en", force: bool = False) -> Path:
    if path.exists() and not force:
        raise BadInputError(f"{path} already exists; choose another name, or pass --force to overwrite it")
    try:
        path.write_text(template_text(path, language), encoding="utf-8")
    except OSError as exc:
        raise StorageError(f"cannot write {path} ({exc.strerror or exc})") from None
    return path
