"""The whole build, in order: load -> validate -> plan -> render -> write. MkDocs-free.

`prepare` runs the first three stages and raises SourceErrors with every problem of the run;
`write_output` writes what MkDocs does not: the direct pages, the feeds and the sitemap.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import os
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from generator import progress
from generator.config import SiteConfig
from generator.model import urls
from generator.model.site import Site
from generator.output.writer import Shell, Writer, replace_file, safe_join
from generator.output.writer import sitemap as render_sitemap
from generator.pages.plan import Page, Plan, content_collisions, plan_site
from generator.problems import SourceErrors
from generator.render.feeds import FILES as FEED_FILES
from generator.render.feeds import FeedRenderer
from generator.render.html import Renderer
from generator.render.job_index import INDEX_FILE, render_index
from generator.sources.cache import SourceCache, digest, prefill
from generator.sources.cache import enabled as cache_enabled
from generator.sources.load import content_files, load_sources
from generator.validate import validate


@dataclass
class Prepared:
    site: Site
    plan: Plan
    renderer: Renderer
    digests: dict[str, str] = field(default_factory=dict)  # source path -> content hash

    @property
    def mkdocs_pages(self) -> list[Page]:
        return [page for page in self.plan.pages if page.via_mkdocs]

    @property
    def direct_pages(self) -> list[Page]:
        return [page for page in self.plan.pages if not page.via_mkdocs]


def prepare(root: Path, config: SiteConfig, today: dt.date, source_cache=None) -> Prepared:
    """Load, validate and plan; `source_cache` (kept by a long-lived process such as `mkdocs
    serve`) saves reading the cache file again."""
    if source_cache is None and cache_enabled():
        source_cache = SourceCache(root)
    if source_cache is not None:
        prefill(source_cache, root.resolve())  # a cold cache: parse on every core
    progress.note("reading sources")
    sources = load_sources(root, source_cache)
    progress.note(f"validating {len(sources.records):,} sources")
    site, problems = validate(sources, config, today, root, source_cache)
    if source_cache is not None:
        source_cache.save()
    if problems:
        raise SourceErrors(problems)
    progress.note("planning pages and feeds")
    plan = plan_site(site)
    plan.problems += content_collisions(plan, content_files(root), generated_files(plan))
    if plan.problems:
        raise SourceErrors(plan.problems)
    return Prepared(site, plan, Renderer(site, plan), sources.digests)


def generated_files(plan: Plan) -> dict[str, str]:
    """Files the generator writes besides pages (output path -> what writes it)."""
    files = {
        feed.url + name: f"the feed of /{feed.url}" for feed in plan.feeds for name in FEED_FILES
    }
    files[urls.JOBS_URL + INDEX_FILE] = "the jobs index"
    files.update({"sitemap.xml": "the sitemap", "sitemap.xml.gz": "the sitemap"})
    return files


def write_output(
    prepared: Prepared,
    site_dir: Path,
    shells: dict[int, str],
    mkdocs_urls: list[str],
    incremental=None,
) -> Writer:
    """Direct pages (cut from the per-depth shells), feeds, the jobs index and the sitemap.

    With `incremental` (an incremental.Incremental), pages and feeds whose fingerprint matches the
    last build's are kept as they are. The rest is rendered and written by worker processes, one
    per core, when there is enough of it.
    """
    writer = Writer(site_dir)
    shell_hashes = {depth: digest(html.encode("utf-8")) for depth, html in shells.items()}
    pages = []
    for page in prepared.direct_pages:
        shell = shell_hashes[page.url.count("/")]
        claimed = incremental is not None and incremental.page_unchanged(page, shell)
        writer.keep(page.url, "index.html", page.source)  # claims the path: collisions are errors
        if not claimed:
            pages.append(page)
    feeds = []
    for feed in prepared.plan.feeds:
        kept = incremental.feed_unchanged(feed) if incremental is not None else None
        if kept is not None:
            for filename in kept:
                writer.keep(feed.url, filename, f"feed of {feed.url}")
        else:
            feeds.append(feed)
    global _WORK
    _WORK = (prepared, site_dir, shells)
    try:
        for filenames, feed in zip(_run(_write_feeds, feeds, "writing feeds"), feeds, strict=True):
            for filename in filenames:
                writer.keep(feed.url, filename, f"feed of {feed.url}")
            if incremental is not None:
                incremental.feed_written(feed, filenames)
        for _ in _run(_write_pages, pages, "writing pages"):
            pass
    finally:
        _WORK = None
    plan = prepared.plan
    if incremental is not None and incremental.blob_unchanged(
        urls.JOBS_URL + INDEX_FILE, [plan.jobs, plan.places, plan.teams, plan.categories]
    ):
        writer.keep(urls.JOBS_URL, INDEX_FILE, "jobs index")
    else:
        writer.write(urls.JOBS_URL, INDEX_FILE, render_index(plan), "jobs index")
    indexed = [page.url for page in prepared.plan.pages if not page.noindex]
    xml, packed = render_sitemap(
        prepared.site.config.site_url, sorted(set(indexed) | set(mkdocs_urls))
    )
    writer.write("", "sitemap.xml", xml, "sitemap")
    writer.write("", "sitemap.xml.gz", packed, "sitemap")
    return writer


# Rendering and writing in worker processes: a forked worker inherits the prepared site (_WORK),
# so a task is just a slice of the list; each worker writes its own files and returns their names.
_WORK = None
PARALLEL_MIN = 400  # fewer pages than this are not worth starting workers for
CHUNK = 64


def _write_pages(pages: list[Page]) -> list:
    prepared, site_dir, shells = _WORK
    renderer = prepared.renderer
    cut = _shells(shells)
    name = prepared.site.config.site_name
    for page in pages:
        title = _text(f"{page.title} - {name}")
        shell = cut[page.url.count("/")]
        html = shell.fill(title, renderer.head(page, direct=True), renderer.body(page))
        replace_file(safe_join(site_dir, page.url, "index.html"), html.encode("utf-8"))
    return [None] * len(pages)


def _write_feeds(feeds: list) -> list[list[str]]:
    prepared, site_dir, _ = _WORK
    renderer = FeedRenderer(prepared.site.config, prepared.site.people)  # one item per job, reused
    written = []
    for feed in feeds:
        files = renderer.render(feed)
        for filename, data in files.items():
            replace_file(safe_join(site_dir, feed.url, filename), data)
        written.append(list(files))
    return written


_SHELLS: dict = {}


def _shells(shells: dict[int, str]) -> dict[int, Shell]:
    key = id(shells)
    if key not in _SHELLS:
        _SHELLS.clear()
        _SHELLS[key] = {depth: Shell(html) for depth, html in shells.items()}
    return _SHELLS[key]


def _run(task, items: list, stage: str):
    """task(chunk) for chunks of items, in worker processes when worthwhile; results in order.

    A worker gets only the bounds of its chunk: the items themselves it inherited at the fork
    (sending pages would pickle their contexts, listings with all their jobs, again and again).
    """
    global _ITEMS
    bounds = [(i, min(i + CHUNK, len(items))) for i in range(0, len(items), CHUNK)]
    meter = progress.Meter(stage, len(items))
    workers = min(os.cpu_count() or 1, 8)
    forking = "fork" in multiprocessing.get_all_start_methods()
    if len(items) >= PARALLEL_MIN and workers > 1 and forking:
        _ITEMS = (task, items)
        gc.freeze()  # the workers share the parent's objects: keep their GC from copying them
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                done = pool.imap(_run_slice, bounds)
                for (start, end), results in zip(bounds, done, strict=True):
                    meter.advance(end - start)
                    yield from results
        finally:
            gc.unfreeze()
            _ITEMS = None
    else:
        for start, end in bounds:
            results = task(items[start:end])
            meter.advance(end - start)
            yield from results
    meter.done()


_ITEMS = None


def _run_slice(bounds: tuple[int, int]) -> list:
    task, items = _ITEMS
    return task(items[bounds[0] : bounds[1]])


def _text(value: str) -> str:
    return escape(value, quote=False)


def shell_depths(prepared: Prepared) -> set[int]:
    return {page.url.count("/") for page in prepared.direct_pages}
