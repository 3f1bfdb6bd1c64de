"""The site's settings are read the way MkDocs reads them (INHERIT, !ENV, docs_dir, the config
file's name), and every route (`check`, `build`, `mkdocs build`) accepts and refuses the same."""

from __future__ import annotations

import subprocess
import sys

from conftest import MKDOCS_YML, TODAY, SiteSource

from generator.sources.cache import cache_dir

ORGANIZATION_LINE = MKDOCS_YML.split("\n").index("      organization: Test Org") + 1


def _mkdocs_build(source: SiteSource, site) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)],
        cwd=source.root,
        capture_output=True,
        text=True,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin", "HOME": str(source.root)},
    )


def test_inherit_and_env_tags_are_read_as_mkdocs_reads_them(source: SiteSource, monkeypatch):
    base = MKDOCS_YML.replace("organization: Test Org", "organization: !ENV [CAREERS_ORG, Nobody]")
    source.write("base.yml", base)
    source.write("mkdocs.yml", "INHERIT: base.yml\nsite_name: !ENV SITE_TITLE\n")
    source.job("one")
    monkeypatch.setenv("CAREERS_ORG", "Env Org")
    monkeypatch.setenv("SITE_TITLE", "Inherited Careers")
    built = source.build()
    posting = built.jsonld("jobs/one/")[0]
    assert posting["hiringOrganization"]["name"] == "Env Org"
    assert "<title>Applied Scientist one - Inherited Careers</title>" in built.text("jobs/one/")


def test_an_option_error_in_an_inherited_file_names_that_file(source: SiteSource):
    source.write("base.yml", MKDOCS_YML.replace("organization: Test Org", "organization: 42"))
    source.write("mkdocs.yml", "INHERIT: base.yml\n")
    code, errors = source.check()
    assert code == 1
    line = ORGANIZATION_LINE
    assert errors == [f"base.yml:{line}: error: careers plugin: organization must be text"]


def test_check_build_and_mkdocs_refuse_the_same_options(source: SiteSource, tmp_path):
    """Issue 14 #8: `check` accepted `organization: 42`, which `build` refused without a line."""
    source.write("mkdocs.yml", MKDOCS_YML.replace("organization: Test Org", "organization: 42"))
    source.job("one")
    expected = f"mkdocs.yml:{ORGANIZATION_LINE}: error: careers plugin: organization must be text"
    assert source.check() == (1, [expected])
    code, _, err = source.run("build", "--today", TODAY, "--site-dir", str(tmp_path / "out"))
    assert code == 1 and expected in err
    result = _mkdocs_build(source, tmp_path / "mk")
    assert result.returncode != 0 and expected in result.stderr


def test_a_site_url_that_would_break_pages_is_refused(source: SiteSource):
    """Issue 14 #12: a `"` or `<` in site_url is written into every page's head."""
    for bad in ('https://example.test/"x', "https://example.test/<b>/"):
        source.write("mkdocs.yml", MKDOCS_YML.replace("https://example.test/careers/", bad))
        code, errors = source.check()
        assert code == 1 and errors[0].startswith("mkdocs.yml:2: error: site_url is required")


def test_docs_dir_is_mkdocs_default_docs(source: SiteSource):
    """Issue 15: a site that keeps MkDocs' default docs_dir has its profiles in docs/people/."""
    source.write("mkdocs.yml", MKDOCS_YML.replace("docs_dir: content\n", ""))
    (source.root / "content" / "index.md").rename(source.root / "index.md")
    source.write("docs/index.md", "# Welcome\n")
    source.write("docs/people/ada.yml", "name: Ada\nrole: Applied science intern\n")
    source.story("one", people=["ada"])
    built = source.build()
    assert "Ada" in built.text("stories/one/")
    assert built.exists("people/ada/")


def test_properdocs_yml_is_a_site_config(source: SiteSource):
    (source.root / "mkdocs.yml").rename(source.root / "properdocs.yml")
    source.job("one")
    built = source.build()
    assert built.exists("jobs/one/")


def test_the_output_folder_may_not_be_the_cache(source: SiteSource):
    """Issue 14 #12: `--site-dir` pointing at the parse cache would publish the cache."""
    source.job("one")
    source.build()
    code, _, err = source.run("build", "--today", TODAY, "--site-dir", str(cache_dir(source.root)))
    assert code == 2 and "refusing to build into" in err and "cache" in err
