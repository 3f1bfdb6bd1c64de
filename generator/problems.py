"""Problems with sources are data: collected across a whole run, reported together."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the site root, with forward slashes
    line: int  # 1-based
    message: str

    def __str__(self) -> str:
        # One problem, one line: a value quoted in the message may hold line breaks.
        text = f"{self.path}:{self.line}: error: {self.message}"
        return _LINE_BREAK.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04x}"), text)


_LINE_BREAK = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")  # what splitlines() splits at
_ESCAPES = {"\n": "\\n", "\r": "\\r"}


class SourceErrors(Exception):
    """Raised once, at the end of a stage, when any source was invalid."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))
