"""The shipped bank, and what a broken bank tells its author."""

from __future__ import annotations

import collections
import tomllib

import pytest

from voice_interview.banks.bank import check_bank_data, default_bank_path, load_bank
from voice_interview.errors import BankError

DEBRIS = [
    "nummer 55 som betyr",
    "englenummer",
    "Se dette innlegget på Instagram",
    "Et innlegg delt av Sprout Social",
    "@sproutsocial",
    "Del Med Vennene Dine",
    "Neste skritt",
    "Hiring Manager Toolkit",
]
EXPECTED_NUMBERS = {
    "general": [1, 2, 3, 4],
    "organization": [5, 6, 7, 8],
    "strategy": [9, 10, 11, 12, 13],
    "goals": [14, 15, 16],
    "analytics": [17, 18, 19, 20],
    "communication": [21, 22, 23],
    "challenges": [24, 25, 26, 27],
}


@pytest.mark.parametrize("language", ["en", "nb"])
def test_shipped_bank_has_27_questions_in_7_categories(language):
    bank = load_bank(language=language)
    assert len(bank.questions) == 27
    assert bank.category_slugs() == list(EXPECTED_NUMBERS)
    by_category = collections.defaultdict(list)
    for q in bank.questions:
        by_category[q.category].append(q.number)
    assert dict(by_category) == EXPECTED_NUMBERS
    assert len({q.id for q in bank.questions}) == 27
    for q in bank.questions:
        assert q.text.strip() and q.guidance.strip()
        assert 2 <= len(q.talking_points) <= 5
        assert all(p.label and p.cues for p in q.talking_points)
        assert 30 <= q.suggested_answer_s <= 300


def test_norwegian_text_is_the_article_and_english_differs():
    nb, en = load_bank(language="nb"), load_bank(language="en")
    assert nb.questions[0].text == "Hvilke sosiale medier-kontoer har du administrert tidligere?"
    assert nb.categories[0].name == "Generelle spørsmål om erfaring og kunnskap om sosiale medier"
    for q_nb, q_en in zip(nb.questions, en.questions):
        assert q_nb.id == q_en.id and q_nb.text != q_en.text


@pytest.mark.parametrize("name", ["social_media_manager.toml", "demo_answers.toml"])
def test_no_web_debris_anywhere_in_the_question_data(name):
    text = (default_bank_path().parent / name).read_text(encoding="utf-8").lower()
    for debris in DEBRIS:
        assert debris.lower() not in text, debris
    # "Sprout" may only name the source article.
    lines = [line for line in text.splitlines() if "sprout" in line]
    assert all(line.startswith("source") for line in lines)


def test_behavioural_questions_are_the_story_questions():
    bank = load_bank()
    behavioural = {q.number for q in bank.questions if q.behavioural}
    assert {8, 12, 16, 23, 24, 26} <= behavioural
    assert not behavioural & {1, 3, 4, 6, 9, 13, 17, 20}


def test_glossary_has_job_terms_in_both_languages():
    for language in ("en", "nb"):
        glossary = {t.lower() for t in load_bank(language=language).glossary}
        assert {"roi", "kpi", "influencer"} <= glossary


# --- broken banks ---------------------------------------------------------

def shipped_text() -> str:
    return default_bank_path().read_text(encoding="utf-8")


def write(tmp_path, text: str | bytes):
    path = tmp_path / "bank.toml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def error_for(path) -> str:
    with pytest.raises(BankError) as caught:
        load_bank(path)
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message
    return message


def broken_raw_error(tmp_path, mutate) -> str:
    """The error for the shipped bank's data after ``mutate`` (no TOML
    writer needed: the checks run on parsed data)."""
    raw = tomllib.loads(shipped_text())
    mutate(raw)
    path = tmp_path / "bank.toml"
    with pytest.raises(BankError) as caught:
        check_bank_data(raw, path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    return message


def test_missing_field_names_file_question_and_field(tmp_path):
    message = broken_raw_error(tmp_path, lambda raw: raw["questions"][2].pop("guidance"))
    assert "question 3 ('describe-our-brand')" in message
    assert "guidance" in message


def test_wrong_type_names_the_field(tmp_path):
    def mutate(raw):
        raw["questions"][4]["suggested_answer_s"] = "long"

    message = broken_raw_error(tmp_path, mutate)
    assert "question 5" in message and "suggested_answer_s" in message


def test_empty_talking_point_cue(tmp_path):
    def mutate(raw):
        raw["questions"][0]["talking_points"][0]["cues"]["en"] = ["  "]

    message = broken_raw_error(tmp_path, mutate)
    assert "question 1" in message and "talking_points" in message


def test_duplicate_id(tmp_path):
    text = shipped_text()
    first, second = load_bank().questions[:2]
    broken = text.replace(f'id = "{second.id}"', f'id = "{first.id}"', 1)
    message = error_for(write(tmp_path, broken))
    assert "duplicate id" in message and "question 2" in message


def test_unknown_category(tmp_path):
    broken = shipped_text().replace('category = "goals"', 'category = "golf"', 1)
    message = error_for(write(tmp_path, broken))
    assert "golf" in message and "category" in message


def test_missing_language(tmp_path):
    broken = shipped_text().replace('languages = ["en", "nb"]', 'languages = ["en", "nb", "sv"]', 1)
    message = error_for(write(tmp_path, broken))
    assert "'sv'" in message


@pytest.mark.parametrize(
    "content, expected",
    [
        ("", "empty"),
        ("format_version = 1\n[[questions]\n", "TOML syntax error"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "not a UTF-8 text file"),
        ("format_version = 1\n", "must contain"),
        ("format_version = 2\n", "newer voice-interview"),
    ],
)
def test_unreadable_banks(tmp_path, content, expected):
    assert expected in error_for(write(tmp_path, content))


def test_missing_bank_file(tmp_path):
    assert "no such bank file" in error_for(tmp_path / "nope.toml")


def test_language_the_bank_lacks(tmp_path):
    text = shipped_text()
    path = write(tmp_path, text)
    with pytest.raises(BankError, match="has no 'sv' text"):
        load_bank(path, "sv")


# --- the cache of checked banks --------------------------------------------

FIRST = "Which social media accounts have you managed before?"

def cache_entries(tmp_path) -> list:
    return sorted((tmp_path / "cache" / "voice-interview" / "banks").glob("*.json"))


def test_a_checked_bank_is_read_from_the_cache_until_it_changes(tmp_path, monkeypatch):
    import os

    from voice_interview.banks import bank as bank_module

    path = write(tmp_path, shipped_text())
    assert load_bank(path).questions[0].text == FIRST
    [entry] = cache_entries(tmp_path)
    assert oct(entry.stat().st_mode & 0o777) == "0o600"

    def no_parsing(path):
        raise AssertionError("parsed again")

    monkeypatch.setattr(bank_module, "read_bank_file", no_parsing)
    assert load_bank(path).questions[0].text == FIRST  # from the cache
    monkeypatch.undo()
    # An edit (same size even, but a new modification time) is read again.
    path.write_text(shipped_text().replace(FIRST, FIRST.upper()))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert load_bank(path).questions[0].text == FIRST.upper()


def test_a_damaged_cache_or_none_at_all_still_loads_the_bank(tmp_path):
    path = write(tmp_path, shipped_text())
    load_bank(path)
    [entry] = cache_entries(tmp_path)
    for damage in (b"", b"{not json", b"[]", b'{"stamp": 1, "bank": 2}'):
        entry.write_bytes(damage)
        assert len(load_bank(path).questions) == 27
    entry.unlink()
    entry.parent.chmod(0o500)  # cannot write entries: nothing is cached, nothing fails
    try:
        assert len(load_bank(path).questions) == 27
    finally:
        entry.parent.chmod(0o700)


def test_a_broken_bank_is_never_cached(tmp_path):
    path = write(tmp_path, shipped_text().replace('guidance = { en = """', 'guidance = 3\nx = { en = """', 1))
    for _ in range(2):
        error_for(path)
    assert cache_entries(tmp_path) == []
