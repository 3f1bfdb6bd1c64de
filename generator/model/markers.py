"""One-line markers an editor types into a story's body, such as `[[card: REF]]` (a related-content
card at that place). A marker is a line of its own, indented at most three spaces, outside fenced
code blocks: inside a code sample it is text, so the syntax can be shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

CARD = re.compile(r" {0,3}\[\[card:[ \t]*([^\]\s]+)[ \t]*\]\][ \t]*")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


def _lines_outside_code(body: str) -> Iterator[tuple[int, str]]:
    """(index, line) of each line of `body` that is not inside a fenced code block."""
    fence = None
    for index, line in enumerate(body.split("\n")):
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)
        elif fence is not None and opening and opening.group(1)[0] == fence[0]:
            if len(opening.group(1)) >= len(fence) and not line.strip().strip(fence[0]):
                fence = None
        elif fence is None:
            yield index, line


def card_refs(body: str) -> list[tuple[str, int]]:
    """(ref, line index within the body) of every card marker, in order."""
    found = []
    for index, line in _lines_outside_code(body):
        match = CARD.fullmatch(line)
        if match:
            found.append((match.group(1), index))
    return found


def replace_cards(body: str, card_html: Callable[[str], str]) -> str:
    """The body with each card marker line replaced by `card_html(ref)`."""
    lines = body.split("\n")
    for ref, index in card_refs(body):
        lines[index] = card_html(ref)
    return "\n".join(lines)
