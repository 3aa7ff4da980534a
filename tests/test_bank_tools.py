"""`voice-interview bank`: a bank of one's own from the template, checked
with every problem on its line, and the seed article imported as a bank."""

from __future__ import annotations

import re
import tomllib

import pytest

from voice_interview.records import store
from voice_interview.banks.bank import default_bank_path, load_bank
from voice_interview.banks.importer import parse_article
from voice_interview.banks.check import check_bank_data_all
from voice_interview.banks.positions import Positions
from voice_interview.errors import BankError
from tests.conftest import DATA
from tests.test_bank import DEBRIS

SEED_ARTICLE = DATA / "seed_article.txt"
PROBLEM_LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+): (?P<where>(question|category) \d+ \('[^']*'\), field \S+|field \S+): .+$")


def lines_of(text: str, needle: str) -> int:
    """1-based line of the first line containing ``needle``."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


@pytest.mark.parametrize("language", ["en", "nb"])
def test_new_bank_template_passes_check(invoke, tmp_path, language):
    bank = tmp_path / "my-bank.toml"
    result = invoke("bank", "new", bank, "--lang", language)
    assert result.exit_code == 0, result.output
    assert f"voice-interview bank check {bank}" in result.output
    text = bank.read_text(encoding="utf-8")
    assert text.count("\n#") > 10  # commented
    check = invoke("bank", "check", bank)
    assert check.exit_code == 0, check.output
    assert check.output.strip() == f"{bank}: OK, 2 questions in 1 category; language {language}"
    assert load_bank(bank, language).id == "my-bank"


def test_new_refuses_to_overwrite_without_force(invoke, tmp_path):
    bank = tmp_path / "mine.toml"
    bank.write_text("keep me")
    result = invoke("bank", "new", bank)
    assert result.exit_code == 2
    assert "already exists" in result.output and "--force" in result.output
    assert bank.read_text() == "keep me"
    assert invoke("bank", "new", bank, "--force").exit_code == 0
    assert "format_version = 1" in bank.read_text()


def test_new_edit_check_then_run_with_your_own_bank(invoke, tmp_path):
    bank = tmp_path / "product.toml"
    invoke("bank", "new", bank)
    # The author adds a question of their own, as the template's comments say.
    bank.write_text(bank.read_text() + '''
[[questions]]
id = "roadmap"
number = 3
category = "general"
behavioural = false
suggested_answer_s = 60
text = { en = "How do you decide what goes on a roadmap?" }
guidance = { en = "Listen for evidence, trade-offs and saying no." }

[[questions.talking_points]]
label = { en = "Evidence" }
cues = { en = ["data", "customers", "research"] }
''')
    check = invoke("bank", "check", bank)
    assert check.exit_code == 0, check.output
    assert "3 questions" in check.output
    listed = invoke("questions", "--bank", bank)
    assert "How do you decide what goes on a roadmap?" in listed.output
    result = invoke("run", "--bank", bank, "--type", "--no-speak",
                    input="I help teams ship.\nWe cut scope.\nData from customers decides.\n")
    assert result.exit_code == 0, result.output
    session = store.load_session("latest")
    assert session.bank_id == "product"
    assert [a.question.id for a in session.answers] == ["about-you", "hard-problem", "roadmap"]
    assert session.answers[2].transcript.text == "Data from customers decides."


def test_check_reports_every_problem_on_its_line(invoke, tmp_path):
    bank = tmp_path / "broken.toml"
    invoke("bank", "new", bank)
    text = bank.read_text()
    text = text.replace('languages = ["en"]', 'languages = ["en", "nb"]')
    text = text.replace('text = { en = "Tell me about yourself." }',
                        'text = { en = "Tell me about yourself.", nb = "Fortell om deg selv." }')
    text = text.replace('id = "hard-problem"', 'id = "Hard Problem"')
    text = text.replace("suggested_answer_s = 120", "suggested_answer_s = 5\ntxt = 3")
    text = text.replace('category = "general"          #', 'category = "genral"  #')
    text = text.replace('cues = { en = ["when", "situation", "problem", "we had to"] }', "cues = { en = [] }")
    bank.write_text(text)
    result = invoke("bank", "check", bank)
    assert result.exit_code == 2
    lines = [line for line in result.stdout.splitlines() if line]
    assert all(PROBLEM_LINE.match(line) for line in lines), lines
    expected = [
        (lines_of(text, "title = {"), "field title: missing the 'nb' text the bank declares"),
        (lines_of(text, 'category = "genral"'),
         "question 1 ('about-you'), field category: unknown category 'genral'; declare it under "
         "[[categories]] or use one of general"),
        (lines_of(text, 'id = "Hard Problem"'),
         "question 2 ('Hard Problem'), field id: must be lowercase letters, digits and hyphens "
         "(at most 63, no spaces), not 'Hard Problem'"),
        (lines_of(text, "suggested_answer_s = 5"),
         "question 2 ('Hard Problem'), field suggested_answer_s: must be at least 10, not 5"),
        (lines_of(text, "txt = 3"), "question 2 ('Hard Problem'), field txt: unknown field; did you mean 'text'?"),
        (lines_of(text, "cues = { en = [] }"),
         "question 2 ('Hard Problem'), field talking_points[1].cues.en: must not be empty"),
    ]
    for line, message in expected:
        assert f"{bank}:{line}: {message}" in lines
    # Every missing Norwegian text is reported, not only the first.
    assert sum("missing the 'nb' text" in line for line in lines) == 18  # 14 texts and 4 probes
    assert f"Error: {bank}: {len(lines)} problems; fix them and check again" in result.stderr


def test_check_gives_the_line_of_a_toml_syntax_error(invoke, tmp_path):
    bank = tmp_path / "syntax.toml"
    bank.write_text('format_version = 1\nid = "x"\n\n[[questions]\nid = "a"\n')
    result = invoke("bank", "check", bank)
    assert result.exit_code == 2
    assert result.stdout.startswith(f"{bank}:4: TOML syntax error: ")


@pytest.mark.parametrize("content, message", [
    ("", "the bank file is empty"),
    ("format_version = 2\n", "written for a newer voice-interview"),
])
def test_check_file_level_problems(invoke, tmp_path, content, message):
    bank = tmp_path / "odd.toml"
    bank.write_text(content)
    result = invoke("bank", "check", bank)
    assert result.exit_code == 2 and message in result.output
    assert "Traceback" not in result.output


def test_shipped_bank_passes_check(invoke):
    result = invoke("bank", "check", default_bank_path())
    assert result.exit_code == 0
    assert "OK, 27 questions in 7 categories; languages en, nb" in result.output


def test_check_json(invoke, tmp_path):
    import json

    bank = tmp_path / "b.toml"
    bank.write_text("format_version = 1\n")
    result = invoke("bank", "check", "--json", bank)
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    assert data["ok"] is False and data["file"] == str(bank)
    assert {p["where"] for p in data["problems"]} == {
        "field id", "field languages", "field title", "field categories", "field questions"}


BREAKAGES = {
    "missing guidance": lambda raw: raw["questions"][3].pop("guidance"),
    "duplicate id": lambda raw: raw["questions"][5].update(id="accounts-managed"),
    "duplicate number": lambda raw: raw["questions"][7].update(number=1),
    "unknown category": lambda raw: raw["questions"][0].update(category="golf"),
    "missing language": lambda raw: raw["questions"][2]["text"].pop("nb"),
    "duplicate slug": lambda raw: raw["categories"][1].update(slug="general"),
    "blank cue": lambda raw: raw["questions"][4]["talking_points"][1]["cues"]["en"].append(" "),
}


@pytest.mark.parametrize("breakage", BREAKAGES.values(), ids=BREAKAGES.keys())
def test_check_finds_what_loading_refuses(tmp_path, breakage):
    """Whatever `--bank` refuses, `bank check` reports too, at the same place."""
    from voice_interview.banks.bank import check_bank_data

    path = tmp_path / "x.toml"
    raw = tomllib.loads(default_bank_path().read_text(encoding="utf-8"))
    breakage(raw)
    with pytest.raises(BankError) as refused:
        check_bank_data(raw, path)
    location = str(refused.value).removeprefix(f"{path}: ").split(": ")[0]
    problems = check_bank_data_all(raw, Positions(default_bank_path().read_text(encoding="utf-8")))
    assert any(p.where.startswith(location) for p in problems), (location, problems)


def test_line_positions_skip_multiline_strings():
    text = '''title = { en = "x" }
[[questions]]
id = "a"
guidance = { en = """
[[questions]]
id = "not a key"
""", nb = """
text""" }
number = 1
[[questions]]
id = "b"
'''
    positions = Positions(text)
    assert positions.line_of(["questions", 0, "number"]) == 9
    assert positions.line_of(["questions", 0, "guidance", "nb"]) == 7
    assert positions.line_of(["questions", 1, "id"]) == 11
    assert positions.line_of(["questions", 1, "text"]) == 10  # missing: its table's line
    assert positions.line_of(["title"]) == 1


def test_import_of_the_seed_article_matches_the_shipped_norwegian_bank(invoke, tmp_path):
    out = tmp_path / "imported.toml"
    result = invoke("bank", "import", SEED_ARTICLE, "-o", out, "--lang", "nb", "--title", "Sosiale medier")
    assert result.exit_code == 0, result.output
    assert "27 questions in 7 categories (nb)" in result.output
    imported, shipped = load_bank(out, "nb"), load_bank(language="nb")
    assert [(c.name, c.intro) for c in imported.categories] == [(c.name, c.intro) for c in shipped.categories]
    assert [(q.number, q.text, q.guidance) for q in imported.questions] == [
        (q.number, q.text, q.guidance) for q in shipped.questions
    ]
    category_index = {c.slug: i for i, c in enumerate(imported.categories)}
    shipped_index = {c.slug: i for i, c in enumerate(shipped.categories)}
    assert [category_index[q.category] for q in imported.questions] == [
        shipped_index[q.category] for q in shipped.questions
    ]
    text = out.read_text(encoding="utf-8")
    for debris in DEBRIS:
        assert debris not in text, debris
    for q in imported.questions:
        assert 1 <= len(q.talking_points) <= 3
        assert all(p.label and p.cues for p in q.talking_points)
    assert invoke("bank", "check", out).exit_code == 0


def test_import_shows_what_it_dropped(invoke, tmp_path):
    result = invoke("bank", "import", SEED_ARTICLE, "-o", tmp_path / "b.toml", "--lang", "nb", "--show-dropped")
    assert result.exit_code == 0
    for debris in ("nummer 55 som betyr", "englenummer 27", "Se dette innlegget på Instagram",
                   "Et innlegg delt av Sprout Social (@sproutsocial)", "Del Med Vennene Dine:", "Neste skritt"):
        assert f"  - {debris}" in result.output


def test_import_a_markdown_article(tmp_path, invoke):
    article = tmp_path / "pm.md"
    article.write_text("""\
# 10 product manager interview questions

Hiring a product manager? Here is our list. Download our free toolkit!

## Strategy questions

These questions test how a candidate thinks.

**1. How would you set a product vision?**

Look for a candidate who starts from users, not features. A good answer
mentions research and customer interviews.

View this post on Instagram

A post shared by Acme (@acme)

2. Tell me about a time you killed a feature.

The best answers name the data behind the decision. Steps to listen for:

1. What they measured
2. Who they told

angel number 444

## Working with others

3. How do you handle disagreement with engineering?

Listen for respect, trade-offs and a concrete example of a compromise.

## Final thoughts

Good luck with your hiring!

Share this article:
""")
    out = tmp_path / "pm.toml"
    result = invoke("bank", "import", article, "-o", out)
    assert result.exit_code == 0, result.output
    bank = load_bank(out, "en")
    assert bank.title == "Pm" and bank.id == "pm"
    assert [c.name for c in bank.categories] == ["Strategy questions", "Working with others"]
    assert bank.categories[0].intro == "These questions test how a candidate thinks."
    assert [q.text for q in bank.questions] == [
        "How would you set a product vision?",
        "Tell me about a time you killed a feature.",
        "How do you handle disagreement with engineering?",
    ]
    assert [q.behavioural for q in bank.questions] == [False, True, False]
    assert bank.questions[1].guidance.split("\n\n") == [
        "The best answers name the data behind the decision. Steps to listen for:",
        "1. What they measured",
        "2. Who they told",
    ]
    text = out.read_text()
    for debris in ("Instagram", "@acme", "angel number", "toolkit", "Good luck", "Share this"):
        assert debris not in text
    first = bank.questions[0].talking_points[0]
    assert first.label.startswith("A candidate who starts from users")
    assert "users" in first.cues


def test_import_refuses_an_article_without_numbered_questions(invoke, tmp_path):
    article = tmp_path / "essay.txt"
    article.write_text("Just an essay.\n\nNo questions here.\n")
    result = invoke("bank", "import", article, "-o", tmp_path / "b.toml")
    assert result.exit_code == 2
    assert "no numbered questions found" in result.output
    assert not (tmp_path / "b.toml").exists()


def test_import_refuses_to_overwrite(invoke, tmp_path):
    out = tmp_path / "b.toml"
    out.write_text("mine")
    result = invoke("bank", "import", SEED_ARTICLE, "-o", out, "--lang", "nb")
    assert result.exit_code == 2 and "--force" in result.output
    assert out.read_text() == "mine"


def test_parse_article_keeps_numbered_lists_in_guidance():
    article = parse_article("Section\n\n4. First?\n\nSteps:\n\n1. One\n\n2. Two\n\n5. Second?\n\nText.\n")
    [section] = article.sections
    assert [(q.number, q.text) for q in section.questions] == [(4, "First?"), (5, "Second?")]
    assert section.questions[0].guidance == ["Steps:", "1. One", "2. Two"]
    assert section.questions[1].guidance == ["Text."]
