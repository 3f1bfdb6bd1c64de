"""The `careers` MkDocs plugin: the only module that imports MkDocs.

It runs the engine (build.prepare) before MkDocs reads files, hands MkDocs the pages it should
render (stories, people, nav roots) as generated files, and after the build writes the bulk
(jobs and their listings) directly, cut from "shell" pages that Material rendered once per depth.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from generator import build
from generator.load import load_site_config
from generator.model import resolve_today
from generator.output import shell_url
from generator.problems import SourceErrors

log = logging.getLogger("mkdocs.plugins.careers")
THEME_DIR = Path(__file__).parent / "theme"
CSS = "assets/careers.css"
NAV_ROOTS = {"jobs/", "stories/", "people/", "jobs/locations/"}
HOME_BLOCKS = {
    "[[latest-stories]]": "home_latest_stories.html",
    "[[newest-roles]]": "home_newest_roles.html",
    "[[places]]": "home_places.html",
}


class CareersConfig(base.Config):
    organization = c.Type(str, default="")
    organization_url = c.Type(str, default="")
    organization_logo = c.Type(str, default="")
    jobs_per_page = c.Type(int, default=50)
    stories_per_page = c.Type(int, default=20)
    today = c.Optional(c.Type(str))


class CareersPlugin(BasePlugin[CareersConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.prepared: build.Prepared | None = None
        self.today_override: str | None = None  # set by `python -m generator build --today`
        self.pages_by_src: dict = {}

    def on_config(self, config):
        self.root = Path(config.config_file_path).resolve().parent
        config.theme.dirs.insert(0, str(THEME_DIR))
        if CSS not in config.extra_css:
            config.extra_css.append(CSS)
        return config

    def on_pre_build(self, config):
        site_config, problems = load_site_config(Path(config.config_file_path))
        if problems:
            raise _abort(problems)
        today = resolve_today(self.today_override or self.config.today)
        try:
            self.prepared = build.prepare(self.root, site_config, today)
        except SourceErrors as err:
            raise _abort(err.problems) from None

    def on_files(self, files: Files, config):
        for file in list(files):
            if file.src_uri.startswith("people/") and file.src_uri.endswith((".yml", ".yaml")) or file.src_uri == "related.yml":
                files.remove(file)  # data, never published
        files.append(File.generated(config, CSS, abs_src_path=str(THEME_DIR / CSS)))
        self.pages_by_src = {}
        for page in self.prepared.mkdocs_pages:
            src = page.url + "index.md"
            inclusion = InclusionLevel.INCLUDED if page.url in NAV_ROOTS else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, src, content=self.prepared.renderer.markdown(page), inclusion=inclusion))
            self.pages_by_src[src] = page
        for depth in build.shell_depths(self.prepared):
            files.append(File.generated(config, shell_url(depth) + "index.md", content="shell\n", inclusion=InclusionLevel.NOT_IN_NAV))
        return files

    def on_page_markdown(self, markdown, page, config, files):
        src = page.file.src_uri
        planned = self.pages_by_src.get(src)
        if planned is not None:
            page.meta.update(title=planned.title, description=planned.description,
                             careers_head=self.prepared.renderer.head(planned, direct=False))
        elif src.startswith("careers-shell/"):
            page.meta.update(careers_shell=True, search={"exclude": True}, title="shell")
        elif page.is_homepage:
            return self._home(markdown, page.url)
        return markdown

    def _home(self, markdown: str, page_url: str) -> str:
        renderer = self.prepared.renderer
        if not any(marker in markdown for marker in HOME_BLOCKS):
            markdown += "\n\n" + "\n\n".join(HOME_BLOCKS)
        for marker, template in HOME_BLOCKS.items():
            markdown = markdown.replace(marker, "\n" + renderer.fragment(template, page_url) + "\n")
        return markdown

    def on_post_build(self, config):
        site_dir = Path(config.site_dir)
        shells = {}
        for depth in build.shell_depths(self.prepared):
            folder = site_dir / shell_url(depth)
            shells[depth] = (folder / "index.html").read_text(encoding="utf-8")
        shutil.rmtree(site_dir / "careers-shell", ignore_errors=True)
        mkdocs_urls = [page.url for page in self.prepared.mkdocs_pages] + self._hand_written_urls(config)
        build.write_output(self.prepared, site_dir, shells, mkdocs_urls)

    def _hand_written_urls(self, config) -> list[str]:
        docs = Path(config.docs_dir)
        found = []
        for path in docs.rglob("*.md"):
            rel = path.relative_to(docs).as_posix()
            url = rel[:-3]
            url = "" if url == "index" else (url[:-5] if url.endswith("/index") else url + "/")
            found.append(url)
        return found

    def on_serve(self, server, config, builder):
        for folder in ("stories", "jobs"):
            if (self.root / folder).is_dir():
                server.watch(str(self.root / folder))
        return server


def _abort(problems) -> PluginError:
    for problem in problems:
        log.error(str(problem))
    return PluginError(f"{len(problems)} problem(s) in the sources")


def run_mkdocs_build(root: Path, site_dir: Path, today: str | None, prepared=None) -> None:
    """Build the site under `root` into `site_dir` with MkDocs and this plugin."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(site_dir))
    plugin = config.plugins["careers"]
    plugin.today_override = today
    cwd = os.getcwd()
    try:
        os.chdir(root)
        mkdocs_build(config)
    finally:
        os.chdir(cwd)
