"""The `careers` MkDocs plugin: the only module that imports MkDocs.

It runs the engine (build.prepare) before MkDocs reads files, hands MkDocs the pages it should
render (stories, people, nav roots) as generated files, and after the build writes the bulk
(jobs and their listings) directly, cut from "shell" pages that Material rendered once per depth.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import shutil
from html import escape
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import clean_directory

from generator import build, progress
from generator.config import CareersOptions, load_site_config, resolve_today
from generator.output import incremental
from generator.output.writer import shell_url
from generator.problems import Problem, SourceErrors
from generator.render.html import hand_written_page, join_markdown_parts
from generator.sources.cache import SourceCache
from generator.sources.cache import enabled as cache_enabled

log = logging.getLogger("mkdocs.plugins.careers")
THEME_DIR = Path(__file__).parent / "theme"
CSS = "assets/careers.css"  # in THEME_DIR, so MkDocs copies it with the theme
JS = "assets/careers-jobs.js"  # the filters on /jobs/; does nothing on other pages
NAV_ROOTS = {"jobs/", "stories/", "people/", "jobs/locations/"}
HOME_BLOCKS = {
    "[[latest-stories]]": "home_latest_stories.html",
    "[[newest-roles]]": "home_newest_roles.html",
    "[[places]]": "home_places.html",
}


# MkDocs' view of the plugin's options, derived from the one definition (config.CareersOptions),
# which checks them: MkDocs only passes them through.
CareersConfig = type(
    "CareersConfig",
    (base.Config,),
    {name: c.Optional(c.Type(object)) for name in CareersOptions.model_fields},
)


class CareersPlugin(BasePlugin[CareersConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.prepared: build.Prepared | None = None
        self.today_override: str | None = None  # set by `python -m generator build --today`
        self.prepared_ahead: build.Prepared | None = None  # set by run_mkdocs_build's caller
        self.pages_by_src: dict = {}
        self.problems: list = []  # content problems that stopped the build (see `_abort`)
        self.log_problems = True  # run_mkdocs_build's caller prints them itself
        # A generated page's HTML skips Python-Markdown (which would only pass it through, slowly):
        # MkDocs gets markers, replaced by the HTML before search indexes the page (the part before
        # a story's body) or once the page is written (the part after it: profiles, related cards,
        # more in series, open roles; links to other pages, kept out of the search index).
        self.parts: dict[str, tuple[str, str | None, str]] = {}
        nonce = secrets.token_hex(8)
        self.marker_before = f"<!--careers:before:{nonce}-->"
        self.marker_after = f"<!--careers:after:{nonce}-->"
        # Incremental builds (see output/incremental.py): `mkdocs build/serve --dirty`, or the
        # command line's rebuild into a hard-linked copy of the last output.
        self.dirty = False
        self.previous_state = None  # the last build's state, handed over by run_mkdocs_build
        self.state_file: Path | None = None  # None: the state file of config.site_dir
        self.final_dir: Path | None = None  # the last output, when config.site_dir is a staging
        self.incremental_run = False  # True once a build reused the last output
        self.save_state = True  # False: the caller saves `new_state` once its output is in place
        self.incremental = None
        self.new_state = None
        self.built_urls: set[str] = set()
        self.files = None
        self.source_cache = None  # kept across the rebuilds of `mkdocs serve`
        self.page_meter = None
        self.last_state = None  # this process's last build: `mkdocs serve --dirty` starts there

    def on_startup(self, *, command, dirty):
        self.dirty = dirty
        if command == "serve":  # the state lives in memory: serve's output folder is temporary
            self.save_state = False

    def on_build_error(self, *, error):
        if self.last_state is not None:  # pages this failed build rewrote are not as recorded
            for url in self.built_urls:
                self.last_state.pages.pop(url, None)

    def on_config(self, config):
        self.root = Path(config.config_file_path).resolve().parent
        config.theme.dirs.insert(0, str(THEME_DIR))
        if CSS not in config.extra_css:
            config.extra_css.append(CSS)
        if JS not in [str(script) for script in config.extra_javascript]:
            script = ExtraScriptValue(JS)
            script.defer = True
            config.extra_javascript.append(script)
        return config

    def on_pre_build(self, config):
        self.problems = []  # MkDocs reuses a plugin across builds in one process (serve, tests)
        site_config, problems = load_site_config(Path(config.config_file_path))
        if problems:
            raise _abort(problems, self)
        today = resolve_today(self.today_override or self.config.today)
        if self.prepared_ahead is None:
            progress.restart()  # a build of `mkdocs build` / `mkdocs serve`: starts now
        if self.prepared_ahead is not None:  # the command line validated already: no second pass
            self.prepared, self.prepared_ahead = self.prepared_ahead, None
        else:
            if self.source_cache is not None:
                self.source_cache.next_build()
                self.source_cache.persist = self.save_state  # serve: on disk at its start only
            elif cache_enabled():
                self.source_cache = SourceCache(self.root)
            try:
                self.prepared = build.prepare(self.root, site_config, today, self.source_cache)
            except SourceErrors as err:
                raise _abort(err.problems, self) from None
        self._begin_incremental(config, today)

    def _begin_incremental(self, config, today) -> None:
        site_dir = Path(config.site_dir)
        final_dir = self.final_dir or site_dir  # where the last build's output is
        base = incremental.global_hash(self.root, Path(config.docs_dir), today)
        self.state_file = self.state_file or incremental.state_path(self.root, final_dir)
        previous = None
        if self.dirty:
            previous = (
                self.previous_state
                or self.last_state
                or incremental.load_state(self.state_file, base)
            )
            if previous is not None and previous.global_hash != base:
                previous = None
            if previous is None and final_dir == site_dir and site_dir.is_dir():
                clean_directory(str(site_dir))  # no usable state: a full build, from empty
        self.previous_state = None
        self.incremental_run = previous is not None
        self.incremental = incremental.Incremental(self.prepared, base, previous, final_dir)
        self.built_urls = set()
        if previous is not None:  # MkDocs rewrites these in place: unlink (they may be hard links)
            for rel in ("404.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json"):
                (site_dir / rel).unlink(missing_ok=True)

    def on_files(self, files: Files, config):
        for file in list(files):
            if (
                file.src_uri.startswith("people/")
                and file.src_uri.endswith((".yml", ".yaml"))
                or file.src_uri == "related.yml"
            ):
                files.remove(file)  # data, never published
        self.pages_by_src = {}
        self.parts = {}
        previous = self.incremental.previous
        if previous is not None:  # what MkDocs will write anew: unlink first (may be hard links)
            for file in files:
                if file.src_uri in ("index.md", "README.md"):
                    file.is_modified = _modified  # the home page shows the newest of everything
                if file.is_modified():
                    _unlink(file.abs_dest_path)
        meter = progress.Meter("rendering MkDocs pages", len(self.prepared.mkdocs_pages))
        for page in self.prepared.mkdocs_pages:
            src = page.url + "index.md"
            inclusion = (
                InclusionLevel.INCLUDED if page.url in NAV_ROOTS else InclusionLevel.NOT_IN_NAV
            )
            if self.incremental.page_unchanged(page):
                file = File.generated(config, src, content="", inclusion=inclusion)
                file.is_modified = _unmodified  # kept as the last build wrote it (dirty build)
            else:
                parts = self.parts[src] = self.prepared.renderer.markdown_parts(page)
                content = join_markdown_parts(*parts)
                file = File.generated(config, src, content=content, inclusion=inclusion)
                if previous is not None:
                    _unlink(file.abs_dest_path)
            files.append(file)
            self.pages_by_src[src] = page
            meter.advance()
        meter.done()
        for depth in build.shell_depths(self.prepared):
            files.append(
                File.generated(
                    config,
                    shell_url(depth) + "index.md",
                    content="shell\n",
                    inclusion=InclusionLevel.NOT_IN_NAV,
                )
            )
        self.files = files
        to_build = sum(1 for file in files.documentation_pages() if file.is_modified())
        self.page_meter = progress.Meter(
            "MkDocs pages", to_build if self.dirty else len(files.documentation_pages())
        )
        return files

    def on_page_markdown(self, markdown, page, config, files):
        src = page.file.src_uri
        planned = self.pages_by_src.get(src)
        if planned is not None:
            # Material writes meta title and description into HTML (and the search index) as they
            # are: escape them here, so a title such as `<b>x</b>` shows literally.
            page.meta.update(
                title=escape(planned.title),
                description=escape(planned.description),
                careers_head=self.prepared.renderer.head(planned, direct=False),
            )
            _, body, _ = self.parts[src]
            if body is None:
                return self.marker_before + "\n"
            story = planned.context["story"]  # its own Markdown is rendered next
            page.render = self._guarded(page.render, planned.source, story.body_line)
            return f"{self.marker_before}\n\n{body}\n\n{self.marker_after}\n"
        elif src.startswith("careers-shell/"):
            page.meta.update(careers_shell=True, search={"exclude": True}, title="shell")
        else:
            # A hand-written page (content/*.md): the same shared-link tags as generated pages.
            written = hand_written_page(
                page.url,
                page.title or "",
                markdown,
                page.meta,
                config.site_description or "",
                home=page.is_homepage,
            )
            page.meta["description"] = escape(written.description)  # Material writes it raw
            page.meta["careers_head"] = self.prepared.renderer.head(written, direct=False)
            if page.file.abs_src_path:  # an editor's Markdown: its errors are the file's problem
                source = Path(page.file.abs_src_path).resolve()
                rel = (
                    source.relative_to(self.root).as_posix()
                    if source.is_relative_to(self.root)
                    else page.file.src_uri
                )
                page.render = self._guarded(page.render, rel, 1)
            if page.is_homepage:
                return self._home(markdown, page.url)
        return markdown

    def on_page_content(self, html, page, config, files):
        self.built_urls.add(page.url)
        parts = self.parts.get(page.file.src_uri)
        if parts is not None:
            html = html.replace(self.marker_before, parts[0].strip("\n"), 1)
        return html

    def on_post_page(self, output, page, config):
        if self.page_meter is not None:
            self.page_meter.advance()
        parts = self.parts.get(page.file.src_uri)
        if parts is not None and parts[1] is not None:
            output = output.replace(self.marker_after, parts[2].strip("\n"), 1)
        return output

    def _home(self, markdown: str, page_url: str) -> str:
        renderer = self.prepared.renderer
        if not any(marker in markdown for marker in HOME_BLOCKS):
            markdown += "\n\n" + "\n\n".join(HOME_BLOCKS)
        for marker, template in HOME_BLOCKS.items():
            markdown = markdown.replace(marker, "\n" + renderer.fragment(template, page_url) + "\n")
        return markdown

    @event_priority(-50)  # after the search plugin has written its index
    def on_post_build(self, config):
        site_dir = Path(config.site_dir)
        if self.page_meter is not None:
            self.page_meter.done()
        shells = {}
        for depth in build.shell_depths(self.prepared):
            folder = site_dir / shell_url(depth)
            shells[depth] = (folder / "index.html").read_text(encoding="utf-8")
        shutil.rmtree(site_dir / "careers-shell", ignore_errors=True)
        mkdocs_urls = [page.url for page in self.prepared.mkdocs_pages] + self._hand_written_urls(
            config
        )
        writer = build.write_output(self.prepared, site_dir, shells, mkdocs_urls, self.incremental)
        self._finish_incremental(site_dir, writer)

    def _finish_incremental(self, site_dir: Path, writer) -> None:
        """Merge the search index, remove stale files, and keep the state for the next build."""
        state = self.incremental.state
        order = [
            file.page.url
            for file in self.files.documentation_pages()
            if file.page is not None and not file.src_uri.startswith("careers-shell/")
        ]
        trimmable = {
            page.url
            for page in self.prepared.mkdocs_pages
            if page.template in ("story.html", "person.html")
        }
        incremental.merge_search_index(
            site_dir / "search" / "search_index.json",
            order,
            self.built_urls,
            self.incremental.previous,
            state,
            trimmable,
        )
        manifest = {path.relative_to(site_dir).as_posix() for path in writer.written}
        manifest |= {
            file.dest_uri for file in self.files if not file.src_uri.startswith("careers-shell/")
        }
        self.incremental.remove_stale(manifest, in_place=self.final_dir in (None, site_dir))
        self.new_state = state
        self.last_state = state if self.final_dir is None else None
        if self.save_state:
            incremental.save_state(self.state_file, state)

    def _hand_written_urls(self, config) -> list[str]:
        docs = Path(config.docs_dir)
        found = []
        for path in docs.rglob("*.md"):
            rel = path.relative_to(docs).as_posix()
            url = rel[:-3]
            url = "" if url == "index" else (url[:-5] if url.endswith("/index") else url + "/")
            found.append(url)
        return found

    def _guarded(self, render, path: str, line: int):
        """`render`, where an error from Python-Markdown becomes a problem of the source (`path`,
        relative to the root; `line`, where its Markdown starts): a build error, no traceback."""

        def guarded(*args, **kwargs):
            try:
                return render(*args, **kwargs)
            except Exception as error:  # RecursionError on deeply nested lists, for one
                text = f"its Markdown could not be rendered ({type(error).__name__}: {error})"
                raise _abort([Problem(path, line, text)], self) from None

        return guarded

    def on_serve(self, server, config, builder):
        for folder in ("stories", "jobs"):
            if (self.root / folder).is_dir():
                server.watch(str(self.root / folder))
        return server


def _no_dirty_warning(record: logging.LogRecord) -> bool:
    """MkDocs warns that a dirty build may leave navigation stale; ours rebuilds what changed."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def _modified() -> bool:
    return True


def _unmodified() -> bool:
    return False


def _unlink(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _abort(problems, plugin: CareersPlugin | None = None) -> PluginError:
    """Stop MkDocs over content problems: logged for `mkdocs build`, kept on the plugin for
    run_mkdocs_build, whose caller prints them as PATH:LINE lines (and must not see them twice)."""
    problems = sorted(set(problems))
    if plugin is not None:
        plugin.problems = problems
    if plugin is None or plugin.log_problems:
        for problem in problems:
            log.error(str(problem))
    return PluginError(f"{len(problems)} problem(s) in the sources")


class _Reported(logging.Filter):
    """Drops MkDocs' own error lines about a build that content problems stopped ("Error reading
    page ...", "N problem(s) in the sources"): the caller prints the problems as PATH:LINE."""

    def __init__(self, plugin: CareersPlugin):
        super().__init__()
        self.plugin = plugin

    def filter(self, record: logging.LogRecord) -> bool:
        return not (self.plugin.problems and record.levelno >= logging.ERROR)


def run_mkdocs_build(
    root: Path,
    site_dir: Path,
    today: str | None,
    prepared=None,
    previous_state=None,
    state_file: Path | None = None,
    final_dir: Path | None = None,
    **overrides,
):
    """Build the site under `root` into `site_dir` with MkDocs and this plugin.

    `overrides` replace mkdocs.yml settings for this build (the link check passes `strict` and
    `validation`); MkDocs' own errors (strict mode's Abort included) propagate. Problems with the
    sources raise SourceErrors, unlogged: the caller reports them.

    `previous_state`, the state of the last build into `final_dir`, makes the build incremental:
    `site_dir` (empty) then gets only what changed, for the caller to commit over `final_dir`.
    With `state_file`, the caller saves the plugin's `new_state` once the output is in place.
    Returns the plugin.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site_dir), **overrides)
    plugin = config.plugins["careers"]
    plugin.today_override = today
    plugin.prepared_ahead = prepared
    plugin.previous_state = previous_state
    plugin.dirty = previous_state is not None
    plugin.final_dir = final_dir
    logging.getLogger("mkdocs.commands.build").addFilter(_no_dirty_warning)
    if state_file is not None:
        plugin.state_file, plugin.save_state = state_file, False
    plugin.log_problems = False
    quiet = _Reported(plugin)
    logging.getLogger("mkdocs.commands.build").addFilter(quiet)
    cwd = os.getcwd()
    try:
        os.chdir(root)
        mkdocs_build(config, dirty=plugin.dirty)
    except Exception:
        if plugin.problems:  # content problems: the caller prints PATH:LINE lines, no traceback
            raise SourceErrors(plugin.problems) from None
        raise
    finally:
        os.chdir(cwd)
        logging.getLogger("mkdocs.commands.build").removeFilter(quiet)
    return plugin
