"""Shells: Material pages rendered with markers where a page's title, head tags and body go. The
engine cuts every page of its own (jobs, listings, stories, profiles) from them, so thousands of
pages get Material's frame without a trip each through MkDocs' page pipeline.

There is a shell per URL depth (its relative links fit every page at that depth), and one for each
of the engine's pages that MkDocs' navigation names (NAV_ROOTS: its frame marks it as the current
page). A shell's title marker is where the page's title goes: in `<title>` (before the site's
name) and in the header, which shows it once the reader scrolls past the heading.
"""

from __future__ import annotations

import re

SHELL_MARKERS = {
    "head": "<!--careers:head-->",
    "title": "<!--careers:title-->",
    "body": "<!--careers:body-->",
}  # main.html places them
_MARKER = re.compile("|".join(re.escape(marker) for marker in SHELL_MARKERS.values()))
SHELL_FOLDER = "careers-shell"
# The engine's pages that MkDocs' navigation may name (`nav:` in mkdocs.yml, or its own when
# there is none): MkDocs renders their shell at their own URL.
NAV_ROOTS = ("jobs/", "jobs/locations/", "stories/", "people/")


class Shell:
    """A Material page rendered with markers where a page's title, head tags and body go."""

    def __init__(self, html: str):
        pieces = _MARKER.split(html)
        self.names = [_NAMES[found] for found in _MARKER.findall(html)]
        missing = set(SHELL_MARKERS) - set(self.names)
        if missing:
            raise ValueError(f"shell page lacks {', '.join(SHELL_MARKERS[m] for m in missing)}")
        self.pieces = pieces

    def fill(self, title: str, head: str, body: str) -> str:
        """The page: `title` its own title as HTML text, `head` its head tags, `body` its body."""
        values = {"title": title, "head": head, "body": body}
        parts = [self.pieces[0]]
        for name, piece in zip(self.names, self.pieces[1:], strict=True):
            parts += (values[name], piece)
        return "".join(parts)


_NAMES = {marker: name for name, marker in SHELL_MARKERS.items()}


def shell_url(depth: int) -> str:
    """A URL `depth` folders deep, so the shell's relative links fit pages at that depth."""
    return "/".join([SHELL_FOLDER, str(depth), *(["_"] * (depth - 2))]) + "/"
