"""Markdown -> HTML. Untrusted Markdown (job text, possibly HTML from an applicant-tracking
system) is rendered with markdown-it (CommonMark) and cleaned by an allow-list sanitiser (nh3).
A story's Markdown, written by the site's editors, is the theme's to render (it knows the site's
Markdown extensions: adapters/mkdocs/markdown.py); `story_html` is the engine's own way, for a
theme that has none.
"""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

# Exactly what issue 6 lets through: paragraphs, lists, emphasis, h3-h4, line breaks and links
# (http, https, mailto). Everything else is removed: its text stays, unless it is a script/style.
SAFE_TAGS = {"p", "br", "ul", "ol", "li", "em", "strong", "b", "i", "h3", "h4", "a"}
SAFE_ATTRIBUTES = {"a": {"href", "title"}}
SAFE_SCHEMES = {"http", "https", "mailto"}

_markdown = MarkdownIt("commonmark", {"html": True, "linkify": False})
_HEADING = re.compile(r"<(/?)h([1-6])\b")


# Plain prose, the bulk of job text, gets the HTML Markdown would give without running it:
# paragraphs of lines of words (no character Markdown or HTML gives a meaning to, no list marker
# such as "1. " or "2) ") with at most **strong** words in them. tests/test_scale.py checks that
# this gives exactly what the full path gives.
_WORDS = r"[A-Za-z0-9 ,.;:'()/%?+-]"
_STRONG = r"\*\*[A-Za-z0-9](?:" + _WORDS + r"*[A-Za-z0-9])?\*\*"
_PLAIN = re.compile(r"(?!\d{1,9}[.)](?: |$))[A-Za-z0-9][A-Za-z0-9 ,.;:'()/%?+-]*")
_PLAIN_LINE = re.compile(
    r"(?!\d{1,9}[.)](?: |$))(?:[A-Za-z0-9]|" + _STRONG + r")(?:" + _WORDS + "|" + _STRONG + r")*"
)
_STRONG_SPAN = re.compile(r"\*\*([^*]+)\*\*")


def plain_prose_html(text: str) -> str | None:
    """The HTML of plain prose (see above), or None when the text is anything more."""
    if _PLAIN.fullmatch(text) and not text.endswith(" "):
        return f"<p>{text}</p>"
    if "\n\n\n" in text or text.startswith("\n") or "\r" in text or "****" in text:
        return None
    paragraphs = []
    for block in text.rstrip("\n").split("\n\n"):
        lines = block.split("\n")
        if not all(_PLAIN_LINE.fullmatch(line) and not line.endswith(" ") for line in lines):
            return None
        html = _STRONG_SPAN.sub(r"<strong>\1</strong>", "\n".join(lines))
        paragraphs.append(f"<p>{html}</p>")
    return "\n".join(paragraphs)


@lru_cache(maxsize=4096)
def safe_markdown(text: str) -> str:
    """Untrusted Markdown (or HTML from an applicant-tracking system) -> clean HTML."""
    plain = plain_prose_html(text)
    return plain if plain is not None else markdown_html(text)


def markdown_html(text: str) -> str:
    """safe_markdown the long way: Markdown, headings moved down, the allow-list sanitiser."""
    html = _markdown.render(text)
    html = _HEADING.sub(lambda m: f"<{m.group(1)}h{3 if int(m.group(2)) <= 2 else 4}", html)
    return nh3.clean(
        html,
        tags=SAFE_TAGS,
        attributes=SAFE_ATTRIBUTES,
        url_schemes=SAFE_SCHEMES,
        link_rel="noopener nofollow ugc",
        strip_comments=True,
    ).strip()


_trusted_markdown = MarkdownIt("commonmark", {"html": True, "linkify": False}).enable("table")


def story_html(text: str) -> str:
    """An editor's Markdown (trusted: its HTML stays) as CommonMark with tables."""
    return _trusted_markdown.render(text)


def job_html(job) -> str:
    """All of a job's sections as one HTML text: the JSON-LD description."""
    parts = [safe_markdown(job.description)]
    for heading, items in job_lists(job):
        parts.append(
            f"<h3>{heading}</h3><ul>"
            + "".join(f"<li>{safe_markdown(i)}</li>" for i in items)
            + "</ul>"
        )
    if job.about_team:
        parts.append("<h3>About the team</h3>" + safe_markdown(job.about_team))
    return "".join(parts)


def job_lists(job) -> list:
    """(heading, items) of the job's non-empty lists, in the order a page shows them."""
    return [
        (title, items)
        for title, items in (
            ("Key responsibilities", job.responsibilities),
            ("Basic qualifications", job.basic_qualifications),
            ("Preferred qualifications", job.preferred_qualifications),
        )
        if items
    ]
