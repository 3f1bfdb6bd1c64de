"""Material's search index (search/search_index.json): what the search plugin wrote for the pages
MkDocs built this time, completed with the entries of the pages it kept from the last build, and
kept under a size a reader's browser can download."""

from __future__ import annotations

import json
import re
from pathlib import Path

SEARCH_INDEX_BUDGET = 4_500_000  # bytes: a reader's browser downloads the whole index
SEARCH_TEXT_LIMITS = (1600, 800, 400, 240, 160, 100)  # characters, tried in turn


def merge_search_index(
    path: Path,
    order: list[str],
    built: set[str],
    previous: dict | None,
    kept: dict,
    trimmable: set[str],
) -> None:
    """Material's search index holds the pages MkDocs built this time: add the kept pages'
    entries from the last build, in page order, and remember every page's entries for the next.

    When the index would outgrow SEARCH_INDEX_BUDGET, the sections of `trimmable` pages (stories
    and profiles) keep only their first characters, as few as it takes: their titles, headings
    and standfirsts stay whole, and Material shows no more than the start of a section anyway.
    """
    if not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    fresh: dict[str, list[dict]] = {}
    for doc in data.get("docs", []):
        page = doc.get("location", "").split("#", 1)[0]
        if page in built:
            fresh.setdefault(page, []).append(doc)
    pages = []
    for url in order:
        use_fresh = url in built or previous is None
        entries = fresh.get(url, []) if use_fresh else previous.get(url, [])
        kept[url] = entries
        pages.append((url, entries))
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
    merged = {**data, "docs": docs}
    if merged != data:
        _replace_text(path, json.dumps(merged, separators=(",", ":"), default=str))


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


def _replace_text(path: Path, text: str) -> None:
    path.unlink(missing_ok=True)  # never in place: it may be a hard link
    path.write_text(text, encoding="utf-8")
