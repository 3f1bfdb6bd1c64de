"""What the MkDocs theme hands the engine (build.Drawn), whether MkDocs ran this time or not.

MkDocs renders only what depends on the theme's inputs: the hand-written pages of the docs
folder, the home page's frame (its generated blocks are the engine's: filled here, on every
build), and the shells the engine cuts its pages from. What it made is kept in the build state
(`ThemeState`); while the theme's inputs are unchanged (`theme_fingerprint`) a build does not run
MkDocs, nor import it: the shells, the hand-written pages' search entries and their files come
from the state, and the files stay in the staging folder (a copy of the last output).

Every page of the engine's (stories and profiles too) is written by the engine's workers; the
theme's part in them (`EnginePages`): a story's Markdown rendered as MkDocs would
(story_markdown.py), each page's search entries, and, once all are written, MkDocs' warnings
about the stories' links and Material's search index. Nothing here imports MkDocs.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from generator.adapters.mkdocs.search_index import (
    SEARCH_INDEX,
    page_entries,
    write_search_index,
)
from generator.adapters.mkdocs.shells import NAV_ROOTS, Shell
from generator.adapters.mkdocs.story_markdown import MarkdownSettings, StoryMarkdown
from generator.output.write import Drawn, shell_depths
from generator.pages.kinds import Page, PersonPage, StoryPage
from generator.problems import Problem, SourceErrors

# Written by MkDocs on every run besides its files (static templates, the search index); the
# search index, and the home page (one of its files), are written again by the theme without it.
REWRITTEN = ("404.html", "sitemap.xml", "sitemap.xml.gz", SEARCH_INDEX)
STATE_KEY = "mkdocs"  # its entry in the build state's `theme`
STATE_VERSION = 1
log = logging.getLogger("mkdocs.structure.pages")  # where MkDocs reports a page's links

# The home page's generated blocks: a marker in the editor's Markdown ([[latest-stories]]), an
# HTML comment in what MkDocs renders, the engine's HTML in what is published.
HOME_BLOCKS = {
    "latest-stories": "home_latest_stories.html",
    "newest-roles": "home_newest_roles.html",
    "places": "home_places.html",
}


def home_marker(name: str) -> str:
    return f"<!--careers:home:{name}-->"


@dataclass
class Home:
    """The home page as MkDocs rendered it, a marker where each generated block goes."""

    url: str
    page: str  # the whole page
    content: str  # what is inside its article (what search indexes)
    title: str  # its title in the search index
    fields: dict = field(default_factory=dict)  # its entries' `tags` and `boost`, if any
    filled: str = ""  # a hash of the blocks last filled in ("": none yet)


@dataclass
class ThemeState:
    """What an MkDocs run made, for the builds after it that need not run MkDocs."""

    fingerprint: str | None  # the theme's inputs (theme_fingerprint); None: never reuse
    shells: dict[int | str, str]  # shell key (shells.py) -> its HTML
    markdown: MarkdownSettings | None  # None: the settings would not keep (see `keepable`)
    documents: dict[str, str]  # the docs folder's files a story may link to -> their URLs
    anchors: dict[str, set[str]]  # a hand-written page's docs-folder path -> its anchors
    search_config: dict  # the `config` of Material's index
    hand_written: list[str]  # the hand-written pages' URLs, in MkDocs' order
    files: set[str]  # every file MkDocs wrote or kept, relative to the output
    home: Home | None
    search: dict[str, list[dict]] = field(default_factory=dict)  # page URL -> its entries
    validation: dict = field(default_factory=dict)  # MkDocs' validation.links levels
    search_changed: bool = True  # the index on disk lacks what `search` holds
    version: int = STATE_VERSION


def kept_state(theme: dict | None) -> ThemeState | None:
    state = (theme or {}).get(STATE_KEY)
    if isinstance(state, ThemeState) and state.version == STATE_VERSION:
        return state
    return None


def keepable(settings: MarkdownSettings) -> MarkdownSettings | None:
    """The settings, if they survive the build state's pickle (an extension configured with an
    object that does not pickle makes every build run MkDocs)."""
    try:
        pickle.loads(pickle.dumps(settings))
    except Exception:  # noqa: BLE001 - whatever pickle refuses
        return None
    return settings


def shell_keys(plan) -> list[int | str]:
    """The shells a plan needs: one per URL depth of the engine's pages, and one per page that
    MkDocs' navigation names (its frame marks it as the current page)."""
    roots = sorted(page.url for page in plan.pages if page.url in NAV_ROOTS)
    return [*sorted(shell_depths(plan)), *roots]


def theme_fingerprint(prepared, root: Path) -> str:
    """A hash of what MkDocs' part of a build reads besides the global inputs (the code, the
    config files and the environment values they read, the theme files they name, which
    hand-written pages exist: output/incremental.py global_hash): the content of the docs
    folder's files (their size and time) and the shells the plan needs."""
    hasher = hashlib.blake2b(digest_size=16)
    hasher.update(f"{STATE_VERSION}".encode())
    for source in sorted(prepared.hand_written.values()):
        try:
            stat = os.stat(root / source)
            hasher.update(f"{source}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
        except OSError:
            hasher.update(f"{source}\0missing\n".encode())
    hasher.update(repr(shell_keys(prepared.plan)).encode())
    return hasher.hexdigest()


def drawn(
    prepared,
    run,
    state: ThemeState,
    fresh_home: bool,
    on_warnings=None,
    settings: MarkdownSettings | None = None,
) -> Drawn:
    """What the engine gets from the theme: the shells, the home page filled in, and the theme's
    part in the engine's pages. `fresh_home`: MkDocs just wrote the home page's frame.
    `on_warnings`: called once the engine's pages are written and their warnings logged (the
    plugin's strict mode). `settings`: how MkDocs renders Markdown in this run (else the
    state's)."""
    shells = {key: Shell(html) for key, html in state.shells.items()}
    site_dir = run.staging.path
    if state.home is not None:
        _draw_home(prepared, run, state, fresh_home)
    documents = dict(state.documents)
    documents.update({page.url + "index.md": page.url for page in prepared.plan.pages})
    markdown = StoryMarkdown(settings or state.markdown or MarkdownSettings(), documents)
    pages = EnginePages(prepared.plan, state, markdown, site_dir, on_warnings)
    frame = _digest(sorted(state.shells.items(), key=repr))
    theme_state = {STATE_KEY: state}
    files, rewritten = set(state.files), set(REWRITTEN)
    return Drawn(shells, list(state.hand_written), files, rewritten, theme_state, pages, frame)


def _digest(value) -> str:
    return hashlib.blake2b(repr(value).encode(), digest_size=16).hexdigest()


def _draw_home(prepared, run, state: ThemeState, fresh: bool) -> None:
    """The home page with this build's generated blocks, and its search entries (kept when the
    blocks are what the page shows: rendering them costs less than fingerprinting what they
    show, every listing of places, teams and categories)."""
    home = state.home
    blocks = {
        name: prepared.renderer.home_block(template, home.url, prepared.plan.home)
        for name, template in HOME_BLOCKS.items()
    }
    filled = _digest(blocks)
    target = run.staging.path / home.url / "index.html"
    if not fresh and filled == home.filled and target.is_file() and home.url in state.search:
        return
    page, content = home.page, home.content
    for name, html in blocks.items():
        content = content.replace(home_marker(name), html)
        page = page.replace(home_marker(name), _SEARCH_ATTRIBUTE.sub("", html))
    target.unlink(missing_ok=True)  # never in place: it may be a hard link to the live site
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page, encoding="utf-8")
    entries = page_entries(content, home.url, home.title)
    state.search[home.url] = [{**entry, **home.fields} for entry in entries]
    state.search_changed = True
    home.filled = filled


# What Material's search plugin removes from a page's content once it has indexed it.
_SEARCH_ATTRIBUTE = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")


@dataclass
class Written:
    """What the theme keeps of one page the engine wrote (EnginePages.written)."""

    entries: list[dict] | None  # its search entries; None: search does not list it
    warnings: list[tuple[int, str]] = field(default_factory=list)
    links_to_anchors: dict[str, dict[str, str]] = field(default_factory=dict)
    anchors: set[str] | None = None  # a story's: the ids of its text
    problem: Problem | None = None


class EnginePages:
    """The theme's part in the pages the engine writes (output/write.py ThemePages)."""

    def __init__(
        self, plan, state: ThemeState, markdown: StoryMarkdown, site_dir: Path, on_warnings
    ):
        self.plan = plan
        self.state = state
        self.converter = markdown
        self.site_dir = site_dir
        self.on_warnings = on_warnings
        self._rendered: dict = {}  # page URL -> its story's Rendered, until `written`

    def markdown(self, page: Page, text: str) -> str:
        rendered = self._rendered[page.url] = self.converter.render(page.url, text)
        return rendered.html

    def written(self, page: Page, own: str) -> Written:
        title = escape(page.title)  # what MkDocs gave Material: the title as HTML
        result = Written(page_entries(own, page.url, title) if page.searchable else None)
        rendered = self._rendered.pop(page.url, None)
        if rendered is not None:
            result.warnings = rendered.warnings
            result.links_to_anchors = rendered.links_to_anchors
            result.anchors = rendered.anchors
            if rendered.error:
                text = f"its Markdown could not be rendered ({rendered.error})"
                result.problem = Problem(page.source, page.story.body_line, text)
        return result

    def done(self, written: dict[str, Written]) -> None:
        problems = [result.problem for result in written.values() if result.problem]
        if problems:
            raise SourceErrors(problems)
        self._report_links(written)
        if self.on_warnings is not None:
            self.on_warnings()
        self._search(written)

    def _report_links(self, written: dict[str, Written]) -> None:
        """MkDocs' warnings about the stories' links, as MkDocs words and logs them."""
        levels = self.state.validation or MarkdownSettings().validation
        anchors = {
            url + "index.md": result.anchors
            for url, result in written.items()
            if result.anchors is not None
        }
        anchors.update(self.state.anchors)
        for url, result in written.items():
            for level, message in result.warnings:
                log.log(level, message)
            source = url + "index.md"
            for target, links in result.links_to_anchors.items():
                present = result.anchors if target == source else anchors.get(target)
                if present is None:
                    continue  # a page whose anchors are not known (a job's): as MkDocs does
                for anchor, link in links.items():
                    if anchor in present:
                        continue
                    problem = (
                        "there is no such anchor on this page"
                        if target == source
                        else f"the doc '{target}' does not contain an anchor '#{anchor}'"
                    )
                    log.log(
                        levels["anchors"],
                        f"Doc file '{source}' contains a link '{link}', but {problem}.",
                    )

    def _search(self, written: dict[str, Written]) -> None:
        """Material's index: the hand-written pages', then the engine's pages' entries (made now
        or kept from the last build), written again when any of them changed."""
        state = self.state
        previous = state.search
        search = {url: previous.get(url, []) for url in state.hand_written}
        trimmable = set()
        changed = state.search_changed
        for page in self.plan.pages:
            if not page.searchable:
                continue
            result = written.get(page.url)
            if result is not None:
                search[page.url] = result.entries or []
                changed = True
            else:
                search[page.url] = previous.get(page.url, [])
            if isinstance(page, (StoryPage, PersonPage)):
                trimmable.add(page.url)
        path = self.site_dir / SEARCH_INDEX
        if changed or list(search) != list(previous) or not path.is_file():
            write_search_index(path, state.search_config, list(search.items()), trimmable)
        state.search = search
        state.search_changed = False
