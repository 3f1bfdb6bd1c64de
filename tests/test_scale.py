"""The shortcuts taken for large sites give exactly what the long way gives."""

from __future__ import annotations

import datetime as dt
import posixpath
import random
from html import escape

import jinja2
from markupsafe import Markup

from bench.synth import TODAY as BENCH_TODAY
from bench.synth import job_records
from generator import build
from generator.adapters.mkdocs.search_index import trim_doc
from generator.config import CareersOptions, SiteConfig
from generator.model import urls
from generator.model.records import Job
from generator.model.site import Site
from generator.model.urls import relative, relative_path
from generator.pages.kinds import HandWrittenPage, JobListingPage
from generator.pages.plan import plan_site
from generator.render import html, jsonld, markdown
from generator.render.html import Renderer
from tests.conftest import TODAY, copy_sample


def test_plain_text_shortcut_matches_markdown():
    rng = random.Random(5)
    alphabet = "abcXY019 ,.;:'()/%?+-*_`<>&#!\\[]\""
    samples = ["1. item", "2) item", "10.", "Plain words, and more.", "a  b", "x ", "(c) 2026"]
    samples += [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 14))) for _ in range(3000)
    ]
    for text in samples:
        assert markdown.safe_markdown(text) == markdown.markdown_html(text), text


def test_plain_prose_shortcut_matches_markdown():
    rng = random.Random(3)
    pieces = [
        "a",
        "B",
        "0",
        "1.",
        "2)",
        " ",
        ",",
        ".",
        "'",
        "(",
        ")",
        "-",
        "+",
        "**",
        "*",
        "**x**",
        "**a b**",
        "** a**",
        "**b **",
        "\n",
        "\n\n",
        "\n\n\n",
        "  \n",
        "#",
        ">",
        "=",
        "---",
        "_",
        "`",
        "y z",
        "**y**z",
    ]
    shortcut = 0
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        if markdown.plain_prose_html(text) is not None:
            shortcut += 1
            assert markdown.safe_markdown(text) == markdown.markdown_html(text), text
    assert shortcut > 500


def test_relative_links_match_posixpath():
    rng = random.Random(7)
    parts = ["a", "b", "jobs", "", ".", "..", "x y"]
    for _ in range(5000):
        target = "/".join(rng.choice(parts) for _ in range(rng.randint(0, 4))) + rng.choice(
            ["", "/"]
        )
        start = "/".join(rng.choice(parts) for _ in range(rng.randint(0, 4))) + rng.choice(
            ["", "/"]
        )
        assert relative_path(target, start) == posixpath.relpath("/" + target, "/" + start)


def _relative_the_long_way(from_url: str, to_url: str) -> str:
    """urls.relative as it was written before its shortcut for plain URLs."""
    if "://" in to_url or to_url.startswith(("mailto:", "#")):
        return to_url
    target = to_url.lstrip("/")
    rel = posixpath.relpath("/" + target, "/" + from_url)
    if rel == ".":
        return "./"
    if target.endswith("/") or target == "":
        rel += "/"
    return rel


def test_relative_links_match_the_long_way():
    rng = random.Random(11)
    parts = ["a", "b", "jobs", "", ".", "..", ".well-known", "feed.xml", "a.", "x y", "#top"]
    samples = [
        ("jobs/locations/us/wa/seattle/", "jobs/j1/"),
        ("jobs/teams/ml/page/2/", "jobs/teams/ml/feed.xml"),
        ("jobs/x/", "jobs"),  # a file named as one of the page's folders: "..", not "../"
        ("jobs/x/", "/jobs/x/"),
        ("", ""),
        ("jobs/", "https://example.test/jobs/"),
        ("jobs/", "mailto:jobs@example.test"),
    ]
    for _ in range(20000):
        urls = [
            "/".join(rng.choice(parts) for _ in range(rng.randint(0, 5))) + rng.choice(["", "/"])
            for _ in range(2)
        ]
        samples.append((urls[0], rng.choice(["", "/"]) + urls[1]))
    for start, target in samples:
        assert relative(start, target) == _relative_the_long_way(start, target), (start, target)


def test_search_entries_are_trimmed_with_balanced_tags():
    doc = {
        "location": "stories/x/",
        "title": "X",
        "text": "<p>" + "word " * 100 + "</p><p>next</p>",
    }
    trimmed = trim_doc(doc, 60)
    assert len(trimmed["text"]) < 80
    assert trimmed["text"].endswith("…</p>")
    assert trim_doc(doc, 10_000) is doc


# -- the page renderer's shortcuts ----------------------------------------------------------------
# render/html.py renders a job's row, a story's card and a place's trail once a process and links
# them on each page, imports the macros once instead of once a page, and makes the head's shared
# tags once. The long way, kept here: every macro called for the page, with its context.


class _ImportsWithThePagesContext(jinja2.BaseLoader):
    """The package's templates, importing the macros with the page's context: a module a page."""

    def __init__(self, loader: jinja2.BaseLoader):
        self.loader = loader

    def get_source(self, environment, template):
        source, filename, uptodate = self.loader.get_source(environment, template)
        plain = '{% import "_macros.html" as m %}'
        return source.replace(plain, plain[:-2] + "with context %}"), filename, uptodate


@jinja2.pass_context
def _url_the_long_way(context, target: str) -> str:
    return _relative_the_long_way(context["page_url"], target)


@jinja2.pass_context
def _each_made_for_the_page(context, macro: str, *items) -> Markup:
    page_macros = context.environment.get_template("_macros.html").make_module(
        {"page_url": context["page_url"]}
    )
    return Markup("".join(getattr(page_macros, macro)(item) for item in items))


def _named_once_the_long_way(steps: list) -> list:
    kept = []
    for step in reversed(steps):  # the last of a run of steps named alike stays
        if not kept or kept[-1][0].lower() != step[0].lower():
            kept.append(step)
    return kept[::-1]


def _head_the_long_way(renderer: Renderer, page, with_description_and_canonical: bool) -> str:
    """Renderer.head as it was written before its tags shared by many pages were made once."""
    config = renderer.config
    canonical = urls.absolute(config.site_url, page.url)
    title = f"{page.title} - {config.site_name}"
    tags = []
    if with_description_and_canonical:
        tags.append(f'<meta name="description" content="{escape(page.description)}">')
        tags.append(f'<link rel="canonical" href="{escape(canonical)}">')
    if page.noindex:
        tags.append('<meta name="robots" content="noindex">')
    tags += [
        f'<meta property="og:title" content="{escape(page.title)}">',
        f'<meta property="og:description" content="{escape(page.description)}">',
        f'<meta property="og:url" content="{escape(canonical)}">',
        f'<meta property="og:site_name" content="{escape(config.site_name)}">',
        f'<meta property="og:type" content="{page.og_type}">',
        '<meta name="twitter:card" content="summary_large_image">',
        f'<meta name="twitter:title" content="{escape(title)}">',
        f'<meta name="twitter:description" content="{escape(page.description)}">',
    ]
    image = escape(urls.absolute(config.site_url, html.social_image(page.image, config)))
    tags += [
        f'<meta property="og:image" content="{image}">',
        f'<meta name="twitter:image" content="{image}">',
    ]
    if page.feed_url:
        tags += html.feed_links(page.url, page.feed_url, page.title)
    tags += html.site_feed_links(page.url, page.feed_url)
    structured = renderer.structured_data(page)
    if structured:
        tags.append(jsonld.script_tag(structured))
    return "\n".join(tags)


def _the_long_way(site: Site) -> Renderer:
    renderer = Renderer(site)
    env = renderer.env
    env.loader = _ImportsWithThePagesContext(env.loader)
    env.filters["url"] = _url_the_long_way
    env.globals.update(reused=_each_made_for_the_page, named_once=_named_once_the_long_way)
    return renderer


def assert_pages_render_as_the_long_way(site: Site, pages: list) -> None:
    renderer, long_way = Renderer(site), _the_long_way(site)
    compared = 0
    for page in pages:
        if isinstance(page, HandWrittenPage):
            continue
        assert renderer.body(page) == long_way.body(page), page.url
        for full in (True, False):
            assert renderer.head(page, full) == _head_the_long_way(long_way, page, full), page.url
        compared += 1
    assert compared > len(pages) / 2


def test_the_sample_sites_pages_render_as_the_long_way(tmp_path):
    root = copy_sample(tmp_path / "src")
    prepared = build.prepare(root, build.read_config(root), dt.date.fromisoformat(TODAY))
    pages = prepared.plan.pages
    assert {type(page).__name__ for page in pages} >= {"JobPage", "JobListingPage", "StoryPage"}
    assert_pages_render_as_the_long_way(prepared.site, pages)


HOSTILE = '<b>x</b> & "q" \'s <careers:link> </script> *y*'


def _hostile_jobs(count: int) -> list[Job]:
    """Synthetic jobs with markup, quotes and ampersands in every field a page shows, names
    alike but for their case (the rule "named once"), and the slot text of the fragments."""
    records = job_records(count)
    for number, record in enumerate(records):
        if number % 5 == 0:
            record["title"] = HOSTILE
        if number % 7 == 0:
            record["team"] = ("Jobs", "R&D <i>" + HOSTILE, "jobs")[number % 3]
        if number % 11 == 0:
            record["category"] = 'Say "hi" & <b>' + HOSTILE
        if number % 13 == 0:
            record["locations"] = ["DE, BE, Berlin", "SG, 01, Singapore", "US, WA, " + HOSTILE]
        if number % 17 == 0:
            record["title"] = ("Jobs", "JOBS")[number % 2]
    return [Job.model_validate(record) for record in records]


def test_hostile_synthetic_pages_render_as_the_long_way():
    options = CareersOptions(organization="R&D <Org>", jobs_per_page=3)
    config = SiteConfig('Big & "Bold" <Careers>', "https://careers.example.org/", options=options)
    site = Site(config, BENCH_TODAY, jobs=_hostile_jobs(300))
    pages = plan_site(site).pages
    assert sum(isinstance(page, JobListingPage) and page.total_pages > 1 for page in pages) > 10
    assert_pages_render_as_the_long_way(site, pages)
