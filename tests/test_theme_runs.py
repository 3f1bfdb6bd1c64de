"""MkDocs renders only what depends on the theme's inputs (hand-written pages, mkdocs.yml, the
theme), and only when they changed: the engine writes every story, profile and job page itself,
so a rebuild after an edit to a story or a job neither runs nor imports MkDocs. What the engine
renders is what MkDocs would: a story's Markdown (extensions, links and their warnings) and the
search entries of Material's search plugin."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import textwrap
from html import escape
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import REPO, TODAY, SiteSource, copy_sample

from generator import build
from generator.adapters.mkdocs.search_index import page_entries
from generator.adapters.mkdocs.story_markdown import MarkdownSettings, StoryMarkdown
from generator.config import resolve_today
from generator.render.html import page_body

RUN = textwrap.dedent(
    """
    import sys
    from generator.cli import main
    code = main(["build", "--root", sys.argv[1], "--site-dir", sys.argv[2], "--today", sys.argv[3]])
    renderers = sorted({m.split(".")[0] for m in sys.modules} & {"mkdocs", "material"})
    print("exit", code, "renderers", ",".join(renderers) or "none")
    """
)


def build_in_a_process(source: SiteSource, out: Path) -> str:
    """Build in a fresh process, as `python -m generator build` does: which of MkDocs and
    Material it imported ("none" when neither)."""
    result = subprocess.run(
        [sys.executable, "-c", RUN, str(source.root), str(out), TODAY],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    assert "exit 0" in result.stdout, result.stdout + result.stderr
    return result.stdout.split("renderers ")[1].strip()


@pytest.fixture
def site(source: SiteSource) -> SiteSource:
    source.write("content/about.md", "# About\n\n## Teams\n\nWho we are.\n")
    source.person("ada-lovelace", team="Search Science")
    source.job("sea-1", team="Search Science")
    source.job("sea-2", team="Search Science", posted="2026-11-02")
    source.story(
        "first",
        people=["ada-lovelace"],
        body="Intro.\n\n## Our teams\n\nSee [about us](../../about.md#teams).\n",
    )
    return source


def search_entries(out: Path) -> dict[str, dict]:
    index = json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))
    return {doc["location"]: doc for doc in index["docs"]}


def test_a_story_or_job_edit_rebuilds_without_mkdocs(site: SiteSource, tmp_path: Path):
    out = tmp_path / "site"
    assert build_in_a_process(site, out) == "material,mkdocs"  # the first build draws the theme
    assert build_in_a_process(site, out) == "none"  # nothing changed

    site.story(
        "first",
        people=["ada-lovelace"],
        body="Intro.\n\n## Our teams\n\nA quokka joined [us](../../about.md#teams).\n",
    )
    assert build_in_a_process(site, out) == "none"
    page = (out / "stories" / "first" / "index.html").read_text(encoding="utf-8")
    assert 'A quokka joined <a href="../../about/#teams">us</a>.' in page  # MkDocs' link rewrite
    assert '<h2 id="our-teams">Our teams</h2>' in page  # the site's toc extension
    assert "quokka" in search_entries(out)["stories/first/#our-teams"]["text"]

    site.job("sea-2", team="Search Science", posted="2026-11-02", title="Renamed role")
    assert build_in_a_process(site, out) == "none"
    assert "Renamed role" in (out / "jobs" / "sea-2" / "index.html").read_text(encoding="utf-8")
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "Renamed role" in home  # the home page's newest roles, filled in by the engine
    assert "careers:home:" not in home

    fresh = tmp_path / "fresh"
    assert build_in_a_process(site, fresh) == "material,mkdocs"
    assert _tree(out) == _tree(fresh)


@pytest.mark.parametrize(
    ("rel", "edit", "shown_at"),
    [
        ("content/about.md", "# About\n\n## Teams\n\nA wombat team.\n", "about/"),
        ("mkdocs.yml", None, "jobs/sea-1/"),
    ],
)
def test_a_theme_input_edit_runs_mkdocs(site: SiteSource, tmp_path: Path, rel, edit, shown_at):
    out = tmp_path / "site"
    build_in_a_process(site, out)
    assert build_in_a_process(site, out) == "none"
    if edit is None:  # the site's name, in every page's frame
        text = (site.root / rel).read_text().replace("Test Careers", "Wombat Careers")
        edit = text
    site.write(rel, edit)
    assert build_in_a_process(site, out) == "material,mkdocs"
    assert "ombat" in (out / shown_at / "index.html").read_text(encoding="utf-8")
    assert build_in_a_process(site, out) == "none"


def test_the_search_index_holds_a_storys_sections(site: SiteSource, tmp_path: Path):
    out = tmp_path / "site"
    build_in_a_process(site, out)
    entries = search_entries(out)
    page = entries["stories/first/"]
    assert page["title"] == "Story first"
    assert "About first." in page["text"] and "<p>Intro.</p>" in page["text"]
    section = entries["stories/first/#our-teams"]
    assert section["title"] == "Our teams"
    assert section["text"] == "<p>See about us.</p>"
    assert "about/#teams" in entries  # a hand-written page's, from Material's search plugin
    assert "people/ada-lovelace/" in entries
    assert not any(location.startswith("jobs/sea") for location in entries)


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# What the engine renders is what MkDocs and Material would have made of the same page.


def _sample(tmp_path: Path) -> build.Prepared:
    root = copy_sample(tmp_path / "sample")
    config = build.read_config(root)
    return build.prepare(root, config, resolve_today(TODAY))


def test_search_entries_are_those_of_materials_search_plugin(tmp_path: Path):
    from material.plugins.search.plugin import SearchIndex

    prepared = _sample(tmp_path)
    contents = []
    for page in prepared.plan.pages:
        if page.searchable:
            _, own = page_body(prepared.renderer, page)
            contents.append((page.url, escape(page.title), own))
    contents.append(
        (
            "odd/",
            "Odd <b>page</b>",
            "<p>Before</p><div><h2 id='a'>A <a class='headerlink' href='#a'>¶</a></h2>"
            "<p>In  a\ndiv</p></div><p>after</p><h3 id='b'>B<code>x</code></h3><pre>  keep\n"
            "  lines</pre><ul><li> </li><li>one</li></ul><div data-search-exclude><p>gone</p>"
            "<h4 id='c'>C</h4></div><script>no()</script><p>&lt;text&gt; &amp; more</p>"
            "<h1 id='d'>D</h1><p><sub>2</sub></p><br><img src=x>",
        )
    )
    for url, title, content in contents:
        index = SearchIndex()
        material_page = SimpleNamespace(
            content=content, toc=[], url=url, meta={"title": title}, title=title
        )
        index.add_entry_from_context(material_page)
        assert page_entries(content, url, title) == index.entries, url


def test_a_story_renders_as_mkdocs_renders_a_page(tmp_path: Path, caplog):
    """Python-Markdown with the site's extensions and MkDocs' link rewriting: the same HTML and
    the same warnings as MkDocs' own Page.render, links that resolve, miss or are absolute."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    root = copy_sample(tmp_path / "sample")
    (root / "content" / "about.md").write_text("# About\n\n## Teams\n")
    text = (
        "Intro with *emphasis*.\n\n## A heading {: #custom }\n\n"
        "[about](../../about.md#teams) [missing](../../missing.md) [absolute](/jobs/) "
        "[folder](../other/) [self](#custom) [site](https://example.org/) "
        "![picture](../../images/logo.svg) [story](../forecasting-the-first-mile/index.md) "
        "[mail](someone@example.org)\n\n"
        '<div markdown="1">\n**inside** html\n</div>\n\n!!! note\n    An admonition.\n\n'
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n```\ncode <here>\n```\n"
    )
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(tmp_path / "out"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    docs = root / "content"
    files = Files(
        [
            File(p.relative_to(docs).as_posix(), str(docs), config.site_dir, True)
            for p in sorted(docs.rglob("*"))
            if p.is_file()
        ]
    )
    story = File.generated(config, "stories/new/index.md", content=text)
    other = File.generated(config, "stories/forecasting-the-first-mile/index.md", content="x")
    files.append(story)
    files.append(other)
    page = Page(None, story, config)
    page.read_source(config)
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        page.render(config, files)
    expected = [(r.levelno, r.getMessage()) for r in caplog.records]

    settings = MarkdownSettings(tuple(config.markdown_extensions), config.mdx_configs)
    documents = {file.src_uri: file.url for file in files}
    rendered = StoryMarkdown(settings, documents).render("stories/new/", page.markdown)
    assert rendered.html == page.content
    assert rendered.warnings == expected
    assert len(expected) >= 3  # missing, absolute, unrecognized
    assert rendered.links_to_anchors == {"about.md": {"teams": "../../about.md#teams"}} | {
        "stories/new/index.md": {"custom": "#custom"}
    }
    assert "custom" in rendered.anchors


def test_a_new_title_in_the_navigation_reaches_every_page(site: SiteSource, tmp_path: Path):
    """Without `nav:` in mkdocs.yml, the navigation names each page by its title: a hand-written
    page's new title is in every page's navigation after a rebuild, as after a fresh build."""
    config = (site.root / "mkdocs.yml").read_text()
    site.write("mkdocs.yml", config[: config.index("nav:")] + config[config.index("plugins:") :])
    out = tmp_path / "site"
    build_in_a_process(site, out)
    site.write("content/about.md", "# About the wombats\n\n## Teams\n\nWho we are.\n")
    assert build_in_a_process(site, out) == "material,mkdocs"
    for url in ("", "jobs/sea-1/", "stories/first/", "people/ada-lovelace/"):
        page = (out / url / "index.html").read_text(encoding="utf-8")
        nav = page.split('data-md-type="navigation"')[1].split('data-md-component="content"')[0]
        assert "About the wombats" in nav, url
    fresh = tmp_path / "fresh"
    build_in_a_process(site, fresh)
    assert _tree(out) == _tree(fresh)


SUPERFENCES = """\
markdown_extensions:
  - admonition
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
"""


def test_a_story_keeps_the_sites_extensions_in_a_rebuild_without_mkdocs(
    site: SiteSource, tmp_path: Path
):
    """The extensions and their options as MkDocs' loaded config gives them (a `!!python/name`
    tag resolved to a function), kept in the build state for the builds that do not run it."""
    site.write("mkdocs.yml", (site.root / "mkdocs.yml").read_text() + SUPERFENCES)
    body = "!!! note\n    Careful.\n\n```mermaid\ngraph LR\n  A --> B\n```\n"
    site.story("first", body=body)
    out = tmp_path / "site"
    assert build_in_a_process(site, out) == "material,mkdocs"
    drawn_by_mkdocs = (out / "stories" / "first" / "index.html").read_text(encoding="utf-8")
    assert '<pre class="mermaid"><code>graph LR' in drawn_by_mkdocs
    assert '<div class="admonition note">' in drawn_by_mkdocs
    site.story("first", body=body + "\nOne more line.\n")
    assert build_in_a_process(site, out) == "none"
    page = (out / "stories" / "first" / "index.html").read_text(encoding="utf-8")
    assert '<pre class="mermaid"><code>graph LR' in page
    assert '<div class="admonition note">' in page and "<p>One more line.</p>" in page
