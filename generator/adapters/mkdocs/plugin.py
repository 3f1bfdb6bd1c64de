"""The `careers` MkDocs plugin: thin hooks around the engine's stages (generator/build.py).

Two ways in, one set of stages:
- `python -m generator build` calls build.build(), whose theme (theme.py) runs MkDocs with this
  plugin as a guest: it receives the prepared site and the build's run, and draws into the run's
  staging folder; the engine then writes its own pages and commits.
- `mkdocs build` / `mkdocs serve`: MkDocs drives, and the hooks call the same stages: prepare and
  begin in on_pre_build (MkDocs then writes into the run's staging folder, never into the live
  output), finish (write and commit) in on_post_build.

MkDocs renders the stories, profiles and listing roots (so they are in the nav and the search
index) from the engine's HTML, and one shell page per URL depth that the engine's direct pages
are cut from.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import shutil
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import CountHandler

from generator import build, progress
from generator.adapters.mkdocs import files as docs_files
from generator.adapters.mkdocs.search_index import merge_search_index
from generator.adapters.mkdocs.shells import SHELL_FOLDER, Shell, shell_url
from generator.config import CareersOptions, load_site_config, resolve_today
from generator.model import urls
from generator.output.write import Drawn, shell_depths
from generator.pages.kinds import PersonPage, StoryPage
from generator.problems import Problem, SourceErrors
from generator.render.html import hand_written_page, join_markdown_parts, social_image
from generator.sources.cache import SourceCache
from generator.sources.cache import enabled as cache_enabled

log = logging.getLogger("mkdocs.plugins.careers")
THEME_DIR = Path(__file__).parent / "theme"
CSS = "assets/careers.css"  # in THEME_DIR, so MkDocs copies it with the theme
JS = "assets/careers-jobs.js"  # the filters on /jobs/; does nothing on other pages
NAV_ROOTS = {"jobs/", "stories/", "people/", "jobs/locations/"}
# Written by MkDocs on every build besides its files: static templates, the search index.
REWRITTEN = ("404.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json")
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


@dataclass
class Guest:
    """What the engine hands MkDocs when it drives the build (theme.py)."""

    prepared: build.Prepared
    run: build.Run
    drawn: Drawn | None = None  # set once MkDocs is done


@dataclass
class Pass:
    """One MkDocs build's work: the pages it renders for the engine."""

    prepared: build.Prepared
    run: build.Run
    hosted: bool  # MkDocs drives (`mkdocs build/serve`): this plugin commits the output
    pages_by_src: dict = field(default_factory=dict)
    # A generated page's HTML skips Python-Markdown (which would only pass it through, slowly):
    # MkDocs gets markers, replaced by the HTML before search indexes the page (the part before
    # a story's body) or once the page is written (the part after it: profiles, related cards,
    # more in series, open roles; links to other pages, kept out of the search index).
    parts: dict = field(default_factory=dict)
    built_urls: set[str] = field(default_factory=set)
    files: Files | None = None
    page_meter: progress.Meter | None = None
    nonce: str = field(default_factory=lambda: secrets.token_hex(8))

    @property
    def marker_before(self) -> str:
        return f"<!--careers:before:{self.nonce}-->"

    @property
    def marker_after(self) -> str:
        return f"<!--careers:after:{self.nonce}-->"


class CareersPlugin(BasePlugin[CareersConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.guest: Guest | None = None  # set by theme.MkDocsTheme for the build it runs
        self.current: Pass | None = None
        self.problems: list[Problem] = []  # content problems that stopped the build
        self.dirty = False
        self.serving = False
        self.source_cache = None  # `mkdocs serve`: kept across rebuilds
        self.last_state = None  # `mkdocs serve --dirty`: the last build's state, in memory

    def on_startup(self, *, command, dirty):
        self.dirty = dirty
        self.serving = command == "serve"

    def on_config(self, config):
        if "i18n" in config.plugins:
            raise PluginError(_I18N)
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
        if self.guest is not None:
            self.current = Pass(self.guest.prepared, self.guest.run, hosted=False)
            return
        progress.restart()
        prepared, run = self._begin(config)
        self.current = Pass(prepared, run, hosted=True)
        config.site_dir = str(run.staging.path)  # MkDocs writes the new output there

    def _begin(self, config) -> tuple[build.Prepared, build.Run]:
        """The engine's first stages for a build MkDocs drives: prepare, then a staging folder."""
        site_config, problems = load_site_config(Path(config.config_file_path))
        if problems:
            raise _abort(problems, self)
        if self.serving and self.source_cache is not None:
            self.source_cache.next_build()
            self.source_cache.persist = False  # serve: on disk at its start only
        elif cache_enabled():
            self.source_cache = SourceCache(self.root)
        today = resolve_today(site_config.options.today)
        hand_written = docs_files.published_files(self.root, site_config.docs_dir)
        try:
            prepared = build.prepare(self.root, site_config, today, hand_written, self.source_cache)
        except SourceErrors as err:
            raise _abort(err.problems, self) from None
        request = build.BuildRequest(self.root, Path(config.site_dir), today, self.dirty)
        return prepared, build.begin(request, prepared, self.last_state if self.dirty else None)

    def on_build_error(self, *, error):
        current, self.current = self.current, None
        if current is not None and current.hosted:
            current.run.staging.close()  # the live output stays as it was

    @event_priority(50)  # before mkdocs-redirects reads its map (see _redirects_to_engine_pages)
    def on_files(self, files: Files, config):
        current = self.current
        _redirects_to_engine_pages(config, current.prepared)
        tracker = current.run.incremental
        for file in list(files):
            if docs_files.is_data_file(file.src_uri):
                files.remove(file)  # data, never published
        home = self._home_unchanged(current)
        # MkDocs writes files in place: unlink what it will write anew (hard links to the output)
        mkdocs_dirty = self.dirty if current.hosted else current.run.staging.cloned
        if current.run.staging.cloned:
            everything = tracker.previous is None  # other global inputs: all of it is written anew
            for file in files:
                if everything or (file.src_uri in ("index.md", "README.md") and not home):
                    file.is_modified = _modified  # (the home page: its generated blocks changed)
                if not mkdocs_dirty or file.is_modified():
                    _unlink(file.abs_dest_path)
            for rel in REWRITTEN:
                _unlink(os.path.join(config.site_dir, rel))
        mkdocs_pages = [page for page in current.prepared.plan.pages if page.via_mkdocs]
        meter = progress.Meter("rendering MkDocs pages", len(mkdocs_pages))
        for page in mkdocs_pages:
            files.append(self._generated(page, config, current))
            meter.advance()
        meter.done()
        for depth in shell_depths(current.prepared.plan):
            src = shell_url(depth) + "index.md"
            files.append(File.generated(config, src, content="shell\n", inclusion=_NOT_IN_NAV))
        current.files = files
        pages = files.documentation_pages()
        to_build = sum(1 for file in pages if file.is_modified()) if self.dirty else len(pages)
        current.page_meter = progress.Meter("MkDocs pages", to_build)
        return files

    def _generated(self, page, config, current: Pass) -> File:
        """A page MkDocs renders from the engine's HTML (or keeps, if it is unchanged)."""
        src = page.url + "index.md"
        inclusion = InclusionLevel.INCLUDED if page.url in NAV_ROOTS else _NOT_IN_NAV
        current.pages_by_src[src] = page
        if current.run.incremental.page_unchanged(page):
            file = File.generated(config, src, content="", inclusion=inclusion)
            file.is_modified = _unmodified  # kept as the last build wrote it (dirty build)
            return file
        parts = current.parts[src] = current.prepared.renderer.markdown_parts(page)
        file = File.generated(config, src, content=join_markdown_parts(*parts), inclusion=inclusion)
        _unlink(file.abs_dest_path)  # in a cloned staging folder it is a hard link
        return file

    def _home_unchanged(self, current: Pass) -> bool:
        """Whether the home page's generated blocks show what they showed last time."""
        home = current.prepared.plan.home
        return current.run.incremental.unchanged("home blocks", home.inputs(), "index.html")

    def on_nav(self, nav, config, files):
        # Pages kept from the last build are not read again: give the nav their titles.
        for src, planned in self.current.pages_by_src.items():
            file = files.get_file_from_path(src)
            if file is not None and file.page is not None and not file.page.title:
                file.page.title = escape(planned.title)  # as on_page_markdown sets it
        return nav

    def on_env(self, env, config, files):
        # Pages without the engine's head tags (404.html) share the site's picture too.
        prepared = self.current.prepared
        picture = social_image(None, prepared.config)
        env.globals["careers_social_image"] = urls.absolute(prepared.config.site_url, picture)
        return env

    def on_page_markdown(self, markdown, page, config, files):
        current = self.current
        src = page.file.src_uri
        planned = current.pages_by_src.get(src)
        renderer = current.prepared.renderer
        if planned is not None:
            # Material writes meta title and description into HTML (and the search index) as they
            # are: escape them here, so a title such as `<b>x</b>` shows literally.
            page.meta.update(
                title=escape(planned.title),
                description=escape(planned.description),
                careers_head=renderer.head(planned, with_description_and_canonical=False),
            )
            _, body, _ = current.parts[src]
            if body is None:
                return current.marker_before + "\n"
            page.render = self._guarded(page.render, planned.source, planned.story.body_line)
            return f"{current.marker_before}\n\n{body}\n\n{current.marker_after}\n"
        if src.startswith(SHELL_FOLDER + "/"):
            page.meta.update(careers_shell=True, search={"exclude": True}, title="shell")
            return markdown
        # A hand-written page: the same shared-link tags as generated pages.
        written = hand_written_page(
            page.url,
            page.title or "",
            markdown,
            page.meta,
            config.site_description or "",
            home=page.is_homepage,
        )
        page.meta["description"] = escape(written.description)  # Material writes it raw
        page.meta["careers_head"] = renderer.head(written, with_description_and_canonical=False)
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
        current = self.current
        current.built_urls.add(page.url)
        parts = current.parts.get(page.file.src_uri)
        if parts is not None:
            html = html.replace(current.marker_before, parts[0].strip("\n"), 1)
        return html

    def on_post_page(self, output, page, config):
        current = self.current
        if current.page_meter is not None:
            current.page_meter.advance()
        parts = current.parts.get(page.file.src_uri)
        if parts is not None and parts[1] is not None:
            output = output.replace(current.marker_after, parts[2].strip("\n"), 1)
        return output

    def _home(self, markdown: str, page_url: str) -> str:
        current = self.current
        if not any(marker in markdown for marker in HOME_BLOCKS):
            markdown += "\n\n" + "\n\n".join(HOME_BLOCKS)
        home = current.prepared.plan.home
        for marker, template in HOME_BLOCKS.items():
            html = current.prepared.renderer.home_block(template, page_url, home)
            markdown = markdown.replace(marker, "\n" + html + "\n")
        return markdown

    @event_priority(-50)  # after the search plugin has written its index
    def on_post_build(self, config):
        current = self.current
        site_dir = Path(config.site_dir)
        if current.page_meter is not None:
            current.page_meter.done()
        drawn = self._drawn(site_dir, current)
        if not current.hosted:
            self.guest.drawn = drawn
            return
        if config.strict and _strict_warnings():
            return  # MkDocs aborts right after this: on_build_error drops the staging folder
        build.finish(current.run, drawn)
        config.site_dir = str(current.run.request.site_dir)
        self.last_state = current.run.incremental.state if self.serving else None
        self.current = None

    def _drawn(self, site_dir: Path, current: Pass) -> Drawn:
        """The shells, the search index completed with kept pages, and what MkDocs published."""
        shells = {}
        for depth in shell_depths(current.prepared.plan):
            html = (site_dir / shell_url(depth) / "index.html").read_text(encoding="utf-8")
            shells[depth] = Shell(html)
        shutil.rmtree(site_dir / SHELL_FOLDER, ignore_errors=True)
        files = current.files
        order = [
            file.page.url
            for file in files.documentation_pages()
            if file.page is not None and not file.src_uri.startswith(SHELL_FOLDER + "/")
        ]
        trimmable = {
            page.url
            for page in current.pages_by_src.values()
            if isinstance(page, (StoryPage, PersonPage))
        }
        previous = current.run.incremental.previous
        kept: dict = {}
        merge_search_index(
            site_dir / "search" / "search_index.json",
            order,
            current.built_urls,
            previous.theme.get("search") if previous is not None else None,
            kept,
            trimmable,
        )
        published = [page.url for page in current.pages_by_src.values()]
        published += [docs_files.markdown_url(rel) for rel in _markdown_sources(files)]
        written = {file.dest_uri for file in files if not file.src_uri.startswith(SHELL_FOLDER)}
        return Drawn(shells, published, written, set(REWRITTEN), {"search": kept})

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


_NOT_IN_NAV = InclusionLevel.NOT_IN_NAV


def _markdown_sources(files: Files) -> list[str]:
    """The hand-written Markdown pages (those with a file in the docs folder)."""
    return [file.src_uri for file in files.documentation_pages() if file.abs_src_path]


# mkdocs-static-i18n builds one copy of the docs per language from each Markdown file's suffix
# (`x.fr.md`); the pages this plugin makes have no source file, and its jobs and feeds are not
# pages at all, so they would be published once, in no language.
_I18N = (
    "the careers plugin cannot run beside mkdocs-static-i18n: its stories, people, job pages and "
    "feeds are generated, not Markdown files with a language suffix, so i18n cannot translate "
    "them. Build one site per language instead (a folder with its own mkdocs.yml, jobs/ and "
    "stories/ for each), and link them from the theme's language selector (extra.alternate)."
)


def _redirects_to_engine_pages(config, prepared) -> None:
    """mkdocs-redirects accepts as targets only Markdown pages MkDocs knows and absolute URLs:
    a target that is a page the engine writes (a job, a place ...; `jobs/x/` or
    `jobs/x/index.md`) becomes that page's absolute URL, so redirects can lead to job pages."""
    redirects = config.plugins.get("redirects")
    if redirects is None:
        return
    maps = redirects.config.get("redirect_maps") or {}
    engine = {page.url for page in prepared.plan.pages if not page.via_mkdocs}
    for old, new in maps.items():
        path, hash_, fragment = str(new).partition("#")
        url = path.removesuffix("index.md").lstrip("/")
        if url in engine:
            maps[old] = urls.absolute(prepared.config.site_url, url) + hash_ + fragment


def _strict_warnings() -> bool:
    """Whether MkDocs counted warnings that its strict mode turns into a failure."""
    handlers = logging.getLogger("mkdocs").handlers
    return any(isinstance(h, CountHandler) and h.get_counts() for h in handlers)


def _modified() -> bool:
    return True


def _unmodified() -> bool:
    return False


def _unlink(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _abort(problems, plugin: CareersPlugin) -> PluginError:
    """Stop MkDocs over content problems: logged for `mkdocs build`, kept on the plugin for the
    engine's own build, which prints them as PATH:LINE lines (and must not see them twice)."""
    problems = sorted(set(problems))
    plugin.problems = problems
    if plugin.guest is None:
        for problem in problems:
            log.error(str(problem))
    return PluginError(f"{len(problems)} problem(s) in the sources")
