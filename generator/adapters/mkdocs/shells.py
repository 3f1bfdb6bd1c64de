"""Shells: Material pages rendered once per URL depth with markers where a page's title, head tags
and body go. The engine cuts its own pages (jobs and their listings) from them, so 20,000 job
pages get Material's frame without 20,000 trips through MkDocs' page pipeline."""

from __future__ import annotations

SHELL_MARKERS = (
    "<!--careers:head-->",
    "<!--careers:title-->",
    "<!--careers:body-->",
)  # in document order; main.html places them
SHELL_FOLDER = "careers-shell"


class Shell:
    """A Material page rendered with markers where a page's title, head tags and body go."""

    def __init__(self, html: str):
        pieces = []
        rest = html
        for marker in SHELL_MARKERS:
            before, found, rest = rest.partition(marker)
            if not found:
                raise ValueError(f"shell page lacks {marker}")
            pieces.append(before)
        self.pieces = (*pieces, rest)

    def fill(self, title: str, head: str, body: str) -> str:
        start, after_head, after_title, end = self.pieces
        return f"{start}{head}{after_head}{title}{after_title}{body}{end}"


def shell_url(depth: int) -> str:
    """A URL `depth` folders deep, so the shell's relative links fit pages at that depth."""
    return "/".join([SHELL_FOLDER, str(depth), *(["_"] * (depth - 2))]) + "/"
