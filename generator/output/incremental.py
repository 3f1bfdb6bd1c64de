"""Incremental builds: rewrite only the pages and feeds whose inputs changed since the last build
of the same output folder, and keep the rest of that output as it is.

A page's fingerprint hashes everything its templates read: the page's own fields and context,
each source record by its file's content hash, listings by their URLs, titles and counts (and
those of the places below them), plus a `global` hash of the generator's code and templates, the
installed packages, mkdocs.yml, the hand-written pages and the build date. When the global hash
differs from the last build's, nothing is reused. Templates that read `plan` directly (the
all-jobs listing and the stories listing) have what they read added to their fingerprint; the
home page, which shows the newest of everything, is always rebuilt.

The state of the last build (fingerprints, each page's search-index entries, every file written)
is kept under the site root's `.cache/`, one file per output folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from generator.model.records import Sourced
from generator.pages.plan import Feed, Listing, Page
from generator.sources.cache import (
    cache_dir,
    code_version,
    digest,
    enabled,
    read_pickle,
    write_pickle,
)

STATE_VERSION = 1


@dataclass
class BuildState:
    global_hash: str
    pages: dict[str, str] = field(default_factory=dict)  # page URL -> fingerprint
    feeds: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # URL -> (fp, files)
    search: dict[str, list[dict]] = field(default_factory=dict)  # page URL -> search docs
    manifest: set[str] = field(default_factory=set)  # every output file, relative, "/"-separated
    version: int = STATE_VERSION


def state_path(root: Path, site_dir: Path) -> Path:
    key = digest(os.path.realpath(site_dir).encode())[:16]
    return cache_dir(root) / f"build-{key}.pickle"


def global_hash(root: Path, docs_dir: Path, today: dt.date) -> str:
    """Everything outside the sources that shapes every page: code, config, hand-written pages."""
    hasher = hashlib.blake2b(digest_size=16)
    hasher.update(code_version().encode())
    hasher.update(today.isoformat().encode())
    config = root / "mkdocs.yml"
    hasher.update(config.read_bytes() if config.exists() else b"")
    if docs_dir.is_dir():  # which hand-written pages exist (MkDocs rebuilds changed ones itself)
        for path in sorted(docs_dir.rglob("*.md")):
            hasher.update(path.relative_to(docs_dir).as_posix().encode() + b"\0")
    return hasher.hexdigest()


def load_state(path: Path, expected_global: str | None) -> BuildState | None:
    """The last build's state; None if there is none or (given `expected_global`) it is stale."""
    if not enabled():
        return None
    state = read_pickle(path)
    if not isinstance(state, BuildState) or state.version != STATE_VERSION:
        return None
    return state if expected_global is None or state.global_hash == expected_global else None


def save_state(path: Path, state: BuildState) -> None:
    if enabled():
        write_pickle(path, state)


def forget_state(path: Path) -> None:
    path.unlink(missing_ok=True)


def commit(staging: Path, site_dir: Path, previous: BuildState, state: BuildState) -> int:
    """Move what an incremental build wrote into `staging` over `site_dir`, file by file (a file
    with the same bytes stays as it is, mtime included), then delete the files the last build
    wrote and this one did not. Runs only once the whole build succeeded: a failed build never
    gets here, so it leaves `site_dir` as it was. Returns the number of files replaced."""
    replaced = 0
    for base, _, names in os.walk(staging):
        for name in names:
            source = Path(base) / name
            target = site_dir / source.relative_to(staging)
            if target.is_file() and _same_bytes(source, target):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
            replaced += 1
    for rel in sorted(previous.manifest - state.manifest):
        path = site_dir / rel
        if path.is_file() or path.is_symlink():
            path.unlink()
            _prune_empty(path.parent, site_dir)
    shutil.rmtree(staging, ignore_errors=True)
    return replaced


def _same_bytes(one: Path, other: Path) -> bool:
    if one.stat().st_size != other.stat().st_size:
        return False
    return one.read_bytes() == other.read_bytes()


class Fingerprints:
    """A hash of all that a planned page (or feed) is made from; equal hashes, equal output."""

    def __init__(self, prepared, base: str):
        self.digests = prepared.digests
        self.plan = prepared.plan
        self.base = base
        self.memo: dict[int, str] = {}
        self.alive: list = []

    def page(self, page: Page, extra: str = "") -> str:
        out = [
            self.base,
            extra,
            page.url,
            page.title,
            page.template,
            page.source,
            page.description,
            repr(page.via_mkdocs),
            repr(page.feed_url),
            repr(page.noindex),
            repr(page.image),
        ]
        self._encode(page.context, out)
        listing = page.context.get("listing") if isinstance(page.context, dict) else None
        if page.template == "job_listing.html" and getattr(listing, "kind", "") == "all":
            self._encode([*self.plan.teams, *self.plan.categories], out)  # the browse links
        if page.template == "story_listing.html":
            self._encode(
                sorted({topic for story in self.plan.stories for topic in story.topics}), out
            )
        return _hash(out)

    def feed(self, feed: Feed, extra: str = "") -> str:
        out = [
            self.base,
            extra,
            feed.url,
            feed.title,
            feed.description,
            feed.kind,
            feed.updated.isoformat(),
        ]
        self._encode(feed.items, out)
        if feed.kind != "jobs":  # story items name their people
            self._encode(
                sorted({p for story in feed.items for p in getattr(story, "people", [])}), out
            )
            for person_path in sorted(
                path for path in self.digests if path.startswith("content/people/")
            ):
                out.append(self.digests[person_path])
        return _hash(out)

    def _encode(self, value, out: list[str]) -> None:
        out.append(self._text(value))

    def _text(self, value) -> str:
        """An unambiguous text for a value; models and listings by identity, worked out once."""
        kind = type(value)
        if kind is str or kind is int or kind is bool or kind is float or value is None:
            return repr(value)
        if kind is list or kind is tuple:
            return "[" + ",".join([self._text(item) for item in value]) + "]"
        if kind is dict:
            return (
                "{" + ",".join([f"{key!r}:{self._text(item)}" for key, item in value.items()]) + "}"
            )
        key = self.memo.get(id(value))
        if key is not None:
            return key
        if isinstance(value, Sourced):
            path = value.path
            key = f"{kind.__name__}:{path}:{self.digests.get(path) or repr(value)}"
        elif isinstance(value, Listing):
            fields = (value.url, value.title, value.heading, value.kind, value.code, value.count)
            key = f"L{fields!r}{self._text(value.breadcrumbs)}{self._text(value.children)}"
        elif isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        else:
            return repr(value)  # an object without a stable repr never matches: rebuilt
        self.memo[id(value)] = key
        self.alive.append(value)  # keeps id(value) from being reused during the build
        return key


def _hash(parts: list[str]) -> str:
    return hashlib.blake2b(
        "\x1f".join(parts).encode("utf-8", "surrogatepass"), digest_size=16
    ).hexdigest()


class Incremental:
    """One build's bookkeeping: which pages can stay, and the state to save for the next build."""

    def __init__(self, prepared, base: str, previous: BuildState | None, site_dir: Path):
        """`site_dir`: the folder holding the last build's output (kept pages must be there)."""
        self.fingerprints = Fingerprints(prepared, base)
        self.previous = previous
        self.site_dir = site_dir
        self.state = BuildState(base)
        self.kept = self.rendered = 0

    def page_unchanged(self, page: Page, extra: str = "") -> bool:
        """Note the page's fingerprint; True if the last build wrote the same page, still there."""
        fp = self.state.pages[page.url] = self.fingerprints.page(page, extra)
        same = (
            self.previous is not None
            and self.previous.pages.get(page.url) == fp
            and os.path.isfile(os.path.join(self.site_dir, page.url, "index.html"))
        )
        if same:
            self.kept += 1
        else:
            self.rendered += 1
        return same

    def feed_unchanged(self, feed: Feed, extra: str = "") -> list[str] | None:
        """The files to keep when the feed is as it was, else None (then the feed is rewritten)."""
        fp = self.fingerprints.feed(feed, extra)
        old = self.previous.feeds.get(feed.url) if self.previous is not None else None
        if (
            old is not None
            and old[0] == fp
            and all(os.path.isfile(os.path.join(self.site_dir, feed.url, name)) for name in old[1])
        ):
            self.state.feeds[feed.url] = old
            return old[1]
        self.state.feeds[feed.url] = (fp, [])
        return None

    def blob_unchanged(self, rel: str, inputs: list) -> bool:
        """Like page_unchanged, for one more file made from `inputs` (the jobs index)."""
        fp = self.state.pages[rel] = _hash(
            [self.fingerprints.base, rel, self.fingerprints._text(inputs)]
        )
        return (
            self.previous is not None
            and self.previous.pages.get(rel) == fp
            and os.path.isfile(os.path.join(self.site_dir, rel))
        )

    def feed_written(self, feed: Feed, names: list[str]) -> None:
        self.state.feeds[feed.url] = (self.state.feeds[feed.url][0], list(names))

    def remove_stale(self, manifest: set[str], in_place: bool = True) -> int:
        """Delete what the last build wrote and this one did not (a closed listing, a gone page)."""
        self.state.manifest = manifest
        if self.previous is None or not in_place:
            return 0
        removed = 0
        for rel in sorted(self.previous.manifest - manifest):
            path = self.site_dir / rel
            if path.is_file() or path.is_symlink():
                path.unlink()
                removed += 1
                _prune_empty(path.parent, self.site_dir)
        return removed


def _prune_empty(folder: Path, top: Path) -> None:
    while folder != top and folder.is_relative_to(top):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


SEARCH_INDEX_BUDGET = 4_500_000  # bytes: a reader's browser downloads the whole index
SEARCH_TEXT_LIMITS = (1600, 800, 400, 240, 160, 100)  # characters, tried in turn


def merge_search_index(
    path: Path,
    order: list[str],
    built: set[str],
    previous: BuildState | None,
    state: BuildState,
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
        entries = fresh.get(url, []) if use_fresh else previous.search.get(url, [])
        state.search[url] = entries
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
