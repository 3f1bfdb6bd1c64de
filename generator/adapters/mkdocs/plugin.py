"""The `careers` MkDocs plugin: thin hooks around the engine's stages (generator/build.py).

Two ways in, one set of stages:
- `python -m generator build` calls build.build(), whose theme (theme.py) runs MkDocs with this
  plugin as a guest, when the theme's inputs changed since the last build (drawing.py): it
  receives the prepared site and the build's run, and draws into the run's staging folder; the
  engine then writes its own pages and commits.
- `mkdocs build` / `mkdocs serve`: MkDocs drives, and the hooks call the same stages: prepare and
  begin in on_pre_build (MkDocs then writes into the run's staging folder, never into the live
  output), finish (write and commit) in on_post_build.

MkDocs renders the hand-written pages of the docs folder (the home page with markers where the
engine's blocks go) and the shells: one page per URL depth, and one per engine page that its
navigation names (NAV_ROOTS), that every page of the engine's is cut from. The stories, profiles
and listings it knows as files that are never built, so hand-written pages may link to them.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
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
from generator.adapters.mkdocs import drawing
from generator.adapters.mkdocs import files as docs_files
from generator.adapters.mkdocs.search_index import SEARCH_INDEX, read_search_index
from generator.adapters.mkdocs.shells import NAV_ROOTS, SHELL_FOLDER, SHELL_MARKERS, shell_url
from generator.adapters.mkdocs.story_markdown import DEFAULT_VALIDATION, MarkdownSettings
from generator.config import CareersOptions, load_site_config, resolve_today
from generator.model import urls
from generator.output.write import Drawn, shell_depths
from generator.problems import Problem, SourceErrors
from generator.render.html import hand_written_page, social_image
from generator.sources.cache import SourceCache
from generator.sources.cache import enabled as cache_enabled

log = logging.getLogger("mkdocs.plugins.careers")
THEME_DIR = Path(__file__).parent / "theme"
CSS = "assets/careers.css"  # in THEME_DIR, so MkDocs copies it with the theme
JS = "assets/careers-jobs.js"  # the filters on /jobs/; does nothing on other pages
HOME_MARKERS = {f"[[{name}]]": name for name in drawing.HOME_BLOCKS}  # in the home page's text
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
    """One MkDocs build's work for the engine."""

    prepared: build.Prepared
    run: build.Run
    hosted: bool  # MkDocs drives (`mkdocs build/serve`): this plugin commits the output
    shells: dict = field(default_factory=dict)  # a shell's docs path -> its key (shells.py)
    titles: dict = field(default_factory=dict)  # a navigation root's shell -> its page title
    engine_files: set[str] = field(default_factory=set)  # docs paths of the engine's pages
    built_urls: set[str] = field(default_factory=set)  # hand-written pages MkDocs built
    anchors: dict = field(default_factory=dict)  # their docs paths -> their anchors
    home: drawing.Home | None = None  # the home page, if MkDocs built it this time
    files: Files | None = None
    page_meter: progress.Meter | None = None


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
        pages_log = logging.getLogger("mkdocs.structure.pages")
        if not any(isinstance(f, _LinksToEnginePages) for f in pages_log.filters):
            pages_log.addFilter(_LinksToEnginePages(self))
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
        for file in list(files):
            if docs_files.is_data_file(file.src_uri):
                files.remove(file)  # data, never published
        # MkDocs writes files in place: unlink what it will write anew (hard links to the output)
        mkdocs_dirty = self.dirty if current.hosted else current.run.staging.cloned
        if current.run.staging.cloned:
            previous = current.run.incremental.previous
            everything = previous is None  # other global inputs
            kept = drawing.kept_state(previous.theme) if previous is not None else None
            fingerprint = drawing.theme_fingerprint(current.prepared, self.root)
            again = kept is None or kept.fingerprint != fingerprint  # the nav may have changed
            for file in files:
                if everything or (again and file.is_documentation_page()):  # all show the nav
                    file.is_modified = _modified
                if not mkdocs_dirty or file.is_modified():
                    _unlink(file.abs_dest_path)
            for rel in drawing.REWRITTEN:
                _unlink(os.path.join(config.site_dir, rel))
        plan = current.prepared.plan
        for page in plan.pages:
            src = page.url + "index.md"
            if page.url in NAV_ROOTS:
                current.titles[src] = page.title
                files.append(self._shell(config, src, page.url, InclusionLevel.INCLUDED))
            elif page.searchable:  # hand-written pages may link to it, as to any page
                files.append(File.generated(config, src, content="", inclusion=_EXCLUDED))
                current.engine_files.add(src)
        for depth in shell_depths(plan):
            files.append(self._shell(config, shell_url(depth) + "index.md", depth, _NOT_IN_NAV))
        current.files = files
        pages = files.documentation_pages()
        to_build = sum(1 for file in pages if file.is_modified()) if self.dirty else len(pages)
        current.page_meter = progress.Meter("MkDocs pages", to_build)
        return files

    def _shell(self, config, src: str, key, inclusion) -> File:
        self.current.shells[src] = key
        file = File.generated(config, src, content="shell\n", inclusion=inclusion)
        _unlink(file.abs_dest_path)  # in a cloned staging folder it is a hard link
        return file

    def on_env(self, env, config, files):
        # Pages without the engine's head tags (404.html) share the site's picture too.
        prepared = self.current.prepared
        picture = social_image(None, prepared.config)
        env.globals["careers_social_image"] = urls.absolute(prepared.config.site_url, picture)
        return env

    def on_page_markdown(self, markdown, page, config, files):
        current = self.current
        src = page.file.src_uri
        if src in current.shells:
            title = current.titles.get(src)  # the navigation's name for it, unless nav: names it
            page.meta.update(
                careers_shell=True,
                careers_header=_ShellHeader(page),
                search={"exclude": True},
                title=escape(title) if title is not None else "shell",
            )
            return markdown
        # A hand-written page: the same shared-link tags as the engine's pages.
        renderer = current.prepared.renderer
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
            return _home_markers(markdown)
        return markdown

    def on_page_content(self, html, page, config, files):
        current = self.current
        current.built_urls.add(page.url)
        if page.is_homepage:
            title = str(page.meta.get("title", page.title))  # as Material's search names it
            current.home = drawing.Home(page.url, "", html, title, _search_fields(page.meta))
        return html

    def on_post_page(self, output, page, config):
        current = self.current
        if current.page_meter is not None:
            current.page_meter.advance()
        if page.file.src_uri not in current.shells:
            current.anchors[page.file.src_uri] = set(page.present_anchor_ids or ())
        if page.is_homepage and current.home is not None:
            current.home.page = output
        return output

    @event_priority(-50)  # after the search plugin has written its index
    def on_post_build(self, config):
        current = self.current
        site_dir = Path(config.site_dir)
        if current.page_meter is not None:
            current.page_meter.done()
        state = self._theme_state(site_dir, current, config)
        check = (lambda: self._strict(config)) if current.hosted else None
        settings = self._markdown_settings(config)  # kept in the state only if it pickles
        fresh = current.home is not None
        drawn = drawing.drawn(current.prepared, current.run, state, fresh, check, settings)
        if not current.hosted:
            self.guest.drawn = drawn
            return
        if config.strict and _strict_warnings():
            return  # MkDocs aborts right after this: on_build_error drops the staging folder
        try:
            build.finish(current.run, drawn)
        except SourceErrors as err:  # a story's Markdown Python-Markdown could not render
            raise _abort(err.problems, self) from None
        config.site_dir = str(current.run.request.site_dir)
        self.last_state = current.run.incremental.state if self.serving else None
        self.current = None

    @staticmethod
    def _markdown_settings(config) -> MarkdownSettings:
        """How MkDocs renders a page's Markdown, from its loaded config (extensions in order,
        their options with `!!python/name` tags resolved, the link validation levels)."""
        links = config.validation.links
        validation = {name: int(getattr(links, name)) for name in DEFAULT_VALIDATION}
        extensions = tuple(config.markdown_extensions)
        return MarkdownSettings(extensions, dict(config.mdx_configs or {}), validation)

    def _strict(self, config) -> None:
        """Strict mode: the stories' link warnings stop the build before the output changes."""
        if config.strict and _strict_warnings():
            raise PluginError("Aborted with warnings about the stories' links in strict mode")

    def _theme_state(self, site_dir: Path, current: Pass, config) -> drawing.ThemeState:
        """What MkDocs made this time, completed with what the last build's state kept."""
        shells = {}
        for src, key in current.shells.items():
            path = site_dir / src.removesuffix("index.md") / "index.html"
            shells[key] = path.read_text(encoding="utf-8")
            if isinstance(key, str):
                path.unlink()  # the engine writes the page itself
        shutil.rmtree(site_dir / SHELL_FOLDER, ignore_errors=True)
        previous = current.run.incremental.previous
        kept = drawing.kept_state(previous.theme) if previous is not None else None
        files = current.files
        ours = set(current.shells) | current.engine_files
        hand_written = [
            file.page.url
            for file in files.documentation_pages()
            if file.page is not None and file.src_uri not in ours
        ]
        search_config, fresh = read_search_index(site_dir / SEARCH_INDEX)
        search = dict(kept.search) if kept is not None else {}
        for url in hand_written:
            if url in current.built_urls:
                search[url] = fresh.get(url, [])
        home = current.home or (kept.home if kept is not None else None)
        if current.home is not None:
            search.pop(current.home.url, None)  # Material indexed it without its blocks
        anchors = dict(kept.anchors) if kept is not None else {}
        anchors.update(current.anchors)
        kept_settings = drawing.keepable(self._markdown_settings(config))
        fingerprint = drawing.theme_fingerprint(current.prepared, self.root)
        return drawing.ThemeState(
            fingerprint=fingerprint if kept_settings is not None else None,
            shells=shells,
            markdown=kept_settings,
            documents={file.src_uri: file.url for file in files if file.src_uri not in ours},
            anchors=anchors,
            search_config=search_config,
            hand_written=hand_written,
            files={file.dest_uri for file in files if file.src_uri not in ours},
            home=home,
            search=search,
            validation=self._markdown_settings(config).validation,
        )

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


class _LinksToEnginePages(logging.Filter):
    """MkDocs' note that a hand-written page links to a file it does not build: the engine's
    pages are built, by the engine."""

    NOTE = re.compile(r"Doc file '[^']*' contains a link to '(.*)' which is excluded from")

    def __init__(self, plugin: CareersPlugin):
        super().__init__()
        self.plugin = plugin

    def filter(self, record: logging.LogRecord) -> bool:
        current = self.plugin.current
        found = self.NOTE.match(record.getMessage()) if current is not None else None
        return not (found and found.group(1) in current.engine_files)


class _ShellHeader:
    """A shell page as Material's header sees it: its title is the title marker, so the header
    shows each page's own title once the reader scrolls past the heading."""

    def __init__(self, page):
        self._page = page
        self.meta = {"title": SHELL_MARKERS["title"]}

    def __getattr__(self, name):
        return getattr(self._page, name)


def _search_fields(meta: dict) -> dict:
    """What Material's search adds to each entry of a page from its front matter."""
    fields = {}
    if isinstance(meta.get("tags"), list):
        kinds = (str, int, float, bool)
        fields["tags"] = [str(tag) for tag in meta["tags"] if tag and isinstance(tag, kinds)]
    search = meta.get("search") or {}
    if "boost" in search:
        fields["boost"] = search["boost"]
    return fields


def _home_markers(markdown: str) -> str:
    """The home page's text with an HTML comment where each generated block goes (all of them
    at the end when it names none)."""
    if not any(marker in markdown for marker in HOME_MARKERS):
        markdown += "\n\n" + "\n\n".join(HOME_MARKERS)
    for marker, name in HOME_MARKERS.items():
        markdown = markdown.replace(marker, "\n" + drawing.home_marker(name) + "\n")
    return markdown


_NOT_IN_NAV = InclusionLevel.NOT_IN_NAV
_EXCLUDED = InclusionLevel.EXCLUDED


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


def _modified() -> bool:
    return True


def _strict_warnings() -> bool:
    """Whether MkDocs counted warnings that its strict mode turns into a failure."""
    handlers = logging.getLogger("mkdocs").handlers
    return any(isinstance(h, CountHandler) and h.get_counts() for h in handlers)


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
