"""The whole build, in order: load -> validate -> plan -> render -> write. MkDocs-free.

`prepare` runs the first three stages and raises SourceErrors with every problem of the run;
`write_output` writes what MkDocs does not: the direct pages, the feeds and the sitemap.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.feeds import render_feed
from generator.load import load_sources
from generator.model import Site, SiteConfig
from generator.output import Shell, Writer
from generator.output import sitemap as render_sitemap
from generator.plan import Page, Plan, plan_site
from generator.problems import SourceErrors
from generator.render import Renderer
from generator.validate import validate


@dataclass
class Prepared:
    site: Site
    plan: Plan
    renderer: Renderer

    @property
    def mkdocs_pages(self) -> list[Page]:
        return [page for page in self.plan.pages if page.via_mkdocs]

    @property
    def direct_pages(self) -> list[Page]:
        return [page for page in self.plan.pages if not page.via_mkdocs]


def prepare(root: Path, config: SiteConfig, today: dt.date) -> Prepared:
    sources = load_sources(root)
    site, problems = validate(sources, config, today, root)
    if problems:
        raise SourceErrors(problems)
    plan = plan_site(site)
    if plan.problems:
        raise SourceErrors(plan.problems)
    return Prepared(site, plan, Renderer(site, plan))


def write_output(prepared: Prepared, site_dir: Path, shells: dict[int, str], mkdocs_urls: list[str]) -> None:
    """Direct pages (cut from the per-depth shells), feeds and the sitemap."""
    writer = Writer(site_dir)
    renderer = prepared.renderer
    cut = {depth: Shell(html) for depth, html in shells.items()}
    for page in prepared.direct_pages:
        title = f"{page.title} - {prepared.site.config.site_name}"
        html = cut[page.url.count("/")].fill(_text(title), renderer.head(page, direct=True), renderer.body(page))
        writer.write(page.url, "index.html", html, page.source)
    for feed in prepared.plan.feeds:
        for filename, data in render_feed(feed, prepared.site.config).items():
            writer.write(feed.url, filename, data, f"feed of {feed.url}")
    indexed = [page.url for page in prepared.plan.pages if not page.noindex]
    xml, packed = render_sitemap(prepared.site.config.site_url, sorted(set(indexed) | set(mkdocs_urls)))
    writer.write("", "sitemap.xml", xml, "sitemap")
    writer.write("", "sitemap.xml.gz", packed, "sitemap")


def _text(value: str) -> str:
    from html import escape

    return escape(value, quote=False)


def shell_depths(prepared: Prepared) -> set[int]:
    return {page.url.count("/") for page in prepared.direct_pages}
