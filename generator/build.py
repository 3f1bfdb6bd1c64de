"""The whole build, in order: config -> load -> validate -> plan -> theme -> write -> commit.

`build(request, theme)` is what `python -m generator build` runs. `mkdocs build` and `mkdocs serve`
run the same stages from the `careers` plugin's hooks (adapters/mkdocs/plugin.py), because there
MkDocs drives: `prepare` before MkDocs reads files, `begin` before it writes, `finish` after.

The theme is what draws the pages the engine does not: MkDocs and Material render the hand-written
pages and a "shell" page per URL depth that the engine cuts its own pages from (jobs, listings,
stories, people), and only when the theme's inputs changed. The engine knows neither MkDocs nor
Material. A fresh build whose inputs did not change at all stops at once (output/uptodate.py).
"""

from __future__ import annotations

import datetime as dt
import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from generator import progress
from generator.config import SiteConfig, find_config_file, load_site_config
from generator.model.site import Site
from generator.output import incremental, uptodate
from generator.output.changes import record_changed_feeds
from generator.output.commit import Staging, Twin, identity
from generator.output.write import Drawn, generated_files, write_output
from generator.pages.collisions import content_collisions
from generator.pages.plan import Plan, plan_site
from generator.problems import Problem, SourceErrors
from generator.render.html import Renderer
from generator.sources.cache import SourceCache, prefill
from generator.sources.cache import enabled as cache_enabled
from generator.sources.load import load_sources
from generator.validate import validate


@dataclass(frozen=True)
class BuildRequest:
    root: Path  # the site's folder, holding mkdocs.yml
    site_dir: Path  # the output folder
    today: dt.date
    incremental: bool = True  # reuse the last build's output where a page's inputs are unchanged


@dataclass
class Prepared:
    """The validated site and its plan: what every later stage reads."""

    root: Path
    site: Site
    plan: Plan
    renderer: Renderer
    hand_written: dict[str, str]  # files the theme publishes from the docs folder -> source
    digests: dict[str, str] = field(default_factory=dict)  # source path -> content hash

    @property
    def config(self) -> SiteConfig:
        return self.site.config


class Theme(Protocol):
    """What draws the pages the engine does not (adapters/mkdocs/theme.py is the one we have)."""

    def hand_written(self, root: Path, config: SiteConfig) -> dict[str, str]:
        """The files it publishes from the docs folder: output path -> source, root-relative."""

    def draw(self, prepared: Prepared, run: Run) -> Drawn:
        """Render its pages into the run's staging folder; keep what the run finds unchanged."""


def build(request: BuildRequest, theme: Theme) -> Run | None:
    """Build the site of `request.root` into `request.site_dir`: the new output replaces the old
    one in one step once everything is written; on any failure the old output stays as it was.
    Returns None when nothing it depends on changed since its last build (output/uptodate.py).
    Raises SourceErrors with every problem of the sources."""
    config = read_config(request.root)
    now = uptodate.scan(request.root, request.site_dir, config, request.today)
    if request.incremental and uptodate.unchanged(now, request.root, request.site_dir):
        record_changed_feeds(request.root, request.site_dir, None)  # none: ping has nothing to send
        return None
    try:
        with made_to_last():
            prepared = prepare(
                request.root, config, request.today, theme.hand_written(request.root, config)
            )
        with begin(request, prepared) as run:
            drawn = theme.draw(prepared, run)  # order matters: direct pages are cut from its shells
            finish(run, drawn)
    finally:
        gc.unfreeze()
    uptodate.save(now, request.root, request.site_dir)
    return run


@contextmanager
def made_to_last():
    """Keep Python's cycle collector off the objects made inside: load, validate and plan make
    millions at 20,000 jobs, all alive until the build ends, so its passes over them free nothing
    (they were a third of a one-job rebuild's time). Paused while they are made, then frozen out
    of its sight (build() thaws them at its end); later objects are collected as usual."""
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def read_config(root: Path) -> SiteConfig:
    config_file = find_config_file(root)
    if config_file is None:
        raise SourceErrors([Problem("mkdocs.yml", 1, "the site has no mkdocs.yml")])
    config, problems = load_site_config(config_file)
    if problems:
        raise SourceErrors(problems)
    return config


def prepare(
    root: Path,
    config: SiteConfig,
    today: dt.date,
    hand_written: dict[str, str] | None = None,
    source_cache: SourceCache | None = None,
) -> Prepared:
    """Load, validate and plan; raises SourceErrors with every problem found. `hand_written`:
    the theme's files from the docs folder (Theme.hand_written), checked against the engine's.
    `source_cache` (kept by a long-lived process such as `mkdocs serve`) saves reading the cache
    file again."""
    hand_written = hand_written or {}
    if source_cache is None and cache_enabled():
        source_cache = SourceCache(root)
    if source_cache is not None:
        prefill(source_cache, root.resolve(), config.docs_dir)  # a cold cache: on every core
    progress.note("reading sources")
    sources = load_sources(root, config.docs_dir, source_cache)
    progress.note(f"validating {len(sources.records):,} sources")
    site, problems = validate(sources, config, today, root, source_cache)
    if source_cache is not None:
        source_cache.save()
    if problems:
        raise SourceErrors(problems)
    progress.note("planning pages and feeds")
    plan = plan_site(site)
    plan.problems += content_collisions(plan.pages, hand_written, generated_files(plan))
    if plan.problems:
        raise SourceErrors(plan.problems)
    return Prepared(root, site, plan, Renderer(site), hand_written, sources.digests)


@dataclass
class Run:
    """One build's output side: its staging folder and what it keeps from the last build."""

    request: BuildRequest
    prepared: Prepared
    staging: Staging
    incremental: incremental.Incremental
    state_file: Path
    written: int = 0  # pages and feeds rendered this time (the rest were kept)

    def __enter__(self) -> Run:
        return self

    def __exit__(self, *exc) -> None:
        self.staging.close()


def begin(request: BuildRequest, prepared: Prepared, previous_state=None) -> Run:
    """A staging folder for the new output: a copy of the last output when its state is known
    (`previous_state`: a state a long-lived process kept in memory). Its pages are kept where
    their fingerprints match; under other global inputs (a new day, another config) every page is
    rendered again, and only those whose bytes changed are written."""
    root, config = request.root, prepared.config
    base = incremental.global_hash(
        root, config, sorted(prepared.hand_written.values()), request.today
    )
    state_file = incremental.state_path(root, request.site_dir)
    last = None
    if request.incremental and request.site_dir.is_dir():
        last = previous_state or incremental.load_state(state_file)
    twin = last.twin if last is not None else None
    copy = cache_enabled() and request.incremental  # a spare is for the next incremental build
    staging = Staging(request.site_dir, clone=last is not None, twin=twin, copy=copy)
    tracker = incremental.Incremental(prepared.digests, base, last, staging.path)
    return Run(request, prepared, staging, tracker, state_file)


def finish(run: Run, drawn: Drawn) -> None:
    """Write the engine's pages, feeds, jobs index and sitemap, drop what is gone, and commit."""
    staging = run.staging
    staging.copy_so_far()  # the theme's files, all in place before the engine writes its own
    writer = write_output(run.prepared, staging.path, drawn, run.incremental, staging.copy)
    run.written = writer.rendered
    manifest = set(writer.written) | drawn.files
    run.incremental.remove_stale(manifest)
    state = run.incremental.state
    state.theme = drawn.theme_state
    # The state describes the output: gone while the output changes, back once it is in place.
    incremental.forget_state(run.state_file)
    theme_files = drawn.files | drawn.also_written  # written by the theme, not by `writer`
    exact = staging.commit(keep_spare=cache_enabled(), uncopied=theme_files)
    previous = run.incremental.last.manifest if run.incremental.last else set()
    delta = set() if exact else writer.changed | theme_files | (previous ^ manifest)
    state.twin = Twin(identity(run.request.site_dir), staging.spare, frozenset(delta))
    incremental.save_state(run.state_file, state)
    digests = run.incremental.feed_digests()
    record_changed_feeds(run.request.root, run.request.site_dir, digests)  # what `ping` sends
