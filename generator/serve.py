"""`python -m generator serve`: the live preview, where the page an editor looks at comes first.

Start: one build (build.py's stages) into a preview folder in the cache folder (a temporary one
with CAREERS_NO_CACHE=1), never the site's own output; the prepared site, its plan, the theme's
shells, the source cache and the build state stay in memory. That folder is served on
`--dev-addr` (stdlib http.server), every HTML response carrying a small same-origin script that
listens to a Server-Sent-Events stream: it reloads the page when its content changed, and shows
the sources' problems over it while there are any.

On a save (watchdog tells which files changed):
1. First paint, in well under a second at 20,000 jobs: only the changed jobs and stories are read
   and validated (the per-file checks, and a story's references against the last build's
   indexes); each one's own page is rendered from the in-memory plan (its listings and context
   are the last build's: good enough for a first look) and served from memory; the open pages
   showing it reload.
2. Then the full incremental build, as `build` runs it but with the state and the source cache
   kept in memory; the pages whose content it changed reload. A save during that build queues one
   more round: never two builds at once.
An invalid source: its `PATH:LINE: error: message` lines go to the terminal and to every open
page; the last good output stays served; saving the fix removes them and shows the fix.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import http.server
import itertools
import json
import logging
import os
import queue
import secrets
import shutil
import signal
import stat
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator import build, progress
from generator.config import resolve_today
from generator.model import urls
from generator.model.markers import card_refs
from generator.model.records import MODELS, Job, Story
from generator.model.site import Site, job_is_open, story_is_published
from generator.output import write
from generator.output.incremental import BuildState
from generator.output.uptodate import scan
from generator.output.write import Drawn, page_html
from generator.pages.kinds import JobPage, Page, StoryPage
from generator.pages.listings import group_jobs, newest_stories_first, walk
from generator.pages.plan import STORY_ROLES_LIMIT, job_pages, stories_of_teams, story_pages
from generator.problems import Problem, SourceErrors
from generator.sources import cache, strict_yaml
from generator.sources.cache import SourceCache, cache_dir
from generator.sources.cache import enabled as cache_enabled
from generator.sources.load import JOBS_DIR, STORIES_DIR, read_record, source_folders
from generator.validate import attach_story, salary_required_in, story_references, typed

DEFAULT_ADDRESS = "127.0.0.1:8000"
EVENTS_PATH = "/.preview/events"  # no page's URL starts with a dot
STATUS_PATH = "/.preview/status"
SETTLE = 0.03  # seconds to wait after a file event for the rest of the save
GC_IDLE = 20.0  # seconds without a save before cyclic garbage is collected (see Preview._collect)
GC_BUILDS = 10  # builds after which it is collected anyway (memory stays bounded)
KEEPALIVE = 15.0  # seconds between comments on an idle event stream (finds closed tabs)
OVERLAY_ID = "careers-preview-problems"


def add_parser(commands, theme: Callable[[], build.Theme]) -> None:
    """The `serve` command; `theme` makes the theme that draws what the engine does not (the
    command line knows it)."""
    text = "build the site and serve it with a live preview that reloads on every save"
    command = commands.add_parser("serve", help=text, description=text + ".")
    command.add_argument("--root", default=".", help="the site's folder (default: .)")
    command.add_argument(
        "--dev-addr",
        default=DEFAULT_ADDRESS,
        metavar="HOST:PORT",
        help=f"where to serve it (default: {DEFAULT_ADDRESS})",
    )
    command.add_argument(
        "--today", help="YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else UTC today, day by day)"
    )
    command.set_defaults(run=run, theme=theme)


def run(args: argparse.Namespace, root: Path, today: dt.date) -> int:
    address = parse_address(args.dev_addr)
    if address is None:
        print(f"error: --dev-addr must be HOST:PORT, not {args.dev_addr!r}", file=sys.stderr)
        return 2
    try:
        server = PreviewServer(address, None)
    except OSError as err:
        print(f"error: cannot serve on {args.dev_addr}: {err.strerror or err}", file=sys.stderr)
        return 2
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    # This process runs threads (the server's, the watcher's): a fork could copy a lock another
    # thread holds and hang the worker for ever. Its builds write in the process itself.
    write.HELPERS = 0
    cache.PREFILL_MIN = sys.maxsize
    with preview_folder(root) as site_dir:
        preview = Preview(root, site_dir, today if args.today else None, args.theme())
        server.preview = preview
        serving = None
        try:
            signal.signal(signal.SIGTERM, _interrupt)
            preview.start()
            host, port = server.server_address[:2]
            print(f"serving the preview on http://{host}:{port}/ (Ctrl+C to stop)", file=sys.stderr)
            serving = threading.Thread(target=server.serve_forever, daemon=True)
            serving.start()
            preview.wait()
        except KeyboardInterrupt:
            pass
        finally:
            preview.stop()
            if serving is not None:
                server.shutdown()
            server.server_close()
            gc.freeze()  # the collector's last pass over millions of objects would delay the exit
    return 0


_MAIN_PID = os.getpid()


def _interrupt(signum, frame) -> None:
    """SIGTERM ends the preview as Ctrl+C does; a build's forked worker (which inherits this
    handler) ends as it would have."""
    if os.getpid() == _MAIN_PID:
        raise KeyboardInterrupt
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def parse_address(text: str) -> tuple[str, int] | None:
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 <= int(port) < 65536:
        return None
    return host.strip("[]"), int(port)


@contextlib.contextmanager
def preview_folder(root: Path):
    """Where the preview is built: in the cache folder, so the next `serve` of the site starts
    from it (incrementally); with CAREERS_NO_CACHE=1, a temporary folder removed at the end."""
    if cache_enabled():
        yield cache_dir(root) / "preview" / "site"
        return
    folder = tempfile.mkdtemp(prefix="careers-preview-")
    try:
        yield Path(folder) / "site"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# The last good build, in memory: what a first paint renders from.


@dataclass(frozen=True)
class Snapshot:
    """The last good build and the indexes a first paint looks things up in, so that it does
    no work proportional to the site (a page's context: the few jobs and stories it shows)."""

    prepared: build.Prepared
    drawn: Drawn  # the theme's frames and story Markdown, as the last build had them
    place_urls: set[str]  # every place listing's URL
    job_paths: dict[str, str]  # job id (case-folded) -> its file
    story_paths: dict[str, str]  # story slug (case-folded) -> its file
    by_path: dict[str, object]  # file -> its job or story, as the build read it
    known_teams: set[str]  # every job's team (what a story's `teams` may name)
    cards: dict  # related.yml ids and story slugs (what a story's `related` may name)
    open_by_team: dict[str, list[Job]]  # open jobs, newest first
    open_by_category: dict[str, list[Job]]
    position: dict[int, int]  # id() of an open job -> its place among them, newest first
    stories_by_team: dict[str, list[Story]]  # published stories, newest first
    stories_by_slug: dict[str, Story]
    stories_by_series: dict[str, list[Story]]


def snapshot_of(prepared: build.Prepared, drawn: Drawn) -> Snapshot:
    site, plan = prepared.site, prepared.plan
    paths = {id(item): item.path for item in (*site.jobs, *site.stories)}
    return Snapshot(
        prepared,
        drawn,
        place_urls={node.url for node in walk(plan.places)},
        job_paths={job.id.casefold(): paths[id(job)] for job in site.jobs},
        story_paths={story.slug.casefold(): paths[id(story)] for story in site.stories},
        by_path={paths[id(item)]: item for item in (*site.jobs, *site.stories)},
        known_teams={job.team for job in site.jobs},
        cards={**site.related, **{story.slug: story for story in site.stories}},
        open_by_team=group_jobs(plan.jobs, "team"),
        open_by_category=group_jobs(plan.jobs, "category"),
        position={id(job): index for index, job in enumerate(plan.jobs)},
        stories_by_team=stories_of_teams(plan.stories, site.people),
        stories_by_slug={story.slug: story for story in plan.stories},
        stories_by_series=group_stories(plan.stories),
    )


def group_stories(stories: list[Story]) -> dict[str, list[Story]]:
    series: dict[str, list[Story]] = {}
    for story in stories:
        if story.series:
            series.setdefault(story.series, []).append(story)
    return series


# First paint: one changed job or story, read, checked and drawn from the last build's plan.


@dataclass
class Paint:
    problems: list[Problem] = field(default_factory=list)
    page: Page | None = None  # the page to draw; None when there is none to show (yet)


def first_paint(snapshot: Snapshot, root: Path, rel: str, kind: str) -> Paint | None:
    """The planned page of the job or story file `rel` as saved now, or its problems. None when
    this file is for the full build alone (gone, a link, too big, a clash with another file's
    id): it reports what is wrong with it."""
    path = root / rel
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode) or st.st_size > strict_yaml.MAX_BYTES:
        return None
    try:
        record = read_record(kind, rel, path.read_bytes())
    except strict_yaml.YamlError as err:
        return Paint([Problem(rel, err.line, err.message)])
    except OSError:
        return None
    problems: list[Problem] = []
    item = typed(MODELS[kind], record, problems)
    if item is None:
        return Paint(problems)
    prepared = snapshot.prepared
    if kind == "job":
        problems += salary_required_in(_site(prepared, jobs=[item]), {rel: record.data})
        page = None if problems else _job_page(snapshot, item)
    else:
        scratch = _site(prepared)
        attach_story(item, record, scratch, problems)
        if problems:
            return Paint(problems)
        story = scratch.stories[0]
        args = (story, record.data, prepared.site, snapshot.known_teams, snapshot.cards, root)
        problems += story_references(*args)
        page = None if problems else _story_page(snapshot, story)
    if problems:
        return Paint(problems)
    if page is False:
        return None  # another file has its id or slug
    return Paint([], page)  # page None: not published (a draft, dated later)


def _site(prepared: build.Prepared, **parts) -> Site:
    site = prepared.site
    return Site(site.config, site.today, people=site.people, related=site.related, **parts)


def _job_page(snapshot: Snapshot, job: Job) -> Page | None | bool:
    """The job's page (None: not published; False: another file has its id), planned by the
    plan's own function from the context it reads: whether the job is open, the open jobs of its
    team and category (a closed job suggests some), the stories of its team."""
    if snapshot.job_paths.get(job.id.casefold(), job.path) != job.path:
        return False
    old = snapshot.by_path.get(job.path)
    if job_is_open(job, snapshot.prepared.site.today):
        open_jobs = [job]
    else:
        near = (
            *snapshot.open_by_team.get(job.team, ()),
            *snapshot.open_by_category.get(job.category, ()),
        )
        open_jobs = _in_order(snapshot, [other for other in near if other is not old])
    site = _site(snapshot.prepared, jobs=[job])
    stories = snapshot.stories_by_team.get(job.team, [])
    pages = job_pages(site, snapshot.place_urls, open_jobs, stories)
    return pages[0] if pages else None


def _story_page(snapshot: Snapshot, story: Story) -> Page | None | bool:
    """The story's page (None: not published; False: another file has its slug), planned from
    what it reads: the stories it names and those of its series, the newest roles of its teams."""
    if snapshot.story_paths.get(story.slug.casefold(), story.path) != story.path:
        return False
    if not story_is_published(story, snapshot.prepared.site.today):
        return None
    old = snapshot.by_path.get(story.path)
    named = [*story.related, *(ref for ref, _ in card_refs(story.body))]
    context = [snapshot.stories_by_slug.get(ref) for ref in named]
    context += snapshot.stories_by_series.get(story.series, []) if story.series else []
    others = {id(other): other for other in context if other is not None and other is not old}
    stories = newest_stories_first([story, *others.values()])
    roles = [
        job
        for team in story.teams
        for job in snapshot.open_by_team.get(team, [])[:STORY_ROLES_LIMIT]
    ]
    site = _site(snapshot.prepared, stories=stories)
    url = urls.story_url(story.slug)
    pages = story_pages(site, stories, _in_order(snapshot, roles))
    return next(page for page in pages if page.url == url)


def _in_order(snapshot: Snapshot, jobs: list[Job]) -> list[Job]:
    """Open jobs once each, newest first (in the plan's order)."""
    unique = {id(job): job for job in jobs}
    return sorted(unique.values(), key=lambda job: snapshot.position[id(job)])


def warm_up(snapshot: Snapshot) -> None:
    """A new build's renderer has compiled no template yet (its workers did): compile those of
    a job's and a story's page now, so that a first paint does not wait for them."""
    for kind in (JobPage, StoryPage):
        page = next((p for p in snapshot.prepared.plan.pages if isinstance(p, kind)), None)
        if page is not None:
            page_html(snapshot.prepared, snapshot.drawn, page)


# The preview: the builds, the first paints, what is served and what the pages are told.


@dataclass
class Painted:
    change: int  # the change (Preview.changes) that drew it
    source: str  # the file it was drawn from
    html: bytes


class Preview:
    def __init__(self, root: Path, site_dir: Path, today: dt.date | None, theme: build.Theme):
        self.root = root.resolve()
        self.site_dir = site_dir
        self.fixed_today = today  # None: the date of each build (resolve_today)
        self.theme = theme
        self.source_cache = SourceCache(self.root) if cache_enabled() else None
        self.lock = threading.Lock()
        self.snapshot: Snapshot | None = None
        self.state: BuildState | None = None
        self.stamp = None  # what the last good build read (uptodate.scan)
        self.failed = True  # no good build yet, or the last one failed
        self.cache_used = False  # a build read the source cache (the next starts anew from it)
        self.garbage = 0  # builds since the last collection of cyclic garbage
        self.overlay: dict[str, Painted] = {}  # output file -> first paint, served before it
        self.build_problems: list[Problem] = []
        self.fresh: dict[str, tuple[int, list[Problem]]] = {}  # file -> newer than a build's
        self.shown: list[Problem] = []
        self.changes = 0  # saves seen (batches of file events)
        self.builds = 0  # full builds finished, good or not
        self.session = secrets.token_hex(4)
        self.versions = itertools.count(1)
        self.version = f"{self.session}-0"
        self.clients = Broadcast()
        self.events: queue.SimpleQueue = queue.SimpleQueue()  # changed paths from the watcher
        self.dirty = threading.Event()  # a full build is wanted
        self.handling = False  # the first paints' thread has events in hand
        self.building = False
        self.stopping = threading.Event()
        self.watcher = None

    # Start and stop.

    def start(self) -> None:
        """The first build (the caller serves its output afterwards), then the threads."""
        print(f"building the preview into {self.site_dir}", file=sys.stderr)
        self.site_dir.parent.mkdir(parents=True, exist_ok=True)
        gc.disable()  # see _collect
        self.full_build()
        if self.source_cache is not None:
            self.source_cache.persist = False  # on disk after the first build only
        self.watcher = Watcher(self)
        self.watcher.start()
        for target in (self._first_paints, self._full_builds):
            threading.Thread(target=target, daemon=True).start()

    def wait(self) -> None:
        while not self.stopping.wait(3600):
            pass

    def stop(self) -> None:
        self.stopping.set()
        if self.watcher is not None:
            self.watcher.stop()
        self.clients.close()

    # Changes: first paints in one thread, full builds in another.

    def changed(self, path: str) -> None:
        """A file event (the watcher's thread)."""
        self.events.put(path)

    def _first_paints(self) -> None:
        while not self.stopping.is_set():
            paths = {self.events.get()}
            self.handling = True
            time.sleep(SETTLE)  # the rest of the save: an editor may write in several steps
            with contextlib.suppress(queue.Empty):
                while True:
                    paths.add(self.events.get_nowait())
            rels = sorted(filter(None, (self._watched(path) for path in paths)))
            if not rels:
                self.handling = False
                continue
            with self.lock:
                self.changes += 1
                change = self.changes
            for rel in rels:
                try:
                    self.paint(rel, change)
                except Exception as err:  # a first paint is a bonus: the full build decides
                    print(f"{rel}: no first paint ({type(err).__name__}: {err})", file=sys.stderr)
            self.dirty.set()
            self.handling = False

    def _watched(self, path: str) -> str | None:
        """`path` relative to the root when a build reads it, else None."""
        try:
            rel = Path(path).relative_to(self.root).as_posix()
        except ValueError:
            return None
        snapshot = self.snapshot
        config = snapshot.prepared.config if snapshot else None
        if config is None:
            return rel  # no good build yet: any change may be the fix
        named = (*config.config_files, *config.watched, *source_folders(config.docs_dir))
        return rel if any(rel == n or rel.startswith(n.rstrip("/") + "/") for n in named) else None

    def paint(self, rel: str, change: int) -> None:
        kind = _kind(rel)
        snapshot = self.snapshot
        if kind is None or snapshot is None:
            return
        started = time.perf_counter()
        if not (self.root / rel).exists():
            with self.lock:
                for out, painted in list(self.overlay.items()):
                    if painted.source == rel:
                        del self.overlay[out]
            return
        paint = first_paint(snapshot, self.root, rel, kind)
        if paint is None:
            return
        page = paint.page
        if page is not None:
            html, _ = page_html(snapshot.prepared, snapshot.drawn, page)
        with self.lock:
            self.fresh[rel] = (change, paint.problems)
            if page is not None:
                self.overlay[page.url + "index.html"] = Painted(change, rel, html.encode())
        self._show_problems()
        if page is not None:
            self._tell_reload([page.url])
            took = time.perf_counter() - started
            print(f"{rel}: /{page.url} shown in {took:.2f} s; rebuilding", file=sys.stderr)

    def _full_builds(self) -> None:
        while not self.stopping.is_set():
            if not self.dirty.wait(GC_IDLE if self.garbage else None):
                self._collect()  # nothing saved for a while
                continue
            self.building = True  # before the flag goes: `busy` stays true throughout
            self.dirty.clear()
            self.full_build()
            self.building = False
            self.garbage += 1
            if self.garbage >= GC_BUILDS:
                self._collect()

    def _collect(self) -> None:
        """Python's cycle collector, which the preview runs only here: over the millions of
        objects of a 20,000-job site it holds every thread up for seconds, and run by itself in
        the middle of a build it would hold up a first paint as long."""
        gc.collect()
        self.garbage = 0

    def full_build(self) -> None:
        """One incremental build with the state and sources kept in memory (nothing to do when
        nothing it reads changed since the last good one); the last good output stays served
        when it fails."""
        with self.lock:
            seen = self.changes  # the changes this build reads
        try:
            self._build(seen)
        except SourceErrors as err:
            self.failed = True
            self._build_done(seen, err.problems)
        except Exception as err:  # not the sources' fault (a full disk): say so, keep serving
            self.failed = True
            traceback.print_exc()
            print(f"error: the preview could not build: {err}", file=sys.stderr)
            self._build_done(seen, self.build_problems)

    def _build(self, seen: int) -> None:
        today = self.fixed_today or resolve_today()
        config = build.read_config(self.root)
        now = scan(self.root, self.site_dir, config, today)
        if not self.failed and now == self.stamp:
            return self._build_done(seen, [])  # a save that changed nothing a build reads
        started = time.perf_counter()
        progress.restart()
        hand_written = self.theme.hand_written(self.root, config)
        if self.source_cache is not None and self.cache_used:
            self.source_cache.next_build()
        self.cache_used = True
        prepared = build.prepare(self.root, config, today, hand_written, self.source_cache)
        request = build.BuildRequest(self.root, self.site_dir, today)
        with build.begin(request, prepared, self.state) as run:
            drawn = self.theme.draw(prepared, run)
            build.finish(run, drawn)
        previous, self.state = self.state, run.incremental.state
        changed = self._changed_urls(previous, now)
        snapshot = snapshot_of(prepared, drawn)
        warm_up(snapshot)
        with self.lock:
            self.snapshot, self.stamp, self.failed = snapshot, now, False
            unchanged = self._shown_already(changed, seen)
            self.overlay = {out: p for out, p in self.overlay.items() if p.change > seen}
        self._build_done(seen, [])
        if changed is None or changed - unchanged:
            self._tell_reload(None if changed is None else sorted(changed - unchanged))
        took = time.perf_counter() - started
        print(f"built in {took:.1f} s ({run.written:,} pages and feeds rendered)", file=sys.stderr)

    def _changed_urls(self, previous: BuildState | None, now) -> set[str] | None:
        """The pages whose content the last build changed; None for all of them (a change
        beyond jobs and stories: a hand-written page, the config, the theme)."""
        state = self.state
        if previous is None or previous.global_hash != state.global_hash or self.stamp is None:
            return None  # self.stamp: what the last good build read
        for rel in set(now.files.items()) ^ set(self.stamp.files.items()):
            if _kind(rel[0]) is None:
                return None
        old, new = previous.pages, state.pages
        changed = {key for key, fp in new.items() if old.get(key) != fp}
        changed |= old.keys() - new.keys()
        if "home blocks" in changed:
            changed.add("")
        return {key for key in changed if key == "" or key.endswith("/")}  # pages, not files

    def _shown_already(self, changed: set[str] | None, seen: int) -> set[str]:
        """Pages whose first paint is what the build wrote: open pages show them already."""
        same = set()
        for out, painted in self.overlay.items():
            if painted.change > seen or changed is None:
                continue
            url = out.removesuffix("index.html")
            with contextlib.suppress(OSError):
                if (self.site_dir / out).read_bytes() == painted.html:
                    same.add(url)
        return same

    def _build_done(self, seen: int, problems: list[Problem]) -> None:
        """The build that read the changes up to `seen` found `problems` (none: it was good);
        the first paints' problems from those changes are superseded."""
        with self.lock:
            self.builds += 1
            self.build_problems = sorted(set(problems))
            self.fresh = {rel: item for rel, item in self.fresh.items() if item[0] > seen}
        self._show_problems()

    # What the open pages are told.

    def problems(self) -> list[Problem]:
        with self.lock:
            newer = {rel for rel, _ in self.fresh.items()}
            found = [p for p in self.build_problems if p.path not in newer]
            found += [p for _, problems in self.fresh.values() for p in problems]
        return sorted(set(found))

    def _show_problems(self) -> None:
        problems = self.problems()
        if problems == self.shown:
            return
        self.shown = problems
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print(
                f"{len(problems)} problem(s); until they are fixed, the preview shows the "
                "last good build",
                file=sys.stderr,
            )
        else:
            print("no problems left", file=sys.stderr)
        self.clients.send("problems", {"problems": [str(p) for p in problems]})

    def _tell_reload(self, urls_: list[str] | None) -> None:
        with self.lock:
            self.version = f"{self.session}-{next(self.versions)}"
            version = self.version
        self.clients.send("reload", {"version": version, "urls": urls_})

    @property
    def busy(self) -> bool:
        """A save is being handled or a build is wanted or under way."""
        return self.handling or not self.events.empty() or self.dirty.is_set() or self.building

    def status(self) -> dict:
        return {
            "version": self.version,
            "problems": [str(p) for p in self.problems()],
            "busy": self.busy,
            "builds": self.builds,
        }

    def html(self, rel: str) -> bytes | None:
        """The HTML served at output file `rel`: its first paint, else the output's file."""
        painted = self.overlay.get(rel)
        if painted is not None:
            return painted.html
        path = self.site_dir / rel
        try:
            return path.read_bytes()
        except OSError:
            return None


def _kind(rel: str) -> str | None:
    """The kind of source a first paint draws ("job", "story"); None for any other file."""
    if rel.startswith(JOBS_DIR + "/") and rel.endswith(".yml"):
        return "job"
    if rel.startswith(STORIES_DIR + "/") and rel.endswith(".md"):
        return "story"
    return None


# Watching: watchdog (inotify on Linux) on the folders and files a build reads.


class Watcher:
    def __init__(self, preview: Preview):
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event):
                if event.event_type in ("opened", "closed_no_write"):
                    return
                for path in (event.src_path, getattr(event, "dest_path", "")):
                    if path:
                        preview.changed(os.fsdecode(path))
                if event.is_directory and event.event_type in ("created", "moved"):
                    watcher.watch_folders()  # a source folder made after the start

        watcher = self
        self.preview = preview
        self.handler = Handler()
        self.observer = Observer()
        self.watched: set[str] = set()

    def start(self) -> None:
        self.watch_folders()
        self.observer.start()

    def watch_folders(self) -> None:
        """The root itself (its config files, new source folders) and each folder a build reads
        (the source folders, the theme's), recursively; never the whole root (.git, .venv)."""
        root = self.preview.root
        self._watch(root, recursive=False)
        snapshot = self.preview.snapshot
        config = snapshot.prepared.config if snapshot else None
        named = source_folders(config.docs_dir if config else "docs")
        if config is not None:
            named += (*config.watched, *config.config_files)
        for rel in named:
            path = root / rel
            if path.is_dir():
                self._watch(path, recursive=True)
            elif path.parent != root and path.parent.is_dir():
                self._watch(path.parent, recursive=False)

    def _watch(self, folder: Path, recursive: bool) -> None:
        key = f"{folder}:{recursive}"
        if key not in self.watched:
            with contextlib.suppress(OSError):
                self.observer.schedule(self.handler, str(folder), recursive=recursive)
                self.watched.add(key)

    def stop(self) -> None:
        self.observer.stop()


# Serving: the output folder, first paints before it, the script, the event stream.

LIVE_SCRIPT = """<script>(() => {
  const here = decodeURIComponent(location.pathname.slice(1)).replace(/index\\.html$/, "");
  let version = %(version)s, box = null;
  const events = new EventSource("%(events)s");
  const reloadIf = (data) => {
    if (data.version === version) return;
    if (data.urls === null || data.urls.includes(here)) location.reload();
    else version = data.version;
  };
  events.addEventListener("hello", (e) => {
    const data = JSON.parse(e.data);
    show(data.problems);
    if (data.version !== version) location.reload();
  });
  events.addEventListener("reload", (e) => reloadIf(JSON.parse(e.data)));
  events.addEventListener("problems", (e) => show(JSON.parse(e.data).problems));
  function show(lines) {
    if (!lines.length) { if (box) box.remove(); box = null; return; }
    if (!box) {
      box = document.createElement("div");
      box.id = "%(overlay)s";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:2147483647;" +
        "max-height:60vh;overflow:auto;margin:0;padding:1em 1.2em;background:#3b0d0c;" +
        "color:#fff;border-top:4px solid #e53935;font:14px/1.5 ui-monospace,monospace;" +
        "white-space:pre-wrap;text-align:left";
      document.body.appendChild(box);
    }
    box.textContent = "The preview shows the last good build. Fix and save:\\n\\n" +
      lines.join("\\n");
  }
})();</script>
"""


def live_script(version: str) -> bytes:
    values = {"version": json.dumps(version), "events": EVENTS_PATH, "overlay": OVERLAY_ID}
    return (LIVE_SCRIPT % values).encode("utf-8")


def inject(html: bytes, script: bytes) -> bytes:
    """`script` just before the page's closing </body> (at the end when it has none)."""
    at = html.rfind(b"</body>")
    return html + script if at < 0 else html[:at] + script + html[at:]


class Broadcast:
    """Server-Sent Events to every open page: one queue per connection."""

    def __init__(self):
        self.lock = threading.Lock()
        self.queues: set[queue.SimpleQueue] = set()

    @contextlib.contextmanager
    def subscribe(self):
        inbox: queue.SimpleQueue = queue.SimpleQueue()
        with self.lock:
            self.queues.add(inbox)
        try:
            yield inbox
        finally:
            with self.lock:
                self.queues.discard(inbox)

    def send(self, event: str, data: dict) -> None:
        message = event_bytes(event, data)
        with self.lock:
            for inbox in self.queues:
                inbox.put(message)

    def close(self) -> None:
        with self.lock:
            for inbox in self.queues:
                inbox.put(None)


def event_bytes(event: str, data: dict) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n".encode()


class PreviewServer(http.server.ThreadingHTTPServer):
    daemon_threads = True  # an open event stream never holds up the end

    def __init__(self, address: tuple[str, int], preview: Preview | None):
        self.preview = preview
        super().__init__(address, PreviewHandler)

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a closed tab is no error
            super().handle_error(request, client_address)


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    server: PreviewServer

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=None, **kwargs)

    def translate_path(self, path: str) -> str:
        self.directory = str(self.server.preview.site_dir)
        return super().translate_path(path)

    def do_GET(self) -> None:
        self._answer(head_only=False)

    def do_HEAD(self) -> None:
        self._answer(head_only=True)

    def _answer(self, head_only: bool) -> None:
        path = urlsplit(self.path).path
        if path == EVENTS_PATH:
            return self._events()
        if path == STATUS_PATH:
            body = json.dumps(self.server.preview.status()).encode()
            return self._send(200, "application/json", body, head_only)
        rel = _output_file(path)
        if rel is None:  # a file that is not a page (or a folder to redirect): as usual
            return super().do_HEAD() if head_only else super().do_GET()
        preview = self.server.preview
        script = live_script(preview.version)
        html = preview.html(rel)
        status = 200
        if html is None:
            status = 404
            html = preview.html("404.html") or b"<!doctype html><title>Not found</title><body>"
        self._send(status, "text/html; charset=utf-8", inject(html, script), head_only)

    def _send(self, status: int, kind: str, body: bytes, head_only: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head_only:
            self.wfile.write(body)

    def _events(self) -> None:
        preview = self.server.preview
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        with preview.clients.subscribe() as inbox:
            status = preview.status()
            hello = {"version": status["version"], "problems": status["problems"]}
            message: bytes | None = event_bytes("hello", hello)
            try:
                while message is not None and not preview.stopping.is_set():
                    self.wfile.write(message)
                    self.wfile.flush()
                    try:
                        message = inbox.get(timeout=KEEPALIVE)
                    except queue.Empty:
                        message = b": still here\n\n"
            except OSError:  # the page was closed
                pass
        self.close_connection = True

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a reload always shows the newest
        super().end_headers()

    def log_message(self, format, *args) -> None:  # noqa: A002 - the base class's signature
        pass


def _output_file(path: str) -> str | None:
    """The output file of a page's URL path (`/jobs/x/` -> `jobs/x/index.html`); None for
    anything else, and for a path that could lead out of the folder."""
    rel = unquote(path).lstrip("/")
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    if not rel.endswith(".html"):
        return None
    parts = rel.split("/")
    if any(part in ("", ".", "..") or "\\" in part or "\0" in part for part in parts):
        return None
    return rel
