"""Line numbers of the tables and keys of a TOML text.

``tomllib`` returns plain data with no positions, so problems found in that
data are placed by scanning the text: table headers (``[[questions]]``,
``[[questions.talking_points]]``, ``[glossary]``), ``key =`` lines, and the
keys of inline tables (``text = { en = "…", nb = "…" }``), skipping whatever
is inside strings, multi-line ones included. A scanner of the few shapes a
bank uses is enough here; tomlkit would give positions only through its
private token stream.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_BARE = r"[A-Za-z0-9_-]+"
_ARRAY_HEADER = re.compile(rf"^\s*\[\[\s*({_BARE}(?:\s*\.\s*{_BARE})*)\s*\]\]")
_TABLE_HEADER = re.compile(rf"^\s*\[\s*({_BARE}(?:\s*\.\s*{_BARE})*)\s*\]")
_KEY = re.compile(rf"^\s*({_BARE}(?:\s*\.\s*{_BARE})*)\s*=")
_INLINE_KEY = re.compile(rf"[{{,]\s*({_BARE})\s*=")
_STRING = "S"  # what a string literal becomes in the scanned code


@dataclass
class Node:
    line: int | None = None
    children: dict = field(default_factory=dict)
    is_array: bool = False

    def child(self, key, line: int | None) -> Node:
        node = self.children.get(key)
        if node is None:
            node = self.children[key] = Node(line)
        elif node.line is None:
            node.line = line
        return node

    def last(self) -> Node:
        """The newest element of an array of tables."""
        return self.children[len(self.children) - 1] if self.is_array and self.children else self


class Positions:
    """Answers "which line holds this value?" for a data path such as
    ``["questions", 2, "talking_points", 0, "cues", "nb"]``."""

    def __init__(self, text: str) -> None:
        self.root = Node(1)
        table = self.root
        key_node: Node | None = None
        open_string: str | None = None
        for number, line in enumerate(text.splitlines(), 1):
            started_in_string = open_string is not None
            code, open_string = _code(line, open_string)
            if not started_in_string:
                header = _ARRAY_HEADER.match(code)
                if header:
                    table = self._array_table(_segments(header.group(1)), number)
                    key_node = None
                    continue
                header = _TABLE_HEADER.match(code)
                if header:
                    table = self._table(_segments(header.group(1)), number)
                    key_node = None
                    continue
                key = _KEY.match(code)
                if key:
                    key_node = table
                    for segment in _segments(key.group(1)):
                        key_node = key_node.child(segment, number)
            if key_node is not None:
                for inline in _INLINE_KEY.finditer(code):
                    key_node.child(inline.group(1), number)

    def _walk(self, segments: list[str], line: int) -> Node:
        node = self.root
        for segment in segments:
            node = node.child(segment, line).last()
        return node

    def _array_table(self, segments: list[str], line: int) -> Node:
        array = self._walk(segments[:-1], line).child(segments[-1], line)
        array.is_array = True
        return array.child(len(array.children), line)

    def _table(self, segments: list[str], line: int) -> Node:
        node = self._walk(segments[:-1], line).child(segments[-1], line)
        node.line = line
        return node

    def line_of(self, path) -> int:
        """The line of the deepest part of ``path`` found in the text."""
        node, line = self.root, self.root.line
        for key in path:
            node = node.children.get(key)
            if node is None:
                break
            line = node.line or line
        return line


def _segments(dotted: str) -> list[str]:
    return [part.strip() for part in dotted.split(".")]


def _code(line: str, open_string: str | None) -> tuple[str, str | None]:
    """The line with every string literal (or the part of one on this line)
    replaced by ``S`` and any comment removed; also the multi-line string
    delimiter still open at its end."""
    out: list[str] = []
    i, n = 0, len(line)
    if open_string:
        end = _close(line, 0, open_string)
        if end < 0:
            return _STRING, open_string
        out.append(_STRING)
        i = end
    while i < n:
        if line.startswith('"""', i) or line.startswith("'''", i):
            delimiter = line[i : i + 3]
            end = _close(line, i + 3, delimiter)
            out.append(_STRING)
            if end < 0:
                return "".join(out), delimiter
            i = end
        elif line[i] == '"':
            j = i + 1
            while j < n and line[j] != '"':
                j += 2 if line[j] == "\\" else 1
            out.append(_STRING)
            i = j + 1
        elif line[i] == "'":
            j = line.find("'", i + 1)
            out.append(_STRING)
            i = n if j < 0 else j + 1
        elif line[i] == "#":
            break
        else:
            out.append(line[i])
            i += 1
    return "".join(out), None


def _close(line: str, start: int, delimiter: str) -> int:
    """Index just past the closing ``delimiter`` (and up to two quotes
    before it that belong to the string), or -1."""
    i = start
    while True:
        found = line.find(delimiter, i)
        if found < 0:
            return -1
        if delimiter == '"""':
            backslashes = len(line[:found]) - len(line[:found].rstrip("\\"))
            if backslashes % 2:
                i = found + 1
                continue
        end = found + 3
        while end < len(line) and line[end] == delimiter[0] and end - found < 5:
            end += 1
        return end
