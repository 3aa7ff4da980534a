"""Tools for bank authors: check a bank for every problem (with line
numbers), write a commented template, import a plain article.

``voice_interview.bank`` loads banks at start-up and stops at the first
problem; this package is for ``voice-interview bank`` only, so it may import
slower libraries (jsonschema) when it runs.
"""

from voice_interview.banktools.check import CheckReport, Problem, check_bank_file
from voice_interview.banktools.importer import ImportResult, import_article, parse_article
from voice_interview.banktools.template import template_text, write_template

__all__ = [
    "CheckReport",
    "ImportResult",
    "Problem",
    "check_bank_file",
    "import_article",
    "parse_article",
    "template_text",
    "write_template",
]
