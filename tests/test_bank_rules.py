"""Each rule a bank must meet is written once (banks/rules.py) and worded
twice: loading stops at the first and names the fix, `bank check` lists
them all, each on its line, naming the item it clashes with. Both wordings,
exactly as they were before the rules were shared."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from voice_interview.banks.bank import check_bank_data, default_bank_path
from voice_interview.banks.check import check_bank_data_all
from voice_interview.banks.positions import Positions
from voice_interview.errors import BankError

RULE_WORDINGS = {
    "duplicate slug": (lambda raw: raw["categories"][1].update(slug="general"),
                       "category 2 ('general'): duplicate slug; give each category its own",
                       "39: category 2 ('general'), field slug: duplicate slug (category 1 has it too)"),
    "duplicate id": (lambda raw: raw["questions"][5].update(id="accounts-managed"),
                     "question 6 ('accounts-managed'): duplicate id; every question needs its own id",
                     "214: question 6 ('accounts-managed'), field id: duplicate id (question 1 has it too)"),
    "duplicate number": (lambda raw: raw["questions"][7].update(number=1),
                         "question 8 ('cross-team-project'), field number: 1 is used twice",
                         "269: question 8 ('cross-team-project'), field number: 1 is used twice (question 1 too)"),
    "unknown category": (lambda raw: raw["questions"][0].update(category="golf"),
                         "question 1 ('accounts-managed'), field category: unknown category 'golf'; declare it "
                         "under [[categories]] or use one of general, organization, strategy, goals, analytics, "
                         "communication, challenges",
                         "72: question 1 ('accounts-managed'), field category: unknown category 'golf'; declare it "
                         "under [[categories]] or use one of general, organization, strategy, goals, analytics, "
                         "communication, challenges"),
    "missing title": (lambda raw: raw["title"].pop("nb"),
                      "field title: missing the 'nb' text the bank declares",
                      "5: field title: missing the 'nb' text the bank declares"),
    "missing category name": (lambda raw: raw["categories"][2]["name"].pop("en"),
                              "category 3 ('strategy'), field name: missing the 'en' text the bank declares",
                              "45: category 3 ('strategy'), field name: missing the 'en' text the bank declares"),
    "missing probe": (lambda raw: raw["questions"][3]["talking_points"][1]["probe"].pop("nb"),
                      "question 4 ('brand-voice'), field talking_points[2].probe: missing the 'nb' text the bank "
                      "declares",
                      "178: question 4 ('brand-voice'), field talking_points[2].probe: missing the 'nb' text the "
                      "bank declares"),
    "newer format": (lambda raw: raw.update(format_version=3),
                     "written for a newer voice-interview (bank format 3, this one reads 1); upgrade voice-interview",
                     "1: field format_version: written for a newer voice-interview (bank format 3, this one reads "
                     "1); upgrade voice-interview"),
    "schema": (lambda raw: raw["questions"][4].update(suggested_answer_s=5),
               "question 5 ('staying-organized'), field suggested_answer_s: must be bigger than or equal to 10",
               "191: question 5 ('staying-organized'), field suggested_answer_s: must be at least 10, not 5"),
}


@pytest.mark.parametrize("change, loading_says, check_says", RULE_WORDINGS.values(), ids=RULE_WORDINGS.keys())
def test_each_rule_reads_as_it_did_when_loading_and_in_check(change, loading_says, check_says):
    text = default_bank_path().read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    change(raw)
    with pytest.raises(BankError) as refused:
        check_bank_data(raw, Path("b.toml"))
    assert str(refused.value) == f"b.toml: {loading_says}"
    assert check_bank_data_all(raw, Positions(text))[0].format("b.toml") == f"b.toml:{check_says}"
