"""One-line markers an editor types into a story's body, each put in its place on the page:

- `[[card: REF]]`: a related-content card (REF a story slug or a related.yml id);
- `[[person: ID]]`: a profile, featured inside the story (photo, name, role, a quote);
- `[[quote: ID]]` or `[[quote: ID N]]`: a pull quote, the person's first (or Nth) quote with
  their name and role.

A marker is a line of its own, indented at most three spaces, outside fenced code blocks: inside
a code sample it is text, so the syntax can be shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

MARKER = re.compile(
    r" {0,3}\[\[(?P<kind>card|person|quote):[ \t]*(?P<ref>[^\]\s]+)"
    r"(?:[ \t]+(?P<number>\d{1,3}))?[ \t]*\]\][ \t]*"
)
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


@dataclass(frozen=True)
class Marker:
    kind: str  # "card", "person" or "quote"
    ref: str  # a card's ref, a profile id
    number: int  # which quote (1: the first); 1 for other kinds
    index: int  # its line within the body (0: the first)


def markers(body: str, kind: str | None = None) -> list[Marker]:
    """Every marker of the body (of one `kind`), in order."""
    found = []
    for index, line in _lines_outside_code(body):
        match = MARKER.fullmatch(line)
        if match and (kind is None or match["kind"] == kind):
            number = int(match["number"]) if match["number"] else 1
            if match["kind"] == "quote" or not match["number"]:
                found.append(Marker(match["kind"], match["ref"], number, index))
    return found


def card_refs(body: str) -> list[tuple[str, int]]:
    """(ref, line index within the body) of every card marker, in order."""
    return [(marker.ref, marker.index) for marker in markers(body, "card")]


def replace_markers(body: str, html_of: Callable[[Marker], str]) -> str:
    """The body with each marker line replaced by `html_of(marker)`."""
    lines = body.split("\n")
    for marker in markers(body):
        lines[marker.index] = html_of(marker)
    return "\n".join(lines)
