"""The sitemap: every indexable page with its `lastmod`, and a sitemap index past the URL limit.

Expected dates are worked out here from the source files as text, not by the generator's code.
"""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import lxml.etree
import pytest
import yaml

from generator.output import sitemap
from tests.conftest import REPO, TODAY, Built, SiteSource

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SAMPLE_URL = "https://careers.example.org/"
TEST_URL = "https://example.test/careers/"


def read_sitemap(data: bytes) -> dict[str, str | None]:
    """loc -> lastmod (None when absent) of a <urlset>, refusing duplicates."""
    root = lxml.etree.fromstring(data)
    assert root.tag == f"{NS}urlset"
    found: dict[str, str | None] = {}
    for url in root.findall(f"{NS}url"):
        loc = url.findtext(f"{NS}loc")
        assert loc not in found, f"{loc} listed twice"
        found[loc] = url.findtext(f"{NS}lastmod")
    return found


def source_fields(folder: Path, pattern: str) -> list[dict]:
    found = []
    for path in sorted(folder.rglob(pattern)):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            text = text.split("---\n")[1]
        found.append({**yaml.load(text, Loader=yaml.BaseLoader), "_stem": path.stem})
    return found


def is_open(job: dict) -> bool:
    return (
        job.get("draft") != "true"
        and job["posted"] <= TODAY
        and job.get("valid_through", "9999-12-31") >= TODAY
    )


def test_the_sample_sitemap_dates_jobs_stories_listings_and_profiles(sample: Built):
    entries = read_sitemap(sample.path("", "sitemap.xml").read_bytes())
    jobs = [job for job in source_fields(REPO / "jobs", "*.yml") if is_open(job)]
    assert len(jobs) >= 10
    for job in jobs:
        assert entries[f"{SAMPLE_URL}jobs/{job['id']}/"] == job["posted"]
    stories = [
        story
        for story in source_fields(REPO / "stories", "*.md")
        if story["date"] <= TODAY and story.get("draft") != "true"
    ]
    assert any("updated" in story for story in stories)
    for story in stories:
        assert entries[f"{SAMPLE_URL}stories/{story['_stem']}/"] == story.get(
            "updated", story["date"]
        )
    in_seattle = [job["posted"] for job in jobs if "US, WA, Seattle" in job["locations"]]
    assert entries[SAMPLE_URL + "jobs/locations/us/wa/seattle/"] == max(in_seattle)
    assert entries[SAMPLE_URL + "jobs/"] == max(job["posted"] for job in jobs)
    assert entries[SAMPLE_URL + "jobs/locations/"] == max(job["posted"] for job in jobs)
    newest_story = max(story.get("updated", story["date"]) for story in stories)
    assert entries[SAMPLE_URL + "stories/"] == newest_story
    # A profile: its newest story; pages that show no dates have none.
    maya = [s for s in stories if "maya-okafor" in s.get("people", [])]
    assert entries[SAMPLE_URL + "people/maya-okafor/"] == max(
        s.get("updated", s["date"]) for s in maya
    )
    assert entries[SAMPLE_URL] is None and entries[SAMPLE_URL + "people/"] is None
    for day in filter(None, entries.values()):
        dt.date.fromisoformat(day)
    packed = gzip.decompress(sample.path("", "sitemap.xml.gz").read_bytes())
    assert packed == sample.path("", "sitemap.xml").read_bytes()
    assert not list(sample.dir.glob("sitemap-*.xml"))  # one file is enough here


def entries_of(count: int) -> dict[str, dt.date | None]:
    start = dt.date(2026, 1, 1)
    return {
        f"jobs/j{n:02d}/": (start + dt.timedelta(days=(n * 7) % 30) if n % 4 else None)
        for n in range(count)
    }


def test_past_the_limit_sitemap_xml_becomes_an_index_of_numbered_sitemaps():
    entries = entries_of(7)
    files = sitemap.sitemap_files(TEST_URL, entries, max_urls=3)
    assert sorted(files) == [
        "sitemap-1.xml",
        "sitemap-2.xml",
        "sitemap-3.xml",
        "sitemap.xml",
        "sitemap.xml.gz",
    ]
    assert sitemap.sitemap_file_names(7, max_urls=3) == [
        "sitemap.xml",
        "sitemap.xml.gz",
        "sitemap-1.xml",
        "sitemap-2.xml",
        "sitemap-3.xml",
    ]
    index = lxml.etree.fromstring(files["sitemap.xml"])
    assert index.tag == f"{NS}sitemapindex"
    listed = [
        (item.findtext(f"{NS}loc"), item.findtext(f"{NS}lastmod"))
        for item in index.findall(f"{NS}sitemap")
    ]
    assert [loc for loc, _ in listed] == [f"{TEST_URL}sitemap-{n}.xml" for n in (1, 2, 3)]
    seen: dict[str, str | None] = {}
    for number, (_, lastmod) in enumerate(listed, start=1):
        part = read_sitemap(files[f"sitemap-{number}.xml"])
        assert len(part) == (3 if number < 3 else 1)
        assert lastmod == max(filter(None, part.values()), default=None)
        seen.update(part)
    expected = {
        TEST_URL + url: (day.isoformat() if day else None) for url, day in sorted(entries.items())
    }
    assert seen == expected and list(seen) == sorted(seen)
    assert gzip.decompress(files["sitemap.xml.gz"]) == files["sitemap.xml"]


def test_at_the_limit_one_sitemap_holds_every_url():
    files = sitemap.sitemap_files(TEST_URL, entries_of(3), max_urls=3)
    assert sorted(files) == ["sitemap.xml", "sitemap.xml.gz"]
    assert len(read_sitemap(files["sitemap.xml"])) == 3
    assert sitemap.sitemap_file_names(3, max_urls=3) == ["sitemap.xml", "sitemap.xml.gz"]


def test_a_sitemap_never_passes_50_mb(monkeypatch):
    monkeypatch.setattr(sitemap, "MAX_BYTES", 2000)
    files = sitemap.sitemap_files(TEST_URL, entries_of(40))
    parts = [name for name in files if name.startswith("sitemap-")]
    assert len(parts) > 1
    assert all(len(files[name]) <= 2000 for name in parts)
    assert sum(len(read_sitemap(files[name])) for name in parts) == 40


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setattr(sitemap, "MAX_URLS", 5)


def test_a_build_past_the_limit_writes_the_index_and_a_smaller_one_removes_it(
    source: SiteSource, monkeypatch, small_limit
):
    for n in range(8):
        source.job(f"big-{n}", posted=f"2026-11-{n + 1:02d}")
    built = source.build()
    index = lxml.etree.fromstring(built.path("", "sitemap.xml").read_bytes())
    assert index.tag == f"{NS}sitemapindex"
    names = sorted(path.name for path in built.dir.glob("sitemap-*.xml"))
    assert len(names) == len(index) >= 3
    urls = {}
    for name in names:
        urls.update(read_sitemap(built.path("", name).read_bytes()))
    folders = [path.parent.relative_to(built.dir) for path in built.dir.rglob("index.html")]
    pages = {TEST_URL + (f"{folder.as_posix()}/" if folder.parts else "") for folder in folders}
    assert set(urls) == pages  # every page, each once, none missing from the parts
    assert urls[TEST_URL + "jobs/big-7/"] == "2026-11-08"
    monkeypatch.setattr(sitemap, "MAX_URLS", 50_000)  # a code change the build's stamp cannot see:
    source.job("big-0", posted="2026-11-01", title="Retitled")  # so a source changes too
    rebuilt = source.build()  # into the same folder: the numbered sitemaps must go
    assert read_sitemap(rebuilt.path("", "sitemap.xml").read_bytes()).keys() == urls.keys()
    assert not list(rebuilt.dir.glob("sitemap-*.xml"))


def test_a_hand_written_file_where_a_sitemap_goes_is_an_error(source: SiteSource, small_limit):
    for n in range(8):
        source.job(f"big-{n}")
    source.write("content/sitemap-2.xml", "<x/>")
    code, errors = source.check()
    assert code == 1
    assert errors == [
        "content/sitemap-2.xml:1: error: would publish at /sitemap-2.xml, which the sitemap"
        " publishes too"
    ]
