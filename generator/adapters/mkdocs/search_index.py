"""Material's search index (search/search_index.json), whose entries for the engine's pages the
engine makes itself: `page_entries` splits a page's content into the entries Material's search
plugin would make of it (material/plugins/search/plugin.py: one per page and one per heading with
an id, their text stripped to a few tags), in the workers, from the HTML they render.
`write_search_index` joins them with the entries Material made for the hand-written pages and
keeps the whole under a size a reader's browser can download. Nothing here imports MkDocs.
"""

from __future__ import annotations

import json
import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path

SEARCH_INDEX = "search/search_index.json"
SEARCH_INDEX_BUDGET = 4_500_000  # bytes: a reader's browser downloads the whole index
SEARCH_TEXT_LIMITS = (1600, 800, 400, 240, 160, 100)  # characters, tried in turn


def page_entries(content: str, url: str, title: str) -> list[dict]:
    """The search entries of a page at `url` whose content (the HTML inside its article) is
    `content`; `title` (HTML) names the sections before the first heading with an id."""
    parser = _Sections()
    parser.feed(content)
    parser.close()
    entries = []
    for section in parser.sections:
        if section.excluded:
            continue
        entries.append(
            {
                "location": url + "#" + section.id if section.id else url,
                "title": "".join(section.title).strip() or title,
                "text": "".join(section.text).strip(),
            }
        )
    return entries


def read_search_index(path: Path) -> tuple[dict, dict[str, list[dict]]]:
    """(its config, page URL -> its entries) of the index Material's search plugin wrote."""
    if not path.is_file():
        return {}, {}
    data = json.loads(path.read_text(encoding="utf-8"))
    pages: dict[str, list[dict]] = {}
    for doc in data.get("docs", []):
        pages.setdefault(doc.get("location", "").split("#", 1)[0], []).append(doc)
    return data.get("config", {}), pages


def write_search_index(
    path: Path, config: dict, pages: list[tuple[str, list[dict]]], trimmable: set[str]
) -> None:
    """Material's index of `pages` ((URL, entries) in the order search lists them).

    When the index would outgrow SEARCH_INDEX_BUDGET, the sections of `trimmable` pages (stories
    and profiles) keep only their first characters, as few as it takes: their titles, headings
    and standfirsts stay whole, and Material shows no more than the start of a section anyway.
    """
    docs = [doc for _, entries in pages for doc in entries]
    size = _size(docs)
    for limit in SEARCH_TEXT_LIMITS:
        if size <= SEARCH_INDEX_BUDGET:
            break
        docs = [
            trim_doc(doc, limit) if url in trimmable else doc
            for url, entries in pages
            for doc in entries
        ]
        size = _size(docs)
    text = json.dumps({"config": config, "docs": docs}, separators=(",", ":"), default=str)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)  # never in place: it may be a hard link
    path.write_text(text, encoding="utf-8")


def _size(docs: list[dict]) -> int:
    return sum(len(json.dumps(doc, separators=(",", ":"), default=str)) + 1 for doc in docs)


def trim_doc(doc: dict, limit: int) -> dict:
    """A search entry with its text cut to `limit` characters at a word, tags kept balanced."""
    text = doc.get("text", "")
    if len(text) <= limit:
        return doc
    cut = text[:limit].rsplit(" ", 1)[0]
    if cut.rfind("<") > cut.rfind(">"):
        cut = cut[: cut.rfind("<")]  # no half tag
    open_tags: list[str] = []
    for closing, name in re.findall(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>", cut):
        if closing:
            if name in open_tags:
                del open_tags[len(open_tags) - 1 - open_tags[::-1].index(name)]
        elif name.lower() not in ("br", "hr", "img"):
            open_tags.append(name)
    cut = cut.rstrip() + "…" + "".join(f"</{name}>" for name in reversed(open_tags))
    return {**doc, "text": cut}


# Splitting a page into sections, as Material's search plugin does (its Parser), quirks included:
# elements are told apart by tag name only, a section's title gathers what its heading holds,
# and only a few tags survive in the text.

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param"}
_VOID |= {"source", "track", "wbr"}
_KEEP = {"p", "code", "pre", "li", "ol", "ul", "sub", "sup"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_ALWAYS_SKIPPED = ("object", "script", "style")


class _Section:
    def __init__(self, tag: str, attrs: dict, depth: float = 0):
        self.tag, self.depth = tag, depth
        self.excluded = "data-search-exclude" in attrs
        self.text: list[str] = []
        self.title: list[str] = []
        self.id: str | None = None


class _Sections(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip = set(_ALWAYS_SKIPPED)  # tag names
        self.context: list[tuple[str, dict]] = []  # the open elements
        self.section: _Section | None = None
        self.sections: list[_Section] = []

    def _open(self, tag: str) -> bool:
        return any(name == tag for name, _ in self.context)

    def _skipping(self) -> bool:
        return any(name in self.skip for name, _ in self.context)

    def _target(self) -> list[str]:
        """Where text goes: the section's title while inside its heading, else its text."""
        return self.section.title if self._open(self.section.tag) else self.section.text

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in _VOID:
            return
        self.context.append((tag, attrs))
        if tag in _HEADINGS and "id" in attrs:
            depth = len(self.context)
            if tag != "h1" and not self.sections:
                self.sections.append(_Section("hx", {}, depth))
            self.section = _Section(tag, attrs, depth)
            if self.sections:
                self.section.id = attrs["id"]
            self.sections.append(self.section)
        if self.section is None:
            self.section = _Section("hx", {})
            self.sections.append(self.section)
        for key, value in attrs.items():
            if key == "data-search-exclude" or (key == "class" and value == "linenodiv"):
                self.skip.add(tag)
                return
        if tag in _KEEP and not self._skipping():
            self._target().append(f"<{tag}>")

    def handle_endtag(self, tag):
        if not self.context or self.context[-1][0] != tag:
            return
        if self.section.depth > len(self.context):  # leaving the element that holds a heading
            for section in reversed(self.sections):
                if section.depth <= len(self.context):
                    self.section.depth = float("inf")
                    self.section = section
                    break
        self.context.pop()
        if tag in self.skip:
            if tag not in _ALWAYS_SKIPPED:
                self.skip.discard(tag)
            return
        if tag in _KEEP and not self._skipping():
            data = self._target()
            try:
                index = data.index(f"<{tag}>")
            except ValueError:
                data.append(f"</{tag}>")
                return
            if any(not piece.isspace() for piece in data[index + 1 :]):
                data.append(f"</{tag}>")
            else:
                del data[index:]  # an element with nothing in it

    def handle_data(self, data):
        if self._skipping():
            return
        if not self._open("pre"):
            data = " " if data.isspace() else data.replace("\n", " ")
        if self.section is None:
            self.section = _Section("hx", {})
            self.sections.append(self.section)
        if self._open(self.section.tag):
            permalink = any(
                name == "a" and attrs.get("class") == "headerlink" for name, attrs in self.context
            )
            if not permalink:
                self.section.title.append(escape(data, quote=False))
        elif data.isspace():
            text = self.section.text
            if not text or not text[-1].isspace() or self._open("pre"):
                text.append(data)
        else:
            self.section.text.append(escape(data, quote=False))
