"""Incremental builds: rewrite only the pages and feeds whose inputs changed since the last build
of the same output folder, and keep the rest of that output as it is.

A page's fingerprint hashes its kind and its fields: a page kind declares everything its template
reads as fields (pages/kinds.py), so equal fingerprints mean equal pages. Source records are hashed
by their file's content hash, listings by their URLs, titles and counts (and those of the places
below them). A `global` hash covers what shapes every page: the generator's code and templates,
the installed packages, the config files, the set of hand-written pages and the build date; when
it differs from the last build's, nothing is reused.

The state of the last build (fingerprints, every file written, and what the theme keeps) lives in
the cache folder (sources/cache.py), one file per output folder, never in the output.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from generator.model.records import Sourced
from generator.output.commit import Twin
from generator.pages.kinds import BASE_FIELDS, Feed, Listing, Page
from generator.sources.cache import (
    cache_dir,
    code_version,
    digest,
    enabled,
    read_pickle,
    write_pickle,
)

STATE_VERSION = 3


@dataclass
class BuildState:
    global_hash: str
    pages: dict[str, str] = field(default_factory=dict)  # page URL (or file) -> fingerprint
    # feed URL -> (fingerprint, {file name: content digest})
    feeds: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)
    theme: dict = field(default_factory=dict)  # what the theme keeps (the search index entries)
    manifest: set[str] = field(default_factory=set)  # every output file, relative, "/"-separated
    twin: Twin | None = None  # the spare output beside it (output/commit.py)
    version: int = STATE_VERSION


def state_path(root: Path, site_dir: Path) -> Path:
    key = digest(os.path.realpath(site_dir).encode())[:16]
    return cache_dir(root) / f"build-{key}.pickle"


def global_hash(root: Path, config, hand_written: list[str], today) -> str:
    """Everything outside the sources that shapes every page: code, config (with the environment
    values it reads), the theme files it names (custom_dir, hooks), the hand-written pages' set."""
    hasher = hashlib.blake2b(digest_size=16)
    hasher.update(code_version().encode())
    hasher.update(today.isoformat().encode())
    for name in config.config_files:
        path = root / name
        hasher.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b""))
    for name in config.env_names:
        hasher.update(f"{name}={os.environ.get(name)!r}\0".encode())
    for path in _files_under(root, config.watched):
        hasher.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    for rel in sorted(hand_written):  # which exist (MkDocs rebuilds those changed)
        hasher.update(rel.encode() + b"\0")
    return hasher.hexdigest()


def _files_under(root: Path, named: tuple[str, ...]) -> list[Path]:
    found = []
    for rel in named:
        path = root / rel
        found += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
        found += [path] if path.is_file() else []
    return found


def load_state(path: Path) -> BuildState | None:
    """The last build's state (made under the same global inputs or not); None if there is none."""
    if not enabled():
        return None
    state = read_pickle(path)
    if not isinstance(state, BuildState) or state.version != STATE_VERSION:
        return None
    return state


def save_state(path: Path, state: BuildState) -> None:
    if enabled():
        write_pickle(path, state)


def forget_state(path: Path) -> None:
    path.unlink(missing_ok=True)


class Fingerprints:
    """A hash of all that a planned page (or feed) is made from; equal hashes, equal output."""

    def __init__(self, digests: dict[str, str], base: str):
        self.digests = digests  # source path -> content hash
        self.base = base
        self.memo: dict[int, str] = {}
        self.alive: list = []  # keeps id() of memoised objects from being reused

    def page(self, page: Page, extra: str = "") -> str:
        out = [self.base, extra, type(page).__name__]
        out += [self._text(getattr(page, name)) for name in BASE_FIELDS]
        out.append(self._text(page.inputs()))
        return _hash(out)

    def feed(self, feed: Feed, extra: str = "") -> str:
        head = (feed.url, feed.title, feed.description, feed.kind, feed.updated.isoformat())
        return _hash(
            [self.base, extra, repr(head), self._text(feed.items), self._text(feed.people)]
        )

    def inputs(self, name: str, inputs) -> str:
        """The fingerprint of any other output made from `inputs` (the jobs index, home blocks)."""
        return _hash([self.base, name, self._text(inputs)])

    def _text(self, value) -> str:
        """An unambiguous text for a value; records and listings by identity, worked out once
        (as a short hash, so that lists of them and listings holding listings stay short)."""
        kind = type(value)
        if kind is str or kind is int or kind is bool or kind is float or value is None:
            return repr(value)
        memo = self.memo
        if kind is list or kind is tuple:  # most often a page of jobs: their keys are memoised
            parts = []
            for item in value:
                key = memo.get(id(item))
                parts.append(key if key is not None else self._text(item))
            return "[" + ",".join(parts) + "]"
        if kind is dict:
            return (
                "{" + ",".join(f"{key!r}:{self._text(item)}" for key, item in value.items()) + "}"
            )
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        key = memo.get(id(value))
        if key is not None:
            return key
        if isinstance(value, Sourced):
            path = value.path
            text = f"{kind.__name__}:{path}:{self.digests.get(path) or repr(value)}"
        elif isinstance(value, Listing):
            fields = (value.url, value.title, value.heading, value.kind, value.code, value.count)
            text = f"L{fields!r}{self._text(value.breadcrumbs)}{self._text(value.children)}"
            text += self._text(value.teams_here) + self._text(value.categories_here)
        elif dataclasses.is_dataclass(value):
            text = kind.__name__ + self._text(
                {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
            )
        else:
            return repr(value)  # a model without a source (an image): its repr is its value
        key = memo[id(value)] = "#" + _hash([text])
        self.alive.append(value)
        return key


def _hash(parts: list[str]) -> str:
    return hashlib.blake2b(
        "\x1f".join(parts).encode("utf-8", "surrogatepass"), digest_size=16
    ).hexdigest()


class Incremental:
    """One build's bookkeeping: which outputs can stay, and the state to save for the next build."""

    def __init__(self, digests: dict[str, str], base: str, last: BuildState | None, site: Path):
        """`last`: the last build's state; its fingerprints count only when it was made under the
        same global inputs. `site`: the folder holding its output (kept files must be there)."""
        self.fingerprints = Fingerprints(digests, base)
        self.last = last  # what it wrote (its manifest), whatever its global inputs
        self.previous = last if last is not None and last.global_hash == base else None
        self.site_dir = site
        self.state = BuildState(base)

    def page_unchanged(self, page: Page, extra: str = "") -> bool:
        """Note the page's fingerprint; True if the last build wrote the same page, still there."""
        fp = self.state.pages[page.url] = self.fingerprints.page(page, extra)
        return self._kept(page.url, fp, page.url + "index.html")

    def unchanged(self, name: str, inputs, file: str) -> bool:
        """Like page_unchanged, for another output `file` made from `inputs`."""
        fp = self.state.pages[name] = self.fingerprints.inputs(name, inputs)
        return self._kept(name, fp, file)

    def _kept(self, key: str, fp: str, file: str) -> bool:
        return (
            self.previous is not None
            and self.previous.pages.get(key) == fp
            and os.path.isfile(os.path.join(self.site_dir, file))
        )

    def feed_unchanged(self, feed: Feed) -> dict[str, str] | None:
        """The files to keep when the feed is as it was (name -> content digest), else None (then
        the feed is rewritten)."""
        fp = self.fingerprints.feed(feed)
        old = self.previous.feeds.get(feed.url) if self.previous is not None else None
        if (
            old is not None
            and old[0] == fp
            and all(os.path.isfile(os.path.join(self.site_dir, feed.url, name)) for name in old[1])
        ):
            self.state.feeds[feed.url] = old
            return old[1]
        self.state.feeds[feed.url] = (fp, {})
        return None

    def feed_written(self, feed: Feed, files: dict[str, str]) -> None:
        """The feed's files as written: name -> content digest."""
        self.state.feeds[feed.url] = (self.state.feeds[feed.url][0], dict(files))

    def feed_digests(self) -> dict[str, str]:
        """Every feed file of this build, site-relative, -> its content digest."""
        return {
            url + name: found
            for url, (_, files) in self.state.feeds.items()
            for name, found in files.items()
        }

    def remove_stale(self, manifest: set[str]) -> int:
        """Delete what the last build wrote and this one did not (a closed listing, a gone page)."""
        self.state.manifest = manifest
        if self.last is None:
            return 0
        removed = 0
        for rel in sorted(self.last.manifest - manifest):
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
