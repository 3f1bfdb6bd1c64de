"""The parse cache writes a build's changes alone (`sources-recent.pickle`) while they are few,
and every entry again once they are many; either way the next build reads what the files say."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import SiteSource, file_tree, fresh_tree

from generator.sources.cache import SourceCache, cache_dir


def _site(source: SiteSource, jobs: int = 80) -> SiteSource:
    for number in range(jobs):
        source.job(f"job-{number}", posted=f"2026-10-{number % 28 + 1:02d}")
    # Written an hour ago: files changed just before a build are read again by the next one
    # (the racy rule), and would all count as changed.
    for path in source.root.rglob("*.yml"):
        os.utime(path, (path.stat().st_atime - 3600, path.stat().st_mtime - 3600))
    return source



def _built(source: SiteSource) -> tuple[SiteSource, Path, Path, bytes]:
    """The site built once: (site, its full cache file, its recent file, the full file's bytes)."""
    site = _site(source)
    site.build()
    folder = cache_dir(site.root)
    full = folder / SourceCache.FILE
    return site, full, folder / SourceCache.RECENT_FILE, full.read_bytes()


def test_few_changes_go_to_the_recent_file(source: SiteSource, tmp_path: Path):
    site, full, recent, before = _built(source)
    assert not recent.exists()

    site.job("job-3", title="Research Scientist, Rivers")  # edited
    (site.root / "jobs" / "job-5.yml").unlink()  # gone
    site.job("job-new", posted="2026-11-20")  # added
    built = site.build()
    assert full.read_bytes() == before  # not rewritten
    assert recent.exists()
    assert file_tree(built.dir) == fresh_tree(site, tmp_path / "fresh-1")
    assert "Rivers" in built.text("jobs/job-3/")
    assert not built.exists("jobs/job-5/")

    cache = SourceCache(site.root)  # the next build's view: the full file and the recent one
    assert "jobs/job-5.yml" not in cache.entries
    assert {"jobs/job-3.yml", "jobs/job-new.yml"} <= cache.entries.keys()
    assert len(cache.entries) == 80

    site.job("job-7", title="Research Scientist, Glaciers")  # the recent file grows
    built = site.build()
    assert full.read_bytes() == before
    assert "Rivers" in built.text("jobs/job-3/") and "Glaciers" in built.text("jobs/job-7/")
    assert file_tree(built.dir) == fresh_tree(site, tmp_path / "fresh-2")


def test_many_changes_rewrite_the_whole_cache(source: SiteSource, tmp_path: Path):
    site, full, recent, before = _built(source)
    for number in range(10):  # an eighth of the files
        site.job(f"job-{number}", title=f"Research Scientist {number}, Oceans")
    built = site.build()
    assert full.read_bytes() != before and not recent.exists()
    assert file_tree(built.dir) == fresh_tree(site, tmp_path / "fresh")
    assert len(SourceCache(site.root).entries) == 80


def test_a_recent_file_of_another_full_file_is_ignored(source: SiteSource, tmp_path: Path):
    site = _site(source)
    site.build()
    site.job("job-3", title="Research Scientist, Rivers")
    site.build()
    folder = cache_dir(site.root)
    stale = (folder / SourceCache.RECENT_FILE).read_bytes()
    for number in range(10):
        site.job(f"job-{number}", title=f"Research Scientist {number}, Deserts")
    site.build()  # rewrites the full file: the recent one goes
    (folder / SourceCache.RECENT_FILE).write_bytes(stale)  # as if a crash had left it
    cache = SourceCache(site.root)
    assert cache.entries["jobs/job-3.yml"].record.path == "jobs/job-3.yml"
    assert "Deserts" in file_tree(site.build(site_dir=tmp_path / "again").dir)[
        "jobs/job-3/index.html"
    ].decode()
