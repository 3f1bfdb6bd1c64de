"""Writing what the engine makes itself: the pages cut from the theme's shells (every page but
the hand-written ones: jobs and their listings, the bulk at 20,000 roles, stories, profiles),
every feed, the jobs index and the sitemap. All of it goes
through one Writer (output/writer.py), which refuses a second write to one path.

Pages and feeds whose fingerprint matches the last build's are kept as they are; the rest are
rendered and written by worker processes, one per core, when there is enough of them.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Protocol

from generator import progress
from generator.model import urls
from generator.output.sitemap import sitemap_entries, sitemap_file_names, sitemap_files
from generator.output.writer import Writer, safe_relative, write_file
from generator.pages.kinds import Page
from generator.pages.plan import Plan
from generator.render.feeds import STYLESHEET, FeedRenderer, forget_entries, stylesheet
from generator.render.html import page_body
from generator.render.job_index import INDEX_FILE, render_index
from generator.sources.cache import digest


class Shell(Protocol):
    """A page of the theme with holes for a page's title (its own, as HTML text: the shell adds
    the site's name where it shows one), head tags and body."""

    def fill(self, title: str, head: str, body: str) -> str: ...


class ThemePages(Protocol):
    """The theme's part in the pages the engine writes."""

    def markdown(self, page: Page, text: str) -> str:
        """A story's Markdown -> HTML, as the theme renders its own pages' (in the workers)."""

    def written(self, page: Page, own: str) -> object:
        """What the theme keeps of a page just rendered (its search entries), from the page's own
        content (render/html.py page_body); runs in the workers, returned to `done`."""

    def done(self, written: dict[str, object]) -> None:
        """Once the pages are written: `written` holds `written()`'s answer for each page
        rendered this time (by URL), the others were kept."""


@dataclass
class Drawn:
    """What the theme drew into the staging folder."""

    # URL depth (or the URL of a page with a frame of its own) -> the frame of the engine's pages
    shells: dict[int | str, Shell]
    urls: list[str]  # the pages it published (for the sitemap)
    files: set[str] = field(default_factory=set)  # every file it wrote or kept, relative
    also_written: set[str] = field(default_factory=set)  # files it rewrites beside `files`
    theme_state: dict = field(default_factory=dict)  # what it keeps for its next build
    pages: ThemePages | None = None
    frame: str = ""  # a hash of the shells: a page cut from another frame is written again


def direct_pages(plan: Plan) -> list[Page]:
    """The pages the engine writes itself, cut from the theme's shells."""
    return [page for page in plan.pages if not page.via_mkdocs]


def shell_depths(plan: Plan) -> set[int]:
    return {page.url.count("/") for page in direct_pages(plan)}


def generated_files(plan: Plan) -> dict[str, str]:
    """Files the engine writes besides pages (output path -> what writes it)."""
    files = {
        feed.url + name: f"the feed of /{feed.url}"
        for feed in plan.feeds
        for name in urls.FEED_FILES
    }
    files[STYLESHEET] = "the feeds' stylesheet"
    files[urls.SOCIAL_IMAGE] = "the sharing picture"
    files[urls.JOBS_URL + INDEX_FILE] = "the jobs index"
    files.update(dict.fromkeys(sitemap_file_names(len(plan.pages)), "the sitemap"))
    return files


def write_output(prepared, site_dir, drawn: Drawn, tracker, copy_to=None) -> Writer:
    """Direct pages, feeds, the jobs index and the sitemap; `tracker` (output.incremental)
    says which of them the last build wrote the same. `copy_to`: where each file is hard-linked
    as well (a cold build's spare, writer.write_file)."""
    writer = Writer(site_dir, copy_to)
    plan = prepared.plan
    pages = []
    for page in direct_pages(plan):
        writer.claim(page.url, "index.html", page.source)  # collisions are errors
        if not tracker.page_unchanged(page, drawn.frame):
            pages.append(page)
    feeds = []
    for feed in plan.feeds:
        kept = tracker.feed_unchanged(feed)
        for filename in kept or ():
            writer.keep(feed.url, filename, f"feed of {feed.url}")
        if kept is None:
            feeds.append(feed)
    global _WORK
    _WORK = (prepared, site_dir, drawn, copy_to)
    if pages:
        _compile_templates(prepared.renderer.env)
    try:
        done = _run(_write_feeds, feeds, "writing feeds")
        for (files, changed), feed in zip(done, feeds, strict=True):
            for filename in files:
                rel = writer.claim(feed.url, filename, f"feed of {feed.url}")
                if filename in changed:
                    writer.changed.add(rel)
            tracker.feed_written(feed, files)
        forget_entries()
        done = _run(_write_pages, pages, "writing pages")
        written = {}
        for (changed, result), page in zip(done, pages, strict=True):
            if changed:
                writer.changed.add(safe_relative(page.url))
            written[page.url] = result
    finally:
        _WORK = None
    if drawn.pages is not None:
        drawn.pages.done(written)
    writer.rendered = len(pages) + len(feeds)
    writer.write("", STYLESHEET, stylesheet(), "the feeds' stylesheet")
    if not prepared.config.options.social_image:
        picture = (Path(__file__).parent.parent / "render" / urls.SOCIAL_IMAGE).read_bytes()
        writer.write("", urls.SOCIAL_IMAGE, picture, "the sharing picture")
    index_inputs = [plan.jobs, plan.places, plan.teams, plan.categories]
    if tracker.unchanged(urls.JOBS_URL + INDEX_FILE, index_inputs, urls.JOBS_URL + INDEX_FILE):
        writer.keep(urls.JOBS_URL, INDEX_FILE, "jobs index")
    else:
        writer.write(urls.JOBS_URL, INDEX_FILE, render_index(plan), "jobs index")
    entries = sitemap_entries(plan.pages, drawn.urls)
    for name, data in sitemap_files(prepared.config.site_url, entries).items():
        writer.write("", name, data, "sitemap")
    return writer


def _compile_templates(env) -> None:
    """Every template compiled once, here, before the workers fork (each would compile its own)."""
    for name in env.list_templates(filter_func=lambda name: name.endswith(".html")):
        env.get_template(name)


# Rendering and writing in forked helper processes too: a helper inherits the prepared site
# (_WORK), so a task is just a slice of the list; each process writes its own files.
_WORK = None
HELPERS = min((os.cpu_count() or 1) - 1, 7)  # processes forked to render beside this one
PARALLEL_MIN = 400  # fewer pages than this are not worth starting workers for
CHUNK = 64
HELPER_LIFE = 64  # chunks, after which fresh helpers are forked


def page_html(prepared, drawn: Drawn, page: Page) -> tuple[str, str]:
    """(HTML, own) of a page the engine writes: cut from the theme's shell, a story's Markdown
    rendered as the theme renders it; `own`: its own content (render/html.py page_body)."""
    renderer = prepared.renderer
    shell = drawn.shells.get(page.url) or drawn.shells[page.url.count("/")]
    head = renderer.head(page, with_description_and_canonical=True)
    body, own = page_body(renderer, page, drawn.pages.markdown if drawn.pages else None)
    return shell.fill(escape(page.title, quote=False), head, body), own


def _write_pages(pages: list[Page]) -> list[tuple[bool, object]]:
    """Each page rendered and written: whether its bytes changed, and what the theme keeps of
    it (ThemePages.written)."""
    prepared, site_dir, drawn, copy_to = _WORK
    theme = drawn.pages
    results = []
    for page in pages:
        html, own = page_html(prepared, drawn, page)
        changed = write_file(site_dir, safe_relative(page.url), html.encode("utf-8"), copy_to)
        results.append((changed, theme.written(page, own) if theme else None))
    return results


def _write_feeds(feeds: list) -> list[tuple[dict[str, str], set[str]]]:
    """Each feed's files, written: (file name -> content digest (for `ping`, output/changes.py),
    the names of those whose bytes changed)."""
    prepared, site_dir, _, copy_to = _WORK
    renderer = FeedRenderer(prepared.config)  # one item per job, reused across feeds
    written = []
    for feed in feeds:
        files = renderer.render(feed)
        changed = {
            filename
            for filename, data in files.items()
            if write_file(site_dir, safe_relative(feed.url, filename), data, copy_to)
        }
        written.append(({filename: digest(data) for filename, data in files.items()}, changed))
    return written


def _run(task, items: list, stage: str):
    """task(chunk) for chunks of items, shared between this process and forked helpers when
    worthwhile; results in order.

    A helper gets only the bounds of its chunk: the items themselves it inherited at the fork
    (sending pages would pickle their contexts, listings with all their jobs, again and again).
    This process renders every (HELPERS + 1)th chunk itself between taking the helpers' results:
    a helper's memory grows to a copy of much of the site it reads (a refcount changed is a page
    copied), so one helper on two cores, not two, forked afresh every HELPER_LIFE chunks (the
    copies the last one made are gone), keeps the build's peak well below a copy per process.
    """
    global _ITEMS
    bounds = [(i, min(i + CHUNK, len(items))) for i in range(0, len(items), CHUNK)]
    meter = progress.Meter(stage, len(items))
    forking = "fork" in multiprocessing.get_all_start_methods()
    if len(items) < PARALLEL_MIN or HELPERS < 1 or not forking:
        for start, end in bounds:
            results = task(items[start:end])
            meter.advance(end - start)
            yield from results
        meter.done()
        return
    share = HELPERS + 1
    _ITEMS = (task, items)
    thawed = gc.get_freeze_count() == 0  # else the caller froze them and thaws them
    try:
        for first in range(0, len(bounds), HELPER_LIFE):
            gc.freeze()  # the helpers share this process's objects: keep their GC from copying
            batch = bounds[first : first + HELPER_LIFE]
            theirs = [chunk for index, chunk in enumerate(batch) if index % share != HELPERS]
            with multiprocessing.get_context("fork").Pool(HELPERS) as pool:
                done = pool.imap(_run_slice, theirs)
                for index, (start, end) in enumerate(batch):
                    mine = index % share == HELPERS
                    results = task(items[start:end]) if mine else next(done)
                    meter.advance(end - start)
                    yield from results
    finally:
        if thawed:
            gc.unfreeze()
        _ITEMS = None
    meter.done()


_ITEMS = None


def _run_slice(bounds: tuple[int, int]) -> list:
    task, items = _ITEMS
    return task(items[bounds[0] : bounds[1]])
