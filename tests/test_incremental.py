"""Rebuilds reuse the last output: the result must be byte for byte what a fresh build gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SiteSource, file_tree, fresh_tree

from generator.sources.cache import cache_dir


@pytest.fixture
def site(source: SiteSource) -> SiteSource:
    source.person("ada-lovelace", team="Search Science")
    for number in range(12):
        source.job(
            f"job-{number}",
            posted=f"2026-10-{number + 1:02d}",
            team="Search Science" if number % 2 else "Ads Science",
            locations=["US, WA, Seattle"] if number % 3 else ["DE, BE, Berlin"],
        )
    source.story(
        "first-story",
        people=["ada-lovelace"],
        teams=["Search Science"],
        series="Intern stories",
        body="Intro.\n\n## Part\n\nMore text.\n",
    )
    source.story(
        "second-story", series="Intern stories", related=["first-story"], date="2026-10-05"
    )
    return source


def test_rebuilds_equal_fresh_builds(site: SiteSource, tmp_path: Path):
    out = tmp_path / "site"
    site.build(site_dir=out)
    assert cache_dir(site.root).is_dir()
    assert not (site.root / ".cache").exists()  # the site's own folders stay untouched
    site.build(site_dir=out)  # nothing changed
    assert file_tree(out) == fresh_tree(site, tmp_path / "fresh-0")

    site.job("job-3", title="Renamed role", posted="2026-10-04", team="Search Science")
    site.story(
        "second-story",
        series="Intern stories",
        related=["first-story"],
        date="2026-10-05",
        body="A new body.\n",
    )
    (site.root / "jobs" / "job-5.yml").unlink()  # its page and its place in listings go
    site.job("job-7", posted="2026-10-08", valid_through="2026-11-01")  # closes
    site.job("job-new", locations=["FR, IDF, Paris"])  # a new city page and feed
    site.build(site_dir=out)
    rebuilt = file_tree(out)
    assert rebuilt == fresh_tree(site, tmp_path / "fresh-1")
    assert "jobs/job-5/index.html" not in rebuilt
    assert "jobs/locations/fr/idf/paris/index.html" in rebuilt


def test_unchanged_files_keep_their_mtime(site: SiteSource, tmp_path: Path):
    out = tmp_path / "site"
    site.build(site_dir=out)
    page = out / "jobs" / "job-1" / "index.html"
    before = page.stat().st_mtime_ns
    site.job("job-2", title="Another title", posted="2026-10-03", team="Search Science")
    site.build(site_dir=out)
    assert page.stat().st_mtime_ns == before
    assert "Another title" in (out / "jobs" / "job-2" / "index.html").read_text(encoding="utf-8")


def test_failed_rebuild_leaves_the_output_as_it_was(site: SiteSource, tmp_path: Path):
    out = tmp_path / "site"
    site.build(site_dir=out)
    before = file_tree(out)
    site.job("job-1", title="Fine", posted="2026-10-02")
    site.write("jobs/broken.yml", "id: broken\ntitle: [unclosed\n")
    code, _, err = site.run("build", "--today", "2026-11-25", "--site-dir", str(out))
    assert code == 1 and "jobs/broken.yml" in err
    assert file_tree(out) == before
